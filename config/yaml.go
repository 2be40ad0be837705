package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"syscall"
	"time"

	"go.yaml.in/yaml/v3"
)

// Limits on the files the program reads: scenario files, the files they
// extend, and design files.
const (
	// MaxFileBytes is the largest file read, 1 MiB: the shipped scenarios
	// are under 3 KiB and the largest sensible design (thousands of listed
	// points) well under 1 MiB. Larger files are refused unread.
	MaxFileBytes = 1 << 20
	// MaxDepth is the deepest nesting of sections and lists in a file.
	// The deepest key of a scenario is 5 levels down (a team's school
	// list) and of a design 4; the YAML parser takes time that grows
	// faster than the depth, so deeper files are refused before parsing.
	MaxDepth = 32
)

// ReadFile reads a file the program takes as input, refusing at once what
// is not a regular file (a folder, a device such as /dev/zero, a FIFO that
// would block) and anything over MaxFileBytes. Every error is an *Error
// naming the file.
func ReadFile(path string) ([]byte, error) {
	if err := checkRegular(path); err != nil {
		return nil, &Error{File: path, Expected: "a readable YAML file", Err: err}
	}
	// O_NONBLOCK: a FIFO put in the file's place since the check opens
	// at once, and is refused below, instead of blocking
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, &Error{File: path, Expected: "a readable YAML file", Err: pathCause(err)}
	}
	defer f.Close()
	// the file may have been replaced since it was checked
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		return nil, &Error{File: path, Expected: "a readable YAML file", Err: errors.New("not a regular file")}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, &Error{File: path, Expected: "a readable YAML file", Err: pathCause(err)}
	}
	if len(data) > MaxFileBytes {
		return nil, &Error{File: path, Expected: fmt.Sprintf("a file of at most %d bytes (1 MiB)", MaxFileBytes), Err: ErrInvalid}
	}
	return data, nil
}

// checkRegular refuses a path that is missing or is not a regular file;
// stat does not open the file, so a FIFO cannot block it.
func checkRegular(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return pathCause(err)
	}
	switch m := info.Mode(); {
	case m.IsDir():
		return errors.New("it is a folder")
	case m&fs.ModeNamedPipe != 0:
		return errors.New("it is a FIFO (named pipe), not a regular file")
	case m&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		return errors.New("it is a device, not a regular file")
	case !m.IsRegular():
		return errors.New("not a regular file")
	}
	return nil
}

// readYAMLFile reads a file of YAML settings: one document whose top level
// is a section of keys. Keys are lowercased; two keys of one section that
// differ only in case are an error, as are an empty file, a second document
// and nesting deeper than MaxDepth.
func readYAMLFile(path string) (map[string]any, error) {
	data, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseYAML(path, data)
}

func parseYAML(path string, data []byte) (map[string]any, error) {
	if d := nestingDepth(data); d > MaxDepth {
		return nil, &Error{File: path, Expected: fmt.Sprintf("sections and lists nested at most %d deep (this file nests at least %d)", MaxDepth, d), Err: ErrInvalid}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, &Error{File: path, Expected: "settings (the file is empty or holds only comments)", Err: ErrInvalid}
		}
		return nil, &Error{File: path, Expected: "valid YAML", Err: err}
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, &Error{File: path, Expected: fmt.Sprintf("a single YAML document (a second one starts at line %d)", max(next.Line, 1)), Err: ErrInvalid}
	case err != io.EOF:
		return nil, &Error{File: path, Expected: "valid YAML", Err: err}
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil, &Error{File: path, Expected: "settings (the file is empty or holds only comments)", Err: ErrInvalid}
	}
	if root.Kind != yaml.MappingNode {
		return nil, &Error{File: path, Value: root.Value, Expected: "a section of settings, one key: value per line", Err: ErrInvalid}
	}
	if err := checkKeys(path, root, ""); err != nil {
		return nil, err
	}
	var raw any
	if err := root.Decode(&raw); err != nil {
		return nil, &Error{File: path, Expected: "valid YAML", Err: err}
	}
	low, err := lowerKeys(path, raw, "")
	if err != nil {
		return nil, err
	}
	m, _ := low.(map[string]any)
	return m, nil
}

