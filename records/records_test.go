package records

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caseload/caseload/sim"
)

func testParams(children int) sim.Params {
	p := sim.Defaults()
	p.LA.Children = children
	p.Years = 2
	return p
}

func generate(t *testing.T, p sim.Params, seed uint64, rep int) (map[string][]byte, sim.Outcome) {
	t.Helper()
	files, o, err := Generate(p, seed, rep, Options{LACode: LACode(0)})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		out[f.Name] = f.Data
	}
	return out, o
}

// TestRecountMatchesTotals recounts the flows of the measured years and
// the stocks at each 31 March from the files and finds the replication's
// metrics, exactly.
func TestRecountMatchesTotals(t *testing.T) {
	p := testParams(20000)
	files, o := generate(t, p, 7, 0)
	n := 0
	for name := range files {
		if strings.HasPrefix(name, "cin_census_") {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d CIN census files for two years from September, want 3 (one per collection year)", n)
	}
	got, err := Recount(files, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range RecountNames {
		want := o.Values[sim.MetricIndex(name)]
		if want*float64(p.Years) < 20 {
			t.Errorf("%s: only %v a year in the run; the test needs a larger LA", name, want)
		}
		if math.Abs(got[name]-want) > 1e-9*want {
			t.Errorf("%s: %v in the records, %v in the totals", name, got[name], want)
		}
	}
}

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestRecorderChangesNothing: a run with a recorder gives the outcome of
// the same run without one.
func TestRecorderChangesNothing(t *testing.T) {
	p := testParams(8000)
	_, with := generate(t, p, 3, 1)
	var ws sim.Workspace
	without := ws.Simulate(p, 3, 1)
	for i, v := range without.Values {
		if v != with.Values[i] && !(math.IsNaN(v) && math.IsNaN(with.Values[i])) {
			t.Errorf("%s: %v without a recorder, %v with", sim.MetricNames()[i], v, with.Values[i])
		}
	}
}

// TestSameSeedSameBytes: the records are a function of the seed.
func TestSameSeedSameBytes(t *testing.T) {
	p := testParams(8000)
	a, _ := generate(t, p, 5, 0)
	b, _ := generate(t, p, 5, 0)
	c, _ := generate(t, p, 6, 0)
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two runs on the same seed", name)
		}
	}
	if bytes.Equal(a["ssda903_episodes.csv"], c["ssda903_episodes.csv"]) {
		t.Error("two seeds gave the same episodes")
	}
}

// TestSSDA903Valid checks the SSDA903 files against the specification,
// and that the check catches faults.
func TestSSDA903Valid(t *testing.T) {
	files, _ := generate(t, testParams(20000), 2, 0)
	if err := CheckSSDA903(files); err != nil {
		t.Fatal(err)
	}
	if n := len(readCSV(t, files["ssda903_episodes.csv"])); n < 20 {
		t.Fatalf("%d episode rows, want a test with some care", n)
	}
	for _, c := range []struct{ file, from, to string }{
		{"ssda903_episodes.csv", ",S,", ",Q,"},
		{"ssda903_header.csv", "/20", "-20"},
		{"ssda903_episodes.csv", "CHILD,DECOM", "CHILD,DATE"},
	} {
		bad := map[string][]byte{}
		for k, v := range files {
			bad[k] = v
		}
		bad[c.file] = bytes.Replace(files[c.file], []byte(c.from), []byte(c.to), 1)
		if err := CheckSSDA903(bad); err == nil {
			t.Errorf("%s with %q for %q passed the check", c.file, c.to, c.from)
		}
	}
}

func TestUPNCheckLetter(t *testing.T) {
	for _, s := range []uint64{0, 1, 192, 99999} {
		if u := upn("001", s); !validUPN(u) {
			t.Errorf("upn(%d) = %s fails its check", s, u)
		}
	}
	// the check letter of A + 12 digits computed by hand: 001000000001 ->
	// 1*4 + 1*13 = 17 -> letter 17 (from 0) of ABCDEFGHJKLMNPQRTUVWXYZ, U
	if u := upn("001", 1); u != "U001000000001" {
		t.Errorf("upn(1) = %s, want U001000000001", u)
	}
}

// TestEveryCaseHasItsReferral: over several seeds, every case but the
// initial stocks begins with a referral, and no referral arrives while a
// case is open (the return could not show it as a referral).
func TestEveryCaseHasItsReferral(t *testing.T) {
	for seed := range uint64(4) {
		p := testParams(12000)
		m := sim.New(p, seed, 0, nil)
		var rec sim.Recorder
		m.Record(&rec)
		m.Run()
		s, err := Build(m, &rec, Options{LACode: "001"})
		if err != nil {
			t.Fatal(err)
		}
		if s.joined != 0 {
			t.Errorf("seed %d: %d referrals during an open case", seed, s.joined)
		}
		for _, e := range s.episodes {
			if e.source < 0 && e.ref > 0 { // the initial stocks are dated from before week 0
				t.Errorf("seed %d: a case of family %d opened in week %d without a referral", seed, e.family, e.ref)
				break
			}
			if e.close >= 0 && e.close < e.ref {
				t.Errorf("seed %d: a case closed before its referral", seed)
			}
			var spans []span
			for _, a := range e.assess {
				if a.auth < 0 && e.close >= 0 {
					t.Errorf("seed %d: family %d: an assessment never authorised in a closed case", seed, e.family)
				}
				spans = append(spans, span{a.start, a.auth})
			}
			for _, x := range e.s47s {
				spans = append(spans, x.span)
				if x.icpc >= 0 && (x.icpc < x.start || (x.end >= 0 && x.icpc > x.end)) {
					t.Errorf("seed %d: a conference outside its enquiry", seed)
				}
			}
			spans = append(append(append(spans, e.cin...), e.cp...), e.care...)
			for _, x := range spans {
				if x.start < e.ref || (x.end >= 0 && x.end < x.start) || (e.close >= 0 && (x.end < 0 || x.end > e.close)) {
					t.Errorf("seed %d: family %d: span %v outside its case %d-%d", seed, e.family, x, e.ref, e.close)
					break
				}
			}
		}
	}
}

