package outdir

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
)

// Every finished item (a replication, a point, a trial, an evaluation)
// is kept in its own file that says what it is: a first line of JSON,
//
//	{"format":"caseload-item/1","config":"<the folder's configuration hash>","index":3,"size":1234,"sha256":"<digest of the payload>"}
//
// then the payload, size bytes (JSON, or gob for a replication). A file
// cut short, altered, written for another configuration or as another
// item, or of an unknown format is damaged: it counts as not finished (a
// rerun redoes it), and status and merge name it with what is wrong. The
// item's files are read and written here only.

// ItemFormat is the format of an item's file.
const ItemFormat = "caseload-item/1"

// ItemHeader is the first line of an item's file.
type ItemHeader struct {
	Format string `json:"format"`
	Config string `json:"config"`
	Index  int    `json:"index"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// ItemError is a damaged item's file and what is wrong with it.
type ItemError struct {
	Path    string
	Problem string
}

func (e *ItemError) Error() string { return e.Path + ": " + e.Problem }

// WriteItem writes item i's payload with its header, atomically
// (WriteFile: a temporary file renamed over the item).
func (it Items) WriteItem(i int, payload []byte) error {
	sum := sha256.Sum256(payload)
	h, err := json.Marshal(ItemHeader{Format: ItemFormat, Config: it.State.Fingerprint, Index: i,
		Size: int64(len(payload)), SHA256: hex.EncodeToString(sum[:])})
	if err != nil {
		return err
	}
	return WriteFile(it.Path(i), func(w io.Writer) error {
		if _, err := w.Write(append(h, '\n')); err != nil {
			return err
		}
		_, err := w.Write(payload)
		return err
	})
}

// ReadItem reads item i's payload, checking its header: the format, the
// folder's configuration hash, the index, the size and the digest. A
// file that is there but fails a check is an *ItemError saying what is
// wrong; a file that is not there is an error satisfying
// errors.Is(err, fs.ErrNotExist).
func (it Items) ReadItem(i int) ([]byte, error) {
	path := it.Path(i)
	f, err := os.OpenFile(path, os.O_RDONLY|readFlags, 0)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, err
		}
		return nil, &ItemError{path, fmt.Sprintf("cannot be read (%v)", err)}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, &ItemError{path, err.Error()}
	}
	if !fi.Mode().IsRegular() || fi.Size() > maxJSONBytes {
		return nil, &ItemError{path, fmt.Sprintf("not a regular file of at most %d bytes (mode %s, %d bytes)", maxJSONBytes, fi.Mode(), fi.Size())}
	}
	b, err := io.ReadAll(io.LimitReader(f, maxJSONBytes))
	if err != nil {
		return nil, &ItemError{path, err.Error()}
	}
	return it.checkItem(path, i, b)
}

// checkItem checks an item's bytes and returns its payload.
func (it Items) checkItem(path string, i int, b []byte) ([]byte, error) {
	bad := func(format string, a ...any) ([]byte, error) {
		return nil, &ItemError{path, fmt.Sprintf(format, a...)}
	}
	line, payload, ok := bytes.Cut(b, []byte{'\n'})
	var h ItemHeader
	if !ok || json.Unmarshal(line, &h) != nil || h.Format == "" {
		return bad("no %s header (cut short, or not an item's file)", ItemFormat)
	}
	sum := sha256.Sum256(payload)
	switch {
	case h.Format != ItemFormat:
		return bad("unknown format %q, expected %q", h.Format, ItemFormat)
	case h.Config != it.State.Fingerprint:
		return bad("written for configuration %.12s, the folder's is %.12s", h.Config, it.State.Fingerprint)
	case h.Index != i:
		return bad("holds item %d, expected item %d", h.Index, i)
	case int64(len(payload)) < h.Size:
		return bad("cut short: %d of its %d bytes", len(payload), h.Size)
	case int64(len(payload)) != h.Size:
		return bad("%d bytes, its header says %d", len(payload), h.Size)
	case hex.EncodeToString(sum[:]) != h.SHA256:
		return bad("altered: its content does not match its sha256 digest")
	}
	return payload, nil
}

// ReadKept reads item i (ReadItem), a JSON payload, into v.
func ReadKept(it Items, i int, v any) error {
	b, err := it.ReadItem(i)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return &ItemError{it.Path(i), fmt.Sprintf("its payload is not the JSON expected (%v)", err)}
	}
	return nil
}

// Keep writes item i atomically, v as indented JSON, and returns it as a
// resume would read it back, so that a resumed run and an uninterrupted
// one give the same bytes.
func Keep[T any](it Items, i int, v T) (T, error) {
	var back T
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return back, err
	}
	if err := it.WriteItem(i, buf.Bytes()); err != nil {
		return back, err
	}
	err := ReadKept(it, i, &back)
	return back, err
}

// ItemScan is what a folder's items folder holds: the items with no
// file, those whose file is damaged (with what is wrong), and files that
// are no item of the folder (stray). A temporary file of a write under
// way (or cut off by a crash) is none of these.
type ItemScan struct {
	Missing      []int
	Damaged      []ItemError
	DamagedIndex []int
	Stray        []string // paths
}

// Redo lists the items a rerun runs: missing or damaged, in order.
func (s ItemScan) Redo() []int {
	return slices.Sorted(slices.Values(append(append([]int(nil), s.Missing...), s.DamagedIndex...)))
}

// Scan reads every item of the folder back.
func (it Items) Scan() ItemScan {
	var s ItemScan
	own := map[string]bool{}
	for i := range it.State.Count {
		own[filepath.Base(it.Path(i))] = true
		_, err := it.ReadItem(i)
		var ie *ItemError
		switch {
		case err == nil:
		case os.IsNotExist(err):
			s.Missing = append(s.Missing, i)
		case errors.As(err, &ie):
			s.Damaged = append(s.Damaged, *ie)
			s.DamagedIndex = append(s.DamagedIndex, i)
		default:
			s.Damaged = append(s.Damaged, ItemError{it.Path(i), err.Error()})
			s.DamagedIndex = append(s.DamagedIndex, i)
		}
	}
	es, _ := os.ReadDir(filepath.Join(it.Dir, it.Name))
	for _, e := range es {
		if !own[e.Name()] && !isTemporary(e.Name()) {
			s.Stray = append(s.Stray, filepath.Join(it.Dir, it.Name, e.Name()))
		}
	}
	return s
}

// Absent lists the items with no file, by their names alone (nothing
// is read): a cheap count for a shard's closing line.
func (it Items) Absent() []int {
	var out []int
	for i := range it.State.Count {
		if _, err := os.Lstat(it.Path(i)); err != nil {
			out = append(out, i)
		}
	}
	return out
}
