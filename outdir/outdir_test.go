package outdir

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func names(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// write makes a complete folder of one file with the given text.
func commitText(t *testing.T, f *Folder, text string) {
	t.Helper()
	tmp, err := f.Stage()
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(filepath.Join(tmp, "a.txt"), func(w io.Writer) error {
		_, err := io.WriteString(w, text)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(tmp); err != nil {
		t.Fatal(err)
	}
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A second writer is refused while the first holds the folder, with the
// holder's pid; once it is closed the lock file is gone and the folder
// can be opened again.
func TestLock(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	a, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "pid "+strconv.Itoa(os.Getpid())) {
		t.Fatalf("second Open: %v, want ErrLocked naming pid %d", err, os.Getpid())
	}
	a.Close()
	a.Close()
	if got := names(t, parent); len(got) != 0 {
		t.Errorf("after Close the parent holds %v", got)
	}
	b, err := Open(dir)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	b.Close()
}

func TestOpenRefusesFileAndSymlink(t *testing.T) {
	parent := t.TempDir()
	file := filepath.Join(parent, "file")
	os.WriteFile(file, []byte("keep"), 0o644)
	if _, err := Open(file); !errors.Is(err, ErrNotFolder) || !strings.Contains(err.Error(), "file") {
		t.Errorf("a file: %v", err)
	}
	target := filepath.Join(parent, "target")
	os.Mkdir(target, 0o755)
	link := filepath.Join(parent, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
	if _, err := Open(link); !errors.Is(err, ErrNotFolder) || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("a symlink: %v", err)
	}
	if got := names(t, parent); !slices.Equal(got, []string{"file", "link", "target"}) {
		t.Errorf("parent holds %v", got)
	}
}

func TestOpenCannotCreate(t *testing.T) {
	parent := t.TempDir()
	os.WriteFile(filepath.Join(parent, "file"), []byte("x"), 0o644)
	if _, err := Open(filepath.Join(parent, "file", "out")); !errors.Is(err, ErrCreate) {
		t.Errorf("a folder under a file: %v", err)
	}
}

// Commit replaces a folder whole, by exchange and by the fallback, and
// leaves nothing beside it.
func TestCommit(t *testing.T) {
	for _, fallback := range []bool{false, true} {
		if fallback {
			exchange = func(a, b string) error { return errNoExchange }
		}
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		f, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		commitText(t, f, "one")
		commitText(t, f, "two")
		if got := readText(t, filepath.Join(dir, "a.txt")); got != "two" {
			t.Errorf("fallback %v: a.txt = %q", fallback, got)
		}
		f.Close()
		if got := names(t, parent); !slices.Equal(got, []string{"out"}) {
			t.Errorf("fallback %v: parent holds %v", fallback, got)
		}
	}
	exchange = exchangeDirs
}

// A failed rename of the new folder puts the old one back.
func TestRenameFailureRestoresOld(t *testing.T) {
	exchange = func(a, b string) error { return errNoExchange }
	rename = func(from, to string) error {
		if strings.Contains(filepath.Base(from), ".tmp-") {
			return errors.New("injected rename")
		}
		return os.Rename(from, to)
	}
	t.Cleanup(func() { exchange, rename = exchangeDirs, os.Rename })
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	os.Mkdir(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("old"), 0o644)
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tmp, _ := f.Stage()
	if err := f.Commit(tmp); err == nil {
		t.Fatal("no error")
	}
	if got := readText(t, filepath.Join(dir, "a.txt")); got != "old" {
		t.Errorf("a.txt = %q", got)
	}
	if got := names(t, parent); !slices.Equal(got, []string{".out.lock", "out"}) {
		t.Errorf("parent holds %v", got)
	}
}

// Open repairs what a crash left at each moment of a swap: a half-written
// folder and file temporaries are removed, an old folder moved aside is
// put back when the folder is missing and removed when it is not.
func TestRepair(t *testing.T) {
	mk := func(t *testing.T, path, text string) {
		os.MkdirAll(path, 0o755)
		os.WriteFile(filepath.Join(path, "a.txt"), []byte(text), 0o644)
	}
	t.Run("half-written new folder", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		mk(t, dir, "old")
		os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(ourManifest), 0o644)
		mk(t, filepath.Join(parent, ".out.tmp-123"), "new, half")
		os.MkdirAll(filepath.Join(dir, "points"), 0o755)
		os.WriteFile(filepath.Join(dir, "points", ".00001.json.tmp-9"), []byte("{"), 0o644)
		os.WriteFile(filepath.Join(dir, ".manifest.json.tmp-9"), []byte("{"), 0o644)
		f, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if got := names(t, parent); !slices.Equal(got, []string{"out"}) {
			t.Errorf("parent holds %v", got)
		}
		if got := names(t, dir); !slices.Equal(got, []string{"a.txt", "manifest.json", "points"}) {
			t.Errorf("folder holds %v", got)
		}
		if got := names(t, filepath.Join(dir, "points")); len(got) != 0 {
			t.Errorf("points holds %v", got)
		}
	})
	t.Run("old moved aside, new not yet in place", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		mk(t, filepath.Join(parent, ".out.old-77"), "old")
		mk(t, filepath.Join(parent, ".out.tmp-78"), "new")
		f, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if got := readText(t, filepath.Join(dir, "a.txt")); got != "old" {
			t.Errorf("a.txt = %q, want the old folder back", got)
		}
		if got := names(t, parent); !slices.Equal(got, []string{"out"}) {
			t.Errorf("parent holds %v", got)
		}
	})
	// the lock and temporaries of a results folder named out.old-2025
	// beside out are that folder's, and a folder report was writing
	// inside (.charts.tmp-*) is cleared
	t.Run("another results folder's temporaries", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		mk(t, filepath.Join(parent, ".out.old-2025.tmp-123"), "theirs")
		os.WriteFile(filepath.Join(parent, ".out.old-2025.lock"), []byte("1"), 0o644)
		f, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if got := names(t, parent); !slices.Equal(got, []string{".out.old-2025.lock", ".out.old-2025.tmp-123"}) {
			t.Errorf("parent holds %v", got)
		}
		mk(t, dir, "mine")
		os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(ourManifest), 0o644)
		mk(t, filepath.Join(dir, ".charts.tmp-9"), "half")
		f, err = Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if got := names(t, dir); !slices.Equal(got, []string{"a.txt", "manifest.json"}) {
			t.Errorf("folder holds %v", got)
		}
	})
	// a user's folders named like the temporaries, but not hidden, are
	// theirs: kept, and never put in place of a missing folder
	t.Run("one's own folders beside it", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		mk(t, dir+".old-2025", "a backup")
		mk(t, dir+".tmp-mine", "mine")
		f, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if got := names(t, parent); !slices.Equal(got, []string{"out.old-2025", "out.tmp-mine"}) {
			t.Errorf("parent holds %v", got)
		}
	})
	t.Run("new in place, old not yet removed", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		mk(t, dir, "new")
		mk(t, filepath.Join(parent, ".out.old-77"), "old")
		f, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if got := readText(t, filepath.Join(dir, "a.txt")); got != "new" {
			t.Errorf("a.txt = %q", got)
		}
		if got := names(t, parent); !slices.Equal(got, []string{"out"}) {
			t.Errorf("parent holds %v", got)
		}
	})
}

