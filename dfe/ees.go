package dfe

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// ErrBadFile is wrapped by every *FileError, so callers can tell a bad input
// file (exit status 2) from a failure of the program itself.
var ErrBadFile = errors.New("bad data file")

// FileError is a problem with one published file: the file, the line of the
// file (1 is the header; 0 for the whole file), the column and the cell.
type FileError struct {
	File     string
	Line     int
	Column   string
	Value    string
	Expected string
	Err      error
}

func (e *FileError) Error() string {
	parts := []string{e.File}
	if e.Line > 0 {
		parts = append(parts, fmt.Sprintf("row %d", e.Line))
	}
	if e.Column != "" {
		parts = append(parts, "column "+e.Column)
	}
	if e.Value != "" || e.Column != "" && e.Line > 1 {
		parts = append(parts, "value "+strconv.Quote(e.Value))
	}
	if e.Expected != "" {
		parts = append(parts, "expected "+e.Expected)
	}
	if e.Err != nil && e.Err != ErrBadFile {
		parts = append(parts, e.Err.Error())
	}
	return strings.Join(parts, ": ")
}

// Unwrap gives the underlying cause, if any.
func (e *FileError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrBadFile) hold for every *FileError.
func (e *FileError) Is(target error) bool { return target == ErrBadFile }

// Suppression codes of the published files, with their meaning
// (DfE explore-education-statistics conventions). "-" is LAIT's blank.
var Suppression = map[string]string{
	"c":   "suppressed to protect confidentiality",
	"x":   "not available",
	"z":   "not applicable",
	"u":   "low reliability",
	"k":   "rounds to zero",
	"low": "below 0.5",
	"-":   "no figure",
	"":    "blank",
}

// cell is one parsed cell: a number, or the code written in its place.
// `k` and `low` stand for a figure that rounds to zero: they are read as
// 0, with the code kept in near for a note.
type cell struct {
	value float64
	code  string // "" when value is a number
	near  string // "k" or "low" when value stands for one
}

func (c cell) ok() bool { return c.code == "" }

// text is the cell as written: its number, or its code.
func (c cell) text() string {
	switch {
	case c.near != "":
		return c.near
	case c.code != "":
		return c.code
	}
	return strconv.FormatFloat(c.value, 'f', -1, 64)
}

// parseCell reads a published number; a suppression code is kept as such,
// anything else is an error naming the file, row and column.
func parseCell(file string, line int, column, text string) (cell, error) {
	t := strings.TrimSpace(text)
	lower := strings.ToLower(t)
	if lower == "k" || lower == "low" {
		return cell{near: lower}, nil
	}
	if _, coded := Suppression[lower]; coded {
		return cell{code: lower}, nil
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return cell{}, &FileError{File: file, Line: line, Column: column, Value: text, Err: ErrBadFile,
			Expected: "a number or a suppression code (c, x, z, u, k, low)"}
	}
	return cell{value: v}, nil
}

// table is a CSV file read whole: its header and rows, with the line of
// each row in the file for messages.
type table struct {
	file   string
	header []string
	index  map[string]int
	rows   [][]string
	lines  []int
}

// readCSV reads a published CSV file: a UTF-8 byte-order mark is dropped,
// quoted fields may hold commas, and every row must have as many cells as
// the header (a truncated row is an error naming its line).
func readCSV(file string, r io.Reader) (*table, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &FileError{File: file, Err: err}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &FileError{File: file, Expected: "a header row", Err: ErrBadFile}
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	t := &table{file: file, header: header, index: map[string]int{}}
	for i, h := range header {
		t.index[strings.TrimSpace(h)] = i
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(file, err)
		}
		line, _ := cr.FieldPos(0)
		t.rows = append(t.rows, rec)
		t.lines = append(t.lines, line)
	}
	return t, nil
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		exp := "a well-formed CSV row"
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			exp = "as many cells as the header (the row is truncated or has extra cells)"
		}
		return &FileError{File: file, Line: pe.Line, Expected: exp, Err: pe.Err}
	}
	return &FileError{File: file, Err: err}
}

// columns returns the positions of the named columns, or an error naming
// the first missing one.
func (t *table) columns(names ...string) ([]int, error) {
	out := make([]int, len(names))
	for i, n := range names {
		j, ok := t.index[n]
		if !ok {
			return nil, &FileError{File: t.file, Line: 1, Column: n, Err: ErrBadFile,
				Expected: "a column " + strconv.Quote(n) + " in the header"}
		}
		out[i] = j
	}
	return out, nil
}
