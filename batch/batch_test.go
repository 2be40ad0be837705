package batch

import (
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/caseload/caseload/sim"
)

func small() sim.Params {
	p := sim.Defaults()
	p.LA.Children, p.LA.Localities = 6000, 2
	p.LA.Schools = sim.SchoolMix{Primary: 8, Secondary: 2, Special: 1, SpecialShare: 0.019, DeprivationNoise: 0.05}
	p.Statutory.Posts = 14
	p.Years, p.WarmupWeeks = 1, 20
	return p
}

// Results are the same whatever the number of workers, including the
// LAs of a national scenario.
func TestWorkersDoNotChangeResults(t *testing.T) {
	nat := small()
	nat.Name = "country"
	nat.National.LAs, nat.National.Children = 4, 24000
	scens := []sim.Params{small(), nat}
	one := Replicate(scens, 3, 4, 1)
	two := Replicate(scens, 3, 4, 2)
	if !reflect.DeepEqual(one, two) {
		t.Fatal("results differ between 1 and 2 workers")
	}
	if len(two[1].LAs) != 4 || len(two[1].Areas) != 4 || len(two[1].Areas[0]) != 4 {
		t.Fatalf("national scenario: %d LAs, %d areas", len(two[1].LAs), len(two[1].Areas))
	}
	if two[0].Areas != nil {
		t.Fatal("a single LA has areas")
	}
}

// Replication r of every scenario uses the same streams: the same
// scenario twice gives identical outcomes.
func TestCommonRandomNumbers(t *testing.T) {
	res := Replicate([]sim.Params{small(), small()}, 9, 3, 2)
	if !reflect.DeepEqual(res[0].Outcomes, res[1].Outcomes) {
		t.Fatal("the same scenario gave different outcomes")
	}
}

// Skipped scenarios are not run; Done reports each finished scenario
// once; a closed Stop channel stops the batch with ErrStopped.
func TestSkipDoneStop(t *testing.T) {
	scens := []sim.Params{small(), small(), small()}
	var done []int
	res, err := Run(scens, 1, 2, Options{Workers: 2,
		Skip: func(s int) bool { return s == 1 },
		Done: func(s int, r Result) { done = append(done, s) }})
	if err != nil || len(res[1].Outcomes) != 0 || len(res[0].Outcomes) != 2 || len(done) != 2 {
		t.Fatalf("err %v, outcomes %d/%d/%d, done %v", err, len(res[0].Outcomes), len(res[1].Outcomes), len(res[2].Outcomes), done)
	}
	stop := make(chan struct{})
	close(stop)
	if _, err := Run(scens, 1, 2, Options{Workers: 1, Stop: stop}); err != ErrStopped {
		t.Fatalf("a closed Stop gave %v", err)
	}
}

// Pool runs every job once, after its prepare, and hands out no job once
// stop has closed.
func TestPool(t *testing.T) {
	var mu sync.Mutex
	prepared := make([]bool, 50)
	ran := make([]int, 50)
	stopped := Pool(50, 3, nil, func(i int) { prepared[i] = true }, func(i int, _ *sim.Workspace) {
		mu.Lock()
		defer mu.Unlock()
		if !prepared[i] {
			t.Errorf("job %d ran before its prepare", i)
		}
		ran[i]++
	})
	for i, n := range ran {
		if n != 1 {
			t.Fatalf("job %d ran %d times", i, n)
		}
	}
	if stopped {
		t.Fatal("stopped with no stop channel")
	}
	stop := make(chan struct{})
	count := 0
	stopped = Pool(50, 2, stop, func(i int) {
		if i == 10 {
			close(stop)
		}
	}, func(int, *sim.Workspace) {
		mu.Lock()
		count++
		mu.Unlock()
	})
	if !stopped || count != 11 {
		t.Fatalf("stopped %v after %d jobs, want true after 11", stopped, count)
	}
}

// A panic in a job is raised again on the caller's goroutine, where the
// program's top level can report it, and the pool stops handing out jobs.
func TestPoolPanicReachesCaller(t *testing.T) {
	var ran sync.Map
	defer func() {
		p := recover()
		if p == nil {
			t.Fatal("no panic reached the caller")
		}
		if s, ok := p.(string); !ok || !strings.Contains(s, "job 3 failed") {
			t.Errorf("panic %v does not carry the job's", p)
		}
	}()
	Pool(50, 2, nil, nil, func(i int, _ *sim.Workspace) {
		ran.Store(i, true)
		if i == 3 {
			panic("job 3 failed")
		}
	})
}

// withTeam is s with an embedded team of fte workers.
func withTeam(p sim.Params, name string, fte float64) sim.Params {
	p.Name = name
	p.SchoolWorkforce.Teams = map[string]sim.Team{"t": {Role: sim.RoleQualified, FTE: fte, SchoolsPerWorker: 1, Selection: sim.SelectMostDeprived}}
	p.SchoolWorkforce.BudgetFTE = fte
	return p
}

