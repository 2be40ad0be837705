package report

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/caseload/caseload/outdir"
)

// chartNames are the names of the report's charts (chart.name); those
// ending in "-" are followed by a metric's or a series' name. Build
// refuses a chart not named here, so the list cannot fall behind.
var chartNames = []string{
	"differences", "costs", "caseload", "calibration", "tornado", "morris", "sobol", "size",
	"trial-estimates", "trial-power", "trial-power-curve", "optimise-front",
	"fan-", "areas-", "sweep-",
}

// isChartName reports whether name is one chartNames allows.
func isChartName(name string) bool {
	for _, n := range chartNames {
		if rest, ok := strings.CutPrefix(name, n); ok && (rest == "" && !strings.HasSuffix(n, "-") || rest != "" && strings.HasSuffix(n, "-") && isKey(rest)) {
			return true
		}
	}
	return false
}

// isKey reports whether s is made of what metric and series names are:
// lower-case letters, digits and underscores.
func isKey(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return s != ""
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
