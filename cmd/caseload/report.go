package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/report"
	"github.com/spf13/cobra"
)

func newReportCommand(g globals) *cobra.Command {
	return &cobra.Command{
		Use:   "report FOLDER",
		Short: "Rebuild the web page, charts and workbook of a results folder",
		Long: `report reads a results folder written by run, compare (--neighbours too),
sweep, sensitivity, size, trial, optimise or calibration and writes into it
report.html (one file that opens from disk with no network: a summary in
words, charts, tables and what was run), charts/ (every chart as PNG and SVG), results.xlsx (the
tables, weekly series with real dates and native charts, and a data
dictionary) and, where the folder has weekly results, annual.csv (by model
year and by financial year). Nothing is run again. Exit status 2 for a
folder that is not a results folder; 130 when stopped (Ctrl-C, SIGTERM),
with nothing written.`,
		Example: "  caseload report results/compare-seed1",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{fmt.Errorf("expected 1 results folder, got %d", len(args))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			// A folder is locked while the report is written into it, as
			// by every command that writes: a report of a folder that a
			// run is still writing is refused.
			if fi, err := os.Lstat(args[0]); err == nil && fi.IsDir() {
				f, err := outdir.Open(args[0])
				if err != nil {
					return usageError{err}
				}
				defer f.Close()
			}
			if err := report.BuildStop(args[0], cmd.Context().Done()); err != nil {
				if errors.Is(err, report.ErrStopped) {
					return errInterrupted{fmt.Sprintf("stopped before the end: nothing written to %s", args[0])}
				}
				if errors.Is(err, report.ErrNotResults) || errors.Is(err, outdir.ErrForeign) {
					return usageError{err}
				}
				return err
			}
			fmt.Fprintf(g.stdout, "report written to %s\n", args[0])
			return nil
		},
	}
}
