package dfe

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// MaxSourceBytes is the largest published file Build reads, 64 MiB; the
// files of the 2025 releases are under 0.5 MiB each.
const MaxSourceBytes = 64 << 20

// Source is one file the table was built from, with its git blob hash
// (the hash `git hash-object` gives), so it can be matched to a release.
type Source struct {
	File string
	Blob string
	Rows int
}

// obs is one published figure of one LA in one year.
type obs struct {
	year  int
	cell  cell
	joint []string // old codes of the LAs reporting this figure together
	line  int      // of its file
}

// add records o for LA code under measure m of file: a second figure for
// the same LA and year that differs from the first is an error naming
// both lines (the same figure twice is not: a joint figure is read once
// for each of its LAs).
func (c *collected) add(m Measure, code string, o obs, file string) error {
	for _, p := range c.obs[m][code] {
		if p.year == o.year && p.cell != o.cell && len(p.joint) == 0 && len(o.joint) == 0 {
			return &FileError{File: file, Line: o.line, Column: measures[m].column, Value: o.cell.text(), Err: ErrBadFile,
				Expected: fmt.Sprintf("one figure for LA %s in %d (line %d gives %s)", code, o.year, p.line, p.cell.text())}
		}
	}
	c.obs[m][code] = append(c.obs[m][code], o)
	return nil
}

// collected holds everything read from the files before the table is made.
type collected struct {
	obs     [NumMeasures]map[string][]obs // measure -> old code -> figures
	england [NumMeasures][]obs
	ids     map[string]LA // old code -> identity, from the latest population year
	sn      map[string][]string
	snLine  map[string]int // of each LA's row in the neighbours file
	sources []Source
}

// Build reads a folder of published files (see the package comment for
// their names) and makes the table of LAs: one row per LA of the latest
// population estimates, each measure from its latest year with a figure.
// Every problem is a *FileError naming the file, the row and the column.
func Build(fsys fs.FS) (*Table, error) {
	c := &collected{ids: map[string]LA{}}
	for m := range NumMeasures {
		c.obs[m] = map[string][]obs{}
	}
	done := map[string]bool{}
	// the population file first: it says which LAs exist
	order := append([]Measure{Children}, slices.DeleteFunc(allMeasures(), func(m Measure) bool { return m == Children })...)
	for _, m := range order {
		pat := measures[m].pattern
		if done[pat] {
			continue
		}
		done[pat] = true
		t, err := openTable(fsys, pat, c)
		if err != nil {
			return nil, err
		}
		if measures[m].kind == kindLAIT {
			err = c.readLAIT(t)
		} else {
			err = c.readEES(t, pat)
		}
		if err != nil {
			return nil, err
		}
	}
	t, err := openTable(fsys, neighboursPattern, c)
	if err != nil {
		return nil, err
	}
	if err := c.readNeighbours(t); err != nil {
		return nil, err
	}
	return c.table(), nil
}

func allMeasures() []Measure {
	out := make([]Measure, NumMeasures)
	for m := range NumMeasures {
		out[m] = m
	}
	return out
}

// openTable finds the one file matching pat (the last in name order when a
// folder holds several releases), checks it is a regular file of at most
// MaxSourceBytes, reads it and records it as a source.
func openTable(fsys fs.FS, pat string, c *collected) (*table, error) {
	names, err := fs.Glob(fsys, pat)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, &FileError{File: pat, Expected: "a file named like " + pat + " in the folder", Err: ErrBadFile}
	}
	if len(names) > 1 {
		// which is the newest release is not for the name to say
		// (c1_..._2013_to_2025 sorts after c1_..._2010_to_2026)
		slices.Sort(names)
		return nil, &FileError{File: pat, Err: ErrBadFile,
			Expected: fmt.Sprintf("one file named like %s in the folder, found %d (%s): keep the release to import", pat, len(names), strings.Join(names, ", "))}
	}
	name := names[0]
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, &FileError{File: name, Err: err}
	}
	if !info.Mode().IsRegular() {
		return nil, &FileError{File: name, Expected: "a regular file", Err: ErrBadFile}
	}
	if info.Size() > MaxSourceBytes {
		return nil, &FileError{File: name, Expected: fmt.Sprintf("a file of at most %d bytes", MaxSourceBytes), Err: ErrBadFile}
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, &FileError{File: name, Err: err}
	}
	t, err := readCSV(path.Base(name), strings.NewReader(string(data)))
	if err != nil {
		return nil, err
	}
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(data))
	h.Write(data)
	c.sources = append(c.sources, Source{File: path.Base(name), Blob: hex.EncodeToString(h.Sum(nil)), Rows: len(t.rows)})
	return t, nil
}

