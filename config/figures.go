package config

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/caseload/caseload/detmath"
	"github.com/caseload/caseload/dfe"
)

const figuresFileKey = "la.figures_file"

// figureAliases are the short names a figures file may use besides the
// columns of the table of LAs (dfe/las.csv: children, referrals,
// section47, cp_starts, cp_at31, cla_at31, cla_starting, sw_fte, ...).
var figureAliases = map[string]string{
	"s47":            "section47",
	"s47_enquiries":  "section47",
	"cp_started":     "cp_starts",
	"cp_stock":       "cp_at31",
	"cla_stock":      "cla_at31",
	"cla_starts":     "cla_starting",
	"cla_ceased":     "cla_ceasing",
	"workforce_fte":  "sw_fte",
	"social_workers": "sw_fte",
	"fsm_pri":        "fsm_primary",
	"fsm_sec":        "fsm_secondary",
}

// percentMeasures are the measures given as percentages.
var percentMeasures = []dfe.Measure{dfe.VacancyRate, dfe.AgencyRate, dfe.VacancyCover, dfe.Turnover, dfe.FSMPrimary, dfe.FSMSecondary}

// figureKeys lists the keys a figures file takes, for messages.
func figureKeys() string {
	var ks []string
	for m := range dfe.NumMeasures {
		ks = append(ks, m.Key())
	}
	for k := range figureAliases {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return "year, " + strings.Join(ks, ", ")
}

// ownFigures reads the la.figures_file of assignment a (a folder of files
// in DfE's layout, or a YAML file of figures; its path relative to the
// scenario file that names it) and puts its figures in place of the LA's
// published ones. It gives the LA and a note of what was replaced.
func ownFigures(a assignment, la dfe.LA) (dfe.LA, string, error) {
	name := a.value.String()
	path := name
	if !filepath.IsAbs(path) && isFile(a.origin) {
		path = filepath.Join(filepath.Dir(a.origin), path)
	}
	bad := func(expected string, err error) error {
		return &Error{File: a.origin, Key: figuresFileKey, Value: name, Expected: expected, Err: err}
	}
	info, err := os.Stat(path)
	if err != nil {
		return la, "", bad("a folder of files in DfE's published layout, or a YAML file of the LA's figures", pathCause(err))
	}
	var figs map[dfe.Measure]dfe.Figure
	var notes []string
	keys := map[dfe.Measure]string{} // the file's own name of each figure
	if info.IsDir() {
		figs, notes, err = dfe.ReadFigures(os.DirFS(path), path, la.OldCode)
		if err != nil {
			return la, "", bad("files in DfE's published layout (dfe/SOURCES.md) with the figures of LA "+la.OldCode, err)
		}
	} else if figs, keys, err = readFigureYAML(path); err != nil {
		return la, "", err
	}
	published := la
	var parts []string
	for m := range dfe.NumMeasures {
		f, ok := figs[m]
		if !ok {
			continue
		}
		was := la.Figures[m]
		old := was.Code
		if was.OK() {
			old = strconv.FormatFloat(was.Value, 'f', -1, 64)
		}
		parts = append(parts, fmt.Sprintf("%s %s → %s", m.Key(), old, strconv.FormatFloat(f.Value, 'f', -1, 64)))
		la.Figures[m] = f
	}
	// a figure of the file is named as the file names it (s47, say, for
	// the table's section47)
	fileKey := func(m dfe.Measure) string {
		if k, ok := keys[m]; ok {
			return k
		}
		return m.Key()
	}
	for _, r := range figureRules {
		x, y := la.Figures[r.of], la.Figures[r.within]
		_, own := figs[r.of]
		_, ownWithin := figs[r.within]
		if (own || ownWithin) && x.OK() && y.OK() && x.Value > y.Value {
			// named under a figure of the file: the one the rule holds, or
			// the one it is held to where only that one is the file's
			if !own {
				return la, "", &Error{File: path, Key: fileKey(r.within), Value: y.Value, Err: ErrInvalid,
					Expected: fmt.Sprintf("at least %s %s, the published figure (%s)", r.of.Key(), strconv.FormatFloat(x.Value, 'f', -1, 64), r.why)}
			}
			return la, "", &Error{File: path, Key: fileKey(r.of), Value: x.Value, Err: ErrInvalid,
				Expected: fmt.Sprintf("at most %s %s (%s)", fileKey(r.within), strconv.FormatFloat(y.Value, 'f', -1, 64), r.why)}
		}
	}
	if err := plausibleForSize(path, figs, keys, published, la); err != nil {
		return la, "", err
	}
	var kept []string
	for m := range dfe.NumMeasures {
		if _, own := figs[m]; !own && la.Figures[m].OK() {
			kept = append(kept, m.Key())
		}
	}
	note := fmt.Sprintf("the user's figures (this file) replace the published ones: %s", strings.Join(parts, ", "))
	if len(kept) > 0 {
		note += "; the published table's figures (DfE, dfe/las.csv) stand for the rest: " + strings.Join(kept, ", ")
	}
	if len(notes) > 0 {
		note += "; " + strings.Join(notes, "; ")
	}
	return la, note, nil
}

// sizeFactor is how far an LA's own figure may lie from what its size
// makes plausible: its children within a factor of sizeFactor of its
// published children (assumption: an LA's children change by a few
// percent a year, so a figure half or twice the published one is of
// another area or a slip), and each count within a factor of
// sizeFactor of the range of every LA's published figures per 10,000
// children (dfe/las.csv), rates (the caseload) of every LA's rates. A
// figure outside is taken for a mistake (a typo, a figure of another
// area or year, a rate given as a count), which a fit would only miss.
const sizeFactor = 2

// noneAllowed are the counts an LA may truly have none or very few of,
// so that only their upper bound is checked: unaccompanied asylum-seeking
// children arrive where they arrive and are moved by the National
// Transfer Scheme, so an LA's number changes by several times from year
// to year (no LA published none in the shipped year, but one may).
var noneAllowed = []dfe.Measure{dfe.UASC}

// plausibleForSize refuses a figure of the user's file that is
// implausible for the LA's size (sizeFactor), naming the file, the key
// as the file writes it, the value and the range expected.
func plausibleForSize(path string, figs map[dfe.Measure]dfe.Figure, keys map[dfe.Measure]string, published, la dfe.LA) error {
	key := func(m dfe.Measure) string {
		if k, ok := keys[m]; ok {
			return k
		}
		return m.Key()
	}
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	children := la.Figures[dfe.Children]
	if f, own := figs[dfe.Children]; own {
		if p := published.Figures[dfe.Children]; p.OK() && p.Value > 0 && (f.Value < p.Value/sizeFactor || f.Value > p.Value*sizeFactor) {
			return &Error{File: path, Key: key(dfe.Children), Value: f.Value, Err: ErrInvalid,
				Expected: fmt.Sprintf("from %.0f to %.0f children aged 0-17: within a factor of %d of %s's published %s (%d)", math.Ceil(p.Value/sizeFactor), p.Value*sizeFactor, sizeFactor, la.Name, num(p.Value), p.Year)}
		}
	}
	if !children.OK() || children.Value <= 0 {
		return nil
	}
	for m := range dfe.NumMeasures {
		f, own := figs[m]
		if !own || m == dfe.Children || slices.Contains(percentMeasures, m) {
			continue
		}
		lo, hi, ok := publishedRange(m)
		if !ok {
			continue
		}
		x, per := f.Value, ""
		if m.Count() {
			x, per = f.Value/children.Value*1e4, " per 10,000 children"
		}
		floor := lo / sizeFactor
		if slices.Contains(noneAllowed, m) {
			floor = 0
		}
		if x >= floor && x <= hi*sizeFactor {
			continue
		}
		want := fmt.Sprintf("from %s to %s (%s)", round(floor), round(hi*sizeFactor), m.Unit())
		if m.Count() {
			want = fmt.Sprintf("from %s to %s (%s) for %s children", round(floor*children.Value/1e4), round(hi*sizeFactor*children.Value/1e4), m.Unit(), num(children.Value))
		}
		return &Error{File: path, Key: key(m), Value: f.Value, Err: ErrInvalid,
			Expected: fmt.Sprintf("%s: every LA's published figures lie from %s to %s%s, and a figure more than a factor of %d outside that is taken for a mistake (this one is %s%s)",
				want, round(lo), round(hi), per, sizeFactor, round(x), per)}
	}
	return nil
}

// round writes a bound to three significant figures, without an exponent.
func round(x float64) string {
	if x == 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	p := math.Pow10(max(0, 2-detmath.Decade(math.Abs(x))))
	return strconv.FormatFloat(math.Round(x*p)/p, 'f', -1, 64)
}

// publishedRange is the lowest and highest of every LA's published
// figures of measure m: per 10,000 children for a count, as published
// for a rate. ok is false when no LA has the figure.
func publishedRange(m dfe.Measure) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, la := range dfe.LAs().LAs {
		f, c := la.Figures[m], la.Figures[dfe.Children]
		if !f.OK() {
			continue
		}
		x := f.Value
		if m.Count() {
			if !c.OK() || c.Value <= 0 {
				continue
			}
			x = f.Value / c.Value * 1e4
		}
		lo, hi, ok = min(lo, x), max(hi, x), true
	}
	return lo, hi, ok
}

