package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/results"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Sharding: one run shared by N processes (Slurm array tasks,
// Kubernetes Indexed Job pods, or any N commands), each running the
// items i (replications, points, trials) with i % N == K into one
// shared folder; caseload merge then writes the final files.

// maxShards bounds N.
const maxShards = 100_000

// shardsEnv gives the number of shards where the scheduler does not
// (a Kubernetes Indexed Job sets JOB_COMPLETION_INDEX but not its
// completions). It is not a configuration key: configuration never sees
// it.
const shardsEnv = "CASELOAD_SHARDS"

// shardSpec is shard K of N; N is 0 when the command is not sharded.
type shardSpec struct{ k, n int }

func (s shardSpec) on() bool           { return s.n > 0 }
func (s shardSpec) String() string     { return fmt.Sprintf("%d/%d", s.k, s.n) }
func (s shardSpec) mine(i int) bool    { return i%s.n == s.k }
func (s shardSpec) of(i int) shardSpec { return shardSpec{i % s.n, s.n} }

// shardOptions are the flags of every command that can be sharded.
type shardOptions struct {
	shard   string    // --shard
	merge   string    // --merge DIR (hidden: caseload merge sets it)
	shardOf shardSpec // resolved from --shard or the environment
	rerun   []string  // the command's arguments as merge runs them again
	// identity is every flag that decides what the command computes or
	// writes (flagIdentity): part of the folder's configuration hash, so
	// that shards (and a resume, and the merge) agree on all of them
	identity string
}

func (s *shardOptions) addShardFlags(c *cobra.Command) {
	c.Flags().StringVar(&s.shard, "shard", "", "run shard K of N (K/N, K from 0): only the items i with i % N == K, into a folder the N shards share; "+
		"the default comes from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX; off: not sharded; finish with caseload merge")
	c.Flags().StringVar(&s.merge, "merge", "", "write the final files of a sharded folder (what caseload merge runs)")
	c.Flags().MarkHidden("merge")
}

// resolve works out the shard from --shard or the environment, and the
// arguments merge will run again.
func (s *shardOptions) resolve(cmd *cobra.Command, args []string, g globals) error {
	s.identity = flagIdentity(cmd)
	if s.merge != "" {
		if s.shard != "" {
			return usageError{errors.New("--merge and --shard: expected one of them")}
		}
		return nil
	}
	spec, err := parseShard(s.shard, g.rawEnv)
	if err != nil {
		return err
	}
	s.shardOf = spec
	s.rerun = rerunArgs(cmd, args)
	return nil
}

// notSharded are the flags that say where and how a command runs, not
// what it computes or writes: they may differ between the shards of one
// folder (and are left out of the command merge runs again).
var notSharded = map[string]bool{"shard": true, "out": true, "resume": true, "merge": true, "quiet": true,
	"workers": true, "cpuprofile": true, "max-sims": true, "help": true}

// flagIdentity is every flag of the command but those in notSharded, by
// name with its value (given or default), one a line: what the shards of
// one folder must agree on. A flag's value given as its default is the
// same as the flag left out. --la is among --set's values, in its place.
func flagIdentity(cmd *cobra.Command) string {
	var b strings.Builder
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if notSharded[f.Name] || f.Name == "la" {
			return
		}
		v := f.Value.String()
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			v = strconv.Quote(strings.Join(sv.GetSlice(), "\x00"))
		}
		fmt.Fprintf(&b, "--%s=%s\n", f.Name, v)
	})
	return b.String()
}

// refuseShard refuses --shard (or a shard from the environment) for a
// mode that cannot be sharded, saying why: such a mode would otherwise
// run the whole job in every shard, or none of it.
func (s shardOptions) refuseShard(mode, why string) error {
	if !s.shardOf.on() && s.merge == "" {
		return nil
	}
	from := "--shard " + s.shard
	if s.merge != "" {
		from = "--merge"
	} else if s.shard == "" {
		from = fmt.Sprintf("shard %s (from the environment, SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)", s.shardOf)
	}
	msg := fmt.Sprintf("%s: %s cannot be sharded: %s; run it on one machine", from, mode, why)
	if s.shard == "" && s.merge == "" {
		msg += " with --shard off"
	}
	return usageError{errors.New(msg)}
}

