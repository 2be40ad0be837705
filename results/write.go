package results

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Manifest records how a run was made, so that it can be repeated.
type Manifest struct {
	Command   []string           `json:"command"`
	Seed      uint64             `json:"seed"`
	Reps      int                `json:"reps"`
	Years     int                `json:"years"`
	Version   string             `json:"version"`
	GoVersion string             `json:"go_version"`
	Scenarios []ManifestScenario `json:"scenarios"`
}

// ManifestScenario names one scenario of a run and its resolved config.
type ManifestScenario struct {
	Name   string         `json:"name"`
	File   string         `json:"file"`
	Config map[string]any `json:"config"`
}

// Files of the run folder, in the order they are written.
const (
	SummaryCSV      = "summary.csv"
	SummaryJSON     = "summary.json"
	WeeklyCSV       = "weekly.csv"
	ReplicationsCSV = "replications.csv"
	ManifestJSON    = "manifest.json"
)

// Seams for tests: afterFile is called once each file is complete and can
// fail the write; rename moves directories into place.
var (
	afterFile func(path string) error
	rename    = os.Rename
)

type outFile struct {
	name  string
	write func(io.Writer) error
}

// ErrForeignFolder is returned for a results folder that holds files a
// run did not write: they are never replaced.
var ErrForeignFolder = errors.New("holds files that are not a caseload run")

// CheckDir reports whether dir can take a run's results: it does not
// exist, is empty, or holds an earlier run (only the files a run writes),
// which the new run replaces whole. Anything else is left alone.
func CheckDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("results: %w", err)
	}
	known := map[string]bool{DurationsCSV: true, SummaryCSV: true, SummaryJSON: true, WeeklyCSV: true, ReplicationsCSV: true, ManifestJSON: true, AreasCSV: true}
	hasManifest := false
	for _, e := range entries {
		if !known[e.Name()] || e.IsDir() {
			return fmt.Errorf("results folder %s %w (%s): choose another --out", dir, ErrForeignFolder, e.Name())
		}
		hasManifest = hasManifest || e.Name() == ManifestJSON
	}
	if len(entries) > 0 && !hasManifest {
		return fmt.Errorf("results folder %s %w (no %s): choose another --out", dir, ErrForeignFolder, ManifestJSON)
	}
	return nil
}

// Write writes the run folder dir atomically: the files are written and
// fsynced in a fresh sibling directory (dir + ".tmp-*") that is then
// renamed into place. An existing dir (which CheckDir must accept) is
// moved aside (dir + ".old-*") first and removed only once the new one
// is in place. On error the temporary directory is removed and
// dir is left as it was, with one exception that is reported as such: the
// new run is in place but the old copy could not be removed.
//
// If m.Scenarios is nil, it is filled from the scenarios given to
// Summarize. The same report and manifest give byte-identical files.
func (r *Report) Write(dir string, m Manifest) error {
	if m.Scenarios == nil {
		m.Scenarios = r.manifestScenarios()
	}
	dir = filepath.Clean(dir)
	if err := CheckDir(dir); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".tmp-")
	if err != nil {
		return fmt.Errorf("results: %w", err)
	}
	if err := r.fill(tmp, m); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	return install(tmp, dir)
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
	return append(files, outFile{ManifestJSON, func(w io.Writer) error { return writeJSON(w, m) }})
}

func (r *Report) fill(tmp string, m Manifest) error {
	// MkdirTemp makes the directory private; the run folder is for sharing.
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("results: %w", err)
	}
	for _, f := range r.files(m) {
		if err := writeFile(filepath.Join(tmp, f.name), f.write); err != nil {
			return fmt.Errorf("results: writing %s: %w", f.name, err)
		}
	}
	if err := r.writeExtra(tmp); err != nil {
		return err
	}
	syncDir(tmp)
	return nil
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && afterFile != nil {
		err = afterFile(path)
	}
	return err
}

// syncDir makes renames and new entries durable. It is best effort: some
// platforms cannot fsync a directory, and the files themselves are synced.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}

// install renames the complete tmp into dir, moving an existing dir aside
// first and putting it back if the rename fails.
func install(tmp, dir string) error {
	old, err := moveAside(dir)
	if err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := rename(tmp, dir); err != nil {
		if old != "" {
			_ = rename(old, dir)
		}
		os.RemoveAll(tmp)
		return fmt.Errorf("results: %w", err)
	}
	syncDir(filepath.Dir(dir))
	if old == "" {
		return nil
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("results: new run written to %s but the previous one is left in %s: %w", dir, old, err)
	}
	return nil
}

// moveAside renames an existing dir to a unique sibling and returns its
// new path, or "" if there was no dir.
func moveAside(dir string) (string, error) {
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("results: %w", err)
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("results: %s exists and is not a directory", dir)
	}
	old, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".old-")
	if err != nil {
		return "", fmt.Errorf("results: %w", err)
	}
	// MkdirTemp only reserves a unique name: not every platform lets a
	// directory be renamed onto an existing one, even an empty one.
	if err := os.Remove(old); err != nil {
		return "", fmt.Errorf("results: %w", err)
	}
	if err := rename(dir, old); err != nil {
		return "", fmt.Errorf("results: %w", err)
	}
	return old, nil
}

func (r *Report) manifestScenarios() []ManifestScenario {
	ms := make([]ManifestScenario, len(r.scen))
	for i, s := range r.scen {
		ms[i] = ManifestScenario{Name: s.name, File: s.file, Config: s.config}
	}
	return ms
}
