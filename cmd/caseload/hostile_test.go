package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/report"
)

// hostileCase is one piece of bad input: a command line, the files it
// reads and the environment, and what stderr must say.
type hostileCase struct {
	name string
	// files are written to the input folder ($IN, also $DIR) before the
	// command runs; a name may hold a folder ("rep/manifest.json"). Their
	// text may say $TYPICAL (the shipped typical LA) and $IN. A few
	// texts make special files: <FIFO>, <DIR>, <HUGE> (a sparse file over
	// the 1 MiB limit), <LINK:target>.
	files map[string]string
	// args may say $IN (or $DIR), $OUT (a results folder that does not
	// exist), $SMALL (a small LA), $SWIS (a scenario with a team) and
	// $TYPICAL.
	args []string
	env  []string
	// want are all on stderr: the file or flag, the key and the value.
	want []string
	// stdout is what a command may print before it meets the bad input.
	stdout string
	// channel is where the bad input comes from (scenario file,
	// extends, design file, --set, environment, flags, results folder);
	// empty means it is worked out from the case (channelOf).
	channel string
}

// Channels of input, each of which the table covers.
var channels = []string{"scenario file", "extends", "design file", "--set", "environment", "flags", "results folder"}

// commands that the table covers, each at least once.
var commands = []string{"run", "compare", "validate", "params", "calibration", "sweep", "sensitivity", "size", "trial", "report"}

// channelOf is where a case's bad input comes from.
func channelOf(c hostileCase) string {
	switch {
	case c.channel != "":
		return c.channel
	case len(c.env) > 0:
		return "environment"
	case slices.Contains(c.args, "--set"):
		return "--set"
	case slices.ContainsFunc(c.want, func(w string) bool { return strings.Contains(w, "key extends") }):
		return "extends"
	case len(c.files) > 0:
		return "scenario file"
	}
	return "flags"
}

// hostileCases is every case of the table.
func hostileCases(t *testing.T) []hostileCase {
	var all []hostileCase
	all = append(all, fileCases(t)...)
	all = append(all, commandLineCases(t)...)
	all = append(all, channelCases()...)
	return all
}