// parseShard reads --shard K/N or, when it is empty, the scheduler's
// environment: SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT (or
// SLURM_ARRAY_TASK_MIN and _MAX), or JOB_COMPLETION_INDEX with
// CASELOAD_SHARDS.
func parseShard(flag string, env []string) (shardSpec, error) {
	if flag == "off" {
		return shardSpec{}, nil
	}
	if flag != "" {
		ks, ns, ok := strings.Cut(flag, "/")
		k, errK := strconv.Atoi(ks)
		n, errN := strconv.Atoi(ns)
		if !ok || errK != nil || errN != nil || n < 1 || n > maxShards || k < 0 || k >= n {
			return shardSpec{}, usageError{fmt.Errorf("--shard %s: expected K/N, shard K of N counted from 0 (0 <= K < N <= %d), or off", flag, maxShards)}
		}
		return shardSpec{k, n}, nil
	}
	vars := map[string]string{}
	for _, kv := range env {
		if name, v, ok := strings.Cut(kv, "="); ok {
			vars[name] = v
		}
	}
	num := func(name string) (int, bool, error) {
		v, ok := vars[name]
		if !ok || v == "" {
			return 0, false, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, true, usageError{fmt.Errorf("environment %s=%s: expected a whole number, 0 or more", name, v)}
		}
		return n, true, nil
	}
	check := func(s shardSpec, from string) (shardSpec, error) {
		if s.n < 1 || s.n > maxShards || s.k < 0 || s.k >= s.n {
			return shardSpec{}, usageError{fmt.Errorf("%s gives shard %d of %d: expected 0 <= K < N <= %d", from, s.k, s.n, maxShards)}
		}
		return s, nil
	}
	id, ok, err := num("SLURM_ARRAY_TASK_ID")
	if err != nil {
		return shardSpec{}, err
	}
	if ok {
		// an array with a step (--array=0-15:4) numbers its tasks 0, 4,
		// 8, 12: their ids are not the shards 0 to N-1
		if step, okStep := vars["SLURM_ARRAY_TASK_STEP"]; okStep && step != "" && step != "1" {
			return shardSpec{}, usageError{fmt.Errorf("environment SLURM_ARRAY_TASK_STEP=%s: expected 1 (an array without a step): the task ids of an array with a step are not the shards 0 to N-1; submit it as --array=0-N-1, or pass --shard K/N", step)}
		}
		lo, okLo, err1 := num("SLURM_ARRAY_TASK_MIN")
		hi, okHi, err2 := num("SLURM_ARRAY_TASK_MAX")
		count, okCount, err3 := num("SLURM_ARRAY_TASK_COUNT")
		if err := errors.Join(err1, err2, err3); err != nil {
			return shardSpec{}, err
		}
		from := "the environment (SLURM_ARRAY_TASK_ID=" + strconv.Itoa(id) + ")"
		switch {
		case okLo && okHi && okCount && hi-lo+1 != count:
			return shardSpec{}, usageError{fmt.Errorf("%s: the array %d-%d has %d tasks, not every index: submit it as --array=0-%d, without a step or a list", from, lo, hi, count, count-1)}
		case okCount:
			return check(shardSpec{id - lo, count}, from)
		case okLo && okHi:
			return check(shardSpec{id - lo, hi - lo + 1}, from)
		}
		return shardSpec{}, usageError{fmt.Errorf("%s: neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MIN and _MAX is set: pass --shard K/N", from)}
	}
	idx, ok, err := num("JOB_COMPLETION_INDEX")
	if err != nil {
		return shardSpec{}, err
	}
	if ok {
		n, okN, err := num(shardsEnv)
		if err != nil {
			return shardSpec{}, err
		}
		from := "the environment (JOB_COMPLETION_INDEX=" + strconv.Itoa(idx) + ")"
		if !okN {
			return shardSpec{}, usageError{fmt.Errorf("%s: the number of shards is not known: set %s to the Indexed Job's completions, or pass --shard %d/N", from, shardsEnv, idx)}
		}
		return check(shardSpec{idx, n}, from+" and "+shardsEnv)
	}
	return shardSpec{}, nil
}

// rerunArgs are the command's arguments as caseload merge runs them
// again: its name, its arguments and every flag set, except those that
// say where and how (not what) it runs.
func rerunArgs(cmd *cobra.Command, args []string) []string {
	out := append([]string{cmd.Name()}, args...)
	sets := false
	cmd.Flags().Visit(func(f *pflag.Flag) {
		switch f.Name {
		case "shard", "out", "resume", "merge", "quiet", "workers", "cpuprofile":
			return
		case "la", "set":
			// one list: --la's values are --set's, in their place, and
			// are in it when --la alone was given
			if sets {
				return
			}
			sets = true
			if s := cmd.Flags().Lookup("set"); s != nil {
				f = s
			}
		}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			for _, v := range sv.GetSlice() {
				out = append(out, "--"+f.Name+"="+v)
			}
			return
		}
		out = append(out, "--"+f.Name+"="+f.Value.String())
	})
	return out
}

