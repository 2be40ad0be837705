package sim

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// costHeadings name the cost headings (accounts.go), indexed by Cost*.
var costHeadings = [NumCosts]struct{ name, label, doc string }{
	CostSchoolWorkforce: {"cost_school_workforce", "Cost: school-based workforce", "The school-based workforce: filled posts at their role's annual cost, agency cover with costs.agency_premium (MODEL.md §3.7)."},
	CostStatutory:       {"cost_statutory", "Cost: statutory casework", "Statutory casework other than the social workers' employment: weekly costs of CIN and CP cases, and each assessment and enquiry."},
	CostEarlyHelp:       {"cost_early_help", "Cost: early help", "Early help, by the week of support."},
	CostCare:            {"cost_care", "Cost: children in care", "Care placements, by the week at the mix of placement costs."},
	CostStatutoryStaff:  {"cost_statutory_staff", "Cost: statutory social workers", "Every statutory social work post in post, employed at costs.statutory_fte and agency cover at costs.statutory_fte × (1 + costs.agency_premium), counted once: the full employment cost, comparable with cost_school_workforce."},
}

// CostComponents are the metrics of the cost headings, in the order
// tables and reports show them. Together they are the whole of cost_total
// (CostTotal): every results table, summary and report that shows a total
// shows these rows above it, so a reader sees every component and that
// they add up.
func CostComponents() []string {
	return []string{
		costHeadings[CostSchoolWorkforce].name,
		costHeadings[CostStatutoryStaff].name,
		costHeadings[CostStatutory].name,
		costHeadings[CostEarlyHelp].name,
		costHeadings[CostCare].name,
	}
}

// CostTotal is the metric of the total cost a year: the sum of
// CostComponents.
const CostTotal = "cost_total"

// MetricKind says what a metric measures, and so how it is shown and what
// interval suits it.
type MetricKind uint8

// Metric kinds.
const (
	KindCount    MetricKind = iota // children (events) a year
	KindRate                       // per 10,000 children
	KindStock                      // children at the census week
	KindCaseload                   // cases per FTE
	KindShare                      // a proportion in [0, 1]
	KindWeeks                      // a duration in weeks
	KindFTE                        // full-time equivalents
	KindSchools                    // a number of schools
	KindCost                       // pounds a year
	KindDays                       // a duration in working days
)

var kindNames = [...]string{"count", "rate", "stock", "caseload", "share", "weeks", "fte", "schools", "cost", "working days"}

func (k MetricKind) String() string { return kindNames[k] }

// Combining says how the values of the LAs of a country make the
// national value (Combine).
type Combining uint8

// Ways of combining.
const (
	CombineSum    Combining = iota // the LAs' values add up
	CombinePer10k                  // recomputed from the national total of Base
	CombineMean                    // a mean of the LAs' values weighted by Weight
)

var combineNames = [...]string{"sum", "per 10,000 of the total", "weighted mean"}

// Metric is one entry of the metric registry: everything the model, the
// national combination, the tables and the documentation know of a
// metric.
type Metric struct {
	Name    string
	Kind    MetricKind
	Unit    string // e.g. "children a year"
	Combine Combining
	Base    string // CombinePer10k: the metric it is a rate of
	Weight  string // CombineMean: the metric whose values weight the LAs
	Label   string // the row label of the terminal tables
	Doc     string // one line for docs/metrics.md

	// value computes the metric at the end of a run from the accounts;
	// v holds the metrics before it in the registry.
	value func(c *metricCtx, v []float64) float64
}

// metricCtx is what a metric is computed from at the end of a run.
type metricCtx struct {
	a      *accounts
	m      *Model
	years  float64
	per10k float64 // 10,000 / children
	cens   float64 // census weeks counted (at least 1)
}

