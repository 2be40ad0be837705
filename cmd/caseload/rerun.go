package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/results"
)

const rerunLong = `rerun reads the command that wrote a results folder from the folder's
invocations.log (its first line: the command that made the folder, or for
a sharded folder the command its shards share), runs it again, with the
CASELOAD_ variables and in the working folder the log records, into a new
folder, and compares every file the new run writes with the folder's,
byte for byte. It is how a result is checked before it is cited: the same
revision of caseload writes the same bytes on any machine and any number
of cores (README, Citing a result).

The files compared are all those the run writes but invocations.log (the
time and command line of each run); manifest.json is compared without
its arch (the machine kind, which does not change a result), and its
version and Go version are shown, not compared, so that a result
reproduced by another build says so. A file of the folder the new run
does not write (one of your own, or one of another command) is listed.

A log that records no working folder (a caseload before rerun wrote
it), or one that is not here (another machine's), runs the command in
the current folder, and says so.

The new folder is --out's, kept, outside DIR; without --out, a temporary
folder, removed afterwards. --workers sets the parallel workers (results do not
depend on it).

Exit status: 0 every file the same, 1 a file differs or is missing, 2 a
folder that is not caseload's or a log that names no command to run
again, 130 interrupted; a command that fails when run again exits as it
would itself (2 for a scenario file its path does not reach from the
folder it runs in, say), after "running the command again:".`

// errNotReproduced is rerun's result when a file differs: exit 1.
var errNotReproduced = errors.New("not reproduced")

func newRerunCommand(g globals) *cobra.Command {
	var out string
	var workers int
	c := &cobra.Command{
		Use:     "rerun DIR",
		Short:   "Run again the command that wrote a results folder and compare the files byte for byte",
		Long:    rerunLong,
		Example: "  caseload rerun results/compare-seed1\n  caseload rerun results/compare-seed1 --out /tmp/again --workers 2",
		Args:    exactArgs(1, "one DIR, a results folder"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRerun(cmd.Context(), g, args[0], out, workers, cmd.Flags().Changed("workers"))
		},
	}
	c.Flags().StringVar(&out, "out", "", "the folder the command runs into, kept (default: a temporary folder, removed afterwards)")
	c.Flags().IntVar(&workers, "workers", 0, "parallel workers of the run, 1 to 1,024 (default: all cores); results do not depend on it")
	return c
}

