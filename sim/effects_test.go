package sim

import (
	"math"
	"testing"
)

// Tests of who refers (referrals_from_school_worker apart from school
// staff, pathway A at every level of need) and of the time use and
// caseloads of school-based workers (MODEL.md §3.3, §3.8).

// A school-based worker's referrals are their own source, apart from
// school staff's; both are the school's, and with no worker there are none.
func TestWorkerReferralsCountedApart(t *testing.T) {
	with := everySchoolEmbedded(smallLA())
	for name, p := range map[string]Params{"no team": smallLA(), "every school embedded": with} {
		o := Simulate(p, 41, 0)
		staff, worker, school := value(o, "referrals_from_school"), value(o, "referrals_from_school_worker"), value(o, "referrals_school")
		if math.Abs(staff+worker-school) > 1e-9 {
			t.Errorf("%s: staff %v + worker %v referrals, school referrals %v", name, staff, worker, school)
		}
		if name == "no team" && worker != 0 {
			t.Errorf("no team: %v referrals from school-based workers", worker)
		}
		if name != "no team" && !(worker > 0 && staff > 0) {
			t.Errorf("%s: staff %v, worker %v referrals; want both above 0", name, staff, worker)
		}
	}
}

// Pathway A at every level of need: with staff_referral_cut, staff bring
// concerns to the worker, so staff referrals fall, the worker's rise, and
// referrals at need 3 (straight to a strategy discussion) move from staff
// to the worker too.
func TestStaffReferralCut(t *testing.T) {
	base := everySchoolEmbedded(smallLA())
	off, on := base, base
	off.Effects.StaffReferralCut, on.Effects.StaffReferralCut = 0, 1
	wantFall(t, "staff_referral_cut 0 → 1", off, on, 36, 8, "referrals_from_school", 3)
	wantRise(t, "staff_referral_cut 0 → 1", off, on, 36, 8, "referrals_from_school_worker", 3)
}

// The setting of seed 002 (scenarios/consulted.yaml, not a default):
// staff consult the worker before referring, so the school's staff
// referrals fall while section 47 enquiries about its pupils rise. Run on
// the typical LA with a worker in every secondary school.
func TestConsultedStaffReferralsFallEnquiriesRise(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the typical LA")
	}
	none := Defaults()
	consulted := Defaults()
	consulted.SchoolWorkforce.BudgetFTE = 23
	consulted.SchoolWorkforce.Teams = map[string]Team{"swis": {Role: RoleQualified, SchoolsPerWorker: 1, Selection: SelectByType, SchoolTypes: []string{"secondary"}}}
	consulted.Effects.StaffReferralCut, consulted.Effects.NoNeedCut = 0.9, 0.9
	wantFall(t, "seed 002 setting", none, consulted, 37, 6, "referrals_from_school", 3)
	wantRise(t, "seed 002 setting", none, consulted, 37, 6, "s47_type_secondary", 2)
}

// With no school-based worker, the new mechanisms draw nothing: the
// baseline is the same whatever their values.
func TestEffectsOfWorkersOnlyWhereTheyWork(t *testing.T) {
	a, b := smallLA(), smallLA()
	b.Effects.StaffReferralCut, b.Effects.HoldShare, b.Effects.ConcernStrategy = 0.7, 0.3, 1
	b.SchoolWorkforce.OwnAssessment = 0.2
	for name, r := range b.SchoolWorkforce.Roles {
		r.SubThresholdIntake = 5
		b.SchoolWorkforce.Roles[name] = r
	}
	b.SchoolWorkforce.CaseworkHours, b.SchoolWorkforce.CoWorkHours = 9, 9
	oa, ob := Simulate(a, 42, 0), Simulate(b, 42, 0)
	for i, v := range oa.Values {
		if v != ob.Values[i] && !(math.IsNaN(v) && math.IsNaN(ob.Values[i])) {
			t.Fatalf("%s: %v without a team, %v with other effects", MetricNames()[i], v, ob.Values[i])
		}
	}
}

