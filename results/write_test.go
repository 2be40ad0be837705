package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/caseload/caseload/records"
	"github.com/caseload/caseload/report"
)

// allFiles are the entries of a run folder: the results, the manifest
// and the report rendered from them (its charts a folder; the fixture has
// no weekly series, so no annual.csv).
var allFiles = []string{SummaryCSV, DurationsCSV, SummaryJSON, WeeklyCSV, ReplicationsCSV, ManifestJSON, AvoidedCSV,
	report.HTMLFile, report.WorkbookFile, report.ChartsDir + "/"}

func testManifest() Manifest {
	return Manifest{Seed: 42, Reps: 3, Years: 3,
		Version: "test", GoVersion: "go1.26"}
}

func readAll(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	got := map[string][]byte{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			got[e.Name()+"/"] = nil
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		got[e.Name()] = b
	}
	return got
}

// siblings lists the entries of parent other than keep.
func siblings(t *testing.T, parent string, keep ...string) []string {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !slices.Contains(keep, e.Name()) {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestWriteFiles(t *testing.T) {
	r := Summarize(fixture(t, 3))
	dir := filepath.Join(t.TempDir(), "run")
	if err := r.Write(dir, testManifest(), nil); err != nil {
		t.Fatal(err)
	}
	files := readAll(t, dir)
	if len(files) != len(allFiles) {
		t.Fatalf("files %v", files)
	}
	headers := map[string]string{
		SummaryCSV:      "scenario,metric,statistic,value\n",
		WeeklyCSV:       "scenario,week,series,mean,p05,p25,p50,p75,p95\n",
		ReplicationsCSV: "scenario,replication,metric,value\n",
		AvoidedCSV:      "scenario,reference,metric,outcome,n,net_cost_mean,avoided_mean,estimate,ci95_low,ci95_high,status\n",
	}
	for name, h := range headers {
		if !bytes.HasPrefix(files[name], []byte(h)) {
			t.Errorf("%s starts %q", name, firstLine(files[name]))
		}
	}
	sum := string(files[SummaryCSV])
	for _, want := range []string{"baseline,referrals,n,3\n", "baseline,cla_stock,ci95_high,",
		"school_team,care_entries,diff_ci95_low,"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary.csv lacks %q", want)
		}
	}
	if strings.Contains(sum, "baseline,referrals,diff_mean") {
		t.Error("the reference has differences")
	}
	if !strings.Contains(string(files[ReplicationsCSV]), "school_team,2,schools_covered,") {
		t.Error("replications.csv lacks replication 2")
	}
	checkJSON(t, files)
}

func firstLine(b []byte) string {
	l, _, _ := bytes.Cut(b, []byte("\n"))
	return string(l)
}

func checkJSON(t *testing.T, files map[string][]byte) {
	t.Helper()
	var sum struct {
		Reference string
		Scenarios []struct {
			Name    string
			Metrics map[string]map[string]*float64
		}
	}
	if err := json.Unmarshal(files[SummaryJSON], &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Reference != "baseline" || len(sum.Scenarios) != 2 {
		t.Fatalf("summary.json: %+v", sum)
	}
	if d := sum.Scenarios[1].Metrics["s17_assessments"]["diff_mean"]; d == nil || *d != 0 {
		t.Errorf("school_team s17_assessments diff_mean %v", d)
	}
	if _, ok := sum.Scenarios[0].Metrics["referrals"]["diff_mean"]; ok {
		t.Error("reference has diff_mean in summary.json")
	}
	var m Manifest
	if err := json.Unmarshal(files[ManifestJSON], &m); err != nil {
		t.Fatal(err)
	}
	if m.Seed != 42 || len(m.Scenarios) != 2 || m.Scenarios[1].Config["name"] != "school_team" {
		t.Errorf("manifest %+v", m)
	}
}

func TestWriteNoNaNInJSON(t *testing.T) {
	r := Summarize([]Scenario{{Name: "a", Outcomes: series(t, "referrals", 7)}})
	dir := filepath.Join(t.TempDir(), "run")
	if err := r.Write(dir, testManifest(), nil); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, SummaryJSON))
	if bytes.Contains(b, []byte("NaN")) || !bytes.Contains(b, []byte(`"sd": null`)) {
		t.Errorf("summary.json with one replication:\n%.400s", b)
	}
	if !json.Valid(b) {
		t.Error("invalid JSON")
	}
	c, _ := os.ReadFile(filepath.Join(dir, SummaryCSV))
	if !bytes.Contains(c, []byte("a,referrals,sd,\n")) {
		t.Error("summary.csv: an undefined sd is not an empty cell")
	}
}

