package sim

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/caseload/caseload/dfe"
)

// The shipped fitted table: a row for every LA, fitted from the shipped
// table of LAs under the current defaults and scheme, values within their
// ranges, targets as the table of LAs gives them, and the LAs of at least
// MinFitChildren within their tolerance at the fit but for at most
// maxFitMisses, none of those beyond 1.5 times its tolerance, and the
// smaller LAs not fitted (the national parameters, with a note).
func TestFittedTable(t *testing.T) {
	f, tab := dfe.Fitted(), dfe.LAs()
	if f.Source != dfe.ShippedBlob() {
		t.Errorf("dfe/fitted.csv was fitted from las.csv %s, the shipped one is %s: run make calibrate-las", f.Source, dfe.ShippedBlob())
	}
	if f.Build != FitBuild() {
		t.Errorf("dfe/fitted.csv was fitted under %s, now %s (the defaults, the fitting scheme or the model changed): run make calibrate-las", f.Build, FitBuild())
	}
	missed, limited := map[string]bool{}, map[string]bool{}
	if len(f.Rows) != len(tab.LAs) {
		t.Errorf("%d fitted rows, %d LAs", len(f.Rows), len(tab.LAs))
	}
	for _, la := range tab.LAs {
		r, ok := f.Row(la.Code)
		if !ok {
			t.Errorf("%s %s: no fitted row", la.Code, la.Name)
			continue
		}
		for k, v := range r.Knobs {
			if v < FitRange[k][0] || v > FitRange[k][1] || math.IsNaN(v) {
				t.Errorf("%s: %s %v outside %v", la.Name, dfe.FitKnobs[k], v, FitRange[k])
			}
		}
		targets := tab.Targets(la)
		if r.Children < MinFitChildren && (!slices.Equal(r.Knobs, NoFit.knobs()) || !slices.Contains(r.Notes, notFittedNote(r.Children))) {
			t.Errorf("%s (%d children): fitted %v, notes %q; want the national parameters and a note", la.Name, r.Children, r.Knobs, r.Notes)
		}
		tol := FitTolerance(r.Children)
		for i, tg := range targets {
			if math.Abs(r.Target[i]-tg.Per10k) > 1e-3*math.Max(1, tg.Per10k) {
				t.Errorf("%s %s: fitted to %v, the table gives %v", la.Name, TargetMetrics[i], r.Target[i], tg.Per10k)
			}
			off := math.Abs(r.Simulated[i] - r.Target[i])
			if r.Children < MinFitChildren || off <= tol*r.Target[i] {
				continue
			}
			if limit := limitedFigure(r, i); limit != "" {
				// the model's limit, named in the row's notes
				limited[la.Name] = true
				t.Logf("%s: %s", la.Name, limit)
				continue
			}
			missed[la.Name] = true
			t.Logf("%s %s: %.1f at the fit, target %.1f (tolerance ±%.0f%%)", la.Name, TargetMetrics[i], r.Simulated[i], r.Target[i], 100*tol)
			if off > 1.5*tol*r.Target[i] {
				t.Errorf("%s %s: %.1f at the fit, target %.1f: beyond 1.5 × ±%.0f%%", la.Name, TargetMetrics[i], r.Simulated[i], r.Target[i], 100*tol)
			}
		}
	}
	if len(missed) > maxFitMisses {
		t.Errorf("%d LAs outside their tolerance at the fit, at most %d allowed: %v", len(missed), maxFitMisses, missed)
	}
	if len(limited) > maxLimitedLAs {
		t.Errorf("%d LAs outside their tolerance with a fitted value at the end of its range, at most %d allowed: %v", len(limited), maxLimitedLAs, limited)
	}
}

// limitedFigure is the row's note that figure i is out of reach with the
// value that moves it at the end of its range (LimitNotes), or "".
func limitedFigure(r dfe.FitRow, i int) string {
	for _, n := range r.Notes {
		if strings.HasPrefix(n, TargetMetrics[i]+" ") && strings.Contains(n, "is at the end of its range") {
			return n
		}
	}
	return ""
}

