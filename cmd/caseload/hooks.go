package main

import (
	"strconv"
	"strings"
	"time"

	"github.com/caseload/caseload/outdir"
)

// pauseEnv is a test hook, for the kill tests only: CASELOADTEST_PAUSE=
// MOMENT:MS makes the program sleep MS milliseconds at each MOMENT of a
// results write (file: before each file is renamed into place; commit:
// before a folder is swapped into place; swapped: after the swap, before
// the old folder is removed), so that a test can kill it there. It is not
// a CASELOAD_* key, so configuration never sees it.
const pauseEnv = "CASELOADTEST_PAUSE"

func pauseHook(env []string) {
	outdir.SetPause(nil)
	for _, kv := range env {
		v, ok := strings.CutPrefix(kv, pauseEnv+"=")
		if !ok {
			continue
		}
		moment, ms, _ := strings.Cut(v, ":")
		n, err := strconv.Atoi(ms)
		if err != nil || n <= 0 {
			continue
		}
		outdir.SetPause(func(m string) {
			if m == moment {
				time.Sleep(time.Duration(n) * time.Millisecond)
			}
		})
	}
}
