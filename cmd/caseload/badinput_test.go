package main

import (
	"testing"
)

// fileCases are the hostile cases of scenario files, --set, the
// environment and run's and compare's flags (run by TestHostile): each
// exits 2 naming where the problem is (the file, --set or the
// environment variable), the key and the value on one line of stderr.
func fileCases(t *testing.T) []hostileCase {
	baseline, embedded := abs(t, scenario("baseline.yaml")), abs(t, scenario("embedded.yaml"))
	// Files are written to $DIR (the input folder); "$TYPICAL" in their text is the shipped
	// typical LA, so a file can extend it from a temporary folder.
	const team = "extends: $TYPICAL\nschool_workforce:\n  teams:\n    core:\n"
	return []hostileCase{
		{
			name:  "figures file unknown key",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\nla:\n  area: Stockport\n  figures_file: mine.yaml\n", "mine.yaml": "referals: 3000\n"},
			args:  []string{"run", "$DIR/s.yaml", "--out", "$OUT"},
			want:  []string{"mine.yaml", "key referals", "value 3000", "one of the figures"},
		},
		{
			name:  "figures file negative",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\nla:\n  area: Stockport\n  figures_file: mine.yaml\n", "mine.yaml": "cla_stock: -5\n"},
			args:  []string{"calibration", "$DIR/s.yaml"},
			want:  []string{"mine.yaml", "key cla_stock", "value -5", "from 0"},
		},
		{
			name:  "figures file without area",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\nla:\n  figures_file: mine.yaml\n", "mine.yaml": "s47: 5\n"},
			args:  []string{"validate", "$DIR/s.yaml"},
			want:  []string{"$DIR/s.yaml", "key la.figures_file", `value "mine.yaml"`, "la.area set too"},
		},
		{
			name: "neighbours without la",
			args: []string{"compare", embedded, "--neighbours", "--out", "$OUT"},
			want: []string{"--neighbours", "expected --la NAME"},
		},
		{
			name: "fit-las with a scenario",
			args: []string{"calibration", "--fit-las", baseline, "--fit-out", "$OUT"},
			want: []string{"--fit-las", "expected no scenario"},
		},
		{
			name: "la with a national scenario",
			args: []string{"run", abs(t, scenario("england.yaml")), "--la", "Stockport", "--out", "$OUT"},
			want: []string{"key la.area", `value "Stockport"`, "national.las 153"},
		},
		{
			name: "years 0 given",
			args: []string{"run", baseline, "--years", "0", "--out", "$OUT"},
			want: []string{"--years 0", "from 1 to 50"},
		},
		{
			name: "set a team only one scenario has",
			args: []string{"compare", baseline, embedded, "--set", "school_workforce.teams.embedded.fte=2", "--out", "$OUT"},
			want: []string{"--set", "key school_workforce.teams.embedded.schools_per_worker", "is not in the scenario's files", "CASELOAD_"},
		},
		{
			name: "set a misspelt team",
			args: []string{"run", embedded, "--set", "school_workforce.teams.embeded.fte=3", "--out", "$OUT"},
			want: []string{"--set", "key school_workforce.teams.embeded.schools_per_worker", "is not in the scenario's files", "; if you meant the existing team embedded, name it so in the --set (school_workforce.teams.embedded)"},
		},
		{
			name: "set a new team without all its keys",
			args: []string{"run", embedded, "--set", "school_workforce.teams.embedded2.fte=3", "--set", "school_workforce.teams.embedded2.role=qualified", "--out", "$OUT"},
			want: []string{"--set", "key school_workforce.teams.embedded2.schools_per_worker: value 0: expected a number greater than 0", "it needs every key a new one needs", "; if you meant the existing team embedded, name it so in the --set"},
		},
		{
			name: "set a misspelt role",
			args: []string{"run", embedded, "--set", "school_workforce.roles.qualifed.annual_cost=45000", "--out", "$OUT"},
			want: []string{"--set", "key school_workforce.roles.qualifed.annual_cost", "value 45000", "no team has as its role", "did you mean school_workforce.roles.qualified?"},
		},
		{
			name: "out empty",
			args: []string{"run", baseline, "--out", ""},
			want: []string{`--out ""`, "expected a folder"},
		},
		{
			name: "trial out empty",
			args: []string{"trial", abs(t, scenario("swis.yaml")), "--out", ""},
			want: []string{`--out ""`, "expected a folder"},
		},
		{
			name: "optimise out empty",
			args: []string{"optimise", abs(t, scenario("typical-la.yaml")), "--budget", "100000", "--objective", "care_entries", "--out", ""},
			want: []string{`--out ""`, "expected a folder"},
		},
		{
			name: "fit-out empty",
			args: []string{"calibration", "--fit-las", "--la", "Rutland", "--fit-out", ""},
			want: []string{`--fit-out ""`, "expected a file"},
		},
		{
			name: "data import out a folder",
			args: []string{"data", "import", "$DIR", "--out", "$DIR"},
			want: []string{"--out $DIR", "is a folder"},
		},
		{
			name:  "data import out a file of one's own",
			files: map[string]string{"notes.txt": "mine\n"},
			args:  []string{"data", "import", "$DIR", "--out", "$DIR/notes.txt"},
			want:  []string{"--out $DIR/notes.txt", "not a table of LAs"},
		},
		{
			name: "records-reps without records",
			args: []string{"compare", baseline, embedded, "--reps", "2", "--records-reps", "2", "--out", "$OUT"},
			want: []string{"--records-reps 2", "only with --records"},
		},
		{
			name: "fit-out in a missing folder",
			args: []string{"calibration", "--fit-las", "--la", "Rutland", "--fit-out", "$DIR/no/such/fitted.csv"},
			want: []string{"--fit-out $DIR/no/such/fitted.csv", "cannot write in", "expected a file in a writable folder"},
		},
		{
			name: "fit-out a folder",
			args: []string{"calibration", "--fit-las", "--la", "Rutland", "--fit-out", "$DIR"},
			want: []string{"--fit-out $DIR", "is a folder", "expected a file"},
		},
		{
			name: "fit-out without fit-las",
			args: []string{"calibration", "--fit-out", "$DIR/fitted.csv"},
			want: []string{"--fit-out $DIR/fitted.csv", "taken only with --fit-las"},
		},
		{
			name: "missing file",
			args: []string{"run", "$DIR/absent.yaml"},
			want: []string{"$DIR/absent.yaml", "expected a readable YAML file", "no such file"},
		},
		{
			name:  "malformed YAML",
			files: map[string]string{"bad.yaml": "name: [unclosed\nyears: 2\n"},
			args:  []string{"run", "$DIR/bad.yaml"},
			want:  []string{"$DIR/bad.yaml", "expected valid YAML"},
		},
		{
			name:  "unknown top-level key",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\ncolour: red\n"},
			args:  []string{"run", "$DIR/s.yaml"},
			want:  []string{"$DIR/s.yaml", "key colour", `value "red"`, "expected a known key"},
		},
		{
			name:  "unknown nested key",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\nla:\n  childern: 5000\n"},
			args:  []string{"run", "$DIR/s.yaml"},
			want:  []string{"$DIR/s.yaml", "key la.childern", "value 5000", "did you mean children?"},
		},
		{
			name:  "misspelt team field",
			files: map[string]string{"s.yaml": team + "      role: qualified\n      fte: 1\n      shools_per_worker: 5\n"},
			args:  []string{"run", "$DIR/s.yaml"},
			want: []string{"$DIR/s.yaml", "key school_workforce.teams.core.shools_per_worker", "value 5",
				"did you mean schools_per_worker?"},
		},
		{
			name:  "text where a number is expected",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\nla:\n  children: many\n"},
			args:  []string{"run", "$DIR/s.yaml"},
			want:  []string{"$DIR/s.yaml", "key la.children", `value "many"`, "expected a whole number"},
		},
		{
			name:  "quoted number",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\nneed:\n  onset: \"0.01\"\n"},
			args:  []string{"run", "$DIR/s.yaml"},
			want:  []string{"$DIR/s.yaml", "key need.onset", `value "0.01"`, "expected a number"},
		},
		{
			name:  "negative rate",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\nneed:\n  onset: -0.002\n"},
			args:  []string{"run", "$DIR/s.yaml"},
			want:  []string{"$DIR/s.yaml", "key need.onset", "value -0.002", "expected a number from 0 to 1"},
		},
		{
			name:  "record share above 1",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\nrecords:\n  male_cin: 1.5\n"},
			args:  []string{"run", "$DIR/s.yaml", "--records"},
			want:  []string{"$DIR/s.yaml", "key records.male_cin", "value 1.5", "expected a number from 0 to 1"},
		},
		{
			name:  "record share list of the wrong length",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\nrecords:\n  legal: [0.5, 0.5]\n"},
			args:  []string{"run", "$DIR/s.yaml"},
			want:  []string{"$DIR/s.yaml", "key records.legal", "value [0.5, 0.5]", "a list of 4 shares, one for each of C2, V2, C1, E1"},
		},
		{
			name:  "probability above 1",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\nreferral:\n  school_quality: 1.5\n"},
			args:  []string{"run", "$DIR/s.yaml"},
			want:  []string{"$DIR/s.yaml", "key referral.school_quality", "value 1.5", "expected a number from 0 to 1"},
		},
		{
			name:  "schools_per_worker 0",
			files: map[string]string{"s.yaml": team + "      role: qualified\n      fte: 1\n      schools_per_worker: 0\n"},
			args:  []string{"run", "$DIR/s.yaml"},
			want:  []string{"$DIR/s.yaml", "key school_workforce.teams.core.schools_per_worker", "value 0", "greater than 0"},
		},
		{
			name:  "more FTE than budget_fte",
			files: map[string]string{"s.yaml": team + "      role: qualified\n      fte: 6\n      schools_per_worker: 5\n"},
			args:  []string{"run", "$DIR/s.yaml"},
			want:  []string{"$DIR/s.yaml", "key school_workforce.teams.core.fte", "value 6", "budget_fte = 5"},
		},
		{
			name: "unknown school type",
			files: map[string]string{"s.yaml": team + "      role: qualified\n      fte: 1\n      schools_per_worker: 5\n" +
				"      school_types: [primary, college]\n"},
			args: []string{"run", "$DIR/s.yaml"},
			want: []string{"$DIR/s.yaml", "key school_workforce.teams.core.school_types", `"college"`, "unknown school type"},
		},
		{
			name:  "unknown role",
			files: map[string]string{"s.yaml": team + "      role: wizard\n      fte: 1\n      schools_per_worker: 5\n"},
			args:  []string{"run", "$DIR/s.yaml"},
			want:  []string{"$DIR/s.yaml", "key school_workforce.teams.core.role", `value "wizard"`, "one of the roles"},
		},
		{
			name:  "unknown evidence set",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\neffects:\n  evidence: hearsay\n"},
			args:  []string{"run", "$DIR/s.yaml"},
			want:  []string{"$DIR/s.yaml", "key effects.evidence", `value "hearsay"`, "expected one of trial"},
		},
		{
			name:  "holiday week 53",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\ncalendar:\n  holiday_weeks: [1, 2, 53]\n"},
			args:  []string{"run", "$DIR/s.yaml"},
			want:  []string{"$DIR/s.yaml", "key calendar.holiday_weeks", "value [1, 2, 53]", "whole numbers from 1 to 52"},
		},
		{
			name:  "extends a missing file",
			files: map[string]string{"s.yaml": "extends: nowhere.yaml\nname: orphan\n"},
			args:  []string{"run", "$DIR/s.yaml"},
			want:  []string{"$DIR/s.yaml", "key extends", `value "nowhere.yaml"`, "expected a readable YAML file"},
		},
		{
			name:  "extends cycle",
			files: map[string]string{"a.yaml": "extends: b.yaml\n", "b.yaml": "extends: a.yaml\n"},
			args:  []string{"run", "$DIR/a.yaml"},
			want:  []string{"$DIR/b.yaml", "key extends", `value "a.yaml"`, "cycle a.yaml -> b.yaml -> a.yaml"},
		},
		{
			name:  "--set without =",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\n"},
			args:  []string{"run", "$DIR/s.yaml", "--set", "la.children"},
			want:  []string{"--set", `value "la.children"`, "expected key=value"},
		},
		{
			name:  "--set unknown key",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\n"},
			args:  []string{"run", "$DIR/s.yaml", "--set", "la.kids=5000"},
			want:  []string{"--set", "key la.kids", `value "5000"`, "expected a known key"},
		},
		{
			name:  "--set value of the wrong type",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\n"},
			args:  []string{"run", "$DIR/s.yaml", "--set", "la.children=lots"},
			want:  []string{"--set", "key la.children", `value "lots"`, "expected a whole number"},
		},
		{
			name:  "--set years=0",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\n"},
			args:  []string{"run", "$DIR/s.yaml", "--set", "years=0"},
			want:  []string{"--set", "key years", "value 0", "expected a whole number from 1 to 50"},
		},
		{
			name:  "environment value of the wrong type",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\n"},
			args:  []string{"run", "$DIR/s.yaml"},
			env:   []string{"HOME=/nowhere", "CASELOAD_YEARS=abc"},
			want:  []string{"environment CASELOAD_YEARS", "key years", `value "abc"`, "expected a whole number"},
		},
		{
			name:  "environment value out of range",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\n"},
			args:  []string{"run", "$DIR/s.yaml"},
			env:   []string{"CASELOAD_LA_CHILDREN=10"},
			want:  []string{"environment CASELOAD_LA_CHILDREN", "key la.children", "value 10", "from 100 to"},
		},
		{
			name:  "misspelt environment variable",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\n"},
			args:  []string{"run", "$DIR/s.yaml"},
			env:   []string{"CASELOAD_STATUTORY_POST=150"},
			want:  []string{"environment", "key CASELOAD_STATUTORY_POST", `value "150"`, "did you mean CASELOAD_STATUTORY_POSTS?"},
		},
		{
			name:  "environment value for a team of the file",
			files: map[string]string{"s.yaml": team + "      role: qualified\n      fte: 1\n      schools_per_worker: 5\n"},
			args:  []string{"run", "$DIR/s.yaml"},
			env:   []string{"CASELOAD_SCHOOL_WORKFORCE_TEAMS_CORE_FTE=-1"},
			want: []string{"environment CASELOAD_SCHOOL_WORKFORCE_TEAMS_CORE_FTE", "key school_workforce.teams.core.fte",
				"value -1", "from 0 to 100000"},
		},
		{
			name:  "environment value for a team no scenario has",
			files: map[string]string{"s.yaml": team + "      role: qualified\n      fte: 1\n      schools_per_worker: 5\n"},
			args:  []string{"run", "$DIR/s.yaml"},
			env:   []string{"CASELOAD_SCHOOL_WORKFORCE_TEAMS_COR_FTE=2"},
			want: []string{"environment", "key CASELOAD_SCHOOL_WORKFORCE_TEAMS_COR_FTE", `value "2"`,
				"expected a team or role of the scenario: it has", "team core"},
		},
		{
			name:  "environment value for a team the swept scenario lacks",
			files: map[string]string{"d.yaml": "method: grid\nfactors:\n  - key: school_workforce.teams.embedded.fte\n    values: [1, 2]\n"},
			args:  []string{"sweep", embedded, "--design", "$DIR/d.yaml", "--reps", "1", "--out", "$OUT"},
			env:   []string{"CASELOAD_SCHOOL_WORKFORCE_TEAMS_EMBEDED_FTE=3"},
			want: []string{"environment", "key CASELOAD_SCHOOL_WORKFORCE_TEAMS_EMBEDED_FTE", `value "3"`,
				"expected a team or role of the scenario: it has", "team embedded"},
		},
		{
			name:  "environment value for a team none of the compared scenarios has",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\n"},
			args:  []string{"compare", "$DIR/s.yaml", embedded},
			env:   []string{"CASELOAD_SCHOOL_WORKFORCE_ROLES_MENTOR_MAX_LEVEL=1"},
			want: []string{"environment", "key CASELOAD_SCHOOL_WORKFORCE_ROLES_MENTOR_MAX_LEVEL",
				"expected a team or role of one of the scenarios: they have", "role qualified"},
		},
		{
			name:  "environment value for a team none of the scenarios compared in an LA's neighbours has",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\n"},
			args:  []string{"compare", "$DIR/s.yaml", embedded, "--la", "Rutland", "--neighbours", "--reps", "1"},
			env:   []string{"CASELOAD_SCHOOL_WORKFORCE_TEAMS_EMBEDDD_FTE=1"},
			want: []string{"environment", "key CASELOAD_SCHOOL_WORKFORCE_TEAMS_EMBEDDD_FTE", `value "1"`,
				"expected a team or role of one of the scenarios: they have", "team embedded"},
		},
		{
			name:  "--reps 0",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\n"},
			args:  []string{"run", "$DIR/s.yaml", "--reps", "0"},
			want:  []string{"--reps 0", "from 1 to 100000"},
		},
		{
			name:  "--reps not a number",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\n"},
			args:  []string{"run", "$DIR/s.yaml", "--reps", "many"},
			want:  []string{"--reps", `"many"`},
		},
		{
			name:  "--workers 0",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\n"},
			args:  []string{"compare", "$DIR/s.yaml", embedded, "--workers", "0"},
			want:  []string{"--workers 0", "from 1 to 1024"},
		},
		{
			name:  "--years negative",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\n"},
			args:  []string{"run", "$DIR/s.yaml", "--years", "-1"},
			want:  []string{"--years -1", "from 1 to 50"},
		},
		{
			name: "unknown flag",
			args: []string{"run", baseline, "--colour", "red"},
			want: []string{"unknown flag --colour", "expected a flag of those caseload run --help lists"},
		},
		{
			name: "run without a file",
			args: []string{"run"},
			want: []string{"expected 1 scenario file, got 0"},
		},
		{
			name: "run with two files",
			args: []string{"run", baseline, embedded},
			want: []string{"expected 1 scenario file, got 2"},
		},
		{
			name: "compare with one file",
			args: []string{"compare", baseline},
			want: []string{"expected at least 2 scenario file(s), got 1"},
		},
		{
			name:  "compare with a bad second file",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\nla:\n  localities: 0\n"},
			args:  []string{"compare", baseline, "$DIR/s.yaml"},
			want:  []string{"$DIR/s.yaml", "key la.localities", "value 0"},
		},
		{
			name:   "validate a bad file after a good one",
			files:  map[string]string{"s.yaml": "extends: $TYPICAL\nstatutory:\n  vacancy_rate: 1\n"},
			args:   []string{"validate", baseline, "$DIR/s.yaml"},
			want:   []string{"$DIR/s.yaml", "key statutory.vacancy_rate", "value 1", "below 1"},
			stdout: baseline + ": ok",
		},
		{
			name:  "validate with a bad --set",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\n"},
			args:  []string{"validate", "$DIR/s.yaml", "--set", "statutory.turnover=2"},
			want:  []string{"--set", "key statutory.turnover", "value 2", "from 0 to 1"},
		},
		{
			name:  "calibration --reps 0",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\n"},
			args:  []string{"calibration", "$DIR/s.yaml", "--reps", "0"},
			want:  []string{"--reps 0"},
		},
		{
			name:  "params of a bad file",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\nyears: 51\n"},
			args:  []string{"params", "$DIR/s.yaml"},
			want:  []string{"$DIR/s.yaml", "key years", "value 51"},
		},
	}
}
