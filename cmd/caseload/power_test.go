package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// trial with a list of sizes writes power.csv, one row per size with
// exactly the promised columns, the files of the last size, and a power
// curve chart; --las must match the sizes.
func TestTrialPowerCurve(t *testing.T) {
	out := filepath.Join(t.TempDir(), "curve")
	args := append([]string{"trial", scenario("swis.yaml"), "--schools", "4,8", "--las", "2,4", "--years", "1", "--trials", "3",
		"--bands", "1", "--seed", "2", "--quiet", "--out", out}, smallLA...)
	mustRun(t, nil, args...)
	rows := readCSV(t, filepath.Join(out, "power.csv"))
	if !slices.Equal(rows[0], []string{"schools", "las", "power", "low", "high", "mde"}) {
		t.Fatalf("power.csv header %v", rows[0])
	}
	if len(rows) != 3 || rows[1][0] != "4" || rows[1][1] != "2" || rows[2][0] != "8" || rows[2][1] != "4" {
		t.Fatalf("power.csv rows %v, want sizes 4 (2 LAs) and 8 (4 LAs)", rows[1:])
	}
	for _, r := range rows[1:] {
		p, err1 := strconv.ParseFloat(r[2], 64)
		lo, err2 := strconv.ParseFloat(r[3], 64)
		hi, err3 := strconv.ParseFloat(r[4], 64)
		if err1 != nil || err2 != nil || err3 != nil || !(lo <= p && p <= hi && lo >= 0 && hi <= 1) {
			t.Errorf("power %q in [%q, %q]: want a share inside its interval", r[2], r[3], r[4])
		}
	}
	if n := len(readCSV(t, filepath.Join(out, "schools.csv"))); n != 1+3*8 {
		t.Errorf("schools.csv has %d rows, want the last size's 3 trials × 8 schools and a header", n)
	}
	if _, err := os.Stat(filepath.Join(out, "charts", "trial-power-curve.svg")); err != nil {
		t.Errorf("no power curve chart: %v", err)
	}
	// and a table of it, with each size's minimum detectable ratio
	if page := string(readFile(t, filepath.Join(out, "report.html"))); !strings.Contains(page, "Minimum detectable rate ratio at 80% power") {
		t.Error("report.html has no table of the power curve")
	}
	r := runCLI(t, nil, append([]string{"trial", scenario("swis.yaml"), "--schools", "4,8", "--las", "1,2,3"}, smallLA...)...)
	if r.code != exitBadInput {
		t.Errorf("--las of the wrong length: exit %d, want %d", r.code, exitBadInput)
	}
}
