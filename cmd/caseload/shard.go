package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/caseload/caseload/config"
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
	cmd.Flags().Visit(func(f *pflag.Flag) {
		switch f.Name {
		case "shard", "out", "resume", "merge", "quiet", "workers", "cpuprofile":
			return
		case "la": // its values are in --set's list, in their place
			return
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
	for _, kv := range g.env {
		if strings.HasPrefix(kv, config.EnvPrefix) {
			inv.Env = append(inv.Env, kv)
		}
	}
	inv.Dir, _ = os.Getwd()
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
	it.Valid = nil
	missing := it.Missing()
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

// itemReads is the check that a finished item of a folder reads back
// whole (outdir.Items.Valid): a replication decodes (gob), a point or
// trial is JSON.
func itemReads(ext string) func(path string) bool {
	return func(path string) bool {
		b, err := os.ReadFile(path)
		if err != nil {
			return false
		}
		if ext == "gob" {
			var rf repFile
			return gob.NewDecoder(bytes.NewReader(b)).Decode(&rf) == nil
		}
		return json.Valid(b)
	}
}

// folderStatus reads a shared (or resumable) folder: its items and, from
// the invocation log, the last shard's line (nil if no shard wrote it).
func folderStatus(dir string) (outdir.Items, *outdir.Invocation, error) {
	st, err := outdir.ReadState(dir)
	if err != nil {
		return outdir.Items{}, nil, err
	}
	name, ext, _ := itemsOf(st.Kind)
	it := outdir.Items{Dir: dir, Name: name, Ext: ext, State: st, Valid: itemReads(ext)}
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

func newStatusCommand(g globals) *cobra.Command {
	return &cobra.Command{
		Use:   "status DIR",
		Short: "What a sharded or stopped run's folder holds, and what is missing",
		Long: `status lists the items (replications, points or trials) a resumable or
sharded results folder still lacks, by shard, with the command that runs
them. Rerunning a shard runs only its missing items.`,
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

func runStatus(_ context.Context, g globals, dir string) error {
	it, inv, err := folderStatus(dir)
	if err != nil {
		if _, merr := os.Stat(filepath.Join(dir, results.ManifestJSON)); merr == nil {
			fmt.Fprintf(g.stdout, "%s: complete (written in one piece)\n", dir)
			return nil
		}
		return usageError{fmt.Errorf("%s: not a sharded or resumable results folder (%v)", dir, err)}
	}
	_, _, noun := itemsOf(it.State.Kind)
	_, merged := os.Stat(filepath.Join(dir, results.ManifestJSON))
	if it.State.Kind == "optimise" {
		// a search decides as it goes which evaluations it makes: there
		// is no fixed list to count against (its state's count is a bound)
		state := "stopped before the end: finish it with the command that started it and --resume " + dir
		if merged == nil {
			state = "complete; its files are written"
		}
		fmt.Fprintf(g.stdout, "%s: optimise, %d %s kept\n%s\n", dir, it.Finished(), noun, state)
		return nil
	}
	missing := it.Missing()
	fmt.Fprintf(g.stdout, "%s: %s, %d of %d %s finished\n", dir, it.State.Kind, it.State.Count-len(missing), it.State.Count, noun)
	switch {
	case len(missing) == 0 && merged == nil:
		fmt.Fprintln(g.stdout, "complete; its files are written")
		return nil
	case len(missing) == 0:
		fmt.Fprintf(g.stdout, "complete; write its files with: caseload merge %s\n", dir)
		return nil
	}
	fmt.Fprintf(g.stdout, "missing: %s\n", joinInts(missing, " "))
	if inv == nil {
		fmt.Fprintf(g.stdout, "finish with the command that started it and --resume %s\n", dir)
		return nil
	}
	spec, err := parseShard(inv.Shard, nil)
	if err != nil {
		return err
	}
	by := map[int][]int{}
	for _, i := range missing {
		by[spec.of(i).k] = append(by[spec.of(i).k], i)
	}
	for _, k := range slices.Sorted(maps.Keys(by)) {
		fmt.Fprintf(g.stdout, "shard %d/%d: %s\n  caseload %s --shard %d/%d --out %s\n", k, spec.n, joinInts(by[k], " "),
			strings.Join(inv.Rerun, " "), k, spec.n, dir)
	}
	return nil
}

func newMergeCommand(g globals) *cobra.Command {
	var quiet bool
	c := &cobra.Command{
		Use:   "merge DIR",
		Short: "Write the final files of a folder that shards (--shard K/N) have filled",
		Long: `merge checks that every shard of DIR has finished, then writes its files
(summaries, tables, manifest, report) exactly as a run on one machine
would: the same bytes. It runs the command the shards ran (recorded in
DIR/invocations.log, with its working folder and CASELOAD_* variables),
reading every item instead of running it; the scenario and design files
must be where the shards read them, unchanged.`,
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
	it, inv, err := folderStatus(dir)
	if err != nil {
		return usageError{fmt.Errorf("merge %s: not a sharded results folder (%v)", dir, err)}
	}
	if inv == nil {
		return usageError{fmt.Errorf("merge %s: no shard wrote this folder (its %s names none): finish it with --resume", dir, outdir.LogName)}
	}
	if missing := it.Missing(); len(missing) > 0 {
		return usageError{fmt.Errorf("merge %s: %d of %d items are missing or damaged (%s): see caseload status %s", dir, len(missing), it.State.Count,
			joinInts(missing[:min(len(missing), 20)], " "), dir)}
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
	return root.ExecuteContext(ctx)
}

// shardEnd is a command's result, a shard's end being success.
func shardEnd(err error) error {
	if errors.Is(err, errShardDone) {
		return nil
	}
	return err
}
