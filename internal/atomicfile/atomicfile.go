// Package atomicfile writes files so that a reader (or a crash) sees
// either the old content or the new, never a mix: the data goes to a
// temporary file in the same directory, is synced, and is renamed over the
// target. The target's permissions are kept.
package atomicfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrChanged is returned by WriteIfUnchanged when the file on disk is no
// longer what the caller read.
var ErrChanged = errors.New("file changed since it was read")

// WriteFile replaces path with data. A new file gets perm; an existing
// file keeps its mode.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	if fi, err := os.Stat(path); err == nil {
		perm = fi.Mode().Perm()
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Chmod(perm); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	ok = true
	return nil
}

// WriteIfUnchanged replaces path with data only if its current content is
// still old; otherwise it returns ErrChanged and writes nothing. (A change
// between the check and the rename is not detected; the window is the
// time of one write.)
func WriteIfUnchanged(path string, old, data []byte) error {
	cur, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !bytes.Equal(cur, old) {
		return ErrChanged
	}
	return WriteFile(path, data, 0o644)
}
