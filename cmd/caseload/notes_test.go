package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/dfe"
)

// solihullPlace begins the place line of Solihull (config.PlaceLine).
const solihullPlace = "Solihull (E08000029, LA 334), a real local authority: "

// limitNote is the note that Solihull's looked-after figure is beyond the
// model's reach (sim.LimitNotes), without the la.area "..." (--set)
// prefix, which names Solihull as the user gave it.
func limitNote(t *testing.T) string {
	t.Helper()
	sc, err := config.Load(scenario("embedded.yaml"), nil, []string{config.AreaOverride("Solihull")})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range sc.Notes {
		if strings.Contains(n, "the nearest the model comes") {
			_, core, _ := strings.Cut(n, "(--set): ")
			return core
		}
	}
	t.Fatalf("Solihull has no note of a figure beyond the model's reach; its notes: %q (choose an LA the fit leaves at a limit)", sc.Notes)
	return ""
}

// topNotes are the notes at the top of a manifest, one a line.
func topNotes(t *testing.T, m map[string]any) string {
	t.Helper()
	ns, _ := m["notes"].([]any)
	lines := make([]string, len(ns))
	for i, n := range ns {
		lines[i] = fmt.Sprint(n)
	}
	return strings.Join(lines, "\n")
}

// A sweep of an LA at a model limit says so where its results are read:
// under the table, at the top of manifest.json (place, notes) and in the
// report; --quiet prints no table and no notes, as run's; a sweep of no
// LA writes neither key and the report names no place; a design that
// moves its points to an LA says that their notes differ from the
// scenario's.
func TestSweepNotesTheLA(t *testing.T) {
	dir := t.TempDir()
	design := filepath.Join(dir, "d.yaml")
	os.WriteFile(design, []byte("method: grid\nfactors:\n  - {key: front_door.threshold, low: 1.3, high: 1.6, levels: 2}\n"), 0o644)
	note := limitNote(t)
	out := filepath.Join(dir, "solihull")
	args := append([]string{"sweep", scenario("embedded.yaml"), "--design", design, "--la", "Solihull"}, smallLA...)
	r := mustRun(t, nil, append(args, "--reps", "2", "--out", out)...)
	if !strings.Contains(r.stdout, "\nNotes:\n  Local authority: "+solihullPlace) || !strings.Contains(r.stdout, note) {
		t.Errorf("terminal lacks the place or the limit note:\n%s", r.stdout)
	}
	if i, j := strings.Index(r.stdout, "Notes:"), strings.Index(r.stdout, "results written to"); i < 0 || j < i {
		t.Errorf("the notes are not under the table, before where the results went:\n%s", r.stdout)
	}
	m := readManifest(t, out)
	if p, _ := m["place"].(string); !strings.HasPrefix(p, solihullPlace) {
		t.Errorf("manifest place %q", m["place"])
	}
	if ns := topNotes(t, m); !strings.Contains(ns, note) || strings.Contains(ns, "The design's factors change") {
		t.Errorf("manifest notes:\n%s", ns)
	}
	page := strings.ReplaceAll(string(readFile(t, filepath.Join(out, "report.html"))), "&#39;", "'")
	for _, w := range []string{"<h1>Sweep of front_door.threshold (Solihull)</h1>", "<li>Local authority: " + solihullPlace, `<p class="note">la.area &#34;Solihull&#34; (--set): ` + note} {
		if !strings.Contains(page, w) {
			t.Errorf("report lacks %q", w)
		}
	}

	quiet := mustRun(t, nil, append(args, "--reps", "2", "--out", filepath.Join(dir, "quiet"), "--quiet")...)
	if strings.Contains(quiet.stdout, "Notes:") || !strings.Contains(quiet.stdout, "results written to") {
		t.Errorf("--quiet:\n%s", quiet.stdout)
	}

	plain := filepath.Join(dir, "plain")
	r = mustRun(t, nil, "sweep", scenario("embedded.yaml"), "--design", design, "--set", "years=1", "--set", "warmup_weeks=20", "--reps", "1", "--out", plain)
	m = readManifest(t, plain)
	for _, k := range []string{"place", "notes"} {
		if _, ok := m[k]; ok {
			t.Errorf("a sweep of no LA writes %s: %v", k, m[k])
		}
	}
	if strings.Contains(r.stdout, "Notes:") {
		t.Errorf("a sweep of no LA prints notes:\n%s", r.stdout)
	}
	page = string(readFile(t, filepath.Join(plain, "report.html")))
	if strings.Contains(page, "Local authority:") || !strings.Contains(page, "<h1>Sweep of front_door.threshold</h1>") || !strings.HasSuffix(page, "</html>\n") {
		t.Errorf("the report of a sweep of no LA names a place, or its page is cut:\n%.600s", page)
	}

	// the points leave the scenario's LA: its notes are not theirs
	areas := filepath.Join(dir, "areas.yaml")
	os.WriteFile(areas, []byte("method: grid\nfactors:\n  - {key: la.area, values: [Solihull, Rutland]}\n"), 0o644)
	moved := filepath.Join(dir, "moved")
	r = mustRun(t, nil, "sweep", scenario("embedded.yaml"), "--design", areas, "--set", "years=1", "--set", "warmup_weeks=20", "--reps", "1", "--out", moved)
	const elsewhere = "The design's points are not all built for the same place (a factor sets la.area)"
	const change = "The design's factors change the scenario's place or notes at 2 of 2 points"
	if !strings.Contains(r.stdout, "Notes:\n  "+elsewhere) || !strings.Contains(r.stdout, change) || !strings.Contains(r.stdout, "at point 0 (la.area=Solihull), for one, this note is added: Local authority: "+solihullPlace) {
		t.Errorf("terminal lacks the points' change:\n%s", r.stdout)
	}
	m = readManifest(t, moved)
	if _, ok := m["place"]; ok || !strings.HasPrefix(topNotes(t, m), elsewhere) || !strings.Contains(topNotes(t, m), change) {
		t.Errorf("manifest: place %v, notes %v", m["place"], m["notes"])
	}

	// a base in an LA whose points are all elsewhere is not named as the
	// points' place: not in the terminal, the manifest or the report
	movedLA := filepath.Join(dir, "moved-la")
	r = mustRun(t, nil, "sweep", scenario("embedded.yaml"), "--design", areas, "--la", "Stockport", "--set", "years=1", "--set", "warmup_weeks=20", "--reps", "1", "--out", movedLA)
	if strings.Contains(r.stdout, "Local authority: Stockport") || !strings.Contains(r.stdout, elsewhere) {
		t.Errorf("terminal names the base's LA for points elsewhere:\n%s", r.stdout)
	}
	m = readManifest(t, movedLA)
	if _, ok := m["place"]; ok {
		t.Errorf("manifest names a place for points elsewhere: %v", m["place"])
	}
	page = string(readFile(t, filepath.Join(movedLA, "report.html")))
	if strings.Contains(page, "Local authority: Stockport") || strings.Contains(page, "(Stockport)</h1>") {
		t.Errorf("the report names the base's LA for points elsewhere:\n%.600s", page)
	}
}

