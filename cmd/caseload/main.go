// Command caseload simulates schools, families and social workers in one
// local authority under different deployments of school-based social
// workers, and writes what it projects to the terminal and to disk.
//
// Exit status: 0 success; 1 a run failed; 2 bad input (a flag, a scenario
// file, an environment variable or a --set value), with nothing written.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Stdout, os.Stderr, os.Args[1:], os.Environ()))
}