// maxLimitedLAs is the most LAs allowed a figure beyond the model's
// reach (LimitNotes). At the shipped fit, one: Solihull's children looked
// after (489 at 31 March 2025, 98 starting, 162 ceasing: a stock built by
// years of more entries, now falling; at a steady state its entries hold
// about 4 years' worth, it has 5). Redbridge's (a quarter of them
// unaccompanied children, who come at 16 or 17 and age out soon) ended
// 11% under at a fit before, with care_leave at its least; room for two
// such after a refit.
const maxLimitedLAs = 3

// maxFitMisses is the most LAs (of 151 held to a tolerance) allowed
// outside it at the fit: the shipped fit has none; one is room for the
// replication noise of a refit after the defaults change.
const maxFitMisses = 1

// LAs of different sizes, re-simulated on seeds other than the fit's,
// reproduce their six figures within their tolerance. CASELOADTEST_LONG
// adds more LAs, the largest among them.
func TestFittedLAs(t *testing.T) {
	names := []string{"Rutland", "Hartlepool", "Stockport"}
	if os.Getenv("CASELOADTEST_LONG") != "" {
		names = append(names, "Blackpool", "Kensington and Chelsea", "Bristol", "Essex", "Kent", "Birmingham", "Isles of Scilly")
	}
	for _, name := range names {
		p, a := fittedLA(t, name)
		got := Simulated10k(p, 7, FitReps(6, p.LA.Children))
		tol := FitTolerance(a.Children)
		for i, tg := range a.Targets {
			rel := got[i]/tg.Per10k - 1
			t.Logf("%s %s: %.1f, target %.1f (%+.1f%%, tolerance ±%.0f%%)", name, TargetMetrics[i], got[i], tg.Per10k, 100*rel, 100*tol)
			if a.Children >= MinFitChildren && math.Abs(rel) > tol {
				t.Errorf("%s %s: simulated %.1f, target %.1f: %+.1f%%, beyond ±%.0f%%", name, TargetMetrics[i], got[i], tg.Per10k, 100*rel, 100*tol)
			}
		}
	}
}

// fittedLA is the defaults made into the LA of that name with its
// fitted parameters (the test fails if it has none).
func fittedLA(t *testing.T, name string) (Params, Area) {
	t.Helper()
	tab := dfe.LAs()
	la, err := tab.Find(name)
	if err != nil {
		t.Fatal(err)
	}
	p := Defaults()
	a := AreaOf(p, la, tab.England)
	if !a.Fitted {
		t.Fatalf("%s: no fitted parameters", name)
	}
	a.Apply(&p)
	return p, a
}

// The fit moves each value towards its figure: an LA whose figures are
// England's times a factor is fitted to within a few percent, with need
// raised and care leaving slowed as its figures say.
func TestFitLAMovesTowardsTargets(t *testing.T) {
	tab := dfe.LAs()
	la, _ := tab.Find("Stockport")
	targets := tab.Targets(la)
	eng := englandRates()
	scale := []float64{1.3, 1.3, 1.3, 1.3, 1.6, 1.3}
	for i := range targets {
		targets[i].Per10k = eng[i] * scale[i]
	}
	r := FitLA(Defaults(), la, targets, FitOptions{Rounds: 8, Reps: 2, Seed: 3, Tol: 0.03})
	for i, tg := range targets {
		if rel := r.Simulated[i]/tg.Per10k - 1; math.Abs(rel) > 0.08 {
			t.Errorf("%s: fitted %.1f, target %.1f (%+.1f%%)", TargetMetrics[i], r.Simulated[i], tg.Per10k, 100*rel)
		}
	}
	if r.Fit.Onset <= 1 || r.Fit.CareLeave >= 1 {
		t.Errorf("need ×%.2f (want > 1), care leaving ×%.2f (want < 1: more looked after per entry)", r.Fit.Onset, r.Fit.CareLeave)
	}
}

