package records

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"time"
)

// ssda903Codes are the code lists of the SSDA903 2024-25 specification
// for the columns written, with whether the column may be blank; a nil
// list is a free alphanumeric column, "date" a dd/mm/yyyy date.
var ssda903Codes = map[string]map[string]struct {
	codes []string
	blank bool
}{
	"ssda903_header.csv": {
		"CHILD":  {nil, false},
		"SEX":    {[]string{"1", "2"}, false},
		"DOB":    {[]string{"date"}, false},
		"ETHNIC": {EthnicityCodes, false},
		"UPN":    {nil, false},
		"MOTHER": {[]string{"0", "1"}, true},
		"MC_DOB": {[]string{"date"}, true},
	},
	"ssda903_episodes.csv": {
		"CHILD":               {nil, false},
		"DECOM":               {[]string{"date"}, false},
		"RNE":                 {[]string{"S", "L", "P", "T", "B", "U"}, false},
		"LS":                  {[]string{"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"}, false},
		"CIN":                 {[]string{"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"}, false},
		"PLACE":               {[]string{"A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1"}, false},
		"PLACE_PROVIDER":      {[]string{"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"}, true},
		"DEC":                 {[]string{"date"}, true},
		"REC":                 {[]string{"X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48", "E5", "E6", "E7", "E9", "E14", "E15", "E16", "E17", "E8"}, true},
		"REASON_PLACE_CHANGE": {[]string{"CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE", "CUSTOD", "OTHER"}, true},
		"HOME_POST":           {nil, true},
		"PL_POST":             {nil, true},
		"URN":                 {nil, true},
	},
	"ssda903_uasc.csv": {
		"CHILD": {nil, false},
		"DOB":   {[]string{"date"}, false},
		"SEX":   {[]string{"1", "2"}, false},
		"DUC":   {[]string{"date"}, true},
	},
}

var ssda903Order = map[string][]string{
	"ssda903_header.csv":   HeaderColumns,
	"ssda903_episodes.csv": EpisodesColumns,
	"ssda903_uasc.csv":     UASCColumns,
}

func alnum(s string) bool {
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z') {
			return false
		}
	}
	return true
}

// CheckSSDA903 checks the three SSDA903 files against the specification:
// the columns and their order, the dd/mm/yyyy dates, the code lists,
// the columns that may not be blank, and the links between the files
// (every episode's and UASC row's child in the header, an episode ending
// on or after it starts, a UPN's check letter). It names the file, the
// row, the column and the value of the first fault.
func CheckSSDA903(files map[string][]byte) error {
	header := map[string]bool{}
	for _, name := range []string{"ssda903_header.csv", "ssda903_episodes.csv", "ssda903_uasc.csv"} {
		data, ok := files[name]
		if !ok {
			return fmt.Errorf("%s: missing", name)
		}
		rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if len(rows) == 0 || !slices.Equal(rows[0], ssda903Order[name]) {
			return fmt.Errorf("%s: columns %v, expected %v", name, rows[0], ssda903Order[name])
		}
		cols := rows[0]
		for r, row := range rows[1:] {
			at := func(col string) string { return row[slices.Index(cols, col)] }
			for i, v := range row {
				spec := ssda903Codes[name][cols[i]]
				bad := func(want string) error {
					return fmt.Errorf("%s: row %d, column %s: value %q: expected %s", name, r+2, cols[i], v, want)
				}
				switch {
				case v == "":
					if !spec.blank {
						return bad("a value (the column may not be blank)")
					}
				case spec.codes == nil:
					if !alnum(v) {
						return bad("letters and digits")
					}
				case spec.codes[0] == "date":
					if _, err := time.Parse("02/01/2006", v); err != nil || len(v) != 10 {
						return bad("a date dd/mm/yyyy")
					}
				case !slices.Contains(spec.codes, v):
					return bad(fmt.Sprintf("one of %v", spec.codes))
				}
			}
			switch name {
			case "ssda903_header.csv":
				if header[at("CHILD")] {
					return fmt.Errorf("%s: row %d: child %s twice", name, r+2, at("CHILD"))
				}
				header[at("CHILD")] = true
				if u := at("UPN"); !validUPN(u) {
					return fmt.Errorf("%s: row %d, column UPN: value %q: expected a check letter and 12 characters", name, r+2, u)
				}
			case "ssda903_episodes.csv", "ssda903_uasc.csv":
				if !header[at("CHILD")] {
					return fmt.Errorf("%s: row %d: child %s not in ssda903_header.csv", name, r+2, at("CHILD"))
				}
			}
			if name == "ssda903_episodes.csv" && at("DEC") != "" {
				start, _ := time.Parse("02/01/2006", at("DECOM"))
				end, _ := time.Parse("02/01/2006", at("DEC"))
				if end.Before(start) || at("REC") == "" {
					return fmt.Errorf("%s: row %d: episode from %s to %s, reason %q: expected an end on or after the start, with a reason", name, r+2, at("DECOM"), at("DEC"), at("REC"))
				}
			}
		}
	}
	return nil
}

// validUPN checks a UPN's check letter (the weighted sum of characters
// 2 to 13, weights 2 to 13, modulo 23, read as a letter without I, O
// and S).
func validUPN(u string) bool {
	if len(u) != 13 {
		return false
	}
	const letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
	sum := 0
	for i := 1; i < 13; i++ {
		c := u[i]
		if c < '0' || c > '9' {
			return false
		}
		sum += int(c-'0') * (i + 1)
	}
	return u[0] == letters[sum%23]
}
