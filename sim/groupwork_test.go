package sim

import "testing"

// groupOnly is the small LA with a worker in every school whose only
// effects are those of group work.
func groupOnly(share, support, detect float64) Params {
	p := smallLA()
	p.Effects = Effects{Evidence: p.Effects.Evidence, EarlyHelpSupport: p.Effects.EarlyHelpSupport,
		CINSupport: p.Effects.CINSupport, CPSupport: p.Effects.CPSupport, HoldLevel: 1,
		ConsentPrimary: 0.8, ConsentSecondary: 0.8, GroupSupport: support, GroupDetect: detect}
	p = withTeam(p, "all", RoleQualified, 16, 1)
	p.SchoolWorkforce.Teams["all"] = Team{Role: RoleQualified, SchoolsPerWorker: 1, Selection: SelectAll}
	p.SchoolWorkforce.GroupShare = share
	return p
}

// Group work surfaces hidden need (pathway C): with its detection on,
// school-based workers identify more families than without group work.
func TestGroupWorkSurfacesNeed(t *testing.T) {
	with := meanMetric(groupOnly(0.3, 0, 0.05), 1, 4, "school_identified")
	without := meanMetric(groupOnly(0, 0, 0.05), 1, 4, "school_identified")
	if without != 0 || with <= 0 {
		t.Fatalf("families identified: %v with group work, %v without (want > 0 and 0)", with, without)
	}
}

// Group work supports families whose need is not otherwise met: with full
// support from groups, fewer children need a section 17 assessment than
// with groups that do nothing, on the same families and random numbers.
func TestGroupWorkPrevents(t *testing.T) {
	helped := meanMetric(groupOnly(0.5, 1, 0), 2, 4, "s17_assessments")
	idle := meanMetric(groupOnly(0.5, 0, 0), 2, 4, "s17_assessments")
	if helped >= 0.97*idle {
		t.Fatalf("section 17 assessments a year: %.0f with supportive groups, %.0f with idle ones (want at least 3%% fewer)", helped, idle)
	}
}

// The share of hours given to groups comes out of consultation: the
// effect at each school falls as the share rises.
func TestGroupWorkTakesConsultationTime(t *testing.T) {
	effect := func(share float64) float64 {
		p := groupOnly(share, 0, 0)
		m := New(p, 1, 0, nil)
		for m.week <= p.WarmupWeeks+10 {
			m.Step()
		}
		var e, g float64
		for _, sc := range m.schools {
			e += sc.effect
			g += sc.group
		}
		if share == 0 && g != 0 {
			t.Fatalf("group reach %v with no group work", g)
		}
		return e
	}
	if a, b := effect(0), effect(0.5); !(b < a) {
		t.Fatalf("summed effect %v with half the hours in groups, %v with none", b, a)
	}
}

// Group work holds back the escalation of need, not its onset: a family
// with no need at a school whose groups reach everyone has the onset
// hazard it would have anywhere, as the wake queue draws it, while one
// with need has its escalation cut.
func TestGroupWorkLeavesOnsetAlone(t *testing.T) {
	p := groupOnly(0.5, 1, 0)
	m := New(p, 1, 0, nil)
	var i int
	for i = range m.families {
		if m.families[i].main >= 0 {
			break
		}
	}
	f := m.families[i]
	m.schools[f.main].group = 1
	f.stage, f.support, f.need = StageNone, SupportNone, 0
	up, _ := m.needHazards(&f)
	if want, _ := m.unbentNeedHazards(&f); up != want {
		t.Errorf("onset hazard %v with groups at full reach, want %v (none of group work)", up, want)
	}
	f.need = 1
	up, _ = m.needHazards(&f)
	if want, _ := m.unbentNeedHazards(&f); up >= want {
		t.Errorf("escalation hazard %v with groups at full reach, want below %v", up, want)
	}
}

// Group work holds back the escalation of need only in a family with no
// other help (effects.group_support): a family in early help or with an
// open case escalates as that help alone lets it.
func TestGroupSupportOnlyWithoutOtherHelp(t *testing.T) {
	p := groupOnly(0.5, 1, 0)
	m := runTo(p, 3, p.WarmupWeeks+10)
	sc := int32(-1)
	for i := range m.schools {
		if m.schools[i].group > 0 {
			sc = int32(i)
			break
		}
	}
	if sc < 0 {
		t.Fatal("no school with group work")
	}
	for _, c := range []struct {
		support Support
		stage   Stage
		helped  bool
	}{{SupportNone, StageNone, true}, {SupportEarlyHelp, StageNone, false}, {SupportNone, StageCIN, false}, {SupportEarlyHelp, StageCIN, false}} {
		f := family{need: 1, main: sc, support: c.support, stage: c.stage, worker: -1, sw: -1}
		with, _ := m.needHazards(&f)
		g := m.schools[sc].group
		m.schools[sc].group = 0
		without, _ := m.needHazards(&f)
		m.schools[sc].group = g
		if helped := with < without; helped != c.helped {
			t.Errorf("support %d, stage %d: escalation %v with group work at the school, %v without; want group work to help: %v", c.support, c.stage, with, without, c.helped)
		}
	}
}