// flowInfo labels and documents each Flow.
var flowInfo = [NumFlows]struct{ name, label, doc string }{
	FReferrals:               {"referrals", "Referrals (all)", "referrals to children's social care, from every source"},
	FReferralsSchool:         {"referrals_school", "Referrals from schools", "referrals made by schools: school staff and school-based workers (`referrals_from_school` + `referrals_from_school_worker`)"},
	FReferralsOther:          {"referrals_other", "Referrals from other sources", "referrals from every source but schools"},
	FRereferrals:             {"rereferrals", "Re-referrals", "referrals within need.rereferral_weeks weeks of the family's previous referral"},
	FTriageNFA:               {"triage_nfa", "Triage: no further action", "front-door decisions of no further action"},
	FTriageEarlyHelp:         {"triage_early_help", "Triage: early help", "front-door decisions to offer early help"},
	FTriageAssessment:        {"triage_assessment", "Triage: assessment", "front-door decisions to assess (section 17)"},
	FTriageStrategy:          {"triage_strategy", "Triage: strategy discussion", "front-door decisions to hold a strategy discussion"},
	FS17:                     {"s17_assessments", "Section 17 assessments", "section 17 assessments completed, counted per child (CIN census table C2)"},
	FStrategy:                {"strategy_discussions", "Strategy discussions", "strategy discussions held"},
	FS47:                     {"s47_enquiries", "Section 47 enquiries", "section 47 enquiries started"},
	FICPC:                    {"icpcs", "Initial child protection conferences", "initial child protection conferences held"},
	FCPStarts:                {"cp_plan_starts", "Child protection plans started", "child protection plans started"},
	FCINStarts:               {"cin_plan_starts", "Child in need plans started", "child in need plans started"},
	FCareEntries:             {"care_entries", "Care entries", "children who became looked after, unaccompanied asylum-seeking children included"},
	FCareEntriesPlanned:      {"care_entries_planned", "Care entries, planned", "care entries from a child protection plan (the step-up of a CP case at need level 3)"},
	FCareEntriesEmergency:    {"care_entries_emergency", "Care entries, emergency", "care entries in a crisis (emergency removal through a strategy discussion and enquiry)"},
	FCareLeavers:             {"care_leavers", "Care leavers", "children who stopped being looked after"},
	FEarlyHelpStarts:         {"early_help_starts", "Early help started", "children whose family consented to LA early help after triage"},
	FCaseworkStarts:          {"school_casework_starts", "School-based casework started", "children starting casework with a school-based worker"},
	FSchoolIdentified:        {"school_identified", "Identified by school-based workers", "children whose need a school-based worker identified"},
	FCoWorkStarts:            {"cowork_starts", "Co-working started", "statutory cases a school-based worker began to co-work"},
	FAssessmentsDelayed:      {"assessments_delayed", "Assessments delayed", "assessments that waited at least a week to start"},
	FAssessedNoPlan:          {"assessed_no_plan", "Assessed: no plan", "section 17 assessments completed that ended with no plan (closed, with or without an offer of early help)"},
	FCareLeavers18:           {"care_leavers_at_18", "Care leavers at 18", "children who stopped being looked after because a young person of the family reached 18 (care_leavers includes them)"},
	FCareEntriesUASC:         {"care_entries_uasc", "Care entries, UASC", "unaccompanied asylum-seeking children who became looked after on arrival (uasc.*)"},
	FSchoolWorkerAssessments: {"school_worker_assessments", "Assessments by school-based workers", "children assessed by a school-based worker with their own assessment, at the start of casework or to form their own referral (school_workforce.own_assessment): work that moves to the worker without being a section 17 assessment"},
}

// FlowNames are the metric names of the flows.
var FlowNames = func() [NumFlows]string {
	var n [NumFlows]string
	for k, f := range flowInfo {
		n[k] = f.name
	}
	return n
}()

var sourceLabels = [NumSources]string{"school staff", "the police", "health services", "other LA services", "individuals", "other sources", "school-based workers"}

var typeLabels = [NumSchoolTypes + 1]string{"primary schools", "secondary schools", "special schools", "alternative provision", "children on no roll"}

// metrics is the registry, in the order of Outcome.Values.
var metrics = buildMetrics()

// metricIndex maps a metric name to its position in the registry.
var metricIndex = func() map[string]int {
	ix := make(map[string]int, len(metrics))
	for i, m := range metrics {
		ix[m.Name] = i
	}
	return ix
}()

// metricNames are the names of the registry, in order.
var metricNames = func() []string {
	n := make([]string, len(metrics))
	for i, m := range metrics {
		n[i] = m.Name
	}
	return n
}()

