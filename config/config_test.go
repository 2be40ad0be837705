package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/caseload/caseload/sim"
	"go.yaml.in/yaml/v3"
)

// team is a valid school-based team the bad cases build on.
const team = `
school_workforce:
  budget_fte: 10
  teams:
    core:
      role: qualified
      fte: 2
      schools_per_worker: 5
`

// writeFiles writes name -> YAML into a fresh folder and returns the folder.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadRejectsBadInput(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string // written to a temp folder; s.yaml is loaded
		env   []string
		sets  []string
		want  []string // substrings of the message; "s.yaml" etc. name the file
	}{
		{name: "unknown top-level key", files: map[string]string{"s.yaml": "colour: blue\n"},
			want: []string{"s.yaml", "key colour", `value "blue"`, "known key", "school_workforce"}},
		{name: "unknown nested key", files: map[string]string{"s.yaml": "la:\n  childrn: 5000\n"},
			want: []string{"s.yaml", "key la.childrn", "value 5000", "did you mean children"}},
		{name: "misspelt team field", files: map[string]string{"s.yaml": team + "      schools_per_wroker: 3\n"},
			want: []string{"s.yaml", "key school_workforce.teams.core.schools_per_wroker", "value 3", "did you mean schools_per_worker"}},
		{name: "misspelt team name in a file", files: map[string]string{"base.yaml": team, "s.yaml": "extends: base.yaml\nschool_workforce:\n  teams:\n    cor:\n      fte: 1\n"},
			want: []string{"s.yaml", "key school_workforce.teams.cor.schools_per_worker", "value 0", "s.yaml makes team cor, which none of the files it extends has, without this key", "if you meant the existing team core, name it so"}},
		{name: "new team without its ratio", files: map[string]string{"s.yaml": team + "    extra:\n      role: support\n      fte: 1\n"},
			want: []string{"s.yaml", "key school_workforce.teams.extra.schools_per_worker", "value 0", "s.yaml makes team extra", "a new team needs every key a new one needs"}},
		{name: "string for number", files: map[string]string{"s.yaml": "la:\n  children: many\n"},
			want: []string{"s.yaml", "key la.children", `value "many"`, "expected a whole number"}},
		{name: "quoted number", files: map[string]string{"s.yaml": "la:\n  fsm_mean: \"0.3\"\n"},
			want: []string{"s.yaml", "key la.fsm_mean", `value "0.3"`, "expected a number"}},
		{name: "list for number", files: map[string]string{"s.yaml": "years: [1, 2]\n"},
			want: []string{"s.yaml", "key years", "value [1, 2]", "expected a whole number"}},
		{name: "section for number", files: map[string]string{"s.yaml": "la:\n  children:\n    a: 1\n"},
			want: []string{"s.yaml", "key la.children", "value a section of keys a", "expected a whole number"}},
		{name: "number for section", files: map[string]string{"s.yaml": "la: 5\n"},
			want: []string{"s.yaml", "key la", "value 5", "expected a section with keys children"}},
		{name: "float for int", files: map[string]string{"s.yaml": "years: 2.5\n"},
			want: []string{"s.yaml", "key years", "value 2.5", "expected a whole number"}},
		{name: "not a number", files: map[string]string{"s.yaml": "la:\n  fsm_mean: .nan\n"},
			want: []string{"s.yaml", "key la.fsm_mean", "value NaN", "expected a number"}},
		{name: "negative rate", files: map[string]string{"s.yaml": "statutory:\n  turnover: -0.1\n"},
			want: []string{"s.yaml", "key statutory.turnover", "value -0.1", "from 0 to 1"}},
		{name: "start date not a date", files: map[string]string{"s.yaml": "calendar:\n  start_date: 1/9/2025\n"},
			want: []string{"s.yaml", "key calendar.start_date", `value "1/9/2025"`, "YYYY-MM-DD"}},
		{name: "start date in year 1", files: map[string]string{"s.yaml": "calendar:\n  start_date: \"0001-01-01\"\n"},
			want: []string{"s.yaml", "key calendar.start_date", `value "0001-01-01"`, "from 1900 to 2199"}},
		{name: "start date in year 9999", files: map[string]string{"s.yaml": "calendar:\n  start_date: 9999-12-27\n"},
			want: []string{"s.yaml", "key calendar.start_date", `value "9999-12-27"`, "from 1900 to 2199"}},
		{name: "start date not a Monday", files: map[string]string{"s.yaml": "calendar:\n  start_date: 2025-09-02\n"},
			want: []string{"s.yaml", "key calendar.start_date", `value "2025-09-02"`, "a Monday", "a Tuesday"}},
		{name: "start date with a time", files: map[string]string{"s.yaml": "calendar:\n  start_date: 2025-09-01T10:00:00Z\n"},
			want: []string{"s.yaml", "key calendar.start_date", `value "2025-09-01T10:00:00Z"`, "a date written YYYY-MM-DD"}},
		{name: "start date of one-digit month and day", files: map[string]string{"s.yaml": "calendar:\n  start_date: 2025-9-1\n"},
			want: []string{"s.yaml", "key calendar.start_date", `value "2025-9-1"`, "a date written YYYY-MM-DD"}},
		{name: "start date unquoted without dashes", files: map[string]string{"s.yaml": "calendar:\n  start_date: 20250901\n"},
			want: []string{"s.yaml", "key calendar.start_date", "value 20250901", "expected a date written YYYY-MM-DD"}},
		{name: "probability above 1", files: map[string]string{"s.yaml": "pipeline:\n  icpc_to_cp: 1.5\n"},
			want: []string{"s.yaml", "key pipeline.icpc_to_cp", "value 1.5", "from 0 to 1"}},
		{name: "hazard list above 1", files: map[string]string{"s.yaml": "need:\n  escalate: [0.1, 2]\n"},
			want: []string{"s.yaml", "key need.escalate", "value [0.1, 2]", "from 0 to 1"}},
		{name: "fixed-size list of wrong length", files: map[string]string{"s.yaml": "referral:\n  school: [0, 0.1]\n"},
			want: []string{"s.yaml", "key referral.school", "value [0, 0.1]", "expected a list of 4 numbers"}},
		{name: "schools_per_worker 0", files: map[string]string{"s.yaml": strings.Replace(team, "schools_per_worker: 5", "schools_per_worker: 0", 1)},
			want: []string{"s.yaml", "key school_workforce.teams.core.schools_per_worker", "value 0", "a ratio of zero"}},
		{name: "more FTE than budget", files: map[string]string{"s.yaml": strings.Replace(team, "budget_fte: 10", "budget_fte: 1", 1)},
			want: []string{"s.yaml", "key school_workforce.teams.core.fte", "value 2", "total FTE at most budget_fte = 1"}},
		{name: "derived FTE over budget", files: map[string]string{"s.yaml": strings.Replace(team, "fte: 2", "fte: 0", 1) + "      selection: all\n"},
			want: []string{"s.yaml", "key school_workforce.teams.core.fte", "value 28.4", "budget_fte = 10"}},
		{name: "fte below what the ratio needs", files: map[string]string{"s.yaml": strings.Replace(team, "budget_fte: 10", "budget_fte: 100", 1) + "      selection: all\n"},
			want: []string{"s.yaml", "key school_workforce.teams.core.fte", "value 2", "28.4 FTE", "142 schools"}},
		{name: "fte above what the ratio gives", files: map[string]string{"s.yaml": strings.Replace(strings.Replace(team, "budget_fte: 10", "budget_fte: 100", 1), "fte: 2", "fte: 30", 1) + "      selection: all\n"},
			want: []string{"s.yaml", "key school_workforce.teams.core.fte", "value 30", "at most the 28.4 FTE", "142 schools", "selection all deploys"}},
		{name: "unknown school type", files: map[string]string{"s.yaml": team + "      school_types: [primary, nursery]\n"},
			want: []string{"s.yaml", "key school_workforce.teams.core.school_types", `"nursery"`, "unknown school type"}},
		{name: "by_type without types", files: map[string]string{"s.yaml": team + "      selection: by_type\n"},
			want: []string{"s.yaml", "key school_workforce.teams.core.school_types", "value []", "at least one school type"}},
		{name: "unknown role", files: map[string]string{"s.yaml": strings.Replace(team, "role: qualified", "role: wizard", 1)},
			want: []string{"s.yaml", "key school_workforce.teams.core.role", `value "wizard"`, "qualified, support, trainee, training"}},
		{name: "unknown selection", files: map[string]string{"s.yaml": team + "      selection: random\n"},
			want: []string{"s.yaml", "key school_workforce.teams.core.selection", `value "random"`, "all, by_type, most_deprived, budget"}},
		{name: "unknown evidence", files: map[string]string{"s.yaml": "effects:\n  evidence: anecdotes\n"},
			want: []string{"s.yaml", "key effects.evidence", `value "anecdotes"`, "trial, pilots"}},
		{name: "unknown evidence from env", files: map[string]string{"s.yaml": "name: x\n"}, env: []string{"CASELOAD_EFFECTS_EVIDENCE=hope"},
			want: []string{"environment CASELOAD_EFFECTS_EVIDENCE", "key effects.evidence", `value "hope"`}},
		{name: "missing file", files: map[string]string{"other.yaml": "name: x\n"},
			want: []string{"s.yaml", "expected a readable YAML file"}},
		{name: "malformed YAML", files: map[string]string{"s.yaml": "la:\n  children: [1, 2\n"},
			want: []string{"s.yaml", "expected valid YAML", "yaml"}},
		{name: "extends cycle", files: map[string]string{"s.yaml": "extends: b.yaml\n", "b.yaml": "extends: s.yaml\n"},
			want: []string{"b.yaml", "key extends", `value "s.yaml"`, "cycle s.yaml -> b.yaml -> s.yaml"}},
		{name: "extends itself", files: map[string]string{"s.yaml": "extends: s.yaml\n"},
			want: []string{"s.yaml", "key extends", "cycle s.yaml -> s.yaml"}},
		{name: "extends missing file", files: map[string]string{"s.yaml": "extends: base.yaml\n"},
			want: []string{"s.yaml", "key extends", `value "base.yaml"`, "expected a readable YAML file"}},
		{name: "bad value in base file", files: map[string]string{"s.yaml": "extends: base.yaml\nname: child\n", "base.yaml": "years: 0.5\n"},
			want: []string{"base.yaml", "key years", "value 0.5"}},
		{name: "holiday week 53", files: map[string]string{"s.yaml": "calendar:\n  holiday_weeks: [1, 2, 53]\n"},
			want: []string{"s.yaml", "key calendar.holiday_weeks", "value [1, 2, 53]", "from 1 to 52"}},
		{name: "holiday week twice", files: map[string]string{"s.yaml": "calendar:\n  holiday_weeks: [1, 2, 2]\n"},
			want: []string{"s.yaml", "key calendar.holiday_weeks", "week 2 is listed twice"}},
		{name: "family_size of wrong length", files: map[string]string{"s.yaml": "la:\n  family_size: [0.5, 0.5]\n"},
			want: []string{"s.yaml", "key la.family_size", "value [0.5, 0.5]", "a list of 5 shares"}},
		{name: "family_size not summing to 1", files: map[string]string{"s.yaml": "la:\n  family_size: [0.5, 0.5, 0.1, 0, 0]\n"},
			want: []string{"s.yaml", "key la.family_size", "value [0.5, 0.5, 0.1, 0, 0]", "sum to 1.1"}},
		{name: "bad --set syntax", files: map[string]string{"s.yaml": "name: x\n"}, sets: []string{"la.children"},
			want: []string{"--set", `value "la.children"`, "expected key=value"}},
		{name: "unknown --set key", files: map[string]string{"s.yaml": "name: x\n"}, sets: []string{"la.chidren=5"},
			want: []string{"--set", "key la.chidren", `value "5"`, "did you mean children"}},
		{name: "--set of a section", files: map[string]string{"s.yaml": "name: x\n"}, sets: []string{"la=5"},
			want: []string{"--set", "key la", `value "5"`, "not the section la"}},
		{name: "bad --set value", files: map[string]string{"s.yaml": "name: x\n"}, sets: []string{"la.family_size=0.5,half"},
			want: []string{"--set", "key la.family_size", `value "0.5,half"`, "a list of numbers separated by commas"}},
		{name: "misspelt env variable", files: map[string]string{"s.yaml": "name: x\n"}, env: []string{"CASELOAD_STATUTORY_POST=150"},
			want: []string{"environment", "key CASELOAD_STATUTORY_POST", `value "150"`, "did you mean CASELOAD_STATUTORY_POSTS?"}},
		{name: "env variable of no key", files: map[string]string{"s.yaml": "name: x\n"}, env: []string{"CASELOAD_COLOUR=red"},
			want: []string{"key CASELOAD_COLOUR", `value "red"`, "naming a config key"}},
		{name: "bad env value type", files: map[string]string{"s.yaml": "name: x\n"}, env: []string{"CASELOAD_LA_CHILDREN=lots"},
			want: []string{"environment CASELOAD_LA_CHILDREN", "key la.children", `value "lots"`, "expected a whole number"}},
		{name: "years 0", files: map[string]string{"s.yaml": "years: 0\n"},
			want: []string{"s.yaml", "key years", "value 0", "from 1 to 50"}},
		{name: "caseload_cap negative", files: map[string]string{"s.yaml": "statutory:\n  caseload_cap: -3\n"},
			want: []string{"s.yaml", "key statutory.caseload_cap", "value -3", "greater than 0"}},
		{name: "placement shares not summing to 1", files: map[string]string{"s.yaml": "costs:\n  placement_shares: [0.5, 0.5, 0.5, 0.5]\n"},
			want: []string{"s.yaml", "key costs.placement_shares", "value [0.5, 0.5, 0.5, 0.5]", "sum to 2"}},
		{name: "recording and supervision fill the week", files: map[string]string{"s.yaml": "school_workforce:\n  recording_share: 0.95\n"},
			want: []string{"s.yaml", "key school_workforce.recording_share", "value 0.95", "below 1"}},
		{name: "secondary age outside school ages", files: map[string]string{"s.yaml": "la:\n  secondary_age: 17\n"},
			want: []string{"s.yaml", "key la.secondary_age", "value 17", "school_age_max (15)"}},
		{name: "set team without role", files: map[string]string{"s.yaml": "school_workforce:\n  budget_fte: 5\n"},
			sets: []string{"school_workforce.teams.extra.fte=1", "school_workforce.teams.extra.schools_per_worker=2"},
			want: []string{"--set", "key school_workforce.teams.extra.role", `value ""`, "one of the roles"}},
		{name: "empty name", files: map[string]string{"s.yaml": "name: \"\"\n"},
			want: []string{"s.yaml", "key name", `value ""`, "the name is empty"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, tc.files)
			_, err := Load(filepath.Join(dir, "s.yaml"), tc.env, tc.sets)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			t.Log(err)
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("errors.Is(err, ErrInvalid) = false for %v", err)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("error %v is not a *config.Error", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestExtendsMergesSections(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"base.yaml":  "name: base\nla:\n  children: 50000\n  localities: 5\n" + team,
		"child.yaml": "extends: base.yaml\nname: child\nla:\n  children: 60000\nschool_workforce:\n  teams:\n    core:\n      fte: 3\n",
	})
	sc, err := Load(filepath.Join(dir, "child.yaml"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := sc.Params
	// the base's 5 localities, for its 50,000 children, follow the child's 60,000 (places.go)
	if p.Name != "child" || p.LA.Children != 60000 || p.LA.Localities != 6 {
		t.Errorf("name, children, localities = %q, %d, %d; want child, 60000, 6", p.Name, p.LA.Children, p.LA.Localities)
	}
	core := p.SchoolWorkforce.Teams["core"]
	if core.FTE != 3 || core.Role != "qualified" || core.SchoolsPerWorker != 5 || core.Selection != sim.SelectMostDeprived {
		t.Errorf("team core = %+v; want fte 3 from the child and the rest from the base", core)
	}
	base, child := filepath.Join(dir, "base.yaml"), filepath.Join(dir, "child.yaml")
	if !slices.Equal(sc.Files, []string{base, child}) {
		t.Errorf("Files = %v, want [%s %s]", sc.Files, base, child)
	}
	for key, want := range map[string]string{"la.children": child, "la.localities": "la.children 60000 (" + child + ")", "school_workforce.teams.core.fte": child, "school_workforce.teams.core.role": base} {
		if sc.Origin[key] != want {
			t.Errorf("Origin[%s] = %q, want %q", key, sc.Origin[key], want)
		}
	}
	if _, ok := sc.Origin["years"]; ok {
		t.Errorf("Origin has years, which no file sets")
	}
}

// A date may be written as YAML reads it without quotes (a timestamp) or
// quoted (text): the same date either way.
func TestStartDateUnquoted(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.yaml": "calendar:\n  start_date: 2026-08-31\n", "b.yaml": "calendar:\n  start_date: \"2026-08-31\"\n"})
	for _, f := range []string{"a.yaml", "b.yaml"} {
		sc, err := Load(filepath.Join(dir, f), nil, nil)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if got := sc.Params.Calendar.StartDate; got != "2026-08-31" {
			t.Errorf("%s: start_date %q, want 2026-08-31", f, got)
		}
	}
}

func TestPrecedence(t *testing.T) {
	dir := writeFiles(t, map[string]string{"s.yaml": "la:\n  children: 50000\n  localities: 4\n  fsm_mean: 0.3\n"})
	path := filepath.Join(dir, "s.yaml")
	// a team field for a team this scenario lacks is left for other scenarios
	env := []string{"HOME=/nowhere", "CASELOAD_LA_CHILDREN=60000", "CASELOAD_LA_LOCALITIES=6", "CASELOAD_SCHOOL_WORKFORCE_TEAMS_HUB_FTE=2"}
	sc, err := Load(path, env, []string{"la.children=70000"})
	if err != nil {
		t.Fatal(err)
	}
	la := sc.Params.LA
	// primary follows the hand-set children: 110 per 80,000 (places.go)
	if la.Children != 70000 || la.Localities != 6 || la.FSMMean != 0.3 || la.Schools.Primary != 96 {
		t.Errorf("children, localities, fsm_mean, primary = %d, %d, %g, %d; want 70000 (set), 6 (env), 0.3 (file), 96 (default scaled to the children)",
			la.Children, la.Localities, la.FSMMean, la.Schools.Primary)
	}
	want := map[string]string{"la.children": "--set", "la.localities": "environment CASELOAD_LA_LOCALITIES", "la.fsm_mean": path}
	for key, w := range want {
		if sc.Origin[key] != w {
			t.Errorf("Origin[%s] = %q, want %q", key, sc.Origin[key], w)
		}
	}
}

func TestEvidenceSwitchThenOverride(t *testing.T) {
	dir := writeFiles(t, map[string]string{"s.yaml": "effects:\n  consent_primary: 0.5\n"})
	sc, err := Load(filepath.Join(dir, "s.yaml"), nil, []string{"effects.evidence=pilots"})
	if err != nil {
		t.Fatal(err)
	}
	want := sim.EvidenceSets()[sim.EvidencePilots]
	want.ConsentPrimary = 0.5
	if sc.Params.Effects != want {
		t.Errorf("effects = %+v\nwant the pilots set with consent_primary 0.5: %+v", sc.Params.Effects, want)
	}
}

func TestSetsCreateTeamAndParseLists(t *testing.T) {
	dir := writeFiles(t, map[string]string{"s.yaml": team})
	sets := []string{
		"school_workforce.teams.extra.role=support",
		"school_workforce.teams.extra.fte=2",
		"school_workforce.teams.extra.schools_per_worker=3",
		"school_workforce.teams.extra.school_types=primary, special",
		"la.family_size=[0.4, 0.4, 0.1, 0.05, 0.05]",
		"need.escalate=0.01,0.02",
		"front_door.gatekeeping=true",
	}
	env := []string{"CASELOAD_SCHOOL_WORKFORCE_TEAMS_CORE_FTE=4"}
	sc, err := Load(filepath.Join(dir, "s.yaml"), env, sets)
	if err != nil {
		t.Fatal(err)
	}
	p := sc.Params
	extra := sim.Team{Role: "support", FTE: 2, SchoolsPerWorker: 3, Selection: sim.SelectMostDeprived, SchoolTypes: []string{"primary", "special"}}
	if !reflect.DeepEqual(p.SchoolWorkforce.Teams["extra"], extra) {
		t.Errorf("team extra = %+v, want %+v", p.SchoolWorkforce.Teams["extra"], extra)
	}
	if p.SchoolWorkforce.Teams["core"].FTE != 4 {
		t.Errorf("core fte = %g, want 4 from the environment", p.SchoolWorkforce.Teams["core"].FTE)
	}
	if !slices.Equal(p.LA.FamilySize, []float64{0.4, 0.4, 0.1, 0.05, 0.05}) || p.Need.Escalate != [2]float64{0.01, 0.02} || !p.FrontDoor.Gatekeeping {
		t.Errorf("family_size, escalate, gatekeeping = %v, %v, %v", p.LA.FamilySize, p.Need.Escalate, p.FrontDoor.Gatekeeping)
	}
}

func TestRoleNamedLikeDefaultKeepsItsValues(t *testing.T) {
	dir := writeFiles(t, map[string]string{"s.yaml": "school_workforce:\n  roles:\n    qualified:\n      annual_cost: 70000\n    mentor:\n      max_level: 1\n"})
	sc, err := Load(filepath.Join(dir, "s.yaml"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := sim.DefaultRoles()[sim.RoleQualified]
	want.AnnualCost = 70000
	if got := sc.Params.SchoolWorkforce.Roles[sim.RoleQualified]; got != want {
		t.Errorf("qualified = %+v, want %+v", got, want)
	}
	if got := sc.Params.SchoolWorkforce.Roles["mentor"]; got != (sim.Role{MaxLevel: 1}) {
		t.Errorf("mentor = %+v, want only max_level 1", got)
	}
}

func TestDerivedFTEFollowsTeamOrder(t *testing.T) {
	// a_deep takes the 10 most deprived schools first, so b_core covers the
	// other 132 of 142 at 25 per worker: 5.28 FTE, 15.28 in all.
	body := func(budget string) string {
		return "school_workforce:\n  budget_fte: " + budget + "\n  teams:\n" +
			"    a_deep: {role: qualified, fte: 10, schools_per_worker: 1}\n" +
			"    b_core: {role: support, schools_per_worker: 25, selection: all}\n"
	}
	dir := writeFiles(t, map[string]string{"ok.yaml": body("15.28"), "s.yaml": body("15.2")})
	if _, err := Load(filepath.Join(dir, "ok.yaml"), nil, nil); err != nil {
		t.Errorf("budget 15.28: %v", err)
	}
	_, err := Load(filepath.Join(dir, "s.yaml"), nil, nil)
	if err == nil || !strings.Contains(err.Error(), "key school_workforce.teams.b_core.fte: value 5.28") {
		t.Errorf("budget 15.2: error %v, want one about b_core's 5.28 FTE", err)
	}
}

func TestResolvedRoundTrips(t *testing.T) {
	dir := writeFiles(t, map[string]string{"s.yaml": team + "      school_types: [primary]\n" +
		"    wide:\n      role: trainee\n      schools_per_worker: 20\n      selection: by_type\n      school_types: [secondary, special]\n" +
		"effects:\n  evidence: pilots\n  detect_primary: 0.07\nname: round\ndescription: a scenario\n"})
	sc, err := Load(filepath.Join(dir, "s.yaml"), nil, []string{"school_workforce.budget_fte=20"})
	if err != nil {
		t.Fatal(err)
	}
	out, err := yaml.Marshal(Resolved(sc.Params))
	if err != nil {
		t.Fatal(err)
	}
	again := filepath.Join(dir, "resolved.yaml")
	if err := os.WriteFile(again, out, 0o644); err != nil {
		t.Fatal(err)
	}
	back, err := Load(again, nil, nil)
	if err != nil {
		t.Fatalf("loading the resolved file: %v\n%s", err, out)
	}
	if !reflect.DeepEqual(back.Params, sc.Params) {
		t.Errorf("round trip changed the params:\n got %+v\nwant %+v", back.Params, sc.Params)
	}
	j1, err1 := json.Marshal(Resolved(sc.Params))
	j2, err2 := json.Marshal(Resolved(back.Params))
	if err1 != nil || err2 != nil || string(j1) != string(j2) {
		t.Errorf("JSON of Resolved differs between equal params (%v, %v)", err1, err2)
	}
	if !strings.Contains(string(j1), `"school_types":["primary"]`) {
		t.Errorf("JSON lacks the team's school types: %s", j1)
	}
}

func TestResolvedDefaultsLoad(t *testing.T) {
	out, err := yaml.Marshal(Resolved(sim.Defaults()))
	if err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{"s.yaml": string(out)})
	sc, err := Load(filepath.Join(dir, "s.yaml"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sc.Params, sim.Defaults()) {
		t.Errorf("defaults did not round-trip:\n got %+v\nwant %+v", sc.Params, sim.Defaults())
	}
}

func TestKeys(t *testing.T) {
	p := sim.Defaults()
	p.SchoolWorkforce.Teams["core"] = sim.Team{Role: "qualified"}
	keys := Keys(p)
	for _, k := range []string{"la.children", "la.schools.primary", "school_workforce.teams.core.fte", "school_workforce.roles.trainee.annual_cost", "effects.evidence", "name"} {
		if !slices.Contains(keys, k) {
			t.Errorf("Keys lacks %s", k)
		}
	}
	if !slices.IsSorted(keys) {
		t.Error("Keys is not sorted")
	}
	for _, k := range keys {
		if _, _, expected := resolveKey(k); expected != "" {
			t.Errorf("Keys gives %s, which does not resolve: %s", k, expected)
		}
	}
}

func TestValidate(t *testing.T) {
	if err := Validate(sim.Defaults(), nil); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	p := sim.Defaults()
	p.Statutory.Posts = 0
	err := Validate(p, map[string]string{"statutory.posts": "x.yaml"})
	want := "x.yaml: key statutory.posts: value 0: expected a number greater than 0 and at most 1000000 (far above any establishment; posts become a whole count, at least 1)"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
	p.Statutory.Posts = 125
	p.Years = 99
	if err := Validate(p, nil); err == nil || !strings.HasPrefix(err.Error(), "defaults: key years: value 99") {
		t.Errorf("error %v, want one from defaults about years", err)
	}
}

func TestEnvName(t *testing.T) {
	if got := EnvName("school_workforce.teams.core.fte"); got != "CASELOAD_SCHOOL_WORKFORCE_TEAMS_CORE_FTE" {
		t.Errorf("EnvName = %s", got)
	}
}

func TestEvidenceFromSetOverridesBadFileEvidence(t *testing.T) {
	dir := writeFiles(t, map[string]string{"s.yaml": "effects:\n  evidence: anecdotes\n"})
	sc, err := Load(filepath.Join(dir, "s.yaml"), nil, []string{"effects.evidence=pilots"})
	if err != nil {
		t.Fatal(err)
	}
	if sc.Params.Effects != sim.EvidenceSets()[sim.EvidencePilots] || sc.Origin["effects.evidence"] != "--set" {
		t.Errorf("effects = %+v from %q, want the pilots set from --set", sc.Params.Effects, sc.Origin["effects.evidence"])
	}
}

func TestMissingFileIsNotExist(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "none.yaml"), nil, nil)
	if !errors.Is(err, os.ErrNotExist) || !errors.Is(err, ErrInvalid) {
		t.Errorf("error %v: want both os.ErrNotExist and ErrInvalid", err)
	}
}

// The calibration test in package sim runs sim.Defaults(); the baseline
// scenario the README and docs/calibration.md speak of must be that same
// configuration, but for its name, description and school-based budget
// (which funds no team in the baseline).
func TestBaselineScenarioIsTheDefaults(t *testing.T) {
	sc, err := Load(filepath.Join("..", "scenarios", "baseline.yaml"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := sc.Params
	want := sim.Defaults()
	want.Name, want.Description, want.SchoolWorkforce.BudgetFTE = p.Name, p.Description, p.SchoolWorkforce.BudgetFTE
	if !reflect.DeepEqual(Resolved(p), Resolved(want)) {
		got, exp := Resolved(p), Resolved(want)
		for _, k := range Keys(want) {
			a, _ := Lookup(got, k)
			b, _ := Lookup(exp, k)
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s: baseline.yaml has %v, the defaults %v", k, a, b)
			}
		}
	}
	if len(p.SchoolWorkforce.Teams) != 0 {
		t.Errorf("the baseline has teams: %v", p.SchoolWorkforce.TeamNames())
	}
}

// A team named with "-", which no shell can export in a variable's name,
// takes its environment variable with "_" for the "-" as well.
func TestEnvTeamNameWithADash(t *testing.T) {
	for _, name := range []string{"CASELOAD_SCHOOL_WORKFORCE_TEAMS_A_EMBEDDED_FTE", "CASELOAD_SCHOOL_WORKFORCE_TEAMS_A-EMBEDDED_FTE"} {
		sc, err := Load("../scenarios/mixed.yaml", []string{name + "=1"}, nil)
		if err != nil {
			t.Fatalf("%s=1: %v", name, err)
		}
		if fte := sc.Params.SchoolWorkforce.Teams["a-embedded"].FTE; fte != 1 || sc.Origin["school_workforce.teams.a-embedded.fte"] != "environment "+name {
			t.Errorf("%s=1: fte %v from %q", name, fte, sc.Origin["school_workforce.teams.a-embedded.fte"])
		}
	}
}

// The "_" spelling of a "-" in a team's name is refused where it could
// name two teams (a-b and a_b), or where the "-" spelling gives the same
// key another value.
func TestEnvTeamNameAmbiguous(t *testing.T) {
	files := map[string]string{"s.yaml": "la: {children: 50000}\nschool_workforce:\n  budget_fte: 20\n  teams:\n" +
		"    a-b: {role: qualified, fte: 2, schools_per_worker: 1}\n    a_b: {role: qualified, fte: 2, schools_per_worker: 1}\n"}
	dir := writeFiles(t, files)
	_, err := Load(filepath.Join(dir, "s.yaml"), []string{"CASELOAD_SCHOOL_WORKFORCE_TEAMS_A_B_FTE=3"}, nil)
	if err == nil || !strings.Contains(err.Error(), "school_workforce.teams.a-b.fte and school_workforce.teams.a_b.fte") {
		t.Errorf("a name of two teams: %v", err)
	}
	_, err = Load("../scenarios/mixed.yaml", []string{"CASELOAD_SCHOOL_WORKFORCE_TEAMS_A_EMBEDDED_FTE=1", "CASELOAD_SCHOOL_WORKFORCE_TEAMS_A-EMBEDDED_FTE=2"}, nil)
	if err == nil || !strings.Contains(err.Error(), "key school_workforce.teams.a-embedded.fte: values") {
		t.Errorf("two values for one key: %v", err)
	}
	if _, err := Load("../scenarios/mixed.yaml", []string{"CASELOAD_SCHOOL_WORKFORCE_TEAMS_A_EMBEDDED_FTE=1", "CASELOAD_SCHOOL_WORKFORCE_TEAMS_A-EMBEDDED_FTE=1"}, nil); err != nil {
		t.Errorf("the same value both ways: %v", err)
	}
}

// A key the environment gives more than one value, by one variable given
// twice or by both spellings of a team's "-", is refused with every value
// and the one that would apply; the same value given again is taken.
func TestEnvGivenTwice(t *testing.T) {
	const dash, under = "CASELOAD_SCHOOL_WORKFORCE_TEAMS_A-EMBEDDED_FTE", "CASELOAD_SCHOOL_WORKFORCE_TEAMS_A_EMBEDDED_FTE"
	for _, c := range []struct {
		name string
		env  []string
		want []string
	}{
		{"one variable twice", []string{"CASELOAD_YEARS=3", "CASELOAD_YEARS=abc"},
			[]string{"environment CASELOAD_YEARS: key years: values \"3\" and \"abc\"", `gives CASELOAD_YEARS="3" and CASELOAD_YEARS="abc"; CASELOAD_YEARS="abc" would apply (the last given)`}},
		{"one variable twice, the bad value first", []string{"CASELOAD_YEARS=abc", "CASELOAD_YEARS=3"},
			[]string{"key years: values \"abc\" and \"3\"", `CASELOAD_YEARS="3" would apply (the last given)`}},
		{"both spellings", []string{under + "=1", dash + "=2"},
			[]string{"environment " + dash + " and " + under + ": key school_workforce.teams.a-embedded.fte: values \"2\" and \"1\"",
				dash + `="2" and ` + under + `="1"; ` + dash + `="2" would apply (the spelling with "-" is taken before the one with "_")`}},
		{"the \"_\" spelling twice", []string{under + "=1", under + "=2"},
			[]string{"values \"1\" and \"2\"", under + `="2" would apply (the last given)`}},
		{"both spellings, the \"-\" one twice", []string{dash + "=1", under + "=1", dash + "=2"},
			[]string{"values \"1\" and \"2\"", dash + `="1", ` + dash + `="2" and ` + under + `="1"`, dash + `="2" would apply (the last given; the spelling with "-"`}},
	} {
		_, err := Load("../scenarios/mixed.yaml", c.env, nil)
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want bad input", c.name, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v\nwant %s", c.name, err, w)
			}
		}
	}
	sc, err := Load("../scenarios/mixed.yaml", []string{"CASELOAD_YEARS=4", "CASELOAD_YEARS=4"}, nil)
	if err != nil || sc.Params.Years != 4 {
		t.Errorf("the same value twice: %v", err)
	}
}

