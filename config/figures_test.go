package config

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/caseload/caseload/sim"
)

// A scenario's stated value of a fitted key beats the LA's fitted value,
// and the notes say so; without it the fitted values apply.
func TestAreaFittedValues(t *testing.T) {
	_, want := stockport(t)
	sc, err := loadString(t, map[string]string{"s.yaml": "la:\n  area: Stockport\n"})
	if err != nil {
		t.Fatal(err)
	}
	p := sim.Defaults()
	want.Apply(&p)
	if sc.Params.Need.Onset != p.Need.Onset || sc.Params.Pipeline.CareLeave != p.Pipeline.CareLeave || sc.Params.FrontDoor.S47Gap != p.FrontDoor.S47Gap {
		t.Errorf("fitted values: onset %v care_leave %v gap %v, want %v %v %v", sc.Params.Need.Onset, sc.Params.Pipeline.CareLeave,
			sc.Params.FrontDoor.S47Gap, p.Need.Onset, p.Pipeline.CareLeave, p.FrontDoor.S47Gap)
	}
	if sc.Area == nil || !sc.Area.Fitted || sc.Area.Name != "Stockport" {
		t.Errorf("area %+v", sc.Area)
	}
	if want := "Stockport (E08000007, LA 356), a real local authority: its parameters are fitted to its own published figures"; !strings.HasPrefix(sc.Place, want) {
		t.Errorf("place %q, want it to start %q", sc.Place, want)
	}
	sc, err = loadString(t, map[string]string{"s.yaml": "la:\n  area: Stockport\nneed:\n  onset: 0.002\n"})
	if err != nil {
		t.Fatal(err)
	}
	if sc.Params.Need.Onset != 0.002 {
		t.Errorf("stated need.onset: %v", sc.Params.Need.Onset)
	}
	if !strings.Contains(strings.Join(sc.Notes, "\n"), "need.onset 0.002") || !strings.Contains(strings.Join(sc.Notes, "\n"), "replaces the LA's fitted value") {
		t.Errorf("notes: %q", sc.Notes)
	}
	// the start is the steady state of the fitted values: the note says
	// the stocks move, and names the run's warm-up
	moves := "the LA still starts at the steady state of its fitted values, so its stocks move towards this value's level over the first years (a warm-up longer than this run's 52 weeks"
	if !strings.Contains(strings.Join(sc.Notes, "\n"), moves) {
		t.Errorf("notes lack %q: %q", moves, sc.Notes)
	}
	sc, err = loadString(t, map[string]string{"s.yaml": "warmup_weeks: 208\nla:\n  area: Stockport\nneed:\n  onset: 0.002\n"})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Join(sc.Notes, "\n"); !strings.Contains(n, "longer than this run's 208 weeks") {
		t.Errorf("with a four-year warm-up, notes: %q", sc.Notes)
	}
	// at the longest warm-up there is no longer one to advise
	sc, err = loadString(t, map[string]string{"s.yaml": "warmup_weeks: 520\nla:\n  area: Stockport\nneed:\n  onset: 0.002\n"})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Join(sc.Notes, "\n"); !strings.Contains(n, "still starts at the steady state") || strings.Contains(n, "a warm-up longer than") {
		t.Errorf("at the longest warm-up, notes: %q", sc.Notes)
	}
	// a stated start is where the LA starts: the note does not say the
	// fitted steady state is
	sc, err = loadString(t, map[string]string{"s.yaml": "la:\n  area: Stockport\nneed:\n  onset: 0.002\npipeline:\n  initial_cla: 80\n"})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Join(sc.Notes, "\n"); !strings.Contains(n, "replaces the LA's fitted value") || strings.Contains(n, "still starts at the steady state") {
		t.Errorf("with a stated start, notes: %q", sc.Notes)
	}
	// a stated start replaces the LA's measured steady state, and says so
	sc, err = loadString(t, map[string]string{"s.yaml": "la:\n  area: Stockport\nneed:\n  initial_shares: [0.7, 0.2, 0.05, 0.05]\npipeline:\n  initial_cla: 80\n"})
	if err != nil {
		t.Fatal(err)
	}
	if sc.Params.Need.InitialShares != [4]float64{0.7, 0.2, 0.05, 0.05} || sc.Params.Pipeline.InitialCLA != 80 {
		t.Errorf("stated start: %v, %v", sc.Params.Need.InitialShares, sc.Params.Pipeline.InitialCLA)
	}
	notes := strings.Join(sc.Notes, "\n")
	for _, w := range []string{"need.initial_shares [0.7 0.2 0.05 0.05] (", "pipeline.initial_cla 80 (", "s.yaml) replaces the LA's starting value [0.93", "its steady state, measured by its fit"} {
		if !strings.Contains(notes, w) {
			t.Errorf("notes lack %q: %q", w, sc.Notes)
		}
	}
}

