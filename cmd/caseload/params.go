package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/sim"
	"github.com/spf13/cobra"
)

// paramsOptions are the flags of params: --la, kept as a --set value.
type paramsOptions struct{ sets []string }

func newParamsCommand(g globals) *cobra.Command {
	var o paramsOptions
	c := &cobra.Command{
		Use:   "params [SCENARIO.yaml]",
		Short: "Print every parameter with its unit, value and source, as a Markdown table",
		Example: `  caseload params > docs/parameters.md
  caseload params scenarios/embedded.yaml   (the values a scenario resolves to)
  caseload params scenarios/embedded.yaml --la Stockport
  caseload params --la Stockport   (the defaults as built for the LA)
  caseload params scenarios/embedded.yaml --set years=1   (with an override, as run would take it)`,
		Args: atMost(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runParams(cmd.Context(), o, g, args)
		},
	}
	addSetAndLAFlags(c, &o.sets)
	return c
}

func runParams(_ context.Context, o paramsOptions, g globals, args []string) error {
	p := sim.Defaults()
	if len(args) == 0 {
		// the defaults as the environment, --set and --la change them,
		// checked as a scenario's would be
		sc, err := config.LoadDefaults(g.env, o.sets)
		if err == nil {
			err = checkLoaded(g.env, sc)
		}
		if err != nil {
			return err
		}
		p = sc.Params
	}
	if len(args) == 1 {
		sc, err := config.Load(args[0], g.env, o.sets)
		if err == nil {
			err = checkLoaded(g.env, sc)
		}
		if err != nil {
			return err
		}
		p = sc.Params
	}
	writeParamTable(g.stdout, p)
	writeBounds(g.stdout)
	return nil
}

// writeBounds writes the bounds of every number that is not a scenario
// key: the flags of the commands, design files and the files read. Each
// comes from the constant the check uses.
func writeBounds(w io.Writer) {
	n := func(v int) string { return groupDigits(int64(v)) }
	rows := [][3]string{
		{"`--reps`", "1 to " + n(maxReps), "replications per scenario or design point"},
		{"`--workers`", "1 to " + n(maxWorkers), "replications run in parallel"},
		{"`--years`", "1 to " + n(maxYears), "measured years, as the key years"},
		{"`--seed`", "0 to 18,446,744,073,709,551,615", "the master seed"},
		{"`--max-sims`", "at least 1, default " + n(defaultMaxSims), "simulations (one LA over the scenario's years) a command may run; each command counts its own before it starts"},
		{"`trial --trials`", "1 to " + n(maxTrials), "virtual trials"},
		{"`trial --las`", "0 to " + n(maxLAs), "local authorities the schools come from (0: as few as hold them)"},
		{"`trial --schools`", "0 to " + n(maxSchools), "schools randomised per trial, over all its LAs (0: every eligible school of one LA)"},
		{"`trial --bands`", "1 to " + n(maxBands), "deprivation bands randomised within"},
		{"`size --from`, `--to`", "finite values of the varied key's range, from at most to", ""},
		{"`size --step`", "positive and finite; at most " + n(config.MaxDesignPoints) + " values from --from to --to", ""},
		{"`size --prob`", "above 0, at most 1", "share of replications that must meet the target"},
		{"`size --target`", "a metric, an operator and a finite number", ""},
		{"design `factors`", "1 to " + n(config.MaxFactors), "factors, each a key that holds a number or listed values it accepts"},
		{"design `factors[].low`, `high`", "finite values of the key's range", ""},
		{"design `factors[].levels`, `values`", "1 to " + n(config.MaxLevels), "grid levels or listed values of one factor"},
		{"design `samples`", "0 to " + n(config.MaxDesignPoints), "Latin hypercube points"},
		{"design `morris.trajectories`", "2 to " + n(config.MaxMorrisTrajectories), ""},
		{"design `morris.levels`", "2 to " + n(config.MaxMorrisLevels) + ", even", ""},
		{"design `sobol.base`", "4 to " + n(config.MaxSobolBase), ""},
		{"design `sobol.repetitions`", "2 to " + n(config.MaxSobolRepetitions), ""},
		{"design points", "at most " + n(config.MaxDesignPoints) + " for each analysis", "grid, samples or listed points; oat 1 + 2k; morris trajectories × (k + 1); sobol repetitions × base × (k + 2)"},
		{"scenario, `extends` and design files", "regular files of at most " + n(config.MaxFileBytes) + " bytes, nested at most " + n(config.MaxDepth) + " deep", "a folder, FIFO or device is refused unread"},
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "### Bounds on the command line and design files")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Numbers that are not scenario keys are bounded too, so that every run is feasible; out of bounds is bad input (exit status 2).")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| input | bounds | what |")
	fmt.Fprintln(w, "| --- | --- | --- |")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s | %s |\n", r[0], r[1], r[2])
	}
}

// groupDigits writes n with thousands separated by commas.
func groupDigits(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// writeParamTable writes the parameters of p, then the values of both
// evidence sets side by side.
func writeParamTable(w io.Writer, p sim.Params) {
	fmt.Fprintln(w, "| key | unit | range | default | source |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- |")
	esc := strings.NewReplacer("|", "\\|")
	for _, d := range sim.ParamDocs(p) {
		fmt.Fprintf(w, "| `%s` | %s | %s | %s | %s |\n", d.Key, esc.Replace(d.Unit), esc.Replace(d.Range), esc.Replace(d.Default), esc.Replace(d.Source))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "### Evidence sets")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "`effects.evidence` lays down one of these columns before any `effects` key a scenario names;")
	fmt.Fprintln(w, "`trial` is the default (MODEL.md §6; docs/MODEL.md §3.8).")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| key | unit | trial | pilots | source (trial) | source (pilots) |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- |")
	for _, d := range sim.EvidenceDocs() {
		fmt.Fprintf(w, "| `%s` | %s | %s | %s | %s | %s |\n", d.Key, esc.Replace(d.Unit), d.Trial, d.Pilots,
			esc.Replace(d.TrialSource), esc.Replace(d.PilotsSource))
	}
}
