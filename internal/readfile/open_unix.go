//go:build unix

package readfile

import "syscall"

// openFlags: opening a named pipe for reading waits for a writer unless
// O_NONBLOCK is given; it has no effect on regular files.
const openFlags = syscall.O_NONBLOCK
