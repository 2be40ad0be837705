package sim

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/caseload/caseload/dfe"
)

// A model starts where its parameters say: the need shares of families
// with no open case, the children on CIN plans, on CP plans and looked
// after per 10k, and the need mix of each stage, as State reads them
// straight after the build.
func TestModelStartsAtItsStartState(t *testing.T) {
	p := Defaults()
	p.LA.Children = 600000 // room for the shares to show
	m := New(p, 5, 0, nil)
	s := m.State()
	t.Logf("start %+v", s)
	pl := p.Pipeline
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"initial_cin", s.CIN, pl.InitialCIN}, {"initial_cp", s.CP, pl.InitialCP}, {"initial_cla", s.CLA, pl.InitialCLA}} {
		// families are placed whole until the stock is reached: at most
		// one family over, a few children in 10,000
		if math.Abs(c.got/c.want-1) > 0.02 {
			t.Errorf("%s: %.2f per 10k at the start, the parameter says %.2f", c.name, c.got, c.want)
		}
	}
	for _, c := range []struct {
		name      string
		got, want [4]float64
		tol       float64
	}{
		{"need.initial_shares", s.Shares, p.Need.InitialShares, 0.01},
		{"need.initial_shares_deprived", s.SharesDeprived, p.Need.InitialSharesDeprived, 0.02},
		// a thousand families or more in each stage: binomial noise of
		// one or two points
		{"pipeline.initial_need_cin", s.NeedCIN, pl.InitialNeedCIN, 0.04},
		{"pipeline.initial_need_cp", s.NeedCP, pl.InitialNeedCP, 0.05}, // some 640 families
		{"pipeline.initial_need_cla", s.NeedCLA, pl.InitialNeedCLA, 0.04},
	} {
		for k := range c.got {
			if math.Abs(c.got[k]-c.want[k]) > c.tol {
				t.Errorf("%s: %.4f at the start, the parameter says %.4f", c.name, c.got, c.want)
				break
			}
		}
	}
}

// With pipeline.care_leave 0 (children leave care only at 18) the
// looked-after stock still starts at pipeline.initial_cla: every family's
// weight 1 - e^(-52·a·care_leave) is 0 there, and none was placed.
func TestStartWithoutLeavingCare(t *testing.T) {
	p := Defaults()
	p.LA.Children = 80000
	p.Pipeline.CareLeave = 0
	s := New(p, 5, 0, nil).State()
	if math.Abs(s.CLA/p.Pipeline.InitialCLA-1) > 0.02 {
		t.Errorf("care_leave 0: %.1f looked after per 10k at the start, initial_cla says %.1f", s.CLA, p.Pipeline.InitialCLA)
	}
}

