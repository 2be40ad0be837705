package outdir

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Errors about a resumable folder, found before anything runs.
var (
	// ErrOtherJob: a resume folder holds a different job.
	ErrOtherJob = errors.New("the folder holds a different run")
	// ErrNoRun: a resume folder holds no run to finish.
	ErrNoRun = errors.New("the folder holds no run to resume")
	// ErrFolderInUse: a new run's folder already holds files.
	ErrFolderInUse = errors.New("the folder already holds files")
)

// Items is the content of a resumable results folder: a long run (the
// points of a design, the trials of a trial run) keeps each finished item
// in its own file under Dir/Name, so that a stopped run can be resumed.
// Dir/state.json identifies the run. Such a folder is written in place
// (each file atomically) rather than swapped whole.
type Items struct {
	Dir   string
	Name  string // subfolder of the finished items: points, trials, reps
	Ext   string // the items' file extension; "" is json
	State State
}

// Has reports whether item i is finished: its file is there and reads
// back whole (ReadItem); a damaged one counts as not finished, to be run
// again.
func (it Items) Has(i int) bool {
	_, err := it.ReadItem(i)
	return err == nil
}

// State identifies a run: a resume must find the same kind and
// fingerprint. Count and Metrics describe it for a reader.
type State struct {
	Kind        string   `json:"kind"`
	Fingerprint string   `json:"fingerprint"`
	Count       int      `json:"count"`
	Metrics     []string `json:"metrics,omitempty"`
	// Build is the program's version and revision: shards of one run,
	// and a resume, must be the same build.
	Build string `json:"build,omitempty"`
}

// StateName is the file that identifies a resumable run.
const StateName = "state.json"

// ReportCheck, set by the report package, checks the report's files in a
// results folder before a run that ends by rebuilding the report, which
// replaces them: a resume here (a new run's folder is empty).
var ReportCheck func(dir string) error

// Check reports whether the folder can take the run: for a new run one
// that does not exist or is empty; for a resume one that holds the same
// run, and whose report files the report may replace (ReportCheck). It
// writes nothing.
func (it Items) Check(resume bool) error {
	if resume {
		var old State
		err := ReadJSON(filepath.Join(it.Dir, StateName), &old)
		if err != nil {
			return fmt.Errorf("resume %s: %w (%v)", it.Dir, ErrNoRun, err)
		}
		if old.Fingerprint != it.State.Fingerprint || old.Kind != it.State.Kind {
			started := ""
			if cmd := firstCommand(it.Dir); cmd != "" {
				started = fmt.Sprintf(" (it was started as: %s)", cmd)
			}
			return fmt.Errorf("%w: %s holds a %s of another design, seed, scenario, settings or size%s; run with the same arguments",
				ErrOtherJob, it.Dir, old.Kind, started)
		}
		if old.Build != it.State.Build {
			return fmt.Errorf("%w: %s was started by %q, this is %q; finish it with the same build",
				ErrOtherBuild, it.Dir, old.Build, it.State.Build)
		}
		if ReportCheck != nil {
			return ReportCheck(it.Dir)
		}
		return nil
	}
	if entries, err := os.ReadDir(it.Dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s: %w: choose another --out, or --resume it", it.Dir, ErrFolderInUse)
	}
	return nil
}

// Open checks the folder (Check) and, for a new run, creates it with its
// state; inv, if not nil, is added to the invocation log.
func (it Items) Open(resume bool, inv *Invocation) error {
	if err := it.Check(resume); err != nil {
		return err
	}
	// The state is written before the items' folder, so that a kill at
	// any moment leaves an empty folder (a new run may take it) or one a
	// resume recognises.
	if !resume {
		if err := os.MkdirAll(it.Dir, 0o755); err != nil {
			return err
		}
		if err := WriteJSON(filepath.Join(it.Dir, StateName), it.State); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(filepath.Join(it.Dir, it.Name), 0o755); err != nil {
		return err
	}
	if inv != nil {
		return AppendLog(it.Dir, *inv)
	}
	return nil
}

// Path is the file of finished item i.
func (it Items) Path(i int) string {
	ext := it.Ext
	if ext == "" {
		ext = "json"
	}
	return filepath.Join(it.Dir, it.Name, fmt.Sprintf("%05d.%s", i, ext))
}

// CheckOwn refuses a folder of items that holds anything but its state,
// its log and its items (Path): what a merge that writes the folder whole
// in their place (a sharded run's) would lose. The error wraps ErrForeign
// and names the entry.
func (it Items) CheckOwn() error {
	foreign := func(name string) error {
		return fmt.Errorf("results folder %s %w (%s): the merge replaces the folder whole, so move it out first", it.Dir, ErrForeign, name)
	}
	es, err := os.ReadDir(it.Dir)
	if err != nil {
		return err
	}
	ext := it.Ext
	if ext == "" {
		ext = "json"
	}
	for _, e := range es {
		switch {
		case (e.Name() == StateName || e.Name() == LogName) && e.Type().IsRegular():
		case e.Name() == it.Name && e.IsDir():
			items, err := os.ReadDir(filepath.Join(it.Dir, it.Name))
			if err != nil {
				return err
			}
			for _, x := range items {
				var i int
				if n, _ := fmt.Sscanf(x.Name(), "%05d."+ext, &i); n != 1 || x.Name() != filepath.Base(it.Path(i)) || !x.Type().IsRegular() {
					return foreign(filepath.Join(it.Name, x.Name()))
				}
			}
		default:
			return foreign(e.Name())
		}
	}
	return nil
}

// Finished counts the finished items on disk.
func (it Items) Finished() int {
	entries, _ := os.ReadDir(filepath.Join(it.Dir, it.Name))
	n := 0
	for _, e := range entries {
		if !isTemporary(e.Name()) {
			n++
		}
	}
	return n
}

// firstCommand is the command line of the first invocation in dir's log,
// "" when there is none: what a resume's arguments must match.
func firstCommand(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, LogName))
	if err != nil {
		return ""
	}
	line, _, _ := strings.Cut(string(b), "\n")
	var inv Invocation
	if json.Unmarshal([]byte(line), &inv) != nil || len(inv.Command) == 0 {
		return ""
	}
	return strings.Join(inv.Command, " ")
}
