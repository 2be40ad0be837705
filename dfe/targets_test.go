package dfe

import (
	"errors"
	"math"
	"strings"
	"testing"
	"testing/fstest"
)

// A figure an LA has none of is the mean per 10k of its statistical
// neighbours that have it, with a note; its own figures are its own.
func TestTargetsNeighboursStandIn(t *testing.T) {
	tab, err := Build(fixture())
	if err != nil {
		t.Fatal(err)
	}
	north, _ := tab.Find("940")
	ts := tab.Targets(north)
	if len(ts) != len(TargetMeasures) {
		t.Fatalf("%d targets", len(ts))
	}
	// referrals are its own: 20 of 500 children
	if ts[0].Per10k != 400 || ts[0].Neighbours != 0 || ts[0].Note != "" {
		t.Errorf("referrals: %+v", ts[0])
	}
	// children starting care are c: West (40 of 1,500) and Bristol (20 of 1,000)
	st := ts[5]
	if want := (40.0/1500 + 20.0/1000) / 2 * 1e4; math.Abs(st.Per10k-want) > 1e-9 || st.Neighbours != 2 {
		t.Errorf("starting care: %+v, want %.2f from 2 neighbours", st, want)
	}
	if !strings.Contains(st.Note, "cla_starting c: the mean of 2 statistical neighbours") || !strings.Contains(st.Note, "Bristol, City of") {
		t.Errorf("note: %q", st.Note)
	}
}

// The shipped table: the Isles of Scilly's children looked after are not
// applicable (z); its neighbours stand in.
func TestTargetsShippedScilly(t *testing.T) {
	tab := LAs()
	la, err := tab.Find("Isles of Scilly")
	if err != nil {
		t.Fatal(err)
	}
	ts := tab.Targets(la)
	for _, i := range []int{4, 5} {
		if ts[i].Neighbours == 0 || ts[i].Per10k <= 0 || !strings.Contains(ts[i].Note, "statistical neighbours") {
			t.Errorf("%s: %+v", TargetMeasures[i].Key(), ts[i])
		}
	}
	stockport, _ := tab.Find("Stockport")
	for _, tg := range tab.Targets(stockport) {
		if tg.Note != "" || tg.Year < 2024 {
			t.Errorf("Stockport %s: %+v", tg.Measure.Key(), tg)
		}
	}
}

// An LA's own figures from a folder holding some of the published files:
// those files' figures, the latest year of each; a folder with none of
// them, or without the LA, is an error naming the folder.
func TestReadFigures(t *testing.T) {
	all := fixture()
	own := fstest.MapFS{
		"c1_children_in_need_referrals_2013_to_2025.csv":   all["c1_children_in_need_referrals_2013_to_2025.csv"],
		"c4_children_in_need_section_47s_2013_to_2025.csv": all["c4_children_in_need_section_47s_2013_to_2025.csv"],
		"cla_number_and_rate_per_10k_children.csv":         all["cla_number_and_rate_per_10k_children.csv"],
	}
	figs, notes, err := ReadFigures(own, "mine", "801")
	if err != nil {
		t.Fatal(err)
	}
	if figs[Referrals].Value != 30 || figs[Section47].Value != 10 || figs[CLAAt31].Value != 20 || figs[Referrals].Year != 2025 {
		t.Errorf("figures: %+v", figs)
	}
	if _, ok := figs[NFA]; ok {
		t.Errorf("nfa is c, yet a figure: %+v", figs[NFA])
	}
	if _, ok := figs[Children]; ok {
		t.Error("children read from a folder without the population file")
	}
	if len(notes) == 0 || !strings.Contains(strings.Join(notes, "|"), "nfa 2025: c") {
		t.Errorf("notes: %q", notes)
	}
	if _, _, err := ReadFigures(fstest.MapFS{"other.csv": {Data: []byte("a\n1\n")}}, "mine", "801"); !errors.Is(err, ErrBadFile) || !strings.Contains(err.Error(), "mine") {
		t.Errorf("a folder of no published file: %v", err)
	}
	if _, _, err := ReadFigures(own, "mine", "999"); !errors.Is(err, ErrBadFile) || !strings.Contains(err.Error(), "999") {
		t.Errorf("an LA in no file: %v", err)
	}
	bad := fstest.MapFS{"c1_children_in_need_referrals_2013_to_2025.csv": {Data: []byte(eesRows("2025", "category,referral_count,no_further_action_count", [4]string{"R,90,9", "R,thirty,1", "R,20,x", "R,40,u"}))}}
	_, _, err = ReadFigures(bad, "mine", "801")
	var fe *FileError
	if !errors.As(err, &fe) || fe.Line != 3 || fe.Column != "referral_count" || fe.Value != "thirty" {
		t.Errorf("a bad cell: %v", err)
	}
}

