package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// job is the part of a Kubernetes Job manifest the test reads.
type job struct {
	Kind string
	Spec struct {
		CompletionMode string `yaml:"completionMode"`
		Completions    int
		Parallelism    int
		Template       struct {
			Spec struct {
				Containers []struct {
					Args []string
					Env  []struct{ Name, Value string }
				}
			}
		}
	}
}

func readJob(t *testing.T, path string) job {
	t.Helper()
	var j job
	if err := yaml.Unmarshal(readFile(t, path), &j); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if j.Kind != "Job" || len(j.Spec.Template.Spec.Containers) != 1 {
		t.Fatalf("%s: not a Job of one container", path)
	}
	return j
}

// The Kubernetes contract, with local processes: deploy/k8s/job.yaml's
// command is run as its pods run it, each process given only what
// Kubernetes gives a pod of an Indexed Job (JOB_COMPLETION_INDEX) and the
// manifest's environment, in the image's working folder (the
// repository's root holds the same scenarios); merge-job.yaml's command
// then writes files byte-identical to the command run on one machine. The
// manifest's CASELOAD_SHARDS must equal its completions. (Only the size
// is shrunk: a small LA and one replication.)
func TestKubernetesIndexedJob(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	root, _ := filepath.Abs("../..")
	j := readJob(t, filepath.Join(root, "deploy/k8s/job.yaml"))
	if j.Spec.CompletionMode != "Indexed" || j.Spec.Completions < 2 {
		t.Fatalf("job.yaml: completionMode %q, completions %d: want an Indexed Job of several", j.Spec.CompletionMode, j.Spec.Completions)
	}
	c := j.Spec.Template.Spec.Containers[0]
	var env []string
	for _, e := range c.Env {
		env = append(env, e.Name+"="+e.Value)
		if e.Name == shardsEnv && e.Value != strconv.Itoa(j.Spec.Completions) {
			t.Fatalf("job.yaml: %s=%s but completions %d", shardsEnv, e.Value, j.Spec.Completions)
		}
	}
	// the pods' folder, moved from the volume to a temporary one
	tmp := t.TempDir()
	args := append([]string(nil), c.Args...)
	var volumeDir string
	for i := range args {
		if i > 0 && args[i-1] == "--out" {
			volumeDir = args[i]
			args[i] = filepath.Join(tmp, "shared")
		}
	}
	if volumeDir == "" {
		t.Fatal("job.yaml: the command has no --out")
	}
	args = append(append(args, smallLA...), "--reps", "1", "--workers", "1")
	start := func(env []string, args ...string) (*exec.Cmd, *bytes.Buffer) {
		cmd := exec.Command(os.Args[0], args...)
		cmd.Dir = root
		cmd.Env = append(append(os.Environ(), "RUN_CASELOAD_MAIN=1"), env...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, &out
	}
	wait := func(cmd *exec.Cmd, out *bytes.Buffer, what string) {
		t.Helper()
		if err := cmd.Wait(); err != nil {
			t.Fatalf("%s: %v\n%s", what, err, out)
		}
	}
	one := append(append([]string(nil), args...), "--out", filepath.Join(tmp, "one-machine"))
	cmd, out := start(nil, one...)
	wait(cmd, out, "one machine")
	var pods []*exec.Cmd
	var outs []*bytes.Buffer
	for k := range j.Spec.Completions {
		cmd, out := start(append(env, fmt.Sprintf("JOB_COMPLETION_INDEX=%d", k)), args...)
		pods, outs = append(pods, cmd), append(outs, out)
	}
	for k := range pods {
		wait(pods[k], outs[k], fmt.Sprintf("pod %d", k))
	}
	m := readJob(t, filepath.Join(root, "deploy/k8s/merge-job.yaml"))
	margs := m.Spec.Template.Spec.Containers[0].Args
	if len(margs) < 2 || margs[0] != "merge" || margs[1] != volumeDir {
		t.Fatalf("merge-job.yaml runs %q, want merge %s", margs, volumeDir)
	}
	margs = append([]string{"merge", filepath.Join(tmp, "shared")}, margs[2:]...)
	cmd, out = start(nil, margs...)
	wait(cmd, out, "merge")
	if rows := readCSV(t, filepath.Join(tmp, "one-machine", "sweep.csv")); len(rows) < 3 {
		t.Fatalf("the one-machine sweep has %d rows", len(rows))
	}
	sameFiles(t, filepath.Join(tmp, "one-machine"), filepath.Join(tmp, "shared"))
	if !strings.Contains(string(readFile(t, filepath.Join(tmp, "shared", "invocations.log"))), `"shard":"1/`) {
		t.Fatal("the invocation log names no shard")
	}
}
