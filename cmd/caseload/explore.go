package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/explore"
	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/report"
	"github.com/caseload/caseload/results"
	"github.com/caseload/caseload/sim"
	"github.com/spf13/cobra"
)

// exploreOptions are the flags shared by sweep, sensitivity and size.
type exploreOptions struct {
	runOptions
	shardOptions
	resume  string
	against string
}

func (o *exploreOptions) addFlags(c *cobra.Command) {
	o.runOptions.addFlags(c, 10)
	// resultsFolder's default: the command (sensitivity with its method) first
	kind := c.Name()
	if kind == "sensitivity" {
		kind += "-<method>"
	}
	c.Flags().Lookup("out").Usage = fmt.Sprintf("results folder (default results/%s-<scenario>-seed<seed>)", kind)
	o.addShardFlags(c)
	c.Flags().StringVar(&o.resume, "resume", "", "finish a stopped run in this folder without redoing its finished points")
	c.Flags().StringVar(&o.against, "against", "", "reference scenario run beside every point on the same random numbers; adds diff_<metric>, the paired difference, for every metric")
}

// checkMetric refuses a metric that is not in the registry, or a diff_
// metric without --against.
func (o exploreOptions) checkMetric(flag, metric string) error {
	k := explore.MetricIndex(metric)
	if k < 0 || (strings.HasPrefix(metric, explore.DiffPrefix) && sim.MetricIndex(metric) < 0 && o.against == "") {
		expected := "a metric name such as care_entries_per_10k (see the README), or diff_<metric> with --against"
		if near := explore.NearestMetric(metric); k < 0 && near != "" {
			expected += "; did you mean " + near + "?"
		}
		return &config.Error{File: "--" + flag, Key: flag, Value: metric, Expected: expected, Err: config.ErrInvalid}
	}
	return nil
}

// sweepOptions are the flags of sweep.
type sweepOptions struct {
	exploreOptions
	design string
}

// sensitivityOptions are the flags of sensitivity.
type sensitivityOptions struct {
	exploreOptions
	design, method, metric string
}

// sizeOptions are the flags of size; the numbers are checked only when
// set (changed records which were).
type sizeOptions struct {
	exploreOptions
	vary, target         string
	prob, from, to, step float64
	changed              func(flag string) bool
}

// resultsFolder is where a resumable run writes: the folder --resume
// names, --out, or results/<kind>-<scenario>-seed<seed>.
func resultsFolder(out, resume, kind, scenario string, seed uint64) (string, error) {
	if resume != "" {
		if out != "" && filepath.Clean(out) != filepath.Clean(resume) {
			return "", usageError{fmt.Errorf("--out %s and --resume %s name different folders", out, resume)}
		}
		return resume, nil
	}
	if out != "" {
		return out, nil
	}
	name := strings.TrimSuffix(filepath.Base(scenario), filepath.Ext(scenario))
	return filepath.Join("results", fmt.Sprintf("%s-%s-seed%d", kind, name, seed)), nil
}

// explorer runs a job of design points: every check before the first
// replication, then the run (or resume), Ctrl-C keeping finished points.
type explorer struct {
	g    globals
	o    exploreOptions
	j    explore.Job
	out  *outdir.Folder
	sc   *config.Scenario // the base scenario: its place and notes
	base map[string]any   // resolved base configuration
	// pointNotes are each point's place and notes (explore.PrepareNoted)
	pointNotes [][]string
	// refNotes are the --against reference's place and notes that the
	// base scenario does not share (againstNotes)
	refNotes []string
}

