// Package readfile reads the files of trees affected did not write: it
// opens regular files only, and reads them up to a size bound.
//
// A scanner runs on repositories from strangers, where a file named like a
// project may be a named pipe (opening it for reading waits for a writer
// forever), a device (/dev/zero never ends), a socket or a directory. Open
// asks the operating system not to wait (O_NONBLOCK, on Unix) and then
// refuses whatever the opened file is if it is not a regular file, so that
// a file swapped between a check and the open is refused too. Symbolic
// links are followed; deciding which links may be followed is the
// caller's job (see internal/discover).
package readfile

import (
	"errors"
	"io"
	"io/fs"
	"os"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/i18n"
)

// ErrNotRegular is wrapped by the error Open returns for a file that is
// not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is wrapped by the error Read returns for a file larger than
// its bound.
var ErrTooLarge = errors.New("file too large")

// NotRegularError is a file that is not a regular file.
type NotRegularError struct {
	Mode fs.FileMode
}

// Error returns the English text.
func (e *NotRegularError) Error() string { return e.Localize(i18n.En) }

// Localize returns the text in l.
func (e *NotRegularError) Localize(l i18n.Lang) string {
	return MsgNotRegular.Plain(l, KindOf(e.Mode).Plain(l))
}

// Unwrap returns ErrNotRegular.
func (e *NotRegularError) Unwrap() error { return ErrNotRegular }

// TooLargeError is a file larger than the bound it was read with.
type TooLargeError struct {
	Max int64 // bytes
}

// Error returns the English text.
func (e *TooLargeError) Error() string { return e.Localize(i18n.En) }

// Localize returns the text in l.
func (e *TooLargeError) Localize(l i18n.Lang) string { return extract.MsgTooLarge.Plain(l, e.Max>>20) }

// Unwrap returns ErrTooLarge.
func (e *TooLargeError) Unwrap() error { return ErrTooLarge }

// KindOf names the type of a file that is not a regular one: a named pipe
// (FIFO), a device, a socket, a directory, or "not a regular file".
func KindOf(m fs.FileMode) *i18n.Message {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return MsgKindPipe
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		return MsgKindDevice
	case m&fs.ModeSocket != 0:
		return MsgKindSocket
	case m.IsDir():
		return MsgKindDir
	}
	return MsgKindIrregular
}

// Open opens a regular file for reading without waiting on it: a named
// pipe, a device, a socket or a directory is refused with a
// *NotRegularError (errors.Is(err, ErrNotRegular)). The file info is the
// opened file's.
func Open(name string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|openFlags, 0)
	if err != nil {
		// A socket cannot be opened at all (ENXIO): say what it is.
		if cerr := Check(name); errors.Is(cerr, ErrNotRegular) {
			return nil, nil, cerr
		}
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: &NotRegularError{Mode: fi.Mode()}}
	}
	return f, fi, nil
}

// Check reports, without opening it, whether name is a regular file (after
// symbolic links): nil, a *NotRegularError, or the error of os.Stat.
func Check(name string) error {
	fi, err := os.Stat(name)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return &fs.PathError{Op: "open", Path: name, Err: &NotRegularError{Mode: fi.Mode()}}
	}
	return nil
}

// ReadFile reads a regular file of at most max bytes.
func ReadFile(name string, max int64) ([]byte, error) { return Read(name, max, nil) }

// Read reads a regular file of at most max bytes into *buf when buf is
// not nil (growing it as needed; the data is valid until the next read
// into it), else into new memory. The size the file has when opened sizes
// the read; a file that grows past max while it is read is refused too.
func Read(name string, max int64, buf *[]byte) ([]byte, error) {
	f, fi, err := Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi.Size() > max {
		return nil, &TooLargeError{Max: max}
	}
	// One byte more than the size, to see the end of file at once (and a
	// file that grew since).
	want := int(fi.Size()) + 1
	var data []byte
	if buf != nil {
		if cap(*buf) < want {
			*buf = make([]byte, 0, want+want/4)
		}
		data = (*buf)[:0]
	} else {
		data = make([]byte, 0, want)
	}
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if int64(len(data)) > max {
			return nil, &TooLargeError{Max: max}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // the file grew: make room
		}
	}
	if buf != nil {
		*buf = data[:0]
	}
	return data, nil
}

// Messages of this package.
var (
	MsgNotRegular = i18n.Define("readfile.not-regular",
		"%s, not a regular file",
		"%s이며 일반 파일이 아님",
		"這是%s，不是一般檔案")
	MsgKindPipe = i18n.Define("readfile.kind-pipe",
		"a named pipe (FIFO)",
		"명명된 파이프(FIFO)",
		"具名管道（FIFO）")
	MsgKindDevice = i18n.Define("readfile.kind-device",
		"a device",
		"장치",
		"裝置")
	MsgKindSocket = i18n.Define("readfile.kind-socket",
		"a socket",
		"소켓",
		"通訊端")
	MsgKindDir = i18n.Define("readfile.kind-dir",
		"a directory",
		"디렉터리",
		"目錄")
	MsgKindIrregular = i18n.Define("readfile.kind-irregular",
		"a special file",
		"특수 파일",
		"特殊檔案")
)
