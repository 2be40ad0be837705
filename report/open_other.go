//go:build !unix

package report

// readFlags: elsewhere a file is opened plainly and then checked to be a
// regular file.
const readFlags = 0
