package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/caseload/caseload/dfe"
	"github.com/caseload/caseload/report"
	"github.com/caseload/caseload/sim"
	"github.com/spf13/cobra"
)

// dataOptions are the flags of `caseload data import`.
type dataOptions struct {
	out string
}

func (o *dataOptions) addFlags(c *cobra.Command) {
	c.Flags().StringVar(&o.out, "out", "dfe/las.csv", "the table to write (rebuild the program to ship it)")
}

// newDataCommand is `caseload data`: the published figures of England's
// local authorities that la.area and national.places use.
func newDataCommand(g globals) *cobra.Command {
	data := &cobra.Command{
		Use:   "data",
		Short: "The published figures of England's local authorities (dfe/las.csv)",
		Args:  noArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	var o dataOptions
	imp := &cobra.Command{
		Use:   "import DIR",
		Short: "Rebuild the table of LAs from a folder of DfE's published files",
		Long: `Reads a folder of the Department for Education's published files, in the
layout and with the names of dfe/SOURCES.md (newer releases have the same
layout), and writes the table of local authorities atomically. A bad file
is an error naming the file, the row and the column, and replaces nothing.

Exit status: 0 written, 2 a bad or missing file (nothing is written).`,
		Example: "  caseload data import ~/Downloads/dfe-2025 --out dfe/las.csv   (then rebuild the program to ship it)",
		Args:    exactArgs(1, "one DIR, a folder of DfE's published files"),
		RunE: func(_ *cobra.Command, args []string) error {
			return runDataImport(g.stdout, args[0], o)
		},
	}
	o.addFlags(imp)
	show := &cobra.Command{
		Use:   "show NAME",
		Short: "Print an LA's figures, with their years and notes, its statistical neighbours and its fitted values",
		Long: `NAME is an LA's name, ONS code or 3-digit number (Stockport, E08000007,
356), or a group: ` + strings.Join(dfe.GroupNames(), ", ") + `.

After the published figures and the statistical neighbours comes the LA as
--la builds it on the defaults (children, FSM, statutory posts and the
values fitted to its figures, dfe/fitted.csv), with the notes a run in it
gives: figures its fit left out of reach, and values far from England's.

Exit status: 0, or 2 for a name that matches nothing (the nearest names are given).`,
		Example: "  caseload data show Stockport\n  caseload data show E08000007\n  caseload data show 356\n  caseload data show " + dfe.GroupNames()[0],
		Args:    exactArgs(1, "one NAME, an LA's name, ONS code or 3-digit number, or a group"),
		RunE: func(_ *cobra.Command, args []string) error {
			return runDataShow(g.stdout, dfe.LAs(), args[0])
		},
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List every LA (name, ONS code, 3-digit number, region, children aged 0-17, parameters) and the groups",
		Long: `One line per local authority of the shipped table (dfe/las.csv), in the
order of its ONS code: the names, codes and numbers that --la, la.area,
national.places and data show take, with the region, the children aged
0-17 (ONS mid-year estimate) and its parameters: fitted to its own figures
(dfe/fitted.csv), marked † where its fit leaves a figure out of the
model's reach or took values far from England's (data show NAME says
which), or the national ones (an LA too small to fit); then the groups
national.places and data show also take.

Exit status: 0.`,
		Example: "  caseload data list\n  caseload data list | grep -i 'north west'",
		Args:    noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			return runDataList(g.stdout, dfe.LAs())
		},
	}
	data.AddCommand(imp, show, list)
	return data
}

// fitStatus says what an LA's parameters are: fitted to its own figures
// (marked where a note of its fit wants care, sim.CautionNote), or the
// national ones (an LA too small to fit, or one with no fitted row).
func fitStatus(t *dfe.Table, la dfe.LA) string {
	row, ok := dfe.Fitted().Row(la.Code)
	if !ok || row.Children < sim.MinFitChildren {
		return "national"
	}
	if slices.ContainsFunc(sim.FitNotes(sim.FitOfRow(row), t.Targets(la), row.Simulated, row.Children), sim.CautionNote) {
		return "fitted" + report.CautionMark
	}
	return "fitted"
}

// runDataList prints every LA of t a line each, then the groups.
func runDataList(w io.Writer, t *dfe.Table) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "name\tONS code\tnumber\tregion\tchildren 0-17\tparameters")
	for _, la := range t.LAs {
		children := la.Figures[dfe.Children].Code
		if v, ok := la.Value(dfe.Children); ok {
			children = strconv.FormatFloat(v, 'f', -1, 64)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", la.Name, la.Code, la.OldCode, la.Region, children, fitStatus(t, la))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "%d local authorities; parameters: fitted to the LA's own figures (dfe/fitted.csv), or the national ones; %s its fit leaves a figure out of the model's reach or took values far from England's (caseload data show NAME says which)\n\ngroups:\n", len(t.LAs), strings.TrimSpace(report.CautionMark))
	for _, n := range dfe.GroupNames() {
		fmt.Fprintf(w, "  %s: %s\n", n, dfe.GroupAbout(n))
	}
	return nil
}

// runDataImport rebuilds the table from dir and writes it to o.out.
func runDataImport(w io.Writer, dir string, o dataOptions) error {
	// the table goes to --out at the end, replacing it: checked first
	if err := checkFileToWrite("--out", o.out); err != nil {
		return err
	}
	if !dfe.IsTableFile(o.out) {
		return usageError{fmt.Errorf("--out %s: exists and is not a table of LAs, which the import would replace; expected a new file or an earlier table (dfe/las.csv)", o.out)}
	}
	if err := dfe.Import(dir, o.out); err != nil {
		if errors.Is(err, dfe.ErrBadFile) {
			return usageError{err}
		}
		return err
	}
	fmt.Fprintf(w, "wrote %s\n", o.out)
	return nil
}

// runDataShow prints the figures of an LA or of each LA of a group.
func runDataShow(w io.Writer, t *dfe.Table, name string) error {
	las, err := t.Group(name)
	if err != nil {
		la, ferr := t.Find(name)
		if ferr != nil {
			return usageError{ferr}
		}
		las = []dfe.LA{la}
	}
	for i, la := range las {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s (%s, %s), %s\n", la.Name, la.Code, la.OldCode, la.Region)
		for m := range dfe.NumMeasures {
			f := la.Figures[m]
			v := f.Code
			if f.OK() {
				v = strconv.FormatFloat(f.Value, 'f', -1, 64)
			}
			fmt.Fprintf(w, "  %-17s %10s  %d  %s\n", m.Key(), v, f.Year, m.Unit())
		}
		var ns []string
		for _, code := range la.Neighbours {
			if nb, ok := t.ByCode(code); ok {
				ns = append(ns, nb.Name)
			}
		}
		fmt.Fprintf(w, "  statistical neighbours: %s\n", strings.Join(ns, "; "))
		for _, n := range la.Notes {
			fmt.Fprintf(w, "  note: %s\n", n)
		}
		// the LA as --la builds it on the defaults: its fitted values and
		// what its fit leaves a user to know
		a := sim.AreaOf(sim.Defaults(), la, t.England)
		fmt.Fprintf(w, "  as --la %s builds it (on the defaults): %s\n", strconv.Quote(la.Name), a)
		for _, n := range a.Notes {
			if !slices.Contains(la.Notes, n) {
				fmt.Fprintf(w, "  note: %s\n", n)
			}
		}
	}
	return nil
}