// newExplorer checks the options and the base scenario (with --set and
// the environment applied): a base made invalid is found here, before
// any design point is built.
func newExplorer(o exploreOptions, g globals, kind, scenario string) (*explorer, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	if o.merge != "" {
		if o.resume != "" || o.out != "" {
			return nil, usageError{errors.New("--merge takes no --out or --resume")}
		}
		o.resume = o.merge
	}
	if o.shardOf.on() && o.resume != "" {
		return nil, usageError{errors.New("--shard and --resume: a shard finishes its own items when run again with the same --shard and --out")}
	}
	base, err := config.Load(scenario, g.env, o.overrides())
	if err != nil {
		return nil, err
	}
	dir, err := resultsFolder(o.out, o.resume, kind, scenario, o.seed)
	if err != nil {
		return nil, err
	}
	var refNotes []string
	scs := []*config.Scenario{base}
	if o.against != "" {
		// the reference is checked with the overrides it takes
		ref, err := config.Load(o.against, g.env, explore.ReferenceSets(o.overrides()))
		if err != nil {
			return nil, err
		}
		refNotes = againstNotes(o.against, ref, base)
		scs = append(scs, ref)
	}
	// a design's factors may make teams and roles but take none away, and
	// the environment reaches no team --set makes: every point has the
	// teams and roles a CASELOAD_ variable may name that the base has
	if err := config.CheckEntryVars(g.env, scs...); err != nil {
		return nil, err
	}
	j := explore.Job{Kind: kind, Scenario: scenario, Env: g.env, Sets: o.overrides(),
		Seed: o.seed, Reps: o.reps, Workers: o.workers, Dir: dir, Against: o.against, Build: buildID(), Identity: o.identity}
	return &explorer{g: g, o: o, j: j, sc: base, base: config.Resolved(base.Params), refNotes: refNotes}, nil
}

// pointCount is the number of points a job will run. It comes from the
// points explore builds today; a design's own count (from package config)
// can take its place.
func pointCount(j explore.Job) int { return len(j.Points) }

// precount refuses a job whose design implies more simulations than
// --max-sims allows, from the design's own count of points (n), before
// any point is built: a design of a million points is refused at once,
// not after its points fill memory. Each point is at least one LA.
func (e *explorer) precount(n int) error {
	return e.o.simLimit.check(mulCap(int64(n), int64(e.o.reps)), fmt.Sprintf("%d points × %d replications", n, e.o.reps))
}

// run prepares every point (each configuration validated), counts the
// simulations, opens and checks the folder, then runs.
func (e *explorer) run(ctx context.Context) ([]explore.PointResult, error) {
	n := pointCount(e.j)
	what := fmt.Sprintf("%d points × %d replications", n, e.o.reps)
	runs := int64(n)
	if e.j.Against != "" {
		what += " × 2 (the point and the reference)"
		runs *= 2
	}
	// a first count, before the points are built into configurations
	if err := e.o.simLimit.check(mulCap(runs, int64(e.o.reps)), what); err != nil {
		return nil, err
	}
	params, pointNotes, err := explore.PrepareNoted(e.j)
	if err != nil {
		return nil, err
	}
	e.pointNotes = pointNotes
	var sims int64
	for _, p := range params {
		sims += mulCap(int64(e.o.reps), units(p))
	}
	if err := e.o.simLimit.check(sims, what+lasPart(params)); err != nil {
		return nil, err
	}
	items := e.j.Folder(params)
	if s := e.o.shardOf; s.on() {
		// a shard: the folder is shared; its state is checked (or
		// written) under the folder's lock, then the shard keeps its own
		e.out, err = openShardOut(e.j.Dir, s.k)
		if err != nil {
			return nil, err
		}
		err = items.OpenShared(e.g.shardInvocation(e.o.shardOptions))
		e.out.ReleaseFolder()
		if err != nil {
			return nil, usageError{err}
		}
		e.j.Shared, e.j.Only = true, s.mine
	} else {
		e.out, err = openOut(e.j.Dir)
		if err != nil {
			return nil, err
		}
		if err := items.Check(e.o.resume != ""); err != nil {
			return nil, usageError{err}
		}
		e.j.Log = e.g.invocation(e.o.resume != "")
	}
	bar := outdir.NewProgress(e.g.stderr, e.o.quiet)
	e.j.Stop, e.j.Progress = ctx.Done(), bar.Update
	res, err := explore.Run(e.j, params, e.o.resume != "")
	bar.Finish()
	if folderError(err) {
		return nil, usageError{err}
	}
	if errors.Is(err, batch.ErrStopped) && e.o.shardOf.on() {
		return nil, errInterrupted{fmt.Sprintf("stopped: %d of %d points finished and kept in %s; run shard %s again to finish its points",
			items.Finished(), n, e.j.Dir, e.o.shardOf)}
	}
	if errors.Is(err, batch.ErrStopped) {
		return nil, errInterrupted{fmt.Sprintf("stopped: %d of %d points finished and kept in %s; finish with: caseload %s --resume %s",
			items.Finished(), n, e.j.Dir, strings.Join(e.g.args, " "), e.j.Dir)}
	}
	if err == nil && e.o.shardOf.on() {
		shardDone(e.g, e.o.shardOf, items, "points")
		return nil, errShardDone
	}
	return res, err
}

