package records

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/caseload/caseload/sim"
)

// File is one file of the records: its name under records/ and its bytes.
type File struct {
	Name string
	Data []byte
}

// Files writes the returns: cin_census.xml (cin_census_YYYY-YY.xml, one
// per collection year, when the run spans more than one) and the three
// SSDA903 files.
func (s *Set) Files() ([]File, error) {
	var out []File
	k0, k1 := s.cal.yearOf(s.first), s.cal.yearOf(s.total-1)
	for k := k0; k <= k1; k++ {
		var b bytes.Buffer
		if err := s.writeCIN(&b, k); err != nil {
			return nil, err
		}
		name := "cin_census.xml"
		if k1 > k0 {
			y := s.cal.censusDate(k).Year()
			name = fmt.Sprintf("cin_census_%d-%02d.xml", y-1, y%100)
		}
		out = append(out, File{name, b.Bytes()})
	}
	h, e, u := s.writeSSDA903()
	return append(out, File{"ssda903_header.csv", h}, File{"ssda903_episodes.csv", e}, File{"ssda903_uasc.csv", u}), nil
}

// IsFileName reports whether name is the name of a file Files writes.
func IsFileName(name string) bool {
	switch name {
	case "cin_census.xml", "ssda903_header.csv", "ssda903_episodes.csv", "ssda903_uasc.csv":
		return true
	}
	var y1, y2 int
	var rest string
	n, _ := fmt.Sscanf(name, "cin_census_%4d-%2d.xml%s", &y1, &y2, &rest)
	return n == 2 && y1 >= 1000 && y1 <= 9999 && name == fmt.Sprintf("cin_census_%d-%02d.xml", y1, y2) && (y1+1)%100 == y2
}

// softwareCode names caseload in a CIN return's header (Wrote).
const softwareCode = "caseload synthetic records"

// Wrote reports whether the file at path, of a name IsFileName accepts,
// is one caseload wrote, by its start: a CIN return names caseload as its
// software in its header, an SSDA903 file starts with the columns caseload
// writes and its first child's synthetic identifier (SY...). A file of
// one's own under a return's name is not, so a results folder holding one
// is not replaced.
func Wrote(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	text := string(head[:n])
	name := filepath.Base(path)
	if strings.HasSuffix(name, ".xml") {
		return strings.HasPrefix(text, "<?xml") && strings.Contains(text, "<SoftwareCode>"+softwareCode+"</SoftwareCode>")
	}
	cols := map[string][]string{"ssda903_header.csv": HeaderColumns, "ssda903_episodes.csv": EpisodesColumns, "ssda903_uasc.csv": UASCColumns}[name]
	first, rest, _ := strings.Cut(text, "\n")
	second, _, _ := strings.Cut(rest, "\n")
	return cols != nil && first == strings.Join(cols, ",") && (second == "" || strings.HasPrefix(second, "SY"))
}

func xmlDate(t time.Time) string { return t.Format(time.DateOnly) }
func csvDate(t time.Time) string { return t.Format("02/01/2006") }

// attrs are a child's synthetic characteristics.
type attrs struct {
	male       bool
	ethnic     string
	disability []string
}

func (s *Set) childAttrs(c child, maleShare float64) attrs {
	a := &s.attr
	h := func(k uint64) float64 { return unit(hash(uint64(c.index), uint64(c.gen), k)) }
	out := attrs{male: h(2) < maleShare, ethnic: EthnicityCodes[pick(a.Ethnicity, h(3))]}
	if h(4) < a.Disabled {
		out.disability = append(out.disability, DisabilityCodes[pick(a.Disability, h(5))])
		if d := DisabilityCodes[pick(a.Disability, h(6))]; h(7) < 0.3 && d != out.disability[0] {
			out.disability = append(out.disability, d)
		}
	}
	return out
}

func sexCode(male bool) string {
	if male {
		return "1"
	}
	return "2"
}

// upn is a synthetic unique pupil number: a check letter, the LA code,
// establishment 0000 (no school has that number, so no real pupil has
// such a UPN), a two-digit year and a three-digit serial.
func upn(la string, serial uint64) string {
	body := fmt.Sprintf("%s0000%02d%03d", la, (serial/1000)%100, serial%1000)
	const letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
	sum := 0
	for i := range len(body) {
		sum += int(body[i]-'0') * (i + 2)
	}
	return string(letters[sum%23]) + body
}

var sourceCodes = map[int][]string{
	-1:                   {"10"},
	sim.SourceSchool:     {"2A"},
	sim.SourcePolice:     {"6"},
	sim.SourceHealth:     {"3A", "3B", "3D", "3E", "3F"},
	sim.SourceLA:         {"5A", "5B", "5C", "4"},
	sim.SourceIndividual: {"1A", "1B", "1C", "1D"},
	sim.SourceOther:      {"8", "7", "2B", "9"},
	// a school-based worker is the school's referrer in the census's
	// codes (2A, schools); the model counts them apart
	sim.SourceSchoolWorker: {"2A"},
}