// checkKeys refuses keys that are not text and keys of one section that
// differ only in case ("Children" and "children"), which would otherwise
// be read as one key with one of the values lost. Aliases are not followed
// (the decoder bounds their expansion), so this is linear in the file.
func checkKeys(path string, n *yaml.Node, at string) error {
	switch n.Kind {
	case yaml.MappingNode:
		seen := map[string]string{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return &Error{File: path, Key: at, Expected: fmt.Sprintf("keys that are plain names (line %d)", k.Line), Err: ErrInvalid}
			}
			if k.Tag == "!!merge" {
				// the merged section's keys are checked where they are
				// read (lowerKeys); its values are read as any others
				readAsElsewhere(v)
				continue
			}
			k.Tag = "!!str" // a key is a name: 010 names "010", as in --set
			lower := strings.ToLower(k.Value)
			key := joinKey(at, lower)
			if first, dup := seen[lower]; dup {
				return &Error{File: path, Key: key, Value: k.Value, Err: ErrInvalid,
					Expected: fmt.Sprintf("each key once; keys are not case-sensitive, and %q (line %d) repeats %q", k.Value, k.Line, first)}
			}
			seen[lower] = k.Value
			if err := checkKeys(path, v, key); err != nil {
				return err
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if err := checkKeys(path, c, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case yaml.ScalarNode:
		readAsElsewhere(n)
	}
	return nil
}

// dateText leaves as text a value YAML would read as a timestamp but that
// is not a date written YYYY-MM-DD (2025-9-1, a date with a time), so that
// it is checked, and refused, as the same text quoted or given by --set
// is; 2025-09-01 stays a date, read as the text it is.
func dateText(n *yaml.Node) {
	if n.Tag != "!!timestamp" {
		return
	}
	if _, err := time.Parse(time.DateOnly, n.Value); err != nil || len(n.Value) != len(time.DateOnly) {
		n.Tag = "!!str"
	}
}

// readAsElsewhere applies decimal and dateText to every value under n
// (the value of a merge key: a section, or a list of sections), without
// checkKeys's rules on keys.
func readAsElsewhere(n *yaml.Node) {
	switch n.Kind {
	case yaml.ScalarNode:
		decimal(n)
		dateText(n)
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Tag != "!!merge" {
				n.Content[i].Tag = "!!str"
			}
			readAsElsewhere(n.Content[i+1])
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			readAsElsewhere(c)
		}
	}
}

// decimal makes a whole number written with leading zeros (010) read as
// the decimal number it reads as everywhere else: YAML's older rules read
// it as octal (010 is 8), while --set, the environment and design files
// read 10. 0o10 and 0x10 keep their explicit bases.
func decimal(n *yaml.Node) {
	if n.Tag != "!!int" {
		return
	}
	v := n.Value
	sign := ""
	if v != "" && (v[0] == '-' || v[0] == '+') {
		sign, v = v[:1], v[1:]
	}
	if len(v) < 2 || v[0] != '0' || strings.Trim(v, "0123456789_") != "" {
		return
	}
	v = strings.TrimLeft(v, "0_")
	if v == "" {
		v = "0"
	}
	n.Value = sign + v
}

// lowerKeys lowercases the keys of every section, as names in scenario
// files are not case-sensitive. Two keys of one section that differ only
// in case are an error here too: checkKeys refuses them as written, and
// this catches those a merge key (<<) brings in beside a key of the
// section ("FTE: 4" beside a merged "fte: 5"), which would otherwise
// leave one of the two values, a different one from run to run.
func lowerKeys(path string, v any, at string) (any, error) {
	var keys []string
	var vals []any
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			keys, vals = append(keys, k), append(vals, e)
		}
	case map[any]any:
		for k, e := range x {
			keys, vals = append(keys, fmt.Sprint(k)), append(vals, e)
		}
	case []any:
		for i, e := range x {
			y, err := lowerKeys(path, e, fmt.Sprintf("%s[%d]", at, i))
			if err != nil {
				return nil, err
			}
			x[i] = y
		}
		return x, nil
	default:
		return v, nil
	}
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(keys[a], keys[b]) })
	out := make(map[string]any, len(keys))
	first := make(map[string]string, len(keys))
	for _, i := range order {
		lower := strings.ToLower(keys[i])
		key := joinKey(at, lower)
		if f, dup := first[lower]; dup {
			return nil, &Error{File: path, Key: key, Value: keys[i], Err: ErrInvalid,
				Expected: fmt.Sprintf("each key once; keys are not case-sensitive, and %q repeats %q (one of them brought in by a merge key <<)", keys[i], f)}
		}
		first[lower] = keys[i]
		e, err := lowerKeys(path, vals[i], key)
		if err != nil {
			return nil, err
		}
		out[lower] = e
	}
	return out, nil
}