// writeScenarioNotes writes under a command's table what run writes under
// its: the real LA the scenario is built for and the scenario's notes (an
// LA's figure beyond the model's reach, say), which the manifest and the
// report carry too.
func writeScenarioNotes(w io.Writer, sc *config.Scenario) error {
	return results.WriteNotes(w, results.PlaceNotes(sc.Place, sc.Notes))
}

// againstNotes are the place and notes of an --against reference (loaded
// as the command loads it, from path) that the scenario set against it
// does not share, each after "--against PATH: ": a reference built for
// another LA, or stating its own value of a key the LA's fit sets, says
// so where the results are read, and so does a reference built for no LA
// beside a scenario built for one. Notes both share are the scenario's.
func againstNotes(path string, ref, sc *config.Scenario) []string {
	own := results.PlaceNotes(sc.Place, sc.Notes)
	var out []string
	if ref.Place == "" && sc.Place != "" {
		// a reference of England's parameters has no place line to differ
		out = append(out, "--against "+path+": built for no local authority (no la.area): its parameters are England's, not the scenario's LA's")
	}
	for _, l := range results.PlaceNotes(ref.Place, ref.Notes) {
		if !slices.Contains(own, l) {
			out = append(out, "--against "+path+": "+l)
		}
	}
	return out
}

// writeNotes writes the job's notes under its table (writeScenarioNotes).
func (e *explorer) writeNotes(w io.Writer) error {
	return results.WriteNotes(w, results.PlaceNotes(e.place(), e.notes()))
}

// place is the real LA every point of the design is built for: the base
// scenario's, unless a factor (la.area) moves some point to another LA or
// out of one, when no one place is named (notes says so).
func (e *explorer) place() string {
	if e.pointsMove() {
		return ""
	}
	return e.sc.Place
}

// pointsMove says whether some point of the design is built for another
// place than the base scenario.
func (e *explorer) pointsMove() bool {
	want := ""
	if e.sc.Place != "" {
		want = report.PlacePrefix + e.sc.Place
	}
	for _, lines := range e.pointNotes {
		got := ""
		if i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, report.PlacePrefix) }); i >= 0 {
			got = lines[i]
		}
		if got != want {
			return true
		}
	}
	return false
}

