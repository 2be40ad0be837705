package sim

import (
	"math"
	"testing"
)

// Tests of the statutory mechanisms and of the costs and capacity of the
// workforce: co-work, trainee supervision, agency premiums, re-referral,
// crises, leaving care, thinning support above the cap and deprivation.

// Statutory co-work: a qualified school-based worker co-works pupils' CIN
// and CP cases, a co-worked case weighs cowork_case_weight on the
// statutory caseload, and it gets cowork_support more support, so fewer
// children stay in need and fewer reach a section 47 enquiry.
func TestStatutoryCoWork(t *testing.T) {
	base := everySchoolEmbedded(smallLA())
	if v := meanMetric(base, 41, 2, "cowork_starts"); v <= 0 {
		t.Fatalf("no co-work with a qualified worker in every school")
	}
	support := base
	support.SchoolWorkforce.Teams = map[string]Team{"e": {Role: RoleSupport, SchoolsPerWorker: 1, Selection: SelectAll}}
	if v := meanMetric(support, 41, 2, "cowork_starts"); v != 0 {
		t.Errorf("support workers (cowork_cap 0) co-worked %v children a year", v)
	}
	full, shared := base, base
	full.Statutory.CoWorkCaseWeight, shared.Statutory.CoWorkCaseWeight = 1, 0
	wantFall(t, "cowork_case_weight 1 → 0", full, shared, 41, 6, "statutory_caseload_mean", 3)
	none, strong := base, base
	none.Effects.CoWorkSupport, strong.Effects.CoWorkSupport = 0, 1
	wantFall(t, "cowork_support 0 → 1", none, strong, 41, 8, "cin_stock", 2)
	wantFall(t, "cowork_support 0 → 1", none, strong, 41, 8, "s47_enquiries", 2)
}

// Trainees need supervision: with no qualified school-based worker it is
// taken from the statutory team, whose caseload per FTE rises; with one,
// the qualified workers' free hours fall by exactly the hours owed.
func TestTraineeSupervision(t *testing.T) {
	trainees := withTeam(smallLA(), "t", RoleTrainee, 4, 1)
	none, some := trainees, trainees
	none.SchoolWorkforce.TraineeSupervisionHours, some.SchoolWorkforce.TraineeSupervisionHours = 0, 10
	wantRise(t, "trainee_supervision_hours 0 → 10, no qualified worker", none, some, 42, 6, "statutory_caseload_mean", 3)

	mixed := smallLA()
	mixed.SchoolWorkforce.Teams = map[string]Team{
		"q": {Role: RoleQualified, FTE: 2, SchoolsPerWorker: 2, Selection: SelectMostDeprived},
		"t": {Role: RoleTrainee, FTE: 3, SchoolsPerWorker: 1, Selection: SelectMostDeprived},
	}
	mixed.SchoolWorkforce.BudgetFTE = 5
	mixed.SchoolWorkforce.Turnover = 0
	qualifiedHours := func(hours float64) (free, load float64) {
		p := mixed
		p.SchoolWorkforce.TraineeSupervisionHours = hours
		m := runTo(p, 42, p.WarmupWeeks+1) // the first measured week, in term
		if !m.termWeek(p.WarmupWeeks) {
			t.Fatal("the first measured week is not in term")
		}
		for _, sl := range m.slots {
			if m.roleNames[sl.role] == RoleQualified {
				free += sl.freeHours
			}
		}
		return free, m.traineeLoad
	}
	f0, _ := qualifiedHours(0)
	f5, load := qualifiedHours(5)
	if want := 3 * 5.0; math.Abs(f0-f5-want) > 1e-9 {
		t.Errorf("qualified free hours %v without supervision, %v with 5 hours per trainee FTE; want %v less", f0, f5, want)
	}
	if load != 0 {
		t.Errorf("statutory team supervises trainees (%v FTE) although qualified workers are deployed", load)
	}
}

// agencyFTE sums the statutory agency FTE over the measured weeks.
type agencyFTE struct{ sum float64 }

func (o *agencyFTE) Week(_ int, m *Model) {
	if m.measured {
		o.sum += m.agencyFTE
	}
}

