//go:build unix

package report

import "syscall"

// readFlags open a file to be read without following a symbolic link
// and without blocking on a FIFO; what was opened is then checked to be
// a regular file.
const readFlags = syscall.O_NONBLOCK | syscall.O_NOFOLLOW