// Time use: every hour of a worker in post goes to one activity, so the
// shares add up to 1 overall and for each role with workers; recording
// and supervision take their shares; cases per FTE stay within the caps.
func TestTimeUseAndCaseloads(t *testing.T) {
	p := smallLA()
	p.SchoolWorkforce.Teams = map[string]Team{
		"q": {Role: RoleQualified, SchoolsPerWorker: 1, Selection: SelectByType, SchoolTypes: []string{"secondary"}},
		"s": {Role: RoleSupport, FTE: 2, SchoolsPerWorker: 3, Selection: SelectMostDeprived},
	}
	p.SchoolWorkforce.BudgetFTE = 5
	p.SchoolWorkforce.TraineeSupervisionHours = 0
	o := Simulate(p, 43, 0)
	for _, suffix := range []string{"", "_qualified", "_support"} {
		var sum float64
		for _, a := range ActivityNames {
			v := value(o, "school_worker_hours_share_"+a+suffix)
			if v < 0 || v > 1 {
				t.Errorf("hours share %s%s = %v outside [0, 1]", a, suffix, v)
			}
			sum += v
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Errorf("hours shares%s add up to %v", suffix, sum)
		}
		if got := value(o, "school_worker_hours_share_recording"+suffix); math.Abs(got-p.SchoolWorkforce.RecordingShare) > 1e-9 {
			t.Errorf("recording share%s %v, want %v", suffix, got, p.SchoolWorkforce.RecordingShare)
		}
	}
	for _, r := range []string{RoleQualified, RoleSupport} {
		role := p.SchoolWorkforce.Roles[r]
		in, mon := value(o, "school_worker_intensive_"+r+"_mean"), value(o, "school_worker_monitoring_"+r+"_mean")
		if !(in > 0 && in <= role.IntensiveCap+1e-9 && mon > 0 && mon <= role.MonitoringCap+1e-9) {
			t.Errorf("%s: %v intensive and %v monitoring cases per FTE; want in (0, %v] and (0, %v]", r, in, mon, role.IntensiveCap, role.MonitoringCap)
		}
	}
	if v := value(o, "school_worker_hours_share_travel_qualified"); v != 0 {
		t.Errorf("one school per qualified worker, travel share %v", v)
	}
	if v := value(o, "school_worker_hours_share_travel_support"); !(v > 0) {
		t.Errorf("three schools per support worker, travel share %v", v)
	}
}

// Young people below the need threshold (role sub_threshold_intake) fill a
// worker's caseload up to the caps, families with need first: every
// family-level outcome is the same with and without them, and the cases
// per FTE rise but stay within the caps.
func TestSubThresholdIntake(t *testing.T) {
	off := smallLA()
	off.SchoolWorkforce.Teams = map[string]Team{
		"q": {Role: RoleQualified, SchoolsPerWorker: 1, Selection: SelectByType, SchoolTypes: []string{"secondary"}},
		"s": {Role: RoleSupport, FTE: 2, SchoolsPerWorker: 3, Selection: SelectMostDeprived},
	}
	off.SchoolWorkforce.BudgetFTE = 5
	on := off
	off.SchoolWorkforce.Roles, on.SchoolWorkforce.Roles = DefaultRoles(), DefaultRoles()
	for name, r := range off.SchoolWorkforce.Roles {
		r.SubThresholdIntake = 0
		off.SchoolWorkforce.Roles[name] = r
	}
	oa, ob := Simulate(off, 44, 0), Simulate(on, 44, 0)
	for _, m := range []string{"referrals", "referrals_from_school_worker", "s17_assessments", "s47_enquiries", "cp_plan_starts", "care_entries", "school_casework_starts", "school_worker_assessments"} {
		if value(oa, m) != value(ob, m) {
			t.Errorf("%s: %v without young people below the threshold, %v with", m, value(oa, m), value(ob, m))
		}
	}
	for _, r := range []string{RoleQualified, RoleSupport} {
		role := on.SchoolWorkforce.Roles[r]
		for _, kind := range []string{"intensive", "monitoring"} {
			a, b := value(oa, "school_worker_"+kind+"_"+r+"_mean"), value(ob, "school_worker_"+kind+"_"+r+"_mean")
			limit := role.IntensiveCap
			if kind == "monitoring" {
				limit = role.MonitoringCap
			}
			if !(b > a && b <= limit+1e-9) {
				t.Errorf("%s %s cases per FTE: %v without, %v with young people below the threshold; want a rise within the cap %v", r, kind, a, b, limit)
			}
		}
	}
}

// The worker's own assessments (school_workforce.own_assessment) are
// counted at casework starts and the worker's own referrals: none with a
// share of 0, all of them with 1, and nothing else changes.
func TestOwnAssessments(t *testing.T) {
	none, all := everySchoolEmbedded(smallLA()), everySchoolEmbedded(smallLA())
	none.SchoolWorkforce.OwnAssessment, all.SchoolWorkforce.OwnAssessment = 0, 1
	on, oa := Simulate(none, 45, 0), Simulate(all, 45, 0)
	if v := value(on, "school_worker_assessments"); v != 0 {
		t.Errorf("own_assessment 0: %v assessments by school-based workers", v)
	}
	want := value(oa, "school_casework_starts") + value(oa, "referrals_from_school_worker")
	if got := value(oa, "school_worker_assessments"); !(got > 0 && got == want) {
		t.Errorf("own_assessment 1: %v assessments by school-based workers, want casework starts + own referrals = %v", got, want)
	}
	for _, m := range []string{"referrals", "s17_assessments", "s47_enquiries", "cp_plan_starts"} {
		if value(on, m) != value(oa, m) {
			t.Errorf("%s: %v with own_assessment 0, %v with 1", m, value(on, m), value(oa, m))
		}
	}
}

