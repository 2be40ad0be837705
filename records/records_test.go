package records

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/caseload/caseload/sim"
)

// cinMessage is the part of a CIN census return the recount reads.
type cinMessage struct {
	Header struct {
		Year string `xml:"CollectionDetails>Year"`
		Ref  string `xml:"CollectionDetails>ReferenceDate"`
		LEA  string `xml:"Source>LEA"`
	}
	Children []struct {
		ID      string `xml:"ChildIdentifiers>LAchildID"`
		UPN     string `xml:"ChildIdentifiers>UPN"`
		Details []struct {
			Ref     string `xml:"CINreferralDate"`
			Closure string `xml:"CINclosureDate"`
			NFA     string `xml:"ReferralNFA"`
			Assess  []struct {
				Start string `xml:"AssessmentActualStartDate"`
				Auth  string `xml:"AssessmentAuthorisationDate"`
			} `xml:"Assessments"`
			CIN []struct {
				Start string `xml:"CINPlanStartDate"`
				End   string `xml:"CINPlanEndDate"`
			} `xml:"CINPlanDates"`
			S47 []struct {
				Start string `xml:"S47ActualStartDate"`
				ICPC  string `xml:"DateOfInitialCPC"`
			} `xml:"Section47"`
			CP []struct {
				Start string `xml:"CPPstartDate"`
				End   string `xml:"CPPendDate"`
			} `xml:"ChildProtectionPlans"`
		} `xml:"CINdetails"`
	} `xml:"Children>Child"`
}

func testParams(children int) sim.Params {
	p := sim.Defaults()
	p.LA.Children = children
	p.Years = 2
	return p
}

func generate(t *testing.T, p sim.Params, seed uint64, rep int) (map[string][]byte, sim.Outcome) {
	t.Helper()
	files, o, err := Generate(p, seed, rep, Options{LACode: LACode(0), Attr: DefaultAttributes()})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		out[f.Name] = f.Data
	}
	return out, o
}

func day(t *testing.T, s, layout string) time.Time {
	t.Helper()
	d, err := time.Parse(layout, s)
	if err != nil {
		t.Fatalf("date %q: %v", s, err)
	}
	return d
}

// TestRecountMatchesTotals recounts the flows of the measured years and
// the stocks at each 31 March from the files and finds the replication's
// metrics.
func TestRecountMatchesTotals(t *testing.T) {
	p := testParams(20000)
	files, o := generate(t, p, 7, 0)
	cal, err := newCalendar(&p)
	if err != nil {
		t.Fatal(err)
	}
	from := cal.date(p.WarmupWeeks)
	to := cal.date(p.WarmupWeeks + 52*p.Years - 1)
	in := func(d time.Time) bool { return !d.Before(from) && !d.After(to) }
	var censuses []time.Time
	for k := cal.yearOf(p.WarmupWeeks); cal.censusWeek(k) < p.WarmupWeeks+52*p.Years; k++ {
		if cal.censusWeek(k) >= p.WarmupWeeks {
			censuses = append(censuses, cal.censusDate(k))
		}
	}
	count := map[string]float64{}
	openAt := func(start, end string, c time.Time) bool {
		if start == "" || day(t, start, time.DateOnly).After(c) {
			return false
		}
		return end == "" || day(t, end, time.DateOnly).After(c)
	}
	nCIN := 0
	for name, data := range files {
		if !strings.HasPrefix(name, "cin_census") {
			continue
		}
		nCIN++
		var msg cinMessage
		if err := xml.Unmarshal(data, &msg); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ref := day(t, msg.Header.Ref, time.DateOnly)
		yearFrom := ref.AddDate(-1, 0, 1)
		inYear := func(s string) bool {
			if s == "" {
				return false
			}
			d := day(t, s, time.DateOnly)
			return in(d) && !d.Before(yearFrom) && !d.After(ref)
		}
		census := false
		for _, c := range censuses {
			census = census || c.Equal(ref)
		}
		for _, c := range msg.Children {
			for _, d := range c.Details {
				if inYear(d.Ref) {
					count["referrals"]++
				}
				for _, a := range d.Assess {
					if inYear(a.Auth) {
						count["s17_assessments"]++
					}
				}
				for _, x := range d.S47 {
					if inYear(x.Start) {
						count["s47_enquiries"]++
					}
					if inYear(x.ICPC) {
						count["icpcs"]++
					}
				}
				for _, x := range d.CIN {
					if inYear(x.Start) {
						count["cin_plan_starts"]++
					}
				}
				for _, x := range d.CP {
					if inYear(x.Start) {
						count["cp_plan_starts"]++
					}
					if census && openAt(x.Start, x.End, ref) {
						count["cp_stock"]++
					}
				}
				if census && d.NFA == "false" && openAt(d.Ref, d.Closure, ref) {
					count["cin_stock"]++
				}
			}
		}
	}
	if nCIN < 2 {
		t.Fatalf("%d CIN census files, want one per collection year (at least 2)", nCIN)
	}
	uasc := map[string]bool{}
	for _, r := range readCSV(t, files["ssda903_uasc.csv"])[1:] {
		uasc[r[0]] = true
	}
	eps := readCSV(t, files["ssda903_episodes.csv"])
	for _, r := range eps[1:] {
		decom := day(t, r[1], "02/01/2006")
		if in(decom) {
			count["care_entries"]++
		}
		for _, c := range censuses {
			if !decom.After(c) && (r[7] == "" || day(t, r[7], "02/01/2006").After(c)) {
				count["cla_stock"]++
				if uasc[r[0]] {
					count["cin_stock"]++ // UASC are children in need outside the CIN return's referrals
				}
			}
		}
	}
	years := float64(p.Years)
	for _, name := range []string{"referrals", "s17_assessments", "s47_enquiries", "icpcs", "cin_plan_starts", "cp_plan_starts", "care_entries"} {
		want := o.Values[sim.MetricIndex(name)] * years
		if want < 20 {
			t.Errorf("%s: only %v in the run; the test needs a larger LA", name, want)
		}
		if math.Abs(count[name]-want) > 1e-6 {
			t.Errorf("%s: %v in the records, %v in the totals", name, count[name], want)
		}
	}
	for _, name := range []string{"cin_stock", "cp_stock", "cla_stock"} {
		want := o.Values[sim.MetricIndex(name)] * float64(len(censuses))
		if math.Abs(count[name]-want) > 1e-6 {
			t.Errorf("%s: %v at the census dates in the records, %v in the totals", name, count[name], want)
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
