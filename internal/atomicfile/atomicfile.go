// Package atomicfile writes files so that a reader (or a crash) sees
// either the old content or the new, never a mix: the data goes to a
// temporary file in the same directory, is synced, and is renamed over the
// target.
//
// What the rename would lose of the file it replaces is kept or refused:
//
//   - a symbolic link stays a link: the file it points to is written (the
//     caller decides which links may be followed);
//   - the file's mode is kept, and its owner and group when the process
//     may give them (a file owned by another user that the process could
//     not give back is refused, not taken over);
//   - a file without write permission is refused with ErrReadOnly, never
//     replaced: version control systems such as Perforce and TFVC keep
//     files read-only until they are checked out, and rely on that.
//
// Temporary files are named .NAME.affected-PID-RANDOM.tmp. A process
// killed while writing leaves its temporary file behind; the next write
// in that directory (or [RemoveStale]) removes the ones whose process is
// gone. Errors name the target, never the temporary file.
package atomicfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/affected-dev/affected/internal/i18n"
)

// ErrChanged is returned by WriteIfUnchanged when the file on disk is no
// longer what the caller read.
var ErrChanged = errors.New("file changed since it was read")

// ErrReadOnly is wrapped by the error for a file without write
// permission.
var ErrReadOnly = errors.New("file is read-only")

// ErrOwner is wrapped by the error for a file whose owner the process
// could not keep.
var ErrOwner = errors.New("cannot keep the file's owner")

// Error is a failed write of Path. Err is the cause without the paths the
// os package adds (the temporary file's among them).
type Error struct {
	Path string
	Err  error
}

// Error returns the English text.
func (e *Error) Error() string { return e.Localize(i18n.En) }

// Localize returns the text in l.
func (e *Error) Localize(l i18n.Lang) string {
	switch {
	case errors.Is(e.Err, ErrReadOnly):
		return MsgReadOnly.Plain(l, e.Path)
	case errors.Is(e.Err, ErrOwner):
		return MsgOwner.Plain(l, e.Path)
	}
	return MsgWrite.Plain(l, e.Path, e.Err)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// fail wraps err for path, dropping the paths of fs.PathError and
// os.LinkError.
func fail(path string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return &Error{Path: path, Err: err}
}

// Target returns the file a write of path changes: path itself, or the
// file a symbolic link at path leads to (links resolved).
func Target(path string) (string, error) {
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return path, nil
	}
	t, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", fail(path, err)
	}
	return t, nil
}

// Check reports whether path can be replaced: nil when it does not exist
// or is writable, else an *Error wrapping ErrReadOnly (or the error of
// os.Stat).
func Check(path string) error {
	target, err := Target(path)
	if err != nil {
		return err
	}
	fi, err := os.Stat(target)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fail(path, err)
	}
	if readOnly(target, fi) {
		return &Error{Path: path, Err: ErrReadOnly}
	}
	return nil
}

// readOnly reports whether a file may not be written: no write permission
// bit at all (the mark of a read-only checkout, which even a
// superuser's rename must not ignore), or none for this process.
func readOnly(path string, fi fs.FileInfo) bool {
	return fi.Mode().Perm()&0o222 == 0 || !canWrite(path)
}

// WriteFile replaces path with data. A new file gets perm; an existing
// file keeps its mode, owner and group, and a symbolic link its target,
// which is written instead. A read-only file is refused (ErrReadOnly).
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	target, err := Target(path)
	if err != nil {
		return err
	}
	fi, err := os.Stat(target)
	switch {
	case err == nil:
		if readOnly(target, fi) {
			return &Error{Path: path, Err: ErrReadOnly}
		}
		perm = fi.Mode().Perm()
	case !errors.Is(err, fs.ErrNotExist):
		return fail(path, err)
	default:
		fi = nil
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	RemoveStale(dir)
	f, err := os.CreateTemp(dir, tempPrefix(base)+"*"+tempSuffix)
	if err != nil {
		return fail(path, err)
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
		return fail(path, err)
	}
	if err := f.Chmod(perm); err != nil {
		return fail(path, err)
	}
	if fi != nil {
		if err := keepOwner(f, fi); err != nil {
			return &Error{Path: path, Err: ErrOwner}
		}
	}
	if err := f.Sync(); err != nil {
		return fail(path, err)
	}
	if err := f.Close(); err != nil {
		return fail(path, err)
	}
	if err := os.Rename(tmp, target); err != nil {
		return fail(path, err)
	}
	ok = true
	return nil
}