// shardInvocation is the invocation log's line for a shard: with what
// merge needs to run the command again.
func (g globals) shardInvocation(s shardOptions) *outdir.Invocation {
	inv := g.invocation(false)
	inv.Shard = s.shardOf.String()
	inv.Rerun = s.rerun
	return inv
}

// configEnv is the environment without the variables that are not
// configuration (CASELOAD_SHARDS).
func configEnv(env []string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		if !strings.HasPrefix(kv, shardsEnv+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// openShardOut opens the shared folder as shard k: bad input when it
// cannot be.
func openShardOut(dir string, k int) (*outdir.Folder, error) {
	f, err := outdir.OpenShard(dir, k)
	if err != nil {
		return nil, usageError{err}
	}
	return f, nil
}

// shardDone tells what a shard did and what is left.
func shardDone(g globals, s shardSpec, it outdir.Items, noun string) {
	// the other shards' items are counted by their files alone: reading
	// every one back at the end of each shard costs the array tasks ×
	// items (status and merge read them all)
	missing := it.Absent()
	fmt.Fprintf(g.stdout, "shard %s finished: %d of %d %s in %s\n", s, it.State.Count-len(missing), it.State.Count, noun, it.Dir)
	if len(missing) == 0 {
		fmt.Fprintf(g.stdout, "every shard has finished: caseload merge %s\n", it.Dir)
	} else {
		fmt.Fprintf(g.stdout, "when every shard has finished: caseload merge %s (caseload status %s lists what is missing)\n", it.Dir, it.Dir)
	}
}

// itemsOf is the subfolder and extension of a resumable folder's items.
func itemsOf(kind string) (name, ext, noun string) {
	switch {
	case kind == "trial":
		return "trials", "json", "trials"
	case kind == "run" || kind == "compare":
		return "reps", "gob", "replications"
	case kind == "optimise":
		return "evaluations", "json", "evaluations"
	}
	return "points", "json", "points"
}

// folderStatus reads a shared (or resumable) folder: its items and, from
// the invocation log, the last shard's line (nil if no shard wrote it).
func folderStatus(dir string) (outdir.Items, *outdir.Invocation, error) {
	st, err := outdir.ReadState(dir)
	if err != nil {
		return outdir.Items{}, nil, err
	}
	name, ext, _ := itemsOf(st.Kind)
	it := outdir.Items{Dir: dir, Name: name, Ext: ext, State: st}
	b, _ := os.ReadFile(filepath.Join(dir, outdir.LogName))
	var last *outdir.Invocation
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var inv outdir.Invocation
		if json.Unmarshal(sc.Bytes(), &inv) == nil && inv.Rerun != nil {
			last = &inv
		}
	}
	return it, last, nil
}

// itemsComplete refuses (bad input, naming each file and what is wrong)
// a folder whose items are not all there and whole, or that holds files
// that are no item of it: what verb (merge) would read.
func itemsComplete(it outdir.Items, verb string) error {
	sc := it.Scan()
	if len(sc.Missing)+len(sc.Damaged)+len(sc.Stray) == 0 {
		return nil
	}
	_, _, noun := itemsOf(it.State.Kind)
	var lines []string
	if len(sc.Missing) > 0 {
		lines = append(lines, fmt.Sprintf("%d of %d %s are missing (%s)", len(sc.Missing), it.State.Count, noun,
			joinInts(sc.Missing[:min(len(sc.Missing), 20)], " ")+map[bool]string{true: " ...", false: ""}[len(sc.Missing) > 20]))
	}
	for _, d := range sc.Damaged {
		lines = append(lines, "damaged: "+d.Error())
	}
	for _, p := range sc.Stray {
		lines = append(lines, "stray: "+p+": not an item of this folder (move it out)")
	}
	return usageError{fmt.Errorf("%s %s: %s\n(caseload status %s lists them, with the command that redoes each shard's)", verb, it.Dir,
		strings.Join(lines, "\n  "), it.Dir)}
}

// shellQuote quotes s for a POSIX shell where it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// shardCommand is the command line that runs shard k of a folder again
// as its shards ran: in their working folder, with their CASELOAD_*
// variables and arguments.
func shardCommand(inv *outdir.Invocation, spec shardSpec, k int, dir string) string {
	var parts []string
	if inv.Dir != "" {
		parts = append(parts, "cd", shellQuote(inv.Dir), "&&")
	}
	for _, kv := range inv.Env {
		name, v, _ := strings.Cut(kv, "=")
		parts = append(parts, name+"="+shellQuote(v))
	}
	parts = append(parts, "caseload")
	for _, a := range inv.Rerun {
		parts = append(parts, shellQuote(a))
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	parts = append(parts, "--shard", fmt.Sprintf("%d/%d", k, spec.n), "--out", shellQuote(dir))
	return strings.Join(parts, " ")
}

const statusLong = `status lists the items (replications, points or trials) a resumable or
sharded results folder still lacks, by shard, with the command that runs
them: in the shards' working folder, with their CASELOAD_* variables and
arguments. Rerunning a shard runs only its missing or damaged items.

Each item's file says what it is (format caseload-item/1, the folder's
configuration hash, its index, its size and sha256 digest); one that is
cut short, altered, of another configuration or index, or of an unknown
format is damaged, and a file in the items' folder that is no item of it
is stray. status names each.

Exit status:
  0  every item is there and whole: the folder is merged, or ready for
     caseload merge (or, not sharded, written)
  1  items are missing: each shard's are listed with the command that
     runs them
  2  the folder is damaged (a damaged item, a stray file, merged files
     altered since the merge) or is not a results folder caseload wrote`

func newStatusCommand(g globals) *cobra.Command {
	return &cobra.Command{
		Use:     "status DIR",
		Short:   "What a sharded or stopped run's folder holds, and what is missing",
		Long:    statusLong,
		Example: "  caseload status results/sweep-embedded-seed1",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{fmt.Errorf("expected one results folder, got %d: %q", len(args), args)}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runStatus(cmd.Context(), g, args[0]) },
	}
}

// errMissing is status's finding that items are missing: exit 1.
type errMissing struct{ msg string }

func (e errMissing) Error() string { return e.msg }

func runStatus(_ context.Context, g globals, dir string) error {
	merged, altered := mergedState(dir)
	it, inv, err := folderStatus(dir)
	if err != nil {
		if _, merr := os.Stat(filepath.Join(dir, results.ManifestJSON)); merr == nil {
			if len(altered) > 0 {
				return usageError{fmt.Errorf("%s: merged, but since then %s", dir, strings.Join(altered, "; "))}
			}
			what := "complete (written in one piece)"
			if merged != nil {
				what = "complete (merged)"
			}
			fmt.Fprintf(g.stdout, "%s: %s\n", dir, what)
			return nil
		}
		return usageError{fmt.Errorf("%s: not a sharded or resumable results folder (%v)", dir, err)}
	}
	_, _, noun := itemsOf(it.State.Kind)
	_, written := os.Stat(filepath.Join(dir, results.ManifestJSON))
	if it.State.Kind == "optimise" {
		// a search decides as it goes which evaluations it makes: there
		// is no fixed list to count against (its state's count is a bound)
		state := "stopped before the end: finish it with the command that started it and --resume " + dir
		if written == nil {
			state = "complete; its files are written"
		}
		fmt.Fprintf(g.stdout, "%s: optimise, %d %s kept\n%s\n", dir, it.Finished(), noun, state)
		return nil
	}
	sc := it.Scan()
	redo := sc.Redo()
	fmt.Fprintf(g.stdout, "%s: %s, %d of %d %s finished\n", dir, it.State.Kind, it.State.Count-len(redo), it.State.Count, noun)
	for _, d := range sc.Damaged {
		fmt.Fprintf(g.stdout, "damaged: %s\n", d.Error())
	}
	for _, p := range sc.Stray {
		fmt.Fprintf(g.stdout, "stray: %s: not an item of this folder (move it out)\n", p)
	}
	var bad error
	switch {
	case len(sc.Damaged)+len(sc.Stray) > 0:
		bad = usageError{fmt.Errorf("%s: %s, %s", dir, results.Plural(len(sc.Damaged), "damaged item"), results.Plural(len(sc.Stray), "stray file"))}
	case len(altered) > 0:
		bad = usageError{fmt.Errorf("%s: merged, but since then %s", dir, strings.Join(altered, "; "))}
	}
	switch {
	case len(redo) == 0 && bad != nil:
		return bad
	case len(redo) == 0 && written == nil:
		fmt.Fprintln(g.stdout, "complete; its files are written")
		return nil
	case len(redo) == 0:
		fmt.Fprintf(g.stdout, "complete; write its files with: caseload merge %s\n", shellQuote(dir))
		return nil
	}
	fmt.Fprintf(g.stdout, "missing: %s\n", joinInts(redo, " "))
	if inv == nil {
		fmt.Fprintf(g.stdout, "finish with the command that started it and --resume %s\n", dir)
	} else {
		spec, err := parseShard(inv.Shard, nil)
		if err != nil || !spec.on() {
			return usageError{fmt.Errorf("%s: its %s names shard %q: expected K/N", dir, outdir.LogName, inv.Shard)}
		}
		by := map[int][]int{}
		for _, i := range redo {
			by[spec.of(i).k] = append(by[spec.of(i).k], i)
		}
		for _, k := range slices.Sorted(maps.Keys(by)) {
			fmt.Fprintf(g.stdout, "shard %d/%d: %s\n  %s\n", k, spec.n, joinInts(by[k], " "), shardCommand(inv, spec, k, dir))
		}
	}
	if bad != nil {
		return bad
	}
	return errMissing{fmt.Sprintf("%s: %d of %d %s missing", dir, len(redo), it.State.Count, noun)}
}

// mergedState reads the record of dir's last merge (nil: never merged)
// and what of the files it wrote has been altered or removed since.
func mergedState(dir string) (*outdir.Invocation, []string) {
	rec := outdir.LastMerge(dir)
	if rec == nil {
		return nil, nil
	}
	return rec, outdir.CheckMerged(dir, rec)
}

const mergeLong = `merge checks that every shard of DIR has finished, then writes its files
(summaries, tables, manifest, report) exactly as a run on one machine
would: the same bytes. It runs the command the shards ran (recorded in
DIR/invocations.log, with its working folder and CASELOAD_* variables),
reading every item instead of running it; the scenario and design files
must be where the shards read them, unchanged.

It refuses (exit 2, writing nothing) while a shard still runs, or while
an item is missing or damaged (cut short, altered, of another
configuration or index, of an unknown format) or a stray file lies among
the items, naming each. The merge records the sha256 digest of every file
it wrote in its line of invocations.log: merging a folder again prints
"already merged" and rewrites nothing (exit 0), or, if a merged file has
since been altered or removed, names it (exit 2).`

func newMergeCommand(g globals) *cobra.Command {
	var quiet bool
	c := &cobra.Command{
		Use:     "merge DIR",
		Short:   "Write the final files of a folder that shards (--shard K/N) have filled",
		Long:    mergeLong,
		Example: "  caseload merge results/sweep-embedded-seed1\n  caseload status results/sweep-embedded-seed1",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{fmt.Errorf("expected one results folder, got %d: %q", len(args), args)}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runMerge(cmd.Context(), g, args[0], quiet) },
	}
	c.Flags().BoolVar(&quiet, "quiet", false, "print no table")
	return c
}

