package config

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caseload/caseload/dfe"
	"github.com/caseload/caseload/sim"
)

func loadString(t *testing.T, files map[string]string, sets ...string) (*Scenario, error) {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return Load(filepath.Join(dir, "s.yaml"), nil, sets)
}

// An LA without workforce figures (the Isles of Scilly) is said to have
// none in one note, not in two (sim.AreaOf's note is the one).
func TestAreaWithoutWorkforceNotedOnce(t *testing.T) {
	sc, err := loadString(t, map[string]string{"s.yaml": "la:\n  area: Isles of Scilly\n"})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(strings.Join(sc.Notes, "\n"), "no workforce figures"); n != 1 {
		t.Errorf("%d notes of no workforce figures, want 1: %q", n, sc.Notes)
	}
}

func stockport(t *testing.T) (dfe.LA, sim.Area) {
	t.Helper()
	la, err := dfe.LAs().Find("Stockport")
	if err != nil {
		t.Fatal(err)
	}
	return la, sim.AreaOf(sim.Defaults(), la, dfe.LAs().England)
}

// la.area builds the LA from its figures, by name, ONS code or number; a
// key the file states itself still wins.
func TestArea(t *testing.T) {
	_, want := stockport(t)
	for _, name := range []string{"Stockport", "stockport", "E08000007", "356"} {
		sc, err := loadString(t, map[string]string{"s.yaml": "la:\n  area: " + name + "\n"})
		if err != nil {
			t.Fatal(err)
		}
		la, st := sc.Params.LA, sc.Params.Statutory
		if la.Children != want.Children || la.Schools.Primary != want.Schools[sim.Primary] || la.FSMMean != want.FSMMean ||
			st.Posts != want.Posts || st.VacancyRate != want.VacancyRate || st.Turnover != want.Turnover {
			t.Errorf("%s: %+v %+v, want %v", name, la, st, want)
		}
		if !strings.Contains(sc.Origin["la.children"], `la.area "`+name+`"`) {
			t.Errorf("origin %q", sc.Origin["la.children"])
		}
		if !strings.Contains(strings.Join(sc.Notes, "\n"), "unaccompanied asylum-seeking children") {
			t.Errorf("notes %q", sc.Notes)
		}
	}
	sc, err := loadString(t, map[string]string{"s.yaml": "la:\n  area: Stockport\nstatutory:\n  posts: 100\n"})
	if err != nil || sc.Params.Statutory.Posts != 100 || sc.Params.LA.Children != want.Children {
		t.Errorf("a stated key beside the area: %v %v", err, sc.Params.Statutory.Posts)
	}
	// --set la.area (what --la stands for) beats the file's children
	sc, err = loadString(t, map[string]string{"s.yaml": "la:\n  children: 50000\n"}, AreaOverride("Bristol"))
	if err != nil || sc.Params.LA.Children < 90000 || sc.Params.LA.Area != "Bristol" {
		t.Errorf("--la Bristol: %v %+v", err, sc.Params.LA)
	}
}

// A name that matches nothing is bad input naming the nearest LAs.
func TestAreaUnknown(t *testing.T) {
	_, err := loadString(t, map[string]string{"s.yaml": "la:\n  area: Stokport\n"})
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrInvalid) || e.Key != "la.area" {
		t.Fatalf("error %v", err)
	}
	for _, w := range []string{"s.yaml", "key la.area", `value "Stokport"`, `"Stockport"`, "nearest names"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%q lacks %q", err, w)
		}
	}
}

