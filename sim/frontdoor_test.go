package sim

import (
	"math"
	"testing"
)

// front_door.step_down_gap is the band below the threshold whose referrals
// are stepped down to early help: with no band there is no step down at
// triage, and a wider band steps down more and closes fewer with no
// further action.
func TestStepDownGap(t *testing.T) {
	none := smallLA()
	none.FrontDoor.StepDownGap = 0
	if v := meanMetric(none, 5, 2, "triage_early_help"); v != 0 {
		t.Errorf("step_down_gap 0: %v early help decisions at triage, want 0", v)
	}
	narrow, wide := smallLA(), smallLA()
	narrow.FrontDoor.StepDownGap, wide.FrontDoor.StepDownGap = 0.5, 2
	wantRise(t, "step_down_gap 0.5 → 2", narrow, wide, 5, 3, "triage_early_help", 3)
	wantFall(t, "step_down_gap 0.5 → 2", narrow, wide, 5, 3, "triage_nfa", 3)
}

// front_door.early_help_consent is the chance that a family offered early
// help takes it: at 0 no early help starts although it is offered, and
// at half the default about half as many start (common random numbers: a
// family that consents at the lower chance consents at the higher).
func TestEarlyHelpConsent(t *testing.T) {
	p := smallLA()
	refuse := p
	refuse.FrontDoor.EarlyHelpConsent = 0
	if v := meanMetric(refuse, 6, 2, "triage_early_help"); !(v > 0) {
		t.Fatalf("no early help offered at triage (%v): the test needs offers", v)
	}
	if v := meanMetric(refuse, 6, 2, "early_help_starts"); v != 0 {
		t.Errorf("early_help_consent 0: %v early help starts, want 0", v)
	}
	half := p
	half.FrontDoor.EarlyHelpConsent = p.FrontDoor.EarlyHelpConsent / 2
	full, halved := meanMetric(p, 6, 4, "early_help_starts"), meanMetric(half, 6, 4, "early_help_starts")
	if r := halved / full; math.Abs(r-0.5) > 0.1 {
		t.Errorf("early_help_consent %v → %v: early help starts %v → %v (ratio %.3f), want about half",
			p.FrontDoor.EarlyHelpConsent, half.FrontDoor.EarlyHelpConsent, full, halved, r)
	}
}

// front_door.strategy_to_s47 is the chance that a strategy discussion
// held at triage or after an assessment leads to an enquiry; one held for
// a crisis or a CIN plan's escalation always does. At 1 every discussion
// is an enquiry and every enquiry had one; at 0 only the crises' and the
// escalations' are.
func TestStrategyToS47(t *testing.T) {
	always := smallLA()
	always.FrontDoor.StrategyToS47 = 1
	for r := range 2 {
		o := Simulate(always, 7, r)
		if s, e := value(o, "strategy_discussions"), value(o, "s47_enquiries"); s <= 0 || math.Abs(e-s) > 1e-9*s {
			t.Errorf("strategy_to_s47 1, replication %d: %v strategy discussions, %v enquiries; want as many, more than 0", r, s, e)
		}
	}
	never := smallLA()
	never.FrontDoor.StrategyToS47 = 0
	var s, e float64
	for r := range 2 {
		o := Simulate(never, 7, r)
		s += value(o, "strategy_discussions")
		e += value(o, "s47_enquiries")
	}
	if !(e > 0 && e < s/2) {
		t.Errorf("strategy_to_s47 0: %v enquiries of %v strategy discussions; want some (crises, escalations), under half", e, s)
	}
	wantRise(t, "strategy_to_s47 0 → 1", never, always, 7, 3, "s47_enquiries", 3)
}

// school_workforce.supervision_share is the share of a school-based
// worker's hours received as supervision: it is the supervision share of
// the hours when no trainee is supervised, and it takes that share of
// each worker's hours from the hours free for families and schools.
func TestSupervisionShare(t *testing.T) {
	p := withTeam(smallLA(), "q", RoleQualified, 3, 2)
	p.SchoolWorkforce.TraineeSupervisionHours = 0
	p.SchoolWorkforce.Turnover = 0
	free := func(share float64) (float64, float64) {
		q := p
		q.SchoolWorkforce.SupervisionShare = share
		m := runTo(q, 8, q.WarmupWeeks+1) // the first measured week, in term
		if !m.termWeek(q.WarmupWeeks) {
			t.Fatal("the first measured week is not in term")
		}
		var h, fte float64
		for _, sl := range m.slots {
			h += sl.freeHours
			fte += sl.fte
		}
		return h, fte
	}
	for _, share := range []float64{0, 0.05, 0.2} {
		q := p
		q.SchoolWorkforce.SupervisionShare = share
		if got := value(Simulate(q, 8, 0), "school_worker_hours_share_supervision"); math.Abs(got-share) > 1e-9 {
			t.Errorf("supervision_share %v: supervision is %v of the hours", share, got)
		}
	}
	h0, fte := free(0)
	h2, _ := free(0.2)
	if want := 0.2 * fte * p.SchoolWorkforce.HoursPerWeek; fte <= 0 || math.Abs(h0-h2-want) > 1e-6 {
		t.Errorf("supervision_share 0 → 0.2: free hours %v → %v for %v FTE; want %v fewer", h0, h2, fte, want)
	}
}
