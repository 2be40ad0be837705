package sim

import (
	"math"
	"testing"
)

// demand.shock = 0.15 ramped over three years raises referrals in the last
// half of the third year by about 15% against the same seeds without it:
// between 10% and 20% over 32 replications of an LA of 8,000 children
// (16.4% at this seed; over 8 replications it gave 20.3% after a change
// that moved only the random numbers; the rise lags the ramp a little, as
// new need takes weeks to be noticed).
func TestDemandShockRaisesReferrals(t *testing.T) {
	base := smallLA()
	base.Years = 3
	shock := base
	shock.Demand = Demand{Shock: 0.15, ShockRampWeeks: 3 * weeksPerYear}
	var a, b float64
	for r := range 32 {
		x, y := Simulate(base, 71, r), Simulate(shock, 71, r)
		for w := 3*weeksPerYear - 26; w < 3*weeksPerYear; w++ {
			a += x.Weekly[w][WReferrals]
			b += y.Weekly[w][WReferrals]
		}
	}
	if rise := b/a - 1; rise < 0.10 || rise > 0.20 {
		t.Errorf("referrals rose %.1f%% by the end of year 3, want about 15%%", 100*rise)
	}
	trend := base
	trend.Demand = Demand{Trend: 0.05}
	m := New(trend, 1, 0, nil)
	if got := m.demand(base.WarmupWeeks + 2*weeksPerYear); math.Abs(got-1.1025) > 1e-12 {
		t.Errorf("5%% a year for two years gives %v, want 1.1025", got)
	}
	step := base
	step.Demand = Demand{Shock: 0.2, ShockWeek: 10}
	m = New(step, 1, 0, nil)
	for _, c := range []struct {
		w    int // measured week; negative in the warm-up
		want float64
	}{{-5, 1}, {0, 1}, {9, 1}, {10, 1.2}, {100, 1.2}} {
		w, want := c.w, c.want
		if got := m.demand(base.WarmupWeeks + w); math.Abs(got-want) > 1e-12 {
			t.Errorf("a step of 20%% from measured week 10: week %d gives %v, want %v", w, got, want)
		}
	}
}

// Unaccompanied asylum-seeking children: arrivals at the rate of
// uasc.entries_per_10k, all aged 16 or over, and a looked-after stock of
// rate × the mean stay (a year with half arriving at 16) within ±20%;
// none when the rate is 0.
func TestUASC(t *testing.T) {
	p := smallLA()
	var entries, stock float64
	const reps = 8
	for r := range reps {
		o := Simulate(p, 72, r)
		entries += value(o, "care_entries_uasc_per_10k") / reps
		stock += value(o, "uasc_cla_stock") * 10000 / float64(p.LA.Children) / reps
	}
	if math.Abs(entries/p.UASC.EntriesPer10k-1) > 0.2 {
		t.Errorf("UASC entries %v per 10k, want %v", entries, p.UASC.EntriesPer10k)
	}
	if math.Abs(stock/p.UASC.EntriesPer10k-1) > 0.2 {
		t.Errorf("UASC stock %v per 10k, want about %v", stock, p.UASC.EntriesPer10k)
	}
	none := p
	none.UASC.EntriesPer10k = 0
	if o := Simulate(none, 72, 0); value(o, "uasc_cla_stock") != 0 || value(o, "care_entries_uasc") != 0 {
		t.Error("UASC with uasc.entries_per_10k 0")
	}
}

// Statutory workers: the children on the workers' caseloads are those in
// the case-holding stages, every week; with no turnover no case changes
// hands; more posts mean fewer workers over the cap.
func TestStatutoryWorkers(t *testing.T) {
	p := smallLA()
	m := New(p, 73, 0, workerCheck{t})
	m.Run()
	still := p
	still.Statutory.Turnover, still.Statutory.VacancyRate = 0, 0
	if v := value(Simulate(still, 73, 0), "social_worker_changes"); v != 0 {
		t.Errorf("%v changes of worker with no turnover", v)
	}
	if v := value(Simulate(p, 73, 0), "social_worker_changes"); v <= 0 {
		t.Errorf("no changes of worker with turnover %v", p.Statutory.Turnover)
	}
	few, many := p, p
	few.Statutory.Posts *= 0.7
	many.Statutory.Posts *= 1.5
	if a, b := value(Simulate(few, 73, 0), "statutory_workers_over_cap_share"), value(Simulate(many, 73, 0), "statutory_workers_over_cap_share"); !(a > b) {
		t.Errorf("over-cap share %v with fewer posts, %v with more", a, b)
	}
}

