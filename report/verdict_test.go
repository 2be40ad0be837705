package report

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// The comparison's verdict names the scenario with the largest clear fall
// in each flow (its interval below 0) and its cost, says which flows none
// lowers, groups the clear rises by flow, and names the evidence set and
// how to try the other; with no clear fall it says so.
func TestVerdict(t *testing.T) {
	ev := func(e string) map[string]any { return map[string]any{"effects": map[string]any{"evidence": e}} }
	f := &folder{
		scenarios: []string{"baseline", "core", "embedded"},
		diffs: map[string]map[string]stat{
			"core": {"referrals": {Mean: -10, Lo: -15, Hi: -5}, "s47_enquiries": {Mean: 3, Lo: 1, Hi: 5},
				"cp_plan_starts": {Mean: -1, Lo: -2, Hi: 0.5}, "care_entries": {Mean: 0, Lo: -1, Hi: 1}, "cost_total": {Mean: 400000, Lo: 300000, Hi: 500000}},
			"embedded": {"referrals": {Mean: -40, Lo: -60, Hi: -20}, "s47_enquiries": {Mean: 4, Lo: 2, Hi: 6},
				"cp_plan_starts": {Mean: 1, Lo: -1, Hi: 3}, "care_entries": {Mean: -2, Lo: -3, Hi: -0.5}, "cost_total": {Mean: 350000, Lo: 230000, Hi: 470000}},
		},
	}
	f.stats = map[string]map[string]stat{"baseline": {"referrals": {Mean: 4000}}}
	f.man.Scenarios = []manifestScenario{{Name: "baseline", Config: ev("trial")}, {Name: "core", Config: ev("trial")}, {Name: "embedded", Config: ev("trial")}}
	got := strings.Join(f.verdict(), "\n")
	for _, w := range []string{
		"the largest clear fall against baseline",
		"referrals to children's social care: embedded, −40 a year [−60 to −20] (−1.0% of baseline's 4,000), at +£0.35m a year [+£0.23m to +£0.47m] in total cost",
		"children entering care: embedded, −2",
		"None clearly lowers section 47 enquiries or child protection plans started.",
		"Clear rises: section 47 enquiries under core and embedded.",
		"the trial evidence set's", "--set effects.evidence=pilots",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("verdict lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "referrals to children's social care: core") {
		t.Errorf("verdict names core's smaller fall:\n%s", got)
	}

	// no clear fall; one deployment; the evidence set differs
	one := &folder{scenarios: []string{"baseline", "embedded"}, diffs: map[string]map[string]stat{
		"embedded": {"referrals": {Mean: 5, Lo: -0.4, Hi: 11}, "cost_total": {Mean: 1, Lo: 1, Hi: 1}}}}
	one.man.Scenarios = []manifestScenario{{Name: "baseline", Config: ev("trial")}, {Name: "embedded", Config: ev("pilots")}}
	got = strings.Join(one.verdict(), "\n")
	for _, w := range []string{
		"In short: embedded does not clearly lower referrals to children's social care, section 47 enquiries, child protection plans started or children entering care against baseline",
		"differ between the scenarios: baseline's the trial evidence set's, embedded's the pilots evidence set's",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("verdict lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "Clear rises") {
		t.Errorf("a rise whose interval reaches below 0 called clear:\n%s", got)
	}
}

// The evidence set acts only through school-based workers: a comparison
// in which no scenario has any says nothing of it, and one whose baseline
// has none names the deploying scenarios' set alone.
func TestVerdictEvidenceOnlyWithSchoolWorkers(t *testing.T) {
	ev := func(e string) map[string]any { return map[string]any{"effects": map[string]any{"evidence": e}} }
	diffs := map[string]map[string]stat{"other": {"referrals": {Mean: 50, Lo: 40, Hi: 60}, "cost_total": {}}}
	none := &folder{scenarios: []string{"baseline", "other"}, diffs: diffs,
		stats: map[string]map[string]stat{"baseline": {SchoolFTE: {}}, "other": {SchoolFTE: {}}}}
	none.man.Scenarios = []manifestScenario{{Name: "baseline", Config: ev("trial")}, {Name: "other", Config: ev("trial")}}
	if got := strings.Join(none.verdict(), "\n"); strings.Contains(got, "evidence") {
		t.Errorf("verdict of scenarios without school-based workers speaks of the evidence set:\n%s", got)
	}
	some := &folder{scenarios: []string{"baseline", "other"}, diffs: diffs,
		stats: map[string]map[string]stat{"baseline": {SchoolFTE: {}}, "other": {SchoolFTE: {Mean: 5}}}}
	some.man.Scenarios = []manifestScenario{{Name: "baseline", Config: ev("trial")}, {Name: "other", Config: ev("pilots")}}
	got := strings.Join(some.verdict(), "\n")
	if !strings.Contains(got, "are the pilots evidence set's") || !strings.Contains(got, "--set effects.evidence=trial") || strings.Contains(got, "differ between") {
		t.Errorf("verdict of a deployment against a baseline without school-based workers:\n%s", got)
	}
}

// With one replication no change has an interval (its ends are NaN, or 0
// where the difference is 0): the
// verdict says that it cannot tell, not that no interval lies below 0.
func TestVerdictOneReplication(t *testing.T) {
	nan := math.NaN()
	f := &folder{scenarios: []string{"baseline", "embedded"}, diffs: map[string]map[string]stat{
		"embedded": {"referrals": {Mean: -3, Lo: nan, Hi: nan}, "s47_enquiries": {Mean: 2, Lo: nan, Hi: nan},
			"cp_plan_starts": {Mean: 0, Lo: 0, Hi: 0}, "care_entries": {Mean: -1, Lo: nan, Hi: nan}, "cost_total": {Mean: 3e5, Lo: nan, Hi: nan}}}}
	f.man.Reps = 1 // summary.csv gives a difference of 0 the interval [0, 0]
	got := strings.Join(f.verdict(), "\n")
	want := "In short: with one replication no change has a 95% interval, so this comparison cannot tell whether embedded lowers referrals to children's social care, section 47 enquiries, child protection plans started or children entering care against baseline; run it again with --reps 2 or more."
	if !strings.Contains(got, want) {
		t.Errorf("verdict of one replication:\n%s\nwant %q", got, want)
	}
	if strings.Contains(got, "no 95% interval of a change lies below 0") {
		t.Errorf("verdict of one replication speaks of intervals it has not got:\n%s", got)
	}
}

func TestPercent(t *testing.T) {
	for x, want := range map[float64]string{0.12: "+12%", -0.015: "-1.5%", -0.0013: "-0.13%", 0.00031: "+0.031%", 0: "+0%", 0.0000001: "+0.000010%", -0.5: "-50%",
		-0.05 / 15000: "-0.00033%", 0.0996: "+10%", -0.00996: "-1.0%", 0.000999: "+0.10%", 0.0994: "+9.9%"} {
		if got := Percent(x); got != want {
			t.Errorf("Percent(%g) = %q, want %q", x, got, want)
		}
	}
}

// The analysis's lines in manifest.json become sentences of the report: a
// warning a caution in the summary, the others the method, each with one
// full stop and a capital, a blank line left out.
func TestAnalysisLines(t *testing.T) {
	d := &doc{f: &folder{}}
	d.f.man.Extra = map[string]string{"analysis": "mu* interval: Student t over 3 trajectories\n\nwarning: one replication per point; use --reps 2 or more\nwarning: mu* below the noise: a (mu* 1, noise 2). More replications per point would separate them.\n"}
	d.analysisLines()
	want := []string{"Caution: one replication per point; use --reps 2 or more.", "Caution: mu* below the noise: a (mu* 1, noise 2). More replications per point would separate them."}
	if !slices.Equal(d.summary, want) {
		t.Errorf("summary %q, want %q", d.summary, want)
	}
	if want := []string{"Mu* interval: Student t over 3 trajectories."}; !slices.Equal(d.method, want) {
		t.Errorf("method %q, want %q", d.method, want)
	}
}

func TestReplications(t *testing.T) {
	if a, b := replications(1), replications(20); a != "1 replication" || b != "20 replications" {
		t.Errorf("replications: %q, %q", a, b)
	}
}