// size, sensitivity, trial (and its power curve) and optimise carry the
// scenario's place and notes into manifest.json and the report, and print
// them under their tables.
func TestOneScenarioCommandsNoteTheLA(t *testing.T) {
	dir := t.TempDir()
	design := filepath.Join(dir, "d.yaml")
	os.WriteFile(design, []byte("factors:\n  - {key: front_door.threshold, low: 1.3, high: 1.6}\n"), 0o644)
	note := limitNote(t)
	la := []string{"--la", "Solihull"}
	for _, c := range []struct {
		name string
		args []string
	}{
		{"size", append(append([]string{"size", scenario("embedded.yaml"), "--vary", "statutory.posts", "--target", "statutory_caseload_mean <= 20",
			"--from", "8", "--to", "10", "--step", "2", "--reps", "2"}, smallLA...), la...)},
		{"oat", append(append([]string{"sensitivity", scenario("embedded.yaml"), "--design", design, "--method", "oat", "--metric", "care_entries", "--reps", "2"}, smallLA...), la...)},
		{"trial", append(trialArgs(filepath.Join(dir, "trial"), la...), "--quiet=false")},
		{"power", append(append([]string{"trial", scenario("swis.yaml"), "--schools", "4,8", "--las", "2,4", "--years", "1", "--trials", "3",
			"--bands", "1", "--seed", "2"}, smallLA...), la...)},
		{"optimise", append(optimiseArgs(t, filepath.Join(dir, "optimise"), la...), "--quiet=false")},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, c.name)
			r := mustRun(t, nil, append(c.args, "--out", out)...)
			if !strings.Contains(r.stdout, "\nNotes:\n  Local authority: "+solihullPlace) || !strings.Contains(r.stdout, note) {
				t.Errorf("terminal lacks the place or the limit note:\n%s", r.stdout)
			}
			m := readManifest(t, out)
			if p, _ := m["place"].(string); !strings.HasPrefix(p, solihullPlace) || !strings.Contains(topNotes(t, m), note) {
				t.Errorf("manifest: place %q, notes %v", m["place"], m["notes"])
			}
			page := strings.ReplaceAll(string(readFile(t, filepath.Join(out, "report.html"))), "&#39;", "'")
			if !strings.Contains(page, "Local authority: "+solihullPlace) || !strings.Contains(page, note) {
				t.Error("report lacks the place or the limit note")
			}
		})
	}
}

