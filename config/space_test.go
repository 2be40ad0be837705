package config

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/caseload/caseload/sim"
)

// The shipped space file is the default space written out, and the
// README's block of it is the file: neither can drift from the code.
func TestShippedSpaceIsTheDefault(t *testing.T) {
	const path = "../scenarios/spaces/default.yaml"
	s, err := LoadSpace(path, sim.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultSpace()
	want.File = path
	if !reflect.DeepEqual(s, want) {
		t.Errorf("%s gives %+v, want the default %+v", path, s, want)
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(file), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") && !strings.Contains(string(readme), line+"\n") {
			t.Errorf("README.md does not show the line %q of %s", line, path)
		}
	}
}

// A search space names roles as a scenario does: not case-sensitive.
func TestSpaceRolesNotCaseSensitive(t *testing.T) {
	path := filepath.Join(t.TempDir(), "space.yaml")
	if err := os.WriteFile(path, []byte("roles: [Qualified, SUPPORT]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := LoadSpace(path, sim.Defaults())
	if err != nil || !slices.Equal(s.Roles, []string{"qualified", "support"}) {
		t.Errorf("roles %v, %v", s.Roles, err)
	}
}