// pipeline.cp_length_scale stretches CP plans: more plans at 31 March for
// the same plans started.
func TestCPLengthScale(t *testing.T) {
	p := Defaults()
	p.LA.Children = 20000
	p.Years = 2
	short, long := p, p
	short.Pipeline.CPLengthScale = 0.5
	long.Pipeline.CPLengthScale = 2
	a, b := Simulated10k(short, 1, 2), Simulated10k(long, 1, 2)
	if ra, rb := a[3]/a[2], b[3]/b[2]; rb < 1.5*ra {
		t.Errorf("CP plans at 31 March per plan started: %.2f at ×0.5, %.2f at ×2", ra, rb)
	}
}

// pipeline.conference_threshold: enquiries into lower perceived need lead
// to conferences, so more CP plans start per enquiry; the fit lowers it
// only with the conversion left once s47_to_icpc and icpc_to_cp are 1.
func TestConferenceThreshold(t *testing.T) {
	p := Defaults()
	p.LA.Children = 20000
	p.Years = 2
	low := p
	low.Pipeline.ConferenceThreshold = 1.8
	a, b := Simulated10k(p, 1, 2), Simulated10k(low, 1, 2)
	if ra, rb := a[2]/a[1], b[2]/b[1]; rb < 1.1*ra {
		t.Errorf("CP plans started per enquiry: %.3f at 2.5, %.3f at 1.8", ra, rb)
	}
	base := Defaults()
	sat := 1 / (base.Pipeline.S47ToICPC * base.Pipeline.ICPCToCP)
	for _, c := range []struct{ conv, want float64 }{
		{1, base.Pipeline.ConferenceThreshold},
		{sat, base.Pipeline.ConferenceThreshold},
		{2 * sat, base.Pipeline.ConferenceThreshold - conferenceSlope*math.Log(2)},
		{FitRange[2][1], math.Max(perceivedInNeed, base.Pipeline.ConferenceThreshold-conferenceSlope*math.Log(FitRange[2][1]/sat))},
	} {
		f := NoFit
		f.Conversion = c.conv
		m := modelOf(base, f, nil, dfe.LA{})
		if math.Abs(m.Conference-c.want) > 1e-9 {
			t.Errorf("conversion ×%.2f: conference threshold %.3f, want %.3f", c.conv, m.Conference, c.want)
		}
		if c.conv >= sat && (m.S47ToICPC != 1 || m.ICPCToCP != 1) {
			t.Errorf("conversion ×%.2f: s47_to_icpc %.2f, icpc_to_cp %.2f, want both 1", c.conv, m.S47ToICPC, m.ICPCToCP)
		}
	}
}