// figureRules are what an LA's own figures must hold of each other, as
// every LA's published figures do (dfe/las.csv, 2025: section 47
// enquiries are 16% to 69% of referrals, referrals 2% to 21% of the
// children): a figure of the figures file (or the one it is held to) that
// breaks one is a mistake, which a fit would only miss.
var figureRules = []struct {
	of, within dfe.Measure
	why        string
}{
	{dfe.Section47, dfe.Referrals, "a section 47 enquiry follows a referral; every LA's published enquiries are at most 69% of its referrals"},
	{dfe.Referrals, dfe.Children, "referrals in a year are of the LA's children; every LA's published referrals are at most 21% of its children"},
}

// readFigureYAML reads a YAML file of an LA's figures: keys of the table
// of LAs or their short names (figureAliases), each a number (percentages
// from 0 to 100), and an optional year.
func readFigureYAML(path string) (map[dfe.Measure]dfe.Figure, map[dfe.Measure]string, error) {
	raw, err := readYAMLFile(path)
	if err != nil {
		return nil, nil, err
	}
	year := 0
	if y, ok := raw["year"]; ok {
		n, isInt := y.(int)
		if !isInt || n < 2000 || n > 2100 {
			return nil, nil, &Error{File: path, Key: "year", Value: y, Expected: "the year of the figures, a whole number from 2000 to 2100", Err: ErrInvalid}
		}
		year = n
	}
	out := map[dfe.Measure]dfe.Figure{}
	given := map[dfe.Measure]string{}
	for _, key := range sortedNames(raw) {
		if key == "year" {
			continue
		}
		col := key
		if a, ok := figureAliases[key]; ok {
			col = a
		}
		m, ok := dfe.MeasureByKey(col)
		if !ok {
			return nil, nil, &Error{File: path, Key: key, Value: raw[key], Expected: "one of the figures " + figureKeys(), Err: ErrInvalid}
		}
		if prev, dup := given[m]; dup {
			return nil, nil, &Error{File: path, Key: key, Value: raw[key], Expected: fmt.Sprintf("each figure once (%s is %s too)", key, prev), Err: ErrInvalid}
		}
		given[m] = key
		var v float64
		switch x := raw[key].(type) {
		case int:
			v = float64(x)
		case float64:
			v = x
		default:
			return nil, nil, &Error{File: path, Key: key, Value: raw[key], Expected: "a number (" + m.Unit() + ")", Err: ErrInvalid}
		}
		hi, what := 1e8, "a number from 0 to 100,000,000 ("+m.Unit()+")"
		if slices.Contains(percentMeasures, m) {
			hi, what = 100, "a percentage from 0 to 100 ("+m.Unit()+")"
		}
		lo := 0.0
		if m == dfe.Children {
			// the parameters are fitted to the figures while the scenario
			// is read, at a cost that grows with the children
			lo, hi, what = 100, maxOwnChildren, "from 100 to 1,000,000 children aged 0-17 (England's largest LA, Kent, has about 355,000)"
		}
		if math.IsNaN(v) || v < lo || v > hi {
			return nil, nil, &Error{File: path, Key: key, Value: raw[key], Expected: what, Err: ErrInvalid}
		}
		out[m] = dfe.Figure{Value: v, Year: year}
	}
	if len(out) == 0 {
		return nil, nil, &Error{File: path, Expected: "at least one figure: " + figureKeys(), Err: ErrInvalid}
	}
	return out, given, nil
}
