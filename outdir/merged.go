package outdir

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
)

// A merged folder's invocation log records, in the merge's line, the
// digest of every file the merge left (Invocation.Merged): a second
// merge of the folder then rewrites nothing, and says so, or names the
// files altered since. The record is in the log, the one file whose
// bytes a merge does not share with a run on one machine.

// FolderDigests is the sha256 digest of every regular file under dir
// but the invocation log and temporary files, by slash-separated path:
// what a merge records, and what caseload rerun compares.
func FolderDigests(dir string) (map[string]string, error) {
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() || isTemporary(d.Name()) {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil || rel == LogName {
			return err
		}
		sum, err := fileDigest(path)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(rel)] = sum
		return nil
	})
	return out, err
}

func fileDigest(path string) (string, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|readFlags, 0)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// logLines reads dir's invocation log, one Invocation a line (a line
// that does not read is nil).
func logLines(dir string) ([]*Invocation, [][]byte) {
	b, _ := os.ReadFile(filepath.Join(dir, LogName))
	var invs []*Invocation
	var raw [][]byte
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		line := append([]byte(nil), sc.Bytes()...)
		var inv Invocation
		if json.Unmarshal(line, &inv) == nil {
			invs = append(invs, &inv)
		} else {
			invs = append(invs, nil)
		}
		raw = append(raw, line)
	}
	return invs, raw
}

// RecordMerge records in dir's invocation log what a merge just wrote:
// the digest of every file in dir (Invocation.Merged), in the merge's
// own line (the last one, written by the merge) or, failing that, a line
// of its own.
func RecordMerge(dir string) error {
	sums, err := FolderDigests(dir)
	if err != nil {
		return err
	}
	invs, raw := logLines(dir)
	n := len(invs)
	if n > 0 && invs[n-1] != nil && len(invs[n-1].Command) > 1 && invs[n-1].Command[1] == "merge" {
		invs[n-1].Merged = sums
		line, err := json.Marshal(invs[n-1])
		if err != nil {
			return err
		}
		raw[n-1] = line
	} else {
		inv := NewInvocation([]string{"caseload", "merge", dir}, "", "", false)
		inv.Merged = sums
		line, err := json.Marshal(inv)
		if err != nil {
			return err
		}
		raw = append(raw, line)
	}
	return WriteFile(filepath.Join(dir, LogName), func(w io.Writer) error {
		for _, l := range raw {
			if _, err := w.Write(append(l, '\n')); err != nil {
				return err
			}
		}
		return nil
	})
}

// LastMerge is the record of dir's last merge, nil if none.
func LastMerge(dir string) *Invocation {
	invs, _ := logLines(dir)
	for i := len(invs) - 1; i >= 0; i-- {
		if invs[i] != nil && invs[i].Merged != nil {
			return invs[i]
		}
	}
	return nil
}

// CheckMerged lists the files of a merge's record (LastMerge) altered or
// removed since: "manifest.json altered", "sweep.csv removed".
func CheckMerged(dir string, rec *Invocation) []string {
	var out []string
	for _, rel := range slices.Sorted(maps.Keys(rec.Merged)) {
		sum, err := fileDigest(filepath.Join(dir, filepath.FromSlash(rel)))
		switch {
		case err != nil && os.IsNotExist(err):
			out = append(out, rel+" removed")
		case err != nil:
			out = append(out, rel+" unreadable ("+err.Error()+")")
		case sum != rec.Merged[rel]:
			out = append(out, rel+" altered")
		}
	}
	return out
}