// Every LA re-simulated on another seed (CASELOADTEST_LONG; a minute or
// two): the share of LAs held to a tolerance with all six figures within
// it, and of figures within it, logged and held to at least 93% and
// 98.5%. A figure beyond the model's reach (LimitNotes) is logged and
// left out of both.
func TestFittedEveryLA(t *testing.T) {
	if os.Getenv("CASELOADTEST_LONG") == "" {
		t.Skip("set CASELOADTEST_LONG=1: re-simulates all 153 LAs (151 held to a tolerance)")
	}
	tab := dfe.LAs()
	type res struct {
		name     string
		children int
		off      []float64
		row      dfe.FitRow
	}
	out := make([]res, len(tab.LAs))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range jobs {
				la := tab.LAs[j]
				row, _ := dfe.Fitted().Row(la.Code)
				off, children := Resimulated(la, 11, 8)
				out[j] = res{name: la.Name, children: children, off: off, row: row}
			}
		})
	}
	for j := range tab.LAs {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	las, lasOK, figs, figsOK := 0, 0, 0, 0
	for _, r := range out {
		if r.children < MinFitChildren {
			continue
		}
		tol := FitTolerance(r.children)
		las++
		all := true
		for i, o := range r.off {
			if limitedFigure(r.row, i) != "" {
				t.Logf("%s %s: %+.1f%%, beyond the model's reach at the fit", r.name, TargetMetrics[i], 100*o)
				continue
			}
			figs++
			if math.Abs(o) <= tol {
				figsOK++
				continue
			}
			all = false
			t.Logf("%s (%d children) %s: %+.1f%% (±%.0f%%)", r.name, r.children, TargetMetrics[i], 100*o, 100*tol)
		}
		if all {
			lasOK++
		}
	}
	t.Logf("%d of %d LAs with all six figures within tolerance; %d of %d figures", lasOK, las, figsOK, figs)
	// the shipped fit gives 142 of 151 and 895 of 905: an LA's fitted
	// values carry the draw of families of its own fit streams
	// (fitSeed), and on another seed its figures move by a few percent,
	// most for the care entries, counts of sibling groups; this check's
	// own 8 replications add their noise
	if float64(lasOK) < 0.93*float64(las) || float64(figsOK) < 0.985*float64(figs) {
		t.Errorf("%d of %d LAs, %d of %d figures within tolerance: want at least 93%% and 98.5%%", lasOK, las, figsOK, figs)
	}
}

// A figure out of tolerance is put down to the model only when the value
// that moves it is at the end of its range.
func TestLimitNotes(t *testing.T) {
	tab := dfe.LAs()
	la, err := tab.Find("Solihull")
	if err != nil {
		t.Fatal(err)
	}
	targets := tab.Targets(la)
	sim := targetValues(targets)
	sim[4] *= 0.8 // children looked after 20% under
	f := NoFit
	f.CareLeave = FitRange[5][0]
	notes := LimitNotes(f, targets, sim, 50000)
	if len(notes) != 1 || !strings.HasPrefix(notes[0], "cla_stock_per_10k ") || !strings.Contains(notes[0], "the fitted care_leave multiplier is at the end of its range (×0.02, of ×0.02 to ×50)") || !strings.Contains(notes[0], "-20%") {
		t.Errorf("care_leave at its least, looked after 20%% under: %q", notes)
	}
	if r := (FitResult{Fit: f, Simulated: sim}); !slices.Contains(FitRowOf(la, targets, r).Notes, notes[0]) {
		t.Errorf("the fitted row's notes %q lack %q", FitRowOf(la, targets, r).Notes, notes[0])
	}
	for _, c := range []struct {
		what     string
		leave    float64
		under    float64
		children int
	}{{"care_leave inside its range", 0.03, 0.8, 50000}, {"within tolerance", FitRange[5][0], 0.95, 50000}, {"too small to fit", FitRange[5][0], 0.8, 900}} {
		f.CareLeave = c.leave
		s := targetValues(targets)
		s[4] *= c.under
		if n := LimitNotes(f, targets, s, c.children); len(n) != 0 {
			t.Errorf("%s: %q", c.what, n)
		}
	}
	// the gap at its top leaves enquiries short: the note names them
	f = NoFit
	f.S47Gap = FitRange[1][1]
	s := targetValues(targets)
	s[1] *= 1.3
	if n := LimitNotes(f, targets, s, 50000); len(n) != 1 || !strings.HasPrefix(n[0], "s47_enquiries_per_10k ") {
		t.Errorf("s47_gap at its top, enquiries 30%% over: %q", n)
	}
}

