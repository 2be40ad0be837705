package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/report"
	"github.com/caseload/caseload/results"
	"github.com/caseload/caseload/trial"
)

func first(xs []int) int {
	if len(xs) == 0 {
		return 0
	}
	return xs[0]
}

// joinInts writes xs separated by sep.
func joinInts(xs []int, sep string) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, sep)
}

// runPowerCurve runs the trial at every size of --schools, sharing the
// counterfactual runs (trial.RunSizes), and writes power.csv beside the
// files of the last size listed (trials.csv, schools.csv, summary.csv).
func runPowerCurve(ctx context.Context, o trialOptions, g globals, scenario string, sc *config.Scenario) error {
	var ds []*trial.Design
	for k, n := range o.schools {
		spec := o.spec
		spec.Schools = n
		switch len(o.las) {
		case 0:
		case 1:
			spec.LAs = o.las[0]
		default:
			spec.LAs = o.las[k]
		}
		d, err := trial.New(sc.Params, spec)
		var te *trial.Error
		if errors.As(err, &te) {
			return usageError{fmt.Errorf("%s: %w (size %d of --schools)", scenario, err, n)}
		} else if err != nil {
			return err
		}
		ds = append(ds, d)
	}
	if err := trial.CheckSizes(ds); err != nil {
		return err
	}
	sims := trial.CurveSims(ds)
	if err := o.simLimit.check(sims, fmt.Sprintf("%d sizes × %d trials (counterfactuals shared between sizes)", len(ds), o.spec.Trials)); err != nil {
		return err
	}
	dir, err := resultsFolder(o.out, o.resume, "trial", scenario, o.spec.Seed)
	if err != nil {
		return err
	}
	out, err := openOut(dir)
	if err != nil {
		return err
	}
	defer out.Close()
	items := trial.CurveFolder(ds, dir, buildID())
	if err := items.Check(o.resume != ""); err != nil {
		return usageError{err}
	}
	bar := outdir.NewProgress(g.stderr, o.quiet)
	res, err := trial.RunSizes(ds, trial.Options{Workers: o.workers, Dir: dir, Resume: o.resume != "", Stop: ctx.Done(),
		Progress: bar.Update, Log: g.invocation(o.resume != ""), Build: buildID()})
	bar.Finish()
	if folderError(err) {
		return usageError{err}
	}
	if errors.Is(err, batch.ErrStopped) {
		return errInterrupted{fmt.Sprintf("stopped: %d of %d trials finished and kept in %s; finish with: caseload %s --resume %s",
			items.Finished(), items.State.Count, dir, strings.Join(g.args, " "), dir)}
	}
	if err != nil {
		return err
	}
	sums := make([]trial.Summary, len(ds))
	var last []trial.Analysis
	for k, d := range ds {
		as := make([]trial.Analysis, len(res[k]))
		for i, r := range res[k] {
			as[i] = d.Analyse(r)
		}
		sums[k], last = d.Summarise(as), as
	}
	d, lastRes := ds[len(ds)-1], res[len(ds)-1]
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"trials.csv", func(w io.Writer) error { return trial.WriteTrialsCSV(w, last) }},
		{"schools.csv", func(w io.Writer) error { return trial.WriteSchoolsCSV(w, lastRes) }},
		{"summary.csv", func(w io.Writer) error { return trial.WriteSummaryCSV(w, sums[len(ds)-1]) }},
		{trial.PowerCSV, func(w io.Writer) error { return trial.WritePowerCSV(w, ds, sums) }},
	}
	for _, f := range files {
		if err := outdir.WriteFile(filepath.Join(dir, f.name), f.write); err != nil {
			return err
		}
	}
	m := outdir.Manifest{Kind: "trial", Scenario: scenario, Sets: o.sets, Seed: d.Spec.Seed,
		Design: d.Spec, Team: d.TeamName, PerLA: d.PerLA, Version: version(), GoVersion: goVersion(),
		Config: config.Resolved(sc.Params), Place: sc.Place, Notes: sc.Notes, Extra: map[string]string{"schools": joinInts(o.schools, ","), "power_curve": trial.PowerCSV}}
	if err := outdir.WriteJSON(filepath.Join(dir, results.ManifestJSON), m); err != nil {
		return err
	}
	if err := report.Build(dir); err != nil {
		return err
	}
	if !o.quiet {
		fmt.Fprintln(g.stdout, "schools  LAs  power [95% interval]    minimum detectable rate ratio")
		for k, d := range ds {
			s := sums[k]
			mde := results.FormatNum(trial.MDE(s.MedianSE)) // power.csv has every digit; three are read
			if v := trial.MDE(s.MedianSE); !math.IsNaN(v) && !math.IsInf(v, 0) {
				mde = fmt.Sprintf("%.3f", v)
			}
			ci := fmt.Sprintf("[%.1f–%.1f%%]", 100*s.Power.Lo, 100*s.Power.Hi) // the brackets of every other table
			fmt.Fprintf(g.stdout, "%7d  %3d  %5.1f%% %-15s  %s\n", d.Schools, d.LAs, 100*s.Power.Value, ci, mde)
		}
		if err := writeScenarioNotes(g.stdout, sc); err != nil {
			return err
		}
	}
	fmt.Fprintf(g.stdout, "results written to %s\n", dir)
	return nil
}
