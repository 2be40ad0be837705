package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/dfe"
	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/report"
	"github.com/caseload/caseload/results"
	"github.com/caseload/caseload/sim"
)

// Files of a compare --neighbours results folder.
const (
	neighboursCSV = results.NeighboursCSV
	neighboursMD  = results.NeighboursMD
)

// neighbourMetrics are the figures whose change the neighbours table shows,
// per 10,000 children a year (stocks at 31 March): those the report reads.
var neighbourMetrics = report.NeighbourMetrics

// neighbourPlace is one LA of the comparison and its paired results.
type neighbourPlace struct {
	la       dfe.LA
	role     string // "the LA" or "neighbour k"
	children int
	fte      float64
	base     []float64      // baseline per 10k, as neighbourMetrics
	change   []results.Stat // deployment - baseline per 10k, paired by replication
	pct      []float64      // change over baseline, percent
	cost     results.Stat   // change in cost_total, pounds a year
	scens    [2]*config.Scenario
}

// runNeighbours is `compare [BASELINE.yaml] SCENARIO.yaml --la NAME
// --neighbours`: the deployment of SCENARIO against the baseline (the
// default baseline scenario when only one file is given) in the LA and in
// each of its statistical neighbours, on common random numbers within
// each LA, and a table of the effect in each.
func runNeighbours(ctx context.Context, o scenarioOptions, g globals, args []string) error {
	if err := o.check(); err != nil {
		return err
	}
	if err := o.refuseShard("compare --neighbours", "it runs every LA of the comparison in one process and writes no items"); err != nil {
		return err
	}
	if o.recOn {
		return usageError{errors.New("--neighbours takes no --records")}
	}
	if len(args) > 2 {
		return usageError{fmt.Errorf("--neighbours: expected the deployment, or a baseline and the deployment (2 files at most), got %d", len(args))}
	}
	name := ""
	var rest []string
	for _, s := range o.overrides() {
		if v, ok := strings.CutPrefix(s, "la.area="); ok {
			name = v
			continue
		}
		rest = append(rest, s)
	}
	if name == "" {
		return usageError{errors.New("--neighbours: expected --la NAME, the LA whose statistical neighbours the deployment is run in")}
	}
	la, err := dfe.LAs().Find(name)
	if err != nil {
		return usageError{fmt.Errorf("--la %s: %w", name, err)}
	}
	paths := args
	if len(args) == 1 {
		b, err := defaultScenario()
		if err != nil {
			return usageError{fmt.Errorf("--neighbours with one scenario runs it against scenarios/baseline.yaml, which was not found from here; name the baseline first: caseload compare BASELINE.yaml %s --la %s --neighbours", args[0], name)}
		}
		paths = []string{b, args[0]}
	}
	nbs, _ := dfe.LAs().Neighbours(la.Code)
	places := []neighbourPlace{{la: la, role: report.NeighbourRole(0)}}
	for k, nb := range nbs {
		places = append(places, neighbourPlace{la: nb, role: report.NeighbourRole(k + 1)})
	}
	var params []sim.Params
	for i := range places {
		sets := append(append([]string(nil), rest...), config.AreaOverride(places[i].la.Code))
		for k, path := range paths {
			sc, err := config.Load(path, g.env, sets)
			if err != nil {
				return err
			}
			if sc.Params.National.LAs > 0 {
				return usageError{fmt.Errorf("%s: --neighbours runs one LA at a time; expected a scenario without national.las", path)}
			}
			places[i].scens[k] = sc
			params = append(params, sc.Params)
		}
		if i == 0 {
			// every place has the same teams and roles: the files'
			if err := checkLoaded(g.env, places[0].scens[:]...); err != nil {
				return err
			}
		}
	}
	if err := o.simLimit.check(mulCap(int64(o.reps), int64(len(params))), fmt.Sprintf("%d LAs × 2 scenarios × %d replications", len(places), o.reps)); err != nil {
		return err
	}
	dir := o.out
	if dir == "" {
		dir = filepath.Join("results", fmt.Sprintf("neighbours-%s-seed%d", config.SafeName(la.Name), o.seed))
	}
	out, err := openOut(dir)
	if err != nil {
		return err
	}
	defer out.Close()
	if err := results.CheckFolder(out, neighboursCSV, neighboursMD); err != nil {
		return usageError{err}
	}
	bar := outdir.NewProgress(g.stderr, o.quiet)
	res, err := batch.Run(params, o.seed, o.reps, batch.Options{Workers: o.workers, Progress: bar.Update, Stop: ctx.Done()})
	bar.Finish()
	if errors.Is(err, batch.ErrStopped) {
		return errInterrupted{fmt.Sprintf("stopped before the end: nothing written to %s", dir)}
	}
	if err != nil {
		return err
	}
	for i := range places {
		places[i].measure(res[2*i].Outcomes, res[2*i+1].Outcomes)
	}
	var csvBuf, md bytes.Buffer
	if err := writeNeighboursCSV(&csvBuf, places); err != nil {
		return err
	}
	writeNeighboursMD(&md, paths, o, places)
	man := outdir.Manifest{Kind: report.KindNeighbours, Sets: o.overrides(), Seed: o.seed, Reps: o.reps, Years: params[0].Years,
		Version: version(), GoVersion: goVersion(), Arch: arch(), Extra: map[string]string{"la": la.Code, "baseline": paths[0], "deployment": paths[1]}}
	for i := range places {
		for k := range 2 {
			p := places[i].scens[k].Params
			man.Scenarios = append(man.Scenarios, outdir.ManifestScenario{Name: places[i].la.Name + ": " + p.Name, File: paths[k], Config: config.Resolved(p),
				Place: places[i].scens[k].Place, Notes: places[i].scens[k].Notes})
		}
	}
	tmp, err := out.Stage()
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{neighboursCSV, csvBuf.Bytes()}, {neighboursMD, md.Bytes()}} {
		if err := os.WriteFile(filepath.Join(tmp, f.name), f.data, 0o644); err != nil {
			os.RemoveAll(tmp)
			return err
		}
	}
	if err := outdir.WriteJSON(filepath.Join(tmp, "manifest.json"), man); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := outdir.AppendLog(tmp, *g.invocation(false)); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	// the report, as every command that writes a results folder writes
	// its own, built in the staged folder so that the folder appears whole
	if err := report.Build(tmp); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := out.Commit(tmp); err != nil {
		return err
	}
	if !o.quiet {
		g.stdout.Write(md.Bytes())
		fmt.Fprintf(g.stderr, "results written to %s\n", dir)
	}
	return nil
}

