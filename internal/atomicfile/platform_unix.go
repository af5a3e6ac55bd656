//go:build unix

package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives the new file f the owner and group of the file it
// replaces (fi). Without the right to give a file away, it succeeds only
// when the new file already has them.
func keepOwner(f *os.File, fi fs.FileInfo) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	err := f.Chown(int(st.Uid), int(st.Gid))
	if err == nil {
		return nil
	}
	if nfi, serr := f.Stat(); serr == nil {
		if nst, ok := nfi.Sys().(*syscall.Stat_t); ok && nst.Uid == st.Uid && nst.Gid == st.Gid {
			return nil
		}
	}
	return err
}

// canWrite reports whether this process may write the file (access(2),
// which a superuser passes whatever the mode).
func canWrite(path string) bool { return syscall.Access(path, 2 /* W_OK */) == nil }

// alive reports whether a process exists (signal 0 checks without
// sending).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
