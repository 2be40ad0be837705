package trial

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/sim"
)

// smallLA is a tenth of the typical LA with one team, an embedded worker
// in each school of any type, so that a trial has enough schools.
func smallLA() sim.Params {
	p := sim.Defaults()
	p.LA.Children = 8000
	p.LA.Localities = 2
	p.LA.Schools.Primary, p.LA.Schools.Secondary, p.LA.Schools.Special, p.LA.Schools.AlternativeProvision = 11, 3, 1, 1
	p.Statutory.Posts /= 10
	p.WarmupWeeks = 26
	p.SchoolWorkforce.Teams = map[string]sim.Team{"embedded": {Role: "qualified", SchoolsPerWorker: 1, Selection: sim.SelectAll}}
	p.SchoolWorkforce.BudgetFTE = 16
	return p
}

func spec() Spec {
	return Spec{Schools: 24, LAs: 2, Years: 1, Outcome: "referrals", Trials: 3, Bands: 2, Baseline: true, Seed: 5}
}

func TestNewRejectsBadDesigns(t *testing.T) {
	national := smallLA()
	national.National.LAs = 3
	none := smallLA()
	none.SchoolWorkforce.Teams = map[string]sim.Team{}
	two := smallLA()
	two.SchoolWorkforce.Teams = map[string]sim.Team{"a": {Role: "qualified", SchoolsPerWorker: 1}, "b": {Role: "qualified", SchoolsPerWorker: 5}}
	noWarmup := smallLA()
	noWarmup.WarmupWeeks = 0
	oneSchool := smallLA()
	oneSchool.LA.Schools.Primary, oneSchool.LA.Schools.Secondary, oneSchool.LA.Schools.Special, oneSchool.LA.Schools.AlternativeProvision = 1, 0, 0, 0
	cases := []struct {
		name    string
		p       sim.Params
		change  func(*Spec)
		setting string
	}{
		{"unknown outcome", smallLA(), func(s *Spec) { s.Outcome = "cla_stock" }, "--outcome"},
		{"no follow-up", smallLA(), func(s *Spec) { s.Years = 0 }, "--years"},
		{"no trials", smallLA(), func(s *Spec) { s.Trials = 0 }, "--trials"},
		{"no bands", smallLA(), func(s *Spec) { s.Bands = 0 }, "--bands"},
		{"one school", smallLA(), func(s *Spec) { s.Schools = 1 }, "--schools"},
		{"more schools than the LAs hold", smallLA(), func(s *Spec) { s.Schools = 33 }, "--schools"},
		{"bands too many for the schools", smallLA(), func(s *Spec) { s.Bands = 7 }, "--bands"},
		{"negative LAs", smallLA(), func(s *Spec) { s.LAs = -1 }, "--las"},
		// fewer schools than two an LA: the LAs are too many, whatever the bands
		{"more LAs than the schools fill", smallLA(), func(s *Spec) { s.Schools, s.LAs, s.Bands = 10, 20, 1 }, "--las"},
		{"an LA of one eligible school", oneSchool, func(s *Spec) { s.Schools, s.Bands = 0, 1 }, "la.schools"},
		{"unknown team", smallLA(), func(s *Spec) { s.Team = "cluster" }, "--team"},
		{"no team", none, func(*Spec) {}, "--team"},
		{"two teams, none named", two, func(*Spec) {}, "--team"},
		{"national scenario", national, func(*Spec) {}, "national.las"},
		{"baseline without a warm-up", noWarmup, func(*Spec) {}, "--baseline"},
	}
	for _, c := range cases {
		s := spec()
		c.change(&s)
		_, err := New(c.p, s)
		var e *Error
		if !errors.As(err, &e) || e.Setting != c.setting {
			t.Errorf("%s: got %v, want an error about %s", c.name, err, c.setting)
		}
	}
	s := spec()
	s.Schools, s.LAs = 0, 0
	d, err := New(smallLA(), s)
	if err != nil || d.Schools != 16 || d.LAs != 1 {
		t.Fatalf("defaults: %v, %+v", err, d)
	}
	s.Schools = 20
	if d, _ = New(smallLA(), s); d.LAs != 2 || !slices.Equal(d.PerLA, []int{10, 10}) {
		t.Fatalf("20 schools of 16 per LA: %d LAs, %v", d.LAs, d.PerLA)
	}
}

