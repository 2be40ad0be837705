// Package outdir is the one results-folder mechanism of every command
// that writes a folder: checks made before anything runs, a lock that
// keeps a second writer out, repair of what a crash left, atomic files,
// a crash-safe swap of a whole folder, and the log of invocations.
//
// A folder dir has these companions, all in its parent folder:
//
//	.dir.lock      the lock file (holds the writer's pid; removed on Close)
//	.dir.tmp-*     a folder being written, or an old one being removed
//	.dir.old-*     an old folder moved aside (only where the platform
//	               cannot exchange two folders in one step)
//
// and, inside, files being written are named .name.tmp-*. Open removes
// the temporaries and puts an .old-* folder back when dir itself is
// missing, so a crash at any moment leaves either the old folder or the
// new one, and never debris that a later run does not clear.
package outdir

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Errors about the folder, all bad input found before anything runs.
var (
	// ErrLocked: another process holds the folder's lock.
	ErrLocked = errors.New("is being written by another caseload process")
	// ErrNotFolder: the path is a file, a symlink or something else that
	// is not a plain folder.
	ErrNotFolder = errors.New("is not a folder")
	// ErrForeign: the folder holds files that caseload did not write.
	ErrForeign = errors.New("holds files that are not a caseload run")
	// ErrCreate: the folder (or its parent) cannot be created.
	ErrCreate = errors.New("cannot be created")
)

// LogName is the per-invocation log inside every results folder: one JSON
// line per command that wrote to the folder (its command line, version and
// time). It is the only file that differs between an uninterrupted run
// and a resumed one.
const LogName = "invocations.log"

// Folder is a locked results folder.
type Folder struct {
	Path      string // the folder, cleaned
	lock      *os.File
	lockPath  string
	shard     *os.File // a shard's own lock (OpenShard), else nil
	shardPath string
}

// Open checks that path can be a results folder, takes its lock and
// repairs what an earlier crash left. It creates path's parent, but not
// path. It fails with ErrNotFolder (path is a file or a symlink),
// ErrCreate, or ErrLocked (naming the holder's pid).
func Open(path string) (*Folder, error) {
	path = filepath.Clean(path)
	if err := checkPath(path); err != nil {
		return nil, err
	}
	parent := filepath.Dir(path)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("results folder %s %w: %v", path, ErrCreate, err)
	}
	f := &Folder{Path: path, lockPath: filepath.Join(parent, "."+filepath.Base(path)+".lock")}
	if err := f.acquire(); err != nil {
		return nil, err
	}
	if err := f.checkShards(); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.repair(); err != nil {
		f.Close()
		return nil, err
	}
	// checked again under the lock: another process may have replaced it
	if err := checkPath(path); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func checkPath(path string) error {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("results folder %s %w: %v", path, ErrCreate, err)
	case fi.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("results folder %s %w (it is a symbolic link): choose another --out", path, ErrNotFolder)
	case !fi.IsDir():
		return fmt.Errorf("results folder %s %w (it is a file): choose another --out", path, ErrNotFolder)
	}
	return nil
}

// acquire takes the lock file's lock without waiting.
func (f *Folder) acquire() error {
	for range 3 {
		lf, err := os.OpenFile(f.lockPath, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return fmt.Errorf("results folder %s %w: %v", f.Path, ErrCreate, err)
		}
		if err := lockFile(lf); err != nil {
			lf.Close()
			b, _ := os.ReadFile(f.lockPath)
			holder := strings.TrimSpace(string(b))
			if holder == "" {
				holder = "unknown"
			}
			return fmt.Errorf("results folder %s %w (pid %s): wait for it, or choose another --out", f.Path, ErrLocked, holder)
		}
		// The holder before us may have removed the file after we opened
		// it: the lock then guards nothing, so try again.
		a, errA := lf.Stat()
		b, errB := os.Stat(f.lockPath)
		if errA == nil && errB == nil && os.SameFile(a, b) {
			lf.Truncate(0)
			lf.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
			f.lock = lf
			return nil
		}
		unlockFile(lf)
		lf.Close()
	}
	return fmt.Errorf("results folder %s %w (its lock file keeps changing)", f.Path, ErrLocked)
}

// Close releases the lock and removes the lock file. It is safe to call
// more than once.
func (f *Folder) Close() {
	if f == nil {
		return
	}
	if f.shard != nil {
		os.Remove(f.shardPath)
		unlockFile(f.shard)
		f.shard.Close()
		f.shard = nil
	}
	f.ReleaseFolder()
}