// notes are the base scenario's notes and, where the design's factors
// change a point's place or notes (la.area moves it to another LA; a
// value replaces an LA's fitted one), a line saying at how many points,
// with the first such point's change: the base's notes are not every
// point's.
func (e *explorer) notes() []string {
	base := results.PlaceNotes(e.sc.Place, e.sc.Notes)
	notes := slices.Concat(e.sc.Notes, e.refNotes)
	n, first, change := 0, -1, ""
	for i, lines := range e.pointNotes {
		added := slices.IndexFunc(lines, func(l string) bool { return !slices.Contains(base, l) })
		gone := slices.IndexFunc(base, func(l string) bool { return !slices.Contains(lines, l) })
		if added < 0 && gone < 0 {
			continue
		}
		n++
		if first >= 0 {
			continue
		}
		first = i
		if added >= 0 {
			change = "this note is added: " + lines[added]
		} else {
			change = "this note does not hold: " + base[gone]
		}
	}
	if n == 0 {
		return notes
	}
	if e.pointsMove() {
		notes = append(notes, "The design's points are not all built for the same place (a factor sets la.area), so no one local authority is named for them; the notes above are the base scenario's and its reference's")
	}
	return append(notes, fmt.Sprintf("The design's factors change the scenario's place or notes at %d of %d points (caseload validate %s, with the command's --set and --la and a point's values as --set KEY=VALUE, shows a point's own): at point %d (%s), for one, %s",
		n, len(e.pointNotes), e.j.Scenario, first, strings.Join(e.j.Points[first].Sets(e.j.Factors), ", "), change))
}

// errShardDone ends a shard's command once its items are written: the
// folder's files are written by caseload merge.
var errShardDone = errors.New("shard done")

func (e *explorer) close() { e.out.Close() }

// finish writes the command's files and the manifest, each atomically.
func (e *explorer) finish(d *explore.Design, extra map[string]string, files map[string]func(io.Writer) error) error {
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := outdir.WriteFile(filepath.Join(e.j.Dir, name), files[name]); err != nil {
			return err
		}
	}
	if e.j.Against != "" {
		extra = maps.Clone(extra)
		if extra == nil {
			extra = map[string]string{}
		}
		extra["against"] = e.j.Against
	}
	m := outdir.Manifest{Kind: e.j.Kind, Scenario: e.j.Scenario, Sets: e.j.Sets, Seed: e.j.Seed, Reps: e.j.Reps,
		Factors: e.j.Factors, Points: e.j.Points, Extra: extra, Version: version(), GoVersion: goVersion(), Arch: arch(), Config: e.base,
		Place: e.place(), Notes: e.notes()}
	if d != nil {
		m.Design = d
	}
	if err := outdir.WriteJSON(filepath.Join(e.j.Dir, results.ManifestJSON), m); err != nil {
		return err
	}
	// The report (web page, charts, workbook) is rendered from the files
	// just written; each of its files is written atomically.
	return report.Build(e.j.Dir)
}

// folderError reports an unusable results folder: bad input, found
// before anything ran.
func folderError(err error) bool {
	return errors.Is(err, outdir.ErrOtherJob) || errors.Is(err, outdir.ErrNoRun) ||
		errors.Is(err, outdir.ErrFolderInUse) || errors.Is(err, outdir.ErrOtherBuild) ||
		errors.Is(err, outdir.ErrForeign)
}

func newSweepCommand(g globals) *cobra.Command {
	var o sweepOptions
	c := &cobra.Command{
		Use:   "sweep SCENARIO.yaml --design DESIGN.yaml",
		Short: "Run every point of a design (grid, Latin hypercube or listed points) on common random numbers",
		Example: `  caseload sweep scenarios/embedded.yaml --design scenarios/designs/staffing-grid.yaml --reps 10
  caseload sweep scenarios/embedded.yaml --design scenarios/designs/staffing-grid.yaml --resume results/sweep-embedded-seed1
  (the keys a design's factors may vary: caseload params)`,
		Args: exactScenarios(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.resolve(cmd, args, g); err != nil {
				return err
			}
			return shardEnd(runSweep(cmd.Context(), o, g, args))
		},
	}
	o.exploreOptions.addFlags(c)
	c.Flags().StringVar(&o.design, "design", "", "design file (YAML): factors, method, samples")
	return c
}

