// Command caseload simulates schools, families and social workers in one
// local authority under different deployments of school-based social
// workers, and writes what it projects to the terminal and to disk.
//
// Exit status: 0 success; 1 a run failed (results could not be written,
// say); 2 bad input (a command, a flag, a scenario or design file, an
// environment variable, a --set value or the --out folder), with nothing
// written; 3 an internal error (a bug: please report it with the version
// printed); 130 stopped by Ctrl-C or SIGTERM. caseload status exits 0
// when every item is there and whole, 1 when items are missing and 2 for
// a damaged folder or one caseload did not write.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Stdout, os.Stderr, os.Args[1:], os.Environ()))
}