// A figure out of tolerance with the value that moves it inside its range
// gets a note of its own (MissNotes), which a user of the LA sees: one at a
// limit is LimitNotes', and one within tolerance or of an LA too small to
// fit gets none. Every LA the shipped fit left outside its tolerance
// carries it.
func TestMissNotes(t *testing.T) {
	tab := dfe.LAs()
	la, err := tab.Find("Solihull")
	if err != nil {
		t.Fatal(err)
	}
	targets := tab.Targets(la)
	for _, c := range []struct {
		what     string
		leave    float64
		under    float64
		children int
		want     int
	}{
		{"care_leave inside its range, 12% under", 0.5, 0.88, 50000, 1},
		{"care_leave at its least, 12% under", FitRange[5][0], 0.88, 50000, 0},
		{"within tolerance", 0.5, 0.95, 50000, 0},
		{"too small to fit", 0.5, 0.8, 900, 0},
	} {
		f := NoFit
		f.CareLeave = c.leave
		s := targetValues(targets)
		s[4] *= c.under
		n := MissNotes(f, targets, s, c.children)
		if len(n) != c.want || c.want == 1 && (!strings.HasPrefix(n[0], "cla_stock_per_10k ") || !strings.Contains(n[0], "-12%") || !strings.Contains(n[0], "the fit came no nearer")) {
			t.Errorf("%s: %q, want %d note(s)", c.what, n, c.want)
		}
	}
	fitted := dfe.Fitted()
	for _, la := range tab.LAs {
		r, ok := fitted.Row(la.Code)
		if !ok {
			continue
		}
		want := MissNotes(FitOfRow(r), tab.Targets(la), r.Simulated, r.Children)
		if len(want) == 0 {
			continue
		}
		a := AreaOf(Defaults(), la, tab.England)
		for _, n := range want {
			if !slices.Contains(a.Notes, n) {
				t.Errorf("%s: its notes %q lack %q", la.Name, a.Notes, n)
			}
		}
		t.Logf("%s: %s", la.Name, want)
	}
}

// Each LA is fitted on streams of its own: the same for the same LA and
// seed, another for another LA or seed, and not the fit's seed itself
// (which single-LA runs of the same LAs on that seed share).
func TestFitSeedPerLA(t *testing.T) {
	tab := dfe.LAs()
	seen := map[uint64]string{}
	for _, la := range tab.LAs {
		s := fitSeed(DefaultFitOptions.Seed, la)
		if s != fitSeed(DefaultFitOptions.Seed, la) {
			t.Fatalf("%s: fitSeed is not the same twice", la.Name)
		}
		if s == DefaultFitOptions.Seed {
			t.Errorf("%s: fitted on the fit's seed itself", la.Name)
		}
		if o, ok := seen[s]; ok {
			t.Errorf("%s and %s share fit streams", la.Name, o)
		}
		seen[s] = la.Name
		if fitSeed(DefaultFitOptions.Seed+1, la) == s {
			t.Errorf("%s: another seed gives the same streams", la.Name)
		}
	}
}

// A round whose stocks are still moving loses to a steady one that misses
// its worst figure by a little more: the rounds of Solihull's fit, where
// the second round (worst miss 0.238, drift 0.243) came nearer its
// looked-after figure than any steady round (0.251, drift 0.018) while its
// care entries were 27% over; the larger of miss and excess drift would
// have kept it. A drift within steady counts for nothing.
func TestRoundMissCountsDrift(t *testing.T) {
	const steady = 0.049
	early, late := roundMiss(0.238, 0.243, steady), roundMiss(0.251, 0.018, steady)
	if !(late < early) {
		t.Errorf("steady round %.3f, unsteady %.3f: the steady one should be nearer", late, early)
	}
	if late != 0.251 {
		t.Errorf("a drift within steady added %v", late-0.251)
	}
}