// Scenarios that share the warm-up run together from one warmed model and
// give what each gives run alone, for single LAs and national scenarios,
// on one worker and two, and with replications kept one by one.
func TestSharedWarmupMatchesSeparateRuns(t *testing.T) {
	nat := small()
	nat.Name = "country"
	nat.National.LAs, nat.National.Children = 3, 18000
	other := small()
	other.Name, other.Pipeline.CINEndLow = "other", 0.2 // acts in the warm-up: not shared
	strong := withTeam(small(), "strong", 3)
	strong.Effects.CaseworkSupport = 0.9
	scens := []sim.Params{small(), withTeam(small(), "two", 2), other, nat, withTeam(nat, "country-team", 4), strong}
	if g := shareGroups([][]unit{units(scens[0], 3), units(scens[1], 3), units(scens[2], 3), units(scens[3], 3), units(scens[4], 3), units(scens[5], 3)}); !reflect.DeepEqual(g, [][]int{{0, 1, 5}, {2}, {3, 4}}) {
		t.Fatalf("groups %v", g)
	}
	var alone []Result
	for _, p := range scens {
		alone = append(alone, Replicate([]sim.Params{p}, 3, 3, 1)[0])
	}
	for _, w := range []int{1, 2} {
		if got := Replicate(scens, 3, 3, w); !reflect.DeepEqual(got, alone) {
			t.Fatalf("%d workers: scenarios run together differ from each alone", w)
		}
	}
	kept := make([][][]sim.Outcome, len(scens)) // [scenario][rep][la]
	for s := range kept {
		kept[s] = make([][]sim.Outcome, 3)
	}
	if _, err := Run(scens, 3, 3, Options{Workers: 2, RepDone: func(r int, outs [][]sim.Outcome) {
		for s := range outs {
			kept[s][r] = outs[s]
		}
	}}); err != nil {
		t.Fatal(err)
	}
	for s, p := range scens {
		raw := make([][]sim.Outcome, len(kept[s][0]))
		for u := range raw {
			for r := range 3 {
				raw[u] = append(raw[u], kept[s][r][u])
			}
		}
		if res, err := Assemble(p, 3, raw); err != nil || !reflect.DeepEqual(res, alone[s]) {
			t.Fatalf("%s kept one replication at a time differs from it alone (%v)", p.Name, err)
		}
	}
}

// The LAs of a replication are handed out largest first.
func TestLargestLAsFirst(t *testing.T) {
	nat := small()
	nat.National.LAs, nat.National.Children, nat.National.SizeSD = 6, 36000, 1
	las := sim.NationalLAs(nat)
	var sizes []int
	started = func(s, u, r int) { sizes = append(sizes, las[u].LA.Children) }
	defer func() { started = nil }()
	Replicate([]sim.Params{nat}, 1, 2, 1)
	if len(sizes) != 12 {
		t.Fatalf("%d jobs", len(sizes))
	}
	for r := range 2 {
		got := sizes[r*6 : r*6+6]
		if !slices.IsSortedFunc(got, func(a, b int) int { return b - a }) || got[0] == got[5] {
			t.Errorf("replication %d: LAs of %v children, in that order", r, got)
		}
	}
}

// A lean run keeps, of every replication, what the results files read,
// with the same values: national outcomes combined as they finish (all
// but the schools), and each LA's metric values.
func TestLeanKeepsWhatResultsRead(t *testing.T) {
	nat := small()
	nat.Name = "country"
	nat.National.LAs, nat.National.Children = 3, 18000
	scens := []sim.Params{small(), nat, withTeam(nat, "country-team", 3)}
	full := Replicate(scens, 4, 3, 2)
	lean, err := Run(scens, 4, 3, Options{Workers: 2, Lean: true})
	if err != nil {
		t.Fatal(err)
	}
	for s := range scens {
		if len(lean[s].Outcomes) != 3 || !reflect.DeepEqual(lean[s].LAs, full[s].LAs) || lean[s].Areas != nil || len(lean[s].AreaValues) != len(full[s].Areas) {
			t.Fatalf("%s: %d outcomes, %d areas, %d with values alone", scens[s].Name, len(lean[s].Outcomes), len(lean[s].Areas), len(lean[s].AreaValues))
		}
		for r, o := range lean[s].Outcomes {
			want := full[s].Outcomes[r]
			if o.Schools != nil {
				t.Errorf("%s replication %d keeps its schools", scens[s].Name, r)
			}
			want.Schools = nil
			if !reflect.DeepEqual(o, want) {
				t.Errorf("%s replication %d differs from a full run", scens[s].Name, r)
			}
		}
		for u := range full[s].Areas {
			for r := range 3 {
				if !reflect.DeepEqual(lean[s].AreaValuesOf(u, r), full[s].AreaValuesOf(u, r)) {
					t.Errorf("%s LA %d replication %d: other values", scens[s].Name, u, r)
				}
			}
		}
	}
}