// The fitted table's reader: what it writes it reads back; a bad cell is
// an error naming the file, the row and the column.
func TestFitTableRoundTrip(t *testing.T) {
	f := &FitTable{Source: "abc", Build: "defaults-x", How: "a test"}
	f.Add(FitRow{Code: "E06000023", Name: "Bristol, City of", Children: 1000, Knobs: []float64{1.2, -0.1, 1, 1, 0.9, 1.1},
		Target: []float64{1, 2, 3, 4, 5, 6}, Simulated: []float64{1, 2, 3, 4, 5, 6.5}, Notes: []string{"a note", "another"}})
	var b strings.Builder
	if err := WriteFitTable(&b, f); err != nil {
		t.Fatal(err)
	}
	g, err := ReadFitTable("fitted.csv", strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	r, ok := g.Row("e06000023")
	if !ok || g.Source != "abc" || g.Build != "defaults-x" || g.How != "a test" || r.Knobs[0] != 1.2 || r.Simulated[5] != 6.5 || len(r.Notes) != 2 {
		t.Errorf("read back: %+v %+v", g, r)
	}
	broken := strings.Replace(b.String(), ",1.2000,", ",lots,", 1)
	_, err = ReadFitTable("fitted.csv", strings.NewReader(broken))
	var fe *FileError
	if !errors.As(err, &fe) || fe.Column != "onset" || fe.Value != "lots" || fe.Line != 8 {
		t.Errorf("a bad cell: %v", err)
	}
	// a measured start comes back; a row without one reads as none
	start := make([]float64, len(FitStart))
	for j := range start {
		start[j] = float64(j) / 7
	}
	for _, g := range startShareGroups { // shares: 1/7, 2/7, 3/7, 1/7
		start[g], start[g+1], start[g+2], start[g+3] = 1.0/7, 2.0/7, 3.0/7, 1.0/7
	}
	f.Add(FitRow{Code: "E08000007", Name: "Stockport", Children: 70000, Knobs: []float64{1, 0, 1, 1, 1, 1},
		Target: []float64{1, 2, 3, 4, 5, 6}, Simulated: []float64{1, 2, 3, 4, 5, 6}, Start: start})
	b.Reset()
	if err := WriteFitTable(&b, f); err != nil {
		t.Fatal(err)
	}
	if g, err = ReadFitTable("fitted.csv", strings.NewReader(b.String())); err != nil {
		t.Fatal(err)
	}
	if r, _ := g.Row("E06000023"); r.Start != nil {
		t.Errorf("a row with no start read back with %v", r.Start)
	}
	r, _ = g.Row("E08000007")
	for j := range start {
		if len(r.Start) != len(start) || math.Abs(r.Start[j]-start[j]) > 5e-7 {
			t.Fatalf("start read back as %v, written %v", r.Start, start)
		}
	}
	// a start value is a number of at least 0, and none missing from a row that has one
	for _, bad := range []string{"-0.5", "x", ""} {
		text := strings.Replace(b.String(), ",0.285714,", ","+bad+",", 1)
		_, err = ReadFitTable("fitted.csv", strings.NewReader(text))
		if fe = nil; !errors.As(err, &fe) || fe.Column != "start_need1" || fe.Value != bad {
			t.Errorf("a start value %q: %v", bad, err)
		}
	}
	// each group of four need shares sums to 1
	text := strings.Replace(b.String(), ",0.142857,", ",0.9,", 1)
	_, err = ReadFitTable("fitted.csv", strings.NewReader(text))
	if fe = nil; !errors.As(err, &fe) || fe.Column != "start_need0+start_need1+start_need2+start_need3" || !strings.Contains(err.Error(), "summing to 1") {
		t.Errorf("start shares summing to more than 1: %v", err)
	}
	// a fitted value must be finite: NaN would reach the model's bounds
	for _, bad := range []string{"NaN", "Inf", "-inf"} {
		_, err = ReadFitTable("fitted.csv", strings.NewReader(strings.Replace(b.String(), ",1.2000,", ","+bad+",", 1)))
		if fe = nil; !errors.As(err, &fe) || fe.Column != "onset" || fe.Value != bad || !strings.Contains(err.Error(), "finite") {
			t.Errorf("a fitted value %s: %v", bad, err)
		}
	}
}
