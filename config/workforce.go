package config

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/caseload/caseload/sim"
)

var selections = []string{sim.SelectAll, sim.SelectByType, sim.SelectMostDeprived, sim.SelectBudget, sim.SelectList}

func validateWorkforce(s section, w sim.Workforce, schools sim.SchoolMix) {
	s.that(w.HoursPerWeek > 0 && w.HoursPerWeek <= 80, "hours_per_week", w.HoursPerWeek, "a number greater than 0 and at most 80")
	s.atLeast("recording_share", w.RecordingShare, 0)
	s.atLeast("supervision_share", w.SupervisionShare, 0)
	s.that(w.RecordingShare+w.SupervisionShare < 1, "recording_share", w.RecordingShare,
		fmt.Sprintf("recording_share + supervision_share below 1 (supervision_share is %s)", num(w.SupervisionShare)))
	s.atLeast("travel_hours_per_trip", w.TravelPerTrip, 0)
	s.positive("dose_hours", w.DoseHours)
	s.positive("integration_weeks", w.IntegrationWeeks)
	s.unit("integration_loss", w.IntegrationLoss)
	s.unit("turnover", w.Turnover)
	s.atLeast("recruit_weeks", w.RecruitWeeks, 1)
	s.unit("agency_cover", w.AgencyCover)
	s.atLeast("intervention_weeks", w.InterventionWeeks, 1)
	s.atLeast("monitoring_weeks", w.MonitoringWeeks, 1)
	s.atLeast("trainee_supervision_hours", w.TraineeSupervise, 0)
	s.atLeast("budget_fte", w.BudgetFTE, 0)
	for _, name := range w.RoleNames() {
		validateRole(s.sub("roles."+name), w.Types[name])
	}
	for _, name := range w.TeamNames() {
		validateTeam(s.sub("teams."+name), w.Teams[name], w.RoleNames(), schools.Primary+schools.Secondary+schools.Special+schools.AP)
	}
	if s.c.err == nil {
		validateBudget(s, w, schools)
	}
}

func validateRole(s section, r sim.Role) {
	s.intRange("max_level", r.MaxLevel, 0, 3)
	s.atLeast("intensive_cap", r.Intensive, 0)
	s.atLeast("monitoring_cap", r.Monitoring, 0)
	s.atLeast("cowork_cap", r.CoWork, 0)
	s.atLeast("annual_cost", r.AnnualCost, 0)
}

func validateTeam(s section, t sim.Team, roles []string, nSchools int) {
	s.that(slices.Contains(roles, t.Role), "role", t.Role, "one of the roles "+strings.Join(roles, ", "))
	s.atLeast("fte", t.FTE, 0)
	s.that(t.SchoolsPerWorker > 0, "schools_per_worker", t.SchoolsPerWorker, "a number greater than 0 (a ratio of zero covers no schools)")
	s.that(slices.Contains(selections, t.Selection), "selection", t.Selection, "one of "+strings.Join(selections, ", "))
	for _, typ := range t.SchoolTypes {
		s.that(slices.Contains(sim.SchoolTypeNames[:], typ), "school_types", t.SchoolTypes,
			fmt.Sprintf("known school types, one of %s (%q is an unknown school type)", strings.Join(sim.SchoolTypeNames[:], ", "), typ))
	}
	if t.Selection == sim.SelectByType {
		s.that(len(t.SchoolTypes) > 0, "school_types", t.SchoolTypes, "at least one school type for selection by_type")
	}
	if t.Selection == sim.SelectMostDeprived || t.Selection == sim.SelectBudget {
		s.that(t.FTE > 0, "fte", t.FTE, "a number greater than 0 for selection "+t.Selection)
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
		running += pl.fte
		if running > w.BudgetFTE+1e-9 {
			s.c.fail(file, ts.key("fte"), pl.fte, fmt.Sprintf("total FTE at most budget_fte = %s (the teams need %s)", num(w.BudgetFTE), num(total)))
		}
	}
}

// teamPlan is the FTE a team deploys and, for derived teams, over how many schools.
type teamPlan struct {
	name    string
	fte     float64
	derived bool
	schools int
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

// planTeams mirrors sim.PlanTeams on school counts: teams in name order,
// each school covered once. Where an earlier most_deprived or budget team
// takes schools of types a later all/by_type team does not fully contain,
// the later team's count is an upper bound.
func planTeams(w sim.Workforce, schools sim.SchoolMix) []teamPlan {
	left := map[string]int{
		sim.SchoolTypeNames[sim.Primary]: schools.Primary, sim.SchoolTypeNames[sim.Secondary]: schools.Secondary,
		sim.SchoolTypeNames[sim.Special]: schools.Special, sim.SchoolTypeNames[sim.AltProvision]: schools.AP,
	}
	var taken []covered
	var plans []teamPlan
	for _, name := range w.TeamNames() {
		t := w.Teams[name]
		types := eligibleTypes(t)
		free, exact := freeSchools(left, taken, types)
		switch t.Selection {
		case sim.SelectList:
			n := min(len(t.Schools), free)
			plans = append(plans, teamPlan{name: name, fte: float64(n) / t.SchoolsPerWorker, derived: true, schools: n})
			taken = append(taken, covered{types: types, count: n, exact: false})
		case sim.SelectAll, sim.SelectByType:
			plans = append(plans, teamPlan{name: name, fte: float64(free) / t.SchoolsPerWorker, derived: true, schools: free})
			for _, typ := range types {
				left[typ] = 0
			}
			taken = settle(taken, types)
		default:
			n := int(math.Floor(t.FTE*t.SchoolsPerWorker + 1e-9))
			taken = append(taken, covered{types: types, count: min(n, free), exact: exact})
			plans = append(plans, teamPlan{name: name, fte: t.FTE})
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
