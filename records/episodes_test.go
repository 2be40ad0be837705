package records

import (
	"math"
	"testing"

	"github.com/caseload/caseload/sim"
)

// episodesOfNeedB5 is the published mix of episodes of need that ended in
// the year by length, referral to closure: DfE Characteristics of children
// in need 2024, table B5, 356,690 episodes ended: 3 months or less 47.5%,
// 3-6 months 14.8%, 6-12 months 15.7%, 1-2 years 12.2%, 2 years and over
// 9.8%.
var episodesOfNeedB5 = [5]float64{0.475, 0.148, 0.157, 0.122, 0.098}

// episodeLengths is the mix of the episodes of need (a case from referral
// to closure, as the CIN census return holds it) that closed in the
// measured years, by the bands of table B5 (13, 26, 52 and 104 weeks).
func episodeLengths(s *Set) (shares [5]float64, n int) {
	for _, e := range s.episodes {
		if e.close < int32(s.first) {
			continue // open at the end (-1), or closed before the measured years
		}
		w := int(e.close - e.ref)
		b := 4
		for k, top := range []int{13, 26, 52, 104} {
			if w <= top {
				b = k
				break
			}
		}
		shares[b]++
		n++
	}
	for b := range shares {
		shares[b] /= float64(n)
	}
	return shares, n
}

// TestEpisodesOfNeedLengths measures the lengths of the baseline's
// episodes of need from its records, beside the published mix (table B5),
// which the model is not fitted to (MODEL.md §4.2): go test ./records -run
// EpisodesOfNeed -v prints both. Every band holds some episodes, and the
// episodes that ended are those the records close in the measured years.
func TestEpisodesOfNeedLengths(t *testing.T) {
	if testing.Short() {
		t.Skip("two replications of the typical LA")
	}
	var mix [5]float64
	total := 0
	for rep := range 2 {
		m := sim.New(sim.Defaults(), 2025, rep, nil)
		var rec sim.Recorder
		m.Record(&rec)
		m.Run()
		s, err := Build(m, &rec, Options{LACode: LACode(0)})
		if err != nil {
			t.Fatal(err)
		}
		sh, n := episodeLengths(s)
		for b := range mix {
			mix[b] += sh[b] / 2
		}
		total += n
	}
	sum := 0.0
	for b, x := range mix {
		t.Logf("%-6s simulated %.3f  published (B5 2024) %.3f", sim.DurationBands[sim.DurCINPlan][b], x, episodesOfNeedB5[b])
		if x <= 0 {
			t.Errorf("band %s: no episode", sim.DurationBands[sim.DurCINPlan][b])
		}
		sum += x
	}
	if math.Abs(sum-1) > 1e-9 || total == 0 {
		t.Errorf("%d episodes, shares summing to %v", total, sum)
	}
}
