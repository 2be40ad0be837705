package results

import (
	"io"

	"github.com/caseload/caseload/sim"
)

// DurationsCSV is the file of the census durations: for each scenario,
// stage, status and band, the mean share over replications.
const DurationsCSV = "durations.csv"

// durationShares are a scenario's mean shares, [stage][status][band].
type durationShares [sim.NumDurStages][sim.NumDurStatuses][]float64

// meanDurations averages the band shares of each replication (a
// replication with no episodes of a stage and status adds zeros).
func meanDurations(outs []sim.Outcome) durationShares {
	var d durationShares
	for st := range sim.NumDurStages {
		for ss := range sim.NumDurStatuses {
			d[st][ss] = make([]float64, len(sim.DurationBands[st]))
			for _, o := range outs {
				for b, x := range o.Durations.Shares(st, ss) {
					d[st][ss][b] += x / float64(len(outs))
				}
			}
		}
	}
	return d
}

// writeDurationsCSV writes durations.csv, tidy: scenario, stage, status,
// band, share.
func (r *Report) writeDurationsCSV(w io.Writer) error {
	return writeCSV(w, []string{"scenario", "stage", "status", "band", "share"}, func(emit func(...string)) {
		for _, s := range r.scen {
			for st, name := range sim.DurationStageNames {
				for ss, status := range sim.DurationStatusNames {
					for b, band := range sim.DurationBands[st] {
						emit(s.name, name, status, band, FormatNum(s.durations[st][ss][b]))
					}
				}
			}
		}
	})
}
