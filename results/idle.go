package results

import (
	"fmt"
	"math"

	"github.com/caseload/caseload/sim"
)

// IdleCaseloadShare is the share of their roles' intensive caps below
// which school-based workers' mean caseload is said to be light: a
// scenario whose workers carry, on average, fewer families per FTE than
// half the intensive cases their roles can hold has workers who spend
// most of their time on something other than casework with families.
// Basis: the intensive caps (school_workforce.roles.*.intensive_cap) are
// the evidence's caseloads (seed 001 case study 6: an embedded qualified
// worker holds 10-12 intensive cases and 20-25 in monitoring besides, so
// 30 or more families; the cap is 12), and the caseload counted
// (school_worker_caseload_mean) adds monitoring and co-work to the
// intensive cases: under half the intensive cap alone is under a fifth of
// the families the case study's worker carries.
const IdleCaseloadShare = 0.5

// IdleThreshold is the caseload per FTE under which a scenario's
// school-based workers are said to carry little casework:
// IdleCaseloadShare of their roles' intensive caps, weighted by each
// team's FTE. It is 0 (nothing is ever under it) for a scenario with no
// school-based FTE or only roles that hold no cases (staff trainers).
func IdleThreshold(p sim.Params) float64 {
	var fte, capFTE float64
	for _, t := range p.SchoolWorkforce.Teams {
		r, ok := p.SchoolWorkforce.Roles[t.Role]
		if !ok || t.FTE <= 0 {
			continue
		}
		fte += t.FTE
		capFTE += float64(t.FTE * r.IntensiveCap)
	}
	if fte <= 0 {
		return 0
	}
	return IdleCaseloadShare * capFTE / fte
}

// IdleNote is the note that a scenario's school-based workers carry
// little casework: their caseload per FTE (school_worker_caseload_mean),
// averaged over the replications, under IdleThreshold, with the share of
// their hours casework and co-work with families take
// (school_worker_hours_share_casework and _co_work), and, when that is
// under half, what the rest goes to. It is "" when they carry more, or
// when the scenario has no school-based worker holding cases. The
// terminal, manifest.json and the report show it with the scenario's
// notes.
func IdleNote(p sim.Params, outs []sim.Outcome) string {
	limit := IdleThreshold(p)
	if limit <= 0 || len(outs) == 0 {
		return ""
	}
	mean := func(metric string) float64 {
		k := sim.MetricIndex(metric)
		if k < 0 {
			return math.NaN()
		}
		var sum float64
		for _, o := range outs {
			sum += o.Values[k]
		}
		return sum / float64(len(outs))
	}
	load := mean("school_worker_caseload_mean")
	if math.IsNaN(load) || load >= limit {
		return ""
	}
	note := fmt.Sprintf("school-based workers carry %.1f families per FTE (the mean over the replications), under %.1f (half their roles' intensive caps, FTE-weighted; results.IdleCaseloadShare)", load, limit)
	casework := mean("school_worker_hours_share_casework") + mean("school_worker_hours_share_co_work")
	if math.IsNaN(casework) {
		return note
	}
	note += fmt.Sprintf("; casework and co-work with families take %.0f%% of their hours (school_worker_hours_share_*)", 100*casework)
	if casework < 0.5 {
		note += ": most of their time goes to consultation with school staff, group work, travel and recording"
	}
	return note
}
