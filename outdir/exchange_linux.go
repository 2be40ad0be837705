//go:build linux

package outdir

import (
	"errors"

	"golang.org/x/sys/unix"
)

// exchangeDirs swaps two folders in one step (renameat2 RENAME_EXCHANGE),
// so that there is never a moment with neither.
func exchangeDirs(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) || errors.Is(err, unix.EOPNOTSUPP) {
		return errNoExchange
	}
	return err
}
