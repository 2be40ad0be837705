package dfe

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The shipped table has England's 153 LAs with children's services, each
// with its codes, children and ten statistical neighbours.
func TestShippedTable(t *testing.T) {
	tab := LAs()
	if len(tab.LAs) != 153 {
		t.Fatalf("%d LAs, want 153", len(tab.LAs))
	}
	seen := map[string]bool{}
	for _, la := range tab.LAs {
		if seen[la.Code] || seen[la.OldCode] || !strings.HasPrefix(la.Code, "E") || len(la.OldCode) != 3 {
			t.Errorf("codes of %s: %q %q", la.Name, la.Code, la.OldCode)
		}
		seen[la.Code], seen[la.OldCode] = true, true
		if c, ok := la.Value(Children); !ok || c < 100 {
			t.Errorf("%s: %v children", la.Name, c)
		}
		if len(la.Neighbours) != 10 {
			t.Errorf("%s: %d neighbours", la.Name, len(la.Neighbours))
		}
	}
	if err := tab.Check(); err != nil {
		t.Error(err)
	}
	if len(tab.Sources) != 9 {
		t.Errorf("%d sources", len(tab.Sources))
	}
}

func TestFind(t *testing.T) {
	tab := LAs()
	for query, want := range map[string]string{
		"Stockport": "Stockport", "stockport": "Stockport", "E08000007": "Stockport", "e08000007": "Stockport", "356": "Stockport",
		"Bristol": "Bristol, City of", "City of Bristol": "Bristol, City of", "bristol, city of": "Bristol, City of",
		"Hull": "Kingston upon Hull, City of", "Newcastle": "Newcastle upon Tyne", "  Westmorland & Furness ": "Westmorland and Furness",
		"Herefordshire": "Herefordshire, County of", "St Helens": "St. Helens", "Bedford Borough": "Bedford",
	} {
		la, err := tab.Find(query)
		if err != nil || la.Name != want {
			t.Errorf("Find(%q) = %q, %v; want %q", query, la.Name, err, want)
		}
	}
	_, err := tab.Find("Stokport")
	var nf *NotFoundError
	if !errors.As(err, &nf) || nf.Nearest[0] != "Stockport" || len(nf.Nearest) != 3 {
		t.Errorf("Find(Stokport): %v", err)
	}
	if !strings.Contains(err.Error(), `"Stockport"`) {
		t.Errorf("message %q", err)
	}
}

func TestGroupsAndNeighbours(t *testing.T) {
	swis, err := Group("swis")
	if err != nil {
		t.Fatal(err)
	}
	if len(swis) != 18 { // 17 published LAs, Cumbria now two
		t.Errorf("%d SWIS LAs", len(swis))
	}
	pilots, err := Group("Pilots")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, la := range pilots {
		names = append(names, la.Name)
	}
	if !slices.Equal(names, []string{"Lambeth", "Southampton", "Stockport"}) {
		t.Errorf("pilots %v", names)
	}
	if _, err := Group("nowhere"); err == nil {
		t.Error("an unknown group")
	}
	ns, err := Neighbours("E06000063") // Cumberland: Westmorland and Furness is nearest
	if err != nil || len(ns) != 10 || ns[0].Name != "Westmorland and Furness" {
		t.Errorf("neighbours of Cumberland: %v %v", ns, err)
	}
}

func TestFindReorganised(t *testing.T) {
	_, err := LAs().Find("Cumbria")
	var nf *NotFoundError
	if !errors.As(err, &nf) || !nf.Replaced || !strings.Contains(err.Error(), `"Cumberland" and "Westmorland and Furness"`) {
		t.Errorf("Find(Cumbria): %v", err)
	}
}

func ExampleTable_Find() {
	t := LAs()
	for _, q := range []string{"stockport", "E06000023", "810"} {
		la, _ := t.Find(q)
		fmt.Printf("%s: %s (%s, %s), %s\n", q, la.Name, la.Code, la.OldCode, la.Region)
	}
	_, err := t.Find("Stokport")
	fmt.Println(err)
	// Output:
	// stockport: Stockport (E08000007, 356), North West
	// E06000023: Bristol, City of (E06000023, 801), South West
	// 810: Kingston upon Hull, City of (E06000010, 810), Yorkshire and The Humber
	// no local authority "Stokport"; the nearest names are "Stockport", "Salford", "Bedford"
}

// The shipped table reads back as it was built: every figure and note.
func TestShippedTableRoundTrip(t *testing.T) {
	tab, err := Build(os.DirFS(realDir(t)))
	if err != nil {
		t.Fatal(err)
	}
	shippedLAs := LAs().LAs
	for i, la := range tab.LAs {
		got := shippedLAs[i]
		if got.Name != la.Name || !slices.Equal(got.Notes, la.Notes) || !slices.Equal(got.Neighbours, la.Neighbours) {
			t.Errorf("%s: read back %+v", la.Name, got)
		}
		for m := range NumMeasures {
			if f, g := la.Figures[m], got.Figures[m]; f.Code != g.Code || f.Year != g.Year || math.Abs(f.Value-g.Value) > 1e-6 {
				t.Errorf("%s %s: built %+v, read back %+v", la.Name, m.Key(), f, g)
			}
		}
	}
}

// Import replaces only what it wrote: no file, an empty one, or a table
// of LAs, with either line ending.
func TestIsTableFile(t *testing.T) {
	dir := t.TempDir()
	for name, c := range map[string]struct {
		text string
		want bool
	}{
		"empty.csv": {"", true},
		"lf.csv":    {string(shipped), true},
		"crlf.csv":  {strings.ReplaceAll(string(shipped), "\n", "\r\n"), true},
		"notes.txt": {"my notes\n", false},
		"title.csv": {strings.TrimSuffix(tableTitle, "\n"), false},
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(c.text), 0o644)
		if got := IsTableFile(p); got != c.want {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
	if !IsTableFile(filepath.Join(dir, "none.csv")) {
		t.Error("a file not there: false")
	}
}
