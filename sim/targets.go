package sim

// Target is a published figure the baseline scenario must reproduce.
type Target struct {
	Metric string  // metric name (see MetricNames)
	Value  float64 // target value
	Source string
}

// CalibrationTargets are the MODEL.md §5 figures for England, per 10,000
// children aged 0-17 a year (flows) or at 31 March (stocks). The baseline
// scenario on the typical LA reproduces each within CalibrationTolerance.
var CalibrationTargets = []Target{
	{"referrals_per_10k", 519, "DfE CIN census 2025 table C1: 632,830 referrals"},
	{"school_share", 0.20, "DfE CIN census 2022: 129,090 of 650,270 referrals from education"},
	{"s47_enquiries_per_10k", 189, "DfE CIN census 2025 table C4: 230,590"},
	{"cp_plan_starts_per_10k", 51, "DfE CIN census 2025 table D1: 61,840"},
	{"cp_stock_per_10k", 41, "DfE CIN census 2025 table D1: 49,420 at 31 March"},
	{"cin_stock_per_10k", 330, "DfE CIN census 2023: about 403,000 at 31 March"},
	{"cla_stock_per_10k", 67, "DfE CLA statistics 2025: 81,770 at 31 March"},
	{"care_entries_per_10k", 28.2, "DfE CLA statistics 2025: 34,450 leavers a year, entries of similar size"},
	{"statutory_caseload_mean", 15.4, "DfE workforce statistics 2024: average caseload 15.4"},
}

// CalibrationTolerance is the relative distance from each target within
// which the baseline must fall.
const CalibrationTolerance = 0.10

// TargetValue returns the simulated value of a calibration target from an
// outcome's metric values (school_share is derived from two metrics).
func TargetValue(metric string, values []float64) float64 {
	if metric == "school_share" {
		r := values[MetricIndex("referrals")]
		if r == 0 {
			return 0
		}
		return values[MetricIndex("referrals_school")] / r
	}
	return values[MetricIndex(metric)]
}
