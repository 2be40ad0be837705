package dfe

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// School phases as the model has them: the order of sim's school types.
const (
	PhasePrimary = iota
	PhaseSecondary
	PhaseSpecial
	PhaseAP
	NumPhases
)

// PhaseNames name the phases in messages.
var PhaseNames = [NumPhases]string{"primary", "secondary", "special", "alternative provision"}

// schoolColumns are the columns of a Get Information about Schools
// download (edubasealldataYYYYMMDD.csv) that ReadSchools needs.
var schoolColumns = []string{"URN", "LA (code)", "LA (name)", "EstablishmentName", "TypeOfEstablishment (name)",
	"EstablishmentTypeGroup (name)", "EstablishmentStatus (name)", "PhaseOfEducation (name)", "NumberOfPupils", "PercentageFSM"}

// stateFunded are the establishment groups of state-funded schools (DfE's
// definition: LA-maintained schools, academies and free schools, and
// special schools other than non-maintained ones).
var stateFunded = []string{"Local authority maintained schools", "Academies", "Free Schools", "Special schools"}

// apTypes and specialTypes are the establishment types of alternative
// provision and of state-funded special schools.
var (
	apTypes = []string{"Pupil referral unit", "Academy alternative provision converter",
		"Academy alternative provision sponsor led", "Free schools alternative provision"}
	specialTypes = []string{"Community special school", "Foundation special school", "Academy special converter",
		"Academy special sponsor led", "Free schools special"}
)

// School is one open state-funded school of a schools file.
type School struct {
	URN    string
	LACode string // 3-digit LA number
	LAName string
	Name   string
	Phase  int     // PhasePrimary ... PhaseAP
	Pupils int     // the roll; -1 when blank
	FSM    float64 // percent eligible for free school meals; -1 when blank
}

// Schools is what a schools file says of one LA's schools.
type Schools struct {
	LACode, LAName string
	Count          [NumPhases]int
	Pupils         [NumPhases]int // pupils of the schools with a roll
	FSMPupils      float64        // pupils eligible for FSM, of schools with a roll and an FSM share
	FSMRoll        int            // the rolls FSMPupils is out of
	Skipped        map[string]int // schools of the LA not taken, by reason
}

// ReadSchools reads a Get Information about Schools download and returns
// the open state-funded schools of every LA, mapped to the model's phases:
// pupil referral units and alternative provision academies and free
// schools are alternative provision; state-funded special schools are
// special; the rest go by phase of education: primary and middle deemed
// primary are primary, secondary, middle deemed secondary and all-through
// are secondary (assumption: an all-through school counts as one
// secondary). Nursery and 16 plus schools, closed schools and schools not
// state-funded are left out; skipped counts them by reason, per LA.
func ReadSchools(file string, r io.Reader) ([]School, map[string]map[string]int, error) {
	t, err := readCSV(file, r)
	if err != nil {
		return nil, nil, err
	}
	cols, err := t.columns(schoolColumns...)
	if err != nil {
		return nil, nil, err
	}
	var out []School
	skipped := map[string]map[string]int{}
	skip := func(la, why string) {
		if skipped[la] == nil {
			skipped[la] = map[string]int{}
		}
		skipped[la][why]++
	}
	for i, row := range t.rows {
		line := t.lines[i]
		get := func(c int) string { return strings.TrimSpace(row[cols[c]]) }
		la := get(1)
		status, group, typ, phase := get(6), get(5), get(4), get(7)
		if !strings.HasPrefix(status, "Open") {
			skip(la, "not open")
			continue
		}
		if !slices.Contains(stateFunded, group) || typ == "Non-maintained special school" {
			skip(la, "not state-funded")
			continue
		}
		s := School{URN: get(0), LACode: la, LAName: get(2), Name: get(3), Pupils: -1, FSM: -1}
		switch {
		case slices.Contains(apTypes, typ):
			s.Phase = PhaseAP
		case slices.Contains(specialTypes, typ):
			s.Phase = PhaseSpecial
		case phase == "Primary" || phase == "Middle deemed primary":
			s.Phase = PhasePrimary
		case phase == "Secondary" || phase == "Middle deemed secondary" || phase == "All-through":
			s.Phase = PhaseSecondary
		default:
			skip(la, "phase "+strconv.Quote(phase))
			continue
		}
		if v := get(8); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return nil, nil, &FileError{File: file, Line: line, Column: "NumberOfPupils", Value: row[cols[8]], Err: ErrBadFile,
					Expected: "a whole number of pupils, or blank"}
			}
			s.Pupils = n
		}
		if v := get(9); v != "" && !isSuppressed(v) {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 || f > 100 {
				return nil, nil, &FileError{File: file, Line: line, Column: "PercentageFSM", Value: row[cols[9]], Err: ErrBadFile,
					Expected: "a percentage from 0 to 100, a suppression code, or blank"}
			}
			s.FSM = f
		}
		out = append(out, s)
	}
	return out, skipped, nil
}

func isSuppressed(v string) bool {
	_, ok := Suppression[strings.ToLower(v)]
	return ok || strings.EqualFold(v, "SUPP")
}

// SchoolsOf sums the schools of one LA (its 3-digit number). An empty
// code takes the file's only LA; a file of several LAs then is an error
// listing them.
func SchoolsOf(file string, schools []School, skipped map[string]map[string]int, code string) (Schools, error) {
	if code == "" {
		var codes []string
		for _, s := range schools {
			if !slices.Contains(codes, s.LACode) {
				codes = append(codes, s.LACode)
			}
		}
		if len(codes) != 1 {
			return Schools{}, &FileError{File: file, Column: "LA (code)", Err: ErrBadFile,
				Expected: fmt.Sprintf("the schools of one LA, or la.area naming which (it has open state-funded schools of %d LAs)", len(codes))}
		}
		code = codes[0]
	}
	out := Schools{LACode: code, Skipped: skipped[code]}
	for _, s := range schools {
		if s.LACode != code {
			continue
		}
		out.LAName = s.LAName
		out.Count[s.Phase]++
		if s.Pupils >= 0 {
			out.Pupils[s.Phase] += s.Pupils
			if s.FSM >= 0 {
				out.FSMPupils += float64(s.Pupils) * s.FSM / 100
				out.FSMRoll += s.Pupils
			}
		}
	}
	if out.Count[PhasePrimary]+out.Count[PhaseSecondary] == 0 {
		return Schools{}, &FileError{File: file, Column: "LA (code)", Value: code, Err: ErrBadFile,
			Expected: "open state-funded primary or secondary schools of this LA"}
	}
	return out, nil
}
