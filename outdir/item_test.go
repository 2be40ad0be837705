package outdir

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An item's file names its format, configuration, index, size and
// digest; each kind of damage is found and said, a stray file is listed,
// and a write leaves no temporary file.
func TestItemDamage(t *testing.T) {
	dir := t.TempDir()
	it := Items{Dir: dir, Name: "points", State: State{Kind: "sweep", Fingerprint: "0123456789abcdef", Count: 7}}
	os.MkdirAll(filepath.Join(dir, "points"), 0o755)
	for i := range 7 {
		if back, err := Keep(it, i, map[string]int{"v": i}); err != nil || back["v"] != i {
			t.Fatalf("Keep %d: %v %v", i, back, err)
		}
	}
	if s := it.Scan(); len(s.Missing)+len(s.Damaged)+len(s.Stray) != 0 {
		t.Fatalf("a whole folder: %+v", s)
	}
	read := func(i int) []byte { b, _ := os.ReadFile(it.Path(i)); return b }
	b0 := read(0)
	if !bytes.HasPrefix(b0, []byte(`{"format":"caseload-item/1","config":"0123456789abcdef","index":0,"size":`)) {
		t.Fatalf("header: %s", b0)
	}
	os.WriteFile(it.Path(1), b0, 0o644)                                                            // another index
	os.WriteFile(it.Path(2), bytes.Replace(read(2), []byte(`"v": 2`), []byte(`"v": 3`), 1), 0o644) // altered
	os.WriteFile(it.Path(3), read(3)[:len(read(3))-3], 0o644)                                      // cut short
	os.WriteFile(it.Path(4), bytes.Replace(read(4), []byte("/1"), []byte("/2"), 1), 0o644)         // unknown format
	os.WriteFile(it.Path(5), bytes.Replace(read(5), []byte("0123"), []byte("9999"), 1), 0o644)     // another configuration
	os.Remove(it.Path(6))
	os.WriteFile(filepath.Join(dir, "points", "x.json"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "points", "00007.json"), b0, 0o644) // beyond the count
	os.WriteFile(filepath.Join(dir, "points", ".00006.json.tmp-1"), nil, 0o644)
	s := it.Scan()
	want := []string{"holds item 0, expected item 1", "altered", "cut short", `unknown format "caseload-item/2"`, "written for configuration 9999456789ab, the folder's is 0123456789ab"}
	if len(s.Damaged) != len(want) {
		t.Fatalf("damaged: %+v", s.Damaged)
	}
	for k, d := range s.Damaged {
		if d.Path != it.Path(k+1) || !strings.HasPrefix(d.Problem, want[k]) {
			t.Errorf("item %d: %s, want %q", k+1, d.Error(), want[k])
		}
	}
	if len(s.Missing) != 1 || s.Missing[0] != 6 || len(s.Stray) != 2 || !strings.HasSuffix(s.Stray[0], "00007.json") || !strings.HasSuffix(s.Stray[1], "x.json") {
		t.Errorf("missing %v, stray %v", s.Missing, s.Stray)
	}
	if got := s.Redo(); len(got) != 6 || got[0] != 1 || got[5] != 6 {
		t.Errorf("redo %v", got)
	}
	var ie *ItemError
	if _, err := it.ReadItem(3); !errors.As(err, &ie) {
		t.Errorf("ReadItem of a damaged item: %v", err)
	}
	if _, err := it.ReadItem(6); !os.IsNotExist(err) {
		t.Errorf("ReadItem of a missing item: %v", err)
	}
	// a rewrite repairs, atomically
	os.Remove(filepath.Join(dir, "points", ".00006.json.tmp-1"))
	if _, err := Keep(it, 3, map[string]int{"v": 3}); err != nil || !it.Has(3) {
		t.Fatalf("rewrite: %v", err)
	}
	es, _ := os.ReadDir(filepath.Join(dir, "points"))
	for _, e := range es {
		if isTemporary(e.Name()) {
			t.Errorf("a write left %s", e.Name())
		}
	}
}

// A merge's record: a folder unchanged since is found so, an altered or
// removed file named.
func TestMergeRecord(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "charts"), 0o755)
	os.WriteFile(filepath.Join(dir, "a.csv"), []byte("a"), 0o644)
	os.WriteFile(filepath.Join(dir, "charts", "b.png"), []byte("b"), 0o644)
	AppendLog(dir, NewInvocation([]string{"caseload", "merge", dir}, "v", "go", false))
	if err := RecordMerge(dir); err != nil {
		t.Fatal(err)
	}
	log, _ := os.ReadFile(filepath.Join(dir, LogName))
	if n := strings.Count(string(log), "\n"); n != 1 {
		t.Fatalf("the merge's line was not amended: %d lines", n)
	}
	rec := LastMerge(dir)
	if rec == nil || len(rec.Merged) != 2 || len(CheckMerged(dir, rec)) != 0 {
		t.Fatalf("record %+v", rec)
	}
	os.WriteFile(filepath.Join(dir, "a.csv"), []byte("A"), 0o644)
	os.Remove(filepath.Join(dir, "charts", "b.png"))
	if got := strings.Join(CheckMerged(dir, rec), "; "); got != "a.csv altered; charts/b.png removed" {
		t.Errorf("CheckMerged: %s", got)
	}
}
