package dfe

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Figure is one measure of one LA: the value of the latest year with a
// figure, that year, and, when no year has one, the code published in
// its place (Code is then non-empty and Value is zero).
type Figure struct {
	Value float64
	Year  int
	Code  string
}

// OK says the figure holds a number.
func (f Figure) OK() bool { return f.Code == "" }

// LA is one local authority with children's services, as published.
type LA struct {
	Code       string // the ONS code, E06000001 etc. (new_la_code)
	OldCode    string // DfE's 3-digit LA number (old_la_code)
	Name       string // as DfE writes it: "Bristol, City of"
	Region     string
	Figures    [NumMeasures]Figure
	Neighbours []string // old codes of the ten statistical neighbours, nearest first
	Notes      []string // each suppressed, missing or shared figure

	year int // the latest population year the LA appears in (building only)
}

// Value is the figure of measure m and whether there is one.
func (la LA) Value(m Measure) (float64, bool) {
	f := la.Figures[m]
	return f.Value, f.OK()
}

// Table is the table of LAs: one row per LA, ordered by code, with the
// England figures and the files it was built from.
type Table struct {
	LAs     []LA
	England LA
	Sources []Source

	byCode map[string]int // new and old codes, upper case -> index
}

func (t *Table) index() {
	t.byCode = map[string]int{}
	for i, la := range t.LAs {
		t.byCode[strings.ToUpper(la.Code)] = i
		t.byCode[la.OldCode] = i
	}
}

// ByCode finds an LA by its ONS code or its 3-digit number.
func (t *Table) ByCode(code string) (LA, bool) {
	i, ok := t.byCode[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return LA{}, false
	}
	return t.LAs[i], true
}

//go:embed las.csv
var shipped []byte

var (
	shippedOnce  sync.Once
	shippedTable *Table
)

// LAs is the table shipped with the program (las.csv, built by Import from
// the files named in its header). It panics if the shipped file is broken,
// which a test rules out.
func LAs() *Table {
	shippedOnce.Do(func() {
		t, err := ReadTable("las.csv", bytes.NewReader(shipped))
		if err != nil {
			panic("dfe: shipped las.csv: " + err.Error())
		}
		shippedTable = t
	})
	return shippedTable
}

// header is the first row of the table file.
func header() []string {
	h := []string{"new_la_code", "old_la_code", "la_name", "region"}
	for m := range NumMeasures {
		h = append(h, measures[m].key, measures[m].key+"_year")
	}
	for k := 1; k <= 10; k++ {
		h = append(h, fmt.Sprintf("sn_%d", k))
	}
	return append(h, "notes")
}

// tableTitle is the first line of a table WriteTable writes.
const tableTitle = "# The table of England's local authorities with children's services, built by\n"

// IsTableFile reports whether path is a file Import may replace: it does
// not exist, is empty, or is a table of LAs (its first line is
// WriteTable's, with either line ending).
func IsTableFile(path string) bool {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return true
	}
	if err != nil {
		return false
	}
	defer f.Close()
	b := make([]byte, len(tableTitle)+1)
	n, _ := io.ReadFull(f, b)
	head := string(b[:n])
	return n == 0 || strings.HasPrefix(head, tableTitle) || strings.HasPrefix(head, strings.TrimSuffix(tableTitle, "\n")+"\r\n")
}

