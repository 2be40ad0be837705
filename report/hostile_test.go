package report

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// listing is every path under dir with its size, to check that a refused
// folder is left exactly as it was.
func listing(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, _ := d.Info()
		out = append(out, p+" "+fi.Mode().String()+" "+string(rune('0'+fi.Size()%10)))
		return nil
	})
	return out
}

// TestHostileFolders gives Build folders that caseload did not write, or
// that were damaged: each is refused as not a results folder
// (ErrNotResults, which caseload report exits 2 for), the message names
// the file, nothing panics or blocks, and nothing is written.
func TestHostileFolders(t *testing.T) {
	tests := []struct {
		name    string
		damage  func(t *testing.T, dir string)
		file    string // the file the message names
		message string
	}{
		{"truncated summary", func(t *testing.T, dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, "summary.csv"))
			os.WriteFile(filepath.Join(dir, "summary.csv"), b[:len(b)/2], 0o644)
		}, "summary.csv", "cut short"},
		{"ragged summary", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "summary.csv"), []byte("scenario,metric,statistic,value\nbaseline,referrals\n"), 0o644)
		}, "summary.csv", "same number of fields"},
		{"truncated weekly", func(t *testing.T, dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, "weekly.csv"))
			os.WriteFile(filepath.Join(dir, "weekly.csv"), b[:len(b)/3], 0o644)
		}, "weekly.csv", "cut short"},
		{"summary not UTF-8", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "summary.csv"), []byte("scenario,metric,statistic,value\n\xff\xfe,referrals,mean,1\n"), 0o644)
		}, "summary.csv", "UTF-8"},
		{"manifest not UTF-8", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "manifest.json"), []byte("{\"kind\": \"run\xff\"}"), 0o644)
		}, "manifest.json", "UTF-8"},
		{"manifest truncated", func(t *testing.T, dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, "manifest.json"))
			os.WriteFile(filepath.Join(dir, "manifest.json"), b[:len(b)/2], 0o644)
		}, "manifest.json", "unexpected end"},
		{"huge weekly", func(t *testing.T, dir string) {
			// a sparse file: no disk is used, and it is never read
			if err := os.Truncate(filepath.Join(dir, "weekly.csv"), maxFileBytes+1); err != nil {
				t.Fatal(err)
			}
		}, "weekly.csv", "expected at most"},
		{"week number huge", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "weekly.csv"), []byte("scenario,week,series,mean,p05,p25,p50,p75,p95\nbaseline,2000000000,referrals,1,1,1,1,1,1\n"), 0o644)
		}, "weekly.csv", "week \"2000000000\""},
		{"replication number huge", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "replications.csv"), []byte("scenario,replication,metric,value\nbaseline,2000000000,referrals,1\n"), 0o644)
		}, "replications.csv", "replication \"2000000000\""},
		{"manifest a FIFO", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "manifest.json"))
			if err := syscall.Mkfifo(filepath.Join(dir, "manifest.json"), 0o644); err != nil {
				t.Skip("no FIFOs here:", err)
			}
		}, "manifest.json", "FIFO"},
		{"weekly a FIFO", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "weekly.csv"))
			if err := syscall.Mkfifo(filepath.Join(dir, "weekly.csv"), 0o644); err != nil {
				t.Skip("no FIFOs here:", err)
			}
		}, "weekly.csv", "FIFO"},
		{"manifest a symbolic link", func(t *testing.T, dir string) {
			target := filepath.Join(filepath.Dir(dir), "elsewhere.json")
			os.Rename(filepath.Join(dir, "manifest.json"), target)
			os.Symlink(target, filepath.Join(dir, "manifest.json"))
		}, "manifest.json", "symbolic link"},
		{"manifest a folder", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "manifest.json"))
			os.Mkdir(filepath.Join(dir, "manifest.json"), 0o755)
		}, "manifest.json", "a folder"},
		{"summary row repeated", func(t *testing.T, dir string) {
			appendLine(t, filepath.Join(dir, "summary.csv"), "baseline,referrals,mean,99999")
		}, "summary.csv", "again"},
		{"summary statistic unknown", func(t *testing.T, dir string) {
			appendLine(t, filepath.Join(dir, "summary.csv"), "baseline,referrals,median,1")
		}, "summary.csv", `statistic "median"`},
		{"summary scenario unknown", func(t *testing.T, dir string) {
			appendLine(t, filepath.Join(dir, "summary.csv"), "junk,referrals,mean,1")
		}, "summary.csv", `scenario "junk"`},
		{"summary value not a number", func(t *testing.T, dir string) {
			appendLine(t, filepath.Join(dir, "summary.csv"), "baseline,care_entries,sd,abc")
		}, "summary.csv", `value "abc"`},
		{"summary a device", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "summary.csv"))
			if err := os.Symlink("/dev/zero", filepath.Join(dir, "summary.csv")); err != nil {
				t.Fatal(err)
			}
		}, "summary.csv", "symbolic link"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := tinyFolder(t, "")
			tc.damage(t, dir)
			before := listing(t, filepath.Dir(dir))
			done := make(chan error, 1)
			go func() { done <- Build(dir) }()
			var err error
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("Build blocked")
			}
			if !errors.Is(err, ErrNotResults) {
				t.Fatalf("Build: %v, want ErrNotResults", err)
			}
			for _, w := range []string{filepath.Join(dir, tc.file), tc.message} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if after := listing(t, filepath.Dir(dir)); !slices.Equal(before, after) {
				t.Errorf("the folder changed:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

// writeDir replaces a folder whole, and removes what an interrupted
// earlier write left beside it: a temporary folder (the new files, or the
// old folder after the swap); a charts.old beside it, which may be one's
// own copy, stays.
func TestWriteDirReplacesAndCleans(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "charts")
	if err := writeDir(dir, map[string][]byte{"a.svg": []byte("1")}, []string{"a.svg"}); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(parent, ".charts.tmp-123", "x"), 0o755)
	os.MkdirAll(filepath.Join(parent, ".charts.tmp-456.old", "y"), 0o755)
	os.MkdirAll(filepath.Join(parent, "charts.old"), 0o755)
	os.WriteFile(filepath.Join(parent, "charts.old", "mine.svg"), []byte("mine"), 0o644)
	os.WriteFile(filepath.Join(parent, "keep.csv"), []byte("k"), 0o644)
	if err := writeDir(dir, map[string][]byte{"b.svg": []byte("2")}, []string{"b.svg"}); err != nil {
		t.Fatal(err)
	}
	got, _ := filepath.Glob(filepath.Join(parent, "*"))
	dots, _ := filepath.Glob(filepath.Join(parent, ".*"))
	if want := []string{dir, filepath.Join(parent, "charts.old"), filepath.Join(parent, "keep.csv")}; !slices.Equal(got, want) || len(dots) != 0 {
		t.Errorf("beside the folder: %v and %v, want %v only", got, dots, want)
	}
	inside, _ := os.ReadDir(dir)
	if len(inside) != 1 || inside[0].Name() != "b.svg" {
		t.Errorf("the folder holds %v, want b.svg only", inside)
	}
}

// appendLine adds a line to the end of a file.
func appendLine(t *testing.T, path, line string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(line + "\n"); err != nil {
		t.Fatal(err)
	}
}