// compare --neighbours records each LA's place and notes with its
// scenarios in manifest.json and lists them by LA under the table: a
// neighbour at a model limit says so.
func TestCompareNeighboursNotes(t *testing.T) {
	note := limitNote(t)
	la, err := dfe.LAs().Find("North Tyneside")
	if err != nil {
		t.Fatal(err)
	}
	sol, err := dfe.LAs().Find("Solihull")
	if err != nil {
		t.Fatal(err)
	}
	k := -1
	for i, c := range la.Neighbours {
		if c == sol.Code || c == sol.OldCode {
			k = i
		}
	}
	if k < 0 {
		t.Fatalf("Solihull is not a neighbour of North Tyneside (%v): choose an LA it neighbours", la.Neighbours)
	}
	out := filepath.Join(t.TempDir(), "nb")
	args := append([]string{"compare", scenario("baseline.yaml"), scenario("embedded.yaml"), "--la", "North Tyneside", "--neighbours",
		"--reps", "2", "--out", out}, smallLA...)
	r := mustRun(t, nil, args...)
	md := string(readFile(t, filepath.Join(out, neighboursMD)))
	if !strings.HasSuffix(r.stdout, md) {
		t.Errorf("the table printed is not neighbours.md")
	}
	_, rest, ok := strings.Cut(md, "\nNotes, by LA:\n\n- North Tyneside (the LA)\n  - Local authority: North Tyneside (")
	head := fmt.Sprintf("\n- Solihull (neighbour %d)\n  - Local authority: %s", k+1, solihullPlace)
	_, block, ok2 := strings.Cut(rest, head)
	block, _, _ = strings.Cut(block, "\n- ")
	if !ok || !ok2 || !strings.Contains(block, note) {
		t.Errorf("neighbours.md lacks Solihull's notes under its name:\n%s", md)
	}
	if strings.Count(md, note) != 1 {
		t.Errorf("the limit note is written %d times, want once (the baseline's and the deployment's are the same)", strings.Count(md, note))
	}
	m := readManifest(t, out)
	found := 0
	for _, s := range m["scenarios"].([]any) {
		s := s.(map[string]any)
		name, _ := s["name"].(string)
		place, _ := s["place"].(string)
		notes := fmt.Sprint(s["notes"])
		if !strings.HasPrefix(place, strings.Split(name, ":")[0]+" (") {
			t.Errorf("%s: place %q", name, place)
		}
		if strings.HasPrefix(name, "Solihull: ") {
			found++
			if !strings.Contains(notes, note) {
				t.Errorf("%s: notes %s", name, notes)
			}
		} else if strings.Contains(notes, note) {
			t.Errorf("%s has Solihull's note", name)
		}
	}
	if found != 2 {
		t.Errorf("%d scenarios of Solihull in the manifest, want the baseline and the deployment", found)
	}
}