// A fraction of a post, as la.children scales statutory.posts down for
// the smallest LA, is one post, not none: the range of statutory.posts
// excludes 0, and an LA with no statutory workers is no LA.
func TestAFractionOfAPostIsOne(t *testing.T) {
	p := smallLA()
	p.Statutory.VacancyRate = 0
	for _, posts := range []float64{0.001, 0.21, 0.49, 1, 1.4} {
		p.Statutory.Posts = posts
		if m := build(p, 5, 0, nil, nil); m.posts != 1 || m.employed != 1 {
			t.Errorf("posts %v: %d posts, %d employed; want 1 and 1", posts, m.posts, m.employed)
		}
	}
	p.Statutory.Posts = 0.21
	if v := value(Simulate(p, 5, 0), "statutory_fte_mean"); !(v > 0) {
		t.Errorf("posts 0.21: statutory_fte_mean %v, want above 0", v)
	}
}

type workerCheck struct{ t *testing.T }

func (o workerCheck) Week(week int, m *Model) {
	var held, open float64
	for _, p := range m.sposts {
		held += float64(p.cases)
	}
	for i := range m.families {
		if f := &m.families[i]; caseHolding(f.stage) {
			open += float64(f.n)
		}
	}
	if held != open && len(m.staffed) > 0 {
		o.t.Fatalf("week %d: %v children on caseloads, %v in case-holding stages", week, held, open)
	}
}

// Ageing: every September each child is a year older, and an 18-year-old
// is replaced by a newborn, so the children keep their number and their
// spread of ages; children join, move between and leave school rolls.
func TestChildrenAge(t *testing.T) {
	p := smallLA()
	m := New(p, 74, 0, nil)
	before := make([]int, m.Children())
	var n0 [childAges]int
	for c := range before {
		before[c] = m.ageOf(uint32(c))
		n0[before[c]]++
	}
	for m.week < weeksPerYear-1 {
		m.Step()
	}
	for c, a := range before {
		if got := m.ageOf(uint32(c)); got != a {
			t.Fatalf("child %d aged %d in week 0, %d in August", c, a, got)
		}
	}
	m.Step() // the last week of August
	m.Step() // September
	var n1 [childAges]int
	for c, a := range before {
		want := (a + 1) % childAges
		got := m.ageOf(uint32(c))
		if got != want {
			t.Fatalf("child %d aged %d, a year later %d, want %d", c, a, got, want)
		}
		n1[got]++
	}
	for a := 1; a < childAges; a++ {
		if n1[a] != n0[a-1] {
			t.Errorf("%d children aged %d a year after %d aged %d", n1[a], a, n0[a-1], a-1)
		}
	}
	// the rolls follow: on a roll exactly from school_age_min to
	// school_age_max, at a secondary-phase school from secondary_age
	// (special schools take all ages), and the rolls add up
	rolls := make([]int32, len(m.schools))
	for c := range m.childSch {
		age, sch := m.ageOf(uint32(c)), m.childSch[c]
		onRoll := age >= p.LA.SchoolAgeMin && age <= p.LA.SchoolAgeMax
		if (sch >= 0) != onRoll {
			t.Fatalf("child %d aged %d: school %d", c, age, sch)
		}
		if sch < 0 {
			continue
		}
		rolls[sch]++
		typ := int(m.schools[sch].typ)
		if typ != Special && (typ == Primary) != (age < p.LA.SecondaryAge) {
			t.Fatalf("child %d aged %d at a school of type %s", c, age, SchoolTypeNames[typ])
		}
	}
	for i, sc := range m.schools {
		if sc.roll != rolls[i] {
			t.Fatalf("school %d: roll %d, %d pupils", i, sc.roll, rolls[i])
		}
	}
}