// The LA's own figures, as a short YAML file, replace the published ones
// and its parameters are fitted to them on the fly.
func TestFiguresFileYAML(t *testing.T) {
	la, _ := stockport(t)
	c, _ := la.Value(0)
	files := map[string]string{
		"s.yaml": "la:\n  area: Stockport\n  figures_file: mine.yaml\n",
		"mine.yaml": "# Stockport's own figures\nyear: 2025\nchildren: 60000\nreferrals: 4200\ns47: 1500\ncp_started: 420\n" +
			"cp_stock: 330\ncla_stock: 500\ncla_starts: 190\nworkforce_fte: 260\n",
	}
	sc, err := loadString(t, files)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Params.LA.Children != 60000 || c == 60000 {
		t.Errorf("children %d (published %v)", sc.Params.LA.Children, c)
	}
	ts := sc.Area.Targets
	if math.Abs(ts[0].Per10k-700) > 1e-9 || math.Abs(ts[1].Per10k-250) > 1e-9 || ts[0].Year != 2025 {
		t.Errorf("targets %+v", ts)
	}
	notes := strings.Join(sc.Notes, "\n")
	for _, w := range []string{"la.figures_file \"mine.yaml\"", "the user's figures (this file) replace the published ones", "referrals 3", "→ 4200",
		"the published table's figures (DfE, dfe/las.csv) stand for the rest: nfa, cla_ceasing, case_holders_fte", "fitted on the fly", "referrals_per_10k"} {
		if !strings.Contains(notes, w) {
			t.Errorf("notes lack %q: %s", w, notes)
		}
	}
	if !strings.HasPrefix(sc.Place, "Stockport (E08000007, LA 356)") || !strings.Contains(sc.Place, "fitted to its own figures, those in the figures file mine.yaml (the user's)") {
		t.Errorf("place %q", sc.Place)
	}
	// the fit moved towards the figures: 700 referrals per 10k is well
	// above Stockport's published 566
	if sc.Area.Fit.Onset <= 1.2 {
		t.Errorf("need ×%.2f for 700 referrals per 10k", sc.Area.Fit.Onset)
	}
}

