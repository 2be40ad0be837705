package main

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/records"
	"github.com/caseload/caseload/results"
	"github.com/caseload/caseload/sim"
)

// readRecords reads the files of one return folder.
func readRecords(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

// replicationValues reads replications.csv: scenario -> replication -> metric -> value.
func replicationValues(t *testing.T, path string) map[string]map[int]map[string]float64 {
	t.Helper()
	rows := readCSV(t, path)
	out := map[string]map[int]map[string]float64{}
	for _, r := range rows[1:] {
		rep, _ := strconv.Atoi(r[1])
		v, _ := strconv.ParseFloat(r[3], 64)
		if out[r[0]] == nil {
			out[r[0]] = map[int]map[string]float64{}
		}
		if out[r[0]][rep] == nil {
			out[r[0]][rep] = map[string]float64{}
		}
		out[r[0]][rep][r[2]] = v
	}
	return out
}

// TestRunRecordsAgreeWithReplications: run --records writes the records of
// the replications asked for, and recounting them finds each
// replication's row of replications.csv.
func TestRunRecordsAgreeWithReplications(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	sets := []string{"--set", "la.children=20000"}
	args := append([]string{"run", scenario("baseline.yaml"), "--reps", "3", "--years", "2", "--seed", "4",
		"--records", "--records-reps", "2", "--quiet", "--out", out}, sets...)
	mustRun(t, nil, args...)
	sc, err := config.Load(scenario("baseline.yaml"), nil, []string{"la.children=20000", "years=2"})
	if err != nil {
		t.Fatal(err)
	}
	vals := replicationValues(t, filepath.Join(out, "replications.csv"))["baseline"]
	for rep := range 2 {
		dir := filepath.Join(out, "records", "rep00"+strconv.Itoa(rep+1))
		files := readRecords(t, dir)
		if err := records.CheckSSDA903(files); err != nil {
			t.Error(err)
		}
		got, err := records.Recount(files, sc.Params)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range records.RecountNames {
			want := vals[rep][name]
			// replications.csv rounds its values; the recount is exact
			if math.Abs(got[name]-want) > 1e-3*math.Max(1, want) {
				t.Errorf("replication %d, %s: %v recounted from %s, %v in replications.csv", rep, name, got[name], dir, want)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(out, "records", "rep003")); err == nil {
		t.Error("records written for replication 3; --records-reps 2 asks for two")
	}
}

// TestCompareRecordsPerScenario: compare --records writes one folder of
// records per scenario; without --records there is no records folder.
func TestCompareRecordsPerScenario(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	mustRun(t, nil, "compare", scenario("baseline.yaml"), scenario("embedded.yaml"), "--reps", "1", "--years", "1",
		"--set", "la.children=5000", "--records", "--quiet", "--out", out)
	for _, name := range []string{"baseline", "embedded"} {
		files := readRecords(t, filepath.Join(out, "records", name))
		if len(files) != 5 { // two collection years of CIN census, three SSDA903 files
			t.Errorf("%s: %d files, want 5", name, len(files))
		}
		if !strings.Contains(string(files["cin_census_2025-26.xml"]), "<LEA>001</LEA>") {
			t.Errorf("%s: cin_census_2025-26.xml lacks the LA code in its header", name)
		}
	}
	plain := filepath.Join(t.TempDir(), "plain")
	mustRun(t, nil, "run", scenario("baseline.yaml"), "--reps", "1", "--years", "1", "--set", "la.children=5000", "--quiet", "--out", plain)
	if _, err := os.Stat(filepath.Join(plain, "records")); err == nil {
		t.Error("records written without --records")
	}
}

func TestRecordsRepsBadValue(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	r := runCLI(t, nil, "run", scenario("baseline.yaml"), "--reps", "2", "--records", "--records-reps", "3", "--out", out)
	if r.code != exitBadInput || !strings.Contains(r.stderr, "--records-reps 3") {
		t.Errorf("exit %d, stderr %q: want a usage error naming --records-reps 3", r.code, r.stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a results folder was written")
	}
}

// TestEnglandRecordsPerLA: --records on a national scenario writes one
// return per LA, with its code in the header, and each recounts its
// LA's row of areas.csv.
func TestEnglandRecordsPerLA(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	sets := []string{"national.places=", "national.las=3", "national.children=90000", "years=1"}
	mustRun(t, nil, "run", scenario("england.yaml"), "--reps", "1", "--set", sets[0], "--set", sets[1], "--set", sets[2], "--set", sets[3],
		"--records", "--quiet", "--out", out)
	sc, err := config.Load(scenario("england.yaml"), nil, sets)
	if err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, filepath.Join(out, "areas.csv"))
	area := map[string]map[string]float64{}
	for _, r := range rows[1:] {
		if area[r[1]] == nil {
			area[r[1]] = map[string]float64{}
		}
		area[r[1]][r[3]], _ = strconv.ParseFloat(r[4], 64)
	}
	for j, p := range sim.NationalLAs(sc.Params) {
		code := records.LACode(j)
		files := readRecords(t, filepath.Join(out, "records", "la"+code))
		if !strings.Contains(string(files["cin_census_2025-26.xml"]), "<LEA>"+code+"</LEA>") {
			t.Errorf("la%s: the CIN census header lacks LEA %s", code, code)
		}
		got, err := records.Recount(files, p)
		if err != nil {
			t.Fatal(err)
		}
		want := area[strings.ToLower(p.Name)]
		if want == nil {
			want = area[p.Name]
		}
		if want == nil {
			t.Fatalf("no row of areas.csv for %s", p.Name)
		}
		for _, name := range records.RecountNames {
			if math.Abs(got[name]-want[name]) > 1e-3*math.Max(1, want[name]) {
				t.Errorf("%s, %s: %v recounted, %v in areas.csv", p.Name, name, got[name], want[name])
			}
		}
	}
}

// TestRecordsFollowScenarioKeys: a scenario's records.* keys reach the
// records that run --records writes: with records.male_cin 1 and
// records.male_cla 0, every child of the CIN census is a boy and every
// child looked after (UASC aside) a girl.
func TestRecordsFollowScenarioKeys(t *testing.T) {
	dir := t.TempDir()
	sc := filepath.Join(dir, "s.yaml")
	text := "extends: " + abs(t, scenario("baseline.yaml")) + "\nla:\n  children: 20000\nrecords:\n  male_cin: 1\n  male_cla: 0\n  male_uasc: 0\n"
	if err := os.WriteFile(sc, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	mustRun(t, nil, "run", sc, "--reps", "1", "--years", "1", "--records", "--quiet", "--out", out)
	files := readRecords(t, filepath.Join(out, "records"))
	cin, header := 0, 0
	for name, b := range files {
		switch {
		case strings.HasPrefix(name, "cin_census"):
			cin += strings.Count(string(b), "<GenderCurrent>")
			if strings.Contains(string(b), "<GenderCurrent>2</GenderCurrent>") {
				t.Errorf("%s: a girl, with records.male_cin 1", name)
			}
		case name == "ssda903_header.csv":
			rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows[1:] {
				header++
				if r[1] != "2" {
					t.Errorf("%s: child %s of sex %s, with records.male_cla 0", name, r[0], r[1])
				}
			}
		}
	}
	if cin == 0 || header == 0 {
		t.Fatalf("records: %d children in the CIN census, %d in the SSDA903 header", cin, header)
	}
}

// A signal while the records are made stops them as it stops the run
// (exit 130, nothing written): recordFiles ends between replications with
// batch.ErrStopped, and with no signal makes every replication's records.
func TestRecordFilesStop(t *testing.T) {
	sc, err := config.Load(filepath.Join("testdata", "small.yaml"), nil, []string{"years=1"})
	if err != nil {
		t.Fatal(err)
	}
	ps := []sim.Params{sc.Params}
	res, err := batch.Run(ps, 1, 3, batch.Options{Workers: 1, Lean: true})
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	close(stop)
	if files, err := recordFiles(ps, res, 1, 3, 1, stop); !errors.Is(err, batch.ErrStopped) || files != nil {
		t.Errorf("stopped: %d files, %v; want none and batch.ErrStopped", len(files), err)
	}
	files, err := recordFiles(ps, res, 1, 3, 1, nil)
	if err != nil || len(files) == 0 {
		t.Fatalf("not stopped: %d files, %v", len(files), err)
	}
	for _, rep := range []string{"rep001/", "rep002/", "rep003/"} {
		if !slices.ContainsFunc(files, func(f results.File) bool { return strings.HasPrefix(f.Name, "records/"+rep) }) {
			t.Errorf("no records of %s", rep)
		}
	}
}