// Exists reports whether the folder exists.
func (f *Folder) Exists() bool {
	fi, err := os.Lstat(f.Path)
	return err == nil && fi.IsDir()
}

// Entries lists the folder's entries (none when it does not exist).
func (f *Folder) Entries() []fs.DirEntry {
	es, _ := os.ReadDir(f.Path)
	return es
}

// CheckKnown refuses a folder holding an entry that known does not accept.
func (f *Folder) CheckKnown(known func(e fs.DirEntry) bool) error {
	for _, e := range f.Entries() {
		if !known(e) {
			return fmt.Errorf("results folder %s %w (%s): choose another --out", f.Path, ErrForeign, e.Name())
		}
	}
	return nil
}

// repair clears what a crash left: the temporaries beside the folder and
// inside it (one level of subfolders down), and an old folder moved aside
// when the folder itself is missing, which is put back.
func (f *Folder) repair() error {
	parent, base := filepath.Dir(f.Path), filepath.Base(f.Path)
	olds := ownTemporaries(parent, "."+base+".old-")
	tmps := ownTemporaries(parent, "."+base+".tmp-")
	if _, err := os.Lstat(f.Path); errors.Is(err, fs.ErrNotExist) && len(olds) > 0 && isDir(olds[len(olds)-1]) {
		// the swap stopped between moving the old folder aside and
		// putting the new one in place: the old one is whole
		if err := os.Rename(olds[len(olds)-1], f.Path); err != nil {
			return fmt.Errorf("results folder %s: restoring %s: %w", f.Path, olds[len(olds)-1], err)
		}
		olds = olds[:len(olds)-1]
	}
	for _, p := range append(olds, tmps...) {
		if err := os.RemoveAll(p); err != nil {
			return fmt.Errorf("results folder %s: removing %s: %w", f.Path, p, err)
		}
	}
	// inside, only in a folder caseload wrote: never in someone else's
	if !isRun(f.Path) {
		return nil
	}
	return removeTemporaries(f.Path, 1)
}

// isRun reports whether dir is a folder caseload wrote (Wrote), or holds
// only the temporaries of the first file a run was writing when it was
// killed.
func isRun(dir string) bool {
	if Wrote(dir) {
		return true
	}
	es, err := os.ReadDir(dir)
	if err != nil || len(es) == 0 {
		return false
	}
	for _, e := range es {
		if e.IsDir() || !strings.HasPrefix(e.Name(), "."+StateName+".tmp-") {
			return false
		}
	}
	return true
}