func TestWriteDeterministic(t *testing.T) {
	r := Summarize(fixture(t, 4))
	tmp := t.TempDir()
	a, b := filepath.Join(tmp, "a"), filepath.Join(tmp, "b")
	for _, d := range []string{a, b, a} {
		if err := Summarize(fixture(t, 4)).Write(d, testManifest(), nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Write(b, testManifest(), nil); err != nil {
		t.Fatal(err)
	}
	fa, fb := readAll(t, a), readAll(t, b)
	for _, name := range allFiles {
		if !bytes.Equal(fa[name], fb[name]) {
			t.Errorf("%s differs between writes", name)
		}
	}
	if s := siblings(t, tmp, "a", "b"); len(s) != 0 {
		t.Errorf("left behind: %v", s)
	}
}

// An earlier run in the folder, even one with more files (areas.csv of
// a national run), is replaced whole.
func TestWriteReplacesWhole(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "run")
	if err := Summarize(fixture(t, 3)).Write(dir, testManifest(), nil); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, AreasCSV), []byte("old"), 0o644)
	if err := Summarize(fixture(t, 2)).Write(dir, testManifest(), nil); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, dir); len(got) != len(allFiles) {
		t.Errorf("run folder holds %d entries, want %d", len(got), len(allFiles))
	}
	if s := siblings(t, parent, "run"); len(s) != 0 {
		t.Errorf("left behind: %v", s)
	}
}

// A folder another command of caseload wrote (compare --neighbours,
// calibration --out) is a run's, which a run replaces.
func TestWriteReplacesOtherCommandsFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if err := Summarize(fixture(t, 2)).Write(dir, testManifest(), nil); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{NeighboursCSV, NeighboursMD, CalibrationMD} {
		os.WriteFile(filepath.Join(dir, f), []byte("caseload's"), 0o644)
	}
	if err := Summarize(fixture(t, 2)).Write(dir, testManifest(), nil); err != nil {
		t.Fatalf("a folder with %s, %s and %s: %v", NeighboursCSV, NeighboursMD, CalibrationMD, err)
	}
	if _, err := os.Stat(filepath.Join(dir, NeighboursCSV)); err == nil {
		t.Error("the earlier folder's neighbours.csv is still there")
	}
}

// A folder that holds anything a run did not write is never replaced.
func TestWriteRefusesForeignFolder(t *testing.T) {
	for name, files := range map[string][]string{
		"a stranger's file":          {"notes.txt"},
		"a subfolder":                {"sub/x.csv", ManifestJSON},
		"run files with no manifest": {SummaryCSV},
	} {
		parent := t.TempDir()
		dir := filepath.Join(parent, "run")
		for _, f := range files {
			os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
			os.WriteFile(filepath.Join(dir, f), []byte("keep"), 0o644)
		}
		before := readAll(t, dir)
		err := Summarize(fixture(t, 2)).Write(dir, testManifest(), nil)
		if !errors.Is(err, ErrForeignFolder) {
			t.Errorf("%s: err %v", name, err)
		}
		assertSame(t, before, readAll(t, dir))
		if s := siblings(t, parent, "run"); len(s) != 0 {
			t.Errorf("%s: left behind: %v", name, s)
		}
	}
}

