package sim

import (
	"math"
	"slices"
	"testing"
)

// runTo builds a model and runs it to the given absolute week.
func runTo(p Params, seed uint64, week int) *Model {
	m := New(p, seed, 0, nil)
	for m.week < week {
		m.Step()
	}
	return m
}

func meanIntegration(m *Model) float64 {
	var s float64
	var n int
	for _, sc := range m.schools {
		if sc.slot >= 0 {
			s += sc.integration
			n++
		}
	}
	return s / math.Max(1, float64(n))
}

// Integration grows with presence, never passes the school's
// receptiveness, and grows faster the fewer schools a worker has.
func TestIntegrationGrowsWithPresence(t *testing.T) {
	var got []float64
	for _, ratio := range []float64{1, 5, 25} {
		p := withTeam(smallLA(), "x", RoleQualified, 2, ratio)
		p.SchoolWorkforce.Turnover = 0
		m := runTo(p, 3, p.WarmupWeeks+52)
		for _, sc := range m.schools {
			if sc.slot >= 0 && (sc.integration <= 0 || sc.integration > sc.receptiveness+1e-12) {
				t.Fatalf("ratio %v: integration %v outside (0, receptiveness %v]", ratio, sc.integration, sc.receptiveness)
			}
		}
		got = append(got, meanIntegration(m))
	}
	if !(got[0] > got[1] && got[1] > got[2]) {
		t.Fatalf("mean integration after a year at 1, 5, 25 schools per worker: %v; want decreasing", got)
	}
}

// When a worker leaves, the school keeps only 1 - integration_loss of its
// integration, and with no agency cover it does not grow back.
func TestIntegrationLostWhenWorkerLeaves(t *testing.T) {
	p := withTeam(smallLA(), "x", RoleQualified, 2, 1)
	p.SchoolWorkforce.Turnover = 0
	m := runTo(p, 4, p.WarmupWeeks+30)
	before := meanIntegration(m)
	m.p.SchoolWorkforce.Turnover = 52 // everyone leaves this week
	m.p.SchoolWorkforce.AgencyCover = 0
	m.p.SchoolWorkforce.RecruitWeeks = 1e9
	m.Step()
	after := meanIntegration(m)
	if want := before * (1 - p.SchoolWorkforce.IntegrationLoss); math.Abs(after-want) > 1e-12 {
		t.Fatalf("integration after the workers left %v, want %v", after, want)
	}
	for _, sl := range m.slots {
		if sl.present() {
			t.Fatal("a worker is still in post")
		}
	}
}

// Schools are closed in holidays: school-sourced referrals fall.
func TestSchoolReferralsFallInHolidays(t *testing.T) {
	p := smallLA()
	o := Simulate(p, 5, 0)
	var term, hol, nt, nh float64
	for w, row := range o.Weekly {
		abs := p.WarmupWeeks + w
		if New(p, 5, 0, nil).termWeek(abs) {
			term += row[WReferralsSchool]
			nt++
		} else {
			hol += row[WReferralsSchool]
			nh++
		}
	}
	if term == 0 || hol/nh > 0.25*term/nt {
		t.Fatalf("school referrals per week: term %.2f, holiday %.2f", term/nt, hol/nh)
	}
}

// A higher threshold turns more referrals away at the front door and
// sends fewer to strategy discussions; gatekeeping turns more away when
// caseloads are over the cap; too few social workers means waits.
func TestThresholdAndGatekeeping(t *testing.T) {
	base := smallLA()
	high := smallLA()
	high.FrontDoor.Threshold += 0.5
	if a, b := meanMetric(base, 8, 3, "triage_nfa"), meanMetric(high, 8, 3, "triage_nfa"); !(b > a) {
		t.Errorf("no further action at triage at threshold +0.5: %v, at default: %v", b, a)
	}
	if a, b := meanMetric(base, 8, 3, "triage_strategy"), meanMetric(high, 8, 3, "triage_strategy"); !(b < a) {
		t.Errorf("strategy discussions from triage at threshold +0.5: %v, at default: %v", b, a)
	}
	tight := smallLA()
	tight.Statutory.Posts = 9
	gated := tight
	gated.FrontDoor.Gatekeeping = true
	if a, b := meanMetric(tight, 8, 3, "triage_nfa"), meanMetric(gated, 8, 3, "triage_nfa"); !(b > a) {
		t.Errorf("no further action at triage under pressure with gatekeeping %v, without %v", b, a)
	}
	if w := meanMetric(tight, 8, 3, "assessments_delayed"); w <= 0 {
		t.Errorf("no assessment waited with half the social workers")
	}
	if over := meanMetric(tight, 8, 3, "statutory_weeks_over_cap"); over <= 0 {
		t.Errorf("no week over the cap with half the social workers")
	}
}