// The census counts agree with the ledger and the flows: the plans and
// care episodes ended in durations.csv are the children who left those
// stages; the assessments timed are those completed after an allocation
// (enquiries carried out as assessments are counted, not timed); the
// shares are their ratios.
func TestCensusCountsAgree(t *testing.T) {
	p := smallLA()
	for r := range 3 {
		o := Simulate(p, 75, r)
		years := float64(p.Years)
		for _, c := range []struct {
			dur   int
			stage Stage
		}{{DurCINPlan, StageCIN}, {DurCPPlan, StageCP}, {DurCareEpisode, StageCLA}} {
			var ended, left float64
			for _, x := range o.Durations[c.dur][DurEnded] {
				ended += x
			}
			for to := range NumStages {
				if Stage(to) != c.stage {
					left += o.Ledger.Moves[c.stage][to]
				}
			}
			if ended != left || ended == 0 {
				t.Errorf("rep %d %s: %v ended in durations, %v left in the ledger", r, DurationStageNames[c.dur], ended, left)
			}
		}
		var timed float64
		for _, x := range o.Durations[DurAssessment][DurEnded] {
			timed += x
		}
		if done := value(o, "s17_assessments") * years; timed > done+1e-9 || timed < 0.5*done {
			t.Errorf("rep %d: %v assessments timed of %v completed", r, timed, done)
		}
		if got, want := value(o, "rereferral_share"), value(o, "rereferrals")/value(o, "referrals"); math.Abs(got-want) > 1e-12 {
			t.Errorf("rep %d: rereferral_share %v, want %v", r, got, want)
		}
		if got, want := value(o, "nfa_share"), value(o, "triage_nfa")/value(o, "referrals"); math.Abs(got-want) > 1e-12 {
			t.Errorf("rep %d: nfa_share %v, want %v", r, got, want)
		}
		var cp float64
		for _, b := range lengthBands {
			cp += value(o, "cp_plans_ended_share_"+b)
		}
		if math.Abs(cp-1) > 1e-9 {
			t.Errorf("rep %d: CP plan length shares add to %v", r, cp)
		}
	}
}

// cost_statutory_staff is every post at its full cost: with no vacancies
// it is posts × costs.statutory_fte a year; an agency premium raises it
// only when posts are covered by agency workers.
func TestStatutoryStaffCost(t *testing.T) {
	p := smallLA()
	p.Statutory.VacancyRate, p.Statutory.Turnover = 0, 0
	o := Simulate(p, 76, 0)
	want := math.Round(p.Statutory.Posts) * p.Costs.StatutoryFTE
	if got := value(o, "cost_statutory_staff"); math.Abs(got-want) > 1e-6*want {
		t.Errorf("cost_statutory_staff %v, want %v", got, want)
	}
	more := p
	more.Statutory.Posts += 10
	if d := value(Simulate(more, 76, 0), "cost_statutory_staff") - value(o, "cost_statutory_staff"); math.Abs(d-10*p.Costs.StatutoryFTE) > 1e-6*d {
		t.Errorf("10 more posts cost %v more, want %v", d, 10*p.Costs.StatutoryFTE)
	}
}

// onsetCount counts, over the measured weeks (or the warm-up), the
// families with no need, no case and no support, not deprived (or
// deprived), at the end of a week, and those of them with need at the end
// of the next.
type onsetCount struct {
	warmup, deprived bool
	free             []bool
	atRisk, onset    int
}

func (o *onsetCount) Week(week int, m *Model) {
	for len(o.free) < len(m.families) {
		o.free = append(o.free, false)
	}
	for i := range m.families {
		f := &m.families[i]
		if (week < m.p.WarmupWeeks) == o.warmup && week != m.p.WarmupWeeks && o.free[i] {
			o.atRisk++
			if f.need > 0 {
				o.onset++
			}
		}
		o.free[i] = f.need == 0 && f.stage == StageNone && f.support == SupportNone && f.n > 0 && (f.flags&flagDeprived != 0) == o.deprived
	}
}