// readEES reads the measures of one explore-education-statistics file;
// columns are found by name, so the CLA file's order is no matter.
func (c *collected) readEES(t *table, pat string) error {
	base := []string{"time_period", "geographic_level", "old_la_code", "new_la_code", "la_name", "region_name"}
	cols, err := t.columns(base...)
	if err != nil {
		return err
	}
	var ms []Measure
	for m := range NumMeasures {
		if measures[m].pattern == pat {
			ms = append(ms, m)
		}
	}
	mcols := make([]int, len(ms))
	fcols := make([]int, len(ms))
	for i, m := range ms {
		need := []string{measures[m].column}
		if f := measures[m].filter[0]; f != "" {
			need = append(need, f)
		}
		got, err := t.columns(need...)
		if err != nil {
			return err
		}
		mcols[i], fcols[i] = got[0], -1
		if len(got) > 1 {
			fcols[i] = got[1]
		}
	}
	for r, row := range t.rows {
		line := t.lines[r]
		level := strings.TrimSpace(row[cols[1]])
		if level != "National" && level != "Local authority" {
			continue
		}
		year, err := parseYear(t.file, line, t.header[cols[0]], row[cols[0]])
		if err != nil {
			return err
		}
		codes := splitJoint(row[cols[2]])
		if level == "Local authority" {
			if err := checkCodes(t, line, row, cols, codes); err != nil {
				return err
			}
		}
		for i, m := range ms {
			if fcols[i] >= 0 && strings.TrimSpace(row[fcols[i]]) != measures[m].filter[1] {
				continue
			}
			v, err := parseCell(t.file, line, measures[m].column, row[mcols[i]])
			if err != nil {
				return err
			}
			o := obs{year: year, cell: v, line: line}
			if level == "National" {
				c.england[m] = append(c.england[m], o)
				continue
			}
			if len(codes) > 1 {
				o.joint = codes
			}
			for _, code := range codes {
				if err := c.add(m, code, o, t.file); err != nil {
					return err
				}
			}
		}
		if pat == measures[Children].pattern && level == "Local authority" && len(codes) == 1 {
			c.identify(year, codes[0], row[cols[3]], row[cols[4]], row[cols[5]])
		}
	}
	return nil
}

// identify records an LA's codes, name and region from the population
// file; the latest year wins, so an LA abolished earlier drops out.
func (c *collected) identify(year int, old, code, name, region string) {
	la := LA{OldCode: old, Code: strings.TrimSpace(code), Name: strings.TrimSpace(name), Region: strings.TrimSpace(region), year: year}
	if prev, ok := c.ids[old]; ok && prev.year > year {
		return
	}
	c.ids[old] = la
}

// checkCodes requires an LA row to have 3-digit old codes and as many new
// codes as old ones.
func checkCodes(t *table, line int, row []string, cols []int, codes []string) error {
	for _, code := range codes {
		if len(code) != 3 || strings.Trim(code, "0123456789") != "" {
			return &FileError{File: t.file, Line: line, Column: "old_la_code", Value: row[cols[2]], Err: ErrBadFile,
				Expected: "a 3-digit LA code (or codes joined by ' / ')"}
		}
	}
	if n := len(splitJoint(row[cols[3]])); n != len(codes) {
		return &FileError{File: t.file, Line: line, Column: "new_la_code", Value: row[cols[3]], Err: ErrBadFile,
			Expected: fmt.Sprintf("%d codes, as in old_la_code", len(codes))}
	}
	return nil
}

