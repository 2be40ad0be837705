package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// DefaultStartDate is the date of the first measured week used for a
// folder whose manifest has no calendar.start_date (runs made before the
// key existed); it is the default of the key.
const DefaultStartDate = "2025-09-01"

// calendar maps measured weeks to dates.
type calendar struct {
	start   time.Time
	assumed bool // the manifest had no start date
}

func (f *folder) calendar() (calendar, error) {
	v, ok := configValue(f.config(), "calendar.start_date")
	s, isString := v.(string)
	if !ok || !isString || s == "" {
		t, _ := time.Parse(time.DateOnly, DefaultStartDate)
		return calendar{start: t, assumed: true}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return calendar{}, fmt.Errorf("%s/manifest.json: key calendar.start_date: value %q: expected a date written YYYY-MM-DD: %w", f.dir, s, ErrNotResults)
	}
	return calendar{start: t}, nil
}

// week returns the first day of measured week w (1-based).
func (c calendar) week(w int) time.Time { return c.start.AddDate(0, 0, 7*(w-1)) }

// financialYear is the English financial year (April to March) that
// holds t, written 2025-26.
func financialYear(t time.Time) string {
	y := t.Year()
	if t.Month() < time.April {
		y--
	}
	return fmt.Sprintf("%d-%02d", y, (y+1)%100)
}

// period is a run of measured weeks: a model year or a financial year.
type period struct {
	kind, label string // "model year" or "financial year"; "1" or "2025-26"
	first, last int    // weeks, 1-based, inclusive
}

func (p period) weeks() int { return p.last - p.first + 1 }

// periods splits n measured weeks into model years (52 weeks from the
// first measured week) and financial years (by the date each week
// starts), in that order, and ends with the whole horizon.
func (c calendar) periods(n int) []period {
	var out []period
	for y := 0; 52*y < n; y++ {
		out = append(out, period{"model year", strconv.Itoa(y + 1), 52*y + 1, min(52*(y+1), n)})
	}
	for w := 1; w <= n; w++ {
		fy := financialYear(c.week(w))
		if k := len(out) - 1; out[k].kind == "financial year" && out[k].label == fy {
			out[k].last = w
			continue
		}
		out = append(out, period{"financial year", fy, w, w})
	}
	if n > 0 {
		out = append(out, period{"whole horizon", "all", 1, n})
	}
	return out
}

// isFlow reports whether a weekly series counts events (summed over a
// year) rather than a level (averaged).
func isFlow(series string) bool {
	return strings.HasPrefix(series, "referrals") || series == "s47_enquiries" || series == "care_entries"
}

// annualRow is one series of one scenario over one period.
type annualRow struct {
	scenario string
	period
	series  string
	measure string // "total" or "weekly mean"
	value   float64
}

// annual sums the weekly means of the flow series and averages the
// levels over each period. The weekly files hold each week's mean over
// replications, so a period's total is the mean over replications of
// its total; the files hold no spread of yearly totals.
func (f *folder) annual(c calendar) []annualRow {
	var out []annualRow
	for _, sc := range f.scenarios {
		ws := f.weekly[sc]
		n := 0
		for _, s := range f.series {
			n = max(n, len(ws[s]))
		}
		for _, p := range c.periods(n) {
			for _, s := range f.series {
				w := ws[s]
				var sum float64
				for k := p.first; k <= p.last && k <= len(w); k++ {
					sum += w[k-1].Mean
				}
				r := annualRow{scenario: sc, period: p, series: s, measure: "total", value: round6(sum)}
				if !isFlow(s) {
					r.measure, r.value = "weekly mean", round6(sum/float64(p.weeks()))
				}
				out = append(out, r)
			}
		}
	}
	return out
}

// AnnualCSV is the file of results by model year and financial year.
const AnnualCSV = "annual.csv"

func writeAnnualCSV(w io.Writer, rows []annualRow, c calendar) error {
	return writeCSV(w, []string{"scenario", "period", "year", "first_week", "last_week", "weeks", "starts", "ends", "series", "measure", "value"},
		func(emit func(...string)) {
			for _, r := range rows {
				emit(r.scenario, r.kind, r.label, strconv.Itoa(r.first), strconv.Itoa(r.last), strconv.Itoa(r.weeks()),
					c.week(r.first).Format(time.DateOnly), c.week(r.last).AddDate(0, 0, 6).Format(time.DateOnly),
					r.series, r.measure, formatNum(r.value))
			}
		})
}

func formatNum(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	// sums of weekly means carry binary noise in the last digits
	// (4102.199999999999): six decimals are more than the data hold
	return strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