// A run's own folder with a stranger's file in its charts/ or records/,
// or a folder whose manifest.json caseload did not write, is never
// replaced either; the run's own charts and returns are.
func TestWriteRefusesStrangersInsideARun(t *testing.T) {
	withRecords := func() *Report {
		r := Summarize(fixture(t, 2))
		cin := "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n<Header>\n<Source>\n<SoftwareCode>caseload synthetic records</SoftwareCode>\n</Source>\n</Header>\n</Message>\n"
		head := strings.Join(records.HeaderColumns, ",") + "\nSY0010000001,1,01/01/2010,WBRI,,,\n"
		if err := r.AddFiles(File{"records/rep001/cin_census_2025-26.xml", []byte(cin)}, File{"records/rep002/ssda903_header.csv", []byte(head)}); err != nil {
			t.Fatal(err)
		}
		return r
	}
	for name, tc := range map[string]struct {
		add   map[string]string // files added to a run's folder
		fresh bool              // the files alone, in a folder no run wrote
		names string            // what the error names
	}{
		"a chart of one's own":            {add: map[string]string{"charts/my-chart.svg": "mine"}, names: "charts/my-chart.svg"},
		"a folder in charts":              {add: map[string]string{"charts/mine/a.svg": "mine"}, names: "charts/mine"},
		"notes among the records":         {add: map[string]string{"records/my-analysis/notes.txt": "mine"}, names: "records/my-analysis"},
		"returns kept aside":              {add: map[string]string{"records/previous/ssda903_header.csv": "mine"}, names: "records/previous"},
		"a file among the returns":        {add: map[string]string{"records/rep001/notes.txt": "mine"}, names: "records/rep001/notes.txt"},
		"one's own under a return's name": {add: map[string]string{"records/rep001/cin_census_2030-31.xml": "<x/>"}, names: "records/rep001/cin_census_2030-31.xml"},
		"one's own SSDA903 file":          {add: map[string]string{"records/rep002/ssda903_uasc.csv": "CHILD,DOB\nA1,01/01/2010\n"}, names: "records/rep002/ssda903_uasc.csv"},
		"another manifest.json":           {add: map[string]string{ManifestJSON: `{"manifest_version":3,"name":"my extension"}`, SummaryCSV: "mine"}, fresh: true, names: ManifestJSON},
		"a manifest.json that is not":     {add: map[string]string{ManifestJSON: "not json"}, fresh: true, names: ManifestJSON},
		"a sweep's items":                 {add: map[string]string{"state.json": `{"kind":"sweep","fingerprint":"f"}`, "points/p00001.json": "{}"}, fresh: true, names: "a sweep's items"},
	} {
		parent := t.TempDir()
		dir := filepath.Join(parent, "run")
		if !tc.fresh {
			if err := withRecords().Write(dir, testManifest(), nil); err != nil {
				t.Fatal(err)
			}
		}
		for f, data := range tc.add {
			os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
			os.WriteFile(filepath.Join(dir, f), []byte(data), 0o644)
		}
		before := readAll(t, dir)
		err := withRecords().Write(dir, testManifest(), nil)
		if !errors.Is(err, ErrForeignFolder) || !strings.Contains(err.Error(), tc.names) {
			t.Errorf("%s: err %v, want %v naming %s", name, err, ErrForeignFolder, tc.names)
		}
		assertSame(t, before, readAll(t, dir))
		for f, data := range tc.add {
			if b, err := os.ReadFile(filepath.Join(dir, f)); string(b) != data {
				t.Errorf("%s: %s now %q (%v), want %q", name, f, b, err, data)
			}
		}
		if s := siblings(t, parent, "run"); len(s) != 0 {
			t.Errorf("%s: left behind: %v", name, s)
		}
	}
	// the run's own charts and returns are replaced
	dir := filepath.Join(t.TempDir(), "run")
	for range 2 {
		if err := withRecords().Write(dir, testManifest(), nil); err != nil {
			t.Fatal(err)
		}
	}
}

// withAfterFile makes every write fail once the named file is complete.
func withAfterFile(t *testing.T, fail string) {
	t.Helper()
	afterFile = func(path string) error {
		if filepath.Base(path) == fail {
			return errors.New("injected")
		}
		return nil
	}
	t.Cleanup(func() { afterFile = nil })
}

func TestWriteFailureLeavesNothing(t *testing.T) {
	withAfterFile(t, WeeklyCSV)
	parent := t.TempDir()
	err := Summarize(fixture(t, 2)).Write(filepath.Join(parent, "run"), testManifest(), nil)
	if err == nil || !strings.Contains(err.Error(), "injected") {
		t.Fatalf("err %v", err)
	}
	if s := siblings(t, parent); len(s) != 0 {
		t.Errorf("left behind: %v", s)
	}
}

func TestWriteFailureKeepsOldRun(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "run")
	if err := Summarize(fixture(t, 2)).Write(dir, testManifest(), nil); err != nil {
		t.Fatal(err)
	}
	before := readAll(t, dir)
	withAfterFile(t, ManifestJSON)
	if err := Summarize(fixture(t, 3)).Write(dir, testManifest(), nil); err == nil {
		t.Fatal("no error")
	}
	assertSame(t, before, readAll(t, dir))
	if s := siblings(t, parent, "run"); len(s) != 0 {
		t.Errorf("left behind: %v", s)
	}
}

func TestWriteReadOnlyParent(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("permissions do not bind root")
	}
	parent := t.TempDir()
	if err := os.Chmod(parent, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(parent, 0o755) })
	if err := Summarize(fixture(t, 2)).Write(filepath.Join(parent, "run"), testManifest(), nil); err == nil {
		t.Fatal("no error")
	}
	if s := siblings(t, parent); len(s) != 0 {
		t.Errorf("left behind: %v", s)
	}
}

func TestWriteRefusesFile(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "run")
	os.WriteFile(dir, []byte("keep"), 0o644)
	if err := Summarize(fixture(t, 2)).Write(dir, testManifest(), nil); err == nil {
		t.Fatal("no error")
	}
	if b, _ := os.ReadFile(dir); string(b) != "keep" {
		t.Error("file replaced")
	}
	if s := siblings(t, parent, "run"); len(s) != 0 {
		t.Errorf("left behind: %v", s)
	}
}

func assertSame(t *testing.T, want, got map[string][]byte) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("%d files, want %d", len(got), len(want))
	}
	for name, b := range want {
		if !bytes.Equal(b, got[name]) {
			t.Errorf("%s changed", name)
		}
	}
}