// A CASELOAD_ variable of a team's key that a scenario lacks passes its
// Load (it may be meant for another scenario of a comparison), but one
// that none of a command's scenarios took is bad input naming what they
// have (CheckEntryVars).
func TestCheckEntryVars(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.yaml": team, "b.yaml": "la:\n  children: 50000\n"})
	env := []string{"CASELOAD_SCHOOL_WORKFORCE_TEAMS_CORE_FTE=4"}
	a, err := Load(filepath.Join(dir, "a.yaml"), env, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load(filepath.Join(dir, "b.yaml"), env, nil)
	if err != nil {
		t.Fatalf("a team the scenario lacks: %v", err)
	}
	if err := CheckEntryVars(env, b, a); err != nil {
		t.Errorf("one of the scenarios took it: %v", err)
	}
	err = CheckEntryVars(env, b)
	var ce *Error
	if !errors.As(err, &ce) || ce.Key != "CASELOAD_SCHOOL_WORKFORCE_TEAMS_CORE_FTE" || ce.Value != "4" || !strings.Contains(ce.Expected, "a team or role of the scenario") {
		t.Errorf("no scenario took it: %v", err)
	}
	if err := CheckEntryVars(append(env, "HOME=/x", "CASELOAD_STATUTORY_POSTS=9"), a); err != nil {
		t.Errorf("other variables: %v", err)
	}
	// a --set of the same key outranks the variable: the key is still the
	// scenario's
	set, err := Load(filepath.Join(dir, "a.yaml"), env, []string{"school_workforce.teams.core.fte=5"})
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckEntryVars(env, set); err != nil {
		t.Errorf("a variable a --set outranks: %v", err)
	}
}

// A CASELOAD_ variable of a key the scenario has passes CheckEntryVars
// when --set overrides it, and a team's "-" name may be given in both
// spellings with one value (Load takes it so): the scenario read them.
func TestCheckEntryVarsReadNotTaken(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.yaml": team,
		"d.yaml": strings.ReplaceAll(team, "core:", "a-core:")})
	env := []string{"CASELOAD_SCHOOL_WORKFORCE_TEAMS_CORE_FTE=4", "CASELOAD_SCHOOL_WORKFORCE_ROLES_QUALIFIED_ANNUAL_COST=60000"}
	a, err := Load(filepath.Join(dir, "a.yaml"), env, []string{"school_workforce.teams.core.fte=3", "school_workforce.roles.qualified.annual_cost=61000"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Origin["school_workforce.teams.core.fte"] != SetOrigin {
		t.Fatalf("--set does not win: %v", a.Origin)
	}
	if err := CheckEntryVars(env, a); err != nil {
		t.Errorf("a variable --set overrides: %v", err)
	}
	both := []string{"CASELOAD_SCHOOL_WORKFORCE_TEAMS_A-CORE_FTE=4", "CASELOAD_SCHOOL_WORKFORCE_TEAMS_A_CORE_FTE=4"}
	d, err := Load(filepath.Join(dir, "d.yaml"), both, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckEntryVars(both, d); err != nil {
		t.Errorf("both spellings of a team's name: %v", err)
	}
}

// A team that --set makes is not one a CASELOAD_ variable can set (the
// environment is read first, and the variable is left unread): the
// variable is bad input, and the error does not list the team.
func TestCheckEntryVarsTeamMadeBySet(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.yaml": team})
	env := []string{"CASELOAD_SCHOOL_WORKFORCE_TEAMS_EXTRA_FTE=2"}
	sets := []string{"school_workforce.teams.extra.role=support", "school_workforce.teams.extra.fte=1", "school_workforce.teams.extra.schools_per_worker=3"}
	sc, err := Load(filepath.Join(dir, "a.yaml"), env, sets)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Params.SchoolWorkforce.Teams["extra"].FTE != 1 {
		t.Fatalf("extra fte %v, want 1 from --set", sc.Params.SchoolWorkforce.Teams["extra"].FTE)
	}
	err = CheckEntryVars(env, sc)
	var ce *Error
	if !errors.As(err, &ce) || ce.Key != env[0][:strings.Index(env[0], "=")] || strings.Contains(ce.Expected, "team extra") || !strings.Contains(ce.Expected, "team core") {
		t.Errorf("a variable of a team --set made: %v", err)
	}
}

// A role that --set made must be a team's role, and a team or role that
// --set made and that fails is told the nearest one the scenario has: a
// misspelt name would otherwise make a new entry and leave the meant one
// as it was. A role no team has does nothing, so its name is taken for a
// misspelling ("did you mean"); a new team that fails may be meant (core2
// beside core), so the existing one is offered, not presumed. A role
// --set made that a team takes, and a role of the defaults that --set
// changes, are fine.
func TestSetMadeEntries(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.yaml": team})
	path := filepath.Join(dir, "a.yaml")
	for _, c := range []struct {
		sets []string
		key  string // "" when it loads
		want string
	}{
		{[]string{"school_workforce.roles.qualifed.annual_cost=45000"}, "school_workforce.roles.qualifed.annual_cost", "did you mean school_workforce.roles.qualified?"},
		{[]string{"school_workforce.roles.zzz.annual_cost=45000"}, "school_workforce.roles.zzz.annual_cost", "no team has as its role"},
		{[]string{"school_workforce.teams.cor.fte=2"}, "school_workforce.teams.cor.schools_per_worker", "is not in the scenario's files: a --set of one of its keys made it, so it needs every key a new one needs (a CASELOAD_ variable sets a team's key only where the team exists); if you meant the existing team core, name it so in the --set (school_workforce.teams.core)"},
		{[]string{"school_workforce.teams.core2.fte=2", "school_workforce.teams.core2.role=qualified"}, "school_workforce.teams.core2.schools_per_worker", "a number greater than 0 and at most 10000 (a ratio of zero covers no schools); school_workforce.teams.core2 is not in the scenario's files"},
		{[]string{"school_workforce.teams.core2.fte=2", "school_workforce.teams.core2.role=qualified"}, "school_workforce.teams.core2.schools_per_worker", "; if you meant the existing team core, name it so in the --set (school_workforce.teams.core)"},
		{[]string{"school_workforce.teams.outreach.fte=2"}, "school_workforce.teams.outreach.schools_per_worker", "a --set of one of its keys made it, so it needs every key a new one needs (a CASELOAD_ variable sets a team's key only where the team exists)"},
		{[]string{"school_workforce.roles.senior.annual_cost=60000", "school_workforce.teams.core.role=senior"}, "", ""},
		{[]string{"school_workforce.roles.qualified.annual_cost=45000"}, "", ""},
	} {
		sc, err := Load(path, nil, c.sets)
		if err == nil {
			err = CheckSetRoles(sc)
		}
		var ce *Error
		switch {
		case c.key == "" && err != nil:
			t.Errorf("%v: %v", c.sets, err)
		case c.key != "" && (!errors.As(err, &ce) || ce.File != SetOrigin || ce.Key != c.key || !strings.Contains(ce.Expected, c.want)):
			t.Errorf("%v: %v, want --set, key %s, %q", c.sets, err, c.key, c.want)
		case c.key != "" && strings.Contains(c.key, ".teams.") && strings.Contains(err.Error(), "did you mean"):
			t.Errorf("%v: %v: a new team is not presumed misspelt", c.sets, err)
		case strings.Contains(c.key, "outreach") && strings.Contains(err.Error(), "existing team"):
			t.Errorf("%v: %v: no team is near outreach", c.sets, err)
		}
	}
}

// A role that --set made is checked over the scenarios that run, not in
// each configuration Load builds: it may be a team's role in another
// scenario of the command (compare), at another point of a design, or a
// role of optimise's search space (Use); Load alone takes it.
func TestSetRolesGathered(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.yaml": team})
	path := filepath.Join(dir, "a.yaml")
	senior := "school_workforce.roles.senior.annual_cost=60000"
	unused, err := Load(path, nil, []string{senior})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if err := CheckSetRoles(unused); err == nil || !strings.Contains(err.Error(), "school_workforce.roles.senior.annual_cost") {
		t.Errorf("a role no team has: %v", err)
	}
	used, err := Load(path, nil, []string{senior, "school_workforce.teams.core.role=senior"})
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckSetRoles(unused, used); err != nil {
		t.Errorf("a role a team of another scenario has: %v", err)
	}
	var s SetRoles
	s.Add(unused)
	s.Use("senior")
	if err := s.Err(); err != nil {
		t.Errorf("a role Use named: %v", err)
	}
	// upper case: names are read lowercased, a team's role too
	upper, err := Load(path, nil, []string{"school_workforce.roles.Senior.annual_cost=60000", "school_workforce.teams.core.role=Senior"})
	if err == nil {
		err = CheckSetRoles(upper)
	}
	if err != nil {
		t.Errorf("an upper-case role: %v", err)
	}
}

// A team of the file stays the file's when --set gives every key of it
// again: a CASELOAD_ variable of it is taken, and a role of the defaults
// that --set gives every key of is no role --set made.
func TestSetRestatesAnEntry(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.yaml": team})
	var sets []string
	for _, kv := range []string{"role=qualified", "fte=2", "schools_per_worker=5", "fte=3"} {
		sets = append(sets, "school_workforce.teams.core."+kv)
	}
	for _, f := range entryFields("roles") {
		v := sim.Defaults().SchoolWorkforce.Roles["support"]
		sets = append(sets, "school_workforce.roles.support."+f+"="+fmt.Sprint(reflect.ValueOf(v).FieldByIndex(fieldIndex(t, f)).Interface()))
	}
	env := []string{"CASELOAD_SCHOOL_WORKFORCE_TEAMS_CORE_FTE=4"}
	sc, err := Load(filepath.Join(dir, "a.yaml"), env, sets)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckEntryVars(env, sc); err != nil {
		t.Errorf("a variable of a team of the file that --set restates: %v", err)
	}
	if err := CheckSetRoles(sc); err != nil {
		t.Errorf("a role of the defaults that --set restates: %v", err)
	}
	if len(sc.setMade) != 0 {
		t.Errorf("made by --set: %v, want none", sc.setMade)
	}
}

// fieldIndex is the index of the sim.Role field whose key is key.
func fieldIndex(t *testing.T, key string) []int {
	t.Helper()
	f, ok := fieldByKey(reflect.TypeFor[sim.Role](), key)
	if !ok {
		t.Fatalf("no role key %s", key)
	}
	return f.Index
}
