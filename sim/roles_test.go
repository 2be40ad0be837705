package sim

import "testing"

// Caseloads are reported for each worker type: with a qualified team and
// a support team, each role's caseload is positive, a role with no
// workers reports 0, and the pooled caseload lies between the two.
func TestCaseloadByRole(t *testing.T) {
	p := smallLA()
	p.Effects = EvidenceSets()["pilots"]
	p.SchoolWorkforce.Teams = map[string]Team{
		"a": {Role: RoleQualified, FTE: 2, SchoolsPerWorker: 2, Selection: SelectMostDeprived},
		"b": {Role: RoleSupport, FTE: 2, SchoolsPerWorker: 2, Selection: SelectMostDeprived},
	}
	p.SchoolWorkforce.BudgetFTE = 4
	o := Simulate(p, 3, 0)
	q, s := value(o, "school_worker_caseload_qualified_mean"), value(o, "school_worker_caseload_support_mean")
	pooled := value(o, "school_worker_caseload_mean")
	if q <= 0 || s <= 0 {
		t.Fatalf("caseloads by role: qualified %v, support %v", q, s)
	}
	if tr := value(o, "school_worker_caseload_trainee_mean"); tr != 0 {
		t.Fatalf("trainee caseload %v with no trainees", tr)
	}
	lo, hi := min(q, s), max(q, s)
	if pooled < lo*0.95 || pooled > hi*1.05 {
		t.Fatalf("pooled caseload %v outside the roles' %v-%v", pooled, lo, hi)
	}
}
