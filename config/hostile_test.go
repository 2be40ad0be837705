package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nest writes n levels of block sections: a:\n  a:\n    a: ...
func nest(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat("  ", i) + "a:\n")
	}
	b.WriteString(strings.Repeat("  ", n) + "a: 1\n")
	return b.String()
}

// billionLaughs is the classic alias bomb: each level refers to the one
// before nine times.
const billionLaughs = `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`

// Hostile scenario input: files that are not regular, YAML that parses
// but means something other than it seems, names that would become paths,
// teams that cover nothing and numbers that would overflow. Each is
// refused with an error naming the file (or channel), the key and the
// value where there is one.
func TestHostileScenarios(t *testing.T) {
	const good = "name: ok\n"
	teamAll := "school_workforce:\n  budget_fte: 100\n  teams:\n"
	tests := []struct {
		name  string
		files map[string]string // written to a temp folder; s.yaml is loaded unless path is set
		path  string            // a path to load instead ("$DIR/" is the folder)
		sets  []string
		want  []string
	}{
		// files that are not regular
		{name: "a folder as scenario", files: map[string]string{"d/x.yaml": good}, path: "$DIR/d",
			want: []string{"/d", "expected a readable YAML file", "it is a folder"}},
		{name: "/dev/zero as scenario", path: "/dev/zero", want: []string{"/dev/zero", "it is a device"}},
		{name: "/dev/null as scenario", path: "/dev/null", want: []string{"/dev/null", "it is a device"}},
		{name: "a file over 1 MiB", files: map[string]string{"s.yaml": "description: " + strings.Repeat("x", MaxFileBytes) + "\n"},
			want: []string{"s.yaml", "a file of at most 1048576 bytes"}},
		{name: "extends a folder", files: map[string]string{"s.yaml": "extends: d\n", "d/x.yaml": good},
			want: []string{"s.yaml", "key extends", `value "d"`, "it is a folder"}},
		{name: "extends /dev/zero", files: map[string]string{"s.yaml": "extends: /dev/zero\n"},
			want: []string{"s.yaml", "key extends", `value "/dev/zero"`, "it is a device"}},
		{name: "extends /dev/stdin", files: map[string]string{"s.yaml": "extends: /dev/stdin\n"},
			want: []string{"s.yaml", "key extends", `value "/dev/stdin"`, "regular file"}},
		{name: "extends is a number", files: map[string]string{"s.yaml": "extends: 5\n"},
			want: []string{"s.yaml", "key extends", "value 5", "the path of a base scenario file"}},
		{name: "extends is empty", files: map[string]string{"s.yaml": "extends:\n"},
			want: []string{"s.yaml", "key extends", "the path of a base scenario file"}},
		{name: "extends a three-file cycle", files: map[string]string{"s.yaml": "extends: a.yaml\n", "a.yaml": "extends: b.yaml\n", "b.yaml": "extends: s.yaml\n"},
			want: []string{"b.yaml", "key extends", `value "s.yaml"`, "cycle s.yaml -> a.yaml -> b.yaml -> s.yaml"}},

		// YAML accepted but wrong
		{name: "keys differing in case", files: map[string]string{"s.yaml": "la:\n  Children: 5000\n  children: 6000\n"},
			want: []string{"s.yaml", "key la.children", `value "children"`, "each key once", `"Children"`}},
		{name: "team names differing in case", files: map[string]string{"s.yaml": teamAll + "    Core:\n      role: qualified\n    core:\n      role: support\n"},
			want: []string{"s.yaml", "key school_workforce.teams.core", `value "core"`, "not case-sensitive"}},
		{name: "top-level keys differing in case", files: map[string]string{"s.yaml": "Name: a\nname: b\n"},
			want: []string{"s.yaml", "key name", `value "name"`, "each key once"}},
		{name: "a merged key beside one differing in case", files: map[string]string{"s.yaml": "Years: 2\n<<: {years: 1}\n"},
			want: []string{"s.yaml", "key years", `value "years"`, `repeats "Years"`, "merge key <<"}},
		{name: "a merged team key beside one differing in case", files: map[string]string{"s.yaml": teamAll + "    a: &t {role: qualified, fte: 5, schools_per_worker: 2}\n    b:\n      <<: *t\n      FTE: 4\n"},
			want: []string{"s.yaml", "key school_workforce.teams.b.fte", "merge key <<"}},
		{name: "an empty value", files: map[string]string{"s.yaml": "la:\n  children:\n"},
			want: []string{"s.yaml", "key la.children", `value ""`, "the value is empty"}},
		{name: "an empty value over a base file", files: map[string]string{"s.yaml": "extends: b.yaml\nyears:\n", "b.yaml": "years: 5\n"},
			want: []string{"s.yaml", "key years", `value ""`, "the value is empty"}},
		{name: "an empty section written {}", files: map[string]string{"s.yaml": "la: {}\n"},
			want: []string{"s.yaml", "key la", `value "{}"`, "the section is empty"}},
		{name: "a team written {}", files: map[string]string{"s.yaml": teamAll + "    core: {}\n"},
			want: []string{"s.yaml", "key school_workforce.teams.core", `value "{}"`, "the section is empty"}},
		{name: "an empty section", files: map[string]string{"s.yaml": "la:\n"},
			want: []string{"s.yaml", "key la", `value ""`, "the value is empty"}},
		{name: "a second document", files: map[string]string{"s.yaml": "name: a\n---\nname: b\n"},
			want: []string{"s.yaml", "a single YAML document", "line 2"}},
		{name: "an empty second document", files: map[string]string{"s.yaml": "name: a\n---\n"},
			want: []string{"s.yaml", "a single YAML document"}},
		{name: "a 0-byte file", files: map[string]string{"s.yaml": ""},
			want: []string{"s.yaml", "the file is empty or holds only comments"}},
		{name: "only comments", files: map[string]string{"s.yaml": "# nothing\n   # here\n"},
			want: []string{"s.yaml", "the file is empty or holds only comments"}},
		{name: "only a document marker", files: map[string]string{"s.yaml": "---\n"},
			want: []string{"s.yaml", "the file is empty or holds only comments"}},
		{name: "a null document", files: map[string]string{"s.yaml": "~\n"},
			want: []string{"s.yaml", "the file is empty or holds only comments"}},
		{name: "a list at the top", files: map[string]string{"s.yaml": "- a\n- b\n"},
			want: []string{"s.yaml", "a section of settings"}},
		{name: "a word at the top", files: map[string]string{"s.yaml": "hello\n"},
			want: []string{"s.yaml", `value "hello"`, "a section of settings"}},
		{name: "a key that is a list", files: map[string]string{"s.yaml": "? [a, b]\n: 1\n"},
			want: []string{"s.yaml", "keys that are plain names", "line 1"}},
		{name: "700 levels of sections", files: map[string]string{"s.yaml": nest(700)},
			want: []string{"s.yaml", "nested at most 32 deep"}},
		{name: "2,000 levels of flow lists", files: map[string]string{"s.yaml": "a: " + strings.Repeat("[", 2000) + strings.Repeat("]", 2000) + "\n"},
			want: []string{"s.yaml", "nested at most 32 deep"}},
		{name: "2,000 levels of flow sections", files: map[string]string{"s.yaml": "a: " + strings.Repeat("{a: ", 2000) + "1" + strings.Repeat("}", 2000) + "\n"},
			want: []string{"s.yaml", "nested at most 32 deep"}},
		{name: "2,000 levels of compact lists", files: map[string]string{"s.yaml": "a:\n" + strings.Repeat("- ", 2000) + "1\n"},
			want: []string{"s.yaml", "nested at most 32 deep"}},
		{name: "flow nesting across lines", files: map[string]string{"s.yaml": "a: " + strings.Repeat("[\n", 2000) + strings.Repeat("]\n", 2000)},
			want: []string{"s.yaml", "nested at most 32 deep"}},
		{name: "an alias bomb", files: map[string]string{"s.yaml": billionLaughs},
			want: []string{"s.yaml", "expected valid YAML", "excessive aliasing"}},
		{name: "a key not closed", files: map[string]string{"s.yaml": "la: {children: 5\n"},
			want: []string{"s.yaml", "expected valid YAML"}},

		// names that would become paths
		{name: "a name with a slash", files: map[string]string{"s.yaml": "name: a/b\n"},
			want: []string{"s.yaml", "key name", `value "a/b"`, `'/' is not allowed`}},
		{name: "a name climbing folders", files: map[string]string{"s.yaml": "name: ../../../x\n"},
			want: []string{"s.yaml", "key name", `value "../../../x"`, "starts with '.'"}},
		{name: "a name of two dots", files: map[string]string{"s.yaml": "name: ..\n"},
			want: []string{"s.yaml", "key name", `value ".."`, "starts with '.'"}},
		{name: "a name with NUL", files: map[string]string{"s.yaml": "name: \"a\\0b\"\n"},
			want: []string{"s.yaml", "key name", `value "a\x00b"`, "is not allowed"}},
		{name: "a name with a newline", files: map[string]string{"s.yaml": "name: \"a\\nb\"\n"},
			want: []string{"s.yaml", "key name", `value "a\nb"`, "is not allowed"}},
		{name: "a name with an escape character", files: map[string]string{"s.yaml": "name: \"a\\eb\"\n"},
			want: []string{"s.yaml", "key name", `value "a\x1bb"`, "is not allowed"}},
		{name: "a name of 300 characters", files: map[string]string{"s.yaml": "name: " + strings.Repeat("x", 300) + "\n"},
			want: []string{"s.yaml", "key name", "it has 300 characters"}},
		{name: "a name with a backslash", files: map[string]string{"s.yaml": good}, sets: []string{`name=a\b`},
			want: []string{"--set", "key name", `value "a\\b"`, "is not allowed"}},
		{name: "an absolute name", files: map[string]string{"s.yaml": good}, sets: []string{"name=/etc/passwd"},
			want: []string{"--set", "key name", `value "/etc/passwd"`, "starts with '/'"}},
		{name: "a description with a control character", files: map[string]string{"s.yaml": "description: \"a\\x07b\"\n"},
			want: []string{"s.yaml", "key description", "control character"}},
		{name: "a team name with a dot", files: map[string]string{"s.yaml": teamAll + "    \"a.b\":\n      role: qualified\n      schools_per_worker: 5\n      selection: all\n"},
			want: []string{"s.yaml", "key school_workforce.teams.a.b", `value "a.b"`, "'.' is not allowed"}},
		{name: "a role name with a space", files: map[string]string{"s.yaml": "school_workforce:\n  roles:\n    \"lead worker\":\n      max_level: 2\n"},
			want: []string{"s.yaml", `key school_workforce.roles.lead worker`, `value "lead worker"`, "' ' is not allowed"}},

		// teams that cover no school
		{name: "a team of a school type the LA has none of", files: map[string]string{"s.yaml": "la:\n  schools:\n    special: 0\n" + teamAll + "    sp:\n      role: qualified\n      schools_per_worker: 5\n      selection: by_type\n      school_types: [special]\n"},
			want: []string{"s.yaml", "key school_workforce.teams.sp.selection", `value "by_type"`, "covers at least one school"}},
		{name: "a team whose schools an earlier team took", files: map[string]string{"s.yaml": "school_workforce:\n  budget_fte: 100\n  teams:\n    a:\n      role: qualified\n      schools_per_worker: 5\n      selection: all\n    b:\n      role: support\n      schools_per_worker: 5\n      selection: all\n"},
			want: []string{"s.yaml", "key school_workforce.teams.b.selection", `value "all"`, "covered by an earlier team"}},
		{name: "a team whose schools an earlier team may take", files: map[string]string{"s.yaml": "la:\n  localities: 2\n  schools: {primary: 6, secondary: 2, special: 1, alternative_provision: 1}\n" + teamAll + "    a:\n      role: qualified\n      fte: 3\n      schools_per_worker: 12\n      selection: budget\n    b:\n      role: support\n      fte: 2\n      schools_per_worker: 4\n      school_types: [primary]\n"},
			want: []string{"s.yaml", "key school_workforce.teams.b.selection", `value "most_deprived"`, "in every replication", "covers at most 6"}},
		{name: "a team too small for one school", files: map[string]string{"s.yaml": teamAll + "    t:\n      role: qualified\n      fte: 0.1\n      schools_per_worker: 5\n"},
			want: []string{"s.yaml", "key school_workforce.teams.t.fte", "value 0.1", "below one school"}},
		{name: "a list team of the wrong type", files: map[string]string{"s.yaml": teamAll + "    t:\n      role: qualified\n      schools_per_worker: 5\n      selection: list\n      school_types: [secondary]\n      schools: [0, 1]\n"},
			want: []string{"s.yaml", "key school_workforce.teams.t.schools", "value [0, 1]", "none of these schools"}},
		{name: "a team with no FTE", files: map[string]string{"s.yaml": teamAll + "    t:\n      role: qualified\n      fte: 0\n      schools_per_worker: 5\n"},
			want: []string{"s.yaml", "key school_workforce.teams.t.fte", "value 0", "covers no schools"}},

		// numbers that would make a run impossible
		{name: "schools_per_worker 1e19", files: map[string]string{"s.yaml": teamAll + "    t:\n      role: qualified\n      fte: 2\n      schools_per_worker: 1e19\n"},
			want: []string{"s.yaml", "key school_workforce.teams.t.schools_per_worker", "value 1e+19", "at most 10000"}},
		{name: "fte 1e12", files: map[string]string{"s.yaml": teamAll + "    t:\n      role: qualified\n      fte: 1e12\n      schools_per_worker: 5\n"},
			want: []string{"s.yaml", "key school_workforce.teams.t.fte", "value 1e+12", "from 0 to 100000"}},
		{name: "two billion primary schools", files: map[string]string{"s.yaml": "la:\n  schools:\n    primary: 2000000000\n"},
			want: []string{"s.yaml", "key la.schools.primary", "value 2000000000", "from 0 to 50000"}},
		{name: "a billion children", files: map[string]string{"s.yaml": "la:\n  children: 1000000000\n"},
			want: []string{"s.yaml", "key la.children", "value 1000000000", "from 100 to 20000000"}},
		{name: "statutory posts 1e300", files: map[string]string{"s.yaml": "statutory:\n  posts: 1e300\n"},
			want: []string{"s.yaml", "key statutory.posts", "value 1e+300", "at most 1000000"}},
		{name: "a cost of 1e308", files: map[string]string{"s.yaml": "costs:\n  cp_week: 1e308\n"},
			want: []string{"s.yaml", "key costs.cp_week", "value 1e+308", "from 0 to 10000000"}},
		{name: "a negative placement cost", files: map[string]string{"s.yaml": "costs:\n  placement_weekly: [6100, -820, 650, 300]\n"},
			want: []string{"s.yaml", "key costs.placement_weekly", "value [6100, -820, 650, 300]", "numbers from 0 to 10000000"}},
		{name: "an infinite cost", files: map[string]string{"s.yaml": "costs:\n  s47: .inf\n"},
			want: []string{"s.yaml", "key costs.s47", "expected a number"}},
		{name: "an infinite value from --set", files: map[string]string{"s.yaml": good}, sets: []string{"costs.s47=+Inf"},
			want: []string{"--set", "key costs.s47", `value "+Inf"`, "expected a number"}},
		{name: "NaN from --set", files: map[string]string{"s.yaml": good}, sets: []string{"school_workforce.group_share=NaN"},
			want: []string{"--set", "key school_workforce.group_share", `value "NaN"`, "expected a number"}},
		{name: "group_share above 1", files: map[string]string{"s.yaml": "school_workforce:\n  group_share: 1.5\n"},
			want: []string{"s.yaml", "key school_workforce.group_share", "value 1.5", "from 0 to 1"}},
		{name: "group_hours 0", files: map[string]string{"s.yaml": "school_workforce:\n  group_hours: 0\n"},
			want: []string{"s.yaml", "key school_workforce.group_hours", "value 0", "greater than 0"}},
		{name: "group_support negative", files: map[string]string{"s.yaml": "effects:\n  group_support: -0.5\n"},
			want: []string{"s.yaml", "key effects.group_support", "value -0.5", "from 0 to 1"}},
		{name: "group_detect above 1", files: map[string]string{"s.yaml": "effects:\n  group_detect: 2\n"},
			want: []string{"s.yaml", "key effects.group_detect", "value 2", "from 0 to 1"}},
		{name: "other_shares of 4 sources", files: map[string]string{"s.yaml": "referral:\n  other_shares: [1, 1, 1, 1]\n"},
			want: []string{"s.yaml", "key referral.other_shares", "value [1, 1, 1, 1]", "a list of 5 numbers"}},
		{name: "a bias beyond the need scale", files: map[string]string{"s.yaml": "front_door:\n  bias: 1e9\n"},
			want: []string{"s.yaml", "key front_door.bias", "value 1e+09", "from -10 to 10"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, body := range tc.files {
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(dir, "s.yaml")
			if tc.path != "" {
				path = strings.ReplaceAll(tc.path, "$DIR", dir)
			}
			_, err := Load(path, nil, tc.sets)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("errors.Is(err, ErrInvalid) = false for %v", err)
			}
			msg := err.Error()
			if len(msg) > 2000 {
				t.Errorf("message of %d bytes", len(msg))
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
		})
	}
}

// The depth scan counts what the parser would nest, and does not count
// brackets in quoted text, comments or block text.
func TestNestingDepth(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"a: 1\n", 1},
		{"a:\n  b:\n    c: 1\n", 3},
		{"a:\n  - x\n  - y\n", 3},
		{"a: [1, [2, [3]]]\n", 4},
		{"a: {b: {c: 1}}\n", 3},
		{"a: \"[[[[[[\"\n", 1},
		{"a: '[[[[ it''s [[['\n", 1},
		{"a: 1 # [[[[[[\n", 1},
		{"a: |\n  [[[[[[\n    {{{{{{\nb: 1\n", 1},
		{"a: text [[[[ more\n", 1},
		{"- - - 1\n", 4},
		{"a: !!seq [!!seq [1]]\n", 3},
		{"a: &x [1, [2]]\nb: *x\n", 3},
		{"a: [\n  [\n    1\n  ]\n]\n", 3},
	}
	for _, tc := range tests {
		if got := nestingDepth([]byte(tc.text)); got != tc.want {
			t.Errorf("%q: depth %d, want %d", tc.text, got, tc.want)
		}
	}
	for _, f := range []string{"../scenarios/mixed.yaml", "../scenarios/england.yaml", "../scenarios/designs/care-drivers.yaml"} {
		data, err := ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if d := nestingDepth(data); d > 8 {
			t.Errorf("%s: depth %d", f, d)
		}
	}
}

