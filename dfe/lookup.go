package dfe

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// aliases are names in common use for LAs whose published names differ.
var aliases = map[string]string{
	"hull":        "kingston upon hull",
	"newcastle":   "newcastle upon tyne",
	"bcp":         "bournemouth christchurch and poole",
	"durham":      "county durham",
	"southend":    "southend on sea",
	"stoke":       "stoke on trent",
	"windsor":     "windsor and maidenhead",
	"brighton":    "brighton and hove",
	"telford":     "telford and wrekin",
	"redcar":      "redcar and cleveland",
	"westmorland": "westmorland and furness",
}

// normal folds a name for matching: lower case, '&' as 'and', punctuation
// and hyphens as spaces, and the 'City of', 'County of' and 'Borough'
// forms dropped, so "Bristol, City of", "City of Bristol" and "bristol"
// are the same name (the City of London keeps its name).
func normal(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, "&", " and "))
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		if r == '\'' || r == '’' {
			return -1
		}
		return ' '
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if s == "city of london" {
		return s
	}
	for _, form := range []string{" city of", " county of", " borough", " council"} {
		s = strings.TrimSuffix(s, form)
	}
	for _, form := range []string{"city of ", "county of ", "royal borough of ", "london borough of ", "borough of "} {
		s = strings.TrimPrefix(s, form)
	}
	s = strings.ReplaceAll(s, "saint ", "st ")
	if a, ok := aliases[s]; ok {
		s = a
	}
	return s
}

// reorganised are former LAs and the LAs that replaced them (Cumbria in
// April 2023; Northamptonshire in April 2021; Bournemouth and Poole in
// April 2019).
var reorganised = map[string][]string{
	"cumbria":          {"Cumberland", "Westmorland and Furness"},
	"northamptonshire": {"North Northamptonshire", "West Northamptonshire"},
	"bournemouth":      {"Bournemouth, Christchurch and Poole"},
	"poole":            {"Bournemouth, Christchurch and Poole"},
}

// NotFoundError says a name matched no LA, with the nearest names, or the
// LAs that replaced a former one.
type NotFoundError struct {
	Query    string
	Nearest  []string
	Replaced bool // Nearest are the LAs that replaced the one named
}

func (e *NotFoundError) Error() string {
	if e.Replaced {
		return fmt.Sprintf("no local authority %q: it was reorganised into %s", e.Query, strings.Join(quoteAll(e.Nearest), " and "))
	}
	return fmt.Sprintf("no local authority %q; the nearest names are %s", e.Query, strings.Join(quoteAll(e.Nearest), ", "))
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// Find finds an LA by its name (in any case, with or without 'City of'
// and the like), its ONS code (E08000007) or its 3-digit number (356). A
// query that matches nothing is a *NotFoundError with the three nearest
// names by edit distance.
func (t *Table) Find(query string) (LA, error) {
	if la, ok := t.ByCode(query); ok {
		return la, nil
	}
	q := normal(query)
	for _, la := range t.LAs {
		if normal(la.Name) == q {
			return la, nil
		}
	}
	if names, ok := reorganised[q]; ok {
		return LA{}, &NotFoundError{Query: query, Nearest: names, Replaced: true}
	}
	return LA{}, &NotFoundError{Query: query, Nearest: t.Nearest(query, 3)}
}

// Nearest gives the n LA names nearest to query: first those whose
// folded name holds the query (of three letters or more: Kingston,
// Richmond, Scilly), shortest first, then by edit distance between the
// folded names (ties by name).
func (t *Table) Nearest(query string, n int) []string {
	q := normal(query)
	type scored struct {
		name string
		d    int
	}
	all := make([]scored, len(t.LAs))
	for i, la := range t.LAs {
		name := normal(la.Name)
		d := editDistance(q, name)
		if len([]rune(q)) >= 3 && strings.Contains(name, q) {
			d = len(name) - len(q) - 1<<20 // before every name that does not hold it
		}
		all[i] = scored{la.Name, d}
	}
	slices.SortFunc(all, func(a, b scored) int {
		if a.d != b.d {
			return a.d - b.d
		}
		return strings.Compare(a.name, b.name)
	})
	out := make([]string, 0, n)
	for _, s := range all[:min(n, len(all))] {
		out = append(out, s.name)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Neighbours gives the statistical neighbours of the LA with this code
// (ONS code or 3-digit number), nearest first, from the shipped table.
func Neighbours(code string) ([]LA, error) {
	return LAs().Neighbours(code)
}

// Neighbours gives the statistical neighbours of an LA, nearest first.
func (t *Table) Neighbours(code string) ([]LA, error) {
	la, err := t.Find(code)
	if err != nil {
		return nil, err
	}
	out := make([]LA, 0, len(la.Neighbours))
	for _, n := range la.Neighbours {
		if nb, ok := t.ByCode(n); ok {
			out = append(out, nb)
		}
	}
	return out, nil
}