// A folder of files in DfE's layout is read by the same reader.
func TestFiguresFileFolder(t *testing.T) {
	sc, err := Load(filepath.Join("testdata", "figures-ees.yaml"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := sc.Area.Targets[0].Per10k; math.Abs(got-3900.0/65000*1e4) > 1e-6 {
		t.Errorf("referrals per 10k %v", got)
	}
	if sc.Params.LA.Children != 65000 {
		t.Errorf("children %d", sc.Params.LA.Children)
	}
}

// Bad figures: an error naming the file, the key, the value and what was
// expected.
func TestFiguresFileBad(t *testing.T) {
	for _, c := range []struct {
		name, body string
		want       []string
	}{
		{"unknown key", "referals: 10\n", []string{"mine.yaml", "key referals", "one of the figures", "referrals"}},
		{"negative", "referrals: -3\n", []string{"mine.yaml", "key referrals", "value -3", "from 0"}},
		{"text", "s47: many\n", []string{"mine.yaml", "key s47", `"many"`, "a number"}},
		{"percent", "turnover: 140\n", []string{"mine.yaml", "key turnover", "value 140", "percentage from 0 to 100"}},
		{"twice", "s47: 10\nsection47: 12\n", []string{"mine.yaml", "each figure once"}},
		{"year", "year: 1850\nreferrals: 10\n", []string{"mine.yaml", "key year", "1850"}},
		{"children", "children: 0\n", []string{"mine.yaml", "key children", "from 100 to 1,000,000"}},
		{"too many children", "children: 3000000\n", []string{"mine.yaml", "key children", "value 3000000", "from 100 to 1,000,000"}},
		// a rule between figures: the key as the file writes it too
		{"enquiries above referrals", "referrals: 10\ns47: 5000\n", []string{"mine.yaml", "key s47:", "value 5000", "at most referrals 10"}},
		{"enquiries above referrals, by another name", "referrals: 10\ns47_enquiries: 5000\n", []string{"mine.yaml", "key s47_enquiries:", "value 5000", "at most referrals 10"}},
		{"enquiries above the published referrals", "s47: 5000\n", []string{"mine.yaml", "key s47:", "value 5000", "at most referrals 3676"}},
		{"referrals above the children", "children: 1000\nreferrals: 1500\n", []string{"mine.yaml", "key referrals", "value 1500", "at most children 1000"}},
		{"referrals below the published enquiries", "referrals: 100\n", []string{"mine.yaml", "key referrals", "value 100", "at least section47 1079, the published figure"}},
		// implausible for the LA's size (sizeFactor): the key as the file writes it
		{"children far from the published", "children: 6000\n", []string{"mine.yaml", "key children", "value 6000", "from 32455 to 129820 children", "within a factor of 2 of Stockport's published 64910"}},
		{"referrals for ten times the children", "children: 60000\nreferrals: 42000\n", []string{"mine.yaml", "key referrals", "value 42000", "for 60000 children", "every LA's published figures lie from", "this one is 7000 per 10,000 children"}},
		{"enquiries far too few", "children: 60000\ns47: 15\n", []string{"mine.yaml", "key s47", "value 15", "for 60000 children", "this one is 2.5 per 10,000 children"}},
		{"social workers for a county", "social_workers: 2600\n", []string{"mine.yaml", "key social_workers", "value 2600", "for 64910 children"}},
		{"caseload", "caseload: 200\n", []string{"mine.yaml", "key caseload", "value 200", "cases per case-holding FTE", "every LA's published figures lie from"}},
	} {
		_, err := loadString(t, map[string]string{"s.yaml": "la:\n  area: Stockport\n  figures_file: mine.yaml\n", "mine.yaml": c.body})
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", c.name, err, w)
			}
		}
	}
	// too many unaccompanied children is refused, none is not: an LA may have none
	_, err := loadString(t, map[string]string{"s.yaml": "la:\n  area: Stockport\n  figures_file: mine.yaml\n", "mine.yaml": "uasc: 400\n"})
	for _, w := range []string{"mine.yaml", "key uasc", "value 400", "from 0 to"} {
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), w) {
			t.Errorf("too many UASC: %v lacks %q", err, w)
		}
	}
	if _, err := loadString(t, map[string]string{"s.yaml": "la:\n  area: Stockport\n  figures_file: mine.yaml\n", "mine.yaml": "uasc: 0\n"}); err != nil {
		t.Errorf("no UASC refused: %v", err)
	}
	_, err = loadString(t, map[string]string{"s.yaml": "la:\n  figures_file: mine.yaml\n", "mine.yaml": "s47: 10\n"})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "la.area set too") {
		t.Errorf("without la.area: %v", err)
	}
	_, err = loadString(t, map[string]string{"s.yaml": "la:\n  area: Stockport\n  figures_file: none.yaml\n"})
	if err == nil || !strings.Contains(err.Error(), "la.figures_file") || !strings.Contains(err.Error(), "none.yaml") {
		t.Errorf("a missing file: %v", err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "c1_children_in_need_referrals_2013_to_2025.csv"), []byte("time_period,geographic_level,old_la_code,new_la_code,la_name,region_name,referral_count,no_further_action_count\n2025,Local authority,356,E08000007,Stockport,North West,lots,3\n"), 0o644)
	_, err = loadString(t, map[string]string{"s.yaml": "la:\n  area: Stockport\n  figures_file: " + dir + "\n"})
	for _, w := range []string{"la.figures_file", "c1_children_in_need_referrals_2013_to_2025.csv", "row 2", "column referral_count", `"lots"`} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("a bad cell in a folder: %v lacks %q", err, w)
		}
	}
}