// ownTemporaries lists the folders in parent named prefix and the digits
// os.MkdirTemp adds, as Stage and Commit make them: not .out.old-2025.lock
// or .out.old-2025.tmp-123, the lock and temporaries of a results folder
// named out.old-2025 beside out.
func ownTemporaries(parent, prefix string) []string {
	m, _ := filepath.Glob(filepath.Join(parent, globEscape(prefix)+"*"))
	var out []string
	for _, p := range m {
		if rest := strings.TrimPrefix(filepath.Base(p), prefix); rest != "" && strings.Trim(rest, "0123456789") == "" {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

func isDir(p string) bool {
	fi, err := os.Lstat(p)
	return err == nil && fi.IsDir()
}

// removeTemporaries removes the files .name.tmp-* that an atomic write
// left in dir and, depth levels down, its subfolders, and the folders of
// that name (report's .charts.tmp-*).
func removeTemporaries(dir string, depth int) error {
	es, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	for _, e := range es {
		p := filepath.Join(dir, e.Name())
		if e.IsDir() && isTemporary(e.Name()) {
			// a folder being written when a command stopped (report's
			// .charts.tmp-*)
			if err := os.RemoveAll(p); err != nil {
				return err
			}
			continue
		}
		if e.IsDir() {
			if depth > 0 {
				if err := removeTemporaries(p, depth-1); err != nil {
					return err
				}
			}
			continue
		}
		if isTemporary(e.Name()) {
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	return nil
}

func isTemporary(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp-")
}

func globEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`)
	return r.Replace(s)
}

// Stage makes a fresh empty folder beside Path to write a whole new
// folder into; Commit puts it in place.
func (f *Folder) Stage() (string, error) {
	tmp, err := os.MkdirTemp(filepath.Dir(f.Path), "."+filepath.Base(f.Path)+".tmp-")
	if err != nil {
		return "", fmt.Errorf("results: %w", err)
	}
	// MkdirTemp makes the folder private; results are for sharing
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("results: %w", err)
	}
	return tmp, nil
}

// Seams for tests: exchange swaps two folders in one step (or reports
// errNoExchange); rename moves a folder.
var (
	exchange = exchangeDirs
	rename   = os.Rename
	// pause: see SetPause.
	pause func(moment string)
)

var errNoExchange = errors.New("exchange not supported")

// Commit puts the complete folder tmp (from Stage) in place of Path. The
// swap is crash-safe: where the platform can exchange two folders in one
// step (Linux renameat2), the old folder lands in tmp and is then
// removed; elsewhere the old folder is moved to .Path.old-*, which Open
// puts back if a crash comes before the new one is in place. On error tmp
// is removed and Path is left as it was.
func (f *Folder) Commit(tmp string) error {
	syncDir(tmp)
	at("commit")
	if _, err := os.Lstat(f.Path); errors.Is(err, fs.ErrNotExist) {
		if err := rename(tmp, f.Path); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("results: %w", err)
		}
		syncDir(filepath.Dir(f.Path))
		return nil
	}
	err := exchange(tmp, f.Path)
	if err == nil {
		syncDir(filepath.Dir(f.Path))
		at("swapped")
		if err := os.RemoveAll(tmp); err != nil {
			return fmt.Errorf("results: new results written to %s but the previous ones are left in %s: %w", f.Path, tmp, err)
		}
		return nil
	}
	if !errors.Is(err, errNoExchange) {
		os.RemoveAll(tmp)
		return fmt.Errorf("results: %w", err)
	}
	old, err := os.MkdirTemp(filepath.Dir(f.Path), "."+filepath.Base(f.Path)+".old-")
	if err == nil {
		// MkdirTemp only reserves a unique name: not every platform lets
		// a folder be renamed onto an existing one, even an empty one
		err = os.Remove(old)
	}
	if err == nil {
		err = rename(f.Path, old)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("results: %w", err)
	}
	at("aside")
	if err := rename(tmp, f.Path); err != nil {
		_ = rename(old, f.Path)
		os.RemoveAll(tmp)
		return fmt.Errorf("results: %w", err)
	}
	syncDir(filepath.Dir(f.Path))
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("results: new results written to %s but the previous ones are left in %s: %w", f.Path, old, err)
	}
	return nil
}

func at(moment string) {
	if pause != nil {
		pause(moment)
	}
}

// SetPause sets a function called with the name of each moment of a
// write ("file": before a file is renamed into place; "commit": before a
// folder is swapped in; "swapped": after the swap, before the old folder
// is removed; "aside": after the old folder is moved aside, where the
// platform cannot swap). The kill tests use it to stop the program there;
// it is nil in normal use.
func SetPause(p func(moment string)) { pause = p }

// syncDir makes renames and new entries durable. It is best effort: some
// platforms cannot fsync a folder, and the files themselves are synced.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}

// WriteFile writes a file atomically: into a temporary file .name.tmp-*
// beside it, synced, then renamed over the target. A failure leaves no
// partial file; a crash leaves a temporary that Open removes.
func WriteFile(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	tmp := f.Name()
	bw := bufio.NewWriter(f)
	if err = write(bw); err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		at("file")
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// WriteJSON writes v as indented JSON, atomically.
func WriteJSON(path string, v any) error {
	return WriteFile(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	})
}

// maxJSONBytes bounds a JSON file read back (a state or a finished
// item): far above what a run writes, below what would exhaust memory.
const maxJSONBytes = 1 << 30

// ReadJSON reads a JSON file into v. Only a regular file is read, opened
// without following a symbolic link or blocking (a FIFO or a device put
// in its place is refused, not read), and of at most maxJSONBytes.
func ReadJSON(path string, v any) error {
	f, err := os.OpenFile(path, os.O_RDONLY|readFlags, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() || fi.Size() > maxJSONBytes {
		return fmt.Errorf("%s: expected a regular file of at most %d bytes (mode %s, %d bytes)", path, maxJSONBytes, fi.Mode(), fi.Size())
	}
	b, err := io.ReadAll(io.LimitReader(f, maxJSONBytes))
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// Invocation is one line of the invocation log.
type Invocation struct {
	Time      string   `json:"time"`
	Command   []string `json:"command"`
	Version   string   `json:"version"`
	GoVersion string   `json:"go_version"`
	Resume    bool     `json:"resume,omitempty"`
	// Shard is K/N for one shard of a run shared by several processes;
	// Rerun is the command's arguments as caseload merge runs them again
	// to finish the folder (without --shard, --out, --resume). Env and
	// Dir are the CASELOAD_* variables and the working folder of every
	// command (of a shard's only, in logs written before caseload rerun).
	Shard string   `json:"shard,omitempty"`
	Rerun []string `json:"rerun,omitempty"`
	Env   []string `json:"env,omitempty"`
	Dir   string   `json:"dir,omitempty"`
	// Merged, on the line of caseload merge, is the sha256 digest of
	// every file the merge left in the folder (but this log), by path:
	// a second merge finds it done, or its files altered (RecordMerge).
	Merged map[string]string `json:"merged,omitempty"`
}

// NewInvocation describes the running command now.
func NewInvocation(command []string, version, goVersion string, resume bool) Invocation {
	return Invocation{Time: time.Now().UTC().Format(time.RFC3339), Command: command,
		Version: version, GoVersion: goVersion, Resume: resume}
}

// AppendLog adds inv to dir's invocation log, atomically: the log is
// rewritten whole with the line added.
func AppendLog(dir string, inv Invocation) error {
	path := filepath.Join(dir, LogName)
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	line, err := json.Marshal(inv)
	if err != nil {
		return err
	}
	return WriteFile(path, func(w io.Writer) error {
		if _, err := w.Write(old); err != nil {
			return err
		}
		_, err := w.Write(append(line, '\n'))
		return err
	})
}

// Wrote reports whether dir is a folder caseload wrote: its
// manifest.json has the kind, version and Go version every manifest
// carries, or its state.json the kind and fingerprint of a resumable or
// sharded run.
func Wrote(dir string) bool {
	var m struct {
		Kind      string `json:"kind"`
		Version   string `json:"version"`
		GoVersion string `json:"go_version"`
	}
	if ReadJSON(filepath.Join(dir, "manifest.json"), &m) == nil && m.Kind != "" && m.Version != "" && m.GoVersion != "" {
		return true
	}
	var st State
	return ReadJSON(filepath.Join(dir, StateName), &st) == nil && st.Kind != "" && st.Fingerprint != ""
}

// Manifest is the one manifest.json of every results folder: what was
// run, everything that decides the results, and nothing about the
// invocation (command line, time: see LogName), so that a resumed run and
// an uninterrupted one write the same bytes. Fields a kind does not use
// are left out.
type Manifest struct {
	Kind      string             `json:"kind"`               // run, compare, compare-neighbours, sweep, sensitivity-<method>, size, trial, optimise, calibration
	Scenario  string             `json:"scenario,omitempty"` // the scenario file of a one-scenario kind
	Place     string             `json:"place,omitempty"`    // a one-scenario kind's: the real LA the scenario is built for (config.PlaceLine)
	Notes     []string           `json:"notes,omitempty"`    // a one-scenario kind's: the scenario's notes, shown under the command's table
	Sets      []string           `json:"sets,omitempty"`     // --set overrides, in order
	Seed      uint64             `json:"seed"`               // master seed
	Reps      int                `json:"reps,omitempty"`     // replications (per point)
	Years     int                `json:"years,omitempty"`    // measured years
	Design    any                `json:"design,omitempty"`   // the design (sweep, sensitivity) or trial spec
	Factors   any                `json:"factors,omitempty"`  // the design's factors
	Points    any                `json:"points,omitempty"`   // the design's points
	Team      string             `json:"team,omitempty"`     // the team a trial evaluates
	PerLA     []int              `json:"schools_per_la,omitempty"`
	Extra     map[string]string  `json:"extra,omitempty"`     // method, metric, target, answer
	Version   string             `json:"version"`             // program version and revision
	GoVersion string             `json:"go_version"`          // Go toolchain
	Arch      string             `json:"arch,omitempty"`      // GOARCH and its level (GOAMD64, GOARM64) of the build
	Scenarios []ManifestScenario `json:"scenarios,omitempty"` // every scenario's resolved configuration (run, compare)
	Config    map[string]any     `json:"config,omitempty"`    // the resolved base configuration (one-scenario kinds)
}

// ManifestScenario names one scenario of a run and its resolved config.
type ManifestScenario struct {
	Name   string         `json:"name"`
	File   string         `json:"file"`
	Config map[string]any `json:"config"`
	// Place says which real LA the scenario is built for and what its
	// parameters are fitted to (config.PlaceLine); Notes are the notes the
	// terminal shows under the table: what la.area, la.figures_file and
	// la.schools_file set, and warnings about the scenario's outputs.
	Place string   `json:"place,omitempty"`
	Notes []string `json:"notes,omitempty"`
}
