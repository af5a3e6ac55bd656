// Package extracttest helps the tests of the extract parsers: it finds the
// shared corpus of real project files (../shared/corpus beside the
// repository, described by its MANIFEST.tsv), and renders results
// compactly for golden files, which it compares or, with -update, rewrites.
package extracttest

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/affected-dev/affected/internal/extract"
)

// LockData is the cmp option for comparing lock data: the memory a lock's
// lists were carved from ([extract.Slab]) is not part of what it says.
var LockData = cmpopts.IgnoreUnexported(extract.Lock{})

// Corpus returns the directory of the shared corpus. When it is absent the
// test is skipped, except under CI=true, where a missing corpus is a
// failure: CI must not pass by testing nothing.
func Corpus(t testing.TB) string {
	t.Helper()
	dir, ok := corpusDir()
	if !ok {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared corpus not found at %s (CI=true)", dir)
		}
		t.Skipf("shared corpus not found at %s", dir)
	}
	return dir
}

func corpusDir() (string, bool) {
	root, err := repoRoot()
	if err != nil {
		return "", false
	}
	dir := filepath.Join(root, "..", "shared", "corpus")
	fi, err := os.Stat(dir)
	return dir, err == nil && fi.IsDir()
}

// maxSeed bounds the corpus files used as fuzz seeds: a large seed slows
// every execution the fuzzer derives from it.
const maxSeed = 16 << 10

// AddSeeds adds the corpus files that keep selects and that are no larger
// than 16 KiB to f's seed corpus. Without the corpus it adds nothing (the
// target still has its testdata seeds), except under CI=true, where that
// is a failure.
func AddSeeds(f *testing.F, keep func(rel string) bool) {
	f.Helper()
	dir, ok := corpusDir()
	if !ok {
		if os.Getenv("CI") == "true" {
			f.Fatalf("shared corpus not found at %s (CI=true)", dir)
		}
		return
	}
	for _, rel := range Glob(f, keep) {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			f.Fatal(err)
		}
		if len(data) <= maxSeed {
			f.Add(data)
		}
	}
}

// File returns the path of a file of the corpus, given '/'-separated
// relative to the corpus directory, failing the test when it does not
// exist.
func File(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(Corpus(t), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("corpus file: %v", err)
	}
	return p
}

// ReadFile returns the content of a corpus file.
func ReadFile(t testing.TB, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(File(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Glob returns the corpus files whose path relative to the corpus matches
// keep, sorted, as '/'-separated relative paths. It fails the test when
// none does, so that a moved corpus is noticed.
func Glob(t testing.TB, keep func(rel string) bool) []string {
	t.Helper()
	dir := Corpus(t)
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if keep(rel) {
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("no corpus file selected under %s", dir)
	}
	return out
}

// Rejected checks what a parser returned for an input in that it must
// reject: an error whose text is want, no result with it, and an
// *extract.Error located at a line at least.
func Rejected[R any](t testing.TB, in string, got *R, err error, want string) {
	t.Helper()
	if err == nil {
		t.Errorf("%q: no error", in)
		return
	}
	if got != nil {
		t.Errorf("%q: a result with the error", in)
	}
	if err.Error() != want {
		t.Errorf("%q:\n got %s\nwant %s", in, err, want)
	}
	var e *extract.Error
	if !errors.As(err, &e) || e.Pos.Line == 0 {
		t.Errorf("%q: %v is not a located *extract.Error", in, err)
	}
}

// repoRoot walks up from the working directory (the package directory
// under go test) to the directory holding go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// Golden compares got with the golden file at path (relative to the
// package directory), or rewrites the file when the test runs with
// -update.
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

// FormatLock renders a lock compactly for golden files: one line per
// target, direct dependency, package and edge.
func FormatLock(l *extract.Lock) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "kind %s version %d\n", l.Kind, l.Version)
	if l.ProjectName != "" || l.ProjectPath != "" {
		fmt.Fprintf(&b, "project %q %q\n", l.ProjectName, l.ProjectPath)
	}
	for _, t := range l.Targets {
		fmt.Fprintf(&b, "target %s", t.Framework)
		if t.RID != "" {
			fmt.Fprintf(&b, " rid %s", t.RID)
		}
		b.WriteByte('\n')
		for _, d := range t.Direct {
			fmt.Fprintf(&b, "  direct %s %q\n", d.Name, d.Range)
		}
		for _, p := range t.Packages {
			fmt.Fprintf(&b, "  %d:%d %s %s %q", p.At.Line, p.At.Col, p.Type, p.Name, p.Version)
			if p.LockType != "" {
				fmt.Fprintf(&b, " lock=%s", p.LockType)
			}
			if p.Requested != "" {
				fmt.Fprintf(&b, " requested=%q", p.Requested)
			}
			b.WriteByte('\n')
			for _, d := range p.Dependencies {
				fmt.Fprintf(&b, "      -> %s %q\n", d.Name, d.Range)
			}
		}
	}
	return b.Bytes()
}

// FormatManifest renders a manifest compactly for golden files.
func FormatManifest(m *extract.Manifest) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "kind %s\n", m.Kind)
	if len(m.Frameworks) > 0 {
		fmt.Fprintf(&b, "frameworks %s\n", strings.Join(m.Frameworks, " "))
	}
	for _, r := range m.References {
		fmt.Fprintf(&b, "%s %s %s %q", loc(r.At), r.Source, r.Name, r.Version)
		if r.VersionAt != (extract.Location{}) {
			fmt.Fprintf(&b, " version@%s", loc(r.VersionAt))
		}
		if r.Frameworks != nil {
			fmt.Fprintf(&b, " frameworks=%s", strings.Join(r.Frameworks, ","))
		}
		for _, flag := range []struct {
			on   bool
			name string
		}{{r.Platform, "platform"}, {r.Build, "build"}, {r.DevelopmentDependency, "development"}, {r.Central, "central"}, {r.Override, "override"}} {
			if flag.on {
				fmt.Fprintf(&b, " %s", flag.name)
			}
		}
		if r.PrivateAssets != "" {
			fmt.Fprintf(&b, " private=%q", r.PrivateAssets)
		}
		b.WriteByte('\n')
	}
	for _, p := range m.ProjectReferences {
		fmt.Fprintf(&b, "%s ProjectReference %q\n", loc(p.At), p.Path)
	}
	return b.Bytes()
}

// FormatSolution renders a solution compactly for golden files.
func FormatSolution(s *extract.Solution) []byte {
	var b bytes.Buffer
	for _, p := range s.Projects {
		fmt.Fprintf(&b, "%d:%d %q %q\n", p.At.Line, p.At.Col, p.Name, p.Path)
	}
	return b.Bytes()
}

func loc(l extract.Location) string {
	return fmt.Sprintf("%s:%d:%d", l.File, l.Line, l.Col)
}
