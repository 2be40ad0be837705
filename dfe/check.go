package dfe

import (
	"fmt"
	"math"
)

// checked are the counts whose LA rows must add up to England's figure.
var checked = []Measure{Children, Referrals, Section47, CPStarts, CPAt31, CLAAt31}

// SumTolerance is how far the LA rows of a checked count may fall from
// England's row: 0.5%, well above DfE's rounding of national figures to
// the nearest 10 and of LA figures, well below a missing large LA.
const SumTolerance = 0.005

// Check refuses a table that cannot be right: fewer than 100 LAs, an LA
// without children or a code, or a checked count whose LA rows, in
// England's latest year, do not add up to England's figure. An LA whose
// figure for that year is suppressed or missing counts with its latest
// earlier one; if an LA has none at all, only a sum above England's is
// refused.
func (t *Table) Check() error {
	if len(t.LAs) < 100 {
		return &FileError{File: measures[Children].pattern, Expected: fmt.Sprintf("at least 100 local authorities (found %d)", len(t.LAs)), Err: ErrBadFile}
	}
	for _, la := range t.LAs {
		if v, ok := la.Value(Children); !ok || v <= 0 || la.Code == "" {
			return &FileError{File: measures[Children].pattern, Column: "population_estimate", Value: la.Name, Err: ErrBadFile,
				Expected: "children and an LA code for every LA"}
		}
	}
	// a file cut short, or with only its header, leaves LAs without the
	// measures it holds: every published measure covers all but a few
	if err := t.checkCoverage(); err != nil {
		return err
	}
	for _, m := range checked {
		_, eng, ok := t.Sum(m)
		if !ok {
			continue
		}
		sum, all := 0.0, true
		for _, la := range t.LAs {
			v, ok := la.Value(m)
			sum += v
			all = all && ok
		}
		if sum/eng-1 > SumTolerance || all && sum/eng-1 < -SumTolerance {
			return &FileError{File: t.sourceOf(m), Column: measures[m].column, Err: ErrBadFile,
				Expected: fmt.Sprintf("LA rows adding up to England's %g within %.1f%% (they add up to %g)", eng, 100*SumTolerance, sum)}
		}
	}
	return nil
}

// Sum adds measure m over the LAs whose figure is of England's latest
// year, and gives England's figure; ok is false when England has none.
func (t *Table) Sum(m Measure) (sum, england float64, ok bool) {
	e := t.England.Figures[m]
	if !e.OK() {
		return 0, 0, false
	}
	for _, la := range t.LAs {
		if f := la.Figures[m]; f.OK() && f.Year == e.Year {
			sum += f.Value
		}
	}
	return sum, e.Value, true
}

func (t *Table) sourceOf(m Measure) string {
	return measures[m].pattern
}

// MinCoverage is the least share of the LAs that must have a figure of
// each measure (and ten statistical neighbours): every measure of the
// published files of 2025 covers at least 151 of the 153 LAs (98.7%).
const MinCoverage = 0.9

// checkCoverage refuses a table in which a measure, or the statistical
// neighbours, covers fewer than MinCoverage of the LAs. (A neighbour that
// is no LA of the table, as an LA abolished since the neighbours were
// published, is left out with a note: table.)
func (t *Table) checkCoverage() error {
	least := int(math.Ceil(MinCoverage * float64(len(t.LAs))))
	for m := range NumMeasures {
		n := 0
		for _, la := range t.LAs {
			if la.Figures[m].OK() {
				n++
			}
		}
		if n < least {
			return &FileError{File: t.sourceOf(m), Column: measures[m].column, Err: ErrBadFile,
				Expected: fmt.Sprintf("a figure for at least %.0f%% of the %d LAs (found for %d): is the file cut short?", 100*MinCoverage, len(t.LAs), n)}
		}
	}
	n := 0
	for _, la := range t.LAs {
		if len(la.Neighbours) == 10 {
			n++
		}
	}
	if n < least {
		return &FileError{File: neighboursPattern, Err: ErrBadFile,
			Expected: fmt.Sprintf("ten statistical neighbours for at least %.0f%% of the %d LAs (found for %d): is the file cut short?", 100*MinCoverage, len(t.LAs), n)}
	}
	return nil
}