// childEpisodes groups episodes by child (the children of the family when
// the case began), in order of first appearance.
type childEps struct {
	c   child
	eps []*episode
}

func (s *Set) byChild(keep func(*episode) bool) []childEps {
	idx := map[child]int{}
	var out []childEps
	for _, e := range s.episodes {
		if !keep(e) {
			continue
		}
		for _, c := range s.childrenAt(e.family, e.ref) {
			k, ok := idx[c]
			if !ok {
				k = len(out)
				idx[c] = k
				out = append(out, childEps{c: c})
			}
			out[k].eps = append(out[k].eps, e)
		}
	}
	return out
}

func (s *Set) writeCIN(w io.Writer, k int) error {
	lo, hi := int32(s.cal.censusWeek(k-1)+1), int32(s.cal.censusWeek(k))
	kids := s.byChild(func(e *episode) bool { return e.ref <= hi && (e.close < 0 || e.close >= lo) })
	ref := s.cal.censusDate(k)
	b := &bytes.Buffer{}
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n<Header>\n<CollectionDetails>\n<Collection>CIN</Collection>\n")
	fmt.Fprintf(b, "<Year>%d</Year>\n<ReferenceDate>%s</ReferenceDate>\n</CollectionDetails>\n", ref.Year(), xmlDate(ref))
	fmt.Fprintf(b, "<Source>\n<SourceLevel>L</SourceLevel>\n<LEA>%s</LEA>\n<SoftwareCode>%s</SoftwareCode>\n<Release>1</Release>\n<SerialNo>%03d</SerialNo>\n<DateTime>%sT00:00:00</DateTime>\n</Source>\n</Header>\n<Children>\n",
		s.opt.LACode, softwareCode, k-s.cal.yearOf(s.first)+1, xmlDate(ref.AddDate(0, 0, 1)))
	a := &s.attr
	for _, ce := range kids {
		c := ce.c
		at := s.childAttrs(c, a.MaleCIN)
		serial := uint64(c.index)*4 + uint64(c.gen)
		fmt.Fprintf(b, "<Child>\n<ChildIdentifiers>\n<LAchildID>%s</LAchildID>\n<UPN>%s</UPN>\n<PersonBirthDate>%s</PersonBirthDate>\n<GenderCurrent>%s</GenderCurrent>\n</ChildIdentifiers>\n",
			s.id(c), upn(s.opt.LACode, serial), xmlDate(s.dob(c)), sexCode(at.male))
		fmt.Fprintf(b, "<ChildCharacteristics>\n<Ethnicity>%s</Ethnicity>\n", at.ethnic)
		if len(at.disability) > 0 {
			b.WriteString("<Disabilities>\n")
			for _, d := range at.disability {
				fmt.Fprintf(b, "<Disability>%s</Disability>\n", d)
			}
			b.WriteString("</Disabilities>\n")
		} else {
			b.WriteString("<Disabilities>\n<Disability>NONE</Disability>\n</Disabilities>\n")
		}
		b.WriteString("</ChildCharacteristics>\n")
		prevCP := 0
		for _, e := range ce.eps {
			if e.ref > hi || (e.close >= 0 && e.close < lo) {
				prevCP += len(e.cp)
				continue
			}
			s.writeDetails(b, c, e, prevCP, hi)
			prevCP += len(e.cp)
		}
		b.WriteString("</Child>\n")
	}
	b.WriteString("</Children>\n</Message>\n")
	_, err := w.Write(b.Bytes())
	return err
}