// measure fills the place's figures from the outcomes of its baseline and
// deployment, paired by replication.
func (pl *neighbourPlace) measure(base, dep []sim.Outcome) {
	p := pl.scens[1].Params
	pl.children = p.LA.Children
	per := 1e4 / float64(max(1, pl.children))
	fte := sim.MetricIndex("school_worker_fte")
	cost := sim.MetricIndex("cost_total")
	var f []float64
	d := make([]float64, len(base))
	for r := range dep {
		f = append(f, dep[r].Values[fte])
		d[r] = dep[r].Values[cost] - base[r].Values[cost]
	}
	pl.fte = results.Describe(f).Mean
	pl.cost = results.Describe(d)
	for _, m := range neighbourMetrics {
		k := sim.MetricIndex(m)
		b := make([]float64, len(base))
		x := make([]float64, len(base))
		for r := range base {
			b[r] = base[r].Values[k] * per
			x[r] = (dep[r].Values[k] - base[r].Values[k]) * per
		}
		bm := results.Describe(b).Mean
		s := results.Describe(x)
		pl.base = append(pl.base, bm)
		pl.change = append(pl.change, s)
		pct := math.NaN()
		if bm > 0 {
			pct = 100 * s.Mean / bm
		}
		pl.pct = append(pl.pct, pct)
	}
}

func fmtNum(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return strconv.FormatFloat(x, 'f', 4, 64)
}

// writeNeighboursCSV writes one row per LA: its size and deployment, and
// for each figure the baseline per 10k, the change per 10k with its 95%
// interval and the change in percent; then the change in total cost
// (report.NeighbourColumns, which caseload report reads).
func writeNeighboursCSV(w io.Writer, places []neighbourPlace) error {
	return outdir.WriteCSV(w, report.NeighbourColumns(), func(emit func(...string)) {
		for _, pl := range places {
			row := []string{pl.la.Code, pl.la.Name, pl.role, strconv.Itoa(pl.children), fmtNum(pl.fte), fmtNum(pl.fte * 1e4 / float64(max(1, pl.children)))}
			for i := range neighbourMetrics {
				c := pl.change[i]
				row = append(row, fmtNum(pl.base[i]), fmtNum(c.Mean), fmtNum(c.Lo), fmtNum(c.Hi), fmtNum(pl.pct[i]))
			}
			row = append(row, fmtNum(pl.cost.Mean), fmtNum(pl.cost.Lo), fmtNum(pl.cost.Hi))
			emit(row...)
		}
	})
}

