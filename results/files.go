package results

import (
	"encoding/json"
	"io"
	"math"
	"strconv"

	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/sim"
)

// FormatNum is the one number format of the files, so that the same
// values always give the same bytes. Non-finite values (a spread of one
// replication, say) are written as empty CSV cells. Numbers are in plain
// decimals, never in scientific notation (costs of millions of pounds read
// as such in a spreadsheet), with the fewest digits that give the value
// back exactly.
func FormatNum(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// num is a float64 that is written as JSON null when it is not finite,
// which encoding/json would otherwise refuse.
type num float64

func (v num) MarshalJSON() ([]byte, error) {
	f := float64(v)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// writeCSV writes a CSV table (outdir.WriteCSV).
func writeCSV(w io.Writer, header []string, rows func(emit func(...string))) error {
	return outdir.WriteCSV(w, header, rows)
}

func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// statColumns are the statistics of summary.csv, in order.
var statColumns = []string{"n", "mean", "sd", "ci95_low", "ci95_high"}

func statValues(s Stat) []float64 {
	return []float64{float64(s.N), s.Mean, s.SD, s.Lo, s.Hi}
}

var diffColumns = []string{"diff_mean", "diff_sd", "diff_ci95_low", "diff_ci95_high"}

func diffValues(s Stat) []float64 { return []float64{s.Mean, s.SD, s.Lo, s.Hi} }

func (r *Report) writeSummaryCSV(w io.Writer) error {
	return writeCSV(w, []string{"scenario", "metric", "statistic", "value"}, func(emit func(...string)) {
		for _, s := range r.scen {
			for k, m := range r.metrics {
				for i, v := range statValues(s.stats[k]) {
					emit(s.name, m, statColumns[i], FormatNum(v))
				}
				if s.diffs == nil {
					continue
				}
				for i, v := range diffValues(s.diffs[k]) {
					emit(s.name, m, diffColumns[i], FormatNum(v))
				}
			}
		}
	})
}

func (r *Report) writeWeeklyCSV(w io.Writer) error {
	header := []string{"scenario", "week", "series", "mean", "p05", "p25", "p50", "p75", "p95"}
	return writeCSV(w, header, func(emit func(...string)) {
		for _, s := range r.scen {
			for wk, row := range s.weekly {
				for k, b := range row {
					emit(s.name, strconv.Itoa(wk+1), sim.SeriesNames[k], FormatNum(b.Mean),
						FormatNum(b.P05), FormatNum(b.P25), FormatNum(b.P50), FormatNum(b.P75), FormatNum(b.P95))
				}
			}
		}
	})
}

func (r *Report) writeReplicationsCSV(w io.Writer) error {
	return writeCSV(w, []string{"scenario", "replication", "metric", "value"}, func(emit func(...string)) {
		for _, s := range r.scen {
			for rep, vals := range s.values {
				for k, m := range r.metrics {
					emit(s.name, strconv.Itoa(rep), m, FormatNum(vals[k]))
				}
			}
		}
	})
}

type jsonSummary struct {
	Reference string         `json:"reference"`
	Scenarios []jsonScenario `json:"scenarios"`
}

type jsonScenario struct {
	Name         string              `json:"name"`
	File         string              `json:"file"`
	Children     int                 `json:"children"`
	Replications int                 `json:"replications"`
	Metrics      map[string]jsonStat `json:"metrics"`
}

// jsonStat has the statistics of summary.csv under the same names; the
// diff_ fields are absent for the reference.
type jsonStat struct {
	N        int  `json:"n"`
	Mean     num  `json:"mean"`
	SD       num  `json:"sd"`
	Lo       num  `json:"ci95_low"`
	Hi       num  `json:"ci95_high"`
	DiffMean *num `json:"diff_mean,omitempty"`
	DiffSD   *num `json:"diff_sd,omitempty"`
	DiffLo   *num `json:"diff_ci95_low,omitempty"`
	DiffHi   *num `json:"diff_ci95_high,omitempty"`
}

func (r *Report) writeSummaryJSON(w io.Writer) error {
	out := jsonSummary{Reference: r.Reference(), Scenarios: []jsonScenario{}}
	for _, s := range r.scen {
		js := jsonScenario{Name: s.name, File: s.file, Children: s.children,
			Replications: len(s.values), Metrics: map[string]jsonStat{}}
		for k, m := range r.metrics {
			js.Metrics[m] = toJSONStat(s, k)
		}
		out.Scenarios = append(out.Scenarios, js)
	}
	return writeJSON(w, out)
}

func toJSONStat(s scenarioReport, k int) jsonStat {
	st := s.stats[k]
	j := jsonStat{N: st.N, Mean: num(st.Mean), SD: num(st.SD), Lo: num(st.Lo), Hi: num(st.Hi)}
	if s.diffs != nil {
		d := s.diffs[k]
		p := func(v float64) *num { n := num(v); return &n }
		j.DiffMean, j.DiffSD, j.DiffLo, j.DiffHi = p(d.Mean), p(d.SD), p(d.Lo), p(d.Hi)
	}
	return j
}
