package report

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/caseload/caseload/outdir"
)

// chartNames are the names of the report's charts (chart.name) but those
// of chartFamilies. Build refuses a chart not named here, so the lists
// cannot fall behind.
var chartNames = []string{
	"differences", "costs", "caseload", "calibration", "tornado", "morris", "sobol", "size",
	"trial-estimates", "trial-power", "trial-power-curve", "optimise-front",
}

// englandMetrics are the metrics of a national folder's charts by LA.
var englandMetrics = []string{"referrals_per_10k", "s47_enquiries_per_10k", "care_entries_per_10k", "statutory_caseload_mean"}

// chartFamilies are the charts named by a prefix and a series or metric:
// the names that may follow each prefix.
var chartFamilies = map[string][]string{"fan-": fanSeries, "areas-": englandMetrics, "sweep-": sweepMetrics,
	"neighbours-": append(slices.Clone(NeighbourMetrics), neighbourCost)}

// isChartName reports whether name is one chartNames or chartFamilies
// allows.
func isChartName(name string) bool {
	if slices.Contains(chartNames, name) {
		return true
	}
	for prefix, names := range chartFamilies {
		if rest, ok := strings.CutPrefix(name, prefix); ok && slices.Contains(names, rest) {
			return true
		}
	}
	return false
}

// IsChartFile reports whether name is a file the report writes into
// charts/: a chart's name with .svg or .png.
func IsChartFile(name string) bool {
	base, ok := strings.CutSuffix(name, ".svg")
	if !ok {
		base, ok = strings.CutSuffix(name, ".png")
	}
	return ok && isChartName(base)
}

// CheckCharts refuses a results folder dir whose charts/ holds anything
// the report does not write there (another file, a folder, a link):
// Build replaces charts/ whole, which would lose it. The error wraps
// outdir.ErrForeign and names the entry. A folder with no charts/ passes.
func CheckCharts(dir string) error {
	charts := filepath.Join(dir, ChartsDir)
	es, err := os.ReadDir(charts)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("results folder %s: reading %s: %w", dir, ChartsDir, err)
	}
	for _, e := range es {
		if !e.Type().IsRegular() || !IsChartFile(e.Name()) {
			return fmt.Errorf("results folder %s %w (%s): the report replaces %s/ whole, so move it out of the folder first",
				dir, outdir.ErrForeign, path.Join(ChartsDir, e.Name()), ChartsDir)
		}
	}
	return nil
}

func init() { outdir.ReportCheck = CheckCharts }
