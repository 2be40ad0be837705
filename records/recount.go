package records

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/caseload/caseload/sim"
)

// cinMessage is the part of a CIN census return that Recount reads.
type cinMessage struct {
	Ref      string `xml:"Header>CollectionDetails>ReferenceDate"`
	Children []struct {
		Details []struct {
			Ref     string `xml:"CINreferralDate"`
			Closure string `xml:"CINclosureDate"`
			NFA     string `xml:"ReferralNFA"`
			Assess  []struct {
				Auth string `xml:"AssessmentAuthorisationDate"`
			} `xml:"Assessments"`
			CIN []struct {
				Start string `xml:"CINPlanStartDate"`
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

// RecountNames are the metrics Recount finds.
var RecountNames = []string{"referrals", "s17_assessments", "s47_enquiries", "icpcs", "cin_plan_starts", "cp_plan_starts", "care_entries", "cin_stock", "cp_stock", "cla_stock"}

// Recount counts, from one LA's records (file name to bytes) written for
// a run of p, what the run's metrics count: the flows of the measured
// years, a year, and the stocks at each measured 31 March, averaged. It
// reads only the files: an analyst's recount of the same returns.
// Referrals, assessments (by authorisation date), enquiries, conferences
// and plans started are counted in the return of the collection year
// they fall in; children in need at 31 March are the referrals not
// closed by then (looked-after UASC, who come without a referral, are
// added from the SSDA903 files); care entries and children looked after
// come from the SSDA903 episodes.
func Recount(files map[string][]byte, p sim.Params) (map[string]float64, error) {
	cal, err := newCalendar(&p)
	if err != nil {
		return nil, err
	}
	first, total := p.WarmupWeeks, p.WarmupWeeks+52*p.Years
	from, to := cal.date(first), cal.date(total-1)
	in := func(d time.Time) bool { return !d.Before(from) && !d.After(to) }
	var censuses []time.Time
	for k := cal.yearOf(first); cal.censusWeek(k) < total; k++ {
		if cal.censusWeek(k) >= first {
			censuses = append(censuses, cal.censusDate(k))
		}
	}
	var bad error
	parse := func(s, layout string) time.Time {
		d, err := time.Parse(layout, s)
		if err != nil && bad == nil {
			bad = fmt.Errorf("records: date %q: expected %s", s, layout)
		}
		return d
	}
	openAt := func(start, end string, c time.Time) bool {
		if start == "" || parse(start, time.DateOnly).After(c) {
			return false
		}
		return end == "" || parse(end, time.DateOnly).After(c)
	}
	count := map[string]float64{}
	nCIN := 0
	for name, data := range files {
		if !strings.HasPrefix(name, "cin_census") {
			continue
		}
		nCIN++
		var msg cinMessage
		if err := xml.Unmarshal(data, &msg); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		ref := parse(msg.Ref, time.DateOnly)
		yearFrom := ref.AddDate(-1, 0, 1)
		inYear := func(s string) bool {
			if s == "" {
				return false
			}
			d := parse(s, time.DateOnly)
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
	if nCIN == 0 {
		return nil, fmt.Errorf("records: no cin_census file")
	}
	uasc := map[string]bool{}
	rows, err := csv.NewReader(bytes.NewReader(files["ssda903_uasc.csv"])).ReadAll()
	if err != nil || len(rows) == 0 {
		return nil, fmt.Errorf("ssda903_uasc.csv: missing or unreadable (%v)", err)
	}
	for _, r := range rows[1:] {
		uasc[r[0]] = true
	}
	rows, err = csv.NewReader(bytes.NewReader(files["ssda903_episodes.csv"])).ReadAll()
	if err != nil || len(rows) == 0 {
		return nil, fmt.Errorf("ssda903_episodes.csv: missing or unreadable (%v)", err)
	}
	for _, r := range rows[1:] {
		decom := parse(r[1], "02/01/2006")
		if in(decom) {
			count["care_entries"]++
		}
		for _, c := range censuses {
			if !decom.After(c) && (r[7] == "" || parse(r[7], "02/01/2006").After(c)) {
				count["cla_stock"]++
				if uasc[r[0]] {
					count["cin_stock"]++
				}
			}
		}
	}
	if bad != nil {
		return nil, bad
	}
	for _, n := range RecountNames[:7] {
		count[n] /= float64(p.Years)
	}
	for _, n := range RecountNames[7:] {
		count[n] /= float64(max(1, len(censuses)))
	}
	return count, nil
}