// A fitted value far from the national one (FarFactor, FarGap) is told to
// a user of the LA with the figure it is mapped to beside England's; one
// within them, or an LA too small to fit, gets nothing. Kent, whose fit
// raised both care entry and care leaving that far, is told its many brief
// stays may be unaccompanied children the model cannot see.
func TestFarNotes(t *testing.T) {
	tab := dfe.LAs()
	la, err := tab.Find("Solihull")
	if err != nil {
		t.Fatal(err)
	}
	targets, england := tab.Targets(la), tab.Targets(tab.England)
	for _, c := range []struct {
		what     string
		set      func(*LAFit)
		children int
		want     []string // substrings of the one note; nil: no note
	}{
		{"national values", func(*LAFit) {}, 50000, nil},
		{"within the factor", func(f *LAFit) { f.CareEntry, f.Onset = 3.9, 0.26 }, 50000, nil},
		{"gap at FarGap", func(f *LAFit) { f.S47Gap = FarGap }, 50000, nil},
		{"care entry ×4", func(f *LAFit) { f.CareEntry = FarFactor }, 50000, []string{"care_entry ×4.00 (children starting care per CP plan at 31 March: "}},
		{"onset ×1/4", func(f *LAFit) { f.Onset = 0.25 }, 50000, []string{"onset ×0.25 (referrals per 10k: "}},
		{"gap beyond FarGap", func(f *LAFit) { f.S47Gap = 2.5 }, 50000, []string{"s47_gap +2.50 (enquiries per referral: "}},
		{"gap at its least", func(f *LAFit) { f.S47Gap = FitRange[1][0] }, 50000, []string{"s47_gap -2.00 "}},
		{"two values", func(f *LAFit) { f.Conversion, f.CareLeave = 5, 0.1 }, 50000, []string{"conversion ×5.00 (", "), care_leave ×0.10 ("}},
		{"care entry and leaving both far", func(f *LAFit) { f.CareEntry, f.CareLeave = 8, 10 }, 50000, []string{"care_entry ×8.00", "care_leave ×10.00", "per child looked after at 31 March, against England's", "unaccompanied children"}},
		{"too small to fit", func(f *LAFit) { f.CareEntry = 8 }, 900, nil},
	} {
		f := NoFit
		c.set(&f)
		n := FarNotes(f, targets, england, c.children)
		if c.want == nil {
			if len(n) != 0 {
				t.Errorf("%s: %q, want none", c.what, n)
			}
			continue
		}
		if len(n) != 1 {
			t.Errorf("%s: %q, want one note", c.what, n)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(n[0], w) {
				t.Errorf("%s: %q lacks %q", c.what, n[0], w)
			}
		}
		if strings.Contains(n[0], "unaccompanied") != (f.CareEntry >= FarFactor && f.CareLeave >= FarFactor) {
			t.Errorf("%s: %q: the brief stays are told only where both care values are far", c.what, n[0])
		}
	}
	// the figures are the LA's and England's: Solihull's referrals
	f := NoFit
	f.Onset = 5
	n := FarNotes(f, targets, england, 50000)
	want := fmt.Sprintf("(referrals per 10k: %s, England's %s)", farFigure(targets[0].Per10k), farFigure(england[0].Per10k))
	if len(n) != 1 || !strings.Contains(n[0], want) || targets[0].Per10k == england[0].Per10k {
		t.Errorf("onset ×5: %q, want %q", n, want)
	}
	// a value past the first is told as its figure over the one before:
	// care entry as children starting care per CP plan at 31 March
	f = NoFit
	f.CareEntry = 5
	n = FarNotes(f, targets, england, 50000)
	want = fmt.Sprintf("(children starting care per CP plan at 31 March: %s, England's %s)", farFigure(targets[5].Per10k/targets[3].Per10k), farFigure(england[5].Per10k/england[3].Per10k))
	if len(n) != 1 || !strings.Contains(n[0], want) {
		t.Errorf("care entry ×5: %q, want %q", n, want)
	}
}

