package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/dfe"
	"github.com/caseload/caseload/sim"
	"github.com/spf13/cobra"
)

// fitOptions are the flags of `caseload calibration --fit-las`.
type fitOptions struct {
	on  bool
	out string
}

func (f *fitOptions) addFlags(c *cobra.Command) {
	c.Flags().BoolVar(&f.on, "fit-las", false, "fit every LA's parameters to its own published figures and write the fitted table (with --la: that LA's row only)")
	c.Flags().StringVar(&f.out, "fit-out", "dfe/fitted.csv", "with --fit-las: the fitted table to write (rebuild the program to ship it)")
}

// runFitLAs fits the LAs' parameters (sim.FitAll, on the defaults: the
// typical LA made into each LA) and writes the fitted table atomically.
func runFitLAs(ctx context.Context, o runOptions, fo fitOptions, g globals, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("--fit-las %s: expected no scenario; the fit is of the defaults made into each LA", args[0])}
	}
	if err := intIn("workers", o.workers, 1, maxWorkers); err != nil {
		return err
	}
	name := ""
	for _, s := range o.sets {
		v, ok := strings.CutPrefix(s, "la.area=")
		if !ok {
			return usageError{fmt.Errorf("--fit-las with --set %s: expected no --set; the fit is of the defaults (only --la NAME is taken)", s)}
		}
		name = v
	}
	if o.years != 0 || o.out != "" {
		return usageError{errors.New("--fit-las: --years and --out are not taken; the table goes to --fit-out")}
	}
	if err := checkFileToWrite("--fit-out", fo.out); err != nil {
		return err
	}
	tab := dfe.LAs()
	opt := sim.DefaultFitOptions
	base := sim.Defaults()
	start := time.Now()
	progress := func(done, total int, la dfe.LA, r sim.FitResult) {
		if !o.quiet {
			fmt.Fprintf(g.stderr, "fitted %d/%d %s (%d rounds, %.0fs)\n", done, total, la.Name, r.Rounds, time.Since(start).Seconds())
		}
	}
	var ft *dfe.FitTable
	if name == "" {
		ft = sim.FitAll(base, tab, opt, o.workers, ctx.Done(), progress)
		if ft == nil {
			return errInterrupted{"stopped before the end: nothing written"}
		}
	} else {
		la, err := tab.Find(name)
		if err != nil {
			return usageError{fmt.Errorf("--la %s: %w", name, err)}
		}
		ft, err = readFitFile(fo.out)
		if err != nil {
			return err
		}
		if ft.Source != dfe.ShippedBlob() || ft.Build != sim.FitBuild() {
			return usageError{fmt.Errorf("--fit-las --la %s: %s was fitted to other figures or defaults (source %s, build %s; now %s, %s): refit every LA with make calibrate-las",
				name, fo.out, ft.Source, ft.Build, dfe.ShippedBlob(), sim.FitBuild())}
		}
		targets := tab.Targets(la)
		r := sim.FitLA(base, la, targets, opt)
		progress(1, 1, la, r)
		ft.Add(sim.FitRowOf(la, targets, r))
	}
	if err := dfe.WriteFitFile(fo.out, ft); err != nil {
		return fmt.Errorf("writing %s: %w", fo.out, err)
	}
	within := 0
	for _, r := range ft.Rows {
		if fitWithin(r) {
			within++
		}
	}
	if !o.quiet {
		fmt.Fprintf(g.stdout, "%s: %d LAs, %d with every figure within its tolerance at the fit; %.0f s on %d workers\n",
			fo.out, len(ft.Rows), within, time.Since(start).Seconds(), o.workers)
	}
	return nil
}

// fitWithin says every figure of a fitted row is within its LA's
// tolerance (sim.FitTolerance) at the fit.
func fitWithin(r dfe.FitRow) bool {
	tol := sim.FitTolerance(r.Children)
	for i := range r.Target {
		if math.Abs(r.Simulated[i]-r.Target[i]) > float64(tol*r.Target[i])+1e-9 {
			return false
		}
	}
	return true
}