func buildMetrics() []Metric {
	var ms []Metric
	add := func(m Metric) { ms = append(ms, m) }
	count := func(name, label, doc string, f func(c *metricCtx) float64) {
		add(Metric{Name: name, Kind: KindCount, Unit: "children a year", Combine: CombineSum, Label: label, Doc: doc,
			value: func(c *metricCtx, _ []float64) float64 { return f(c) }})
	}
	for k, f := range flowInfo {
		count(f.name, f.label, capital(f.doc)+".", func(c *metricCtx) float64 { return c.a.flows[k] / c.years })
	}
	for s := range NumSources {
		doc := "Referrals made by " + sourceLabels[s] + "."
		switch s {
		case SourceSchool:
			doc = "Referrals made by school staff (not the school-based worker: `referrals_from_school_worker`)."
		case SourceSchoolWorker:
			doc = "Referrals made by school-based workers: need they found through casework and groups (pathways B and C), concerns staff brought to them (pathway A, effects.staff_referral_cut) and casework whose need rose beyond what they hold. With `referrals_from_school`, the school's referrals (`referrals_school`)."
		}
		count("referrals_from_"+SourceNames[s], "Referrals from "+sourceLabels[s], doc,
			func(c *metricCtx) float64 { return c.a.sources[s] / c.years })
	}
	for t, pre := range []string{"referrals_type_", "s47_type_"} {
		what := [2]string{"Referrals", "Section 47 enquiries"}[t]
		for k, tn := range append(SchoolTypeNames[:], "not_on_roll") {
			count(pre+tn, what+" of "+typeLabels[k],
				what+" of families whose eldest pupil attends "+typeLabels[k]+" (MODEL.md §4).",
				func(c *metricCtx) float64 { return c.a.byType[t][k] / c.years })
		}
	}
	per10k := func(k int, unit string) {
		base := ms[k]
		add(Metric{Name: base.Name + "_per_10k", Kind: KindRate, Unit: unit, Combine: CombinePer10k, Base: base.Name,
			Label: base.Label + " per 10,000 children", Doc: "`" + base.Name + "` per 10,000 children aged 0–17.",
			value: func(c *metricCtx, v []float64) float64 { return v[k] * c.per10k }})
	}
	flows := len(ms)
	for k := range flows {
		per10k(k, "per 10,000 children a year")
	}
	stocks := [numCensus]struct{ name, label, doc string }{
		censusCIN:       {"cin_stock", "Children in need at 31 March", "Children in need (open cases from referral to looked after) at the census week, mean over the measured years."},
		censusCP:        {"cp_stock", "Child protection plans at 31 March", "Children on child protection plans at the census week."},
		censusCLA:       {"cla_stock", "Children looked after at 31 March", "Children looked after at the census week."},
		censusEarlyHelp: {"early_help_stock", "Early help at 31 March", "Children in early help at the census week."},
		censusCasework:  {"school_casework_stock", "School-based casework at 31 March", "Children in school-based casework or monitoring at the census week."},
		censusWaiting:   {"waiting_stock", "Waiting for assessment at 31 March", "Children referred and waiting for an assessment to start at the census week."},
		censusUASC:      {"uasc_cla_stock", "UASC looked after at 31 March", "Unaccompanied asylum-seeking children looked after at the census week (uasc.*), included in cla_stock and cin_stock."},
	}
	first := len(ms)
	for k, s := range stocks {
		add(Metric{Name: s.name, Kind: KindStock, Unit: "children", Combine: CombineSum, Label: s.label, Doc: s.doc,
			value: func(c *metricCtx, _ []float64) float64 { return c.a.census[k] / c.cens }})
	}
	add(Metric{Name: "care_weeks", Kind: KindCount, Unit: "child-weeks a year", Combine: CombineSum, Label: "Weeks in care",
		Doc: "Weeks children spent looked after, a year: the weekly count of children looked after added up over the measured weeks, over the years (the denominator of compare's cost_per_care_week_avoided).",
		value: func(c *metricCtx, _ []float64) float64 {
			var n float64
			for _, w := range c.a.weekly {
				n += w[WCLA]
			}
			return n / c.years
		}})
	// the statutory stocks also as rates
	for _, k := range []int{censusCIN, censusCP, censusCLA} {
		per10k(first+k, "per 10,000 children")
	}
	mean := func(name string, kind MetricKind, unit, weight, label, doc string, f func(c *metricCtx) float64) {
		add(Metric{Name: name, Kind: kind, Unit: unit, Combine: CombineMean, Weight: weight, Label: label, Doc: doc,
			value: func(c *metricCtx, _ []float64) float64 { return f(c) }})
	}
	const statFTE, schFTE = "statutory_fte_mean", "school_worker_fte"
	mean("statutory_caseload_mean", KindCaseload, "children per FTE", statFTE,
		"Statutory caseload per FTE, mean", "Children on statutory caseloads per statutory FTE in post (a co-worked case counts statutory.cowork_case_weight), mean over the measured weeks.",
		func(c *metricCtx) float64 { return meanOf(c.a.statCase) })
	mean("statutory_caseload_p95", KindCaseload, "children per FTE", statFTE,
		"Statutory caseload per FTE, 95th centile", "The 95th centile (type 7) of the weekly statutory caseload per FTE.",
		func(c *metricCtx) float64 { return quantileOf(c.a.statCase, 0.95) })
	mean("statutory_weeks_over_cap", KindShare, "share of weeks", statFTE,
		"Weeks with statutory caseload over cap", "The share of measured weeks in which the statutory caseload per FTE was above statutory.caseload_cap.",
		func(c *metricCtx) float64 { return shareOver(c.a.statCase, c.m.p.Statutory.CaseloadCap) })
	mean("school_worker_caseload_mean", KindCaseload, "families per FTE", schFTE,
		"School-based caseload per FTE, mean", "Families in casework, monitoring or co-work per school-based FTE in post, mean over the measured weeks.",
		func(c *metricCtx) float64 { return meanOf(c.a.schCase) })
	mean("school_worker_caseload_p95", KindCaseload, "families per FTE", schFTE,
		"School-based caseload per FTE, 95th centile", "The 95th centile (type 7) of the weekly school-based caseload per FTE.",
		func(c *metricCtx) float64 { return quantileOf(c.a.schCase, 0.95) })
	mean("school_worker_weeks_full", KindShare, "share of weeks", schFTE,
		"Weeks with school-based workers at full caps", "The share of measured weeks in which every school-based worker in post was at its caps.",
		func(c *metricCtx) float64 { return float64(c.a.schFull) / float64(max(1, len(c.a.schCase))) })
	for k, r := range CaseloadRoles {
		mean("school_worker_caseload_"+r+"_mean", KindCaseload, "families per FTE", schFTE,
			"School-based caseload per FTE, "+r, "The caseload per FTE of the "+r+" role, mean over the measured weeks in which it had workers in post.",
			func(c *metricCtx) float64 { return c.a.roleCase[k] / float64(max(1, c.a.roleWeeks[k])) })
	}
	all := len(CaseloadRoles)
	for k, r := range append(CaseloadRoles[:], "") {
		suffix, who := "_mean", "school-based workers in post"
		if r != "" {
			suffix, who = "_"+r+"_mean", "workers of the "+r+" role in post"
		} else {
			k = all
		}
		mean("school_worker_intensive"+suffix, KindCaseload, "cases per FTE", schFTE,
			"Intensive cases per FTE"+strings.TrimSuffix(" ("+r+")", " ()"),
			"Families in intensive casework per FTE of "+who+", mean over the measured weeks in which they worked (seed 001 case study 6: 10-12 for an embedded qualified worker).",
			func(c *metricCtx) float64 { return c.a.intensive[k] / float64(max(1, c.a.caseWeeks[k])) })
		mean("school_worker_monitoring"+suffix, KindCaseload, "cases per FTE", schFTE,
			"Monitoring cases per FTE"+strings.TrimSuffix(" ("+r+")", " ()"),
			"Families in monitoring per FTE of "+who+", mean over the measured weeks in which they worked (seed 001 case study 6: 20-25 for an embedded qualified worker).",
			func(c *metricCtx) float64 { return c.a.monitoring[k] / float64(max(1, c.a.caseWeeks[k])) })
	}
	for k, r := range append(CaseloadRoles[:], "") {
		suffix, who := "", "school-based workers"
		if r != "" {
			suffix, who = "_"+r, "workers of the "+r+" role"
		} else {
			k = all
		}
		for act, an := range ActivityNames {
			mean("school_worker_hours_share_"+an+suffix, KindShare, "share of hours", schFTE,
				"Hours share: "+an+strings.TrimSuffix(" ("+r+")", " ()"),
				"The share of the working hours of "+who+" (in post, in the weeks they worked) spent on "+activityDocs[act]+" (sim/timeuse.go).",
				func(c *metricCtx) float64 {
					var tot float64
					for _, x := range c.a.hours[k] {
						tot += x
					}
					if tot <= 0 {
						return 0
					}
					return c.a.hours[k][act] / tot
				})
		}
	}
	mean("assessment_wait_weeks_mean", KindWeeks, "weeks", "s17_assessments",
		"Wait for assessment, mean (weeks)", "Weeks from the decision to assess to the start of the assessment, mean over assessments started.",
		func(c *metricCtx) float64 { return c.a.waitSum / math.Max(1, c.a.waitN) })
	sum := func(name string, kind MetricKind, unit, label, doc string, f func(c *metricCtx) float64) {
		add(Metric{Name: name, Kind: kind, Unit: unit, Combine: CombineSum, Label: label, Doc: doc,
			value: func(c *metricCtx, _ []float64) float64 { return f(c) }})
	}
	sum(statFTE, KindFTE, "FTE", "Statutory social workers (FTE)", "Statutory case-holding FTE, employed plus agency cover, mean over the measured weeks.",
		func(c *metricCtx) float64 { return c.a.fteSum / float64(max(1, len(c.a.statCase))) })
	sum(schFTE, KindFTE, "FTE", "School-based workers (FTE)", "School-based FTE in the scenario's teams, posts filled or vacant.",
		func(c *metricCtx) float64 { return c.m.WorkforceFTE() })
	sum("schools_covered", KindSchools, "schools", "Schools covered", "Schools with a school-based worker assigned.",
		func(c *metricCtx) float64 { return float64(c.m.schoolsCovered()) })
	for k, cs := range costHeadings {
		sum(cs.name, KindCost, "£ a year", cs.label, cs.doc, func(c *metricCtx) float64 {
			v := c.a.costs[k] / c.years
			if k == CostStatutory {
				v += c.activityCost()
			}
			return v
		})
	}
	sum(CostTotal, KindCost, "£ a year", "Cost: total", "Every cost heading above together: school-based workforce, statutory social workers, statutory casework, early help and care.", func(c *metricCtx) float64 {
		var total float64
		for k := range NumCosts {
			total += c.a.costs[k] / c.years
		}
		return total + c.activityCost()
	})
	heads := make([]string, 0, NumCosts+1)
	for _, cs := range costHeadings {
		heads = append(heads, cs.name)
	}
	heads = append(heads, CostTotal)
	for k, h := range heads {
		sum(h+"_horizon", KindCost, "£ over the horizon", ms[metricIndexIn(ms, h)].Label+", horizon",
			"`"+h+"` added up over the measured years, year t uprated by (1 + costs.inflation)^t (sim/money.go).",
			func(c *metricCtx) float64 { return c.horizonCost(k, false) })
		sum(h+"_horizon_pv", KindCost, "£ over the horizon, present value", ms[metricIndexIn(ms, h)].Label+", horizon, discounted",
			"`"+h+"_horizon` with year t discounted by (1 + costs.discount_rate)^-t, the first year undiscounted (HM Treasury Green Book).",
			func(c *metricCtx) float64 { return c.horizonCost(k, true) })
	}
	censusMetrics(add)
	return ms
}