// Randomisation takes the stated number of eligible schools in each LA,
// each once, and splits every stratum in half between the arms; it is
// reproducible and differs from trial to trial.
func TestRandomise(t *testing.T) {
	p := smallLA()
	p.SchoolWorkforce.Teams = map[string]sim.Team{"sec": {Role: "qualified", SchoolsPerWorker: 1, Selection: sim.SelectByType, SchoolTypes: []string{"primary"}}}
	s := spec()
	s.Schools, s.LAs, s.Bands = 17, 2, 2
	d, err := New(p, s)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for tr := range 20 {
		for j := range d.LAs {
			a := d.Randomise(tr, j)
			if !reflect.DeepEqual(a, d.Randomise(tr, j)) {
				t.Fatal("randomisation is not reproducible")
			}
			layout := sim.Layout(d.control, d.laSeed(j), tr)
			if len(a.Schools) != d.PerLA[j] || len(slices.Compact(slices.Sorted(slices.Values(a.Schools)))) != len(a.Schools) {
				t.Fatalf("trial %d LA %d: schools %v, want %d distinct", tr, j, a.Schools, d.PerLA[j])
			}
			arms := map[int][2]int{}
			var lastFSM [8]float64
			for i, sc := range a.Schools {
				if layout[sc].Type != sim.Primary {
					t.Fatalf("school %d of type %d is not eligible", sc, layout[sc].Type)
				}
				st := a.Strata[i]
				if st/d.Bands != j {
					t.Fatalf("stratum %d in LA %d", st, j)
				}
				if layout[sc].FSM < lastFSM[st%d.Bands] {
					t.Fatalf("strata are not in order of deprivation")
				}
				lastFSM[st%d.Bands] = layout[sc].FSM
				n := arms[st]
				if a.Treated[i] {
					n[1]++
				} else {
					n[0]++
				}
				arms[st] = n
			}
			for st, n := range arms {
				if n[0]-n[1] > 1 || n[1]-n[0] > 1 {
					t.Fatalf("stratum %d split %v", st, n)
				}
			}
			seen[key(a)] = true
		}
	}
	if len(seen) < 30 {
		t.Fatalf("only %d different allocations in 40", len(seen))
	}
}

func key(a Allocation) string {
	b := make([]byte, 0, 2*len(a.Schools))
	for i, sc := range a.Schools {
		c := byte('c')
		if a.Treated[i] {
			c = 't'
		}
		b = append(b, byte(sc), c)
	}
	return string(b)
}