// writeNeighboursMD writes the table a commissioner reads: the change of
// each figure in the LA and in each neighbour, then where the LA's change
// lies among its neighbours', then each LA's notes.
func writeNeighboursMD(w io.Writer, paths []string, o scenarioOptions, places []neighbourPlace) {
	la := places[0]
	fmt.Fprintf(w, "# %s and its statistical neighbours: %s against %s\n\n", la.la.Name, paths[1], paths[0])
	fmt.Fprintf(w, "The same deployment (%s) in %s and in each of its %d statistical neighbours\n", paths[1], la.la.Name, len(places)-1)
	fmt.Fprintf(w, "(DfE's children's services model, nearest first), each LA built from its own\n")
	fmt.Fprintf(w, "figures and fitted parameters; change against the LA's own baseline on common\n")
	fmt.Fprintf(w, "random numbers, per 10,000 children a year (looked after: at 31 March), with\n")
	fmt.Fprintf(w, "95%% intervals; %d replications, seed %d.\n\n", o.reps, o.seed)
	fmt.Fprint(w, "| LA | role | children | school-based FTE |")
	for _, m := range neighbourMetrics {
		fmt.Fprintf(w, " %s |", m)
	}
	fmt.Fprintln(w, " cost a year |")
	fmt.Fprint(w, "| --- | --- | ---: | ---: |")
	for range neighbourMetrics {
		fmt.Fprint(w, " ---: |")
	}
	fmt.Fprintln(w, " ---: |")
	caution := false
	for _, pl := range places {
		mark := ""
		if slices.ContainsFunc(pl.notes(), sim.CautionNote) {
			mark, caution = report.CautionMark, true
		}
		fmt.Fprintf(w, "| %s%s | %s | %d | %.1f |", pl.la.Name, mark, pl.role, pl.children, pl.fte)
		for i := range neighbourMetrics {
			c := pl.change[i]
			fmt.Fprintf(w, " %s (%s to %s) |", signedTenth(c.Mean), signedTenth(c.Lo), signedTenth(c.Hi))
		}
		fmt.Fprintf(w, " %s (%s to %s) |\n", thousandPounds(pl.cost.Mean), thousandPounds(pl.cost.Lo), thousandPounds(pl.cost.Hi))
	}
	if caution {
		fmt.Fprintf(w, "\n%s\n", report.CautionLine)
	}
	if len(places) >= 2 {
		writeNeighboursSpread(w, places)
	}
	writeNeighboursNotes(w, places)
}

// thousandPounds writes a change in pounds in thousands, its sign before
// the pound sign as the other tables write money: +£605k, -£12k, £0k.
func thousandPounds(v float64) string {
	k := math.Round(v / 1e3)
	switch {
	case k > 0:
		return "+£" + results.Grouped(k) + "k"
	case k < 0:
		return "-£" + results.Grouped(-k) + "k"
	}
	return "£0k"
}

// signedTenth writes a change to one decimal with its sign, and 0.0
// unsigned where it rounds to 0 (not -0.0).
func signedTenth(v float64) string {
	if s := fmt.Sprintf("%+.1f", v); s != "-0.0" && s != "+0.0" {
		return s
	}
	return "0.0"
}

// writeNeighboursSpread writes where the LA's change lies among its
// neighbours'.
func writeNeighboursSpread(w io.Writer, places []neighbourPlace) {
	la := places[0]
	fmt.Fprintf(w, "\nIn places like %s (its neighbours), the change per 10,000 children:\n\n", la.la.Name)
	for i, m := range neighbourMetrics {
		var mean, lo, hi []float64
		for _, pl := range places[1:] {
			c := pl.change[i]
			mean, lo, hi = append(mean, c.Mean), append(lo, c.Lo), append(hi, c.Hi)
		}
		s := report.SpreadOf(mean, lo, hi)
		fmt.Fprintf(w, "- `%s`: %s %+.1f; neighbours' median %+.1f, from %+.1f to %+.1f; %d of %d fall, %d rise (95%% intervals clear of 0).\n",
			m, la.la.Name, la.change[i].Mean, s.Median, s.Min, s.Max, s.Fall, s.N, s.Rise)
	}
}

// writeNeighboursNotes writes each LA's notes, as run writes a scenario's
// under its table: the real LA and what its parameters are fitted to,
// then what its figures set (a figure beyond the model's reach among
// them). A note only the baseline or only the deployment has names it.
func writeNeighboursNotes(w io.Writer, places []neighbourPlace) {
	first := true
	for _, pl := range places {
		lines := pl.notes()
		if len(lines) == 0 {
			continue
		}
		if first {
			fmt.Fprint(w, "\nNotes, by LA:\n\n")
			first = false
		}
		fmt.Fprintf(w, "- %s (%s)\n", pl.la.Name, pl.role)
		for _, n := range lines {
			fmt.Fprintf(w, "  - %s\n", n)
		}
	}
}

// notes are the lines of the place's baseline and deployment, each once
// (report.NeighbourNotes).
func (pl *neighbourPlace) notes() []string {
	return report.NeighbourNotes([2]string{pl.scens[0].Params.Name, pl.scens[1].Params.Name},
		[2]string{pl.scens[0].Place, pl.scens[1].Place}, [2][]string{pl.scens[0].Notes, pl.scens[1].Notes})
}