func runSweep(ctx context.Context, o sweepOptions, g globals, args []string) error {
	if o.design == "" {
		return usageError{errors.New("--design is required")}
	}
	e, err := newExplorer(o.exploreOptions, g, "sweep", args[0])
	if err != nil {
		return err
	}
	d, err := explore.LoadDesign(o.design)
	if err != nil {
		return err
	}
	if err := e.precount(d.Count(config.AnalysisSweep)); err != nil {
		return err
	}
	e.j.Design, e.j.Factors, e.j.Points = o.design, d.Factors, d.SweepPoints()
	res, err := e.run(ctx)
	defer e.close()
	if err != nil {
		return err
	}
	if err := e.finish(d, nil, map[string]func(io.Writer) error{
		"sweep.csv": func(w io.Writer) error { return explore.WriteSweepCSV(w, e.j.Factors, res) },
	}); err != nil {
		return err
	}
	if !o.quiet {
		if err := explore.SweepTable(g.stdout, e.j.Factors, res, headline); err != nil {
			return err
		}
		if err := e.writeNotes(g.stdout); err != nil {
			return err
		}
	}
	fmt.Fprintf(g.stdout, "results written to %s\n", e.j.Dir)
	return nil
}

// headline are the metrics the sweep table shows.
var headline = []string{"referrals_per_10k", "s47_enquiries_per_10k", "care_entries_per_10k", "statutory_caseload_mean", "cost_total"}

func newSensitivityCommand(g globals) *cobra.Command {
	var o sensitivityOptions
	c := &cobra.Command{
		Use:   "sensitivity SCENARIO.yaml --design DESIGN.yaml --method oat|morris|sobol --metric NAME",
		Short: "Which factors drive a metric: one-at-a-time swings, Morris screening or Sobol indices",
		Example: `  caseload sensitivity scenarios/embedded.yaml --design scenarios/designs/care-drivers.yaml --method morris --metric care_entries_per_10k
  (the keys a design's factors may vary: caseload params)`,
		Args: exactScenarios(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.resolve(cmd, args, g); err != nil {
				return err
			}
			return shardEnd(runSensitivity(cmd.Context(), o, g, args))
		},
	}
	o.exploreOptions.addFlags(c)
	c.Flags().StringVar(&o.design, "design", "", "design file (YAML): the factors and their ranges")
	c.Flags().StringVar(&o.method, "method", "oat", "oat, morris or sobol")
	c.Flags().StringVar(&o.metric, "metric", "care_entries_per_10k", "the metric to explain")
	return c
}

func runSensitivity(ctx context.Context, o sensitivityOptions, g globals, args []string) error {
	if o.design == "" {
		return usageError{errors.New("--design is required")}
	}
	if err := o.checkMetric("metric", o.metric); err != nil {
		return err
	}
	switch o.method {
	case "oat", "morris", "sobol":
	default:
		return usageError{fmt.Errorf("--method %s: expected oat, morris or sobol", o.method)}
	}
	e, err := newExplorer(o.exploreOptions, g, "sensitivity-"+o.method, args[0])
	if err != nil {
		return err
	}
	d, err := explore.LoadDesign(o.design)
	if err != nil {
		return err
	}
	if err := e.precount(d.Count(o.method)); err != nil {
		return err
	}
	e.j.Design, e.j.Factors = o.design, d.Factors
	analyse, err := sensitivityPoints(&e.j, d, o.method, e.base)
	if err != nil {
		return err
	}
	res, err := e.run(ctx)
	defer e.close()
	if err != nil {
		return err
	}
	a, err := analyse(res, o.metric)
	if err != nil {
		return err
	}
	// the analysis's lines (how the intervals were made, and the warnings
	// that the noise or the design's size leaves the ranking unclear)
	// are kept for the report, as the terminal shows them
	extra := map[string]string{"method": o.method, "metric": o.metric}
	if len(a.Warnings) > 0 {
		extra["analysis"] = strings.Join(a.Warnings, "\n")
	}
	if err := e.finish(d, extra, map[string]func(io.Writer) error{
		"sensitivity.csv": func(w io.Writer) error { return explore.WriteAnalysisCSV(w, a) },
		"sweep.csv":       func(w io.Writer) error { return explore.WriteSweepCSV(w, e.j.Factors, res) },
	}); err != nil {
		return err
	}
	if !o.quiet {
		if err := explore.AnalysisTable(g.stdout, a); err != nil {
			return err
		}
		if err := e.writeNotes(g.stdout); err != nil {
			return err
		}
	}
	fmt.Fprintf(g.stdout, "results written to %s\n", e.j.Dir)
	return nil
}