// Vacancies and agency cover settle where the workforce statistics put
// them: FTE in post ≈ posts × (1 − vacancy + vacancy × agency cover).
func TestStatutoryWorkforceSteadyState(t *testing.T) {
	p := Defaults()
	st := p.Statutory
	want := st.Posts * (1 - st.VacancyRate + st.VacancyRate*st.AgencyCover)
	got := meanMetric(p, 9, 3, "statutory_fte_mean")
	if math.Abs(got/want-1) > 0.03 {
		t.Fatalf("statutory FTE in post %.1f, want %.1f ± 3%%", got, want)
	}
}

// Support lowers escalation: with support that does nothing, more families
// reach section 47.
func TestSupportLowersEscalation(t *testing.T) {
	none := smallLA()
	none.Need.SupportEscalate, none.Need.SupportResolve = 0, 0
	a, b := meanMetric(smallLA(), 10, 3, "s47_enquiries"), meanMetric(none, 10, 3, "s47_enquiries")
	if !(b > a) {
		t.Fatalf("section 47 enquiries with support %v, without %v", a, b)
	}
}

// Staff training holds no cases but raises staff confidence.
func TestTrainingRaisesConfidenceOnly(t *testing.T) {
	p := withTeam(smallLA(), "d", RoleTraining, 1, 8)
	m := New(p, 11, 0, nil)
	start := make([]float64, len(m.schools))
	for i, sc := range m.schools {
		start[i] = sc.confidence
	}
	m.Run()
	o := m.Finish()
	if v := value(o, "school_casework_starts"); v != 0 {
		t.Fatalf("trainers started %v cases", v)
	}
	for i, sc := range m.schools {
		if sc.slot >= 0 && !(sc.confidence > start[i]) {
			t.Fatalf("school %d covered by training: confidence %v, was %v", i, sc.confidence, start[i])
		}
		if sc.slot < 0 && sc.confidence != start[i] {
			t.Fatalf("school %d not covered: confidence changed", i)
		}
	}
}

// A worker with fewer schools does more casework per FTE.
func TestEmbeddedDeeperThanCoreOffer(t *testing.T) {
	emb := meanMetric(withTeam(smallLA(), "x", RoleQualified, 2, 1), 12, 3, "school_casework_starts")
	core := meanMetric(withTeam(smallLA(), "x", RoleQualified, 2, 8), 12, 3, "school_casework_starts")
	if !(emb > core) {
		t.Fatalf("casework starts: embedded %v, 1:8 %v", emb, core)
	}
}

// The school-based workforce costs its FTE times the role's cost when
// nobody leaves.
func TestWorkforceCost(t *testing.T) {
	p := withTeam(smallLA(), "x", RoleSupport, 1.5, 3)
	p.SchoolWorkforce.Turnover = 0
	got := value(Simulate(p, 1, 0), "cost_school_workforce")
	want := 1.5 * p.SchoolWorkforce.Roles[RoleSupport].AnnualCost
	if math.Abs(got-want) > 1e-6*want {
		t.Fatalf("workforce cost %v, want %v", got, want)
	}
}

// The population: exactly la.children children; school-age children on a
// roll, others not; siblings of a phase at the same school in their
// locality; rolls add up.
func TestPopulation(t *testing.T) {
	p := smallLA()
	m := New(p, 2, 0, nil)
	if m.Children() != p.LA.Children {
		t.Fatalf("%d children, want %d", m.Children(), p.LA.Children)
	}
	var rolls int32
	for _, sc := range m.schools {
		rolls += sc.roll
	}
	pupils := 0
	for i := range m.families {
		f := &m.families[i]
		if f.n < 1 || f.n > 5 {
			t.Fatalf("family of %d children", f.n)
		}
		phase := map[uint8]int32{}
		for c := f.first; c < f.first+uint32(f.n); c++ {
			age, sc := int(m.childAge[c]), m.childSch[c]
			onRoll := age >= p.LA.SchoolAgeMin && age <= p.LA.SchoolAgeMax
			if onRoll != (sc >= 0) {
				t.Fatalf("child aged %d has school %d", age, sc)
			}
			if sc < 0 {
				continue
			}
			pupils++
			typ := m.schools[sc].typ
			if prev, ok := phase[typ]; ok && prev != sc {
				t.Fatalf("siblings at two %s schools", SchoolTypeNames[typ])
			}
			phase[typ] = sc
		}
	}
	if int(rolls) != pupils {
		t.Fatalf("rolls add to %d, pupils %d", rolls, pupils)
	}
}

