package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestBadInput checks that every kind of bad input exits with status 2,
// names where the problem is (the file, --set or the environment
// variable), the key and the value on one line of stderr, and writes
// nothing: no results folder and no temporary folder beside it.
func TestBadInput(t *testing.T) {
	typical := abs(t, scenario("typical-la.yaml"))
	// Files are written to $DIR; "$TYPICAL" in their text is the shipped
	// typical LA, so a file can extend it from a temporary folder.
	const team = "extends: $TYPICAL\nschool_workforce:\n  teams:\n    core:\n"
	tests := []struct {
		name  string
		files map[string]string
		args  []string // "$DIR/x" is a file of files; run and compare get --out
		env   []string
		want  []string // all on stderr; "$DIR" as in args
		// stdout is what a command may print before it meets the bad input.
		stdout string
	}{
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
			args:  []string{"compare", "$DIR/s.yaml", scenario("embedded.yaml"), "--workers", "0"},
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
			args: []string{"run", scenario("baseline.yaml"), "--colour", "red"},
			want: []string{"unknown flag: --colour"},
		},
		{
			name: "run without a file",
			args: []string{"run"},
			want: []string{"expected 1 scenario file, got 0"},
		},
		{
			name: "run with two files",
			args: []string{"run", scenario("baseline.yaml"), scenario("embedded.yaml")},
			want: []string{"expected 1 scenario file, got 2"},
		},
		{
			name: "compare with one file",
			args: []string{"compare", scenario("baseline.yaml")},
			want: []string{"expected at least 2 scenario file(s), got 1"},
		},
		{
			name:  "compare with a bad second file",
			files: map[string]string{"s.yaml": "extends: $TYPICAL\nla:\n  localities: 0\n"},
			args:  []string{"compare", scenario("baseline.yaml"), "$DIR/s.yaml"},
			want:  []string{"$DIR/s.yaml", "key la.localities", "value 0"},
		},
		{
			name:   "validate a bad file after a good one",
			files:  map[string]string{"s.yaml": "extends: $TYPICAL\nstatutory:\n  vacancy_rate: 1\n"},
			args:   []string{"validate", scenario("baseline.yaml"), "$DIR/s.yaml"},
			want:   []string{"$DIR/s.yaml", "key statutory.vacancy_rate", "value 1", "below 1"},
			stdout: scenario("baseline.yaml") + ": ok",
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
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			dir := filepath.Join(tmp, "in")
			resultsDir := filepath.Join(tmp, "results")
			for _, d := range []string{dir, resultsDir} {
				if err := os.Mkdir(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for name, text := range tc.files {
				text = strings.ReplaceAll(text, "$TYPICAL", typical)
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(resultsDir, "out")
			var args []string
			for _, a := range tc.args {
				args = append(args, strings.ReplaceAll(a, "$DIR", dir))
			}
			if args[0] == "run" || args[0] == "compare" {
				args = append(args, "--out", out)
				if !slices.Contains(args, "--reps") {
					// Should the input wrongly pass, the run stays short.
					args = append(args, "--reps", "1")
				}
			}

			r := runCLI(t, tc.env, args...)

			if r.code != exitBadInput {
				t.Errorf("exit status %d, want %d (stderr: %q)", r.code, exitBadInput, r.stderr)
			}
			if !strings.HasPrefix(r.stderr, "caseload: ") || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("stderr is not one line starting \"caseload: \": %q", r.stderr)
			}
			for _, w := range tc.want {
				w = strings.ReplaceAll(w, "$DIR", dir)
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr does not contain %q:\n%s", w, r.stderr)
				}
			}
			if tc.stdout == "" && r.stdout != "" {
				t.Errorf("stdout not empty: %q", r.stdout)
			}
			if tc.stdout != "" && !strings.Contains(r.stdout, tc.stdout) {
				t.Errorf("stdout does not contain %q: %q", tc.stdout, r.stdout)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("results folder %s exists after bad input (stat: %v)", out, err)
			}
			if left := entries(t, resultsDir); len(left) > 0 {
				t.Errorf("bad input left %v in the results folder's parent", left)
			}
			if got := len(entries(t, dir)); got != len(tc.files) {
				t.Errorf("input folder holds %d entries, want the %d files written", got, len(tc.files))
			}
		})
	}
}
