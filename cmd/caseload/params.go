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

// paramsOptions are the flags of params (none yet).
type paramsOptions struct{}

func newParamsCommand(g globals) *cobra.Command {
	var o paramsOptions
	return &cobra.Command{
		Use:   "params [SCENARIO.yaml]",
		Short: "Print every parameter with its unit, value and source, as a Markdown table",
		Example: `  caseload params > docs/parameters.md
  caseload params scenarios/embedded.yaml   (the values a scenario resolves to)`,
		Args: atMost(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runParams(cmd.Context(), o, g, args)
		},
	}
}

func runParams(_ context.Context, _ paramsOptions, g globals, args []string) error {
	p := sim.Defaults()
	if len(args) == 1 {
		sc, err := config.Load(args[0], g.env, nil)
		if err != nil {
			return err
		}
		p = sc.Params
	}
	writeParamTable(g.stdout, p)
	return nil
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
