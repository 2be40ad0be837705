package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func writeCSV(w io.Writer, header []string, rows func(emit func(...string))) error {
	cw := csv.NewWriter(w)
	var err error
	emit := func(rec ...string) {
		if err == nil {
			err = cw.Write(rec)
		}
	}
	emit(header...)
	rows(emit)
	cw.Flush()
	if err != nil {
		return err
	}
	return cw.Error()
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

// writeDir writes the files into a fresh sibling folder of dir and
// renames it into place, moving an earlier dir aside first and removing
// it once the new one is in place.
func writeDir(dir string, files map[string][]byte, order []string) error {
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".tmp-")
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
	old := ""
	if _, err := os.Stat(dir); err == nil {
		old = dir + ".old"
		os.RemoveAll(old)
		if err := os.Rename(dir, old); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("report: %w", err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		os.RemoveAll(tmp)
		return fmt.Errorf("report: %w", err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

func csvBytes(write func(io.Writer) error) ([]byte, error) {
	var b bytes.Buffer
	err := write(&b)
	return b.Bytes(), err
}
