package dfe

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func readFixtureSchools(t *testing.T) ([]School, map[string]map[string]int) {
	t.Helper()
	f, err := os.Open("testdata/edubasealldata20250101.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, skipped, err := ReadSchools("edubasealldata20250101.csv", f)
	if err != nil {
		t.Fatal(err)
	}
	return s, skipped
}

// A schools file in the layout of Get Information about Schools: open
// state-funded schools of the LA by phase, rolls and FSM; closed,
// independent, non-maintained special and nursery schools left out.
func TestSchoolsOf(t *testing.T) {
	schools, skipped := readFixtureSchools(t)
	s, err := SchoolsOf("f.csv", schools, skipped, "356")
	if err != nil {
		t.Fatal(err)
	}
	if s.Count != [NumPhases]int{3, 2, 1, 1} {
		t.Errorf("counts %v, want 3 primary (one middle deemed primary), 2 secondary (one all-through), 1 special, 1 AP", s.Count)
	}
	if s.Pupils != [NumPhases]int{600, 1000, 100, 40} {
		t.Errorf("pupils %v", s.Pupils)
	}
	// FSM over the schools with a roll and a share: 300×20% + 200×10% + 1000×30% + 100×50% + 40×60%
	if want := 60.0 + 20 + 300 + 50 + 24; abs(s.FSMPupils-want) > 1e-9 || s.FSMRoll != 1640 {
		t.Errorf("FSM pupils %v of %d", s.FSMPupils, s.FSMRoll)
	}
	if s.Skipped["not open"] != 1 || s.Skipped["not state-funded"] != 2 || s.Skipped[`phase "Nursery"`] != 1 {
		t.Errorf("skipped %v", s.Skipped)
	}
	if _, err := SchoolsOf("f.csv", schools, skipped, ""); err == nil || !strings.Contains(err.Error(), "2 LAs") {
		t.Errorf("a file of two LAs without a code: %v", err)
	}
	if _, err := SchoolsOf("f.csv", schools, skipped, "999"); err == nil {
		t.Error("an LA with no schools")
	}
}

func TestSchoolsBadFiles(t *testing.T) {
	good, err := os.ReadFile("testdata/edubasealldata20250101.csv")
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct{ from, to, want string }{
		"missing column": {"NumberOfPupils", "Pupils", "column NumberOfPupils"},
		"bad roll":       {"Primary,4,11,300,", "Primary,4,11,3OO,", `row 2: column NumberOfPupils: value "3OO"`},
		"bad FSM":        {"1000,30.0,", "1000,130.0,", `row 5: column PercentageFSM: value "130.0"`},
		"truncated":      {"40,60.0,E08000007", "40", "row 8"},
	} {
		data := strings.Replace(string(good), tc.from, tc.to, 1)
		_, _, err := ReadSchools("e.csv", strings.NewReader(data))
		if err == nil || !errors.Is(err, ErrBadFile) && !strings.Contains(err.Error(), "row") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
