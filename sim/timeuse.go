// Time use of school-based workers: where each worker's hours go in a
// week, activity by activity, and their intensive and monitoring cases per
// FTE (MODEL.md §3.8).

package sim

// Activities of a school-based worker's week, in the order of
// ActivityNames.
const (
	ActCasework = iota
	ActConsultation
	ActGroupWork
	ActCoWork
	ActTravel
	ActRecording
	ActSupervision
	NumActivities
)

// ActivityNames are the output names of the activities
// (school_worker_hours_share_<activity>).
var ActivityNames = [NumActivities]string{"casework", "consultation", "group_work", "co_work", "travel", "recording", "supervision"}

var activityDocs = [NumActivities]string{
	ActCasework:     "intensive casework and monitoring with families (school_workforce.casework_hours and monitoring_hours per case), and any hours left in the school holidays",
	ActConsultation: "consultation and advice to school staff (pathway A): the hours in school left after casework, co-work and group work",
	ActGroupWork:    "group work with pupils (school_workforce.group_share of the free hours in term)",
	ActCoWork:       "co-work of statutory cases (school_workforce.cowork_hours per case)",
	ActTravel:       "travel between schools (school_workforce.travel_hours_per_trip)",
	ActRecording:    "recording (school_workforce.recording_share)",
	ActSupervision:  "supervision received (school_workforce.supervision_share) and given to trainees (school_workforce.trainee_supervision_hours)",
}

// timeUse splits a worker's hours this week between the activities. The
// free hours (after recording, supervision and travel) go first to
// co-work and casework at their hours per case, then, in term, to group
// work at its share, and what is left is consultation with staff; out of
// term what is left counts as casework.
func (m *Model) timeUse(sl *slot, term bool, supervising float64) (h [NumActivities]float64) {
	w := &m.p.SchoolWorkforce
	total := float64(sl.fte * w.HoursPerWeek)
	h[ActRecording] = float64(total * w.RecordingShare)
	h[ActSupervision] = float64(total*w.SupervisionShare) + supervising
	h[ActTravel] = travelHours(len(sl.schools), sl.fte, w.TravelHoursPerTrip)
	free := sl.freeHours
	h[ActCoWork] = min(free, float64(sl.cowork)*w.CoWorkHours)
	free -= h[ActCoWork]
	h[ActCasework] = min(free, float64(float64(sl.intensive+sl.subIntensive)*w.CaseworkHours)+float64(float64(sl.monitoring+sl.subMonitoring)*w.MonitoringHours))
	free -= h[ActCasework]
	if !term {
		h[ActCasework] += free
		return h
	}
	h[ActGroupWork] = min(free, float64(w.GroupShare*sl.freeHours))
	h[ActConsultation] = free - h[ActGroupWork]
	return h
}

// workerWeek adds this week's time use and cases of every school-based
// worker in post to the accounts, by role (CaseloadRoles) and in all.
func (a *accounts) workerWeek(m *Model) {
	w := &m.p.SchoolWorkforce
	term := m.termWeek(m.week)
	var qualifiedFTE, traineeFTE float64
	for i := range m.slots {
		sl := &m.slots[i]
		if !sl.present() {
			continue
		}
		if m.roleNames[sl.role] == RoleQualified {
			qualifiedFTE += sl.fte
		}
		if m.roles[sl.role].NeedsSupervision {
			traineeFTE += sl.fte
		}
	}
	var cases [len(CaseloadRoles) + 1][3]float64 // intensive, monitoring, FTE
	for i := range m.slots {
		sl := &m.slots[i]
		r := m.roles[sl.role]
		if r.TrainingOnly || !sl.present() || (r.TermTimeOnly && !term) {
			continue
		}
		var giving float64
		if qualifiedFTE > 0 && m.roleNames[sl.role] == RoleQualified {
			giving = float64(traineeFTE*w.TraineeSupervisionHours) * sl.fte / qualifiedFTE
		}
		h := m.timeUse(sl, term, giving)
		for _, k := range []int{len(CaseloadRoles), m.roleClass[sl.role]} {
			if k < 0 {
				continue
			}
			for act, x := range h {
				a.hours[k][act] += x
			}
			cases[k][0] += float64(sl.intensive + sl.subIntensive)
			cases[k][1] += float64(sl.monitoring + sl.subMonitoring)
			cases[k][2] += sl.fte
		}
	}
	for k, c := range cases {
		if c[2] > 0 {
			a.intensive[k] += c[0] / c[2]
			a.monitoring[k] += c[1] / c[2]
			a.caseWeeks[k]++
		}
	}
}
