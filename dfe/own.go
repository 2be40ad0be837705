package dfe

import (
	"fmt"
	"io/fs"
)

// ReadFigures reads an LA's own figures from a folder of files in DfE's
// published layout (the names and columns of dfe/SOURCES.md; any of the
// files, at least one): for each measure whose file is in the folder, the
// LA's figure of the latest year with one. The LA is found by its 3-digit
// number (old_la_code, or LAIT's LA Number). A measure whose file is there
// but that has no row for the LA is left out with a note. Every problem is
// a *FileError naming the file, the row and the column.
func ReadFigures(fsys fs.FS, dir, oldCode string) (map[Measure]Figure, []string, error) {
	c := &collected{ids: map[string]LA{}}
	for m := range NumMeasures {
		c.obs[m] = map[string][]obs{}
	}
	done := map[string]bool{}
	read := map[Measure]bool{}
	for m := range NumMeasures {
		pat := measures[m].pattern
		if done[pat] {
			read[m] = read[firstOf(pat)]
			continue
		}
		done[pat] = true
		if names, _ := fs.Glob(fsys, pat); len(names) == 0 {
			continue
		}
		t, err := openTable(fsys, pat, c)
		if err != nil {
			return nil, nil, err
		}
		if measures[m].kind == kindLAIT {
			err = c.readLAIT(t)
		} else {
			err = c.readEES(t, pat)
		}
		if err != nil {
			return nil, nil, err
		}
		read[m] = true
	}
	if len(c.sources) == 0 {
		return nil, nil, &FileError{File: dir, Expected: "a folder holding at least one file named as in dfe/SOURCES.md (such as c1_children_in_need_referrals_*.csv)", Err: ErrBadFile}
	}
	out := map[Measure]Figure{}
	var notes []string
	for m := range NumMeasures {
		if !read[m] {
			continue
		}
		os := c.obs[m][oldCode]
		if len(os) == 0 {
			notes = append(notes, fmt.Sprintf("%s: no row for LA %s in %s", m.Key(), oldCode, dir))
			continue
		}
		f, note := latest(os, m.Key())
		if note != "" {
			notes = append(notes, note)
		}
		if f.OK() {
			out[m] = f
		}
	}
	if len(out) == 0 {
		return nil, nil, &FileError{File: dir, Expected: fmt.Sprintf("figures for LA %s (old_la_code) in at least one file", oldCode), Err: ErrBadFile}
	}
	return out, notes, nil
}

// firstOf is the first measure read from the file pattern pat.
func firstOf(pat string) Measure {
	for m := range NumMeasures {
		if measures[m].pattern == pat {
			return m
		}
	}
	return 0
}