// censusMetrics adds the figures of the census tables the model is
// measured against (MODEL.md §4.2): shares of referrals and assessments,
// durations in the census's bands, ages of the children looked after,
// and the statutory workers one by one.
func censusMetrics(add func(Metric)) {
	share := func(name, weight, label, doc string, f func(c *metricCtx) float64) {
		add(Metric{Name: name, Kind: KindShare, Unit: "share", Combine: CombineMean, Weight: weight, Label: label, Doc: doc,
			value: func(c *metricCtx, _ []float64) float64 { return f(c) }})
	}
	ratio := func(a, b float64) float64 {
		if b <= 0 {
			return 0
		}
		return a / b
	}
	share("rereferral_share", "referrals", "Re-referrals within 12 months, share", "Referrals within need.rereferral_weeks (52) weeks of a previous referral of the same child, as a share of referrals (CIN census table C1).",
		func(c *metricCtx) float64 { return ratio(c.a.flows[FRereferrals], c.a.flows[FReferrals]) })
	share("nfa_share", "referrals", "No further action, share of referrals", "Referrals the front door closed with no further action, as a share of referrals (CIN census table C1).",
		func(c *metricCtx) float64 { return ratio(c.a.flows[FTriageNFA], c.a.flows[FReferrals]) })
	share("assessed_not_in_need_share", "s17_assessments", "Assessed: no plan, share", "Assessments completed that ended with no plan, as a share of assessments completed (the census's 'not in need' and 'no further action' outcomes of table C3).",
		func(c *metricCtx) float64 { return ratio(c.a.flows[FAssessedNoPlan], c.a.flows[FS17]) })
	add(Metric{Name: "assessment_duration_wd_median", Kind: KindDays, Unit: "working days", Combine: CombineMean, Weight: "s17_assessments",
		Label: "Assessment duration, median (working days)", Doc: "The median length in working days of the assessments completed after allocation (CIN census table C2); enquiries counted as assessments are not timed.",
		value: func(c *metricCtx, _ []float64) float64 { return c.a.assessmentMedian() }})
	share("assessments_within_45wd_share", "s17_assessments", "Assessments within 45 working days", "The share of assessments completed within 45 working days (CIN census table C2).",
		func(c *metricCtx) float64 {
			sh := c.a.dur.Shares(DurAssessment, DurEnded)
			var x float64
			for _, v := range sh[:6] {
				x += v
			}
			return x
		})
	for b, bn := range []string{"le3m", "3to6m", "6to12m", "1to2y", "ge2y"} {
		share("cp_plans_ended_share_"+bn, "cp_plan_starts", "CP plans ended, "+bn, "The share of child protection plans ended in the year that lasted "+lengthLabels[b]+" (CIN census table D7).",
			func(c *metricCtx) float64 { return c.a.dur.Shares(DurCPPlan, DurEnded)[b] })
	}
	for b, bn := range AgeBandNames {
		share("care_entries_age_share_"+bn, "care_entries", "Care entries aged "+ageLabels[b], "The share of children starting to be looked after who were aged "+ageLabels[b]+" (CLA statistics).",
			func(c *metricCtx) float64 { return ratio(c.a.entryAges[b], sumOf(c.a.entryAges[:])) })
	}
	for b, bn := range AgeBandNames {
		share("cla_stock_age_share_"+bn, "cla_stock", "Looked after at 31 March aged "+ageLabels[b], "The share of children looked after at the census week who were aged "+ageLabels[b]+" (CLA statistics).",
			func(c *metricCtx) float64 { return ratio(c.a.claAges[b], sumOf(c.a.claAges[:])) })
	}
	share("statutory_workers_over_cap_share", "statutory_fte_mean", "Statutory workers over the cap", "The share of worker-weeks (each statutory worker in post, each measured week) with more children on the worker's caseload than statutory.caseload_cap.",
		func(c *metricCtx) float64 { return ratio(c.a.workerOver, c.a.workerWeeks) })
	add(Metric{Name: "statutory_worker_caseload_p95", Kind: KindCaseload, Unit: "children per worker", Combine: CombineMean, Weight: "statutory_fte_mean",
		Label: "Statutory caseload per worker, 95th centile", Doc: "The 95th centile of the caseloads (children) of statutory workers in post over the worker-weeks of the measured years.",
		value: func(c *metricCtx, _ []float64) float64 { return c.a.workerQuantile(0.95) }})
	add(Metric{Name: "social_worker_changes", Kind: KindCount, Unit: "children a year", Combine: CombineSum, Label: "Changes of social worker",
		Doc:   "Children whose statutory social worker changed because the worker left (cases handed on, or passed between agency and employed workers in a post).",
		value: func(c *metricCtx, _ []float64) float64 { return c.a.workerChanges / c.years }})
	add(Metric{Name: "children_end", Kind: KindStock, Unit: "children", Combine: CombineSum, Label: "Children aged 0-17 at the end",
		Doc:   "Children aged 0-17 in the LA at the end of the run: la.children, changed by births beyond or short of replacement (population.birth_growth); the rates per 10,000 children are of this population.",
		value: func(c *metricCtx, _ []float64) float64 { return float64(c.m.Children()) }})
	for b, bn := range []string{"le3m", "3to6m", "6to12m", "1to2y", "ge2y"} {
		share("cin_episodes_ended_share_"+bn, "referrals", "Episodes of need ended, "+bn, "The share of episodes of need of children in need (a case from its referral to its closure from a CIN plan, CP plan or care; referrals the front door closed and cases closed after an assessment or enquiry are not counted, as in the census) ended in the year that lasted "+lengthLabels[b]+" (CIN census table B5).",
			func(c *metricCtx) float64 { return c.a.dur.Shares(DurCINEpisode, DurEnded)[b] })
	}
}

