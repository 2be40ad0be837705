package report

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/caseload/caseload/outdir"
)

// writeCSV writes a CSV table (outdir.WriteCSV).
func writeCSV(w io.Writer, header []string, rows func(emit func(...string))) error {
	return outdir.WriteCSV(w, header, rows)
}

// writeAtomic writes data to path through a temporary file in the same
// folder, synced and then renamed over path: readers see the old file or
// the new one, never a part.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("report: writing %s: %w", path, err)
	}
	return nil
}

// writeDir writes the files into a fresh sibling folder of dir and swaps
// it into place (outdir.SwapDir): there is never a moment without dir
// where it was before. Temporary folders that an interrupted earlier
// write left beside dir (.NAME.tmp-*, and .NAME.tmp-*.old of SwapDir's
// fallback) are removed first; nothing else beside it is touched (a
// charts.old of one's own stays).
func writeDir(dir string, files map[string][]byte, order []string) error {
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if stale, err := filepath.Glob(filepath.Join(parent, "."+globEscape(base)+".tmp-*")); err == nil {
		for _, p := range stale {
			os.RemoveAll(p)
		}
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("report: %w", err)
	}
	for _, name := range order {
		if err := os.WriteFile(filepath.Join(tmp, name), files[name], 0o644); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("report: writing %s: %w", name, err)
		}
	}
	if err := outdir.SwapDir(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

func globEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`).Replace(s)
}

func csvBytes(write func(io.Writer) error) ([]byte, error) {
	var b bytes.Buffer
	err := write(&b)
	return b.Bytes(), err
}
