package results

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/records"
	"github.com/caseload/caseload/report"
)

// Manifest is the manifest of every results folder (outdir.Manifest).
type Manifest = outdir.Manifest

// ManifestScenario names one scenario of a run and its resolved config.
type ManifestScenario = outdir.ManifestScenario

// Files of the run folder, in the order they are written.
const (
	SummaryCSV      = "summary.csv"
	SummaryJSON     = "summary.json"
	WeeklyCSV       = "weekly.csv"
	ReplicationsCSV = "replications.csv"
	ManifestJSON    = "manifest.json"
)

// Seam for tests: afterFile is called once each file is complete and can
// fail the write.
var afterFile func(path string) error

type outFile struct {
	name  string
	write func(io.Writer) error
}

// ErrForeignFolder is returned for a results folder that holds files a
// run did not write: they are never replaced.
var ErrForeignFolder = outdir.ErrForeign

// Files that commands writing a run folder add to it: compare
// --neighbours and calibration --out.
const (
	NeighboursCSV = report.NeighboursCSV
	NeighboursMD  = report.NeighboursMD
	CalibrationMD = "calibration.md"
)

// known are the files of a run folder, the report's among them
// (report.Files; its charts are a folder), and those the commands that
// write one add: a folder any of them wrote is caseload's, which another
// may replace.
var known = map[string]bool{DurationsCSV: true, SummaryCSV: true, SummaryJSON: true, WeeklyCSV: true, ReplicationsCSV: true,
	ManifestJSON: true, AreasCSV: true, AvoidedCSV: true, outdir.LogName: true,
	report.HTMLFile: true, report.WorkbookFile: true, report.AnnualCSV: true,
	NeighboursCSV: true, NeighboursMD: true, CalibrationMD: true}

// CheckFolder reports whether the locked folder f can take a run's
// results: it does not exist, is empty, or holds an earlier run (only
// the files a run writes, its charts/ only charts and its records/ only
// returns, and a manifest caseload wrote), which the new run replaces
// whole. Anything else is left alone: the error wraps ErrForeignFolder
// and names what is not a run's.
func CheckFolder(f *outdir.Folder, extra ...string) error {
	ok := func(e fs.DirEntry) bool {
		if e.IsDir() {
			return e.Name() == report.ChartsDir || e.Name() == RecordsDir
		}
		return e.Type().IsRegular() && (known[e.Name()] || slices.Contains(extra, e.Name()))
	}
	var st outdir.State // a folder of another command's items (a sweep's, a shard's), named as such
	if err := outdir.ReadJSON(filepath.Join(f.Path, outdir.StateName), &st); err == nil && st.Kind != "" {
		return fmt.Errorf("results folder %s %w: it holds a %s's items (%s), which this would replace; see caseload status %s, or choose another --out",
			f.Path, ErrForeignFolder, st.Kind, outdir.StateName, f.Path)
	}
	if err := f.CheckKnown(ok); err != nil {
		return err
	}
	if err := report.CheckCharts(f.Path); err != nil {
		return err
	}
	if err := checkRecords(f.Path); err != nil {
		return err
	}
	es := f.Entries()
	if len(es) == 0 {
		return nil
	}
	if slices.IndexFunc(es, func(e fs.DirEntry) bool { return e.Name() == ManifestJSON }) < 0 {
		return fmt.Errorf("results folder %s %w (no %s): choose another --out", f.Path, ErrForeignFolder, ManifestJSON)
	}
	// a state.json that makes the folder caseload's was refused above
	if !outdir.Wrote(f.Path) {
		return fmt.Errorf("results folder %s %w (%s is not one caseload wrote: no kind, version and go_version): choose another --out", f.Path, ErrForeignFolder, ManifestJSON)
	}
	return nil
}

