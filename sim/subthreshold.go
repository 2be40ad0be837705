// Casework with young people below the need threshold: attendance,
// behaviour, wellbeing and mentoring work that schools bring to their
// school-based worker (MODEL.md §3.8).

package sim

// stepSubThreshold runs a present worker's casework with young people
// below the need threshold this week: each young person in intensive work
// finishes it with chance 1/school_workforce.intervention_weeks and moves
// to monitoring if there is room, each in monitoring ends with chance
// 1/school_workforce.monitoring_weeks, and in term the schools bring
// Poisson(role sub_threshold_intake × FTE ÷ schools covered) new young
// people, taken on while the caseload is under the role's caps: a worker
// based in one school gets all its intake, one spread over many schools
// (the core offer) is there too little to be brought many. The young people have no family
// need, so the work changes no family's hazards: it fills the worker's
// caseload and hours (MODEL.md §3.8; assumption).
func (m *Model) stepSubThreshold(si int, term bool) {
	sl := &m.slots[si]
	r := m.roles[sl.role]
	if r.SubThresholdIntake <= 0 && sl.subIntensive == 0 && sl.subMonitoring == 0 {
		return
	}
	w := &m.p.SchoolWorkforce
	s := m.keys.Stream(uint64(si), m.week, PurposeSubThreshold)
	var stepDown int
	for n := sl.subIntensive; n > 0; n-- {
		if s.Bernoulli(1 / w.InterventionWeeks) {
			stepDown++
		}
	}
	ended := 0
	for n := sl.subMonitoring; n > 0; n-- {
		if s.Bernoulli(1 / w.MonitoringWeeks) {
			ended++
		}
	}
	sl.subMonitoring -= ended
	sl.subIntensive -= stepDown
	sl.subMonitoring += min(stepDown, max(0, m.monitoringRoom(sl)))
	if !term || r.SubThresholdIntake <= 0 {
		return
	}
	for n := s.Poisson(r.SubThresholdIntake * sl.fte / float64(max(1, len(sl.schools)))); n > 0; n-- {
		switch {
		case m.intensiveRoom(sl) > 0:
			sl.subIntensive++
		case m.monitoringRoom(sl) > 0:
			sl.subMonitoring++
		}
	}
}

// intensiveRoom and monitoringRoom are the whole cases a worker may still
// take on under the role's caps, families with need and young people
// below the threshold together.
func (m *Model) intensiveRoom(sl *slot) int {
	return int(m.roles[sl.role].IntensiveCap*sl.fte) - sl.intensive - sl.subIntensive
}

func (m *Model) monitoringRoom(sl *slot) int {
	return int(m.roles[sl.role].MonitoringCap*sl.fte) - sl.monitoring - sl.subMonitoring
}

// makeRoom keeps a worker's caseload within the role's caps when a family
// with need is taken on: families come first, so a young person below the
// threshold steps down from intensive work to monitoring (or finishes) and
// one in monitoring finishes early.
func (m *Model) makeRoom(si int32) {
	sl := &m.slots[si]
	if m.intensiveRoom(sl) < 0 && sl.subIntensive > 0 {
		sl.subIntensive--
		if m.monitoringRoom(sl) > 0 {
			sl.subMonitoring++
		}
	}
	if m.monitoringRoom(sl) < 0 && sl.subMonitoring > 0 {
		sl.subMonitoring--
	}
}