// A fit's measured start goes into the fitted table and comes back out
// as the same start (to the table's 6 decimals), and an LA with it
// starts from it.
func TestStartStateRoundTrip(t *testing.T) {
	tab := dfe.LAs()
	la, err := tab.Find("Stockport")
	if err != nil {
		t.Fatal(err)
	}
	start := StartState{Shares: [4]float64{0.9, 0.05, 0.04, 0.01}, SharesDeprived: [4]float64{0.8, 0.1, 0.08, 0.02},
		CIN: 171.25, CP: 44.5, CLA: 80.125,
		NeedCIN: [4]float64{0.3, 0.1, 0.4, 0.2}, NeedCP: [4]float64{0.1, 0.1, 0.3, 0.5}, NeedCLA: [4]float64{0.5, 0.1, 0.2, 0.2}}
	fit := LAFit{Onset: 1.1, S47Gap: 0.5, Conversion: 0.9, CPLength: 1.2, CareEntry: 1.3, CareLeave: 0.8, Start: &start}
	targets := tab.Targets(la)
	r := FitResult{Fit: fit, Simulated: targetValues(targets), Rounds: 3}
	f := &dfe.FitTable{Source: "x", Build: "y", How: "z"}
	f.Add(FitRowOf(la, targets, r))
	var b strings.Builder
	if err := dfe.WriteFitTable(&b, f); err != nil {
		t.Fatal(err)
	}
	g, err := dfe.ReadFitTable("fitted.csv", strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	row, ok := g.Row(la.Code)
	if !ok {
		t.Fatalf("%s: no row read back", la.Code)
	}
	back := FitOfRow(row)
	if back.Start == nil {
		t.Fatal("the start was not read back")
	}
	want, got := start.values(), back.Start.values()
	for j := range want {
		if math.Abs(got[j]-want[j]) > 1e-6 {
			t.Errorf("%s: %v read back, %v written", dfe.FitStart[j], got[j], want[j])
		}
	}
	p := Defaults()
	AreaWithFit(p, la, tab.England, back).Apply(&p)
	if p.Pipeline.InitialCLA != start.CLA || p.Pipeline.InitialNeedCP != start.NeedCP || p.Need.InitialSharesDeprived != start.SharesDeprived {
		t.Errorf("the LA starts from cla %v, cp need %v, deprived shares %v; its fit measured %v, %v, %v",
			p.Pipeline.InitialCLA, p.Pipeline.InitialNeedCP, p.Need.InitialSharesDeprived, start.CLA, start.NeedCP, start.SharesDeprived)
	}
	// without a start, its census stocks scaled from the national start
	fit.Start = nil
	q := Defaults()
	AreaWithFit(q, la, tab.England, fit).Apply(&q)
	if q.Need.InitialShares != Defaults().Need.InitialShares || q.Pipeline.InitialCLA == start.CLA {
		t.Errorf("with no measured start: shares %v, cla %v", q.Need.InitialShares, q.Pipeline.InitialCLA)
	}
}

// yearlyPer10k are the referrals, section 47 enquiries and care entries
// of each simulated year, and the mean children looked after, per 10k
// children, over reps replications.
func yearlyPer10k(p Params, seed uint64, reps int) [][4]float64 {
	var ws Workspace
	out := make([][4]float64, p.Years)
	per := float64(reps) * float64(p.LA.Children) / perTenThousand
	for r := range reps {
		o := ws.Simulate(p, seed, r)
		for w, row := range o.Weekly {
			y := w / weeksPerYear
			if y >= p.Years {
				continue
			}
			out[y][0] += row[WReferrals] / per
			out[y][1] += row[WS47] / per
			out[y][2] += row[WCareEntries] / per
			out[y][3] += row[WCLA] / weeksPerYear / per
		}
	}
	return out
}

// An LA run from its fitted start stays there: each of five years'
// referrals, enquiries and children looked after within 8% of the first
// year's, its care entries within 15%. Before the fit measured each LA's own start, Essex's
// referrals fell from 7,968 to 2,727 per year over six years as its
// model drifted from the national start to its own steady state
// (docs/MODEL.md §3.10). CASELOADTEST_LONG adds LAs of other kinds.
func TestLAStartsAtItsSteadyState(t *testing.T) {
	names := []string{"Essex", "Stockport"}
	if testing.Short() {
		names = names[1:]
	}
	if os.Getenv("CASELOADTEST_LONG") != "" {
		names = append(names, "Blackpool", "Shropshire", "Kensington and Chelsea", "Birmingham")
	}
	for _, name := range names {
		p, _ := fittedLA(t, name)
		p.Years = 5
		ys := yearlyPer10k(p, 17, FitReps(8, p.LA.Children))
		// the care entries of a year are a few hundred: noise of ±10%;
		// the rest are thousands, or a stock that moves slowly
		tol := [4]float64{0.08, 0.08, 0.15, 0.08}
		what := [4]string{"referrals", "s47 enquiries", "care entries", "children looked after"}
		for y := 1; y < len(ys); y++ {
			for i := range tol {
				if rel := ys[y][i]/ys[0][i] - 1; math.Abs(rel) > tol[i] {
					t.Errorf("%s year %d: %s %.1f per 10k, year 1 %.1f (%+.1f%%, beyond ±%.0f%%)", name, y+1, what[i], ys[y][i], ys[0][i], 100*rel, 100*tol[i])
				}
			}
		}
		t.Logf("%s: year 1 %.1f, year %d %.1f referrals per 10k; looked after %.1f, %.1f", name, ys[0][0], len(ys), ys[len(ys)-1][0], ys[0][3], ys[len(ys)-1][3])
	}
}
