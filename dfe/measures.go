package dfe

// Measure is one published figure of an LA.
type Measure int

// The measures of the table of LAs, in the order of its columns.
const (
	Children         Measure = iota // children aged 0-17, ONS mid-year estimate
	Referrals                       // referrals to children's social care in the year to 31 March
	NFA                             // referrals with no further action
	Section47                       // section 47 enquiries starting in the year
	CPStarts                        // child protection plans starting in the year
	CPAt31                          // children on a child protection plan at 31 March
	CLAAt31                         // children looked after at 31 March
	CLAStarting                     // children starting to be looked after in the year
	CLACeasing                      // children ceasing to be looked after in the year
	SocialWorkersFTE                // children's social workers in post, FTE, 30 September
	CaseHoldersFTE                  // case-holding social workers, FTE
	VacancyRate                     // vacancies as a share of posts, FTE, percent
	AgencyRate                      // agency workers as a share of the workforce, FTE, percent
	VacancyCover                    // vacancies covered by agency workers, percent
	Turnover                        // leavers as a share of workers in post, FTE, percent
	Caseload                        // average cases per case-holding FTE
	FSMPrimary                      // primary pupils eligible for free school meals, percent
	FSMSecondary                    // secondary pupils eligible for free school meals, percent
	UASC                            // unaccompanied asylum-seeking children looked after at 31 March
	NumMeasures
)

// kind of source file a measure comes from.
const (
	kindEES  = iota // explore-education-statistics layout
	kindLAIT        // the Local Authority Interactive Tool's long format
)

// measureInfo says where a measure comes from: the file (a pattern, so a
// newer release with a new year in its name is found), the filter that
// picks its rows, and its column.
type measureInfo struct {
	key     string
	pattern string // glob of the file in the import folder
	kind    int
	filter  [2]string // column and value a row must have (EES), or LAIT's Short Desc
	column  string
	count   bool // a count (split between LAs reporting jointly) rather than a rate
	unit    string
}

var measures = [NumMeasures]measureInfo{
	Children:         {"children", "ons_mid-year_population_estimates_*.csv", kindEES, [2]string{"age_group", "Children aged 0 to 17 years"}, "population_estimate", true, "children aged 0-17 (mid-year)"},
	Referrals:        {"referrals", "c1_children_in_need_referrals_*.csv", kindEES, [2]string{}, "referral_count", true, "referrals in the year to 31 March"},
	NFA:              {"nfa", "c1_children_in_need_referrals_*.csv", kindEES, [2]string{}, "no_further_action_count", true, "referrals with no further action"},
	Section47:        {"section47", "c4_children_in_need_section_47s_*.csv", kindEES, [2]string{}, "Section47", true, "section 47 enquiries starting"},
	CPStarts:         {"cp_starts", "d3_cpps_subsequent_plan_*.csv", kindEES, [2]string{}, "CPP_start", true, "CP plans starting"},
	CPAt31:           {"cp_at31", "d5_cpps_at31march_*.csv", kindEES, [2]string{}, "CPP_At31", true, "children on a CP plan at 31 March"},
	CLAAt31:          {"cla_at31", "cla_number_and_rate_per_10k_children*.csv", kindEES, [2]string{"population_type", "Children looked after on 31 March each year"}, "children_count", true, "children looked after at 31 March"},
	CLAStarting:      {"cla_starting", "cla_number_and_rate_per_10k_children*.csv", kindEES, [2]string{"population_type", "Children starting to be looked after each year"}, "children_count", true, "children starting to be looked after"},
	CLACeasing:       {"cla_ceasing", "cla_number_and_rate_per_10k_children*.csv", kindEES, [2]string{"population_type", "Children ceasing to be looked after each year"}, "children_count", true, "children ceasing to be looked after"},
	SocialWorkersFTE: {"sw_fte", "csww_indicators_*.csv", kindEES, [2]string{}, "inpost_fte", true, "social workers in post, FTE (30 September)"},
	CaseHoldersFTE:   {"case_holders_fte", "csww_indicators_*.csv", kindEES, [2]string{}, "case_holders_fte", true, "case-holding social workers, FTE"},
	VacancyRate:      {"vacancy_rate", "csww_indicators_*.csv", kindEES, [2]string{}, "vacancy_rate_fte", false, "percent of posts vacant (FTE)"},
	AgencyRate:       {"agency_rate", "csww_indicators_*.csv", kindEES, [2]string{}, "agency_rate_fte", false, "percent of workers from agencies (FTE)"},
	VacancyCover:     {"vacancy_cover", "csww_indicators_*.csv", kindEES, [2]string{}, "vacancy_agency_cover_rate_fte", false, "percent of vacancies covered by agency workers"},
	Turnover:         {"turnover", "csww_indicators_*.csv", kindEES, [2]string{}, "turnover_rate_fte", false, "percent leaving in the year (FTE)"},
	Caseload:         {"caseload", "csww_indicators_*.csv", kindEES, [2]string{}, "caseload_fte", false, "cases per case-holding FTE"},
	FSMPrimary:       {"fsm_primary", "lait*.csv", kindLAIT, [2]string{"Short Desc", "PriFSM"}, "Values", false, "percent of primary pupils eligible for FSM (January)"},
	FSMSecondary:     {"fsm_secondary", "lait*.csv", kindLAIT, [2]string{"Short Desc", "SecFSM"}, "Values", false, "percent of secondary pupils eligible for FSM (January)"},
	UASC:             {"uasc", "lait*.csv", kindLAIT, [2]string{"Short Desc", "Unacc_Asylmn_Seek_Childn"}, "Values", true, "unaccompanied asylum-seeking children looked after at 31 March"},
}

// neighboursPattern is the statistical neighbours file.
const neighboursPattern = "sn_model_*_wide.csv"

// Key is the measure's column name in the table of LAs.
func (m Measure) Key() string { return measures[m].key }

// Count says the measure is a count of children, events or staff, which
// grows with the LA (per 10,000 children it is comparable between LAs),
// rather than a rate or a percentage.
func (m Measure) Count() bool { return measures[m].count }

// Unit says what the measure counts.
func (m Measure) Unit() string { return measures[m].unit }

// MeasureByKey finds a measure by its column name.
func MeasureByKey(key string) (Measure, bool) {
	for m := range NumMeasures {
		if measures[m].key == key {
			return m, true
		}
	}
	return 0, false
}