// The onset of need follows demand down as well as up: a shock of −0.5
// halves the weekly onset hazard of a family with no need, and one of +0.5
// raises it by half (onsets are drawn at the run's highest demand, at
// least 1, and thinned to the week's).
func TestOnsetFollowsDemand(t *testing.T) {
	rate := func(shock float64) float64 {
		p := smallLA()
		p.Demand = Demand{Shock: shock}
		o := &onsetCount{}
		for seed := range uint64(4) {
			o.free = o.free[:0]
			New(p, seed+1, 0, o).Run()
		}
		return float64(o.onset) / float64(o.atRisk)
	}
	base, up, down := rate(0), rate(0.5), rate(-0.5)
	t.Logf("weekly onset hazard %.6f at demand 1, ratio %.3f at 1.5 and %.3f at 0.5 (need.onset %v)", base, up/base, down/base, smallLA().Need.Onset)
	if r := up / base; math.Abs(r-1.5) > 0.1 {
		t.Errorf("at demand 1.5 the onset hazard is %.3f of demand 1's, want 1.5 ± 0.1", r)
	}
	if r := down / base; math.Abs(r-0.5) > 0.1 {
		t.Errorf("at demand 0.5 the onset hazard is %.3f of demand 1's, want 0.5 ± 0.1", r)
	}
}

// onsetByWeeks counts onsets by how long a family has had no need, no case
// and no support (not deprived): at risk in its first, second, third and
// later weeks.
type onsetByWeeks struct {
	weeks         []int32
	atRisk, onset [4]int
}

func (o *onsetByWeeks) Week(week int, m *Model) {
	for len(o.weeks) < len(m.families) {
		o.weeks = append(o.weeks, 0)
	}
	for i := range m.families {
		f := &m.families[i]
		if k := o.weeks[i]; k > 0 {
			b := min(int(k), 4) - 1
			o.atRisk[b]++
			if f.need > 0 {
				o.onset[b]++
			}
		}
		if f.need == 0 && f.stage == StageNone && f.support == SupportNone && f.n > 0 && f.flags&flagDeprived == 0 {
			o.weeks[i]++
		} else {
			o.weeks[i] = 0
		}
	}
}

// A family whose need falls to 0 has the weekly onset hazard need.onset
// from the next week on, its first week as much as later ones (a wait of
// one week is an onset in the week the wait starts).
func TestOnsetFromTheFirstWeek(t *testing.T) {
	p := smallLA()
	p.Need.Onset = 0.2
	o := &onsetByWeeks{}
	for seed := range uint64(2) {
		o.weeks = o.weeks[:0]
		New(p, seed+1, 0, o).Run()
	}
	for b := range 4 {
		r := float64(o.onset[b]) / float64(o.atRisk[b])
		t.Logf("week %d with no need: %d at risk, onset rate %.4f", b+1, o.atRisk[b], r)
		if o.atRisk[b] < 2000 || math.Abs(r-p.Need.Onset) > 0.02 {
			t.Errorf("week %d with no need: onset rate %.4f over %d, want %v ± 0.02", b+1, r, o.atRisk[b], p.Need.Onset)
		}
	}
}

// onsetNotice counts, over the measured weeks, the onsets of need in
// families with no case and no support, those noticed in the week of the
// onset, and, of those still hidden a week later, those noticed in the next.
type onsetNotice struct {
	state                              []uint8 // 1: no need, no case, no support; 2: need arose last week, still hidden
	onsets, noticed0, hidden, noticed1 int
}

func (o *onsetNotice) Week(week int, m *Model) {
	for len(o.state) < len(m.families) {
		o.state = append(o.state, 0)
	}
	for i := range m.families {
		f := &m.families[i]
		st := o.state[i]
		o.state[i] = 0
		open := f.stage != StageNone || f.support != SupportNone
		if week > m.p.WarmupWeeks && st == 1 && f.need == 1 {
			o.onsets++
			if open {
				o.noticed0++
			} else {
				o.state[i] = 2
				continue
			}
		}
		if week > m.p.WarmupWeeks && st == 2 && f.need >= 1 {
			o.hidden++
			if open {
				o.noticed1++
			}
		}
		if f.need == 0 && !open && f.n > 0 {
			o.state[i] = 1
		}
	}
}

