package sim

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

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
)

var kindNames = [...]string{"count", "rate", "stock", "caseload", "share", "weeks", "fte", "schools", "cost"}

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
	FReferrals:            {"referrals", "Referrals (all)", "referrals to children's social care, from every source"},
	FReferralsSchool:      {"referrals_school", "Referrals from schools", "referrals made by schools (including school-based workers)"},
	FReferralsOther:       {"referrals_other", "Referrals from other sources", "referrals from every source but schools"},
	FRereferrals:          {"rereferrals", "Re-referrals", "referrals within need.rereferral_weeks weeks of the family's previous referral"},
	FTriageNFA:            {"triage_nfa", "Triage: no further action", "front-door decisions of no further action"},
	FTriageEarlyHelp:      {"triage_early_help", "Triage: early help", "front-door decisions to offer early help"},
	FTriageAssessment:     {"triage_assessment", "Triage: assessment", "front-door decisions to assess (section 17)"},
	FTriageStrategy:       {"triage_strategy", "Triage: strategy discussion", "front-door decisions to hold a strategy discussion"},
	FS17:                  {"s17_assessments", "Section 17 assessments", "section 17 assessments started"},
	FStrategy:             {"strategy_discussions", "Strategy discussions", "strategy discussions held"},
	FS47:                  {"s47_enquiries", "Section 47 enquiries", "section 47 enquiries started"},
	FICPC:                 {"icpcs", "Initial child protection conferences", "initial child protection conferences held"},
	FCPStarts:             {"cp_plan_starts", "Child protection plans started", "child protection plans started"},
	FCINStarts:            {"cin_plan_starts", "Child in need plans started", "child in need plans started"},
	FCareEntries:          {"care_entries", "Care entries", "children who became looked after"},
	FCareEntriesPlanned:   {"care_entries_planned", "Care entries, planned", "care entries from a child protection plan (the step-up of a CP case at need level 3)"},
	FCareEntriesEmergency: {"care_entries_emergency", "Care entries, emergency", "care entries in a crisis (emergency removal through a strategy discussion and enquiry)"},
	FCareLeavers:          {"care_leavers", "Care leavers", "children who stopped being looked after"},
	FEarlyHelpStarts:      {"early_help_starts", "Early help started", "children whose family consented to LA early help after triage"},
	FCaseworkStarts:       {"school_casework_starts", "School-based casework started", "children starting casework with a school-based worker"},
	FSchoolIdentified:     {"school_identified", "Identified by school-based workers", "children whose need a school-based worker identified"},
	FCoWorkStarts:         {"cowork_starts", "Co-working started", "statutory cases a school-based worker began to co-work"},
	FAssessmentsDelayed:   {"assessments_delayed", "Assessments delayed", "assessments that waited at least a week to start"},
}

// FlowNames are the metric names of the flows.
var FlowNames = func() [NumFlows]string {
	var n [NumFlows]string
	for k, f := range flowInfo {
		n[k] = f.name
	}
	return n
}()

var sourceLabels = [NumSources]string{"schools", "the police", "health services", "other LA services", "individuals", "other sources"}

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
		count("referrals_from_"+SourceNames[s], "Referrals from "+sourceLabels[s],
			"Referrals made by "+sourceLabels[s]+".",
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
	}
	first := len(ms)
	for k, s := range stocks {
		add(Metric{Name: s.name, Kind: KindStock, Unit: "children", Combine: CombineSum, Label: s.label, Doc: s.doc,
			value: func(c *metricCtx, _ []float64) float64 { return c.a.census[k] / c.cens }})
	}
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
	costs := [NumCosts]struct{ name, label, doc string }{
		CostSchoolWorkforce: {"cost_school_workforce", "Cost: school-based workforce", "The school-based workforce: filled posts at their role's annual cost, agency cover with costs.agency_premium (MODEL.md §3.7)."},
		CostStatutory:       {"cost_statutory", "Cost: statutory social work", "Statutory social work: weekly costs of CIN and CP cases, agency statutory cover, and each assessment and enquiry."},
		CostEarlyHelp:       {"cost_early_help", "Cost: early help", "Early help, by the week of support."},
		CostCare:            {"cost_care", "Cost: care", "Care placements, by the week at the mix of placement costs."},
	}
	for k, cs := range costs {
		sum(cs.name, KindCost, "£ a year", cs.label, cs.doc, func(c *metricCtx) float64 {
			v := c.a.costs[k] / c.years
			if k == CostStatutory {
				v += c.activityCost()
			}
			return v
		})
	}
	sum("cost_total", KindCost, "£ a year", "Cost: total", "The four costs together.", func(c *metricCtx) float64 {
		var total float64
		for k := range NumCosts {
			total += c.a.costs[k] / c.years
		}
		return total + c.activityCost()
	})
	return ms
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
