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
	b.Effects.StaffReferralCut, b.Effects.HoldShare = 0.7, 0.3
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
