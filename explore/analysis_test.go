package explore

import (
	"math"
	"testing"

	"github.com/caseload/caseload/results"
)

// An interval with a negative end is joined with "to", not a dash that
// would read as a minus sign.
func TestSpan(t *testing.T) {
	for _, c := range [][3]string{{"1.2", "3.4", "1.2–3.4"}, {"-6.58", "17.6", "-6.58 to 17.6"}, {"-3", "-1", "-3 to -1"}} {
		if got := results.Span(c[0], c[1]); got != c[2] {
			t.Errorf("span(%s, %s) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
	if got := cell(Summary{Mean: 2, Lo: -1, Hi: 5}); got != "2.000 [-1.000 to 5.000]" {
		t.Errorf("cell = %q", got)
	}
}

// A swing's interval is over the paired differences, replication by
// replication: points that move together give a narrow one, however wide
// each point's own; one replication gives none.
func TestPairedSwing(t *testing.T) {
	lo := PointResult{Reps: [][]float64{{10}, {20}, {30}, {40}}}
	hi := PointResult{Reps: [][]float64{{12}, {21.5}, {32.5}, {42}}}
	s := pairedSwing(lo, hi, 0)
	if s.Mean != 2 || !(s.Lo > 0.9 && s.Lo < 2 && s.Hi > 2 && s.Hi < 3.1) {
		t.Errorf("swing %v [%v, %v], want 2 with a narrow interval about it", s.Mean, s.Lo, s.Hi)
	}
	if one := pairedSwing(PointResult{Reps: [][]float64{{1}}}, PointResult{Reps: [][]float64{{2}}}, 0); !math.IsNaN(one.Lo) || !math.IsNaN(one.Hi) {
		t.Errorf("one replication: interval [%v, %v], want none", one.Lo, one.Hi)
	}
	if n := minReps([]PointResult{{Reps: make([][]float64, 4)}, {Reps: make([][]float64, 3)}}); n != 3 {
		t.Errorf("minReps = %d, want 3", n)
	}
}
