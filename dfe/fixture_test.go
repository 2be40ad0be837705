package dfe

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

const eesHead = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name"

// eesRows writes rows of an EES file for England and three LAs (one with a
// comma in its name) with the given measure cells, in the usual order.
func eesRows(year, extraHead string, cells [4]string) string {
	var b strings.Builder
	b.WriteString(eesHead + "," + extraHead + "\n")
	b.WriteString(year + ",Reporting year,National,E92000001,England,,,,,," + cells[0] + "\n")
	b.WriteString(year + ",Reporting year,Local authority,E92000001,England,E12000009,South West,801,E06000023,\"Bristol, City of\"," + cells[1] + "\n")
	b.WriteString(year + ",Reporting year,Local authority,E92000001,England,E12000004,East Midlands,940,E06000061,North Northamptonshire," + cells[2] + "\n")
	b.WriteString(year + ",Reporting year,Local authority,E92000001,England,E12000004,East Midlands,941,E06000062,West Northamptonshire," + cells[3] + "\n")
	return b.String()
}

// fixture is a complete, small folder of published files.
func fixture() fstest.MapFS {
	cla := "\ufefftime_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,la_name,new_la_code,population_type,population_estimate,children_count,rate_per_10000\n"
	for _, pt := range []string{"Children looked after on 31 March each year", "Children starting to be looked after each year", "Children ceasing to be looked after each year"} {
		cla += "2025,Reporting year,National,E92000001,England,,,,,," + pt + ",300,60,20\n"
		cla += "2025,Reporting year,Local authority,E92000001,England,E12000009,South West,801,\"Bristol, City of\",E06000023," + pt + ",100,20,20\n"
		cla += "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,940,North Northamptonshire,E06000061," + pt + ",100,c,z\n"
		cla += "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,941,West Northamptonshire,E06000062," + pt + ",100,40,x\n"
	}
	csww := eesHead + ",inpost_fte,turnover_rate_fte,agency_rate_fte,vacancy_rate_fte,vacancy_agency_cover_rate_fte,case_holders_fte,caseload_fte\n" +
		"2025,Reporting year,National,E92000001,England,,,,,,300,10,12,14,70,200,15\n" +
		"2025,Reporting year,Local authority,E92000001,England,E12000009,South West,801,E06000023,\"Bristol, City of\",100,low,u,k,70,60,15\n" +
		"2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,940 / 941,E06000061 / E06000062,North Northamptonshire / West Northamptonshire,200,10,12,14,70,140,15\n"
	lait := "Short Desc,Data item,Years,LA and Regions,Values,LA Number,Region\n" +
		"PriFSM,,2024,\"Bristol, City of\",25.5,801,South West\n" +
		"PriFSM,,2025,\"Bristol, City of\",-,801,South West\n" +
		"SecFSM,,2025,\"Bristol, City of\",22.100000000000001,801,South West\n" +
		"Unacc_Asylmn_Seek_Childn,,2025,\"Bristol, City of\",12,801,South West\n" +
		"PriFSM,,2025,England,24,,NA\n"
	sn := "\ufeffold_la_code,la_name,region_ind,region_name"
	for k := 1; k <= 10; k++ {
		sn += ",SN_" + string(rune('0'+k%10)) + ",SN_P"
	}
	sn = strings.ReplaceAll(sn, "SN_0,", "SN_10,") + "\n"
	snRow := func(code string, others ...string) string {
		r := code + ",x,1,y"
		for k := range 10 {
			r += "," + others[k%len(others)] + ",Close"
		}
		return r + "\n"
	}
	sn += snRow("801", "940", "941") + snRow("940", "941", "801") + snRow("941", "940", "801")
	return fstest.MapFS{
		"ons_mid-year_population_estimates_2012_to_2024.csv": {Data: []byte("\ufeff" + eesRows("2024", "age_group,population_estimate", [4]string{"Children aged 0 to 17 years,3000", "Children aged 0 to 17 years,1000", "Children aged 0 to 17 years,500", "Children aged 0 to 17 years,1500"}))},
		"c1_children_in_need_referrals_2013_to_2025.csv":     {Data: []byte(eesRows("2025", "category,referral_count,no_further_action_count", [4]string{"R,90,9", "R,30,c", "R,20,x", "R,40,u"}))},
		"c4_children_in_need_section_47s_2013_to_2025.csv":   {Data: []byte(eesRows("2025", "category,Section47", [4]string{"S,30", "S,10", "S,5", "S,15"}))},
		"d3_cpps_subsequent_plan_2013_to_2025.csv":           {Data: []byte(eesRows("2025", "category,CPP_start", [4]string{"C,9", "C,3", "C,2", "C,4"}))},
		"d5_cpps_at31march_2013_to_2025.csv":                 {Data: []byte(eesRows("2025", "category,CPP_At31", [4]string{"C,12", "C,4", "C,3", "C,5"}))},
		"cla_number_and_rate_per_10k_children.csv":           {Data: []byte(cla)},
		"csww_indicators_2017_to_2025.csv":                   {Data: []byte(csww)},
		"lait_fsm_uasc.csv":                                  {Data: []byte(lait)},
		"sn_model_2025_wide.csv":                             {Data: []byte(sn)},
	}
}