// calibration --out records the scenario's place and notes in
// manifest.json, as run does, and its report shows them.
func TestCalibrationFolderNotesTheLA(t *testing.T) {
	note := limitNote(t)
	out := filepath.Join(t.TempDir(), "cal")
	mustRun(t, nil, append([]string{"calibration", scenario("baseline.yaml"), "--la", "Solihull", "--reps", "2", "--out", out, "--quiet"}, smallLA...)...)
	s := lookup(t, readManifest(t, out), "scenarios").([]any)[0]
	if p, _ := lookup(t, s, "place").(string); !strings.HasPrefix(p, solihullPlace) || !strings.Contains(fmt.Sprint(lookup(t, s, "notes")), note) {
		t.Errorf("manifest scenario: %.500v", s)
	}
	page := string(readFile(t, filepath.Join(out, "report.html")))
	if !strings.Contains(page, "(Solihull)</h1>") || !strings.Contains(page, note) {
		t.Error("report lacks the place or the limit note")
	}
}

// An --against reference built for another place than the scenario set
// against it says so with the results, after "--against REF: ": under
// the table, in manifest.json's notes and in the report, for the
// exploring commands and optimise; a reference sharing the scenario's
// place and notes adds nothing.
func TestAgainstNotes(t *testing.T) {
	dir := t.TempDir()
	design := filepath.Join(dir, "d.yaml")
	os.WriteFile(design, []byte("method: grid\nfactors:\n  - {key: front_door.threshold, low: 1.3, high: 1.6, levels: 2}\n"), 0o644)
	ref := filepath.Join(dir, "ref.yaml")
	os.WriteFile(ref, []byte("extends: "+abs(t, scenario("baseline.yaml"))+"\nla:\n  area: Rutland\n"), 0o644)
	const rutland = "Local authority: Rutland (E06000017, LA 857), a real local authority"
	for _, c := range []struct {
		name string
		args []string
	}{
		{"sweep", append([]string{"sweep", scenario("embedded.yaml"), "--design", design, "--reps", "1"}, smallLA...)},
		{"optimise", append(optimiseArgs(t, filepath.Join(dir, "optimise")), "--quiet=false")},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, c.name)
			r := mustRun(t, nil, append(c.args, "--against", ref, "--out", out)...)
			want := "--against " + ref + ": " + rutland
			if !strings.Contains(r.stdout, "\n  "+want) || !strings.Contains(r.stdout, "Notes:\n") {
				t.Errorf("terminal lacks %q:\n%s", want, r.stdout)
			}
			m := readManifest(t, out)
			if _, ok := m["place"]; ok || !strings.Contains(topNotes(t, m), want) {
				t.Errorf("manifest: place %v, notes %v", m["place"], m["notes"])
			}
			if page := string(readFile(t, filepath.Join(out, "report.html"))); !strings.Contains(page, "--against ") || !strings.Contains(page, rutland) {
				t.Error("report lacks the reference's place")
			}
		})
	}
	// the same LA on both sides: the reference's notes are the scenario's
	out := filepath.Join(dir, "same")
	r := mustRun(t, nil, append([]string{"sweep", scenario("embedded.yaml"), "--design", design, "--reps", "1", "--la", "Rutland",
		"--against", scenario("baseline.yaml"), "--out", out}, smallLA...)...)
	if strings.Contains(r.stdout, "--against") || strings.Contains(topNotes(t, readManifest(t, out)), "--against") {
		t.Errorf("a reference in the scenario's LA adds notes:\n%s", r.stdout)
	}
	// a reference of England's parameters beside a scenario in an LA
	inLA := filepath.Join(dir, "in-la.yaml")
	os.WriteFile(inLA, []byte("extends: "+abs(t, scenario("embedded.yaml"))+"\nla:\n  area: Rutland\n"), 0o644)
	out = filepath.Join(dir, "england")
	r = mustRun(t, nil, append([]string{"sweep", inLA, "--design", design, "--reps", "1",
		"--against", scenario("baseline.yaml"), "--out", out}, smallLA...)...)
	want := "--against " + scenario("baseline.yaml") + ": built for no local authority"
	if !strings.Contains(r.stdout, want) || !strings.Contains(topNotes(t, readManifest(t, out)), want) {
		t.Errorf("a reference of England's parameters is not told:\n%s", r.stdout)
	}
}