// TestRecountWithBirths: with births above or below replacement
// (population.birth_growth) the records still recount the totals
// exactly, and they validate against the SSDA903 specification.
func TestRecountWithBirths(t *testing.T) {
	for _, g := range []float64{8, -8} {
		p := testParams(20000)
		p.Years = 3
		p.Population.BirthGrowth = g
		files, o := generate(t, p, 7, 1)
		got, err := Recount(files, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range RecountNames {
			want := o.Values[sim.MetricIndex(name)]
			if math.Abs(got[name]-want) > 1e-9*want {
				t.Errorf("birth_growth %v, %s: %v in the records, %v in the totals", g, name, got[name], want)
			}
		}
		if err := CheckSSDA903(files); err != nil {
			t.Errorf("birth_growth %v: %v", g, err)
		}
	}
}

// A CIN census return holds what was known at its reference date: no
// event of it (referral, closure, assessment, plan, enquiry, conference)
// is dated after 31 March. What happens later is in the next year's
// return, where it recounts to the run's totals (TestRecountMatchesTotals).
func TestReturnsEndAtTheirReferenceDate(t *testing.T) {
	events := []string{"CINreferralDate", "CINclosureDate", "DateOfInitialCPC", "AssessmentActualStartDate", "AssessmentAuthorisationDate",
		"CINPlanStartDate", "CINPlanEndDate", "S47ActualStartDate", "CPPstartDate", "CPPendDate"}
	files, _ := generate(t, testParams(20000), 4, 0)
	n, later := 0, 0
	for name, data := range files {
		if !strings.HasPrefix(name, "cin_census") {
			continue
		}
		text := string(data)
		ref := between(text, "<ReferenceDate>", "</ReferenceDate>")
		for _, el := range events {
			for rest := text; ; {
				i := strings.Index(rest, "<"+el+">")
				if i < 0 {
					break
				}
				rest = rest[i+len(el)+2:]
				d := rest[:10]
				n++
				if d > ref {
					later++
					if later <= 3 {
						t.Errorf("%s (reference date %s): %s %s", name, ref, el, d)
					}
				}
			}
		}
	}
	if n == 0 || later > 0 {
		t.Errorf("%d of %d event dates after their return's reference date", later, n)
	}
}

func between(s, a, b string) string {
	_, rest, _ := strings.Cut(s, a)
	v, _, _ := strings.Cut(rest, b)
	return v
}

// No child is referred, or starts a period of care, before its birth: a
// birth date is drawn within the child's school year and kept by its first
// referral (dob).
func TestNoEventBeforeBirth(t *testing.T) {
	files, _ := generate(t, testParams(20000), 4, 0)
	n := 0
	for name, data := range files {
		if !strings.HasPrefix(name, "cin_census") {
			continue
		}
		for _, child := range strings.Split(string(data), "<Child>")[1:] {
			born := between(child, "<PersonBirthDate>", "</PersonBirthDate>")
			for rest := child; ; {
				_, after, ok := strings.Cut(rest, "<CINreferralDate>")
				if !ok {
					break
				}
				rest = after
				if n++; after[:10] < born {
					t.Errorf("%s: %s referred on %s, born %s", name, between(child, "<LAchildID>", "</LAchildID>"), after[:10], born)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no referrals")
	}
	dob := map[string]string{}
	head, err := csv.NewReader(bytes.NewReader(files["ssda903_header.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range head[1:] {
		dob[r[0]] = r[2]
	}
	eps, err := csv.NewReader(bytes.NewReader(files["ssda903_episodes.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	iso := func(d string) string { return d[6:] + d[3:5] + d[:2] } // dd/mm/yyyy
	for _, r := range eps[1:] {
		if iso(r[1]) < iso(dob[r[0]]) {
			t.Errorf("%s: in care from %s, born %s", r[0], r[1], dob[r[0]])
		}
	}
}

// Wrote knows the files the records are written as, and not a file of
// one's own under one of their names.
func TestWroteKnowsItsFiles(t *testing.T) {
	files, _ := generate(t, testParams(8000), 2, 0)
	dir := t.TempDir()
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if !IsFileName(name) || !Wrote(path) {
			t.Errorf("%s: IsFileName %v, Wrote %v; want both", name, IsFileName(name), Wrote(path))
		}
	}
	for name, data := range map[string]string{"cin_census_2030-31.xml": "<x/>", "ssda903_header.csv": "CHILD,SEX\nA1,1\n", "ssda903_uasc.csv": strings.Join(UASCColumns, ",") + "\nX1,01/01/2010,1,\n"} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(data), 0o644)
		if Wrote(path) {
			t.Errorf("%s of one's own taken for caseload's", name)
		}
	}
}
