// Package dfe reads the Department for Education's published statistics on
// England's local authorities (LAs) with children's services and turns them
// into the project's table of LAs: one row per LA with its codes, name,
// region, children, referrals, section 47 enquiries, child protection plans,
// children looked after, social work workforce, free school meals by phase,
// unaccompanied asylum-seeking children and statistical neighbours, each
// measure from its latest published year with a note where a figure is
// suppressed, missing or reported jointly.
//
// The table ships in the program (las.csv, see LAs); Import rebuilds it from
// a folder of newer releases with the same file names (dfe/SOURCES.md):
//
//	ons_mid-year_population_estimates_*.csv  children aged 0-17
//	c1_children_in_need_referrals_*.csv       referrals, no further action
//	c4_children_in_need_section_47s_*.csv     section 47 enquiries
//	d3_cpps_subsequent_plan_*.csv             CP plans starting
//	d5_cpps_at31march_*.csv                   CP plans at 31 March
//	cla_number_and_rate_per_10k_children*.csv children looked after
//	csww_indicators_*.csv                     social work workforce
//	lait*.csv                                 FSM by phase, UASC (LAIT long format)
//	sn_model_*_wide.csv                       statistical neighbours
//
// The package imports nothing else from the module, so the simulation and
// the configuration can both use it.
package dfe