// splitJoint splits "940 / 941", the codes of LAs that report together.
func splitJoint(s string) []string {
	parts := strings.Split(s, "/")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// parseYear reads a time period: 2025, or 202425 for the year 2024-25
// (the later year).
func parseYear(file string, line int, column, text string) (int, error) {
	t := strings.TrimSpace(text)
	y, err := strconv.Atoi(t)
	if err == nil && len(t) == 6 {
		y = y/10000*100 + y%100
	}
	if err != nil || y < 1900 || y > 2200 || (len(t) != 4 && len(t) != 6) {
		return 0, &FileError{File: file, Line: line, Column: column, Value: text, Err: ErrBadFile,
			Expected: "a year such as 2025 or 202425"}
	}
	return y, nil
}

// readLAIT reads the Local Authority Interactive Tool's long file: one row
// per measure, year and LA, keyed by the LA's 3-digit number.
func (c *collected) readLAIT(t *table) error {
	cols, err := t.columns("Short Desc", "Years", "Values", "LA Number")
	if err != nil {
		return err
	}
	for r, row := range t.rows {
		line := t.lines[r]
		desc := strings.TrimSpace(row[cols[0]])
		m, ok := laitMeasure(desc)
		if !ok {
			continue
		}
		code := strings.TrimSpace(row[cols[3]])
		if len(code) != 3 || strings.Trim(code, "0123456789") != "" {
			continue // England and regional rows carry no LA number
		}
		year, err := parseYear(t.file, line, "Years", row[cols[1]])
		if err != nil {
			return err
		}
		v, err := parseCell(t.file, line, "Values", row[cols[2]])
		if err != nil {
			return err
		}
		if err := c.add(m, code, obs{year: year, cell: v, line: line}, t.file); err != nil {
			return err
		}
	}
	return nil
}

func laitMeasure(desc string) (Measure, bool) {
	for m := range NumMeasures {
		if measures[m].kind == kindLAIT && measures[m].filter[1] == desc {
			return m, true
		}
	}
	return 0, false
}

// readNeighbours reads the statistical neighbours file: each LA's ten
// nearest, SN_1 (nearest) to SN_10, by old code.
func (c *collected) readNeighbours(t *table) error {
	names := []string{"old_la_code"}
	for k := 1; k <= 10; k++ {
		names = append(names, fmt.Sprintf("SN_%d", k))
	}
	cols, err := t.columns(names...)
	if err != nil {
		return err
	}
	c.sn = map[string][]string{}
	c.snLine = map[string]int{}
	for r, row := range t.rows {
		code := strings.TrimSpace(row[cols[0]])
		if prev, dup := c.snLine[code]; dup {
			return &FileError{File: t.file, Line: t.lines[r], Column: names[0], Value: code, Err: ErrBadFile,
				Expected: fmt.Sprintf("one row for each LA (line %d is LA %s's too)", prev, code)}
		}
		var ns []string
		for k := 1; k <= 10; k++ {
			n := strings.TrimSpace(row[cols[k]])
			switch {
			case len(n) != 3 || strings.Trim(n, "0123456789") != "":
				return &FileError{File: t.file, Line: t.lines[r], Column: names[k], Value: row[cols[k]], Err: ErrBadFile,
					Expected: "the 3-digit code of a neighbouring LA"}
			case n == code:
				return &FileError{File: t.file, Line: t.lines[r], Column: names[k], Value: row[cols[k]], Err: ErrBadFile,
					Expected: fmt.Sprintf("an LA other than %s itself", code)}
			}
			ns = append(ns, n)
		}
		c.sn[code], c.snLine[code] = ns, t.lines[r]
	}
	return nil
}

// table makes the rows: for each LA and measure the latest year with a
// figure, a count reported jointly shared in proportion to children, and a
// note for each figure suppressed or missing.
func (c *collected) table() *Table {
	newest := 0
	for _, id := range c.ids {
		newest = max(newest, id.year)
	}
	var las []LA
	for _, id := range c.ids {
		if id.year == newest { // LAs abolished before the latest year drop out
			las = append(las, id)
		}
	}
	slices.SortFunc(las, func(a, b LA) int { return strings.Compare(a.Code, b.Code) })
	children := map[string]float64{}
	known := map[string]bool{}
	for i := range las {
		known[las[i].OldCode] = true
		la := &las[i]
		for m := range NumMeasures {
			f, note := latest(c.obs[m][la.OldCode], measures[m].key)
			la.Figures[m] = f
			if note != "" {
				la.Notes = append(la.Notes, note)
			}
		}
		children[la.OldCode] = la.Figures[Children].Value
	}
	for i := range las {
		la := &las[i]
		for m := range NumMeasures {
			o, ok := latestObs(c.obs[m][la.OldCode])
			if !ok || len(o.joint) < 2 {
				continue
			}
			var others []string
			total := 0.0
			for _, code := range o.joint {
				total += children[code]
				if code != la.OldCode {
					others = append(others, code)
				}
			}
			if measures[m].count && total > 0 {
				la.Figures[m].Value *= children[la.OldCode] / total
				la.Notes = append(la.Notes, fmt.Sprintf("%s %d: reported jointly with %s; shared by children", measures[m].key, o.year, strings.Join(others, ", ")))
			} else if m == VacancyRate {
				la.Notes = append(la.Notes, fmt.Sprintf("workforce rates %d: reported jointly with %s", o.year, strings.Join(others, ", ")))
			}
		}
		for _, n := range c.sn[la.OldCode] {
			if known[n] {
				la.Neighbours = append(la.Neighbours, n)
			} else {
				la.Notes = append(la.Notes, "statistical neighbour "+n+" is not a current LA")
			}
		}
		if len(c.sn[la.OldCode]) == 0 {
			la.Notes = append(la.Notes, "no statistical neighbours")
		}
	}
	t := &Table{LAs: las, Sources: c.sources}
	t.England.Name, t.England.Code = "England", "E92000001"
	for m := range NumMeasures {
		t.England.Figures[m], _ = latest(c.england[m], measures[m].key)
	}
	t.index()
	return t
}

// latestObs is the figure of the latest year with a number.
func latestObs(os []obs) (obs, bool) {
	best, ok := obs{}, false
	for _, o := range os {
		if o.cell.ok() && (!ok || o.year > best.year) {
			best, ok = o, true
		}
	}
	return best, ok
}

// latest is the figure of the latest year with a number, and a note when
// a later year's cell holds a code, or no year has a number.
func latest(os []obs, key string) (Figure, string) {
	last := obs{year: -1}
	for _, o := range os {
		if o.year > last.year {
			last = o
		}
	}
	best, ok := latestObs(os)
	switch {
	case len(os) == 0:
		return Figure{Code: "x"}, key + ": not published"
	case !ok:
		return Figure{Year: last.year, Code: last.cell.code}, fmt.Sprintf("%s %d: %s (%s); no year has a figure", key, last.year, codeText(last.cell.code), Suppression[last.cell.code])
	case last.year > best.year:
		return Figure{Value: best.cell.value, Year: best.year}, fmt.Sprintf("%s %d: %s (%s); %d used", key, last.year, codeText(last.cell.code), Suppression[last.cell.code], best.year)
	case best.cell.near != "":
		return Figure{Value: best.cell.value, Year: best.year}, fmt.Sprintf("%s %d: %s (%s), taken as 0", key, best.year, best.cell.near, Suppression[best.cell.near])
	}
	return Figure{Value: best.cell.value, Year: best.year}, ""
}

func codeText(code string) string {
	if code == "" {
		return "blank"
	}
	return code
}