// Agency workers cost costs.agency_premium more: school-based posts
// covered by agency cost FTE × role cost × (1 + premium) for the weeks
// covered, and the statutory team pays the premium on its agency FTE. The
// premium changes costs only, never the dynamics.
func TestAgencyPremium(t *testing.T) {
	p := withTeam(smallLA(), "x", RoleSupport, 2, 3)
	p.SchoolWorkforce.Turnover = 5 // most posts fall vacant in the period
	p.SchoolWorkforce.RecruitWeeks = 20
	p.SchoolWorkforce.AgencyCover = 1
	cost := p.SchoolWorkforce.Roles[RoleSupport].AnnualCost
	for r := range 3 {
		zero, one := p, p
		zero.Costs.AgencyPremium, one.Costs.AgencyPremium = 0, 1
		a, b := Simulate(zero, 43, r), Simulate(one, 43, r)
		if got, want := value(a, "cost_school_workforce"), 2*cost; math.Abs(got-want) > 1e-6*want {
			t.Errorf("rep %d: every post filled or covered at no premium costs %v, want %v", r, got, want)
		}
		if extra := value(b, "cost_school_workforce") - value(a, "cost_school_workforce"); !(extra > 0 && extra < 2*cost) {
			t.Errorf("rep %d: agency premium 1 added %v to the school workforce cost, want between 0 and %v", r, extra, 2*cost)
		}
		if value(a, "s47_enquiries") != value(b, "s47_enquiries") || value(a, "cla_stock") != value(b, "cla_stock") {
			t.Errorf("rep %d: the agency premium changed the dynamics", r)
		}
		obs := &agencyFTE{}
		m := New(one, 43, r, obs)
		m.Run()
		stat := value(m.Finish(), "cost_statutory_staff") - value(a, "cost_statutory_staff")
		want := obs.sum * p.Costs.StatutoryFTE / 52 / float64(p.Years)
		if math.Abs(stat-want) > 1e-6*want || want <= 0 {
			t.Errorf("rep %d: agency premium 1 added %v to the statutory staff cost, want agency FTE-weeks × cost = %v", r, stat, want)
		}
	}
	noCover := p
	noCover.SchoolWorkforce.AgencyCover = 0
	zero, one := noCover, noCover
	zero.Costs.AgencyPremium, one.Costs.AgencyPremium = 0, 1
	if a, b := value(Simulate(zero, 43, 0), "cost_school_workforce"), value(Simulate(one, 43, 0), "cost_school_workforce"); a != b {
		t.Errorf("with no agency cover the premium changed the school workforce cost from %v to %v", a, b)
	}
}

// rereferralCount recounts re-referrals from the families' last-referral
// weeks: a family referred this week whose previous referral was at most
// window weeks ago. A family referred twice in one week counts once here.
type rereferralCount struct {
	window int
	prev   []int32
	count  float64
}

func (o *rereferralCount) Week(w int, m *Model) {
	if o.prev == nil {
		o.prev = make([]int32, len(m.families))
		for i := range o.prev {
			o.prev[i] = -1
		}
	}
	for i := range m.families {
		f := &m.families[i]
		if int(f.referred) != w {
			continue
		}
		if m.measured && o.prev[i] >= 0 && w-int(o.prev[i]) <= o.window {
			o.count += float64(f.n)
		}
		o.prev[i] = f.referred
	}
}

// A referral within need.rereferral_weeks of the family's previous one is a
// re-referral: the count grows with the window, and agrees within 2% with a
// recount from the families' referral weeks.
func TestRereferralWindow(t *testing.T) {
	var last float64
	for _, weeks := range []int{13, 26, 52, 104} {
		p := smallLA()
		p.Need.RereferralWeeks = weeks
		var got, recount, refs float64
		for r := range 3 {
			obs := &rereferralCount{window: weeks}
			m := New(p, 44, r, obs)
			m.Run()
			o := m.Finish()
			got += value(o, "rereferrals")
			refs += value(o, "referrals")
			recount += obs.count / float64(p.Years)
		}
		if !(got > last) || got >= refs {
			t.Errorf("window %d weeks: %v re-referrals a year (shorter window %v, referrals %v)", weeks, got, last, refs)
		}
		if math.Abs(got/recount-1) > 0.02 {
			t.Errorf("window %d weeks: %v re-referrals counted, %v recounted", weeks, got, recount)
		}
		last = got
	}
}

// A crisis at need 3 (need.crisis) is an emergency: with no crises there
// are no emergency care entries, and doubling the hazard raises them.
func TestCrisisEmergencyCare(t *testing.T) {
	none, double := smallLA(), smallLA()
	none.Need.Crisis = 0
	double.Need.Crisis *= 2
	if v := meanMetric(none, 45, 3, "care_entries_emergency"); v != 0 {
		t.Errorf("%v emergency care entries a year with no crises", v)
	}
	wantRise(t, "need.crisis ×2", smallLA(), double, 45, 8, "care_entries_emergency", 3)
}

