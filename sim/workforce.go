package sim

import (
	"cmp"
	"math"
	"slices"

	"github.com/caseload/caseload/detmath"
)

// TeamPlan is what a team covers once its selection rule is applied.
type TeamPlan struct {
	Name    string
	Role    string
	FTE     float64 // FTE deployed (derived for selection all / by_type)
	Schools []int32 // covered schools, in cluster order
}

// Eligible reports whether a school type is in a team's list (empty = all).
func (t Team) Eligible(typ int) bool {
	if len(t.SchoolTypes) == 0 {
		return true
	}
	return slices.Contains(t.SchoolTypes, SchoolTypeNames[typ])
}

// PlanTeams applies each team's selection rule to the schools of the LA.
// Teams are planned in name order; a school already covered by an earlier
// team is not covered again.
// Validation (package config) plans the same rules on school counts before
// any school exists; its TestPlannersAgree checks that the two agree.
func (m *Model) PlanTeams() []TeamPlan {
	w := &m.p.SchoolWorkforce
	taken := make([]bool, len(m.schools))
	var plans []TeamPlan
	for _, name := range w.TeamNames() {
		t := w.Teams[name]
		var cand []int32
		for i, sc := range m.schools {
			if !taken[i] && t.Eligible(int(sc.typ)) {
				cand = append(cand, int32(i))
			}
		}
		fte := t.FTE
		switch t.Selection {
		case SelectAll, SelectByType:
			fte = float64(len(cand)) / t.SchoolsPerWorker
		case SelectMostDeprived:
			slices.SortStableFunc(cand, func(a, b int32) int { return cmp.Compare(m.schools[b].fsm, m.schools[a].fsm) })
			cand = cand[:Coverable(t, len(cand))]
		case SelectBudget:
			// whole localities in turn, so that the covered schools lie
			// together; the most deprived first within each
			byLocality(m.schools, cand)
			cand = cand[:Coverable(t, len(cand))]
		case SelectList:
			cand = slices.DeleteFunc(cand, func(c int32) bool { return !slices.Contains(t.Schools, int(c)) })
			fte = float64(len(cand)) / t.SchoolsPerWorker
		}
		// posts take contiguous runs in locality order, so that a cluster
		// spans as few localities as the selection allows
		byLocality(m.schools, cand)
		for _, c := range cand {
			taken[c] = true
		}
		plans = append(plans, TeamPlan{Name: name, Role: t.Role, FTE: fte, Schools: cand})
	}
	return plans
}

// byLocality orders schools by locality, the most deprived first within
// each.
func byLocality(schools []school, cand []int32) {
	slices.SortStableFunc(cand, func(a, b int32) int {
		sa, sb := schools[a], schools[b]
		return cmp.Or(cmp.Compare(sa.locality, sb.locality), cmp.Compare(sb.fsm, sa.fsm))
	})
}

// Coverable is the number of schools a most_deprived or budget team's FTE
// covers at its ratio, of the avail schools it may choose from. The product
// is compared in floating point before it becomes a count, so that no
// ratio, however large (or NaN), overflows an int.
func Coverable(t Team, avail int) int {
	x := math.Floor(float64(t.FTE*t.SchoolsPerWorker) + 1e-9)
	if !(x > 0) {
		return 0
	}
	if x >= float64(avail) {
		return avail
	}
	return int(x)
}

// buildWorkforce turns team plans into worker slots: one per whole FTE and
// one part-time slot for a remainder, each taking a contiguous run of the
// team's clustered schools in proportion to its FTE.
func (m *Model) buildWorkforce() {
	w := &m.p.SchoolWorkforce
	m.roleNames = w.RoleNames()
	for _, r := range m.roleNames {
		m.roles = append(m.roles, w.Roles[r])
		m.roleClass = append(m.roleClass, slices.Index(CaseloadRoles[:], r))
	}
	m.teamNames = w.TeamNames()
	for ti, plan := range m.PlanTeams() {
		role := slices.Index(m.roleNames, plan.Role)
		if role < 0 {
			panic("sim: team " + plan.Name + " has unknown role " + plan.Role)
		}
		n := int(math.Ceil(plan.FTE - 1e-9))
		cum := 0.0
		start := 0
		for k := range n {
			fte := min(1, plan.FTE-float64(k))
			cum += fte
			end := int(math.Round(float64(len(plan.Schools)) * cum / plan.FTE))
			sl := slot{team: ti, role: role, fte: fte, schools: plan.Schools[start:end]}
			for _, sc := range sl.schools {
				m.schools[sc].slot = int32(len(m.slots))
			}
			m.slots = append(m.slots, sl)
			start = end
		}
	}
}

// WorkforceFTE returns the FTE deployed by each team, in team-name order.
func (m *Model) WorkforceFTE() float64 {
	var sum float64
	for _, s := range m.slots {
		sum += s.fte
	}
	return sum
}

