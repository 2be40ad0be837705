package main

import (
	"path/filepath"
	"slices"
	"testing"
)

// compare --budget gives every scenario the same pounds: each model's FTE
// is the budget at its role's cost, and avoided.csv holds the cost per
// outcome avoided of each scenario after the first.
func TestCompareAtBudget(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	args := append([]string{"compare", "--budget", "124000", scenario("baseline.yaml"), scenario("core-offer.yaml"), scenario("micro-cluster.yaml"),
		"--seed", "3", "--reps", "2", "--years", "1", "--quiet", "--out", out}, smallLA...)
	mustRun(t, nil, args...)
	man := readManifest(t, out)
	scens := lookup(t, man, "scenarios").([]any)
	for i, team := range []string{"", "core", "cluster"} {
		if team == "" {
			continue
		}
		cfg := scens[i].(map[string]any)["config"]
		if got := lookup(t, cfg, "school_workforce", "teams", team, "fte"); got != 2.0 {
			t.Errorf("%s fte = %v, want 2 (£124,000 at £62,000 a qualified FTE)", team, got)
		}
	}
	recs := readCSV(t, filepath.Join(out, "avoided.csv"))
	if len(recs) != 1+2*3 {
		t.Fatalf("avoided.csv has %d rows, want a header and 2 scenarios × 3 ratios", len(recs))
	}
	var names []string
	for _, r := range recs[1 : 3+1] {
		names = append(names, r[2])
	}
	if !slices.Equal(names, []string{"cost_per_s47_avoided", "cost_per_care_entry_avoided", "cost_per_care_week_avoided"}) {
		t.Errorf("ratios %v", names)
	}
	r := runCLI(t, nil, "compare", "--budget", "-5", scenario("baseline.yaml"), scenario("embedded.yaml"))
	if r.code != exitBadInput {
		t.Errorf("--budget -5: exit %d, want %d (%s)", r.code, exitBadInput, r.stderr)
	}
}