// A small folder with a byte-order mark, a quoted comma, every suppression
// code, the CLA file's order and jointly reported workforce figures.
func TestFixtureTable(t *testing.T) {
	tab, err := Build(fixture())
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.LAs) != 3 {
		t.Fatalf("%d LAs, want 3", len(tab.LAs))
	}
	bristol, err := tab.Find("bristol")
	if err != nil {
		t.Fatal(err)
	}
	if bristol.Name != "Bristol, City of" || bristol.OldCode != "801" || bristol.Code != "E06000023" || bristol.Region != "South West" {
		t.Errorf("Bristol: %+v", bristol)
	}
	check := func(la LA, m Measure, want float64, ok bool) {
		t.Helper()
		got, gotOK := la.Value(m)
		if gotOK != ok || ok && abs(got-want) > 1e-9 {
			t.Errorf("%s %s = %v (%v), want %v (%v)", la.Name, m.Key(), got, gotOK, want, ok)
		}
	}
	check(bristol, Children, 1000, true)
	check(bristol, NFA, 0, false)
	check(bristol, CLAAt31, 20, true) // children_count, not the population column beside it
	check(bristol, Turnover, 0, true) // low: below 0.5
	check(bristol, AgencyRate, 0, false)
	check(bristol, VacancyRate, 0, true)   // k: rounds to zero
	check(bristol, FSMPrimary, 25.5, true) // 2025 is '-', so 2024
	check(bristol, FSMSecondary, 22.1, true)
	check(bristol, UASC, 12, true)
	if bristol.Figures[FSMPrimary].Year != 2024 || bristol.Figures[NFA].Code != "c" {
		t.Errorf("years and codes: %+v %+v", bristol.Figures[FSMPrimary], bristol.Figures[NFA])
	}
	if !hasNote(bristol, "nfa 2025: c (suppressed") || !hasNote(bristol, "fsm_primary 2025: - (no figure); 2024 used") ||
		!hasNote(bristol, "turnover 2025: low (below 0.5), taken as 0") || !hasNote(bristol, "agency_rate 2025: u (low reliability); no year has a figure") {
		t.Errorf("notes: %q", bristol.Notes)
	}
	north, _ := tab.Find("E06000061")
	west, _ := tab.Find("941")
	// 200 FTE reported jointly, shared by children 500:1500
	check(north, SocialWorkersFTE, 50, true)
	check(west, SocialWorkersFTE, 150, true)
	check(north, Turnover, 10, true)
	check(west, Turnover, 10, true)
	check(north, CLAStarting, 0, false)
	if !hasNote(west, "reported jointly with 940") {
		t.Errorf("notes: %q", west.Notes)
	}
	if len(bristol.Neighbours) != 10 || bristol.Neighbours[0] != "940" {
		t.Errorf("neighbours %v", bristol.Neighbours)
	}
	check(tab.England, Referrals, 90, true)
}

func hasNote(la LA, s string) bool {
	for _, n := range la.Notes {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// Hostile files: each is an error naming the file, the row and the column.
func TestFixtureBadFiles(t *testing.T) {
	const c1 = "c1_children_in_need_referrals_2013_to_2025.csv"
	good := string(fixture()[c1].Data)
	cases := []struct {
		name, data string
		want       []string
	}{
		{"a missing column", strings.Replace(good, ",referral_count,", ",referrals,", 1),
			[]string{c1, "row 1", "column referral_count", "a column"}},
		{"a non-numeric cell", strings.Replace(good, "R,20,x", "R,twenty,x", 1),
			[]string{c1, "row 4", "column referral_count", `value "twenty"`, "a number or a suppression code"}},
		{"a truncated row", strings.Replace(good, "R,20,x", "R,20", 1),
			[]string{c1, "row 4", "as many cells as the header"}},
		{"a bad year", strings.Replace(good, "2025,Reporting year,Local authority,E92000001,England,E12000009", "20x5,Reporting year,Local authority,E92000001,England,E12000009", 1),
			[]string{c1, "row 3", "column time_period", `value "20x5"`}},
		{"a bad LA code", strings.Replace(good, ",801,", ",8O1,", 1),
			[]string{c1, "row 3", "column old_la_code", `value "8O1"`}},
		{"an unclosed quote", strings.Replace(good, `"Bristol, City of"`, `"Bristol, City of`, 1),
			[]string{c1, "row 5", "quoted-field"}},
		{"an empty file", "", []string{c1, "a header row"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := maps.Clone(fixture())
			fsys[c1] = &fstest.MapFile{Data: []byte(tc.data)}
			_, err := Build(fsys)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrBadFile) {
				t.Errorf("%v does not wrap ErrBadFile", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	fsys := maps.Clone(fixture())
	delete(fsys, "sn_model_2025_wide.csv")
	if _, err := Build(fsys); err == nil || !strings.Contains(err.Error(), "sn_model_*_wide.csv") {
		t.Errorf("a missing file: %v", err)
	}
}

// Import writes the table atomically and, given a bad file, replaces
// nothing: the earlier table stays byte for byte.
func TestImportReplacesNothingOnABadFile(t *testing.T) {
	src := realDir(t)
	dir := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(e.Name(), "d5_") {
			data = []byte(strings.Replace(string(data), ",Child Protection Plans by length of time,49420", ",Child Protection Plans by length of time,4942O", 1))
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "las.csv")
	if err := os.WriteFile(out, []byte("earlier\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = Import(dir, out)
	if err == nil || !strings.Contains(err.Error(), "d5_cpps_at31march_2013_to_2025.csv: row 2: column CPP_At31: value \"4942O\"") {
		t.Fatalf("error %v", err)
	}
	if got, _ := os.ReadFile(out); string(got) != "earlier\n" {
		t.Error("a bad file replaced the table")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".las.csv.*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if err := Import(src, out); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(out); string(got) != string(shipped) {
		t.Error("a good import did not write the table")
	}
}