// sensitivityPoints sets the job's points for a method and returns how to
// analyse their results.
func sensitivityPoints(j *explore.Job, d *explore.Design, method string, base map[string]any) (func([]explore.PointResult, string) (explore.Analysis, error), error) {
	switch method {
	case "oat":
		pts, err := d.OATPoints(base)
		if err != nil {
			return nil, err
		}
		j.Points = pts
		return func(res []explore.PointResult, m string) (explore.Analysis, error) {
			return explore.AnalyseOAT(d.Factors, pts, res, m)
		}, nil
	case "morris":
		md, pts, err := d.MorrisDesign()
		if err != nil {
			return nil, err
		}
		j.Points = pts
		return func(res []explore.PointResult, m string) (explore.Analysis, error) {
			return explore.AnalyseMorris(d, md, res, m)
		}, nil
	case "sobol":
		sd, pts, err := d.SaltelliDesign()
		if err != nil {
			return nil, err
		}
		j.Points = pts
		return func(res []explore.PointResult, m string) (explore.Analysis, error) {
			return explore.AnalyseSobol(d, sd, res, m)
		}, nil
	}
	return nil, usageError{fmt.Errorf("--method %s: expected oat, morris or sobol", method)}
}

func newSizeCommand(g globals) *cobra.Command {
	var o sizeOptions
	c := &cobra.Command{
		Use:   "size SCENARIO.yaml --vary KEY --target 'METRIC OP VALUE' --from A --to B [--step S] [--prob P]",
		Short: "The smallest value of a key (a team's FTE, statutory posts) that meets a target",
		Long: `size runs the scenario at each value of KEY from --from to --to (in steps of
--step, default a tenth of the range) on common random numbers, prints the
target metric against KEY with 95% intervals, and the smallest value that
meets the target: by the mean, or with --prob P in at least a share P of
replications. Examples of targets: 'statutory_weeks_over_cap <= 0.1' (the
statutory caseload is at or under the cap in at least 90% of weeks),
'care_entries_per_10k <= 27', 'cost_total <= 65000000'. --from, --to and
--step must be finite, and the range may hold at most 1,000,000 values.`,
		Example: `  caseload size scenarios/baseline.yaml --vary statutory.posts --target 'statutory_weeks_over_cap <= 0.1' --from 120 --to 200 --step 10
  (every key --vary takes: caseload params)`,
		Args: exactScenarios(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.changed = cmd.Flags().Changed
			if err := o.resolve(cmd, args, g); err != nil {
				return err
			}
			return shardEnd(runSize(cmd.Context(), o, g, args))
		},
	}
	o.exploreOptions.addFlags(c)
	c.Flags().StringVar(&o.vary, "vary", "", "the config key to size, e.g. statutory.posts or school_workforce.teams.core.fte")
	c.Flags().StringVar(&o.target, "target", "", "the target, 'METRIC OP VALUE' with OP one of <= >= < >")
	c.Flags().Float64Var(&o.prob, "prob", 0, "share of replications that must meet the target, above 0 and at most 1 (default: the mean must)")
	c.Flags().Float64Var(&o.from, "from", 0, "smallest value tried (finite)")
	c.Flags().Float64Var(&o.to, "to", 0, "largest value tried (finite)")
	c.Flags().Float64Var(&o.step, "step", 0, "step between values, positive (default a tenth of the range)")
	return c
}