// claStart sums the looked-after stock at the start of each measured week.
type claStart struct{ last, sum float64 }

func (o *claStart) Week(_ int, m *Model) {
	if m.measured {
		o.sum += o.last
	}
	o.last = m.acc.stock[StageCLA]
}

// Leaving care (pipeline.care_leave, weekly): the children leaving care
// are the weekly rate times the looked-after stock at the start of each
// week, within ±15% over 20 replications; with no leaving the stock never
// falls; a higher rate means a smaller stock.
func TestLeavingCare(t *testing.T) {
	p := smallLA()
	var leavers, expected float64
	for r := range 20 {
		obs := &claStart{}
		m := New(p, 46, r, obs)
		m.Run()
		o := m.Finish()
		leavers += (value(o, "care_leavers") - value(o, "care_leavers_at_18")) * float64(p.Years)
		expected += obs.sum * p.Pipeline.CareLeave
	}
	if math.Abs(leavers/expected-1) > 0.15 {
		t.Errorf("%v children left care, rate × stock gives %v: want within ±15%%", leavers, expected)
	}
	stay := smallLA()
	stay.Pipeline.CareLeave = 0
	stay.UASC.EntriesPer10k = 0
	o := Simulate(stay, 46, 0)
	if v, at18 := value(o, "care_leavers"), value(o, "care_leavers_at_18"); v != at18 {
		t.Errorf("%v care leavers with care_leave 0, %v of them at 18", v, at18)
	}
	for w := 1; w < len(o.Weekly); w++ {
		september := (stay.WarmupWeeks+w)%52 == 0
		if o.Weekly[w][WCLA] < o.Weekly[w-1][WCLA] && !september {
			t.Fatalf("looked-after stock fell in week %d with care_leave 0", w)
		}
	}
	fast := smallLA()
	fast.Pipeline.CareLeave *= 2
	wantRise(t, "care_leave ×2", smallLA(), fast, 46, 16, "care_leavers", 2)
	wantFall(t, "care_leave ×2", smallLA(), fast, 46, 8, "cla_stock", 3)
}

// Statutory support thins above the cap: a CIN or CP family's support is
// multiplied by min(1, cap / caseload). With half the social workers and
// no waiting for allocation (max_wait_weeks 0, so the cap does not delay
// assessments), a cap that binds means more escalation than no cap.
func TestSupportThinsAboveCap(t *testing.T) {
	m := New(smallLA(), 47, 0, nil)
	e := m.p.Effects
	f := family{stage: StageCP, worker: -1}
	m.acc.capacityFactor = 0.5
	if got, want := m.supportStrength(&f), e.CPSupport*0.5; math.Abs(got-want) > 1e-12 {
		t.Errorf("CP support at capacity factor 0.5: %v, want %v", got, want)
	}
	f.stage = StageCIN
	if got, want := m.supportStrength(&f), e.CINSupport*0.5; math.Abs(got-want) > 1e-12 {
		t.Errorf("CIN support at capacity factor 0.5: %v, want %v", got, want)
	}

	tight := smallLA()
	tight.Statutory.Posts /= 2
	tight.Statutory.MaxWaitWeeks = 0
	uncapped := tight
	uncapped.Statutory.CaseloadCap = 1e6
	if v := meanMetric(tight, 47, 2, "statutory_weeks_over_cap"); v < 0.5 {
		t.Fatalf("with half the social workers only %.0f%% of weeks were over the cap", 100*v)
	}
	wantRise(t, "cap binding vs no cap", uncapped, tight, 47, 8, "s47_enquiries", 2)
	wantRise(t, "cap binding vs no cap", uncapped, tight, 47, 8, "cp_plan_starts", 2)
}

// needByDeprivation averages, over the measured weeks, the share of
// families at need ≥ 1 and at need ≥ 2, for families on FSM (index 1) and
// not (index 0).
type needByDeprivation struct{ n, any, high [2]float64 }

func (o *needByDeprivation) Week(_ int, m *Model) {
	if !m.measured {
		return
	}
	for i := range m.families {
		f := &m.families[i]
		d := 0
		if f.flags&flagDeprived != 0 {
			d = 1
		}
		o.n[d]++
		if f.need >= 1 {
			o.any[d]++
		}
		if f.need >= 2 {
			o.high[d]++
		}
	}
}

