package results

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/caseload/caseload/outdir"
)

// RecordsDir is the folder of a run's synthetic record-level returns
// (--records).
const RecordsDir = "records"

// File is a file written into the results folder beside the tables, at a
// slash-separated path under it (records/cin_census.xml): it appears
// atomically with the rest of the folder.
type File struct {
	Name string
	Data []byte
}

// AddFiles adds files to be written with the report. A name must be a
// relative path that stays inside the folder.
func (r *Report) AddFiles(fs ...File) error {
	for _, f := range fs {
		c := path.Clean(f.Name)
		if f.Name == "" || path.IsAbs(f.Name) || c != f.Name || c == "." || strings.HasPrefix(c, "../") || c == ".." {
			return fmt.Errorf("results: file name %q: expected a relative path inside the results folder", f.Name)
		}
		r.extra = append(r.extra, f)
	}
	return nil
}

func (r *Report) writeExtra(tmp string) error {
	for _, f := range r.extra {
		p := filepath.Join(tmp, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("results: writing %s: %w", f.Name, err)
		}
		data := f.Data
		if err := outdir.WriteFile(p, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
			return fmt.Errorf("results: writing %s: %w", f.Name, err)
		}
	}
	return nil
}

// KeepLog makes the folder's new invocation log start with the lines of
// dir's log (none when it has none): a merge of shards, which replaces
// the folder the shards wrote, keeps their lines before its own.
func (r *Report) KeepLog(dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, outdir.LogName))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("results: reading %s: %w", outdir.LogName, err)
	}
	r.log = b
	return nil
}