// readFitFile reads a fitted table from disk, or the shipped one when the
// file does not exist.
func readFitFile(path string) (*dfe.FitTable, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return dfe.Fitted(), nil
	}
	if err != nil {
		return nil, usageError{fmt.Errorf("--fit-out %s: %w", path, err)}
	}
	defer f.Close()
	t, err := dfe.ReadFitTable(path, f)
	if err != nil {
		return nil, usageError{err}
	}
	return t, nil
}

// writeLACalibration prints, as Markdown, an LA's published figures
// beside what the scenario simulates for it.
func writeLACalibration(w io.Writer, path string, o runOptions, sc *config.Scenario, outs []sim.Outcome) {
	a := sc.Area
	tol := sim.FitTolerance(a.Children)
	fmt.Fprintf(w, "# Calibration of %s (%s, %s): published beside simulated\n\n", a.Name, a.Code, a.OldCode)
	fmt.Fprintf(w, "Scenario %s built for %s (%d children aged 0–17), against its own\n", path, a.Name, a.Children)
	fmt.Fprintf(w, "published figures per 10,000 children (dfe/las.csv), over the measured years\nafter the warm-up; %d replications, seed %d. ", o.reps, o.seed)
	if a.Children < sim.MinFitChildren {
		fmt.Fprintf(w, "An LA of fewer than %d children keeps the national parameters and is not held\nto a tolerance: its figures are counts of a few children.\n\n", sim.MinFitChildren)
	} else {
		fmt.Fprintf(w, "Tolerance ±%.0f%% (±10%% above 30,000\nchildren, wider below by √(30,000 / children): replication noise).\n\n", 100*tol)
	}
	if a.Fitted {
		f := a.Fit
		fmt.Fprintf(w, "Fitted parameters (relative to the defaults): need ×%.3f, section 47 gap %+.3f, conversion\n×%.3f, CP plan length ×%.3f, care entry ×%.3f, care leaving ×%.3f.\n\n",
			f.Onset, f.S47Gap, f.Conversion, f.CPLength, f.CareEntry, f.CareLeave)
	} else {
		fmt.Fprintln(w, "No fitted parameters: the defaults' need, thresholds and rates.")
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "| figure | published | simulated (95% interval) | difference | within | note |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | :---: | --- |")
	for i, t := range a.Targets {
		mean, interval := targetStat(sim.TargetMetrics[i], outs)
		rel := mean/t.Per10k - 1
		ok := "yes"
		switch {
		case a.Children < sim.MinFitChildren:
			ok = "–"
		case math.Abs(mean-t.Per10k) > tol*t.Per10k:
			ok = "**no**"
		}
		note := fmt.Sprintf("%d", t.Year)
		if t.Note != "" {
			note = t.Note
		}
		diff := fmt.Sprintf("%+.1f%%", 100*rel)
		if t.Per10k == 0 {
			diff = "–"
		}
		fmt.Fprintf(w, "| `%s` | %s | %s (%s) | %s | %s | %s |\n", sim.TargetMetrics[i], num(t.Per10k), num(mean), interval, diff, ok, note)
	}
	if len(sc.Notes) > 0 {
		fmt.Fprintln(w, "\nNotes:")
		fmt.Fprintln(w)
		for _, n := range sc.Notes {
			fmt.Fprintf(w, "- %s\n", n)
		}
	}
}

// checkFileToWrite refuses, before any work, a path that a command would
// write a file to at its end (replacing it atomically) but could not: a
// folder, or a file in a folder that is missing or not writable.
func checkFileToWrite(flag, path string) error {
	if strings.TrimSpace(path) == "" {
		return usageError{fmt.Errorf("%s %q: expected a file to write", flag, path)}
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return usageError{fmt.Errorf("%s %s: is a folder, expected a file to write", flag, path)}
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".check*")
	if err != nil {
		if pe, ok := err.(*os.PathError); ok {
			err = pe.Err
		}
		return usageError{fmt.Errorf("%s %s: cannot write in %s (%v), expected a file in a writable folder", flag, path, dir, err)}
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}
