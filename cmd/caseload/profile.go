package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
)

// cpuProfile is the --cpuprofile flag: a CPU profile of the whole command,
// for go tool pprof, and the profile that make pgo builds the program
// with (cmd/caseload/default.pgo). The profile is written to a temporary
// file beside FILE and renamed into place when the command succeeds; a
// command that fails leaves no profile, as it leaves no results.
type cpuProfile struct {
	path string   // the flag's value; "" when not profiling
	tmp  *os.File // the profile being written, nil until started
}

// start begins profiling, if asked to: a FILE that cannot be written is
// bad input, named with the flag.
func (p *cpuProfile) start() error {
	if p.path == "" || p.tmp != nil {
		return nil
	}
	dir, base := filepath.Split(p.path)
	if dir == "" {
		dir = "."
	}
	if st, err := os.Stat(p.path); err == nil && st.IsDir() {
		return usageError{fmt.Errorf("--cpuprofile %s: is a folder, expected a file to write the CPU profile to", p.path)}
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err != nil {
		if pe, ok := err.(*os.PathError); ok {
			err = pe.Err
		}
		if f != nil {
			f.Close()
			os.Remove(f.Name())
		}
		return usageError{fmt.Errorf("--cpuprofile %s: cannot write in %s (%v), expected a file in a writable folder", p.path, dir, err)}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		os.Remove(f.Name())
		return fmt.Errorf("--cpuprofile %s: %v", p.path, err)
	}
	p.tmp = f
	return nil
}

// finish stops profiling and keeps the profile when the command succeeded
// (ok), or removes it. It reports an error writing the profile.
func (p *cpuProfile) finish(ok bool) error {
	if p.tmp == nil {
		return nil
	}
	pprof.StopCPUProfile()
	f := p.tmp
	p.tmp = nil
	err := f.Sync()
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