// runRerun is `caseload rerun DIR`.
func runRerun(ctx context.Context, g globals, dir, out string, workers int, workersSet bool) error {
	if workersSet && (workers < 1 || workers > 1024) {
		return usageError{fmt.Errorf("--workers %d: expected 1 to 1,024", workers)}
	}
	dir = filepath.Clean(dir) // as it is shown: results/x, not results/x/
	abs, err := filepath.Abs(dir)
	if err != nil {
		return usageError{err}
	}
	if st, err := os.Stat(abs); err != nil || !st.IsDir() {
		return usageError{fmt.Errorf("%s: expected a results folder, which this is not (%v)", dir, statWhat(err))}
	}
	if !outdir.Wrote(abs) {
		return usageError{fmt.Errorf("%s: expected a folder caseload wrote (its %s), which this is not: nothing to run again", dir, results.ManifestJSON)}
	}
	if _, err := os.Stat(filepath.Join(abs, results.ManifestJSON)); err != nil {
		return usageError{fmt.Errorf("%s: no %s: the run that wrote the folder has not finished (caseload status %s says what it lacks)", dir, results.ManifestJSON, dir)}
	}
	inv, err := creator(abs)
	if err != nil {
		return usageError{err}
	}
	args, err := rerunOf(inv)
	if err != nil {
		return usageError{fmt.Errorf("%s, line 1: %w", filepath.Join(dir, outdir.LogName), err)}
	}
	// the run's folder: --out's, or a temporary one removed afterwards
	var into string
	if out != "" {
		if into, err = filepath.Abs(out); err != nil {
			return usageError{err}
		}
		if into == abs {
			return usageError{fmt.Errorf("--out %s: expected another folder than the one compared", out)}
		}
		// the run would write into the folder compared, or replace a
		// folder that holds it
		if within(into, abs) || within(abs, into) {
			return usageError{fmt.Errorf("--out %s: expected a folder outside %s, and not one that holds it", out, dir)}
		}
	} else {
		tmp, err := os.MkdirTemp("", "caseload-rerun-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		// absolute: the run goes on in the log's working folder
		if tmp, err = filepath.Abs(tmp); err != nil {
			return err
		}
		into = filepath.Join(tmp, "rerun")
	}
	shown := slices.Clone(args)
	args = append(args, "--out", into, "--quiet")
	if workersSet {
		args = append(args, fmt.Sprintf("--workers=%d", workers))
	}
	// the log's working folder, where the command's relative paths
	// start; one that is not here (a folder from another machine, or
	// from a clone since moved) leaves the run in the current folder
	where, gone := inv.Dir, ""
	if _, err := os.Stat(where); where != "" && errors.Is(err, fs.ErrNotExist) {
		where, gone = "", where
	}
	if wd, err := os.Getwd(); err == nil && where != "" && filepath.Clean(where) != filepath.Clean(wd) {
		if err := os.Chdir(where); err != nil {
			return usageError{fmt.Errorf("%s, line 1: key dir: value %q: %v: expected the folder the command ran in, which its relative paths start from", filepath.Join(dir, outdir.LogName), where, err)}
		}
		defer os.Chdir(wd)
	}
	if where == "" {
		where, _ = os.Getwd()
	}
	fmt.Fprintf(g.stdout, "rerun of %s: caseload %s\n  in %s", dir, strings.Join(shellWords(shown), " "), where)
	if len(inv.Env) > 0 {
		fmt.Fprintf(g.stdout, ", with %s", strings.Join(inv.Env, " "))
	}
	fmt.Fprintln(g.stdout)
	if gone != "" {
		fmt.Fprintf(g.stdout, "  the folder the command ran in, %s, is not here: run in the current folder, from which its relative paths must lead to the same files\n", gone)
	}
	stderr := g.stderr
	if out == "" {
		// calibration says where it wrote on stderr (its stdout is its
		// table): not a temporary folder removed at the end
		stderr = dropLine{g.stderr, "results written to " + into + "\n"}
	}
	sub := globals{stdout: io.Discard, stderr: stderr, env: inv.Env, rawEnv: inv.Env, args: args}
	root := newRootCommand(sub)
	root.SetArgs(args)
	if err := root.ExecuteContext(ctx); err != nil {
		return fmt.Errorf("running the command again: %w", err)
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	if afterRerunRun != nil {
		afterRerunRun(stop)
	}
	// a Ctrl-C once the run has finished stops the comparison too
	stopped := func() error {
		if ctx.Err() == nil {
			return nil
		}
		if out != "" {
			return errInterrupted{fmt.Sprintf("stopped before the folders were compared: the run is kept in %s", out)}
		}
		return errInterrupted{"stopped before the folders were compared: nothing kept"}
	}
	if err := stopped(); err != nil {
		return err
	}
	d, err := compareFolders(abs, into, stopped)
	if err != nil {
		return err
	}
	d.write(g.stdout, dir, out, inv)
	if !d.same() {
		return errNotReproduced
	}
	return nil
}

// afterRerunRun, when set, is called once the command has run again,
// before the folders are compared, with a function that stops rerun as a
// Ctrl-C would: the tests use it.
var afterRerunRun func(stop func())

// within reports whether path is inside the folder dir (both absolute
// and clean).
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// statWhat is what os.Stat found of a path that is no folder.
func statWhat(err error) string {
	if err == nil {
		return "a file"
	}
	if errors.Is(err, fs.ErrNotExist) {
		return "it does not exist"
	}
	return err.Error()
}

// creator is the invocation log's first line: the command that made the
// folder (a resumed run's later lines, a shard's others, a merge's and a
// report's come after it).
func creator(dir string) (*outdir.Invocation, error) {
	path := filepath.Join(dir, outdir.LogName)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %v: expected the folder's log of the commands that wrote it", path, statWhat(err))
	}
	if len(b) == 0 {
		return nil, fmt.Errorf("%s: empty: expected a line for the command that wrote the folder", path)
	}
	line, _, _ := bytes.Cut(b, []byte("\n"))
	var inv outdir.Invocation
	if err := json.Unmarshal(line, &inv); err != nil {
		return nil, fmt.Errorf("%s, line 1: %v: expected a JSON object, as caseload writes", path, err)
	}
	return &inv, nil
}

// rerunOf is the command line (after the program's name) that runs inv
// again: a shard's recorded arguments, or its command line without the
// flags that say only where and how it ran (rerunArgs).
func rerunOf(inv *outdir.Invocation) ([]string, error) {
	if inv.Rerun != nil {
		return slices.Clone(inv.Rerun), nil
	}
	if len(inv.Command) < 2 {
		return nil, fmt.Errorf("key command: value %q: expected caseload and a command", inv.Command)
	}
	// with --cpuprofile, which a command line may give before the
	// command's name (it is not run again)
	root := newRootCommand(globals{stdout: io.Discard, stderr: io.Discard, prof: &cpuProfile{}})
	cmd, rest, err := root.Find(inv.Command[1:])
	if err != nil || cmd == root {
		return nil, fmt.Errorf("key command: value %q: expected a command that writes a results folder", inv.Command)
	}
	if !slices.Contains(rerunnable, cmd.Name()) || cmd.Parent() != root {
		return nil, fmt.Errorf("key command: value %q: expected a command that writes a results folder (%s), not %s", inv.Command, strings.Join(rerunnable, ", "), cmd.CommandPath())
	}
	if err := cmd.ParseFlags(rest); err != nil {
		return nil, fmt.Errorf("key command: value %q: %v", inv.Command, err)
	}
	return rerunArgs(cmd, cmd.Flags().Args()), nil
}

// rerunnable are the commands whose results folder rerun can write again.
var rerunnable = []string{"run", "compare", "calibration", "sweep", "sensitivity", "size", "trial", "optimise"}

// shellWords quotes the words that a shell would split or expand.
func shellWords(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = shellQuote(a)
	}
	return out
}