// WriteIfUnchanged replaces path with data only if its current content is
// still old; otherwise it returns ErrChanged and writes nothing. (A change
// between the check and the rename is not detected; the window is the
// time of one write.)
func WriteIfUnchanged(path string, old, data []byte) error {
	if err := CheckUnchanged(path, old); err != nil {
		return err
	}
	return WriteFile(path, data, 0o644)
}

// CheckUnchanged reports whether path still holds old and may be written:
// nil, ErrChanged, or an *Error (ErrReadOnly among its causes).
func CheckUnchanged(path string, old []byte) error {
	target, err := Target(path)
	if err != nil {
		return err
	}
	cur, err := os.ReadFile(target)
	if err != nil {
		return fail(path, err)
	}
	if !bytes.Equal(cur, old) {
		return ErrChanged
	}
	return Check(path)
}

const tempSuffix = ".tmp"

// tempPrefix is the start of the name of a temporary file for base:
// .BASE.affected-PID-.
func tempPrefix(base string) string {
	return "." + base + ".affected-" + strconv.Itoa(os.Getpid()) + "-"
}

// RemoveStale removes from dir the temporary files of writers that are
// gone: named .NAME.affected-PID-RANDOM.tmp with a PID that is no longer a
// running process (a process killed while it wrote). It reports how many
// it removed.
func RemoveStale(dir string) int {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		pid, ok := tempPID(e.Name())
		if !ok || !e.Type().IsRegular() || alive(pid) {
			continue
		}
		if os.Remove(filepath.Join(dir, e.Name())) == nil {
			n++
		}
	}
	return n
}

// tempPID returns the process id in the name of a temporary file.
func tempPID(name string) (int, bool) {
	if !strings.HasPrefix(name, ".") || !strings.HasSuffix(name, tempSuffix) {
		return 0, false
	}
	i := strings.LastIndex(name, ".affected-")
	if i < 0 {
		return 0, false
	}
	rest := name[i+len(".affected-") : len(name)-len(tempSuffix)]
	pidText, random, ok := strings.Cut(rest, "-")
	if !ok || random == "" {
		return 0, false
	}
	pid, err := strconv.Atoi(pidText)
	return pid, err == nil && pid > 0
}

// Messages of this package.
var (
	MsgReadOnly = i18n.Define("atomicfile.read-only",
		"%s is read-only: affected does not replace a file without write permission (check it out for editing first, e.g. p4 edit or tf checkout)",
		"%s: 읽기 전용 파일임: affected는 쓰기 권한이 없는 파일을 바꾸지 않음 (먼저 편집용으로 체크아웃하세요. 예: p4 edit, tf checkout)",
		"%s 為唯讀：affected 不會取代沒有寫入權限的檔案（請先簽出以供編輯，例如 p4 edit 或 tf checkout）")
	MsgOwner = i18n.Define("atomicfile.owner",
		"%s belongs to another user, which affected could not keep after the write; not written",
		"%s: 다른 사용자의 파일이며 쓰고 나서 소유자를 유지할 수 없음; 쓰지 않음",
		"%s 屬於其他使用者，寫入後無法保留其擁有者；未寫入")
	MsgWrite = i18n.Define("atomicfile.write",
		"cannot write %s: %v",
		"%s 쓸 수 없음: %v",
		"無法寫入 %s：%v")
)