// A team that does nothing leaves every school exactly as it would have
// been: the arms share their families and random numbers, so the true
// ratio is 1 exactly in every trial.
func TestNullTeamHasNoEffect(t *testing.T) {
	p := smallLA()
	p.Effects = sim.Effects{Evidence: p.Effects.Evidence, EarlyHelpSupport: p.Effects.EarlyHelpSupport,
		CINSupport: p.Effects.CINSupport, CPSupport: p.Effects.CPSupport, HoldLevel: 1}
	d, err := New(p, spec())
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(d, Options{Workers: 2, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		for _, s := range r.Schools {
			if s.Count != s.Counterfactual {
				t.Fatalf("trial %d school %d: %v with a null team, %v without", r.Trial, s.School, s.Count, s.Counterfactual)
			}
		}
		if a := d.Analyse(r); a.TrueIRR != 1 {
			t.Fatalf("trial %d: true ratio %v", r.Trial, a.TrueIRR)
		}
	}
}

// The team under the pilots evidence changes the counts of the schools it
// covers; any change in control schools (through the shared statutory
// team) is rarer.
func TestTeamChangesItsSchools(t *testing.T) {
	p := smallLA()
	p.Effects = sim.EvidenceSets()["pilots"]
	s := spec()
	s.Trials = 2
	d, err := New(p, s)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(d, Options{Workers: 2, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	var changed [2]int // control, intervention
	for _, r := range res {
		for _, s := range r.Schools {
			if s.Count != s.Counterfactual {
				changed[arm(Row{Treated: s.Treated})]++
			}
		}
	}
	if changed[1] == 0 || changed[0] >= changed[1] {
		t.Fatalf("schools whose referrals changed: %d control, %d intervention", changed[0], changed[1])
	}
}

// Results do not depend on the number of workers, and a run stopped after
// some trials and resumed gives the same results as one never stopped.
func TestRunDeterministicAndResumable(t *testing.T) {
	d, err := New(smallLA(), spec())
	if err != nil {
		t.Fatal(err)
	}
	one, err := Run(d, Options{Workers: 1, Dir: filepath.Join(t.TempDir(), "one")})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "two")
	stop := make(chan struct{})
	_, err = Run(d, Options{Workers: 2, Dir: dir, Stop: stop, Progress: func(done, total int) {
		if done == 2*d.LAs && stop != nil {
			close(stop)
			stop = nil
		}
	}})
	if !errors.Is(err, batch.ErrStopped) {
		t.Fatalf("stopped run: %v", err)
	}
	kept, _ := os.ReadDir(filepath.Join(dir, "trials"))
	if len(kept) == 0 || len(kept) >= d.Trials {
		t.Fatalf("%d of %d trials kept", len(kept), d.Trials)
	}
	if _, err := Run(d, Options{Workers: 2, Dir: dir}); err == nil {
		t.Fatal("a second run into a used folder was allowed")
	}
	two, err := Run(d, Options{Workers: 2, Dir: dir, Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(one, two) {
		t.Fatal("resumed run on 2 workers differs from the whole run on 1")
	}
	other := spec()
	other.Seed++
	d2, _ := New(smallLA(), other)
	if _, err := Run(d2, Options{Workers: 1, Dir: dir, Resume: true}); !errors.Is(err, outdir.ErrOtherJob) {
		t.Fatalf("resume with another seed: %v", err)
	}
}

// Over many trials of a team with a strong effect, the estimates centre
// on the effect the model produced (within 7%) and their intervals cover
// it about as often as they claim.
func TestTrialsRecoverTheTrueEffect(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 40 trials")
	}
	p := smallLA()
	p.Effects = sim.EvidenceSets()["pilots"]
	p.Effects.DetectPrimary, p.Effects.DetectSecondary = 0.2, 0.2
	s := spec()
	s.Trials, s.Schools, s.LAs, s.Outcome = 40, 32, 2, "referrals"
	d, err := New(p, s)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(d, Options{Workers: 2, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	as := make([]Analysis, len(res))
	for i, r := range res {
		as[i] = d.Analyse(r)
	}
	sum := d.Summarise(as)
	t.Logf("true %.3f, median estimate %.3f [%.3f-%.3f], bias %.3f, coverage %.2f, power %.2f",
		sum.TrueIRR, sum.Median, sum.Lo, sum.Hi, sum.Bias, sum.Coverage.Value, sum.Power.Value)
	if math.Abs(math.Log(sum.TrueIRR)) < 0.05 {
		t.Fatalf("true ratio %.3f: the team should have a clear effect on referrals", sum.TrueIRR)
	}
	// pupils move between schools each September (a primary's pupils go
	// on to secondaries of either arm), which dilutes a school-level
	// estimate a little towards no effect, as in a real trial
	if math.Abs(math.Log(sum.Bias)) > 0.07 {
		t.Errorf("estimate / true %.3f: biased by more than 7%%", sum.Bias)
	}
	if sum.Coverage.Hi < 0.95 || sum.Coverage.Value < 0.8 {
		t.Errorf("coverage %.2f [%.2f-%.2f]: intervals do not cover the true ratio as they claim", sum.Coverage.Value, sum.Coverage.Lo, sum.Coverage.Hi)
	}
}

func TestWilson(t *testing.T) {
	s := NewShare(8, 10)
	// Wilson interval for 8/10: 0.490 to 0.943
	if math.Abs(s.Lo-0.4902) > 1e-3 || math.Abs(s.Hi-0.9433) > 1e-3 {
		t.Fatalf("8 of 10: [%v, %v]", s.Lo, s.Hi)
	}
	if z := NewShare(0, 5); z.Lo != 0 || z.Hi <= 0 || z.Hi >= 1 {
		t.Fatalf("0 of 5: [%v, %v]", z.Lo, z.Hi)
	}
}

// A trial's two arms share the build and the warm-up, and run from one
// warmed model they give what each gives run alone.
func TestArmsShareTheWarmup(t *testing.T) {
	d, err := New(smallLA(), spec())
	if err != nil {
		t.Fatal(err)
	}
	var ws sim.Workspace
	for tr := range 2 {
		for j := range d.LAs {
			a := d.Randomise(tr, j)
			ctrl, treat := d.arm(a, false), d.arm(a, true)
			if !sim.SharesWarmup(ctrl, treat) {
				t.Fatal("the arms do not share the warm-up")
			}
			got := simulateArms(&ws, ctrl, treat, d.laSeed(j), tr)
			if !reflect.DeepEqual(got, []sim.Outcome{sim.Simulate(ctrl, d.laSeed(j), tr), sim.Simulate(treat, d.laSeed(j), tr)}) {
				t.Fatalf("trial %d, LA %d: the arms run from one warm-up differ from each alone", tr, j)
			}
		}
	}
}
