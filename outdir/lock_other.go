//go:build !unix

package outdir

import "os"

// Where flock is missing the lock file is still written, with the pid,
// but it does not keep a second writer out.
func lockFile(*os.File) error { return nil }

func unlockFile(*os.File) {}
