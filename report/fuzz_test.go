package report

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds arbitrary manifest, summary and weekly files to the
// report's reader and lays out the report, drawing every chart: it never
// panics, and a folder it refuses is ErrNotResults (caseload report exits
// 2 for it). `go test` runs the seeds; `make fuzz` searches further.
func FuzzLoad(f *testing.F) {
	const manifest = `{"command": ["caseload", "compare", "a.yaml", "b.yaml"], "seed": 7, "reps": 4, "years": 1,
  "scenarios": [{"name": "a", "file": "a.yaml", "config": {"statutory": {"caseload_cap": 20}, "warmup_weeks": 52}}, {"name": "b", "file": "b.yaml", "config": {}}]}`
	const summary = "scenario,metric,statistic,value\na,referrals,n,4\na,referrals,mean,100\na,referrals,sd,10\na,referrals,ci95_low,90\na,referrals,ci95_high,110\n" +
		"b,referrals,mean,105\nb,referrals,diff_mean,5\nb,referrals,diff_ci95_low,2\nb,referrals,diff_ci95_high,8\na,cost_total,mean,1e7\nb,cost_total,mean,1.1e7\n"
	const weekly = "scenario,week,series,mean,p05,p25,p50,p75,p95\na,1,referrals,5,1,2,3,4,9\na,2,referrals,6,1,2,3,4,9\nb,1,referrals,5,1,2,3,4,9\nb,3,statutory_caseload,NaN,,1,2,3,4\n"
	f.Add([]byte(manifest), []byte(summary), []byte(weekly))
	f.Add([]byte(`{"kind": "run", "calendar": {"start_date": "2024-09-02"}}`), []byte(summary), []byte(""))
	f.Add([]byte(`{"kind": "size"}`), []byte("mean,ci95_low,ci95_high,share_meeting_target,meets\n1,0,2,0.5,true\n"), []byte(weekly))
	f.Add([]byte(`{"kind": "sweep", "factors": [{"key": "statutory.posts"}]}`), []byte("point,metric,mean,ci95_low,ci95_high\n0,referrals,1,0,2\n"), []byte(""))
	f.Fuzz(func(t *testing.T, man, sum, week []byte) {
		dir := filepath.Join(t.TempDir(), "r")
		os.Mkdir(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "manifest.json"), man, 0o644)
		// the exploring commands' tables are read from the same bytes
		for _, name := range []string{"summary.csv", "size.csv", "sweep.csv", "sensitivity.csv", "trials.csv"} {
			os.WriteFile(filepath.Join(dir, name), sum, 0o644)
		}
		if len(week) > 0 {
			os.WriteFile(filepath.Join(dir, "weekly.csv"), week, 0o644)
		}
		d, err := load(dir)
		if err != nil {
			var pe *os.PathError
			if !errors.Is(err, ErrNotResults) && !errors.As(err, &pe) {
				t.Fatalf("refused without ErrNotResults: %v", err)
			}
			return
		}
		for _, c := range d.charts {
			if _, err := c.svg(); err != nil {
				t.Fatalf("chart %s: %v", c.name, err)
			}
		}
	})
}
