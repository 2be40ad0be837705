package dfe

import (
	"bytes"
	"crypto/sha1"
	_ "embed"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
)

// FitKnobs are the columns of the fitted parameters of an LA, in the order
// of FitRow.Knobs. Package sim says what each sets (sim.LAFit).
var FitKnobs = []string{"onset", "s47_gap", "conversion", "cp_length", "care_entry", "care_leave"}

// FitStart are the columns of the state an LA's model starts from, in the
// order of FitRow.Start: the shares of families at need 0-3 not on free
// school meals, the same on free school meals, the children on CIN plans,
// on CP plans and looked after per 10,000, and the shares of the families
// on CIN plans, on CP plans and looked after at need 0-3
// (sim.StartState).
var FitStart = []string{"start_need0", "start_need1", "start_need2", "start_need3",
	"start_need0_fsm", "start_need1_fsm", "start_need2_fsm", "start_need3_fsm",
	"start_cin", "start_cp", "start_cla",
	"start_cin_need0", "start_cin_need1", "start_cin_need2", "start_cin_need3",
	"start_cp_need0", "start_cp_need1", "start_cp_need2", "start_cp_need3",
	"start_cla_need0", "start_cla_need1", "start_cla_need2", "start_cla_need3"}

// startShareGroups are where the groups of four need shares begin in
// FitStart.
var startShareGroups = []int{0, 4, 11, 15, 19}

// FitRow is one LA of the fitted table: its fitted parameters, the
// targets per 10,000 children it was fitted to, what the fit simulated and
// the steady state it measured (Start; empty when none was measured).
type FitRow struct {
	Code, Name string
	Children   int
	Knobs      []float64 // as FitKnobs
	Target     []float64 // per 10k, as TargetMeasures
	Simulated  []float64 // per 10k at the fit, as TargetMeasures
	Start      []float64 // as FitStart, or none
	Notes      []string
}

// FitTable is the table of fitted parameters: the blob hash of the table
// of LAs it was fitted from, the build it was fitted under (a fingerprint
// of the model's defaults and the fitting scheme, sim.FitBuild) and how.
type FitTable struct {
	Source string // git blob hash of las.csv
	Build  string
	How    string
	Rows   []FitRow

	byCode map[string]int
}

// Row is the fitted row of the LA with this ONS code.
func (f *FitTable) Row(code string) (FitRow, bool) {
	i, ok := f.byCode[strings.ToUpper(code)]
	if !ok {
		return FitRow{}, false
	}
	return f.Rows[i], true
}

// Add adds or replaces the row of an LA.
func (f *FitTable) Add(r FitRow) {
	if f.byCode == nil {
		f.byCode = map[string]int{}
	}
	if i, ok := f.byCode[strings.ToUpper(r.Code)]; ok {
		f.Rows[i] = r
		return
	}
	f.byCode[strings.ToUpper(r.Code)] = len(f.Rows)
	f.Rows = append(f.Rows, r)
}

//go:embed fitted.csv
var shippedFit []byte

var (
	fitOnce  sync.Once
	fitTable *FitTable
)

// Fitted is the fitted table shipped with the program (fitted.csv). It
// panics if the shipped file is broken, which a test rules out.
func Fitted() *FitTable {
	fitOnce.Do(func() {
		t, err := ReadFitTable("fitted.csv", bytes.NewReader(shippedFit))
		if err != nil {
			panic("dfe: shipped fitted.csv: " + err.Error())
		}
		fitTable = t
	})
	return fitTable
}

// ShippedBlob is the git blob hash of the shipped las.csv, the source a
// fitted table names.
func ShippedBlob() string { return blob(shipped) }

func blob(data []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(data))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

func fitHeader() []string {
	h := []string{"new_la_code", "la_name", "children"}
	h = append(h, FitKnobs...)
	for _, m := range TargetMeasures {
		h = append(h, "target_"+m.Key())
	}
	for _, m := range TargetMeasures {
		h = append(h, "fit_"+m.Key())
	}
	h = append(h, FitStart...)
	return append(h, "notes")
}