// sizeRange checks --from, --to, --step and --prob and returns the step
// and the share (NaN when the mean must meet the target).
func (o sizeOptions) sizeRange() (step, prob float64, err error) {
	if !o.changed("from") || !o.changed("to") {
		return 0, 0, usageError{errors.New("--from and --to are required")}
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"from", o.from}, {"to", o.to}, {"step", o.step}, {"prob", o.prob}} {
		if err := finite(f.name, f.v); err != nil {
			return 0, 0, err
		}
	}
	if o.to < o.from {
		return 0, 0, usageError{fmt.Errorf("--from %v --to %v: expected --from at most --to", o.from, o.to)}
	}
	step = o.step
	if !o.changed("step") {
		step = (o.to - o.from) / 10
		if kind, _ := config.KeyKind(o.vary); kind == reflect.Int {
			step = max(1, math.Round(step)) // a whole-number key steps by whole numbers
		}
	}
	if o.changed("step") && step <= 0 {
		return 0, 0, usageError{fmt.Errorf("--step %v: expected a positive step", step)}
	}
	if step <= 0 {
		step = 1
	}
	if _, err := config.SizeSteps(o.vary, o.from, o.to, step); err != nil {
		return 0, 0, err
	}
	prob = math.NaN()
	if o.changed("prob") {
		if o.prob <= 0 || o.prob > 1 {
			return 0, 0, usageError{fmt.Errorf("--prob %v: expected a share above 0 and at most 1", o.prob)}
		}
		prob = o.prob
	}
	return step, prob, nil
}

func runSize(ctx context.Context, o sizeOptions, g globals, args []string) error {
	// keys are not case-sensitive, in --vary as in --set and designs
	o.vary = strings.ToLower(strings.TrimSpace(o.vary))
	t, err := explore.ParseTarget(o.target)
	if err != nil {
		return err
	}
	if err := o.checkMetric("target", t.Metric); err != nil {
		return err
	}
	f, err := explore.NewFactor(o.vary)
	if err != nil {
		return err
	}
	step, prob, err := o.sizeRange()
	if err != nil {
		return err
	}
	e, err := newExplorer(o.exploreOptions, g, "size", args[0])
	if err != nil {
		return err
	}
	e.j.Factors, e.j.Points = []explore.Factor{f}, explore.GridPoints(f, o.from, o.to, step)
	res, err := e.run(ctx)
	defer e.close()
	if err != nil {
		return err
	}
	rows, answer := explore.Size(res, t, prob)
	extra := map[string]string{"target": t.String(), "vary": o.vary}
	if answer >= 0 {
		extra["answer"] = rows[answer].Value
	}
	if err := e.finish(nil, extra, map[string]func(io.Writer) error{
		"size.csv": func(w io.Writer) error { return writeSizeCSV(w, o.vary, t, rows) },
	}); err != nil {
		return err
	}
	if !o.quiet {
		if err := explore.SizeTable(g.stdout, o.vary, t, prob, rows, answer); err != nil {
			return err
		}
		if err := e.writeNotes(g.stdout); err != nil {
			return err
		}
	}
	fmt.Fprintf(g.stdout, "results written to %s\n", e.j.Dir)
	return nil
}

func writeSizeCSV(w io.Writer, key string, t explore.Target, rows []explore.SizeRow) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{key, "metric", "mean", "sd", "ci95_low", "ci95_high", "share_meeting_target", "meets"})
	for _, r := range rows {
		s := r.Summary
		cw.Write([]string{r.Value, t.Metric, results.FormatNum(s.Mean), results.FormatNum(s.SD), results.FormatNum(s.Lo), results.FormatNum(s.Hi), results.FormatNum(r.Share), fmt.Sprint(r.Meets)})
	}
	cw.Flush()
	return cw.Error()
}