// The fit to an LA's own figures is made once per process: a second
// reading of the same figures (another design point) takes the kept fit,
// and an interrupt stops a fit that has not been made (ErrInterrupted).
func TestOwnFitKeptAndInterrupted(t *testing.T) {
	files := map[string]string{
		"s.yaml":    "la:\n  area: Rutland\n  figures_file: mine.yaml\n",
		"mine.yaml": "children: 8100\nreferrals: 400\n",
	}
	first, err := loadString(t, files)
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	close(stop)
	SetInterrupt(stop)
	defer SetInterrupt(nil)
	again, err := loadString(t, files) // kept: no round to interrupt
	if err != nil || again.Area.Fit != first.Area.Fit {
		t.Fatalf("second reading: %v, fit %+v against %+v", err, again.Area.Fit, first.Area.Fit)
	}
	files["mine.yaml"] = "children: 8100\nreferrals: 410\n"
	if _, err := loadString(t, files); !errors.Is(err, ErrInterrupted) {
		t.Errorf("new figures after an interrupt: %v, want ErrInterrupted", err)
	}
}

// AbsolutePaths makes a file key absolute from the file that set it, so
// that a scenario written elsewhere (optimise's best.yaml) reads the same
// figures.
func TestAbsolutePaths(t *testing.T) {
	sc, err := loadString(t, map[string]string{
		"sub/s.yaml":    "la:\n  area: Rutland\n  figures_file: mine.yaml\n",
		"s.yaml":        "extends: sub/s.yaml\n",
		"sub/mine.yaml": "children: 8100\nreferrals: 400\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	got := AbsolutePaths(sc.Params, sc.Origin).LA.FiguresFile
	if !filepath.IsAbs(got) || !strings.HasSuffix(got, filepath.Join("sub", "mine.yaml")) {
		t.Fatalf("figures_file %q, want the absolute path of sub/mine.yaml", got)
	}
	if _, err := os.Stat(got); err != nil {
		t.Error(err)
	}
}

// A fitted value given back to fewer digits (a design's base point, say)
// is said to be the LA's value to six figures, not to replace it.
func TestFittedValueGivenBack(t *testing.T) {
	sc, err := loadString(t, map[string]string{"s.yaml": "la:\n  area: Stockport\n"})
	if err != nil {
		t.Fatal(err)
	}
	back := strconv.FormatFloat(sc.Params.Need.Onset, 'g', 9, 64)
	sc, err = loadString(t, map[string]string{"s.yaml": "la:\n  area: Stockport\nneed:\n  onset: " + back + "\n"})
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(sc.Notes, "\n")
	if !strings.Contains(notes, "need.onset "+back) || !strings.Contains(notes, "is the LA's fitted value to six figures") || strings.Contains(notes, "replaces the LA's fitted value") {
		t.Errorf("notes: %q", sc.Notes)
	}
}
