//go:build !unix

package atomicfile

import (
	"io/fs"
	"os"
)

// keepOwner: files on these systems have no Unix owner to keep.
func keepOwner(f *os.File, fi fs.FileInfo) error { return nil }

// canWrite: the read-only attribute shows in the mode, which readOnly
// checks.
func canWrite(path string) bool { return true }

// alive reports whether a process exists.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
