package dfe

import (
	"errors"
	"maps"
	"strings"
	"testing"
	"testing/fstest"
)

// Any bytes in place of a published file give a table or a *FileError,
// never a panic (go test -fuzz FuzzBuild ./dfe to search further).
func FuzzBuild(f *testing.F) {
	const c1 = "c1_children_in_need_referrals_2013_to_2025.csv"
	good := string(fixture()[c1].Data)
	f.Add(good)
	f.Add("\ufeff" + good)
	f.Add(strings.ReplaceAll(good, "\n", "\r\n"))
	f.Add(strings.Replace(good, "940,", "940 / 941 / 942,", 1))
	f.Add(strings.Replace(good, "E06000061", "E06000061 / E06000062", 1))
	f.Add(good[:len(good)/2])
	f.Add("\"")
	f.Fuzz(func(t *testing.T, data string) {
		fsys := maps.Clone(fixture())
		fsys[c1] = &fstest.MapFile{Data: []byte(data)}
		tab, err := Build(fsys)
		var fe *FileError
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("error %v is not a *FileError", err)
		}
		if err == nil && len(tab.LAs) != 3 {
			t.Fatalf("%d LAs", len(tab.LAs))
		}
	})
}