// SafeName keeps a valid name and makes any other one part of a path that
// stays in its folder.
func TestSafeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"core-offer", "core-offer"},
		{"Mixed model (2024) #2", "Mixed model (2024) #2"},
		{"../../../x", "scenario.._.._.._x"},
		{"a/b", "a_b"},
		{"..", "scenario.."},
		{"", "scenario"},
		{"a\x00b\nc", "a_b_c"},
		{"/etc/passwd", "scenario_etc_passwd"},
		{strings.Repeat("x", 300), strings.Repeat("x", MaxNameLen)},
	}
	for _, tc := range tests {
		got := SafeName(tc.in)
		if got != tc.want {
			t.Errorf("SafeName(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if strings.ContainsAny(got, "/\\\x00") || strings.HasPrefix(got, ".") || len([]rune(got)) > MaxNameLen {
			t.Errorf("SafeName(%q) = %q is not a safe path part", tc.in, got)
		}
	}
}

// Anchors, aliases and merge keys are ordinary YAML and keep working.
func TestAnchorsAndMergeKeys(t *testing.T) {
	dir := writeFiles(t, map[string]string{"s.yaml": `
school_workforce:
  budget_fte: 10
  teams:
    a: &team
      role: qualified
      fte: 2
      schools_per_worker: 5
      selection: most_deprived
      school_types: [primary]
    b:
      <<: *team
      school_types: [secondary]
`})
	sc, err := Load(filepath.Join(dir, "s.yaml"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := sc.Params.SchoolWorkforce.Teams["b"]
	if b.Role != "qualified" || b.SchoolsPerWorker != 5 || b.Selection != "most_deprived" || len(b.SchoolTypes) != 1 || b.SchoolTypes[0] != "secondary" {
		t.Errorf("merged team b = %+v", b)
	}
}

// A whole number written with leading zeros reads as the decimal number
// it does in --set and the environment (010 is 10, not YAML's older octal
// 8), and a key given beside a merge key of the same spelling wins over
// the merged one, the same on every load.
func TestYAMLNumbersAndMergesRead(t *testing.T) {
	files := map[string]string{"s.yaml": "la:\n  children: 050000\n  localities: 010\nneed:\n  rereferral_weeks: +052\n" +
		"school_workforce:\n  budget_fte: 10\n  teams:\n    a: &t {role: qualified, fte: 5, schools_per_worker: 2}\n    b:\n      <<: *t\n      fte: 4\n"}
	for range 20 {
		sc, err := loadString(t, files)
		if err != nil {
			t.Fatal(err)
		}
		p := sc.Params
		if p.LA.Children != 50000 || p.LA.Localities != 10 || p.Need.RereferralWeeks != 52 {
			t.Fatalf("children, localities, rereferral weeks = %d, %d, %d; want 50000, 10, 52", p.LA.Children, p.LA.Localities, p.Need.RereferralWeeks)
		}
		if a, b := p.SchoolWorkforce.Teams["a"], p.SchoolWorkforce.Teams["b"]; a.FTE != 5 || b.FTE != 4 || b.SchoolsPerWorker != 2 {
			t.Fatalf("teams a, b: %+v, %+v; want fte 5 and 4, b's other keys merged from a", a, b)
		}
	}
	for _, v := range []string{"0o10", "0x8"} { // explicit bases are kept
		sc, err := loadString(t, map[string]string{"s.yaml": "la:\n  localities: " + v + "\n"})
		if err != nil || sc.Params.LA.Localities != 8 {
			t.Errorf("localities %s: %v, %v; want 8", v, sc, err)
		}
	}
}

// A team names its role as the roles section spells it: role names are
// not case-sensitive there (read lowercased), nor in a team's role.
func TestTeamRoleNotCaseSensitive(t *testing.T) {
	sc, err := loadString(t, map[string]string{"s.yaml": "la:\n  children: 50000\nschool_workforce:\n  budget_fte: 7\n  roles:\n" +
		"    Mentor: {max_level: 2, intensive_cap: 5, monitoring_cap: 5, annual_cost: 30000}\n" +
		"  teams:\n    Mentors: {role: Mentor, fte: 5, schools_per_worker: 2}\n    Others: {role: QUALIFIED, fte: 2, schools_per_worker: 2}\n"})
	if err != nil {
		t.Fatal(err)
	}
	w := sc.Params.SchoolWorkforce
	if w.Teams["mentors"].Role != "mentor" || w.Teams["others"].Role != "qualified" {
		t.Errorf("teams %+v: want roles mentor and qualified", w.Teams)
	}
	if _, ok := w.Roles["mentor"]; !ok {
		t.Errorf("roles %v: no mentor", w.RoleNames())
	}
}

// An on/off setting reads the same in any usual spelling, from a file as
// from --set and the environment: true/false, yes/no, on/off, 1/0.
func TestBoolSpellings(t *testing.T) {
	for text, want := range map[string]bool{"true": true, "on": true, "yes": true, "1": true, "TRUE": true, "'on'": true,
		"false": false, "off": false, "no": false, "0": false, "Off": false} {
		sc, err := loadString(t, map[string]string{"s.yaml": "front_door:\n  gatekeeping: " + text + "\n"})
		if err != nil || sc.Params.FrontDoor.Gatekeeping != want {
			t.Errorf("file, gatekeeping: %s: %v, %v; want %v", text, sc, err, want)
		}
		v := strings.Trim(text, "'")
		sc, err = loadString(t, map[string]string{"s.yaml": "name: x\n"}, "front_door.gatekeeping="+v)
		if err != nil || sc.Params.FrontDoor.Gatekeeping != want {
			t.Errorf("--set front_door.gatekeeping=%s: %v; want %v", v, err, want)
		}
	}
	for _, text := range []string{"2", "maybe", "0.5"} {
		if _, err := loadString(t, map[string]string{"s.yaml": "front_door:\n  gatekeeping: " + text + "\n"}); err == nil || !strings.Contains(err.Error(), "true or false") {
			t.Errorf("gatekeeping: %s: %v, want refused", text, err)
		}
	}
}

// Text from --set reads as the same text in a file does: trimmed, and an
// empty value refused ("[]" is the empty list).
func TestSetTextAsInAFile(t *testing.T) {
	sc, err := loadString(t, map[string]string{"s.yaml": "name: x\n"}, "effects.evidence= pilots ", "calendar.holiday_weeks=[]")
	if err != nil {
		t.Fatal(err)
	}
	if sc.Params.Effects.Evidence != "pilots" || len(sc.Params.Calendar.HolidayWeeks) != 0 {
		t.Errorf("evidence %q, holiday weeks %v", sc.Params.Effects.Evidence, sc.Params.Calendar.HolidayWeeks)
	}
	for _, set := range []string{"calendar.holiday_weeks=", "years= "} {
		if _, err := loadString(t, map[string]string{"s.yaml": "name: x\n"}, set); err == nil || !strings.Contains(err.Error(), "the value is empty") {
			t.Errorf("--set %s: %v, want refused as empty", set, err)
		}
	}
}

// Values brought in by a merge key (<<) read as any others (010 is 10, a
// date with a time is refused), and a key is a name (010 names "010").
func TestMergedValuesReadAsElsewhere(t *testing.T) {
	sc, err := loadString(t, map[string]string{"s.yaml": "la: {children: 50000}\nschool_workforce:\n  budget_fte: 20\n  teams:\n" +
		"    t: {<<: {role: qualified, fte: 010, schools_per_worker: 1}}\n    010: {role: qualified, fte: 2, schools_per_worker: 1}\n"})
	if err != nil {
		t.Fatal(err)
	}
	if w := sc.Params.SchoolWorkforce; w.Teams["t"].FTE != 10 || w.Teams["010"].FTE != 2 {
		t.Errorf("teams %v", w.Teams)
	}
	if _, err := loadString(t, map[string]string{"s.yaml": "calendar: {<<: {start_date: 2025-09-01T00:00:00Z}}\n"}); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
		t.Errorf("a merged date with a time: %v, want refused", err)
	}
}

// A whole number written with an explicit base reads alike from a file and
// from --set: 0x1388 is 5000 both ways, and 010 is ten both ways.
func TestWholeNumberBases(t *testing.T) {
	for text, want := range map[string]int{"0x1388": 5000, "0o11610": 5000, "05000": 5000, "5000": 5000} {
		sc, err := loadString(t, map[string]string{"s.yaml": "la:\n  children: " + text + "\n"})
		if err != nil || sc.Params.LA.Children != want {
			t.Errorf("file, children: %s: %v; want %d", text, err, want)
		}
		sc, err = loadString(t, map[string]string{"s.yaml": "name: x\n"}, "la.children="+text)
		if err != nil || sc.Params.LA.Children != want {
			t.Errorf("--set la.children=%s: %v; want %d", text, err, want)
		}
	}
}