// WriteTable writes the table as CSV: a comment line per source file with
// its git blob hash, then the header, England, and one row per LA.
func WriteTable(w io.Writer, t *Table) error {
	var b bytes.Buffer
	b.WriteString(tableTitle)
	b.WriteString("# `caseload data import` from the Department for Education's published files\n")
	b.WriteString("# (dfe/SOURCES.md). A value column holds the latest year with a figure, its\n")
	b.WriteString("# year beside it; where no year has one it holds the published code.\n")
	for _, s := range t.Sources {
		fmt.Fprintf(&b, "# source %s git-blob %s rows %d\n", s.File, s.Blob, s.Rows)
	}
	cw := csv.NewWriter(&b)
	cw.Write(header())
	for _, la := range append([]LA{t.England}, t.LAs...) {
		row := []string{la.Code, la.OldCode, la.Name, la.Region}
		for _, f := range la.Figures {
			v := f.Code
			if f.OK() {
				v = strconv.FormatFloat(roundFigure(f.Value), 'f', -1, 64)
			}
			y := ""
			if f.Year > 0 {
				y = strconv.Itoa(f.Year)
			}
			row = append(row, v, y)
		}
		for k := range 10 {
			n := ""
			if k < len(la.Neighbours) {
				n = la.Neighbours[k]
			}
			row = append(row, n)
		}
		cw.Write(append(row, strings.Join(la.Notes, " | ")))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// roundFigure keeps six decimal places: enough for shared counts, and
// free of the binary noise of figures such as 18.899999999999999.
func roundFigure(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 6, 64), 64)
	return r
}

// ReadTable reads a table written by WriteTable; file names it in errors.
func ReadTable(file string, r io.Reader) (*Table, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &FileError{File: file, Err: err}
	}
	t := &Table{}
	for _, line := range strings.Split(string(data), "\n") {
		var s Source
		if n, _ := fmt.Sscanf(line, "# source %s git-blob %s rows %d", &s.File, &s.Blob, &s.Rows); n == 3 {
			t.Sources = append(t.Sources, s)
		}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comment = '#'
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, csvError(file, err)
	}
	want := header()
	if len(rows) < 2 || strings.Join(rows[0], ",") != strings.Join(want, ",") {
		return nil, &FileError{File: file, Line: 1, Expected: "the header " + strings.Join(want, ","), Err: ErrBadFile}
	}
	for i, row := range rows[1:] {
		la, err := parseRow(file, i+2, want, row)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			t.England = la
			continue
		}
		t.LAs = append(t.LAs, la)
	}
	t.index()
	return t, nil
}

func parseRow(file string, line int, h, row []string) (LA, error) {
	la := LA{Code: row[0], OldCode: row[1], Name: row[2], Region: row[3]}
	for m := range NumMeasures {
		c := 4 + 2*int(m)
		v, err := parseCell(file, line, h[c], row[c])
		if err != nil {
			return LA{}, err
		}
		f := Figure{Value: v.value, Code: v.code}
		if row[c+1] != "" {
			if f.Year, err = parseYear(file, line, h[c+1], row[c+1]); err != nil {
				return LA{}, err
			}
		}
		la.Figures[m] = f
	}
	for k := range 10 {
		if n := row[4+2*int(NumMeasures)+k]; n != "" {
			la.Neighbours = append(la.Neighbours, n)
		}
	}
	if notes := row[len(row)-1]; notes != "" {
		la.Notes = strings.Split(notes, " | ")
	}
	return la, nil
}

// Import rebuilds the table of LAs from a folder of newer releases (the
// file names of dfe/SOURCES.md) and writes it to out, atomically: the
// table is written to a temporary file beside out and renamed over it,
// so a bad file replaces nothing. A bad file is a *FileError naming the
// file, the row and the column.
func Import(dir, out string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return &FileError{File: dir, Expected: "a folder of published files", Err: err}
	}
	if !info.IsDir() {
		return &FileError{File: dir, Expected: "a folder of published files", Err: ErrBadFile}
	}
	t, err := Build(os.DirFS(dir))
	if err == nil {
		err = t.Check()
	}
	if err != nil {
		// the error names a file of the folder (or the pattern of one it
		// lacks): named with the folder, as given
		if fe := (*FileError)(nil); errors.As(err, &fe) && !filepath.IsAbs(fe.File) {
			fe.File = filepath.Join(dir, fe.File)
		}
		return err
	}
	var b bytes.Buffer
	if err := WriteTable(&b, t); err != nil {
		return err
	}
	return writeAtomic(out, b.Bytes())
}

func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