// The LA: 45,000 children, 70 primaries, 12 secondaries, 28% FSM,
// extending the typical LA. Posts, special and AP schools and localities
// (the base file's, for its 80,000 children) follow the children; the
// schools given are left as given, and the notes say both.
func TestChildrenScale(t *testing.T) {
	typical, err := os.ReadFile("../scenarios/typical-la.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := loadString(t, map[string]string{"typical-la.yaml": string(typical),
		"s.yaml": "extends: typical-la.yaml\nla:\n  children: 45000\n  fsm_mean: 0.28\n  schools:\n    primary: 70\n    secondary: 12\n"})
	if err != nil {
		t.Fatal(err)
	}
	d := sim.Defaults()
	p := sc.Params
	scale := 45000.0 / float64(d.LA.Children)
	if math.Abs(p.Statutory.Posts-d.Statutory.Posts*scale) > 1e-9 || p.LA.Schools.Special != 4 || p.LA.Schools.AlternativeProvision != 1 || p.LA.Localities != 5 {
		t.Errorf("posts %v special %d AP %d localities %d", p.Statutory.Posts, p.LA.Schools.Special, p.LA.Schools.AlternativeProvision, p.LA.Localities)
	}
	if p.LA.Schools.Primary != 70 || p.LA.Schools.Secondary != 12 {
		t.Errorf("schools given were changed: %+v", p.LA.Schools)
	}
	notes := strings.Join(sc.Notes, "\n")
	for _, w := range []string{"scaled with the children: la.localities 8 → 5", "statutory.posts " + noteValue(d.Statutory.Posts) + " → " + noteValue(d.Statutory.Posts*scale), "left as set, not scaled with the children: la.schools.primary 70", "school_workforce"} {
		if !strings.Contains(notes, w) {
			t.Errorf("notes lack %q:\n%s", w, notes)
		}
	}
	// posts set by hand stay; children as the defaults' scale nothing
	sc, err = loadString(t, map[string]string{"s.yaml": "la:\n  children: 40000\nstatutory:\n  posts: 50\n"})
	if err != nil || sc.Params.Statutory.Posts != 50 || sc.Params.LA.Schools.Primary != 55 {
		t.Errorf("posts set by hand: %v %+v", err, sc.Params)
	}
	sc, err = loadString(t, map[string]string{"s.yaml": "la:\n  children: 80000\n"})
	if err != nil || len(sc.Notes) != 0 || sc.Params.Statutory.Posts != d.Statutory.Posts {
		t.Errorf("the defaults' children: %v %q", err, sc.Notes)
	}
	// with an area, a hand-set children scales the area's values
	_, area := stockport(t)
	sc, err = loadString(t, map[string]string{"s.yaml": "la:\n  area: Stockport\n"}, "la.children=200000")
	if err != nil || math.Abs(sc.Params.Statutory.Posts-area.Posts*200000/float64(area.Children)) > 1e-9 {
		t.Errorf("area and children: %v %v", err, sc.Params.Statutory.Posts)
	}
}

// A schools file sets the LA's schools by phase, the special and AP
// shares and FSM; its path is relative to the scenario file.
func TestSchoolsFile(t *testing.T) {
	data, err := os.ReadFile("../dfe/testdata/edubasealldata20250101.csv")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"s.yaml": "la:\n  area: Stockport\n  schools_file: data/edubase.csv\n", "data/edubase.csv": string(data)}
	sc, err := loadString(t, files)
	if err != nil {
		t.Fatal(err)
	}
	s := sc.Params.LA.Schools
	if s.Primary != 3 || s.Secondary != 2 || s.Special != 1 || s.AlternativeProvision != 1 {
		t.Errorf("schools %+v", s)
	}
	if math.Abs(s.SpecialShare-100.0/1740) > 1e-12 || math.Abs(sc.Params.LA.FSMMean-454.0/1640) > 1e-12 {
		t.Errorf("special share %v, FSM %v", s.SpecialShare, sc.Params.LA.FSMMean)
	}
	if !filepath.IsAbs(sc.Params.LA.SchoolsFile) {
		t.Errorf("schools_file %q is not the resolved path", sc.Params.LA.SchoolsFile)
	}
	// without la.area a file of two LAs cannot say which
	files["s.yaml"] = "la:\n  schools_file: data/edubase.csv\n"
	if _, err := loadString(t, files); err == nil || !strings.Contains(err.Error(), "key la.schools_file") || !strings.Contains(err.Error(), "2 LAs") {
		t.Errorf("two LAs: %v", err)
	}
	files["s.yaml"] = "la:\n  schools_file: data/missing.csv\n"
	if _, err := loadString(t, files); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `value "data/missing.csv"`) {
		t.Errorf("a missing file: %v", err)
	}
	files["s.yaml"] = "la:\n  schools_file: data\n"
	if _, err := loadString(t, files); !errors.Is(err, ErrInvalid) {
		t.Errorf("a folder: %v", err)
	}
}