func TestTravelHours(t *testing.T) {
	for _, c := range []struct {
		n    int
		want float64
	}{{1, 0}, {5, 5 * 0.75}, {25, 10 * 0.75}} {
		if got := travelHours(c.n, 1, 0.75); got != c.want {
			t.Errorf("travel for %d schools: %v, want %v", c.n, got, c.want)
		}
	}
}

// The evidence sets point the way their evidence does, on the SWIS trial's
// design (every secondary school with an embedded worker): under the pilots
// reading section 47 enquiries about secondary pupils fall; under the trial
// reading they change within the trial's interval (−4.5% to +16.6%) and
// care entries barely move.
func TestEvidenceSets(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the typical LA")
	}
	const reps = 6
	swis := Defaults()
	swis.SchoolWorkforce.BudgetFTE = 23
	swis.SchoolWorkforce.Teams = map[string]Team{"swis": {Role: RoleQualified, SchoolsPerWorker: 1, Selection: SelectByType, SchoolTypes: []string{"secondary"}}}
	change := func(ev, metric string) float64 {
		base, with := Defaults(), swis
		base.Effects, with.Effects = EvidenceSets()[ev], EvidenceSets()[ev]
		return meanMetric(with, 99, reps, metric)/meanMetric(base, 99, reps, metric) - 1
	}
	if c := change(EvidencePilots, "s47_type_secondary"); c >= -0.02 {
		t.Errorf("pilots: section 47 about secondary pupils changed %+.1f%%, want a fall", 100*c)
	}
	if c := change(EvidenceTrial, "s47_type_secondary"); c < -0.045 || c > 0.166 {
		t.Errorf("trial: section 47 about secondary pupils changed %+.1f%%, want within −4.5%% to +16.6%%", 100*c)
	}
	if c := change(EvidenceTrial, "care_entries"); math.Abs(c) > 0.05 {
		t.Errorf("trial: care entries changed %+.1f%%, want within ±5%%", 100*c)
	}
}

// Gatekeeping raises the threshold only when caseloads are over the cap:
// with enough social workers to keep them under it every week, triage and
// everything after it are those of an LA without gatekeeping.
func TestGatekeepingOnlyAboveCap(t *testing.T) {
	p := smallLA()
	p.Statutory.Posts = 20 // caseloads at 60–80% of the cap
	gated := p
	gated.FrontDoor.Gatekeeping = true
	for r := range 2 {
		m := New(p, 8, r, nil)
		var hi float64
		for !m.Done() {
			m.Step()
			hi = max(hi, m.acc.pressure)
		}
		if hi >= 1 || hi < 0.6 {
			t.Fatalf("replication %d: caseloads reach %.2f of the cap; the test wants them between 0.6 and 1", r, hi)
		}
		if a, b := Simulate(p, 8, r), Simulate(gated, 8, r); !slices.Equal(a.Values, b.Values) {
			t.Errorf("replication %d: gatekeeping changed the outcome with caseloads under the cap (triage_nfa %v, without %v)", r, value(b, "triage_nfa"), value(a, "triage_nfa"))
		}
	}
}

// An assessment that has waited statutory.max_wait_weeks is allocated
// regardless of caseloads: with far too few social workers every
// assessment waits exactly the maximum, and counts as delayed unless the
// maximum is 0.
func TestAssessmentsWaitAtMostTheMaximum(t *testing.T) {
	for _, most := range []int{0, 1, 3} {
		p := smallLA()
		p.Statutory.Posts = 2
		p.Statutory.MaxWaitWeeks = most
		m := New(p, 14, 0, nil)
		m.Run()
		a := &m.acc
		if a.waitN == 0 {
			t.Fatalf("max wait %d: no assessment allocated", most)
		}
		if a.waitSum != float64(most)*a.waitN {
			t.Errorf("max wait %d weeks: mean wait %v weeks", most, a.waitSum/a.waitN)
		}
		delayed := a.waitN
		if most == 0 {
			delayed = 0
		}
		if a.flows[FAssessmentsDelayed] != delayed {
			t.Errorf("max wait %d weeks: %v of %v assessments delayed, want %v", most, a.flows[FAssessmentsDelayed], a.waitN, delayed)
		}
	}
}
