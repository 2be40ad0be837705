package results

import (
	"io"
	"strconv"

	"github.com/caseload/caseload/sim"
)

// AreasCSV holds per-area results of national runs.
const AreasCSV = "areas.csv"

// Area is one local authority of a national scenario, with its outcomes
// in replication order, or its metric values alone (Values, in place of
// Outcomes: all areas.csv reads).
type Area struct {
	Name     string
	Children int
	Outcomes []sim.Outcome
	Values   [][]float64 // per replication, when Outcomes is nil
}

type areaReport struct {
	name     string
	children int
	stats    []Stat
}

func summarizeAreas(areas []Area, kinds []sim.MetricKind) []areaReport {
	out := make([]areaReport, len(areas))
	for i, a := range areas {
		values := a.Values
		if a.Outcomes != nil {
			values = make([][]float64, len(a.Outcomes))
			for r, o := range a.Outcomes {
				values[r] = o.Values
			}
		}
		stats := make([]Stat, len(kinds))
		for k, kind := range kinds {
			stats[k] = DescribeMetric(kind, metricValues(values, k))
		}
		out[i] = areaReport{name: a.Name, children: a.Children, stats: stats}
	}
	return out
}

func (r *Report) hasAreas() bool {
	for _, s := range r.scen {
		if len(s.areas) > 0 {
			return true
		}
	}
	return false
}

// writeAreasCSV writes, for every area of every national scenario, the
// mean and 95% interval of each metric over replications.
func (r *Report) writeAreasCSV(w io.Writer) error {
	return writeCSV(w, []string{"scenario", "area", "children", "metric", "mean", "sd", "ci95_low", "ci95_high"}, func(emit func(...string)) {
		for _, s := range r.scen {
			for _, a := range s.areas {
				for k, m := range r.metrics {
					st := a.stats[k]
					emit(s.name, a.name, strconv.Itoa(a.children), m,
						FormatNum(st.Mean), FormatNum(st.SD), FormatNum(st.Lo), FormatNum(st.Hi))
				}
			}
		}
	})
}
