package sim

import (
	"math"
	"reflect"
	"slices"
	"testing"
)

func scenariosForInvariants() map[string]Params {
	base := smallLA()
	gate := smallLA()
	gate.FrontDoor.Gatekeeping = true
	gate.Statutory.Posts = 6
	return map[string]Params{
		"baseline":   base,
		"embedded":   withTeam(smallLA(), "e", RoleQualified, 2, 1),
		"cluster":    withTeam(smallLA(), "c", RoleSupport, 1.5, 5),
		"trainees":   withTeam(smallLA(), "t", RoleTrainee, 2, 1),
		"training":   withTeam(smallLA(), "d", RoleTraining, 1, 10),
		"gatekeeper": gate,
		"births+3%":  withBirthGrowth(smallLA(), 3),
		"births-3%":  withBirthGrowth(smallLA(), -3),
	}
}

// Every stage is left by exactly one route: the ledger's start plus what
// came in less what went out equals the stock at the end, and that stock
// equals a count of the families themselves.
func TestStocksAndFlowsBalance(t *testing.T) {
	for name, p := range scenariosForInvariants() {
		t.Run(name, func(t *testing.T) {
			l := Simulate(p, 7, 0).Ledger
			for s := range NumStages {
				in, out := 0.0, 0.0
				if s == StageNone {
					in, out = l.Born, l.Left
				}
				for o := range NumStages {
					if o != s {
						in += l.Moves[o][s]
						out += l.Moves[s][o]
					}
				}
				if got := l.Start[s] + in - out; got != l.End[s] || l.End[s] != l.Scan[s] {
					t.Errorf("stage %s: start %v + in %v - out %v = %v; ledger end %v; families %v",
						StageNames[s], l.Start[s], in, out, got, l.End[s], l.Scan[s])
				}
			}
			for s := range NumSupports {
				in, out := 0.0, 0.0
				if s == SupportNone {
					in, out = l.Born, l.Left
				}
				for o := range NumSupports {
					if o != s {
						in += l.SupMoves[o][s]
						out += l.SupMoves[s][o]
					}
				}
				if got := l.SupStart[s] + in - out; got != l.SupEnd[s] || l.SupEnd[s] != l.SupScan[s] {
					t.Errorf("support %s: start %v + in %v - out %v = %v; ledger end %v; families %v",
						SupportNames[s], l.SupStart[s], in, out, got, l.SupEnd[s], l.SupScan[s])
				}
			}
		})
	}
}

// Every child is accounted for: each is in exactly one stage and one kind
// of support at the end.
func TestEveryChildAccountedFor(t *testing.T) {
	p := smallLA()
	o := Simulate(p, 3, 0)
	var stages, sup float64
	for s := range NumStages {
		stages += o.Ledger.Scan[s]
	}
	for s := range NumSupports {
		sup += o.Ledger.SupScan[s]
	}
	if int(stages) != p.LA.Children || int(sup) != p.LA.Children {
		t.Fatalf("children in stages %v, in support states %v, want %d", stages, sup, p.LA.Children)
	}
}

// Every referral gets exactly one triage decision.
func TestEveryReferralTriagedOnce(t *testing.T) {
	for name, p := range scenariosForInvariants() {
		o := Simulate(p, 11, 1)
		sum := value(o, "triage_nfa") + value(o, "triage_early_help") + value(o, "triage_assessment") + value(o, "triage_strategy")
		if ref := value(o, "referrals"); math.Abs(sum-ref) > 1e-9 {
			t.Errorf("%s: referrals %v, triage decisions %v", name, ref, sum)
		}
		var bySource float64
		for _, s := range SourceNames {
			bySource += value(o, "referrals_from_"+s)
		}
		if math.Abs(bySource-value(o, "referrals")) > 1e-9 {
			t.Errorf("%s: referrals by source %v, total %v", name, bySource, value(o, "referrals"))
		}
		if ent := value(o, "care_entries"); math.Abs(ent-value(o, "care_entries_planned")-value(o, "care_entries_emergency")-value(o, "care_entries_uasc")) > 1e-9 {
			t.Errorf("%s: care entries %v are not planned + emergency + UASC", name, ent)
		}
	}
}

// Same seed, same bytes: two runs of the same scenario agree exactly.
func TestDeterministic(t *testing.T) {
	p := withTeam(smallLA(), "e", RoleQualified, 2, 1)
	a, b := Simulate(p, 42, 3), Simulate(p, 42, 3)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs with the same seed and replication differ")
	}
	c := Simulate(p, 43, 3)
	if reflect.DeepEqual(a.Values, c.Values) {
		t.Fatal("a different seed gave identical results")
	}
}

