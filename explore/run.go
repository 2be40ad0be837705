package explore

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/results"
	"github.com/caseload/caseload/sim"
)

// Job is a set of design points of one scenario to run.
type Job struct {
	Kind     string   // sweep, sensitivity-oat, size, ...: recorded so a resume runs the same job
	Scenario string   // scenario file
	Env      []string // environment, as for config.Load
	Sets     []string // --set overrides applied to every point, before the point's own
	Design   string   // design file ("" when the points come from flags)
	Against  string   // reference scenario run beside every point ("": none; against.go)
	Factors  []Factor
	Points   []Point
	Seed     uint64
	Reps     int
	Workers  int
	Dir      string // results folder; Dir/points holds each finished point
	Stop     <-chan struct{}
	Progress func(done, total int)
	// Log, if not nil, is added to the folder's invocation log when the
	// run starts or resumes.
	Log *outdir.Invocation
	// Build is the program's version, recorded in the folder's state: a
	// resume or a shard of another build is refused.
	Build string
	// Only, when not nil, runs only the points it accepts (one shard's);
	// Shared says the folder is shared by shards writing it at once and
	// already opened by the caller (outdir.Items.OpenShared).
	Only   func(point int) bool
	Shared bool
	// Identity, when not empty, is what else decides the job's files (the
	// command's flags): part of the fingerprint, so that shards, a resume
	// and a merge must agree on it.
	Identity string
}

// PointResult is a finished point: its values and, per replication, the
// value of every metric (in the order of sim.MetricNames).
type PointResult struct {
	Index  int         `json:"index"`
	Values []string    `json:"values"`
	Reps   [][]float64 `json:"reps"`
}

// Mean is the mean of a metric over the point's replications.
func (r PointResult) Mean(metric int) float64 {
	var s float64
	for _, v := range r.Reps {
		s += v[metric]
	}
	return s / float64(len(r.Reps))
}

// Prepare loads and checks the configuration of every point before
// anything runs. A point whose value a key does not accept is an error
// that names the design file and the factor. With Against, the points'
// references follow the points, one each, in the same order.
func Prepare(j Job) ([]sim.Params, error) {
	params, _, err := PrepareNoted(j)
	return params, err
}

// PrepareNoted is Prepare that also gives each point's notes, in the
// order of the points (the references have none here): the LA the point
// is built for and the notes config.Load gives it (results.PlaceNotes).
// A factor may change them: la.area moves a point to another LA, and a
// value replacing an LA's fitted one is noted.
func PrepareNoted(j Job) ([]sim.Params, [][]string, error) {
	out := make([]sim.Params, len(j.Points))
	notes := make([][]string, len(j.Points))
	// a role that --set or a factor made must be a team's role at some
	// point, not at each: a design may set a team's role to it at some
	// of its points only
	var setRoles config.SetRoles
	for i, pt := range j.Points {
		sc, err := config.Load(j.Scenario, j.Env, append(append([]string(nil), j.Sets...), pt.Sets(j.Factors)...))
		if err != nil {
			return nil, nil, j.blame(err)
		}
		setRoles.Add(sc)
		sc.Params.Name = fmt.Sprintf("%s#%d", sc.Params.Name, i)
		out[i] = sc.Params
		notes[i] = results.PlaceNotes(sc.Place, sc.Notes)
	}
	if err := setRoles.Err(); err != nil {
		return nil, nil, j.blame(err)
	}
	if j.Against == "" {
		return out, notes, nil
	}
	refs, err := prepareReferences(j)
	if err != nil {
		return nil, nil, err
	}
	return append(out, refs...), notes, nil
}

// blame rewrites an error about a --set made by a factor so that it names
// where the factor came from: the design file, or --vary for size.
func (j Job) blame(err error) error {
	var ce *config.Error
	if !errors.As(err, &ce) || ce.File != config.SetOrigin {
		return err
	}
	for i, f := range j.Factors {
		if ce.Key != f.Key {
			continue
		}
		if j.Design == "" {
			expected := ce.Expected
			if strings.HasPrefix(f.Key, "school_workforce.teams.") {
				expected += "; raise school_workforce.budget_fte with --set to size beyond the budget"
			}
			return &config.Error{File: "--vary", Key: f.Key, Value: ce.Value, Expected: expected, Err: config.ErrInvalid}
		}
		return &config.Error{File: j.Design, Key: fmt.Sprintf("factors[%d] (%s)", i, f.Key), Value: ce.Value,
			Expected: ce.Expected, Err: config.ErrInvalid}
	}
	// no factor sets the key: a factor of a team or role the scenario
	// lacks made one, which fails on a key of its own no factor sets
	for i, f := range j.Factors {
		if teams, name, ok := newSection(f.Key); ok && newSectionOf(ce.Key) == newSectionOf(f.Key) && !j.baseHas(teams, name) {
			where, key, by, wanted := "--vary", f.Key, "--vary", "or of a new one whose other needed keys --set gives"
			if j.Design != "" {
				where, key, by, wanted = j.Design, fmt.Sprintf("factors[%d].key", i), "the design", "or factors setting every key a new one needs"
			}
			why, hint := withoutSetAdvice(ce.Expected, newSectionOf(f.Key), by)
			return &config.Error{File: where, Key: key, Value: f.Key, Err: config.ErrInvalid,
				Expected: fmt.Sprintf("a key of a team or role the scenario has, %s (%s is not the scenario's: %s %v, expected %s)%s",
					wanted, newSectionOf(f.Key), ce.Key, ce.Value, why, hint)}
		}
	}
	return err
}

