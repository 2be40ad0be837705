package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/caseload/caseload/sim"
)

var selections = []string{sim.SelectAll, sim.SelectByType, sim.SelectMostDeprived, sim.SelectBudget, sim.SelectList}

func validateWorkforce(s section, w sim.Workforce, schools sim.SchoolMix) {
	s.that(w.RecordingShare+w.SupervisionShare < 1, "recording_share", w.RecordingShare,
		fmt.Sprintf("recording_share + supervision_share below 1 (supervision_share is %s)", num(w.SupervisionShare)))
	for _, name := range w.TeamNames() {
		validateTeam(s.sub("teams."+name), w.Teams[name], w.RoleNames(), schools.Primary+schools.Secondary+schools.Special+schools.AlternativeProvision)
	}
	if s.c.err == nil {
		validateBudget(s, w, schools)
	}
}

func validateTeam(s section, t sim.Team, roles []string, nSchools int) {
	s.that(slices.Contains(roles, t.Role), "role", t.Role, "one of the roles "+strings.Join(roles, ", "))
	s.that(slices.Contains(selections, t.Selection), "selection", t.Selection, "one of "+strings.Join(selections, ", "))
	for _, typ := range t.SchoolTypes {
		s.that(slices.Contains(sim.SchoolTypeNames[:], typ), "school_types", t.SchoolTypes,
			fmt.Sprintf("known school types, one of %s (%q is an unknown school type)", strings.Join(sim.SchoolTypeNames[:], ", "), typ))
	}
	if t.Selection == sim.SelectByType {
		s.that(len(t.SchoolTypes) > 0, "school_types", t.SchoolTypes, "at least one school type for selection by_type")
	}
	if t.Selection == sim.SelectMostDeprived || t.Selection == sim.SelectBudget {
		s.that(t.FTE > 0, "fte", t.FTE, "a number greater than 0 for selection "+t.Selection+" (a team of no FTE covers no schools)")
	}
	if t.Selection == sim.SelectList {
		s.that(len(t.Schools) > 0, "schools", t.Schools, "at least one school number for selection list")
	}
	for _, n := range t.Schools {
		s.that(n >= 0 && n < nSchools, "schools", t.Schools, fmt.Sprintf("school numbers from 0 to %d", nSchools-1))
	}
}

// validateBudget checks each team's FTE against what its ratio needs and
// the teams' total against budget_fte. Teams whose selection is all or
// by_type deploy a derived FTE (their schools / schools_per_worker), which
// is what counts against the budget.
func validateBudget(s section, w sim.Workforce, schools sim.SchoolMix) {
	plans := planTeams(w, schools)
	total := 0.0
	for _, pl := range plans {
		total += pl.fte
	}
	running := 0.0
	for _, pl := range plans {
		ts := s.sub("teams." + pl.name)
		file := s.c.fileOf(ts.key("fte"), ts.key("schools_per_worker"), ts.key("selection"), s.key("budget_fte"))
		t := w.Teams[pl.name]
		if pl.derived && t.FTE > 0 && t.FTE < pl.fte-1e-9 {
			s.c.fail(file, ts.key("fte"), t.FTE, fmt.Sprintf("at least the %s FTE that schools_per_worker = %s needs for %d schools (or leave fte out to derive it)",
				num(pl.fte), num(t.SchoolsPerWorker), pl.schools))
		}
		// a team of selection all, by_type or list deploys what its
		// schools need, no more: a larger stated fte would be recorded in
		// the manifest but not simulated
		if pl.derived && pl.least > 0 && t.FTE > pl.fte+1e-9 {
			s.c.fail(file, ts.key("fte"), t.FTE, fmt.Sprintf("at most the %s FTE that schools_per_worker = %s gives %d schools, which a team of selection %s deploys (leave fte out to derive it)",
				num(pl.fte), num(t.SchoolsPerWorker), pl.schools, t.Selection))
		}
		if pl.least == 0 {
			key, value, expected := noSchools(ts, t, pl)
			s.c.fail(file, key, value, expected)
		}
		running += pl.fte
		if running > w.BudgetFTE+1e-9 {
			s.c.fail(file, ts.key("fte"), pl.fte, fmt.Sprintf("total FTE at most budget_fte = %s (the teams need %s)", num(w.BudgetFTE), num(total)))
		}
	}
}

// listed counts the distinct school numbers of a list team that are of
// its types and of types no all/by_type team has taken yet (school numbers
// run through primary, secondary, special and AP schools in that order).
func listed(t sim.Team, schools sim.SchoolMix, left map[string]int) int {
	ends := []int{schools.Primary, schools.Primary + schools.Secondary,
		schools.Primary + schools.Secondary + schools.Special, schools.Primary + schools.Secondary + schools.Special + schools.AlternativeProvision}
	n := 0
	for i, sc := range t.Schools {
		if slices.Contains(t.Schools[:i], sc) || sc < 0 || sc >= ends[len(ends)-1] {
			continue
		}
		typ := 0
		for sc >= ends[typ] {
			typ++
		}
		if t.Eligible(typ) && left[sim.SchoolTypeNames[typ]] > 0 {
			n++
		}
	}
	return n
}