// Deprivation raises onset and escalation (need.deprived_rr). Starting
// both groups from the same need shares, over 12 replications: with a rate
// ratio of 1 families on FSM and not have need equally often (within ±10%)
// and escalate equally often; with the default ratio (2), families on FSM
// have need more often (ratio above 1.5), and more of their need is at
// level 2 or 3 (ratio of the conditional shares above 1.15).
func TestDeprivationRaisesNeed(t *testing.T) {
	ratios := func(rr float64) (prevalence, escalated float64) {
		p := smallLA()
		p.Need.DeprivedRR = rr
		p.Need.InitialSharesDeprived = p.Need.InitialShares
		o := &needByDeprivation{}
		for r := range 12 {
			New(p, 48, r, o).Run()
		}
		share := func(x [2]float64, d int) float64 { return x[d] / o.n[d] }
		prevalence = share(o.any, 1) / share(o.any, 0)
		escalated = (o.high[1] / o.any[1]) / (o.high[0] / o.any[0])
		return prevalence, escalated
	}
	p1, e1 := ratios(1)
	if math.Abs(p1-1) > 0.10 || math.Abs(e1-1) > 0.10 {
		t.Errorf("deprived_rr 1: need ratio FSM/not %.2f, escalated-share ratio %.2f; want both 1 ± 0.10", p1, e1)
	}
	p2, e2 := ratios(Defaults().Need.DeprivedRR)
	if p2 < 1.5 || e2 < 1.15 {
		t.Errorf("deprived_rr %v: need ratio FSM/not %.2f (want > 1.5), escalated-share ratio %.2f (want > 1.15)",
			Defaults().Need.DeprivedRR, p2, e2)
	}
	wantRise(t, "deprived_rr 1 → default", func() Params { p := smallLA(); p.Need.DeprivedRR = 1; return p }(), smallLA(), 48, 4, "referrals", 3)
}

// CIN plans opened by an assessment or enquiry below need 3 end when their
// episode of need reaches a length drawn from pipeline.cin_length: with
// every length in the first band (3 months or less) the episodes of need
// ended are much shorter, and the children in need fewer, than with every
// length in the last (2 years or more); and no CIN plan of drawn length
// outlives its timer at need below 3 (TestTrueHazardsWithinBounds).
func TestCINLengthFollowsMix(t *testing.T) {
	short, long := smallLA(), smallLA()
	short.Pipeline.CINLength = [5]float64{1, 0, 0, 0, 0}
	long.Pipeline.CINLength = [5]float64{0, 0, 0, 0, 1}
	wantFall(t, "cin_length all 2+ years", short, long, 47, 8, "cin_episodes_ended_share_le3m", 4)
	wantRise(t, "cin_length all 2+ years", short, long, 47, 8, "cin_stock", 4)
}

// A CIN plan that ends at its drawn length leaves the need it was for met
// with chance pipeline.cin_need_met; otherwise the family keeps its need
// and comes back: with no need met there are more referrals and more
// re-referrals than with every need met.
func TestCINNeedMet(t *testing.T) {
	met, unmet := smallLA(), smallLA()
	met.Pipeline.CINNeedMet, unmet.Pipeline.CINNeedMet = 1, 0
	wantRise(t, "cin_need_met 0", met, unmet, 48, 8, "referrals", 3)
	wantRise(t, "cin_need_met 0", met, unmet, 48, 8, "rereferral_share", 3)
}

// pipeline.cin_length_max is where the 2+ years band of cin_length ends:
// with every plan in that band, plans running to twelve years hold more
// children in need than plans running to three, and no drawn length is
// past the longest.
func TestCINLengthMax(t *testing.T) {
	short, long := smallLA(), smallLA()
	short.Pipeline.CINLength = [5]float64{0, 0, 0, 0, 1}
	long.Pipeline.CINLength = short.Pipeline.CINLength
	short.Pipeline.CINLengthMax, long.Pipeline.CINLengthMax = 3, 12
	wantRise(t, "cin_length_max 12", short, long, 49, 8, "cin_stock", 4)
	m := New(short, 1, 0, nil)
	s := NewKeys(2, 0).Stream(1, 0, PurposeBuild)
	for range 10000 {
		if w := m.drawCINLength(&s); w <= lengthWeekTops[len(lengthWeekTops)-1] || w > 3*weeksPerYear {
			t.Fatalf("a plan of the 2+ years band drawn %d weeks long, outside (104, %d]", w, 3*weeksPerYear)
		}
	}
}