// folderDiff is what compareFolders found.
type folderDiff struct {
	files    int      // files the run wrote, compared
	differ   []string // of those, the ones whose bytes differ
	missing  []string // the run wrote, the folder lacks
	extra    []string // the folder holds, the run did not write
	versions [2]string
	arch     [2]string
}

func (d folderDiff) same() bool { return len(d.differ)+len(d.missing) == 0 }

// compareFolders compares every file the run wrote into b (but the
// invocation log and temporary files: outdir.FolderDigests) with the
// folder a's, and lists a's files b lacks; manifest.json without its
// arch, version and Go version, which are kept to be shown. stopped,
// asked after each folder is read, ends the comparison with its error.
func compareFolders(a, b string, stopped func() error) (folderDiff, error) {
	var d folderDiff
	da, err := outdir.FolderDigests(a)
	if err == nil {
		err = stopped()
	}
	if err != nil {
		return d, err
	}
	db, err := outdir.FolderDigests(b)
	if err == nil {
		err = stopped()
	}
	if err != nil {
		return d, err
	}
	for _, rel := range slices.Sorted(maps.Keys(db)) {
		d.files++
		sum, ok := da[rel]
		switch {
		case !ok:
			d.missing = append(d.missing, rel)
		case rel == results.ManifestJSON:
			na, err := os.ReadFile(filepath.Join(a, rel))
			if err != nil {
				return d, err
			}
			nb, err := os.ReadFile(filepath.Join(b, rel))
			if err != nil {
				return d, err
			}
			same, va, vb := sameManifest(na, nb)
			d.versions, d.arch = [2]string{va.version, vb.version}, [2]string{va.arch, vb.arch}
			if !same {
				d.differ = append(d.differ, rel)
			}
		case sum != db[rel]:
			d.differ = append(d.differ, rel)
		}
	}
	for _, rel := range slices.Sorted(maps.Keys(da)) {
		if _, ok := db[rel]; !ok {
			d.extra = append(d.extra, rel)
		}
	}
	return d, nil
}

// build is what a manifest says of the program that wrote it.
type build struct{ version, arch string }

// sameManifest compares two manifests but for what says which build and
// machine wrote them, and returns those.
func sameManifest(a, b []byte) (bool, build, build) {
	var ma, mb map[string]any
	if json.Unmarshal(a, &ma) != nil || json.Unmarshal(b, &mb) != nil {
		return bytes.Equal(a, b), build{}, build{}
	}
	of := func(m map[string]any) build {
		v := fmt.Sprintf("%v, %v", m["version"], m["go_version"])
		arch, _ := m["arch"].(string)
		for _, k := range []string{"version", "go_version", "arch"} {
			delete(m, k)
		}
		return build{v, arch}
	}
	ba, bb := of(ma), of(mb)
	return reflect.DeepEqual(ma, mb), ba, bb
}

// write says what the comparison found.
func (d folderDiff) write(w io.Writer, dir, out string, inv *outdir.Invocation) {
	if d.versions[0] != d.versions[1] {
		fmt.Fprintf(w, "  written by %s; run again by %s: another build, which may move the numbers\n", d.versions[0], d.versions[1])
	}
	if d.arch[0] != d.arch[1] {
		fmt.Fprintf(w, "  machine kind %s then, %s now (results do not depend on it)\n", orNone(d.arch[0]), orNone(d.arch[1]))
	}
	if inv.Dir == "" && inv.Rerun == nil {
		fmt.Fprintln(w, "  the log does not record the working folder or the CASELOAD_ variables (a caseload before rerun wrote it): run here, with none")
	}
	if d.same() {
		fmt.Fprintf(w, "reproduced: the %s the run wrote %s the same bytes as %s's (%s aside)\n", results.Plural(d.files, "file"), are(d.files), dir, outdir.LogName)
	} else {
		fmt.Fprintf(w, "not reproduced: %d of the %s the run wrote %s\n", len(d.differ)+len(d.missing), results.Plural(d.files, "file"), "differ from or are missing in "+dir)
		for _, f := range d.differ {
			fmt.Fprintf(w, "  differs: %s\n", f)
		}
		for _, f := range d.missing {
			fmt.Fprintf(w, "  missing in %s: %s\n", dir, f)
		}
	}
	for _, f := range d.extra {
		fmt.Fprintf(w, "  only in %s (the run does not write it): %s\n", dir, f)
	}
	if out != "" {
		fmt.Fprintf(w, "the run again is in %s\n", out)
	}
}

func are(n int) string {
	if n == 1 {
		return "has"
	}
	return "have"
}

func orNone(s string) string {
	if s == "" {
		return "not recorded"
	}
	return s
}

// dropLine writes to w all but a write of exactly line.
type dropLine struct {
	w    io.Writer
	line string
}

func (d dropLine) Write(p []byte) (int, error) {
	if string(p) == d.line {
		return len(p), nil
	}
	return d.w.Write(p)
}