// noSchools says why a team covers no school, under the key to change.
func noSchools(ts section, t sim.Team, pl teamPlan) (string, any, string) {
	rule := "a team that covers at least one school (teams are planned in name order and each school is covered once)"
	if pl.schools > 0 {
		rule = fmt.Sprintf("a team that covers at least one school in every replication (teams are planned in name order and each school is covered once; this one covers at most %d, and earlier teams may take them, as the schools they choose depend on deprivation)", pl.schools)
	}
	switch {
	case t.Selection == sim.SelectList:
		return ts.key("schools"), t.Schools, rule + "; none of these schools is of the team's types and not covered by an earlier team"
	case (t.Selection == sim.SelectMostDeprived || t.Selection == sim.SelectBudget) && t.FTE*t.SchoolsPerWorker < 1:
		return ts.key("fte"), t.FTE, fmt.Sprintf("%s; fte × schools_per_worker (%s) is below one school", rule, num(t.FTE*t.SchoolsPerWorker))
	}
	return ts.key("selection"), t.Selection, rule + "; every school of its types is covered by an earlier team, or the LA has none"
}

// teamPlan is the FTE a team deploys and over how many schools at most
// (exactly, where no earlier most_deprived or budget team took schools of
// its types).
type teamPlan struct {
	name    string
	fte     float64
	derived bool
	schools int
	least   int  // the fewest schools it may cover, in any replication
	exact   bool // schools (and a derived fte) are exact, not upper bounds
}

// covered is a count of schools taken by a most_deprived or budget team,
// whose split across types depends on deprivation and is not known here.
// A count that is only an upper bound is never subtracted later, so that
// derived FTEs are never underestimated.
type covered struct {
	types []string
	count int
	exact bool
}

// planTeams mirrors sim.Model.PlanTeams on school counts, before any school
// exists: teams in name order, each school covered once. Which schools a
// most_deprived or budget team takes depends on the deprivation drawn in
// each replication, so where an earlier such team takes schools of types a
// later team does not fully contain, the later team's count is an upper
// bound (schools) with a lower bound (least) beside it. TestPlannersAgree
// checks both bounds, and equality where the plan is exact, against the
// model's planner on many random workforces. Counts stay within the school
// numbers and FTE products go through sim.Coverable, so no ratio
// overflows.
func planTeams(w sim.Workforce, schools sim.SchoolMix) []teamPlan {
	left := map[string]int{
		sim.SchoolTypeNames[sim.Primary]: schools.Primary, sim.SchoolTypeNames[sim.Secondary]: schools.Secondary,
		sim.SchoolTypeNames[sim.Special]: schools.Special, sim.SchoolTypeNames[sim.AltProvision]: schools.AlternativeProvision,
	}
	var taken []covered
	var plans []teamPlan
	for _, name := range w.TeamNames() {
		t := w.Teams[name]
		types := eligibleTypes(t)
		free, exact := freeSchools(left, taken, types)
		least := leastFree(left, taken, types)
		switch t.Selection {
		case sim.SelectList:
			l := listed(t, schools, left)
			n := min(l, free)
			plans = append(plans, teamPlan{name: name, fte: float64(n) / t.SchoolsPerWorker, derived: true, schools: n,
				least: max(0, l-takenOf(taken, types)), exact: exact && n == 0})
			taken = append(taken, covered{types: types, count: n, exact: false})
		case sim.SelectAll, sim.SelectByType:
			plans = append(plans, teamPlan{name: name, fte: float64(free) / t.SchoolsPerWorker, derived: true, schools: free, least: least, exact: exact})
			for _, typ := range types {
				left[typ] = 0
			}
			taken = settle(taken, types)
		default:
			n := sim.Coverable(t, free)
			taken = append(taken, covered{types: types, count: n, exact: exact})
			plans = append(plans, teamPlan{name: name, fte: t.FTE, schools: n, least: sim.Coverable(t, least), exact: exact})
		}
	}
	return plans
}

// settle drops the earlier teams whose schools now lie wholly within the
// types an all/by_type team has taken, and marks those that straddle them
// as no longer countable.
func settle(taken []covered, types []string) []covered {
	var out []covered
	for _, c := range taken {
		if within(c.types, types) {
			continue
		}
		c.exact = c.exact && !overlaps(c.types, types)
		out = append(out, c)
	}
	return out
}

func eligibleTypes(t sim.Team) []string {
	if len(t.SchoolTypes) == 0 {
		return sim.SchoolTypeNames[:]
	}
	return t.SchoolTypes
}

// freeSchools counts schools of types not yet covered, less those taken by
// earlier teams whose types all lie within types; exact is false when an
// earlier team may have taken some of them in a way that cannot be counted.
func freeSchools(left map[string]int, taken []covered, types []string) (n int, exact bool) {
	for _, typ := range slices.Compact(slices.Sorted(slices.Values(types))) {
		n += left[typ]
	}
	exact = true
	for _, c := range taken {
		switch {
		case c.exact && within(c.types, types):
			n -= c.count
		case overlaps(c.types, types):
			exact = false
		}
	}
	return max(0, n), exact
}

// leastFree is the fewest schools of types that earlier teams may leave:
// those not yet covered, less every school an earlier team may have taken
// of types that overlap them.
func leastFree(left map[string]int, taken []covered, types []string) int {
	n := 0
	for _, typ := range slices.Compact(slices.Sorted(slices.Values(types))) {
		n += left[typ]
	}
	return max(0, n-takenOf(taken, types))
}

// takenOf is the most schools of types that earlier teams may have taken.
func takenOf(taken []covered, types []string) int {
	n := 0
	for _, c := range taken {
		if overlaps(c.types, types) {
			n += c.count
		}
	}
	return n
}

func within(sub, set []string) bool {
	for _, x := range sub {
		if !slices.Contains(set, x) {
			return false
		}
	}
	return true
}

func overlaps(a, b []string) bool {
	return slices.ContainsFunc(a, func(x string) bool { return slices.Contains(b, x) })
}