// A family whose need arises in a week can be noticed in that week, as one
// stepped every week is (stepFamily: stepNeed, then detect): as often as
// in the week after.
func TestOnsetNoticedInItsWeek(t *testing.T) {
	p := smallLA()
	p.Need.Onset = 0.05
	p.Referral.Other[1] = 0.2 // noticing at need 1 made common
	o := &onsetNotice{}
	for seed := range uint64(2) {
		o.state = o.state[:0]
		New(p, seed+1, 0, o).Run()
	}
	r0, r1 := float64(o.noticed0)/float64(o.onsets), float64(o.noticed1)/float64(o.hidden)
	t.Logf("%d onsets: noticed in the week of the onset %.4f, in the week after %.4f (of %d)", o.onsets, r0, r1, o.hidden)
	if o.onsets < 2000 || o.hidden < 1000 || math.Abs(r0-r1) > 0.03 {
		t.Errorf("noticed in the week of the onset %.4f, in the week after %.4f: want them within 0.03", r0, r1)
	}
}

// Where the onset hazard at the run's highest demand reaches 1, thinning
// keeps the week's own hazard: deprived families with a hazard of
// 0.05 × 10 = 0.5 at demand 1 in the warm-up have it whether or not demand
// later quadruples (need.onset × deprived_rr × 4 is above 1).
func TestOnsetThinnedBelowACappedHazard(t *testing.T) {
	rate := func(shock float64) float64 {
		p := smallLA()
		p.Need.Onset, p.Need.DeprivedRR = 0.05, 10
		p.Demand = Demand{Shock: shock}
		o := &onsetCount{warmup: true, deprived: true}
		for seed := range uint64(4) {
			o.free = o.free[:0]
			New(p, seed+1, 0, o).Run()
		}
		if o.atRisk < 1000 {
			t.Fatalf("only %d family-weeks at risk", o.atRisk)
		}
		return float64(o.onset) / float64(o.atRisk)
	}
	flat, rising := rate(0), rate(3)
	t.Logf("warm-up onset hazard of deprived families: %.3f with flat demand, %.3f with demand quadrupling later (want 0.5)", flat, rising)
	for _, r := range []float64{flat, rising} {
		if math.Abs(r-0.5) > 0.05 {
			t.Errorf("warm-up onset hazard %.3f, want 0.5 ± 0.05", r)
		}
	}
}

// A ramped shock (demand.shock_ramp_weeks) grows by equal steps from
// demand.shock_week, the first of them a step's worth, and is at its full
// size in the ramp's last week.
func TestDemandShockRamp(t *testing.T) {
	p := smallLA()
	p.Demand = Demand{Shock: 0.2, ShockWeek: 10, ShockRampWeeks: 4}
	m := New(p, 1, 0, nil)
	for _, c := range []struct {
		w    int // measured week
		want float64
	}{{9, 1}, {10, 1.05}, {11, 1.1}, {12, 1.15}, {13, 1.2}, {14, 1.2}, {100, 1.2}} {
		if got := m.demand(p.WarmupWeeks + c.w); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("a shock of 20%% ramped over 4 weeks from measured week 10: week %d gives %v, want %v", c.w, got, c.want)
		}
	}
}

// The median assessment (assessment_duration_wd_median) is the lowest
// number of working days with at least half the assessments at or below
// it: of two assessments, the shorter.
func TestAssessmentMedian(t *testing.T) {
	var a accounts
	if got := a.assessmentMedian(); got != 0 {
		t.Errorf("no assessments: median %v, want 0", got)
	}
	for _, c := range []struct {
		days map[int]float64
		want float64
	}{
		{map[int]float64{10: 1, 20: 1}, 10},
		{map[int]float64{10: 1, 20: 1, 30: 1}, 20},
		{map[int]float64{5: 3, 40: 3}, 5},
		{map[int]float64{5: 2, 40: 3}, 40},
		{map[int]float64{0: 4, 90: 1}, 0},
	} {
		a.assessDays = [assessmentDaysMax + 1]float64{}
		for d, n := range c.days {
			a.assessDays[d] = n
		}
		if got := a.assessmentMedian(); got != c.want {
			t.Errorf("assessments %v: median %v days, want %v", c.days, got, c.want)
		}
	}
}