// writeDetails writes an episode as the return of the collection year
// ending with week hi knows it: what happened after its census week (a
// closure, an assessment's authorisation, a plan's start or end, an
// enquiry or conference) is left for the next year's return, so that no
// event of a return is dated after its reference date (a target date,
// InitialCPCtarget, may be).
func (s *Set) writeDetails(b *bytes.Buffer, c child, e *episode, prevCP int, hi int32) {
	a := &s.attr
	d := func(w int32) string { return xmlDate(s.cal.date(int(w))) }
	// known: a date that may be missing (-1) is there and by the census
	// week; a start, always there (a case open at the start is dated
	// before week 0), need only be by the census week
	known := func(w int32) bool { return w >= 0 && w <= hi }
	h := func(k ...uint64) float64 {
		return unit(hash(append([]uint64{uint64(c.index), uint64(c.gen), uint64(e.ref), uint64(e.family)}, k...)...))
	}
	src := sourceCodes[e.source]
	fmt.Fprintf(b, "<CINdetails>\n<CINreferralDate>%s</CINreferralDate>\n<ReferralSource>%s</ReferralSource>\n", d(e.ref), src[int(h(10)*float64(len(src)))])
	if !e.nfa {
		fmt.Fprintf(b, "<PrimaryNeedCode>%s</PrimaryNeedCode>\n", NeedCodes[pick(a.Need, h(11))])
	}
	if known(e.close) && int(e.close) < s.total {
		fmt.Fprintf(b, "<CINclosureDate>%s</CINclosureDate>\n<ReasonForClosure>%s</ReasonForClosure>\n", d(e.close), e.reason)
	}
	for _, x := range e.s47s {
		if known(x.icpc) {
			fmt.Fprintf(b, "<DateOfInitialCPC>%s</DateOfInitialCPC>\n", d(x.icpc))
			break
		}
	}
	for j, x := range e.assess {
		if x.start > hi {
			continue
		}
		fmt.Fprintf(b, "<Assessments>\n<AssessmentActualStartDate>%s</AssessmentActualStartDate>\n", d(x.start))
		if known(x.auth) {
			fmt.Fprintf(b, "<AssessmentAuthorisationDate>%s</AssessmentAuthorisationDate>\n<FactorsIdentifiedAtAssessment>\n", d(x.auth))
			n := 1 + int(float64(h(20, uint64(j))*2*(a.FactorMean-1))+0.5)
			seen := map[int]bool{}
			for f := range n {
				k := pick(a.Factors, h(21, uint64(j), uint64(f)))
				if !seen[k] {
					seen[k] = true
					fmt.Fprintf(b, "<AssessmentFactors>%s</AssessmentFactors>\n", FactorCodes[k])
				}
			}
			b.WriteString("</FactorsIdentifiedAtAssessment>\n")
		}
		b.WriteString("</Assessments>\n")
	}
	for _, x := range e.cin {
		if x.start > hi {
			continue
		}
		fmt.Fprintf(b, "<CINPlanDates>\n<CINPlanStartDate>%s</CINPlanStartDate>\n", d(x.start))
		if known(x.end) {
			fmt.Fprintf(b, "<CINPlanEndDate>%s</CINPlanEndDate>\n", d(x.end))
		}
		b.WriteString("</CINPlanDates>\n")
	}
	for _, x := range e.s47s {
		if x.start > hi {
			continue
		}
		start := s.cal.date(int(x.start))
		fmt.Fprintf(b, "<Section47>\n<S47ActualStartDate>%s</S47ActualStartDate>\n<InitialCPCtarget>%s</InitialCPCtarget>\n", xmlDate(start), xmlDate(start.AddDate(0, 0, 21)))
		if known(x.icpc) {
			fmt.Fprintf(b, "<DateOfInitialCPC>%s</DateOfInitialCPC>\n<ICPCnotRequired>false</ICPCnotRequired>\n", d(x.icpc))
		} else {
			// ended without a conference by the census week; an enquiry
			// still under way may yet lead to one
			fmt.Fprintf(b, "<ICPCnotRequired>%t</ICPCnotRequired>\n", known(x.end) && x.icpc < 0)
		}
		b.WriteString("</Section47>\n")
	}
	fmt.Fprintf(b, "<ReferralNFA>%t</ReferralNFA>\n", e.nfa)
	// NumberOfPreviousCPP is typed a positive integer in DfE's schema:
	// it is written as the child's plans to date, this one included.
	for j, x := range e.cp {
		if x.start > hi {
			continue
		}
		cat := AbuseCodes[pick(a.Abuse, h(30, uint64(j)))]
		latest := cat
		if h(31, uint64(j)) < 0.1 {
			latest = AbuseCodes[pick(a.Abuse, h(32, uint64(j)))]
		}
		fmt.Fprintf(b, "<ChildProtectionPlans>\n<CPPstartDate>%s</CPPstartDate>\n", d(x.start))
		if known(x.end) {
			fmt.Fprintf(b, "<CPPendDate>%s</CPPendDate>\n", d(x.end))
		}
		fmt.Fprintf(b, "<InitialCategoryOfAbuse>%s</InitialCategoryOfAbuse>\n<LatestCategoryOfAbuse>%s</LatestCategoryOfAbuse>\n<NumberOfPreviousCPP>%d</NumberOfPreviousCPP>\n</ChildProtectionPlans>\n",
			cat, latest, prevCP+j+1)
	}
	b.WriteString("</CINdetails>\n")
}

// Columns of the SSDA903 files written.
var (
	HeaderColumns   = []string{"CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"}
	EpisodesColumns = []string{"CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"}
	UASCColumns     = []string{"CHILD", "DOB", "SEX", "DUC"}
)

