package records

import (
	"math"
	"testing"

	"github.com/caseload/caseload/sim"
)

// episodeLengths is the mix of the episodes of need (a case from referral
// to closure, as the CIN census return holds it) that closed in the
// measured years, by the bands of table B5 (13, 26, 52 and 104 weeks),
// counted per child.
func episodeLengths(s *Set) (shares [5]float64, n float64) {
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
		_, kids := s.m.FamilyChildren(e.family)
		shares[b] += float64(kids)
		n += float64(kids)
	}
	for b := range shares {
		shares[b] /= n
	}
	return shares, n
}

// TestEpisodesOfNeedAgree: the lengths of the episodes of need recounted
// from a replication's records (referral date to closure date, as an
// analyst reads them from the CIN census return) are the model's own
// cin_episodes_ended_share_* of that replication. go test ./records -run
// EpisodesOfNeed -v prints them beside the published mix (table B5,
// sim.UnfittedTargets), which the model is not fitted to.
func TestEpisodesOfNeedAgree(t *testing.T) {
	p := testParams(20000)
	for rep := range 2 {
		m := sim.New(p, 2025, rep, nil)
		var rec sim.Recorder
		m.Record(&rec)
		m.Run()
		o := m.Finish()
		s, err := Build(m, &rec, Options{LACode: LACode(0)})
		if err != nil {
			t.Fatal(err)
		}
		sh, n := episodeLengths(s)
		if n == 0 {
			t.Fatal("no episode of need ended")
		}
		for b, tg := range sim.UnfittedTargets {
			got := o.Values[sim.MetricIndex(tg.Metric)]
			t.Logf("rep %d %-32s records %.4f  model %.4f  published %.3f", rep, tg.Metric, sh[b], got, tg.Value)
			if math.Abs(sh[b]-got) > 1e-9 {
				t.Errorf("rep %d %s: %.4f from the records, %.4f in the model", rep, tg.Metric, sh[b], got)
			}
		}
	}
}
