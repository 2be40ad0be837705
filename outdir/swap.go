package outdir

import (
	"errors"
	"os"
)

// SwapDir puts the folder tmp in the place of dir. Where dir exists the
// two are exchanged in one step (renameat2), so that a reader, or a crash
// at any moment, finds the old folder or the new one and never neither;
// the old one, now at tmp, is then removed (a crash before that leaves it
// under tmp's name, a temporary a later write removes). Where the system
// cannot exchange, dir is moved aside and tmp renamed into place. Where
// dir does not exist, tmp is renamed to it.
func SwapDir(tmp, dir string) error {
	if _, err := os.Lstat(dir); err != nil {
		return os.Rename(tmp, dir)
	}
	switch err := exchangeDirs(tmp, dir); {
	case err == nil:
		return os.RemoveAll(tmp)
	case !errors.Is(err, errNoExchange):
		return err
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(old, dir)
		return err
	}
	return os.RemoveAll(old)
}