// A worker raising need below the threshold as a child protection concern
// (effects.concern_strategy) adds section 47 enquiries that seldom end in
// a plan: enquiries rise, and the share of enquiries ending in a CP plan
// falls.
func TestConcernStrategy(t *testing.T) {
	off, on := everySchoolEmbedded(smallLA()), everySchoolEmbedded(smallLA())
	off.Effects.ConcernStrategy, on.Effects.ConcernStrategy = 0, 1
	wantRise(t, "concern_strategy 0 → 1", off, on, 46, 6, "s47_enquiries", 3)
	a, b := Simulate(off, 46, 0), Simulate(on, 46, 0)
	ra := value(a, "cp_plan_starts") / value(a, "s47_enquiries")
	rb := value(b, "cp_plan_starts") / value(b, "s47_enquiries")
	if !(rb < ra) {
		t.Errorf("CP plans per enquiry %.3f with concern_strategy 1, %.3f with 0; want fewer", rb, ra)
	}
}

// Intensive casework that ends steps down to monitoring while the worker
// has room in monitoring: with room always in intensive work, no family
// starts in monitoring, so every monitoring case is a step-down, and
// there are none when monitoring has no room.
func TestCaseworkStepsDownToMonitoring(t *testing.T) {
	withRoles := func(monitoringCap float64) Params {
		p := withTeam(smallLA(), "x", RoleQualified, 2, 2)
		p.SchoolWorkforce.Roles = DefaultRoles()
		r := p.SchoolWorkforce.Roles[RoleQualified]
		r.IntensiveCap, r.MonitoringCap, r.SubThresholdIntake = 1000, monitoringCap, 0
		p.SchoolWorkforce.Roles[RoleQualified] = r
		return p
	}
	o := Simulate(withRoles(25), 46, 0)
	if o.Values[MetricIndex("school_casework_starts")] == 0 {
		t.Fatal("no casework started")
	}
	if n, mon := o.Ledger.SupMoves[SupportNone][SupportMonitoring], value(o, "school_worker_monitoring_qualified_mean"); !(n > 0 && mon > 0) {
		t.Errorf("%v children moved to monitoring, %v monitoring cases per FTE; want some of both", n, mon)
	}
	o = Simulate(withRoles(0), 46, 0)
	if n := o.Ledger.SupMoves[SupportNone][SupportMonitoring]; n != 0 {
		t.Errorf("%v children moved to monitoring with no room in it", n)
	}
}

// A worker's intake of young people below the threshold in a term week is
// Poisson(role sub_threshold_intake × FTE ÷ schools covered): a worker in
// one school is brought all of it, one over eight schools an eighth.
func TestSubThresholdIntakeBySchools(t *testing.T) {
	for _, schools := range []float64{1, 8} {
		p := withTeam(smallLA(), "x", RoleQualified, 1, schools)
		m := New(p, 47, 0, nil)
		if len(m.slots) != 1 || len(m.slots[0].schools) != int(schools) {
			t.Fatalf("%d slots, want one over %v schools", len(m.slots), schools)
		}
		sl := &m.slots[0]
		sl.filled = true
		const weeks = 4000
		var n int
		for w := range weeks {
			m.week = w
			sl.subIntensive, sl.subMonitoring = 0, 0
			m.stepSubThreshold(0, true)
			n += sl.subIntensive + sl.subMonitoring
		}
		want := p.SchoolWorkforce.Roles[RoleQualified].SubThresholdIntake / schools
		if got := float64(n) / weeks; math.Abs(got/want-1) > 0.1 {
			t.Errorf("a worker over %v schools: %.3f young people brought a week, want %.3f ± 10%%", schools, got, want)
		}
	}
}

// Group work takes school_workforce.group_share of all the worker's free
// hours in term, as far as casework and co-work leave them, and
// consultation the rest.
func TestGroupWorkShareOfFreeHours(t *testing.T) {
	p := withTeam(smallLA(), "x", RoleQualified, 1, 1)
	p.SchoolWorkforce.GroupShare = 0.2
	p.SchoolWorkforce.CaseworkHours = 5
	p.SchoolWorkforce.CoWorkHours = 2
	m := New(p, 48, 0, nil)
	sl := &m.slots[0]
	sl.freeHours, sl.intensive, sl.monitoring, sl.subIntensive, sl.subMonitoring, sl.cowork = 30, 2, 0, 0, 0, 1
	h := m.timeUse(sl, true, 0)
	// 30 free hours: 2 of co-work, 10 of casework, 6 (a fifth of 30) of group work, 12 of consultation
	for act, want := range map[int]float64{ActCoWork: 2, ActCasework: 10, ActGroupWork: 6, ActConsultation: 12} {
		if math.Abs(h[act]-want) > 1e-9 {
			t.Errorf("%s: %v hours, want %v", ActivityNames[act], h[act], want)
		}
	}
	sl.intensive = 5 // 25 hours of casework leave 3 for groups
	h = m.timeUse(sl, true, 0)
	if h[ActGroupWork] != 3 || h[ActConsultation] != 0 {
		t.Errorf("3 hours left after casework: %v of group work and %v of consultation, want 3 and 0", h[ActGroupWork], h[ActConsultation])
	}
}