// The shipped fit is as docs/MODEL.md §3.10 and the README tell it: 15
// of the 151 fitted LAs have values far from England's, 89% of the fitted
// multipliers are within ×1/2 to ×2, and Kent, whose care entry and
// leaving are both far, starts 1.70 children in care a year per child
// looked after against England's 0.39.
func TestFarNotesShipped(t *testing.T) {
	tab := dfe.LAs()
	england := tab.Targets(tab.England)
	fitted, far, mults, within := 0, 0, 0, 0
	for _, la := range tab.LAs {
		row, ok := dfe.Fitted().Row(la.Code)
		if !ok || row.Children < MinFitChildren {
			continue
		}
		fitted++
		f := FitOfRow(row)
		for k, v := range f.knobs() {
			if k != 1 {
				mults++
				if v >= 0.5 && v <= 2 {
					within++
				}
			}
		}
		if len(FarNotes(f, tab.Targets(la), england, row.Children)) > 0 {
			far++
		}
	}
	if fitted != 151 || far != 15 {
		t.Errorf("%d of %d fitted LAs have values far from England's; the docs say 15 of 151", far, fitted)
	}
	if pct := math.Round(100 * float64(within) / float64(mults)); pct != 89 {
		t.Errorf("%g%% of the fitted multipliers are within ×1/2 to ×2; the docs say 89%%", pct)
	}
	kent, err := tab.Find("Kent")
	if err != nil {
		t.Fatal(err)
	}
	a := AreaOf(Defaults(), kent, tab.England)
	if !slices.ContainsFunc(a.Notes, func(s string) bool {
		return strings.Contains(s, "; 1.70 children start care a year per child looked after at 31 March, against England's 0.39: ") &&
			strings.Contains(s, "care_entry ×7.98") && strings.Contains(s, "care_leave ×9.97") && strings.Contains(s, "unaccompanied children moving on")
	}) {
		t.Errorf("Kent's notes %q lack its brief stays as the docs give them", a.Notes)
	}
}

func TestFarFigure(t *testing.T) {
	for v, want := range map[float64]string{2080.4: "2080", 519: "519", 99.94: "99.9", 0.6531: "0.653", 4.43: "4.43"} {
		if got := farFigure(v); got != want {
			t.Errorf("farFigure(%g) = %q, want %q", v, got, want)
		}
	}
}

// CautionNote knows the notes of LimitNotes, MissNotes and FarNotes, as
// quoted after a prefix, and no other note of an LA.
func TestCautionNote(t *testing.T) {
	tab := dfe.LAs()
	la, err := tab.Find("Solihull")
	if err != nil {
		t.Fatal(err)
	}
	targets := tab.Targets(la)
	s := targetValues(targets)
	s[4] *= 0.8
	f := NoFit
	f.CareLeave = FitRange[5][0]
	limit := LimitNotes(f, targets, s, 50000)
	f.CareLeave = 0.5
	miss := MissNotes(f, targets, s, 50000)
	f.CareEntry = 8
	far := FarNotes(f, targets, tab.Targets(tab.England), 50000)
	if len(limit) != 1 || len(miss) != 1 || len(far) != 1 {
		t.Fatalf("notes: %q %q %q", limit, miss, far)
	}
	for _, n := range slices.Concat(limit, miss, far) {
		if !CautionNote(n) || !CautionNote(`la.area "Solihull" (--set): `+n) {
			t.Errorf("not a caution: %q", n)
		}
	}
	a := AreaOf(Defaults(), la, tab.England)
	// a user's text that quotes the phrases (a scenario's name before a
	// note it alone has, a file's name) is not a caution
	own := []string{
		"the fit came no nearer: " + a.String(),
		"fitted values far from the national ones: " + a.String(),
		`la.figures_file "the nearest the model comes.csv" (--set): ` + a.String(),
		"Local authority: Solihull, the nearest the model comes to mine",
	}
	for _, n := range slices.Concat([]string{a.String(), notFittedNote(900)}, la.Notes, own) {
		if CautionNote(n) {
			t.Errorf("a caution: %q", n)
		}
	}
}
