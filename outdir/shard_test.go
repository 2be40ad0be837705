package outdir

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Several shards hold one folder at once; a writer of the whole folder
// (a one-machine run, a resume, a merge) is refused while any does, and
// takes it once they have finished.
func TestShardsShareAFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	a, err := OpenShard(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	a.ReleaseFolder()
	b, err := OpenShard(dir, 1)
	if err != nil {
		t.Fatalf("a second shard: %v", err)
	}
	b.ReleaseFolder()
	if _, err := OpenShard(dir, 1); !errors.Is(err, ErrLocked) {
		t.Fatalf("shard 1 twice: %v", err)
	}
	if _, err := Open(dir); !errors.Is(err, ErrLocked) {
		t.Fatalf("the whole folder while shards run: %v", err)
	}
	// a shard's temporary file is not removed while it runs
	os.MkdirAll(filepath.Join(dir, "points"), 0o755)
	os.WriteFile(filepath.Join(dir, StateName), []byte(`{"kind": "sweep", "fingerprint": "f"}`), 0o644)
	tmp := filepath.Join(dir, "points", ".00001.json.tmp-1")
	os.WriteFile(tmp, nil, 0o644)
	a.Close()
	b.Close()
	f, err := Open(dir)
	if err != nil {
		t.Fatalf("after the shards: %v", err)
	}
	defer f.Close()
	if _, err := os.Stat(tmp); err == nil {
		t.Fatal("the temporary of a stopped shard was not removed")
	}
	if locks, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".out.shard-*")); len(locks) != 0 {
		t.Fatalf("shard lock files left: %v", locks)
	}
}

// A shard refuses a folder of another run or another build, and one
// that holds other files.
func TestOpenSharedRefuses(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	it := Items{Dir: dir, Name: "points", State: State{Kind: "sweep", Fingerprint: "abc", Count: 4, Build: "v1"}}
	if err := it.OpenShared(nil); err != nil {
		t.Fatal(err)
	}
	if err := it.OpenShared(nil); err != nil {
		t.Fatalf("the same run again: %v", err)
	}
	other := it
	other.State.Fingerprint = "abd"
	if err := other.OpenShared(nil); !errors.Is(err, ErrOtherJob) {
		t.Fatalf("another configuration: %v", err)
	}
	other = it
	other.State.Build = "v2"
	if err := other.OpenShared(nil); !errors.Is(err, ErrOtherBuild) {
		t.Fatalf("another build: %v", err)
	}
	if err := other.Check(true); !errors.Is(err, ErrOtherBuild) {
		t.Fatalf("a resume by another build: %v", err)
	}
	foreign := filepath.Join(t.TempDir(), "foreign")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "notes.txt"), nil, 0o644)
	if err := (Items{Dir: foreign, Name: "points", State: it.State}).OpenShared(nil); !errors.Is(err, ErrFolderInUse) {
		t.Fatalf("a folder of other files: %v", err)
	}
	if got := it.Missing(); len(got) != 4 {
		t.Fatalf("missing %v", got)
	}
	WriteJSON(it.Path(2), 1) // no item header: damaged, so missing
	if got := it.Missing(); len(got) != 4 {
		t.Fatalf("missing %v, want 0 1 2 3", got)
	}
	if _, err := Keep(it, 2, 1); err != nil {
		t.Fatal(err)
	}
	if got := it.Missing(); len(got) != 3 || got[2] != 3 {
		t.Fatalf("missing %v, want 0 1 3", got)
	}
}
