package config

import (
	"fmt"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/caseload/caseload/sim"
)

// Limits on text values. A scenario name labels tables and, by default,
// names the results folder (SafeName), so it is kept to characters that are
// safe in a file name on any system; role and team names are parts of
// dotted keys and of CASELOAD_* variable names.
const (
	// MaxNameLen is the longest scenario name, in characters.
	MaxNameLen = 100
	// MaxEntryNameLen is the longest role or team name, in characters.
	MaxEntryNameLen = 64
	// MaxTextLen is the longest description, in characters.
	MaxTextLen = 4000
	// nameMarks are the characters besides letters, digits and spaces
	// that a scenario name may hold.
	nameMarks = "-_.,()&#+"
	// entryMarks are those a role or team name may hold besides letters
	// and digits (no dot: it separates the parts of a key).
	entryMarks = "-_"
)

// checkRanges walks every numeric field of p, map entries (roles, teams)
// included, and checks it against the range declared in its `range` tag
// (sim.Range); text fields are checked for length and control characters.
// This is the one place that bounds single values: a new field that holds
// numbers cannot be added without a range (TestEveryNumberHasARange), and
// once it has one it is checked here.
func (c *checker) checkRanges(p sim.Params) {
	c.walkRanges(reflect.ValueOf(p), "")
}

func (c *checker) walkRanges(v reflect.Value, prefix string) {
	for i := range v.NumField() {
		f := v.Type().Field(i)
		name := f.Tag.Get("key")
		if name == "" {
			continue
		}
		key := joinKey(prefix, name)
		fv := v.Field(i)
		switch f.Type.Kind() {
		case reflect.Struct:
			c.walkRanges(fv, key)
			continue
		case reflect.Map:
			for _, entry := range mapNames(fv) {
				c.entryName(key, entry)
				c.walkRanges(fv.MapIndex(reflect.ValueOf(entry)), joinKey(key, entry))
			}
			continue
		case reflect.String:
			if key == "name" {
				c.name(fv.String())
			} else {
				c.text(key, fv.String())
			}
			continue
		}
		r, numeric, err := sim.FieldRange(f)
		if !numeric {
			continue
		}
		if err != nil {
			panic("config: " + err.Error()) // a malformed tag; TestEveryNumberHasARange catches it
		}
		list := fv.Kind() == reflect.Slice || fv.Kind() == reflect.Array
		if !list {
			if x := number64(fv); !r.Contains(x) {
				c.fail(c.fileOf(key), key, fv.Interface(), r.Expected(false))
			}
			continue
		}
		for j := range fv.Len() {
			if !r.Contains(number64(fv.Index(j))) {
				c.fail(c.fileOf(key), key, resolve(fv), r.Expected(true))
				break
			}
		}
	}
}

func number64(v reflect.Value) float64 {
	if v.Kind() == reflect.Int {
		return float64(v.Int())
	}
	return v.Float()
}

// name checks the scenario name (see NameRule).
func (c *checker) name(s string) {
	if why := nameProblem(s); why != "" {
		c.fail(c.fileOf("name"), "name", s, NameRule+" ("+why+")")
	}
}

// NameRule says what a scenario name may be.
const NameRule = "a name of 1 to 100 characters: letters, digits, spaces and - _ . , ( ) & # +, starting with a letter or digit"

func nameProblem(s string) string {
	if strings.TrimSpace(s) == "" {
		return "the name is empty"
	}
	if n := utf8.RuneCountInString(s); n > MaxNameLen {
		return fmt.Sprintf("it has %d characters", n)
	}
	if !utf8.ValidString(s) {
		return "it is not valid UTF-8"
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(first) && !unicode.IsDigit(first) {
		return fmt.Sprintf("it starts with %q", first)
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ' ' && !strings.ContainsRune(nameMarks, r) {
			return fmt.Sprintf("%q is not allowed", r)
		}
	}
	return ""
}

// entryName checks the name of a role or team.
func (c *checker) entryName(section, name string) {
	why := ""
	switch n := utf8.RuneCountInString(name); {
	case strings.TrimSpace(name) == "":
		why = "the name is empty"
	case n > MaxEntryNameLen:
		why = fmt.Sprintf("it has %d characters", n)
	case !utf8.ValidString(name):
		why = "it is not valid UTF-8"
	default:
		for _, r := range name {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(entryMarks, r) {
				why = fmt.Sprintf("%q is not allowed", r)
				break
			}
		}
	}
	if why != "" {
		key := joinKey(section, name)
		c.fail(c.fileOfEntry(key), key, name,
			fmt.Sprintf("a name of 1 to %d letters, digits, - and _ (%s)", MaxEntryNameLen, why))
	}
}

// fileOfEntry is where a role or team came from: the origin of any of its
// keys.
func (c *checker) fileOfEntry(entry string) string {
	for _, k := range sortedNames(c.origin) {
		if strings.HasPrefix(k, entry+".") {
			return c.origin[k]
		}
	}
	return "defaults"
}

// text checks a free-text or word value: not too long, and no control
// characters (a description may have line breaks and tabs).
func (c *checker) text(key, s string) {
	why := ""
	if n := utf8.RuneCountInString(s); n > MaxTextLen {
		why = fmt.Sprintf("it has %d characters", n)
	} else if !utf8.ValidString(s) {
		why = "it is not valid UTF-8"
	} else {
		for _, r := range s {
			if unicode.IsControl(r) && r != '\n' && r != '\t' {
				why = fmt.Sprintf("it holds the control character %q", r)
				break
			}
		}
	}
	if why != "" {
		c.fail(c.fileOf(key), key, s, fmt.Sprintf("text of at most %d characters without control characters (%s)", MaxTextLen, why))
	}
}

// SafeName turns a scenario name into one part of a file path, for the
// default results folder: a valid name (NameRule) is returned as it is;
// any other has each character outside the rule replaced by _, is cut to
// MaxNameLen characters, and never starts with a dot, so that it cannot
// name a parent folder, an absolute path or a hidden file.
func SafeName(name string) string {
	if nameProblem(name) == "" {
		return name
	}
	var b strings.Builder
	n := 0
	for _, r := range name {
		if n == MaxNameLen {
			break
		}
		if r == utf8.RuneError || (!unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ' ' && !strings.ContainsRune(nameMarks, r)) {
			r = '_'
		}
		b.WriteRune(r)
		n++
	}
	s := b.String()
	if first, _ := utf8.DecodeRuneInString(s); s == "" || (!unicode.IsLetter(first) && !unicode.IsDigit(first)) {
		s = "scenario" + s
		if utf8.RuneCountInString(s) > MaxNameLen {
			s = string([]rune(s)[:MaxNameLen])
		}
	}
	return s
}
