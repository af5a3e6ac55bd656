package fix

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/affected-dev/affected/internal/atomicfile"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/project"
	"github.com/affected-dev/affected/internal/readfile"
)

// Writer replaces a file's content old with new, refusing when the file no
// longer holds old.
type Writer func(path string, old, new []byte) error

// WriteAtomically is the Writer of the real file system: a temporary file
// beside the target, synced and renamed over it (mode, owner and a
// symbolic link kept; a read-only file refused), after checking that the
// file still holds what the plan read.
func WriteAtomically(path string, old, new []byte) error {
	return atomicfile.WriteIfUnchanged(path, old, new)
}

// ReadFile is the Reader of the real file system: regular files only (a
// named pipe or a device is refused without blocking), of at most
// project.DefaultMaxFileSize bytes.
func ReadFile(path string) ([]byte, error) {
	return readfile.ReadFile(path, project.DefaultMaxFileSize)
}

// Written is the outcome of Apply for one file.
type Written struct {
	File *File
	Err  error // nil when written
}

// Apply writes the plan's files in order. First it removes the temporary
// files that a killed run left beside them, and checks every file: one
// that changed since it was read, or that may not be written (read-only),
// stops the run before anything is written. Then it writes the files in
// order and stops at the first failure, so that a file is never written
// after one it depends on failed (a versionless PackageReference after its
// PackageVersion). Every file is either written whole or left as it was;
// the result lists what happened to each file attempted.
func Apply(ctx context.Context, pl *Plan, write Writer) ([]Written, error) {
	dirs := map[string]bool{}
	for _, f := range pl.Files {
		if target, err := atomicfile.Target(f.Path); err == nil && !dirs[filepath.Dir(target)] {
			dirs[filepath.Dir(target)] = true
			atomicfile.RemoveStale(filepath.Dir(target))
		}
	}
	for _, f := range pl.Files {
		if err := atomicfile.CheckUnchanged(f.Path, f.Old); err != nil {
			err = writeError(f, err)
			return []Written{{File: f, Err: err}}, err
		}
	}
	var out []Written
	for _, f := range pl.Files {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		err := write(f.Path, f.Old, f.New)
		if err != nil {
			err = writeError(f, err)
		}
		out = append(out, Written{File: f, Err: err})
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// writeError names the file by its display path, and never by the
// temporary file the write went through.
func writeError(f *File, err error) error {
	var ae *atomicfile.Error
	switch {
	case errors.Is(err, atomicfile.ErrChanged):
		return i18n.Errorf(MsgChanged, f.Display)
	case errors.As(err, &ae):
		return &atomicfile.Error{Path: f.Display, Err: ae.Err}
	}
	return i18n.Errorf(MsgCannotWrite, f.Display, err)
}