// withoutSetAdvice splits config's message about a team or role that a
// --set made (which a factor's value is, to config) into what the key
// expected and the nearest existing entry, worded for by (the design or
// --vary) rather than for a --set the user never gave.
func withoutSetAdvice(expected, entry, by string) (why, hint string) {
	i := strings.Index(expected, "; "+entry+" is not in the scenario's files: ")
	if i < 0 {
		return expected, ""
	}
	if j := strings.Index(expected[i:], "; if you meant the existing "); j >= 0 {
		hint = strings.Replace(expected[i+j:], " in the --set (", " in "+by+" (", 1)
	}
	return expected[:i], hint
}

// fingerprint identifies a job: the resolved configuration of every point,
// the seed, the replications, the kind and Identity. A resume must match
// it.
func fingerprint(j Job, params []sim.Params) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%d|%d|", j.Kind, j.Seed, j.Reps)
	if j.Identity != "" {
		fmt.Fprintf(h, "identity|%q|", j.Identity)
	}
	if j.Against != "" {
		h.Write([]byte("against|")) // the references' configurations follow the points'
	}
	for _, p := range params {
		b, _ := json.Marshal(config.Resolved(p))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Run runs every point not yet finished in j.Dir, writing each point to
// j.Dir/points as soon as its replications are done, and returns every
// point's result in point order (with Against, each joined with its
// reference's paired differences). With resume, points already on disk are
// read back instead of run; without it, j.Dir must not hold a run. When
// j.Stop closes, Run returns batch.ErrStopped with the finished points
// kept on disk.
func Run(j Job, params []sim.Params, resume bool) ([]PointResult, error) {
	f := j.Folder(params)
	// a shard's folder is opened by the caller, under the folder's lock
	if !j.Shared {
		if err := f.Open(resume, j.Log); err != nil {
			return nil, err
		}
	}
	results := make([]PointResult, len(params))
	done := make([]bool, len(params))
	for i := range params {
		if j.Only != nil && !j.Only(i) {
			continue // another shard's: neither run nor returned here
		}
		var r PointResult
		if readPoint(f, i, &r) == nil && len(r.Reps) == j.Reps {
			results[i], done[i] = r, true
		}
	}
	var werr error
	_, err := batch.Run(params, j.Seed, j.Reps, batch.Options{
		Workers: j.Workers, Stop: j.Stop, Progress: j.Progress, Lean: true, // a point keeps its values alone
		Skip: func(s int) bool { return done[s] || (j.Only != nil && !j.Only(s)) },
		Done: func(s int, res batch.Result) {
			r := PointResult{Index: s % len(j.Points), Values: j.Points[s%len(j.Points)].Values}
			for _, o := range res.Outcomes {
				r.Reps = append(r.Reps, o.Values)
			}
			kept, e := outdir.Keep(f, s, r)
			if e != nil && werr == nil {
				werr = e
			}
			results[s] = kept
		},
	})
	if werr != nil {
		return nil, werr
	}
	if err != nil {
		return nil, err
	}
	if j.Only != nil {
		// a shard: its points are in the folder, and a point's reference
		// may be another shard's (the differences are merge's to make)
		return nil, nil
	}
	if j.Against != "" {
		n := len(j.Points)
		return withDiffs(results[:n], results[n:]), nil
	}
	return results, nil
}

// readPoint reads a finished point's file: outdir.ReadKept, a variable so
// that a test can count the files a shard reads.
var readPoint = outdir.ReadKept

// Folder is the job's results folder: its finished points under points/.
func (j Job) Folder(params []sim.Params) outdir.Items {
	return outdir.Items{Dir: j.Dir, Name: "points",
		State: outdir.State{Kind: j.Kind, Fingerprint: fingerprint(j, params), Count: len(params), Metrics: sim.MetricNames(), Build: j.Build}}
}

// Label is a short description of a point: key=value pairs.
func Label(factors []Factor, p Point) string {
	parts := make([]string, len(factors))
	for i, f := range factors {
		parts[i] = f.Key + "=" + p.Values[i]
	}
	return strings.Join(parts, " ")
}

// newSection reports whether a factor's key sets a key of a team or role
// (school_workforce.teams.NAME.KEY), which a --set makes when the
// scenario lacks it: teams or roles, and its name.
func newSection(key string) (teams bool, name string, ok bool) {
	for _, p := range []string{"school_workforce.teams.", "school_workforce.roles."} {
		if rest, found := strings.CutPrefix(key, p); found {
			if name, _, found := strings.Cut(rest, "."); found {
				return p == "school_workforce.teams.", name, true
			}
		}
	}
	return false, "", false
}

// newSectionOf is the team or role section of a key
// (school_workforce.teams.NAME), "" for any other key.
func newSectionOf(key string) string {
	teams, name, ok := newSection(key)
	switch {
	case !ok:
		return ""
	case teams:
		return "school_workforce.teams." + name
	}
	return "school_workforce.roles." + name
}

// baseHas reports whether the job's scenario, with its --set values, has
// the team (or the role) of that name.
func (j Job) baseHas(teams bool, name string) bool {
	sc, err := config.Load(j.Scenario, j.Env, j.Sets)
	if err != nil {
		return true // the base's own problem: not the factor's to blame
	}
	w := sc.Params.SchoolWorkforce
	if teams {
		_, ok := w.Teams[name]
		return ok
	}
	_, ok := w.Roles[name]
	return ok
}