// nestingDepth bounds from above how deeply a YAML text nests sections and
// lists, in one pass over the bytes, so that a hostile file is refused
// before the parser sees it. Block nesting is counted from indentation
// (each deeper indent, and each "- " or "? " that opens an entry on the
// same line), flow nesting from [ and { outside quotes and comments; text
// in block scalars (| and >) is skipped. It may count a little more than
// the parser would, never less.
func nestingDepth(data []byte) int {
	var stack []int // indents of the open block levels
	flow := 0       // open [ and {
	var quote byte  // the open quote, if a quoted scalar continues
	blockText := -1 // while >= 0, lines indented more than this are text
	base, deepest := 0, 0
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		pos, valueStart := 0, flow > 0
		if flow == 0 && quote == 0 {
			indent := 0
			for indent < len(line) && line[indent] == ' ' {
				indent++
			}
			rest := bytes.TrimSpace(line[indent:])
			if blockText >= 0 {
				if len(rest) == 0 || indent > blockText {
					continue
				}
				blockText = -1
			}
			if len(rest) == 0 || rest[0] == '#' {
				continue
			}
			for len(stack) > 0 && stack[len(stack)-1] >= indent {
				stack = stack[:len(stack)-1]
			}
			stack = append(stack, indent)
			pos = indent
			extra := 0
			for pos < len(line) && (line[pos] == '-' || line[pos] == '?') && (pos+1 == len(line) || line[pos+1] == ' ' || line[pos+1] == '\t') {
				extra++
				pos++
				for pos < len(line) && (line[pos] == ' ' || line[pos] == '\t') {
					pos++
				}
			}
			base = len(stack) + extra
			valueStart = true
			deepest = max(deepest, base)
			for ; pos < len(line); pos++ {
				if flow == 0 && quote == 0 && valueStart && (line[pos] == '|' || line[pos] == '>') {
					blockText = indent
					break
				}
				skip, comment := scanByte(line, pos, &flow, &quote, &valueStart)
				if comment {
					break
				}
				pos += skip
				deepest = max(deepest, base+flow)
			}
			continue
		}
		for ; pos < len(line); pos++ {
			skip, comment := scanByte(line, pos, &flow, &quote, &valueStart)
			if comment {
				break
			}
			pos += skip
			deepest = max(deepest, base+flow)
		}
	}
	return deepest
}

// scanByte moves the state of nestingDepth past line[pos]. It returns how
// many more bytes to skip (an escaped character in a double-quoted
// string), and whether the rest of the line is a comment.
func scanByte(line []byte, pos int, flow *int, quote *byte, valueStart *bool) (int, bool) {
	c := line[pos]
	if *quote != 0 {
		switch {
		case *quote == '"' && c == '\\':
			return 1, false
		case c == *quote:
			*quote = 0
			*valueStart = false
		}
		return 0, false
	}
	switch {
	case c == '#' && (pos == 0 || line[pos-1] == ' ' || line[pos-1] == '\t'):
		return 0, true
	case (c == '!' || c == '&') && (*flow > 0 || *valueStart):
		// a tag or an anchor comes before the value it names
		skip := 0
		for pos+skip+1 < len(line) && line[pos+skip+1] != ' ' && line[pos+skip+1] != '\t' {
			skip++
		}
		return skip, false
	case (c == '"' || c == '\'') && (*flow > 0 || *valueStart):
		*quote = c
	case (c == '[' || c == '{') && (*flow > 0 || *valueStart):
		*flow++
	case (c == ']' || c == '}') && *flow > 0:
		*flow--
	case c == ':' && (pos+1 == len(line) || line[pos+1] == ' ' || line[pos+1] == '\t'):
		*valueStart = true
	case c == ' ' || c == '\t' || c == ',':
	default:
		if *flow == 0 {
			*valueStart = false
		}
	}
	return 0, false
}