// TestHostile runs the table of hostile input: every case exits 2 with
// one line on stderr that starts "caseload: " and names the file or flag,
// the key and the value; stdout holds nothing the command did not print
// before it met the input; and nothing is written anywhere: the whole
// temporary tree, which is also the working folder (where a default
// results folder would go), is the same before and after, file by file.
// Every case is refused before any simulation runs.
func TestHostile(t *testing.T) {
	small := abs(t, filepath.Join("testdata", "small.yaml"))
	swis := abs(t, scenario("swis.yaml"))
	typical := abs(t, scenario("typical-la.yaml"))
	for _, tc := range hostileCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			t.Chdir(root)
			in := filepath.Join(root, "in")
			out := filepath.Join(root, "out")
			os.Mkdir(in, 0o755)
			os.WriteFile(filepath.Join(in, "design.yaml"), []byte(smallGrid), 0o644)
			os.WriteFile(filepath.Join(in, "afile"), []byte("keep"), 0o644)
			os.Mkdir(filepath.Join(in, "target"), 0o755)
			os.Symlink(filepath.Join(in, "target"), filepath.Join(in, "alink"))
			subst := strings.NewReplacer("$IN", in, "$DIR", in, "$OUT", out, "$SMALL", small, "$SWIS", swis, "$TYPICAL", typical)
			for name, text := range tc.files {
				writeSpecial(t, filepath.Join(in, name), subst.Replace(text))
			}
			var args []string
			for _, a := range tc.args {
				args = append(args, subst.Replace(a))
			}
			if !slices.Contains(args, "--reps") && slices.Contains([]string{"run", "compare", "sweep", "size", "sensitivity", "calibration"}, args[0]) {
				args = append(args, "--reps", "1") // should the input wrongly pass, the run stays short
			}
			var env []string
			for _, e := range tc.env {
				env = append(env, subst.Replace(e))
			}
			before := tree(t, root)

			r := runCLI(t, env, args...)

			if r.code != exitBadInput {
				t.Errorf("exit status %d, want %d (stderr: %q)", r.code, exitBadInput, r.stderr)
			}
			if !strings.HasPrefix(r.stderr, "caseload: ") || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("stderr is not one line starting \"caseload: \": %q", r.stderr)
			}
			for _, w := range tc.want {
				if w = subst.Replace(w); !strings.Contains(r.stderr, w) {
					t.Errorf("stderr does not contain %q:\n%s", w, r.stderr)
				}
			}
			if want := subst.Replace(tc.stdout); want == "" && r.stdout != "" || !strings.Contains(r.stdout, want) {
				t.Errorf("stdout %q, want %q", r.stdout, want)
			}
			if after := tree(t, root); !slices.Equal(before, after) {
				t.Errorf("files changed:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

// writeSpecial writes a file of a case, or the special file its text
// names.
func writeSpecial(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	var err error
	switch {
	case text == "<FIFO>":
		err = syscall.Mkfifo(path, 0o644)
	case text == "<DIR>":
		err = os.Mkdir(path, 0o755)
	case text == "<HUGE>":
		if err = os.WriteFile(path, []byte("name: huge\n"), 0o644); err == nil {
			err = os.Truncate(path, 2<<20) // sparse: no disk is used
		}
	case strings.HasPrefix(text, "<LINK:"):
		err = os.Symlink(strings.TrimSuffix(strings.TrimPrefix(text, "<LINK:"), ">"), path)
	default:
		err = os.WriteFile(path, []byte(text), 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestHostileTableCovers keeps the table from shrinking unnoticed: at
// least 100 cases, each named once and expecting something on stderr,
// every command and every channel of input among them.
func TestHostileTableCovers(t *testing.T) {
	cases := hostileCases(t)
	if len(cases) < 100 {
		t.Errorf("%d hostile cases, want at least 100", len(cases))
	}
	names := map[string]bool{}
	byCommand, byChannel := map[string]int{}, map[string]int{}
	for _, c := range cases {
		if names[c.name] {
			t.Errorf("case %q twice", c.name)
		}
		names[c.name] = true
		if len(c.want) == 0 {
			t.Errorf("case %q expects nothing on stderr", c.name)
		}
		byCommand[c.args[0]]++
		byChannel[channelOf(c)]++
	}
	for _, c := range commands {
		if byCommand[c] == 0 {
			t.Errorf("no hostile case for command %s", c)
		}
	}
	for _, c := range channels {
		if byChannel[c] == 0 {
			t.Errorf("no hostile case for channel %s", c)
		}
	}
	t.Logf("%d cases; by command %v; by channel %v", len(cases), byCommand, byChannel)
}

// aliasBomb refers to each level nine times over from the next.
const aliasBomb = `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`

// channelCases are the classes of issue 8 by channel: YAML accepted but
// wrong, paths that are not regular files, numbers that make a run
// impossible, names used as paths, teams covering no school, bad design
// files, bad results folders for report and --resume, and the flags of
// every command.
func channelCases() []hostileCase {
	const ext = "extends: $TYPICAL\n"
	const sweep = "sweep"
	grid := func(f string) string { return "factors:\n  - {" + f + "}\n" }
	sweepD := func(name, design string, want ...string) hostileCase {
		return hostileCase{name: name, files: map[string]string{"d.yaml": design}, channel: "design file",
			args: []string{sweep, "$SMALL", "--design", "$IN/d.yaml"}, want: append([]string{"$IN/d.yaml"}, want...)}
	}
	scen := func(name, text string, want ...string) hostileCase {
		return hostileCase{name: name, files: map[string]string{"s.yaml": text},
			args: []string{"validate", "$IN/s.yaml"}, want: append([]string{"$IN/s.yaml"}, want...)}
	}
	nbColumns := report.NeighbourColumns()
	report := func(name string, files map[string]string, want ...string) hostileCase {
		return hostileCase{name: name, files: files, channel: "results folder",
			args: []string{"report", "$IN/rep"}, want: want}
	}
	const runManifest = `{"command": ["caseload", "run"], "kind": "run"}`
	const summaryHead = "scenario,metric,statistic,value\n"
	sizeArgs := func(extra ...string) []string {
		return append([]string{"size", "$SMALL", "--vary", "statutory.posts", "--target", "cost_total <= 1", "--from", "8", "--to", "9"}, extra...)
	}
	return []hostileCase{
		// YAML accepted but wrong, in a scenario file
		scen("0-byte scenario", "", "expected settings", "empty"),
		scen("comments only", "# nothing\n", "expected settings"),
		scen("keys differing in case", ext+"la:\n  children: 4000\n  Children: 5000\n", "key la.children", `value "Children"`, "not case-sensitive"),
		scen("team keys differing in case", ext+"school_workforce:\n  budget_fte: 5\n  teams:\n    core:\n      role: qualified\n      fte: 1\n      schools_per_worker: 5\n    Core:\n      role: qualified\n      fte: 1\n      schools_per_worker: 5\n",
			"key school_workforce.teams.core", `value "Core"`, "not case-sensitive"),
		scen("empty value", ext+"la:\n  children:\n", "key la.children", `value ""`, "the value is empty"),
		scen("empty section", ext+"need:\n", "key need", `value ""`),
		scen("second document", ext+"---\nyears: 3\n", "a single YAML document", "line 2"),
		scen("deep nesting", "a: "+strings.Repeat("[", 2000)+strings.Repeat("]", 2000)+"\n", "nested at most 32 deep", "at least 2001"),
		scen("alias bomb", aliasBomb, "excessive aliasing"),
		scen("not UTF-8", ext+"name: \"caf\xe9\"\n", "expected valid YAML", "UTF-8"),
		scen("top level a list", "- 1\n- 2\n", "expected"),
		// names used as paths
		scen("name with ..", ext+"name: ../../../x\n", "key name", `value "../../../x"`),
		scen("name with /", ext+"name: a/b\n", "key name", `value "a/b"`, "'/'"),
		scen("name with a newline", ext+"name: \"a\\nb\"\n", "key name", `value "a\nb"`),
		scen("name with NUL", ext+"name: \"a\\0b\"\n", "key name", `value "a\x00b"`),
		scen("name of 300 characters", ext+"name: "+strings.Repeat("a", 300)+"\n", "key name", strings.Repeat("a", 300), "1 to 100 characters"),
		scen("team name with ..", ext+"school_workforce:\n  budget_fte: 5\n  teams:\n    \"../x\":\n      role: qualified\n      fte: 1\n      schools_per_worker: 5\n",
			"key school_workforce.teams.../x", `value "../x"`),
		scen("team name with /", ext+"school_workforce:\n  budget_fte: 5\n  teams:\n    \"a/b\":\n      role: qualified\n      fte: 1\n      schools_per_worker: 5\n",
			"key school_workforce.teams.a/b", `value "a/b"`),
		// numbers that pass a type check but make a run impossible
		scen("schools_per_worker 1e19", ext+"school_workforce:\n  budget_fte: 5\n  teams:\n    core:\n      role: qualified\n      fte: 1\n      schools_per_worker: 1e19\n",
			"key school_workforce.teams.core.schools_per_worker", "value 1e+19"),
		scen("children 1e12", ext+"la:\n  children: 1e12\n", "key la.children", "value 1000000000000"),
		scen("posts 1e19", ext+"statutory:\n  posts: 1e19\n", "key statutory.posts", "value 1e+19"),
		scen("budget .inf", ext+"school_workforce:\n  budget_fte: .inf\n", "key school_workforce.budget_fte", "+Inf"),
		scen("onset .nan", ext+"need:\n  onset: .nan\n", "key need.onset", "NaN"),
		scen("children 1e-300", ext+"la:\n  children: 1e-300\n", "key la.children", "1e-300", "whole number"),
		scen("national LAs 1e9", ext+"national:\n  las: 1000000000\n", "key national.las", "value 1000000000"),
		scen("group_share above 1", ext+"school_workforce:\n  group_share: 2\n", "key school_workforce.group_share", "value 2"),
		scen("group_support negative", ext+"effects:\n  group_support: -1\n", "key effects.group_support", "value -1"),
		// teams covering no school
		scen("team of a school type the LA lacks", ext+"la:\n  schools:\n    alternative_provision: 0\nschool_workforce:\n  budget_fte: 5\n  teams:\n    core:\n      role: qualified\n      fte: 1\n      schools_per_worker: 5\n      selection: by_type\n      school_types: [alternative_provision]\n",
			"key school_workforce.teams.core.selection", `value "by_type"`, "covers at least one school"),
		scen("team listing no school", ext+"school_workforce:\n  budget_fte: 5\n  teams:\n    core:\n      role: qualified\n      fte: 1\n      schools_per_worker: 5\n      selection: list\n      schools: []\n",
			"key school_workforce.teams.core.schools", "value []"),
		scen("team listing a school beyond the LA", ext+"school_workforce:\n  budget_fte: 5\n  teams:\n    core:\n      role: qualified\n      fte: 1\n      schools_per_worker: 5\n      selection: list\n      schools: [100000]\n",
			"key school_workforce.teams.core.schools", "value [100000]"),
		// paths that are not regular files
		{name: "scenario a FIFO", files: map[string]string{"s.yaml": "<FIFO>"}, args: []string{"run", "$IN/s.yaml"}, want: []string{"$IN/s.yaml", "FIFO"}},
		{name: "scenario a folder", files: map[string]string{"s.yaml": "<DIR>"}, args: []string{"compare", "$SMALL", "$IN/s.yaml"}, want: []string{"$IN/s.yaml", "it is a folder"}},
		{name: "scenario /dev/zero", args: []string{"validate", "/dev/zero"}, want: []string{"/dev/zero", "a device"}, channel: "scenario file"},
		{name: "scenario over 1 MiB", files: map[string]string{"s.yaml": "<HUGE>"}, args: []string{"params", "$IN/s.yaml"}, want: []string{"$IN/s.yaml", "at most 1048576 bytes"}},
		{name: "scenario a link to /dev/zero", files: map[string]string{"s.yaml": "<LINK:/dev/zero>"}, args: []string{"calibration", "$IN/s.yaml"}, want: []string{"$IN/s.yaml", "a device"}},
		// extends
		{name: "extends /dev/zero", files: map[string]string{"s.yaml": "extends: /dev/zero\n"}, args: []string{"run", "$IN/s.yaml"}, want: []string{"$IN/s.yaml", "key extends", `value "/dev/zero"`, "a device"}},
		{name: "extends a FIFO", files: map[string]string{"s.yaml": "extends: p.yaml\n", "p.yaml": "<FIFO>"}, args: []string{"validate", "$IN/s.yaml"}, want: []string{"$IN/s.yaml", "key extends", `value "p.yaml"`, "FIFO"}},
		{name: "extends a folder", files: map[string]string{"s.yaml": "extends: sub\n", "sub": "<DIR>"}, args: []string{"params", "$IN/s.yaml"}, want: []string{"$IN/s.yaml", "key extends", `value "sub"`, "folder"}},
		{name: "extends itself", files: map[string]string{"s.yaml": "extends: s.yaml\n"}, args: []string{"validate", "$IN/s.yaml"}, want: []string{"$IN/s.yaml", "key extends", `value "s.yaml"`, "cycle"}},
		{name: "extends an empty value", files: map[string]string{"s.yaml": "extends: \"\"\n"}, args: []string{"validate", "$IN/s.yaml"}, want: []string{"$IN/s.yaml", "key extends", "the path of a base scenario"}, channel: "extends"},
		{name: "extends a list", files: map[string]string{"s.yaml": "extends: [a, b]\n"}, args: []string{"validate", "$IN/s.yaml"}, want: []string{"$IN/s.yaml", "key extends", "the path of a base scenario"}, channel: "extends"},
		{name: "base of two documents", files: map[string]string{"s.yaml": "extends: b.yaml\n", "b.yaml": ext + "---\nyears: 2\n"}, args: []string{"validate", "$IN/s.yaml"}, want: []string{"$IN/b.yaml", "a single YAML document"}, channel: "extends"},
		{name: "base with keys differing in case", files: map[string]string{"s.yaml": "extends: b.yaml\n", "b.yaml": ext + "Years: 2\nyears: 3\n"}, args: []string{"sweep", "$IN/s.yaml", "--design", "$IN/design.yaml"}, want: []string{"$IN/b.yaml", "key years", "not case-sensitive"}, channel: "extends"},
		{name: "base 0 bytes", files: map[string]string{"s.yaml": "extends: b.yaml\n", "b.yaml": ""}, args: []string{"validate", "$IN/s.yaml"}, want: []string{"$IN/b.yaml", "expected settings"}, channel: "extends"},
		{name: "base out of range", files: map[string]string{"s.yaml": "extends: b.yaml\nname: child\n", "b.yaml": ext + "years: 0\n"}, args: []string{"size", "$IN/s.yaml", "--vary", "statutory.posts", "--target", "cost_total <= 1", "--from", "8", "--to", "9"}, want: []string{"key years", "value 0"}, channel: "extends"},
		// design files
		sweepD("design a FIFO", "<FIFO>", "FIFO"),
		sweepD("design a folder", "<DIR>", "folder"),
		sweepD("design 0 bytes", "", "expected settings"),
		sweepD("design over 1 MiB", "<HUGE>", "at most 1048576 bytes"),
		sweepD("design of two documents", grid("key: statutory.posts, low: 8, high: 9, levels: 2")+"---\nmethod: lhs\n", "a single YAML document"),
		sweepD("design keys differing in case", "Method: grid\nmethod: lhs\n"+grid("key: statutory.posts, low: 8, high: 9"), "key method", "not case-sensitive"),
		sweepD("design levels 1e9", grid("key: statutory.posts, low: 8, high: 9, levels: 1000000000"), "key factors[0].levels", "value 1000000000"),
		sweepD("design lhs samples 1e300", "method: lhs\nsamples: 1e300\n"+grid("key: statutory.posts, low: 8, high: 9"), "key samples", "value 1e+300"),
		sweepD("design low NaN", grid("key: statutory.posts, low: .nan, high: 9, levels: 2"), "key factors[0].low", "NaN", "finite"),
		sweepD("design high Inf", grid("key: statutory.posts, low: 8, high: .inf, levels: 2"), "key factors[0].high", "+Inf", "finite"),
		sweepD("design range beyond the key's", grid("key: la.children, low: 100, high: 1e8, levels: 2"), "key factors[0].high", "value 1e+08", "the range of la.children"),
		sweepD("design unknown key", grid("key: la.kids, low: 1, high: 2, levels: 2"), "key factors[0].key", "la.kids"),
		sweepD("design factor twice", "factors:\n  - {key: statutory.posts, low: 8, high: 9, levels: 2}\n  - {key: statutory.posts, low: 8, high: 9, levels: 2}\n", "key factors[1].key", "not already varied"),
		sweepD("design of no factor", "factors: []\n", "key factors", "at least one factor"),
		sweepD("design unknown method", "method: guess\n"+grid("key: statutory.posts, low: 8, high: 9"), "key method", `value "guess"`),
		sweepD("design unknown top key", "trajectories: 5\n"+grid("key: statutory.posts, low: 8, high: 9"), "key trajectories", "value 5"),
		sweepD("design listed value out of range", "factors:\n  - {key: statutory.turnover, values: [0.1, 2]}\n", "statutory.turnover", "2"),
		{name: "sobol base too large", files: map[string]string{"d.yaml": "sobol: {base: 1048576, repetitions: 1000}\n" + grid("key: statutory.posts, low: 8, high: 9")},
			args: []string{"sensitivity", "$SMALL", "--design", "$IN/d.yaml", "--method", "sobol"}, want: []string{"$IN/d.yaml", "key sobol.base", "1048576"}, channel: "design file"},
		{name: "morris trajectories 1e6", files: map[string]string{"d.yaml": "morris: {trajectories: 1000000}\n" + grid("key: statutory.posts, low: 8, high: 9")},
			args: []string{"sensitivity", "$SMALL", "--design", "$IN/d.yaml", "--method", "morris"}, want: []string{"$IN/d.yaml", "key morris.trajectories", "value 1000000"}, channel: "design file"},
		{name: "morris odd levels", files: map[string]string{"d.yaml": "morris: {levels: 3}\n" + grid("key: statutory.posts, low: 8, high: 9")},
			args: []string{"sensitivity", "$SMALL", "--design", "$IN/d.yaml", "--method", "morris"}, want: []string{"$IN/d.yaml", "key morris.levels", "value 3"}, channel: "design file"},
		{name: "design of a million points over --max-sims", files: map[string]string{"d.yaml": "method: lhs\nsamples: 1000000\n" + grid("key: statutory.posts, low: 8, high: 9")},
			args: []string{"sweep", "$SMALL", "--design", "$IN/d.yaml", "--reps", "2"}, want: []string{"1000000 points × 2 replications", "--max-sims 1000000"}, channel: "design file"},
		// --set
		{name: "--set name with ..", args: []string{"run", "$SMALL", "--set", "name=../../x"}, want: []string{"--set", "key name", `value "../../x"`}},
		{name: "--set NaN", args: []string{"compare", "$SMALL", "$SMALL", "--set", "need.onset=NaN"}, want: []string{"--set", "key need.onset", "NaN"}},
		{name: "--set posts 1e19", args: []string{"sensitivity", "$SMALL", "--design", "$IN/design.yaml", "--set", "statutory.posts=1e19"}, want: []string{"--set", "key statutory.posts", "1e+19"}},
		{name: "--set budget Inf", args: []string{"calibration", "$SMALL", "--set", "school_workforce.budget_fte=Inf"}, want: []string{"--set", "key school_workforce.budget_fte", "Inf"}},
		{name: "--set an empty value", args: []string{"validate", "$SMALL", "--set", "la.children="}, want: []string{"--set", "key la.children", `value ""`}},
		{name: "--set a team name with /", args: []string{"trial", "$SWIS", "--set", "school_workforce.teams.a/b.fte=1"}, want: []string{"--set", "school_workforce.teams.a/b"}},
		{name: "--set a section", args: []string{"validate", "$SMALL", "--set", "la=5"}, want: []string{"--set", "key la", `value "5"`}},
		// environment
		{name: "environment name with ..", args: []string{"run", "$SMALL"}, env: []string{"CASELOAD_NAME=../x"}, want: []string{"CASELOAD_NAME", "key name", `value "../x"`}},
		{name: "environment NaN", args: []string{"sweep", "$SMALL", "--design", "$IN/design.yaml"}, env: []string{"CASELOAD_NEED_ONSET=NaN"}, want: []string{"CASELOAD_NEED_ONSET", "key need.onset", "NaN"}},
		{name: "environment empty value", args: []string{"validate", "$SMALL"}, env: []string{"CASELOAD_LA_CHILDREN="}, want: []string{"CASELOAD_LA_CHILDREN", "key la.children", `value ""`}},
		{name: "environment breaks the base of sensitivity", args: []string{"sensitivity", "$SMALL", "--design", "$IN/design.yaml"}, env: []string{"CASELOAD_STATUTORY_TURNOVER=2"}, want: []string{"CASELOAD_STATUTORY_TURNOVER", "key statutory.turnover", "value 2"}},
		{name: "environment breaks the scenario of trial", args: []string{"trial", "$SWIS"}, env: []string{"CASELOAD_YEARS=0"}, want: []string{"CASELOAD_YEARS", "key years", "value 0"}},
		{name: "environment in params", args: []string{"params", "$SMALL"}, env: []string{"CASELOAD_LA_CHILDREN=1e12"}, want: []string{"CASELOAD_LA_CHILDREN", "key la.children"}},
		{name: "environment gives a key twice", args: []string{"run", "$SMALL"}, env: []string{"CASELOAD_YEARS=2", "CASELOAD_YEARS=0"}, want: []string{"environment CASELOAD_YEARS", "key years", `values "2" and "0"`, `CASELOAD_YEARS="0" would apply`}},
		{name: "environment for calibration", args: []string{"calibration", "$SMALL"}, env: []string{"CASELOAD_STATUTORY_POSTS=0"}, want: []string{"CASELOAD_STATUTORY_POSTS", "key statutory.posts", "value 0"}},
		// flags of every command
		{name: "unknown flag before the command", args: []string{"--frobnicate"}, want: []string{"--frobnicate"}},
		{name: "help of an unknown topic", args: []string{"help", "frobnicate"}, want: []string{`"frobnicate"`, "unknown help topic"}},
		{name: "params unknown flag", args: []string{"params", "--reps", "2"}, want: []string{"unknown flag --reps"}},
		{name: "misspelt flag", args: []string{"run", "x.yaml", "--repz", "2"}, want: []string{"unknown flag --repz: did you mean --reps?", "caseload run --help"}},
		{name: "unknown flag of help", args: []string{"help", "run", "--repz"}, want: []string{"unknown flag --repz", "those caseload --help lists"}},
		{name: "misspelt hidden flag", args: []string{"sweep", "x.yaml", "--merg", "d"}, want: []string{"unknown flag --merg: expected a flag of those caseload sweep --help lists"}},
		{name: "flag of one letter", args: []string{"run", "x.yaml", "--x"}, want: []string{"unknown flag --x: expected a flag of those caseload run --help lists"}},
		{name: "misspelt flag with its value", args: []string{"sweep", "x.yaml", "--desing=d.yaml"}, want: []string{"unknown flag --desing: did you mean --design?"}},
		{name: "unknown shorthand", args: []string{"run", "x.yaml", "-z"}, want: []string{"unknown shorthand flag -z: expected a flag of those caseload run --help lists"}},
		{name: "unknown shorthand with a value", args: []string{"sweep", "x.yaml", "-x", "3"}, want: []string{"unknown shorthand flag -x: expected a flag of those caseload sweep --help lists"}},
		{name: "unknown shorthand among others", args: []string{"compare", "x.yaml", "-hz"}, want: []string{"unknown shorthand flag -z: expected a flag of those caseload compare --help lists"}},
		{name: "long flag given one dash", args: []string{"run", "x.yaml", "-reps", "3"}, want: []string{"unknown shorthand flag -r (in -reps): did you mean --reps? (caseload run --help lists the flags)"}},
		{name: "misspelt long flag given one dash", args: []string{"trial", "x.yaml", "-trails=3"}, want: []string{"unknown shorthand flag -t (in -trails=3): did you mean --trials?", "caseload trial --help"}},
		{name: "shorthand of another command", args: []string{"validate", "x.yaml", "-v"}, want: []string{"unknown shorthand flag -v: did you mean caseload --version (-v)? (caseload validate --help lists the flags)"}},
		{name: "unknown shorthand of help", args: []string{"help", "run", "-z"}, want: []string{"unknown shorthand flag -z: expected a flag of those caseload --help lists"}},
		{name: "validate of nothing", args: []string{"validate"}, want: []string{"expected at least 1 scenario file(s), got 0"}},
		{name: "seed not whole", args: []string{"run", "$SMALL", "--seed", "1.5"}, want: []string{"--seed", `"1.5"`}},
		{name: "max-sims not a number", args: []string{"compare", "$SMALL", "$SMALL", "--max-sims", "abc"}, want: []string{"--max-sims", `"abc"`}},
		{name: "sweep workers huge", args: []string{"sweep", "$SMALL", "--design", "$IN/design.yaml", "--workers", "1025"}, want: []string{"--workers 1025", "from 1 to 1024"}},
		{name: "sensitivity reps huge", args: []string{"sensitivity", "$SMALL", "--design", "$IN/design.yaml", "--reps", "100001"}, want: []string{"--reps 100001"}},
		{name: "sensitivity unknown metric", args: []string{"sensitivity", "$SMALL", "--design", "$IN/design.yaml", "--metric", "nonsense"}, want: []string{"--metric", "key metric", `value "nonsense"`}},
		{name: "sensitivity without design", args: []string{"sensitivity", "$SMALL"}, want: []string{"--design is required"}},
		{name: "sweep without design", args: []string{"sweep", "$SMALL"}, want: []string{"--design is required"}},
		{name: "sensitivity over max-sims", args: []string{"sensitivity", "$SMALL", "--design", "$IN/design.yaml", "--method", "sobol", "--max-sims", "10"}, want: []string{"--max-sims 10"}},
		{name: "calibration years huge", args: []string{"calibration", "$SMALL", "--years", "51"}, want: []string{"--years 51"}},
		{name: "calibration workers zero", args: []string{"calibration", "$SMALL", "--workers", "0"}, want: []string{"--workers 0"}},
		{name: "size target NaN", args: sizeArgs("--target", "cost_total <= NaN"), want: []string{"--target", `value "cost_total <= NaN"`, "finite"}},
		{name: "size target Inf", args: sizeArgs("--target", "cost_total >= -Inf"), want: []string{"--target", `value "cost_total >= -Inf"`, "finite"}},
		{name: "size target unknown operator", args: sizeArgs("--target", "cost_total == 1"), want: []string{"--target", `value "cost_total == 1"`, "operator"}},
		{name: "size step Inf", args: sizeArgs("--step", "Inf"), want: []string{"--step", "Inf"}},
		{name: "size prob 0", args: sizeArgs("--prob", "0"), want: []string{"--prob 0"}},
		{name: "size vary unknown", args: []string{"size", "$SMALL", "--vary", "nonsense", "--target", "cost_total <= 1", "--from", "1", "--to", "2"}, want: []string{"--vary", "key nonsense"}},
		{name: "size vary a text key", args: []string{"size", "$SMALL", "--vary", "name", "--target", "cost_total <= 1", "--from", "1", "--to", "2"}, want: []string{"--vary", "key name", "holds a number"}},
		{name: "size from below the key's range", args: []string{"size", "$SMALL", "--vary", "la.children", "--target", "cost_total <= 1", "--from", "1", "--to", "200"}, want: []string{"--from", "key la.children", "value 1"}},
		{name: "size without from", args: []string{"size", "$SMALL", "--vary", "statutory.posts", "--target", "cost_total <= 1"}, want: []string{"--from and --to are required"}},
		{name: "trial years zero", args: []string{"trial", "$SWIS", "--years", "0"}, want: []string{"--years 0"}},
		{name: "trial las negative", args: []string{"trial", "$SWIS", "--las", "-1"}, want: []string{"--las -1"}},
		{name: "trial schools negative", args: []string{"trial", "$SWIS", "--schools", "-1"}, want: []string{"--schools -1"}},
		{name: "trial bands zero", args: []string{"trial", "$SWIS", "--bands", "0"}, want: []string{"--bands 0"}},
		{name: "trial unknown team", args: []string{"trial", "$SWIS", "--team", "../x"}, want: []string{"--team ../x", "a team of the scenario"}},
		{name: "trial of a scenario without a team", args: []string{"trial", "$SMALL"}, want: []string{"--team", "school-based team"}},
		{name: "trial over max-sims", args: []string{"trial", "$SWIS", "--trials", "100000", "--max-sims", "1000"}, want: []string{"100000 trials", "--max-sims 1000"}},
		{name: "trial two scenarios", args: []string{"trial", "$SWIS", "$SWIS"}, want: []string{"got 2"}},
		// results folders: report, --resume, --out
		{name: "report of nothing", args: []string{"report"}, want: []string{"expected 1 results folder, got 0"}},
		{name: "report of two folders", args: []string{"report", "$IN", "$IN"}, want: []string{"expected 1 results folder, got 2"}},
		report("report of a file", nil, "$IN/rep", "not a caseload results folder"),
		report("report of a folder without a manifest", map[string]string{"rep/x": "x"}, "$IN/rep has no manifest.json"),
		report("report of a folder that does not exist", nil, "$IN/rep does not exist"),
		report("report of a run stopped before its end", map[string]string{"rep/state.json": "{}"}, "$IN/rep has no manifest.json", "a run not finished", "--resume $IN/rep", "caseload merge $IN/rep"),
		report("report manifest a FIFO", map[string]string{"rep/manifest.json": "<FIFO>"}, "$IN/rep/manifest.json", "FIFO"),
		report("report manifest a link", map[string]string{"rep/manifest.json": "<LINK:$IN/afile>"}, "$IN/rep/manifest.json", "symbolic link"),
		report("report manifest a folder", map[string]string{"rep/manifest.json": "<DIR>"}, "$IN/rep/manifest.json", "a folder"),
		report("report manifest not JSON", map[string]string{"rep/manifest.json": "{\"kind\": \n"}, "$IN/rep/manifest.json", "not a caseload results folder"),
		report("report manifest not UTF-8", map[string]string{"rep/manifest.json": "{\"kind\": \"\xff\"}\n"}, "$IN/rep/manifest.json", "UTF-8"),
		report("report manifest of an unknown kind", map[string]string{"rep/manifest.json": `{"kind": "frob"}`}, `manifest kind "frob"`),
		report("report summary cut short", map[string]string{"rep/manifest.json": runManifest, "rep/summary.csv": summaryHead + "base,referrals,mean,1"}, "$IN/rep/summary.csv", "cut short"),
		report("report summary ragged", map[string]string{"rep/manifest.json": runManifest, "rep/summary.csv": summaryHead + "base,referrals\n"}, "$IN/rep/summary.csv", "same number of fields"),
		report("report summary not UTF-8", map[string]string{"rep/manifest.json": runManifest, "rep/summary.csv": summaryHead + "b\xffse,referrals,mean,1\n"}, "$IN/rep/summary.csv", "UTF-8"),
		report("report summary over the limit", map[string]string{"rep/manifest.json": runManifest, "rep/summary.csv": "<LINK:/dev/zero>"}, "$IN/rep/summary.csv", "symbolic link"),
		report("report summary a FIFO", map[string]string{"rep/manifest.json": runManifest, "rep/summary.csv": "<FIFO>"}, "$IN/rep/summary.csv", "FIFO"),
		report("report weekly week huge", map[string]string{"rep/manifest.json": runManifest, "rep/summary.csv": summaryHead + "base,referrals,mean,1\n",
			"rep/weekly.csv": "scenario,week,series,mean,p05,p25,p50,p75,p95\nbase,2000000000,referrals,1,1,1,1,1,1\n"}, "$IN/rep/weekly.csv", `week "2000000000"`),
		report("report sweep without sweep.csv", map[string]string{"rep/manifest.json": `{"kind": "sweep"}`}, "sweep.csv"),
		report("report of a compare --neighbours folder without its table", map[string]string{"rep/manifest.json": `{"kind": "compare-neighbours"}`, "rep/neighbours.md": "# x\n"},
			"$IN/rep has a compare-neighbours manifest but no neighbours.csv"),
		report("report of a compare --neighbours folder with a value not a number", map[string]string{"rep/manifest.json": `{"kind": "compare-neighbours"}`,
			"rep/neighbours.csv": strings.Join(nbColumns, ",") + "\nE06000017,Rutland,the LA,x" + strings.Repeat(",1", len(nbColumns)-4) + "\n"},
			"$IN/rep/neighbours.csv: line 2: column children", `value "x"`, "expected a whole number"),
		{name: "resume a folder whose state is a FIFO", files: map[string]string{"rs/state.json": "<FIFO>"}, channel: "results folder",
			args: []string{"sweep", "$SMALL", "--design", "$IN/design.yaml", "--resume", "$IN/rs"}, want: []string{"$IN/rs", "no run to resume"}},
		{name: "resume of another run", files: map[string]string{"rs/state.json": `{"kind": "sweep", "fingerprint": "x"}`}, channel: "results folder",
			args: []string{"sweep", "$SMALL", "--design", "$IN/design.yaml", "--resume", "$IN/rs"}, want: []string{"$IN/rs", "another design"}},
		{name: "resume and out differ", channel: "results folder", args: []string{"sweep", "$SMALL", "--design", "$IN/design.yaml", "--resume", "$IN/target", "--out", "$OUT"}, want: []string{"--out $OUT", "--resume $IN/target", "different folders"}},
		{name: "out a FIFO", files: map[string]string{"p": "<FIFO>"}, channel: "results folder", args: []string{"run", "$SMALL", "--out", "$IN/p"}, want: []string{"$IN/p", "is not a folder"}},
	}
}

// A report of a folder that another process is writing is refused (exit
// 2, naming the holder), and the folder is left as it was.
func TestReportOfLockedFolder(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "out")
	mustRun(t, nil, "run", abs(t, filepath.Join("testdata", "small.yaml")), "--reps", "1", "--quiet", "--out", out)
	held, err := outdir.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	before := tree(t, root)
	r := runCLI(t, nil, "report", out)
	if r.code != exitBadInput || !strings.Contains(r.stderr, out) || !strings.Contains(r.stderr, "pid "+strconv.Itoa(os.Getpid())) {
		t.Errorf("exit %d, stderr %q; want 2 naming the folder and pid %d", r.code, r.stderr, os.Getpid())
	}
	if after := tree(t, root); !slices.Equal(before, after) {
		t.Errorf("files changed:\nbefore %v\nafter  %v", before, after)
	}
}