// Resumable folders: a new run needs an empty folder; a resume the same
// run; the log grows by one line per invocation.
func TestItems(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	it := Items{Dir: dir, Name: "points", State: State{Kind: "sweep", Fingerprint: "abc", Count: 2}}
	if err := it.Check(true); !errors.Is(err, ErrNoRun) {
		t.Errorf("resume of nothing: %v", err)
	}
	inv := NewInvocation([]string{"caseload", "sweep"}, "v", "go", false)
	if err := it.Open(false, &inv); err != nil {
		t.Fatal(err)
	}
	if err := it.Check(false); !errors.Is(err, ErrFolderInUse) {
		t.Errorf("new run in a used folder: %v", err)
	}
	other := it
	other.State.Fingerprint = "xyz"
	if err := other.Check(true); !errors.Is(err, ErrOtherJob) || !strings.Contains(err.Error(), "it was started as: caseload sweep") {
		t.Errorf("resume of another run: %v, want %v quoting the command that started it", err, ErrOtherJob)
	}
	if _, err := Keep(it, 1, map[string]int{"x": 1}); err != nil {
		t.Fatal(err)
	}
	if it.Finished() != 1 {
		t.Errorf("Finished %d", it.Finished())
	}
	inv.Resume = true
	if err := it.Open(true, &inv); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(readText(t, filepath.Join(dir, LogName)), "\n"); n != 2 {
		t.Errorf("log has %d lines, want 2", n)
	}
}

// In a folder that is not a caseload run, nothing is removed.
func TestRepairLeavesForeignFolder(t *testing.T) {
	for _, own := range []string{"", "manifest.json", StateName} {
		dir := filepath.Join(t.TempDir(), "out")
		os.Mkdir(dir, 0o755)
		os.WriteFile(filepath.Join(dir, ".notes.tmp-1"), []byte("mine"), 0o644)
		want := []string{".notes.tmp-1"}
		if own != "" {
			// a file of the name that caseload did not write (Wrote)
			os.WriteFile(filepath.Join(dir, own), []byte(`{"name": "mine"}`), 0o644)
			want = append(want, own)
		}
		f, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if got := names(t, dir); !slices.Equal(got, want) {
			t.Errorf("with %q: folder holds %v", own, got)
		}
	}
}

// ourManifest is a manifest.json as caseload writes one (Wrote).
const ourManifest = `{"kind": "run", "version": "v1", "go_version": "go1"}`