// stepWorkforce runs turnover and recruitment of school-based workers, works
// out the free hours each worker has for its schools, and updates
// integration and staff confidence. It runs from the end of the warm-up.
func (m *Model) stepWorkforce() {
	w := &m.p.SchoolWorkforce
	term := m.termWeek(m.week)
	var traineeFTE, qualifiedFTE float64
	for i := range m.slots {
		sl := &m.slots[i]
		s := m.keys.Stream(uint64(i), m.week, PurposeWorkforce)
		switch {
		case sl.filled && s.Bernoulli(w.Turnover/52):
			sl.filled = false
			sl.agency = s.Bernoulli(w.AgencyCover)
			for _, sc := range sl.schools {
				m.schools[sc].integration *= 1 - w.IntegrationLoss
			}
		case !sl.filled && s.Bernoulli(1/w.RecruitWeeks):
			sl.filled, sl.agency = true, false
		}
		r := m.roles[sl.role]
		if !sl.present() {
			continue
		}
		if r.NeedsSupervision {
			traineeFTE += sl.fte
		}
		if m.roleNames[sl.role] == RoleQualified {
			qualifiedFTE += sl.fte
		}
	}
	supervise := traineeFTE * w.TraineeSupervisionHours // hours owed to trainees
	m.traineeLoad = 0
	if qualifiedFTE == 0 {
		m.traineeLoad = supervise / w.HoursPerWeek // taken from statutory team
	}
	for i := range m.slots {
		sl := &m.slots[i]
		r := m.roles[sl.role]
		sl.freeHours = 0
		if !sl.present() || (r.TermTimeOnly && !term) {
			continue
		}
		h := float64(sl.fte * w.HoursPerWeek * (1 - w.RecordingShare - w.SupervisionShare))
		h -= float64(travelHours(len(sl.schools), sl.fte, w.TravelHoursPerTrip))
		if qualifiedFTE > 0 && m.roleNames[sl.role] == RoleQualified {
			h -= supervise * sl.fte / qualifiedFTE
		}
		sl.freeHours = max(0, h)
	}
	for i := range m.slots {
		sl := &m.slots[i]
		if !sl.present() || m.roles[sl.role].TrainingOnly {
			sl.subIntensive, sl.subMonitoring = 0, 0 // the young people's work stops with the worker
			continue
		}
		m.stepSubThreshold(i, term)
	}
	for i := range m.schools {
		sc := &m.schools[i]
		sc.effect, sc.group = 0, 0
		if sc.slot < 0 || !term {
			continue
		}
		sl := &m.slots[sc.slot]
		hours := sl.freeHours / float64(len(sl.schools))
		dose := min(1, hours/w.DoseHours)
		if dose <= 0 {
			continue
		}
		r := m.roles[sl.role]
		if r.TrainingOnly {
			sc.confidence = min(1, sc.confidence+float64(m.p.Effects.TrainingGain*dose*(1-sc.confidence)))
			continue
		}
		// presence builds integration; the hours not given to groups are
		// consultation and casework (the effect), those given to groups
		// reach pupils (the group reach)
		sc.integration += float64((sc.receptiveness - sc.integration) * (1 - detmath.Exp(-dose/w.IntegrationWeeks)))
		sc.effect = sc.integration * min(1, (1-w.GroupShare)*hours/w.DoseHours)
		if w.GroupShare > 0 {
			sc.group = sc.integration * min(1, w.GroupShare*hours/w.GroupHours)
		}
		sc.confidence = min(1, sc.confidence+float64(m.p.Effects.ConfidenceGain*sc.effect*(1-sc.confidence)))
	}
}

// travelHours is the weekly travel of a worker with n schools: none for one
// school, a trip a day for up to five, two a day beyond that.
func travelHours(n int, fte, perTrip float64) float64 {
	switch {
	case n <= 1:
		return 0
	case n <= 5:
		return 5 * fte * perTrip
	default:
		return 10 * fte * perTrip
	}
}

// startWorkforce puts every school-based worker in post, with no
// integration yet: the service starts when the measured period starts.
func (m *Model) startWorkforce() {
	for i := range m.slots {
		m.slots[i].filled = true
	}
}

// schoolEffect returns the effect of the school-based worker at school sc
// and the slot, or (0, -1) when none works there this week (neither
// consultation and casework nor group work).
func (m *Model) schoolEffect(sc int32) (float64, int32) {
	if sc < 0 {
		return 0, -1
	}
	s := &m.schools[sc]
	if s.slot < 0 || (s.effect <= 0 && s.group <= 0) {
		return 0, -1
	}
	return s.effect, s.slot
}

// casework capacity checks
func (m *Model) canTakeIntensive(si int32) bool {
	sl := &m.slots[si]
	return float64(sl.intensive) < m.roles[sl.role].IntensiveCap*sl.fte
}

func (m *Model) canTakeMonitoring(si int32) bool {
	sl := &m.slots[si]
	return float64(sl.monitoring) < m.roles[sl.role].MonitoringCap*sl.fte
}

func (m *Model) canCoWork(si int32) bool {
	sl := &m.slots[si]
	return sl.present() && float64(sl.cowork) < m.roles[sl.role].CoWorkCap*sl.fte
}
