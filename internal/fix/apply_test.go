package fix

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/affected-dev/affected/internal/atomicfile"
)

// TestApplyInterrupted stops the writes at each file in turn (a failing
// writer standing for a crash between two files): every file is then
// either its old or its new content, the files before the failure new,
// the rest old, and the props file comes before the project file that
// needs it.
func TestApplyInterrupted(t *testing.T) {
	dir := examples(t, "central")
	pl := Prepare(load(t, dir), diagnosticSource(t), os.ReadFile, onlyDiag)
	if len(pl.Files) < 2 {
		t.Fatalf("want several files, got %v", displays(pl.Files))
	}
	for fail := 0; fail <= len(pl.Files); fail++ {
		t.Run(fmt.Sprint(fail), func(t *testing.T) {
			for _, f := range pl.Files {
				if err := os.WriteFile(f.Path, f.Old, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			n := 0
			crash := errors.New("crash")
			written, err := Apply(context.Background(), pl, func(path string, old, new []byte) error {
				if n == fail {
					return crash
				}
				n++
				return WriteAtomically(path, old, new)
			})
			if fail < len(pl.Files) && !errors.Is(err, crash) {
				t.Fatalf("err = %v", err)
			}
			if len(written) != min(fail+1, len(pl.Files)) {
				t.Errorf("attempted %d files", len(written))
			}
			for i, f := range pl.Files {
				got, err := os.ReadFile(f.Path)
				if err != nil {
					t.Fatal(err)
				}
				want := f.Old
				if i < fail {
					want = f.New
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s: neither what it should be after a failure at file %d", f.Display, fail)
				}
			}
		})
	}
}

// TestApplyRefusesChangedFile: a file edited between the plan and the
// write is not overwritten, and nothing after it is written.
func TestApplyRefusesChangedFile(t *testing.T) {
	dir := examples(t, "central")
	pl := Prepare(load(t, dir), diagnosticSource(t), os.ReadFile, onlyDiag)
	first := pl.Files[0]
	mine := append(append([]byte(nil), first.Old...), "<!-- edited meanwhile -->\n"...)
	if err := os.WriteFile(first.Path, mine, 0o644); err != nil {
		t.Fatal(err)
	}
	written, err := Apply(context.Background(), pl, WriteAtomically)
	if err == nil || !strings.Contains(err.Error(), "changed while affected was working on it") {
		t.Fatalf("err = %v", err)
	}
	if len(written) != 1 {
		t.Errorf("attempted %d files after a refusal", len(written))
	}
	if got, _ := os.ReadFile(first.Path); !bytes.Equal(got, mine) {
		t.Error("the changed file was overwritten")
	}
	for _, f := range pl.Files[1:] {
		if got, _ := os.ReadFile(f.Path); !bytes.Equal(got, f.Old) {
			t.Errorf("%s written after the refusal", f.Display)
		}
	}
}

// TestApplyKeepsPermissions: the rename keeps the file's mode.
func TestApplyKeepsPermissions(t *testing.T) {
	dir := examples(t, "direct")
	p := filepath.Join(dir, "Reports", "Reports.csproj")
	if err := os.Chmod(p, 0o640); err != nil {
		t.Fatal(err)
	}
	pl := Prepare(load(t, dir), builtinSource(), os.ReadFile, Options{})
	if _, err := Apply(context.Background(), pl, WriteAtomically); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
}

// crashChildEnv makes the test binary a child that applies a one-file
// plan (old → new content of the file named by the variable), to be
// killed while it writes.
const crashChildEnv = "AFFECTED_FIX_CRASH_CHILD"

func TestMain(m *testing.M) {
	if path := os.Getenv(crashChildEnv); path != "" {
		old, err := os.ReadFile(path)
		if err != nil {
			os.Exit(3)
		}
		pl := &Plan{Files: []*File{{Path: path, Display: filepath.Base(path), Old: old, New: crashContent(old)}}}
		fmt.Println("ready")
		if _, err := Apply(context.Background(), pl, WriteAtomically); err != nil {
			os.Exit(4)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// crashContent is the new content for the crash test: as large as the old
// and different in every byte, so that a torn write would show.
func crashContent(old []byte) []byte {
	return bytes.ReplaceAll(old, []byte("1.1.0"), []byte("9.9.9"))
}

// TestCrashDuringWrite kills a process that is writing a large project
// file at random moments: afterwards the file is always the old or the new
// content, never a mix (the write goes to a temporary file that is renamed
// over the target).
func TestCrashDuringWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "Big.csproj")
	var b bytes.Buffer
	b.WriteString("<Project>\n  <ItemGroup>\n")
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(&b, "    <PackageReference Include=\"P%d\" Version=\"1.1.0\" />\n", i)
	}
	b.WriteString("  </ItemGroup>\n</Project>\n")
	old := b.Bytes()
	new := crashContent(old)
	// run starts a child, waits until it is about to write, lets it run
	// for d (forever when negative) and kills it; it returns how long the
	// child ran.
	run := func(d time.Duration) time.Duration {
		if err := atomicfile.WriteFile(path, old, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 6)
		_, _ = stdout.Read(buf) // "ready": the child is about to write
		start := time.Now()
		if d >= 0 {
			time.Sleep(d)
			_ = cmd.Process.Signal(syscall.SIGKILL)
		}
		_ = cmd.Wait()
		return time.Since(start)
	}
	// How long an uninterrupted write takes: the kills are spread over it.
	full := run(-1)
	if got, _ := os.ReadFile(path); !bytes.Equal(got, new) {
		t.Fatal("the uninterrupted child did not write the new content")
	}
	rng := rand.New(rand.NewSource(1))
	outcomes := map[string]int{}
	const kills = 25
	for i := 0; i < kills; i++ {
		run(time.Duration(rng.Int63n(int64(full) + 1)))
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case bytes.Equal(got, old):
			outcomes["old"]++
		case bytes.Equal(got, new):
			outcomes["new"]++
		default:
			t.Fatalf("kill %d: the file is neither the old nor the new content (%d bytes)", i, len(got))
		}
		// A killed writer may leave its temporary file behind; it never
		// has the target's name, and the next run removes it (issue 10
		// point 6).
		ents, _ := os.ReadDir(dir)
		if len(ents) > 1 {
			outcomes["killed mid-write (temporary file left)"]++
			next := &Plan{Files: []*File{{Path: path, Display: "Big.csproj", Old: got, New: old}}}
			if bytes.Equal(got, old) {
				next.Files[0].New = new
			}
			if _, err := Apply(context.Background(), next, WriteAtomically); err != nil {
				t.Fatal(err)
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 1 {
				t.Fatalf("after the next run, the directory holds %d files", len(ents))
			}
		}
	}
	t.Logf("an uninterrupted write takes %v; outcomes of %d kills: %v", full, kills, outcomes)
}
