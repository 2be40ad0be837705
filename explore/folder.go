package explore

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Errors about the results folder, found before anything runs.
var (
	// ErrOtherJob: a resume folder holds a different job.
	ErrOtherJob = errors.New("the folder holds a different run")
	// ErrNoRun: a resume folder holds no run to finish.
	ErrNoRun = errors.New("the folder holds no run to resume")
	// ErrFolderInUse: a new run's folder already holds files.
	ErrFolderInUse = errors.New("the folder already holds files")
)

// Folder is the results folder of a long run that keeps each finished
// item (a design point, a trial) in its own file under Dir/Items, so that
// a stopped run can be resumed. Dir/state.json identifies the run.
type Folder struct {
	Dir   string
	Items string // subfolder of the finished items: points, trials
	State State
}

// State identifies a run: a resume must find the same kind and
// fingerprint. Count and Metrics describe it for a reader.
type State struct {
	Kind        string   `json:"kind"`
	Fingerprint string   `json:"fingerprint"`
	Count       int      `json:"count"`
	Metrics     []string `json:"metrics,omitempty"`
}

// Open prepares the folder: for a new run one that does not exist or is
// empty; for a resume one that holds the same run.
func (f Folder) Open(resume bool) error {
	path := filepath.Join(f.Dir, "state.json")
	if resume {
		var old State
		err := ReadJSON(path, &old)
		if err != nil {
			return fmt.Errorf("resume %s: %w (%v)", f.Dir, ErrNoRun, err)
		}
		if old.Fingerprint != f.State.Fingerprint || old.Kind != f.State.Kind {
			return fmt.Errorf("%w: %s holds a %s of another design, seed, scenario or size; run with the same arguments",
				ErrOtherJob, f.Dir, old.Kind)
		}
		return nil
	}
	if entries, err := os.ReadDir(f.Dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s: %w: choose another --out, or --resume it", f.Dir, ErrFolderInUse)
	}
	if err := os.MkdirAll(filepath.Join(f.Dir, f.Items), 0o755); err != nil {
		return err
	}
	return WriteJSON(path, f.State)
}

// ItemPath is the file of finished item i.
func (f Folder) ItemPath(i int) string {
	return filepath.Join(f.Dir, f.Items, fmt.Sprintf("%05d.json", i))
}

// Finished counts the items on disk.
func (f Folder) Finished() int {
	entries, _ := os.ReadDir(filepath.Join(f.Dir, f.Items))
	return len(entries)
}

// Keep writes item i atomically and returns it as a resume would read it
// back, so that a resumed run and an uninterrupted one give the same
// bytes.
func Keep[T any](f Folder, i int, v T) (T, error) {
	var back T
	if err := WriteJSON(f.ItemPath(i), v); err != nil {
		return back, err
	}
	err := ReadJSON(f.ItemPath(i), &back)
	return back, err
}

// ReadJSON reads a JSON file into v.
func ReadJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// WriteJSON writes v as indented JSON, atomically.
func WriteJSON(path string, v any) error {
	return WriteFile(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	})
}
