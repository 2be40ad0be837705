package explore

import "testing"

// An interval with a negative end is joined with "to", not a dash that
// would read as a minus sign.
func TestSpan(t *testing.T) {
	for _, c := range [][3]string{{"1.2", "3.4", "1.2–3.4"}, {"-6.58", "17.6", "-6.58 to 17.6"}, {"-3", "-1", "-3 to -1"}} {
		if got := span(c[0], c[1]); got != c[2] {
			t.Errorf("span(%s, %s) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
	if got := cell(Summary{Mean: 2, Lo: -1, Hi: 5}); got != "2.000 [-1.000 to 5.000]" {
		t.Errorf("cell = %q", got)
	}
}