// Common random numbers: the population does not depend on the
// school-based workforce, and the warm-up is identical across scenarios.
func TestCommonRandomNumbers(t *testing.T) {
	a := New(smallLA(), 5, 0, nil)
	b := New(withTeam(smallLA(), "e", RoleQualified, 2, 1), 5, 0, nil)
	// the week a sleeping family next wakes may differ: at a school a
	// worker covers it also wakes for the worker's events (wakes.go)
	same := func() bool {
		fa, fb := slices.Clone(a.families), slices.Clone(b.families)
		for i := range fa {
			fa[i].wake, fb[i].wake = 0, 0
		}
		return reflect.DeepEqual(fa, fb)
	}
	if !same() || !reflect.DeepEqual(a.childAge, b.childAge) {
		t.Fatal("families differ between scenarios with the same seed")
	}
	for a.week < a.p.WarmupWeeks {
		a.Step()
		b.Step()
	}
	if !same() {
		t.Fatal("the warm-up differs between scenarios that differ only after it")
	}
}

// Caps hold every week: no school-based worker holds more casework than
// its role allows, young people below the threshold taking only the room
// families leave; support workers and trainees never hold need above 2
// at the end of a week, and trainees start no casework in holidays.
type capObserver struct {
	t          *testing.T
	holidayNew int
	lastStarts int
}

func (c *capObserver) Week(w int, m *Model) {
	for i := range m.slots {
		sl := &m.slots[i]
		r := m.roles[sl.role]
		if float64(sl.intensive) > r.IntensiveCap*sl.fte+1e-9 || float64(sl.monitoring) > r.MonitoringCap*sl.fte+1e-9 ||
			float64(sl.cowork) > r.CoWorkCap*sl.fte+1e-9 {
			c.t.Fatalf("week %d slot %d over its caps: %d/%d/%d", w, i, sl.intensive, sl.monitoring, sl.cowork)
		}
		// young people below the threshold fill only the room the
		// families leave (makeRoom, stepSubThreshold)
		if sl.subIntensive > 0 && sl.intensive+sl.subIntensive > int(r.IntensiveCap*sl.fte) ||
			sl.subMonitoring > 0 && sl.monitoring+sl.subMonitoring > int(r.MonitoringCap*sl.fte) {
			c.t.Fatalf("week %d slot %d over its caps with young people below the threshold: %d+%d intensive, %d+%d monitoring",
				w, i, sl.intensive, sl.subIntensive, sl.monitoring, sl.subMonitoring)
		}
	}
	for i := range m.families {
		f := &m.families[i]
		if f.support == SupportIntensive || f.support == SupportMonitoring {
			if int(f.need) > m.roles[m.slots[f.worker].role].MaxLevel {
				c.t.Fatalf("week %d: family at need %d held by a role with max level %d", w, f.need, m.roles[m.slots[f.worker].role].MaxLevel)
			}
		}
	}
	starts := int(m.acc.flows[FCaseworkStarts])
	if m.measured && !m.termWeek(w) {
		c.holidayNew += starts - c.lastStarts
	}
	c.lastStarts = starts
}

func TestWorkerCapsAndTermTime(t *testing.T) {
	for _, role := range []string{RoleQualified, RoleSupport, RoleTrainee} {
		p := withTeam(smallLA(), "x", role, 2, 2)
		obs := &capObserver{t: t}
		m := New(p, 9, 0, obs)
		m.Run()
		if obs.holidayNew != 0 {
			t.Errorf("%s: %d casework starts in holiday weeks", role, obs.holidayNew)
		}
		if m.acc.flows[FCaseworkStarts] == 0 {
			t.Errorf("%s: no casework at all", role)
		}
	}
}

// A workspace reused across replications of scenarios of different sizes
// gives the outcomes of fresh models, bit for bit.
func TestWorkspaceReuse(t *testing.T) {
	var ws Workspace
	big := smallLA()
	big.LA.Children = 12000
	for k, p := range []Params{smallLA(), big, withTeam(smallLA(), "e", RoleQualified, 2, 1), smallLA()} {
		if got, want := ws.Simulate(p, 5, k), Simulate(p, 5, k); !reflect.DeepEqual(got, want) {
			t.Fatalf("run %d: a reused workspace differs from a fresh model", k)
		}
	}
}

// A workspace reused for LAs of different sizes keeps arrays of about the
// size the largest needs: no list's capacity compounds from one run to the
// next (the two pupil lists, which swap every September, once did, until
// England's later LAs needed gigabytes).
func TestWorkspaceMemoryStaysBounded(t *testing.T) {
	p := smallLA()
	p.Years = 1 // one September: the lists swap an odd number of times
	var ws Workspace
	largest := 0
	for r := range 40 {
		q := p
		q.LA.Children = 4000 + (r*7919)%6000 // sizes in [4000, 10000)
		ws.Simulate(q, 1, r)
		largest = max(largest, len(ws.spare.pupils))
	}
	if got := max(cap(ws.spare.pupils), cap(ws.spare.pupils2)); got > 4*largest {
		t.Errorf("a pupil list's capacity is %d after 40 runs whose longest list was %d", got, largest)
	}
}
