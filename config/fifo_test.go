//go:build unix

package config

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A FIFO as a scenario or as the base it extends is refused at once: the
// file is checked before it is opened, so nothing waits for a writer.
func TestFIFORefusedWithoutBlocking(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFO: %v", err)
	}
	child := writeFiles(t, map[string]string{"s.yaml": "extends: " + fifo + "\n"})
	done := make(chan [2]error, 1)
	go func() {
		_, e1 := Load(fifo, nil, nil)
		_, e2 := Load(filepath.Join(child, "s.yaml"), nil, nil)
		done <- [2]error{e1, e2}
	}()
	select {
	case errs := <-done:
		for i, want := range [][]string{{"pipe.yaml", "FIFO"}, {"s.yaml", "key extends", "FIFO"}} {
			if errs[i] == nil {
				t.Fatalf("case %d: accepted", i)
			}
			for _, w := range want {
				if !strings.Contains(errs[i].Error(), w) {
					t.Errorf("error %q does not contain %q", errs[i], w)
				}
			}
		}
	case <-time.After(20 * time.Second):
		t.Fatal("reading a FIFO blocked")
	}
}