// provider is the placement provider of a placement type.
func (s *Set) provider(place string, u float64) string {
	switch place {
	case "P1":
		return "PR0"
	case "U1", "U3", "A4":
		return "PR1"
	case "U4", "U6":
		if u < s.attr.PrivateFoster {
			return "PR4"
		}
		return "PR1"
	case "K2":
		if u < 0.2 {
			return "PR1"
		}
		return "PR4"
	}
	return "PR4"
}

func (s *Set) writeSSDA903() (header, episodes, uasc []byte) {
	a := &s.attr
	var hb, eb, ub bytes.Buffer
	hw, ew, uw := csv.NewWriter(&hb), csv.NewWriter(&eb), csv.NewWriter(&ub)
	hw.Write(HeaderColumns)
	ew.Write(EpisodesColumns)
	uw.Write(UASCColumns)
	first, total := int32(s.first), int32(s.total)
	inRun := func(x span) bool { return (x.end < 0 || x.end >= first) && x.start < total }
	kids := s.byChild(func(e *episode) bool { return slices.ContainsFunc(e.care, inRun) })
	for _, ce := range kids {
		c := ce.c
		at := s.childAttrs(c, a.MaleCLA)
		serial := uint64(c.index)*4 + uint64(c.gen)
		hw.Write([]string{s.id(c), sexCode(at.male), csvDate(s.dob(c)), at.ethnic, upn(s.opt.LACode, serial), "", ""})
		for _, e := range ce.eps {
			for j, x := range e.care {
				if !inRun(x) {
					continue
				}
				h := func(k uint64) float64 {
					return unit(hash(uint64(c.index), uint64(c.gen), uint64(x.start), uint64(j), k))
				}
				place := PlaceCodes[pick(a.Place, h(40))]
				dec, rec := "", ""
				if x.end >= 0 && x.end < total {
					dec = csvDate(s.cal.date(int(x.end)))
					if (s.m.ChildAge0(c.index)+int(x.end)/52)/sim.ChildAges != c.gen {
						rec = LeaveAt18Codes[pick(a.LeaveAt18, h(41))]
					} else {
						rec = LeaveOtherCodes[pick(a.LeaveOther, h(42))]
					}
				}
				ew.Write([]string{s.id(c), csvDate(s.cal.date(int(x.start))), "S", LegalCodes[pick(a.Legal, h(43))],
					NeedCodes[pick(a.Need[:len(NeedCodes)], h(44))], place, s.provider(place, h(45)), dec, rec, "", "", "", ""})
			}
		}
	}
	for _, ev := range s.uasc {
		until := ev.Until
		if until < first || ev.Week >= total {
			continue
		}
		id := s.uascID(ev.Family)
		h := func(k uint64) float64 { return unit(hash(uint64(ev.Family), 77, k)) }
		eighteen := s.cal.date(int(until))
		dob := eighteen.AddDate(-18, 0, 0)
		male := h(1) < a.MaleUASC
		hw.Write([]string{id, sexCode(male), csvDate(dob), EthnicityCodes[pick(a.Ethnicity, h(2))], upn(s.opt.LACode, 900000+uint64(ev.Family)), "", ""})
		place := PlaceCodes[pick(a.Place, h(3))]
		dec, rec := "", ""
		if until < total {
			dec, rec = csvDate(eighteen), LeaveAt18Codes[pick(a.LeaveAt18, h(4))]
		}
		ew.Write([]string{id, csvDate(s.cal.date(int(ev.Week))), "S", LegalCodes[pick(a.LegalUASC, h(5))], "N8", place, s.provider(place, h(6)), dec, rec, "", "", "", ""})
		uw.Write([]string{id, csvDate(dob), sexCode(male), csvDate(eighteen)})
	}
	hw.Flush()
	ew.Flush()
	uw.Flush()
	return hb.Bytes(), eb.Bytes(), ub.Bytes()
}

// Generate runs replication rep of an LA's scenario with a recorder and
// returns its records and its outcome (the same outcome as the run
// without records: the recorder draws nothing).
func Generate(p sim.Params, seed uint64, rep int, opt Options) ([]File, sim.Outcome, error) {
	if err := Check(&p.Records); err != nil {
		return nil, sim.Outcome{}, err
	}
	m := sim.New(p, seed, rep, nil)
	var rec sim.Recorder
	m.Record(&rec)
	m.Run()
	o := m.Finish()
	s, err := Build(m, &rec, opt)
	if err != nil {
		return nil, o, err
	}
	files, err := s.Files()
	return files, o, err
}

// LACode is the synthetic three-digit code of the j-th LA of a national
// run (001, 002, ...) and 001 for a single LA: real LA codes start at
// 201, so none of these is a real authority's.
func LACode(j int) string { return strconv.Itoa(1000 + j + 1)[1:] }
