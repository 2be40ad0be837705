package main

import (
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"

	"github.com/caseload/caseload/outdir"
)

// cpuProfile is the --cpuprofile flag: a CPU profile of the whole command,
// for go tool pprof, and the profile that make pgo builds the program
// with (cmd/caseload/default.pgo). The profile is written to a temporary
// file beside FILE and renamed into place when the command succeeds; a
// command that fails leaves no profile, as it leaves no results. Only the
// program's own command takes the flag: merge's run of a shard's command
// line (runMerge) does not.
type cpuProfile struct {
	path string   // the flag's value; "" when not profiling
	tmp  *os.File // the profile being written, nil until started
}

// A nil *cpuProfile is a command without the flag: start and finish do
// nothing.

// start begins profiling, if asked to: a FILE that cannot be written,
// that lies in a results folder the command writes (folders: its --out,
// or the folder merge completes), symbolic links followed, or that exists
// and is not a profile (a scenario file, say, which it would replace), is
// bad input, named with the flag.
func (p *cpuProfile) start(folders ...string) error {
	if p == nil || p.path == "" {
		return nil
	}
	if st, err := os.Stat(p.path); err == nil && st.IsDir() {
		return usageError{fmt.Errorf("--cpuprofile %s: is a folder, expected a file to write the CPU profile to", p.path)}
	}
	file, err := filepath.Abs(p.path)
	if err != nil {
		return usageError{fmt.Errorf("--cpuprofile %s: %v", p.path, err)}
	}
	if !replaceable(file) {
		return usageError{fmt.Errorf("--cpuprofile %s: exists and is not a CPU profile, which it would replace; expected a new file or an earlier profile", p.path)}
	}
	real := realPath(file)
	if dir := resultsFolderOf(real); dir != "" {
		return usageError{fmt.Errorf("--cpuprofile %s: is in the results folder %s, which holds only what caseload writes; expected a file outside it", p.path, dir)}
	}
	for _, dir := range folders {
		if abs, err := filepath.Abs(dir); err == nil {
			if rel, err := filepath.Rel(realPath(abs), real); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return usageError{fmt.Errorf("--cpuprofile %s: is in the results folder %s, which holds only what caseload writes; expected a file outside it", p.path, dir)}
			}
		}
	}
	dir := filepath.Dir(file)
	f, err := os.CreateTemp(dir, "."+filepath.Base(file)+".tmp*")
	if err != nil {
		if pe, ok := err.(*os.PathError); ok {
			err = pe.Err
		}
		return usageError{fmt.Errorf("--cpuprofile %s: cannot write in %s (%v), expected a file in a writable folder", p.path, filepath.Dir(p.path), err)}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		os.Remove(f.Name())
		return fmt.Errorf("--cpuprofile %s: %v", p.path, err)
	}
	p.tmp, p.path = f, file // the absolute path: a command may change folder (merge)
	return nil
}

// finish stops profiling and keeps the profile when the command succeeded
// (ok), or removes it. It reports an error writing the profile.
func (p *cpuProfile) finish(ok bool) error {
	if p == nil || p.tmp == nil {
		return nil
	}
	pprof.StopCPUProfile()
	f := p.tmp
	p.tmp = nil
	err := f.Chmod(0o644) // as the results files: CreateTemp's file is the owner's alone
	if serr := f.Sync(); err == nil {
		err = serr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if ok && err == nil {
		err = os.Rename(f.Name(), p.path)
	}
	if !ok || err != nil {
		os.Remove(f.Name())
	}
	if err != nil {
		return fmt.Errorf("--cpuprofile %s: %v", p.path, err)
	}
	return nil
}

// replaceable reports whether the profile may be written to file: it does
// not exist, or is an earlier profile (isProfile).
func replaceable(file string) bool {
	f, err := os.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return true
	}
	if err != nil {
		return false
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return false
	}
	const most = 64 << 20 // a profile of the longest command is well under a megabyte
	b, err := io.ReadAll(io.LimitReader(z, most+1))
	return err == nil && len(b) <= most && isProfile(b)
}

// isProfile reports whether b, ungzipped, reads as a pprof profile: a
// protocol buffer message whose fields are all the Profile message's
// (numbers 1 to 15, each a varint or length-delimited) to its last byte.
// A gzipped archive or text breaks this within its first bytes.
func isProfile(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for len(b) > 0 {
		tag, n := binary.Uvarint(b)
		if n <= 0 || tag>>3 < 1 || tag>>3 > 15 {
			return false
		}
		b = b[n:]
		switch tag & 7 {
		case 0:
			if _, n = binary.Uvarint(b); n <= 0 {
				return false
			}
			b = b[n:]
		case 2:
			l, n := binary.Uvarint(b)
			if n <= 0 || l > uint64(len(b)-n) {
				return false
			}
			b = b[n+int(l):]
		default:
			return false
		}
	}
	return true
}

// resultsFolderOf is the caseload results folder that holds file, at any
// depth (outdir.Wrote: every command that writes a folder writes its
// manifest.json or state.json first), or "".
func resultsFolderOf(file string) string {
	for dir := filepath.Dir(file); ; dir = filepath.Dir(dir) {
		if outdir.Wrote(dir) {
			return dir
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
	}
}

// realPath is the absolute path p with the symbolic links of its longest
// existing part resolved, so that two paths to one place compare equal
// even where the rest does not exist yet.
func realPath(p string) string {
	rest := ""
	for dir := p; ; dir = filepath.Dir(dir) {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(r, rest)
		}
		if filepath.Dir(dir) == dir {
			return p
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}
