package outdir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ErrOtherBuild: a folder's items were written by another build of the
// program, whose results may differ in their last digits.
var ErrOtherBuild = errors.New("the folder was started by another build of caseload")

// Shards of one run write into one shared folder at once. Each shard
// holds a lock of its own beside the folder,
//
//	.dir.shard-K.lock
//
// and takes the folder's own lock (.dir.lock) only for the moment it
// checks or writes the folder's state. A writer of the whole folder
// (Open: a one-machine run, a resume, a merge) is refused while any
// shard's lock is held, so that it never removes the temporary file of
// a shard at work.

// shardWait is how long OpenShard waits for the folder's own lock,
// which other shards hold only while they check the folder's state.
var shardWait = 2 * time.Minute

// OpenShard opens path as shard k of a shared folder: it takes the
// folder's lock (waiting while other shards starting at the same moment
// hold it) and shard k's own lock. Call ReleaseFolder once the folder's
// state is checked, keeping only the shard's lock until Close. It
// repairs nothing: other shards may be writing.
func OpenShard(path string, k int) (*Folder, error) {
	path = filepath.Clean(path)
	if err := checkPath(path); err != nil {
		return nil, err
	}
	parent := filepath.Dir(path)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("results folder %s %w: %v", path, ErrCreate, err)
	}
	f := &Folder{Path: path, lockPath: filepath.Join(parent, "."+filepath.Base(path)+".lock")}
	deadline := time.Now().Add(shardWait)
	for {
		err := f.acquire()
		if err == nil {
			break
		}
		if !errors.Is(err, ErrLocked) || time.Now().After(deadline) {
			return nil, err
		}
		time.Sleep(20*time.Millisecond + time.Duration(os.Getpid()%20)*time.Millisecond)
	}
	sp := shardLockPath(path, k)
	lf, err := os.OpenFile(sp, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("results folder %s %w: %v", path, ErrCreate, err)
	}
	if err := lockFile(lf); err != nil {
		lf.Close()
		b, _ := os.ReadFile(sp)
		f.Close()
		return nil, fmt.Errorf("results folder %s: shard %d %w (pid %s): wait for it", path, k, ErrLocked, holder(b))
	}
	lf.Truncate(0)
	lf.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	f.shard, f.shardPath = lf, sp
	if err := checkPath(path); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// ReleaseFolder gives up the folder's own lock, keeping a shard's.
func (f *Folder) ReleaseFolder() {
	if f == nil || f.lock == nil {
		return
	}
	os.Remove(f.lockPath)
	unlockFile(f.lock)
	f.lock.Close()
	f.lock = nil
}

func shardLockPath(path string, k int) string {
	return filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s.shard-%d.lock", filepath.Base(path), k))
}

func holder(b []byte) string {
	h := strings.TrimSpace(string(b))
	if h == "" {
		return "unknown"
	}
	return h
}

// checkShards refuses while a shard of the folder is at work, and
// removes the lock files of shards that have stopped.
func (f *Folder) checkShards() error {
	locks, _ := filepath.Glob(filepath.Join(filepath.Dir(f.Path), "."+globEscape(filepath.Base(f.Path))+".shard-*.lock"))
	for _, p := range locks {
		lf, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			continue
		}
		if err := lockFile(lf); err != nil {
			b, _ := os.ReadFile(p)
			lf.Close()
			k := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(p), "."+filepath.Base(f.Path)+".shard-"), ".lock")
			return fmt.Errorf("results folder %s: shard %s %w (pid %s): wait for it", f.Path, k, ErrLocked, holder(b))
		}
		os.Remove(p)
		unlockFile(lf)
		lf.Close()
	}
	return nil
}

// OpenShared checks the shared folder of a shard and creates it when it
// is new: a folder that exists must hold the same run (kind and
// fingerprint: the configuration, seed and size) started by the same
// build (State.Build), else ErrOtherJob or ErrOtherBuild; a folder that
// holds other files and no state is ErrFolderInUse. The caller holds the
// folder's lock (OpenShard). inv, if not nil, is added to the invocation
// log.
func (it Items) OpenShared(inv *Invocation) error {
	var old State
	err := ReadJSON(filepath.Join(it.Dir, StateName), &old)
	switch {
	case err == nil:
		if old.Fingerprint != it.State.Fingerprint || old.Kind != it.State.Kind {
			return fmt.Errorf("%w: %s holds a %s of another configuration, seed or size (configuration hash %.12s, this shard's %.12s); start the shard with the same arguments",
				ErrOtherJob, it.Dir, old.Kind, old.Fingerprint, it.State.Fingerprint)
		}
		if old.Build != it.State.Build {
			return fmt.Errorf("%w: %s was started by %q, this shard is %q; run every shard with the same build",
				ErrOtherBuild, it.Dir, old.Build, it.State.Build)
		}
	case errors.Is(err, os.ErrNotExist):
		if entries, err := os.ReadDir(it.Dir); err == nil && len(entries) > 0 {
			return fmt.Errorf("%s: %w and no %s: choose another --out", it.Dir, ErrFolderInUse, StateName)
		}
		if err := os.MkdirAll(it.Dir, 0o755); err != nil {
			return err
		}
		if err := WriteJSON(filepath.Join(it.Dir, StateName), it.State); err != nil {
			return err
		}
	default:
		return fmt.Errorf("%w: %s: %v", ErrOtherJob, filepath.Join(it.Dir, StateName), err)
	}
	if err := os.MkdirAll(filepath.Join(it.Dir, it.Name), 0o755); err != nil {
		return err
	}
	if inv != nil {
		return AppendLog(it.Dir, *inv)
	}
	return nil
}

// Missing lists the items 0 to State.Count-1 not finished: no file yet,
// or one that does not read back (Has).
func (it Items) Missing() []int {
	var out []int
	for i := range it.State.Count {
		if !it.Has(i) {
			out = append(out, i)
		}
	}
	return out
}

// ReadState reads dir's state.json.
func ReadState(dir string) (State, error) {
	var s State
	err := ReadJSON(filepath.Join(dir, StateName), &s)
	return s, err
}