// An employed statutory worker who leaves and is covered by an agency
// worker hands every child of their caseload to that agency worker: each
// counts as a change of social worker (social_worker_changes), though the
// cases stay on the post.
func TestAgencyCoverChangesWorker(t *testing.T) {
	p := smallLA()
	m := runTo(p, 75, p.WarmupWeeks+10)
	m.p.Statutory.Turnover = weeksPerYear // every employed worker leaves this week
	m.p.Statutory.AgencyCover = 1         // and is covered
	m.p.Statutory.RecruitWeeks = 1e12     // nobody is recruited
	var employed, held int32
	for _, sp := range m.sposts {
		if sp.state == postEmployed {
			employed++
			held += sp.cases
		}
	}
	if employed == 0 || held == 0 {
		t.Fatalf("%d employed workers holding %d children: nothing to test", employed, held)
	}
	before := m.acc.workerChanges
	cases := make([]int32, len(m.sposts))
	for k, sp := range m.sposts {
		cases[k] = sp.cases
	}
	m.stepPosts()
	for k, sp := range m.sposts {
		if sp.state == postEmployed || sp.cases != cases[k] {
			t.Fatalf("post %d: state %d with %d children, had %d; want agency cover keeping them", k, sp.state, sp.cases, cases[k])
		}
	}
	if got := m.acc.workerChanges - before; got != float64(held) {
		t.Errorf("%v changes of worker when %d employed workers holding %d children were covered by agency workers, want %d", got, employed, held, held)
	}
}

// A new case goes to the less loaded of two workers drawn at random: of
// workers holding 0, 1, …, n−1 children, the one chosen holds on average
// about (n−1)/3, not the (n−1)/2 of one drawn at random nor the 2(n−1)/3
// of the more loaded.
func TestCasesGoToTheLessLoaded(t *testing.T) {
	m := New(smallLA(), 76, 0, nil)
	n := len(m.staffed)
	if n < 5 {
		t.Fatalf("%d workers in post", n)
	}
	for k, post := range m.staffed {
		m.sposts[post].cases = int32(k)
	}
	s := m.keys.Stream(0, 0, PurposeAllocation)
	const draws = 4000
	var sum float64
	for range draws {
		sum += float64(m.sposts[m.choosePost(&s)].cases)
	}
	mean, third := sum/draws, float64(n-1)/3
	if math.Abs(mean-third) > 0.1*third {
		t.Errorf("workers holding 0 to %d children: the chosen one holds %.2f on average, want about %.2f", n-1, mean, third)
	}
}

// A worker-week is over the cap (statutory_workers_over_cap_share) when
// the caseload is above statutory.caseload_cap; at the cap it is not.
func TestWorkerWeeksOverCap(t *testing.T) {
	p := smallLA()
	m := New(p, 77, 0, nil)
	if len(m.staffed) < 3 {
		t.Fatalf("%d workers in post", len(m.staffed))
	}
	limit := int32(p.Statutory.CaseloadCap)
	for _, post := range m.staffed {
		m.sposts[post].cases = limit - 1
	}
	m.sposts[m.staffed[0]].cases = limit
	m.sposts[m.staffed[1]].cases = limit + 1
	var a accounts
	a.workerLoads(m)
	if a.workerWeeks != float64(len(m.staffed)) || a.workerOver != 1 {
		t.Errorf("one worker at the cap of %d and one above it: %v of %v worker-weeks over the cap, want 1 of %d", limit, a.workerOver, a.workerWeeks, len(m.staffed))
	}
}

// The 95th percentile of statutory caseloads is the lowest caseload with
// at least 95% of worker-weeks at or below it: of 19 worker-weeks at 10
// children and one at 30, 10.
func TestWorkerCaseloadQuantile(t *testing.T) {
	var a accounts
	if got := a.workerQuantile(0.95); got != 0 {
		t.Errorf("no worker-weeks: 95th percentile %v, want 0", got)
	}
	for _, c := range []struct {
		loads map[int]float64
		want  float64
	}{
		{map[int]float64{10: 19, 30: 1}, 10},
		{map[int]float64{10: 18, 30: 2}, 30},
		{map[int]float64{0: 95, 5: 5}, 0},
	} {
		a.workerHist = [len(a.workerHist)]float64{}
		a.workerWeeks = 0
		for load, n := range c.loads {
			a.workerHist[load] = n
			a.workerWeeks += n
		}
		if got := a.workerQuantile(0.95); got != c.want {
			t.Errorf("worker-weeks by caseload %v: 95th percentile %v, want %v", c.loads, got, c.want)
		}
	}
}
