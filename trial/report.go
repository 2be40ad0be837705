package trial

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/caseload/caseload/results"
)

// WriteTrialsCSV writes one row per trial: its estimate beside the effect
// the model produced.
func WriteTrialsCSV(w io.Writer, as []Analysis) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"trial", "schools_intervention", "schools_control", "estimable", "irr", "ci95_low", "ci95_high",
		"p_value", "log_irr", "se", "model_se", "df", "significant", "true_irr", "covers_true", "spillover",
		"rate_intervention", "rate_control"})
	for _, a := range as {
		cw.Write([]string{strconv.Itoa(a.Trial), strconv.Itoa(a.SchoolsTreated), strconv.Itoa(a.SchoolsControl), strconv.FormatBool(a.OK),
			results.FormatNum(a.IRR), results.FormatNum(a.Lo), results.FormatNum(a.Hi), results.FormatNum(a.P), results.FormatNum(a.LogIRR), results.FormatNum(a.SE), results.FormatNum(a.ModelSE), strconv.Itoa(a.DF),
			strconv.FormatBool(a.Significant), results.FormatNum(a.TrueIRR), strconv.FormatBool(a.Covers), results.FormatNum(a.Spillover),
			results.FormatNum(a.RateTreated), results.FormatNum(a.RateControl)})
	}
	cw.Flush()
	return cw.Error()
}

// WriteSchoolsCSV writes one row per trial and school: the data a trial's
// evaluators would analyse, and the counterfactual they could not see.
func WriteSchoolsCSV(w io.Writer, rs []Result) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"trial", "la", "school", "type", "fsm", "roll", "stratum", "arm", "count", "counterfactual", "baseline"})
	for _, r := range rs {
		for _, s := range r.Schools {
			arm := "control"
			if s.Treated {
				arm = "intervention"
			}
			cw.Write([]string{strconv.Itoa(r.Trial), strconv.Itoa(s.LA), strconv.Itoa(s.School), s.Type, results.FormatNum(s.FSM),
				strconv.Itoa(s.Roll), strconv.Itoa(s.Stratum), arm, results.FormatNum(s.Count), results.FormatNum(s.Counterfactual), results.FormatNum(s.Baseline)})
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteSummaryCSV writes the summary in tidy form: statistic, value and,
// where it has one, its 95% interval (for power and coverage, the Wilson
// interval of the share; for the estimates and true ratios, the middle
// 95% of the trials).
func WriteSummaryCSV(w io.Writer, s Summary) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"statistic", "value", "low", "high"})
	nan := math.NaN()
	for _, r := range []struct {
		name        string
		val, lo, hi float64
	}{
		{"trials", float64(s.Trials), nan, nan},
		{"estimable", float64(s.Estimable), nan, nan},
		{"schools_per_trial", float64(s.SchoolsPerTrial), nan, nan},
		{"pupils_per_trial", s.PupilsPerTrial, nan, nan},
		{"strata_per_trial", float64(s.StrataPerTrial), nan, nan},
		{"follow_up_years", float64(s.FollowUpYears), nan, nan},
		{"power", s.Power.Value, s.Power.Lo, s.Power.Hi},
		{"significant_benefit", float64(s.Benefit), nan, nan},
		{"significant_harm", float64(s.Harm), nan, nan},
		{"irr_median", s.Median, s.Lo, s.Hi},
		{"irr_geometric_mean", s.GeometricMean, nan, nan},
		{"se_log_irr_median", s.MedianSE, nan, nan},
		{"over_dispersion", s.OverDispersion, nan, nan},
		{"true_irr", s.TrueIRR, s.TrueLo, s.TrueHi},
		{"bias_ratio", s.Bias, nan, nan},
		{"coverage", s.Coverage.Value, s.Coverage.Lo, s.Coverage.Hi},
		{"spillover_control", s.Spillover, nan, nan},
		{"rate_intervention_per_1000", s.RateTreated, nan, nan},
		{"rate_control_per_1000", s.RateControl, nan, nan},
		{"rate_intervention_without_team_per_1000", s.RateCounterfact, nan, nan},
	} {
		cw.Write([]string{r.name, results.FormatNum(r.val), results.FormatNum(r.lo), results.FormatNum(r.hi)})
	}
	cw.Flush()
	return cw.Error()
}

// Table prints the summary for a reader: the design, then what the
// trials found against what the model did.
func (d *Design) Table(w io.Writer, s Summary) error {
	outcome := d.Outcome
	fmt.Fprintf(w, "Virtual trial of team %q (%s, %v school(s) per worker) on %s\n", d.TeamName, d.Team.Role, d.Team.SchoolsPerWorker, outcome)
	fmt.Fprintf(w, "%d %s schools in %d LA(s), randomised within %d strata (LA × %d deprivation band(s)), followed %d year(s); %d trial(s), seed %d\n",
		d.Schools, d.types(), d.LAs, d.LAs*d.Bands, d.Bands, d.Years, s.Trials, d.Seed)
	method := "Poisson regression of counts per 1,000 pupils a year with stratum effects"
	if d.Baseline {
		method += " and the school's rate before the trial"
	}
	fmt.Fprintf(w, "Estimate: %s; cluster-robust 95%% interval (school as cluster).\n", method)
	rows := [][]string{
		{"Power: 95% interval excludes 1", share(s.Power)},
		{"  significant with fewer / more " + outcome, fmt.Sprintf("%d / %d", s.Benefit, s.Harm)},
		{"Estimated rate ratio: median", ratioText(s.Median)},
		{"  middle 95% of estimates", rangeText(s.Lo, s.Hi)},
		{"  median standard error (log scale)", fmt.Sprintf("%.3f", s.MedianSE)},
		{"Effect the model produced (true ratio)", ratioText(s.TrueIRR)},
		{"  middle 95% of the trials' own", rangeText(s.TrueLo, s.TrueHi)},
		{"Bias: estimate / true (geometric mean)", ratioText(s.Bias)},
		{"Coverage: intervals containing the true ratio", share(s.Coverage)},
		{"Rate per 1,000 pupils a year: intervention", fmt.Sprintf("%.2f", s.RateTreated)},
		{"  the same schools without the team", fmt.Sprintf("%.2f", s.RateCounterfact)},
		{"  control", fmt.Sprintf("%.2f", s.RateControl)},
		{"Spillover on control schools (true ratio)", ratioText(s.Spillover)},
		{"Pupils per trial", results.Grouped(s.PupilsPerTrial)},
	}
	if err := results.RenderRows(w, []string{"", fmt.Sprintf("%d trials", s.Trials)}, rows); err != nil {
		return err
	}
	if s.Estimable < s.Trials {
		fmt.Fprintf(w, "Note: %d of %d trials could not be estimated (no %s in one arm); they count as not significant.\n",
			s.Trials-s.Estimable, s.Trials, outcome)
	}
	if s.Trials < 20 {
		fmt.Fprintf(w, "Note: with %d trial(s) the power and coverage are rough; use --trials 100 or more.\n", s.Trials)
	}
	return nil
}

func share(s Share) string {
	if math.IsNaN(s.Value) {
		return "–"
	}
	return fmt.Sprintf("%.0f%% [%.0f–%.0f] (%d of %d)", 100*s.Value, 100*s.Lo, 100*s.Hi, s.K, s.N)
}

func ratioText(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return fmt.Sprintf("%.3f", x)
}

func rangeText(lo, hi float64) string {
	if math.IsNaN(lo) {
		return "–"
	}
	return fmt.Sprintf("%.3f–%.3f", lo, hi)
}