// national.places: england is 153 LAs; a different hand-set national.las
// and an unknown name are bad input.
func TestPlaces(t *testing.T) {
	sc, err := loadString(t, map[string]string{"s.yaml": "national:\n  places: england\n"})
	if err != nil || sc.Params.National.LAs != 153 {
		t.Fatalf("%v %+v", err, sc)
	}
	sc, err = loadString(t, map[string]string{"s.yaml": "national:\n  places: pilots\n"})
	if err != nil || sc.Params.National.LAs != 3 {
		t.Errorf("pilots: %v", err)
	}
	if _, err := loadString(t, map[string]string{"s.yaml": "national:\n  places: swis\n  las: 152\n"}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "key national.las") {
		t.Errorf("las 152 with swis: %v", err)
	}
	if _, err := loadString(t, map[string]string{"s.yaml": "national:\n  places: nowhere\n"}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "pilots, swis") {
		t.Errorf("unknown places: %v", err)
	}
	sc, err = Load("../scenarios/england.yaml", nil, nil)
	if err != nil || sc.Params.National.LAs != 153 || sc.Params.National.Places != "england" {
		t.Errorf("england.yaml: %v", err)
	}
}

// A scenario of no real LA has no place line; an LA with no fitted row,
// or too small to fit, is said to keep England's parameters.
func TestPlaceLine(t *testing.T) {
	if got := PlaceLine(nil, ""); got != "" {
		t.Errorf("no area: %q", got)
	}
	sc, err := loadString(t, map[string]string{"s.yaml": "la:\n  children: 50000\n"})
	if err != nil {
		t.Fatal(err)
	}
	if sc.Place != "" {
		t.Errorf("typical LA: place %q", sc.Place)
	}
	a := sim.Area{Name: "Somewhere", Code: "E0", OldCode: "1"}
	if got := PlaceLine(&a, ""); !strings.Contains(got, "Somewhere (E0, LA 1)") || !strings.Contains(got, "no fitted parameters") || !strings.Contains(got, "England's stand") {
		t.Errorf("unfitted: %q", got)
	}
	// a row of the fitted table, but too small to fit: not said to be fitted
	sc, err = loadString(t, map[string]string{"s.yaml": "la:\n  area: Isles of Scilly\n"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sc.Place, "too small to fit") || !strings.Contains(sc.Place, "England's parameters stand") || strings.Contains(sc.Place, "fitted to") {
		t.Errorf("the Isles of Scilly: place %q", sc.Place)
	}
}

// A value the LA's figures gave is written to six significant figures in
// the notes, not to the last bit of its product.
func TestDerivedValue(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{{0.0016325399999999998, "0.00163254"}, {[4]float64{0.9299700000000001, 0.041646, 0.026724, 0.00166}, "[0.92997, 0.041646, 0.026724, 0.00166]"}, {"x", `"x"`}} {
		if got := derivedValue(c.v); got != c.want {
			t.Errorf("%v: %s, want %s", c.v, got, c.want)
		}
	}
}

// A scaled value in a note: four significant figures below 1,000, whole
// from 1,000, and whole numbers as they are.
func TestNoteValue(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{17.4912, "17.49"}, {0.63, "0.63"}, {168.0, "168"}, {0.2100001, "0.21"},
		{999.4, "999.4"}, {19642.37, "19642"}, {1000.5, "1001"}, {-1234.6, "-1235"}, {5, "5"},
	} {
		if got := noteValue(c.v); got != c.want {
			t.Errorf("noteValue(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}
