package results

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/caseload/caseload/sim"
)

// durations.csv is tidy: one row per scenario, stage, status and band, in
// the census's bands, and the shares of each stage and status are the mean
// over replications of shares that add to 1 (or 0 with no episodes).
func TestDurationsCSV(t *testing.T) {
	p := smallLA()
	outs := []sim.Outcome{sim.Simulate(p, 3, 0), sim.Simulate(p, 3, 1)}
	r := Summarize([]Scenario{{Name: "a", Outcomes: outs}})
	var b bytes.Buffer
	if err := r.writeDurationsCSV(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if lines[0] != "scenario,stage,status,band,share" {
		t.Fatalf("header %q", lines[0])
	}
	want := 0
	for _, bands := range sim.DurationBands {
		want += 2 * len(bands)
	}
	if len(lines)-1 != want {
		t.Fatalf("%d rows, want %d", len(lines)-1, want)
	}
	sums := map[string]float64{}
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		x, err := strconv.ParseFloat(f[4], 64)
		if err != nil || x < 0 || x > 1 {
			t.Fatalf("row %q: share %v", l, f[4])
		}
		sums[f[1]+"/"+f[2]] += x
	}
	for k, s := range sums {
		if math.Abs(s-1) > 1e-9 && s != 0 {
			t.Errorf("%s: shares add to %v", k, s)
		}
	}
	if !strings.Contains(b.String(), "a,assessment,ended,41-45,") || !strings.Contains(b.String(), "a,care_episode,open_at_census,ge2y,") {
		t.Errorf("missing census bands:\n%s", b.String())
	}
}
