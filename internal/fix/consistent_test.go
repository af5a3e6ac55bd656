package fix

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/affected-dev/affected/internal/atomicfile"
	"github.com/affected-dev/affected/internal/i18n"
)

// TestTwoCentralRoots: two copies of examples/central side by side, fixed
// from their parent, each define the same version property; each props
// file gets its own edit once (issue 10 point 5: the plan edited each
// file twice, "two edits overlap", and then wrote the project files
// without their PackageVersion).
func TestTwoCentralRoots(t *testing.T) {
	parent := t.TempDir()
	one := examples(t, "central")
	copyTree(t, one, filepath.Join(parent, "a"))
	copyTree(t, one, filepath.Join(parent, "b"))
	single := Prepare(load(t, one), builtinSource(), ReadFile, Options{})
	pl := Prepare(load(t, parent), builtinSource(), ReadFile, Options{})
	if len(pl.Problems) > 0 {
		t.Fatalf("problems: %v", pl.Problems)
	}
	if len(pl.Files) != 2*len(single.Files) {
		t.Fatalf("files %v, want twice %v", displays(pl.Files), displays(single.Files))
	}
	for _, f := range pl.Files {
		var twin *File
		for _, g := range single.Files {
			if strings.HasSuffix(f.Display, "/"+g.Display) {
				twin = g
			}
		}
		if twin == nil || !bytes.Equal(f.New, twin.New) {
			t.Errorf("%s is not edited as in a single tree", f.Display)
		}
		for _, si := range f.Steps {
			if s := pl.Steps[si]; !strings.HasPrefix(f.Display, s.Project[:2]) {
				t.Errorf("%s is edited for a step of %s", f.Display, s.Project)
			}
		}
	}
	if open := pl.Evaluate(); len(open) != 0 {
		t.Errorf("%d findings stay open", len(open))
	}
	if _, err := Apply(context.Background(), pl, WriteAtomically); err != nil {
		t.Fatal(err)
	}
	if again := Prepare(load(t, parent), builtinSource(), ReadFile, Options{}); len(again.Files) != 0 || len(again.Problems) != 0 {
		t.Errorf("a second run plans %v, problems %v", displays(again.Files), again.Problems)
	}
}

// TestFailedFileDropsItsSteps: when one file of a step cannot be edited
// (here the props file that would get the PackageVersion), the step's
// edits in the other files (the versionless PackageReference) are dropped
// too: the plan never writes a project that no longer restores (issue 10
// point 5), and the step is left to the user with the reason.
func TestFailedFileDropsItsSteps(t *testing.T) {
	dir := examples(t, "central")
	pl := Prepare(load(t, dir), diagnosticSource(t), ReadFile, onlyDiag)
	if len(pl.Files) < 2 {
		t.Fatalf("want a props and a project file, got %v", displays(pl.Files))
	}
	defer func(v func(string, []byte) error) { verifyFile = v }(verifyFile)
	verifyFile = func(path string, data []byte) error {
		if strings.HasSuffix(path, ".props") {
			return errors.New("does not parse")
		}
		return verify(path, data)
	}
	pl = Prepare(load(t, dir), diagnosticSource(t), ReadFile, onlyDiag)
	if len(pl.Files) != 0 {
		t.Errorf("files still written: %v", displays(pl.Files))
	}
	if len(pl.Problems) != 1 {
		t.Errorf("problems %v", pl.Problems)
	}
	for _, s := range pl.Steps {
		if s.Package == "System.Diagnostics.DiagnosticSource" && s.Kind != StepManual {
			t.Errorf("step %s %s is %s, want manual", s.Project, s.Package, s.Kind)
		}
	}
	if len(pl.Evaluate()) == 0 {
		t.Error("nothing stays open, though nothing is written")
	}
}

// TestApplyReadOnly: a read-only file of the plan (a Perforce or TFVC
// checkout not opened for edit) stops the run before any file is written;
// the error names the file and says why, never a temporary file; and what
// stays open is what was not written (issue 9 point 10).
func TestApplyReadOnly(t *testing.T) {
	dir := examples(t, "central")
	pl := Prepare(load(t, dir), diagnosticSource(t), ReadFile, onlyDiag)
	last := pl.Files[len(pl.Files)-1]
	if err := os.Chmod(last.Path, 0o444); err != nil {
		t.Fatal(err)
	}
	written, err := Apply(context.Background(), pl, WriteAtomically)
	if !errors.Is(err, atomicfile.ErrReadOnly) {
		t.Fatalf("err = %v, want ErrReadOnly", err)
	}
	msg := i18n.Localize(err, i18n.En)
	if !strings.HasPrefix(msg, last.Display+" is read-only") || strings.Contains(msg, ".tmp") {
		t.Errorf("error %q", msg)
	}
	for _, f := range pl.Files {
		if got, _ := os.ReadFile(f.Path); !bytes.Equal(got, f.Old) {
			t.Errorf("%s written", f.Display)
		}
	}
	if fi, _ := os.Stat(last.Path); fi.Mode().Perm() != 0o444 {
		t.Errorf("mode of the read-only file: %v", fi.Mode().Perm())
	}
	if open := pl.EvaluateWritten(written); len(open) == 0 {
		t.Error("nothing stays open after a failed write")
	}
}

// TestApplySymlinkedProject: a project file that is a symbolic link (to a
// file inside the tree) stays a link, and the file it points to is
// edited, keeping its mode (issue 10 point 6).
func TestApplySymlinkedProject(t *testing.T) {
	dir := examples(t, "direct")
	p := filepath.Join(dir, "Reports", "Reports.csproj")
	real := filepath.Join(dir, "shared", "Reports.csproj")
	if err := os.MkdirAll(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(p, real); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(real, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "shared", "Reports.csproj"), p); err != nil {
		t.Fatal(err)
	}
	pl := Prepare(load(t, dir), builtinSource(), ReadFile, Options{})
	if len(pl.Files) != 1 {
		t.Fatalf("files %v", displays(pl.Files))
	}
	if _, err := Apply(context.Background(), pl, WriteAtomically); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(p); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link is gone: %v", err)
	}
	data, _ := os.ReadFile(real)
	if !bytes.Equal(data, pl.Files[0].New) {
		t.Error("the link's target is not edited")
	}
	if fi, _ := os.Stat(real); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
}