func runMerge(ctx context.Context, g globals, dir string, quiet bool) error {
	if rec, altered := mergedState(dir); rec != nil {
		if _, err := os.Stat(filepath.Join(dir, results.ManifestJSON)); err == nil || len(altered) > 0 {
			if len(altered) > 0 {
				return usageError{fmt.Errorf("merge %s: already merged (%s), but since then %s: nothing rewritten", dir, rec.Time, strings.Join(altered, "; "))}
			}
			fmt.Fprintf(g.stdout, "%s: already merged (%s); its %d files are as the merge wrote them: nothing rewritten\n", dir, rec.Time, len(rec.Merged))
			return nil
		}
	}
	it, inv, err := folderStatus(dir)
	if err != nil {
		return usageError{fmt.Errorf("merge %s: not a sharded results folder (%v)", dir, err)}
	}
	if inv == nil {
		return usageError{fmt.Errorf("merge %s: no shard wrote this folder (its %s names none): finish it with --resume", dir, outdir.LogName)}
	}
	if err := itemsComplete(it, "merge"); err != nil {
		return err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return usageError{err}
	}
	if wd, err := os.Getwd(); err == nil && inv.Dir != "" && filepath.Clean(inv.Dir) != filepath.Clean(wd) {
		if err := os.Chdir(inv.Dir); err != nil {
			return usageError{fmt.Errorf("merge %s: the shards ran in %s: %v", dir, inv.Dir, err)}
		}
		defer os.Chdir(wd)
	}
	args := append(append([]string(nil), inv.Rerun...), "--merge", abs)
	if quiet {
		args = append(args, "--quiet")
	}
	sub := globals{stdout: g.stdout, stderr: g.stderr, env: inv.Env, rawEnv: inv.Env, args: g.args}
	root := newRootCommand(sub)
	root.SetArgs(args)
	if err := root.ExecuteContext(ctx); err != nil {
		return err
	}
	// what the merge wrote, so that a second merge knows it is done
	return outdir.RecordMerge(abs)
}

// shardEnd is a command's result, a shard's end being success.
func shardEnd(err error) error {
	if errors.Is(err, errShardDone) {
		return nil
	}
	return err
}
