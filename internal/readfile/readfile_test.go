//go:build unix

package readfile

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

// TestNotRegular: a named pipe without a writer, a device, a socket and a
// directory are refused at once, each named for what it is; a regular
// file (also through a symbolic link) is read.
func TestNotRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "packages.lock.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	sock := filepath.Join(dir, "s.props")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	zero := filepath.Join(dir, "project.assets.json")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, kind string }{
		{fifo, "a named pipe (FIFO)"},
		{"/dev/zero", "a device"},
		{zero, "a device"},
		{sock, "a socket"},
		{dir, "a directory"},
	} {
		done := make(chan error, 1)
		go func() {
			_, err := ReadFile(tc.path, 1<<20)
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) {
				t.Errorf("%s: error %v, want ErrNotRegular", tc.path, err)
				continue
			}
			var nr *NotRegularError
			if errors.As(err, &nr); nr == nil || nr.Error() != tc.kind+", not a regular file" {
				t.Errorf("%s: %v", tc.path, err)
			}
			if err := Check(tc.path); !errors.Is(err, ErrNotRegular) {
				t.Errorf("Check(%s) = %v", tc.path, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: still reading after 5s", tc.path)
		}
	}
	reg := filepath.Join(dir, "a.csproj")
	if err := os.WriteFile(reg, []byte("<Project/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "b.csproj")
	if err := os.Symlink(reg, link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{reg, link} {
		if data, err := ReadFile(p, 1<<20); err != nil || string(data) != "<Project/>" {
			t.Errorf("%s: %q, %v", p, data, err)
		}
		if err := Check(p); err != nil {
			t.Errorf("Check(%s) = %v", p, err)
		}
	}
	var nr *NotRegularError
	_, err = ReadFile(fifo, 1<<20)
	if errors.As(err, &nr); nr == nil || i18n.Localize(nr, i18n.Ko) == nr.Error() {
		t.Errorf("not localized: %v", err)
	}
}

func TestTooLarge(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(p, make([]byte, 3<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(p, 2<<20)
	var tl *TooLargeError
	if !errors.Is(err, ErrTooLarge) || !errors.As(err, &tl) || tl.Max != 2<<20 {
		t.Fatalf("error %v, want a TooLargeError of 2 MiB", err)
	}
	var buf []byte
	for _, n := range []int{10, 1000, 5} {
		if err := os.WriteFile(p, make([]byte, n), 0o644); err != nil {
			t.Fatal(err)
		}
		data, err := Read(p, 2<<20, &buf)
		if err != nil || len(data) != n {
			t.Fatalf("read %d bytes, %v; want %d", len(data), err, n)
		}
	}
}