// WriteFitTable writes the fitted table as CSV with its header comments.
func WriteFitTable(w io.Writer, f *FitTable) error {
	var b bytes.Buffer
	b.WriteString("# The parameters fitted to each LA's own figures (docs/MODEL.md §3.10):\n")
	b.WriteString("# multipliers of the national defaults (s47_gap: added to them). Targets and\n")
	b.WriteString("# fitted values are per 10,000 children. Rebuild with `make calibrate-las`.\n")
	fmt.Fprintf(&b, "# source las.csv git-blob %s\n", f.Source)
	fmt.Fprintf(&b, "# build %s\n", f.Build)
	fmt.Fprintf(&b, "# how %s\n", f.How)
	cw := csv.NewWriter(&b)
	cw.Write(fitHeader())
	for _, r := range f.Rows {
		row := []string{r.Code, r.Name, strconv.Itoa(r.Children)}
		for _, xs := range [][]float64{r.Knobs, r.Target, r.Simulated} {
			for _, x := range xs {
				row = append(row, strconv.FormatFloat(x, 'f', 4, 64))
			}
		}
		for j := range FitStart {
			v := ""
			if len(r.Start) == len(FitStart) {
				v = strconv.FormatFloat(r.Start[j], 'f', 6, 64) // shares of a few in 10,000
			}
			row = append(row, v)
		}
		cw.Write(append(row, strings.Join(r.Notes, " | ")))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// ReadFitTable reads a table written by WriteFitTable; file names it in
// errors.
func ReadFitTable(file string, r io.Reader) (*FitTable, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &FileError{File: file, Err: err}
	}
	f := &FitTable{byCode: map[string]int{}}
	comments := 0 // the comment lines before the header
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "#") {
			break
		}
		comments++
	}
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "# source las.csv git-blob "):
			f.Source = strings.TrimPrefix(line, "# source las.csv git-blob ")
		case strings.HasPrefix(line, "# build "):
			f.Build = strings.TrimPrefix(line, "# build ")
		case strings.HasPrefix(line, "# how "):
			f.How = strings.TrimPrefix(line, "# how ")
		}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comment = '#'
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, csvError(file, err)
	}
	want := fitHeader()
	if len(rows) < 1 || strings.Join(rows[0], ",") != strings.Join(want, ",") {
		return nil, &FileError{File: file, Line: comments + 1, Expected: "the header " + strings.Join(want, ","), Err: ErrBadFile}
	}
	k, n := len(FitKnobs), len(TargetMeasures)
	for i, row := range rows[1:] {
		line := comments + i + 2
		if len(row) != len(want) {
			return nil, &FileError{File: file, Line: line, Expected: fmt.Sprintf("%d columns", len(want)), Err: ErrBadFile}
		}
		r := FitRow{Code: row[0], Name: row[1]}
		c, err := strconv.Atoi(row[2])
		if err != nil {
			return nil, &FileError{File: file, Line: line, Column: want[2], Value: row[2], Expected: "a whole number", Err: ErrBadFile}
		}
		r.Children = c
		vals := make([]float64, k+2*n)
		for j := range vals {
			v, err := strconv.ParseFloat(row[3+j], 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, &FileError{File: file, Line: line, Column: want[3+j], Value: row[3+j], Expected: "a finite number", Err: ErrBadFile}
			}
			vals[j] = v
		}
		r.Knobs, r.Target, r.Simulated = vals[:k], vals[k:k+n], vals[k+n:]
		if start := row[3+k+2*n : 3+k+2*n+len(FitStart)]; strings.Join(start, "") != "" {
			r.Start = make([]float64, len(start))
			for j, x := range start {
				v, err := strconv.ParseFloat(x, 64)
				if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
					col := want[3+k+2*n+j]
					return nil, &FileError{File: file, Line: line, Column: col, Value: x, Expected: "a number of at least 0 (or every start_ column empty)", Err: ErrBadFile}
				}
				r.Start[j] = v
			}
			// the four need shares of each group (FitStart) sum to 1
			for _, g := range startShareGroups {
				t := r.Start[g] + r.Start[g+1] + r.Start[g+2] + r.Start[g+3]
				if math.Abs(t-1) > 0.01 {
					cols := want[3+k+2*n+g : 3+k+2*n+g+4]
					return nil, &FileError{File: file, Line: line, Column: strings.Join(cols, "+"), Value: strconv.FormatFloat(t, 'f', -1, 64),
						Expected: "shares summing to 1 (within 0.01)", Err: ErrBadFile}
				}
			}
		}
		if notes := row[len(row)-1]; notes != "" {
			r.Notes = strings.Split(notes, " | ")
		}
		f.Add(r)
	}
	return f, nil
}

// WriteFitFile writes the fitted table to path atomically.
func WriteFitFile(path string, f *FitTable) error {
	var b bytes.Buffer
	if err := WriteFitTable(&b, f); err != nil {
		return err
	}
	return writeAtomic(path, b.Bytes())
}