var lengthLabels = [...]string{"3 months or less", "over 3 and up to 6 months", "over 6 months and up to a year", "over 1 and up to 2 years", "over 2 years"}

var ageLabels = [NumAgeBands]string{"under 1", "1 to 4", "5 to 9", "10 to 15", "16 or over"}

func sumOf(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}

// activityCost is the yearly cost of the statutory activities counted on
// the flows: assessments and enquiries.
func (c *metricCtx) activityCost() float64 {
	cs := &c.m.p.Costs
	return (float64(c.a.flows[FS17]*cs.Assessment) + float64(c.a.flows[FS47]*cs.S47)) / c.years
}

func (m *Model) schoolsCovered() int {
	covered := 0
	for _, sc := range m.schools {
		if sc.slot >= 0 {
			covered++
		}
	}
	return covered
}

// metricIndexIn is the position of a metric named name in ms, or -1.
func metricIndexIn(ms []Metric, name string) int {
	for i, m := range ms {
		if m.Name == name {
			return i
		}
	}
	return -1
}

func capital(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// metricValues computes every metric of the registry, in order.
func (a *accounts) metricValues(m *Model) []float64 {
	c := &metricCtx{a: a, m: m, years: float64(m.p.Years), per10k: perTenThousand / float64(m.Children()),
		cens: float64(max(1, a.censuses))}
	v := make([]float64, len(metrics))
	for i := range metrics {
		v[i] = metrics[i].value(c, v[:i])
	}
	return v
}

// Metrics returns the metric registry, in the order of Outcome.Values.
func Metrics() []Metric { return slices.Clone(metrics) }

// MetricNames returns the names of the per-replication metrics, in the
// order of Outcome.Values.
func MetricNames() []string { return slices.Clone(metricNames) }

// MetricIndex returns the position of a metric in Outcome.Values, or -1.
func MetricIndex(name string) int {
	if i, ok := metricIndex[name]; ok {
		return i
	}
	return -1
}

// LookupMetric returns the registry entry of a metric.
func LookupMetric(name string) (Metric, bool) {
	i, ok := metricIndex[name]
	if !ok {
		return Metric{}, false
	}
	return metrics[i], true
}

// MetricDocs is the metrics section of the documentation (docs/metrics.md),
// generated from the registry.
func MetricDocs() string {
	var b strings.Builder
	b.WriteString("# Metrics\n\n")
	b.WriteString("Generated from the metric registry (`sim/metrics.go`) by `go test ./sim -run TestMetricDocs -update`;\n")
	b.WriteString("a test checks that this file matches it. Every metric is one value per replication, in the\n")
	b.WriteString("order below (`summary.csv`, `replications.csv`, `areas.csv`). Flows are annual means over the\n")
	b.WriteString("measured years; stocks are at the census week (31 March), averaged over the measured years.\n")
	b.WriteString("'Across LAs' says how a national scenario combines its LAs (MODEL.md §3.10). Metrics of kind\n")
	b.WriteString("`share` are proportions in [0, 1].\n\n")
	b.WriteString("| metric | kind | unit | across LAs | meaning |\n| --- | --- | --- | --- | --- |\n")
	for _, m := range metrics {
		comb := combineNames[m.Combine]
		switch m.Combine {
		case CombinePer10k:
			comb += " `" + m.Base + "`"
		case CombineMean:
			comb += " by `" + m.Weight + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", m.Name, m.Kind, m.Unit, comb, m.Doc)
	}
	return b.String()
}

func meanOf(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func quantileOf(x []float64, q float64) float64 {
	if len(x) == 0 {
		return 0
	}
	s := slices.Clone(x)
	slices.Sort(s)
	pos := float64(q * float64(len(s)-1))
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(s)-1)
	return s[lo] + float64((s[hi]-s[lo])*(pos-float64(lo)))
}

func shareOver(x []float64, cap float64) float64 {
	if len(x) == 0 {
		return 0
	}
	n := 0
	for _, v := range x {
		if v > cap {
			n++
		}
	}
	return float64(n) / float64(len(x))
}