// checkRecords refuses a records/ folder holding anything but what a run
// writes there: returns caseload wrote (records.IsFileName, records.Wrote)
// in folders of the layout a run makes, a scenario's (named in the folder's manifest.json, at the top
// only), a replication's (rep001) and an LA's (la356). The new run
// replaces records/ whole.
func checkRecords(dir string) error {
	root := filepath.Join(dir, RecordsDir)
	if _, err := os.Lstat(root); err != nil {
		return nil // none (CheckKnown has refused anything else of the name)
	}
	var m struct {
		Scenarios []struct {
			Name string `json:"name"`
		} `json:"scenarios"`
	}
	outdir.ReadJSON(filepath.Join(dir, ManifestJSON), &m) // no scenarios' folders without it
	scenario := func(name string) bool {
		for _, s := range m.Scenarios {
			if config.SafeName(s.Name) == name {
				return true
			}
		}
		return false
	}
	return filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("results folder %s: reading %s: %w", dir, RecordsDir, err)
		}
		rel, _ := filepath.Rel(root, p)
		switch {
		case p == root:
			return nil
		case e.IsDir() && (isNumbered(e.Name(), "rep", 3, 6) || isNumbered(e.Name(), "la", 3, 3) || !strings.Contains(rel, string(filepath.Separator)) && scenario(e.Name())):
			return nil
		case e.Type().IsRegular() && records.IsFileName(e.Name()) && records.Wrote(p):
			return nil
		}
		return fmt.Errorf("results folder %s %w (%s): a run replaces %s/ whole, so move it out first, or choose another --out",
			dir, ErrForeignFolder, path.Join(RecordsDir, filepath.ToSlash(rel)), RecordsDir)
	})
}

// isNumbered reports whether name is prefix followed by lo to hi digits.
func isNumbered(name, prefix string, lo, hi int) bool {
	rest, ok := strings.CutPrefix(name, prefix)
	if !ok || len(rest) < lo || len(rest) > hi {
		return false
	}
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Write writes the run folder dir: it opens (locks) it, checks it and
// calls WriteTo. Commands open the folder themselves before running
// anything and call WriteTo.
func (r *Report) Write(dir string, m Manifest, inv *outdir.Invocation) error {
	f, err := outdir.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := CheckFolder(f); err != nil {
		return err
	}
	return r.WriteTo(f, m, inv)
}

// WriteTo writes the run folder f atomically: the files are written and
// fsynced in a fresh sibling folder that then takes f's place
// (outdir.Folder.Commit). On error f is left as it was. inv, if not nil,
// is the invocation log's one line.
//
// If m.Scenarios is nil, it is filled from the scenarios given to
// Summarize. The same report and manifest give byte-identical files.
func (r *Report) WriteTo(f *outdir.Folder, m Manifest, inv *outdir.Invocation) error {
	if m.Scenarios == nil {
		m.Scenarios = r.manifestScenarios()
	}
	if m.Kind == "" {
		m.Kind = "run"
	}
	tmp, err := f.Stage()
	if err != nil {
		return err
	}
	if err := r.fill(tmp, m); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if r.log != nil {
		log := r.log
		if err := outdir.WriteFile(filepath.Join(tmp, outdir.LogName), func(w io.Writer) error { _, err := w.Write(log); return err }); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("results: %w", err)
		}
	}
	if inv != nil {
		if err := outdir.AppendLog(tmp, *inv); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("results: %w", err)
		}
	}
	// The report (web page, charts, workbook) is rendered from the files
	// just written, inside the staged folder, so it appears with them.
	if err := report.Build(tmp); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("results: report: %w", err)
	}
	return f.Commit(tmp)
}

func (r *Report) files(m Manifest) []outFile {
	files := []outFile{
		{SummaryCSV, r.writeSummaryCSV},
		{DurationsCSV, r.writeDurationsCSV},
		{SummaryJSON, r.writeSummaryJSON},
		{WeeklyCSV, r.writeWeeklyCSV},
		{ReplicationsCSV, r.writeReplicationsCSV},
	}
	if r.hasAreas() {
		files = append(files, outFile{AreasCSV, r.writeAreasCSV})
	}
	if len(r.scen) > 1 {
		files = append(files, outFile{AvoidedCSV, r.writeAvoidedCSV})
	}
	return append(files, outFile{ManifestJSON, func(w io.Writer) error { return writeJSON(w, m) }})
}

func (r *Report) fill(tmp string, m Manifest) error {
	for _, f := range r.files(m) {
		path := filepath.Join(tmp, f.name)
		err := outdir.WriteFile(path, f.write)
		if err == nil && afterFile != nil {
			err = afterFile(path)
		}
		if err != nil {
			return fmt.Errorf("results: writing %s: %w", f.name, err)
		}
	}
	if err := r.writeExtra(tmp); err != nil {
		return err
	}
	return nil
}

func (r *Report) manifestScenarios() []ManifestScenario {
	ms := make([]ManifestScenario, len(r.scen))
	for i, s := range r.scen {
		ms[i] = ManifestScenario{Name: s.name, File: s.file, Config: s.config, Place: s.place, Notes: slices.Clone(s.notes)}
	}
	return ms
}
