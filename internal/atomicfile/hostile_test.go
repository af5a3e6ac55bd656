//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// TestReadOnlyRefused: a file without write permission (a Perforce or
// TFVC checkout not opened for edit) is refused, not replaced by the
// rename, even for a superuser (issue 9 point 10).
func TestReadOnlyRefused(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "App.csproj")
	if err := os.WriteFile(p, []byte("old"), 0o444); err != nil {
		t.Fatal(err)
	}
	err := WriteIfUnchanged(p, []byte("old"), []byte("new"))
	if !errors.Is(err, ErrReadOnly) {
		t.Fatalf("err = %v, want ErrReadOnly", err)
	}
	if want := p + " is read-only"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q, want it to start with %q", err, want)
	}
	if data, _ := os.ReadFile(p); string(data) != "old" {
		t.Errorf("file = %q", data)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o444 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left in the directory: %v", entries)
	}
}

// TestSymlinkKept: writing a symbolic link writes the file it points to;
// the link stays a link (issue 10 point 6).
func TestSymlinkKept(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real", "App.csproj")
	if err := os.MkdirAll(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "App.csproj")
	if err := os.Symlink(filepath.Join("real", "App.csproj"), link); err != nil {
		t.Fatal(err)
	}
	if err := WriteIfUnchanged(link, []byte("old"), []byte("new")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", fi.Mode(), err)
	}
	if data, _ := os.ReadFile(real); string(data) != "new" {
		t.Errorf("target = %q", data)
	}
	if fi, _ := os.Stat(real); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
}

// TestOwnerKept: the file keeps its owner and group (issue 10 point 6).
// Giving a file to another user needs a superuser.
func TestOwnerKept(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give the file another owner")
	}
	p := filepath.Join(t.TempDir(), "App.csproj")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(p, 4321, 8765); err != nil {
		t.Fatal(err)
	}
	if err := WriteIfUnchanged(p, []byte("old"), []byte("new")); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(p)
	st := fi.Sys().(*syscall.Stat_t)
	if st.Uid != 4321 || st.Gid != 8765 {
		t.Errorf("owner %d:%d, want 4321:8765", st.Uid, st.Gid)
	}
}

// TestStaleTemporaryFiles: the temporary file of a writer that was killed
// (its process is gone) is removed by the next write in the directory;
// one of a live process, or anything else, is left alone (issue 10
// point 6).
func TestStaleTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "App.csproj")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A process id that is surely not running: the largest Linux allows
	// is 2^22.
	dead := ".App.csproj.affected-99999999-123456.tmp"
	live := ".App.csproj.affected-" + itoa(os.Getpid()) + "-654321.tmp"
	other := ".App.csproj.tmp-123"
	for _, n := range []string{dead, live, other} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteIfUnchanged(p, []byte("old"), []byte("new")); err != nil {
		t.Fatal(err)
	}
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != strings.Join([]string{live, other, "App.csproj"}, " ") {
		t.Errorf("directory holds %v", names)
	}
}

// TestErrorNamesTarget: a failed write names the file written, never the
// temporary file (issue 9 point 10).
func TestErrorNamesTarget(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "App.csproj")
	// A non-empty directory where the file should be: the rename fails.
	if err := os.MkdirAll(filepath.Join(p, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(p, []byte("new"), 0o644)
	if err == nil {
		t.Fatal("no error")
	}
	if strings.Contains(err.Error(), ".tmp") || !strings.Contains(err.Error(), p) {
		t.Errorf("error %q", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left in the directory: %v", entries)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
