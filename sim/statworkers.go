// Statutory social workers as agents: each post is filled by an employed
// worker, covered by an agency worker or vacant; each open case (from the
// start of an assessment or enquiry to the end of a plan or of care) is
// held by the worker in one post; a worker who leaves hands their cases on.

package sim

import "slices"

// Post states.
const (
	postVacant uint8 = iota
	postEmployed
	postAgency
)

// statPost is one statutory case-holding post.
type statPost struct {
	state uint8
	cases int32 // children on the caseload
	head  int32 // first family of the caseload, -1 none
}

// buildPosts fills the first posts with employed workers (statutory.posts
// less the vacancy rate) and covers each vacancy with an agency worker
// with chance statutory.agency_cover.
func (m *Model) buildPosts() {
	s := m.keys.Stream(4, 0, PurposeBuild)
	m.sposts = m.sposts[:0]
	for k := range m.posts {
		st := postEmployed
		if k >= m.employed {
			st = postVacant
			if s.Bernoulli(m.p.Statutory.AgencyCover) {
				st = postAgency
			}
		}
		m.sposts = append(m.sposts, statPost{state: st, head: -1})
	}
	m.swNext = growFill(m.swNext, len(m.families))
	m.swPrev = growFill(m.swPrev, len(m.families))
	m.countPosts()
}

func growFill(x []int32, n int) []int32 {
	x = slices.Grow(x[:0], n)[:n]
	for i := range x {
		x[i] = -1
	}
	return x
}

// countPosts recounts the employed and agency-covered posts and lists the
// posts that hold cases.
func (m *Model) countPosts() {
	m.employed, m.agencyFTE = 0, 0
	m.staffed = m.staffed[:0]
	for k, p := range m.sposts {
		switch p.state {
		case postEmployed:
			m.employed++
		case postAgency:
			m.agencyFTE++
		}
		if p.state != postVacant {
			m.staffed = append(m.staffed, int32(k))
		}
	}
}

// stepPosts is a week of turnover, post by post: an employed worker leaves
// with chance statutory.turnover / 52; the post is then covered by an
// agency worker with chance statutory.agency_cover, who keeps the cases,
// or left vacant, its cases handed to other workers. A vacant or
// agency-covered post is filled with chance 1 / statutory.recruit_weeks;
// the agency worker's cases pass to the new worker. Every case that
// changes hands counts in social_worker_changes.
func (m *Model) stepPosts() {
	st := &m.p.Statutory
	s := m.keys.Stream(0, m.week, PurposeStatutory)
	changed := false
	for k := range m.sposts {
		p := &m.sposts[k]
		switch p.state {
		case postEmployed:
			if !s.Bernoulli(st.Turnover / weeksPerYear) {
				continue
			}
			changed = true
			if s.Bernoulli(st.AgencyCover) {
				p.state = postAgency
				m.acc.workerChanges += float64(p.cases)
			} else {
				p.state = postVacant
			}
		default:
			if !s.Bernoulli(1 / st.RecruitWeeks) {
				continue
			}
			changed = true
			if p.state == postAgency {
				m.acc.workerChanges += float64(p.cases)
			}
			p.state = postEmployed
		}
	}
	if !changed {
		return
	}
	m.countPosts()
	for k := range m.sposts {
		if m.sposts[k].state == postVacant && m.sposts[k].head >= 0 {
			m.handOn(int32(k), &s)
		}
	}
}

// handOn gives every case of a vacant post to the other workers.
func (m *Model) handOn(k int32, s *Stream) {
	if len(m.staffed) == 0 {
		return // nobody to take them: they wait on the post
	}
	for m.sposts[k].head >= 0 {
		i := uint32(m.sposts[k].head)
		f := &m.families[i]
		m.unlink(i, f)
		m.link(i, f, m.choosePost(s))
		m.acc.workerChanges += float64(f.n)
	}
}

// choosePost picks the worker for a new case: the less loaded of two
// workers drawn at random ("two choices"), a cheap stand-in for a team
// manager who allocates to whoever has room, or -1 when no post is staffed.
func (m *Model) choosePost(s *Stream) int32 {
	n := len(m.staffed)
	if n == 0 {
		return -1
	}
	a, b := m.staffed[s.IntN(n)], m.staffed[s.IntN(n)]
	if m.sposts[b].cases < m.sposts[a].cases {
		return b
	}
	return a
}

// allocateWorker gives a family's new case to a worker.
func (m *Model) allocateWorker(i uint32, f *family) {
	s := m.keys.Stream(uint64(i), m.week, PurposeAllocation)
	m.link(i, f, m.choosePost(&s))
}

func (m *Model) link(i uint32, f *family, k int32) {
	f.sw = k
	if k < 0 {
		return
	}
	p := &m.sposts[k]
	p.cases += int32(f.n)
	m.swNext[i], m.swPrev[i] = p.head, -1
	if p.head >= 0 {
		m.swPrev[p.head] = int32(i)
	}
	p.head = int32(i)
}

// unlink takes a family's case off its worker's caseload.
func (m *Model) unlink(i uint32, f *family) {
	k := f.sw
	f.sw = -1
	if k < 0 {
		return
	}
	p := &m.sposts[k]
	p.cases -= int32(f.n)
	nx, pv := m.swNext[i], m.swPrev[i]
	if pv >= 0 {
		m.swNext[pv] = nx
	} else {
		p.head = nx
	}
	if nx >= 0 {
		m.swPrev[nx] = pv
	}
	m.swNext[i], m.swPrev[i] = -1, -1
}

// workerLoads adds this week's caseload of every worker in post to the
// counts of worker-weeks by caseload and over the cap.
func (a *accounts) workerLoads(m *Model) {
	cap := m.p.Statutory.CaseloadCap
	for _, k := range m.staffed {
		c := int(m.sposts[k].cases)
		a.workerHist[min(c, len(a.workerHist)-1)]++
		a.workerWeeks++
		if float64(c) > cap {
			a.workerOver++
		}
	}
}

// workerQuantile is the q-quantile of the caseloads of worker-weeks (the
// lowest caseload with at least q of worker-weeks at or below it).
func (a *accounts) workerQuantile(q float64) float64 {
	if a.workerWeeks == 0 {
		return 0
	}
	need := q * a.workerWeeks
	var acc float64
	for c, n := range a.workerHist {
		acc += n
		if acc >= need {
			return float64(c)
		}
	}
	return float64(len(a.workerHist) - 1)
}
