package discover

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

func write(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

type found struct{ Kind, Path, Lock, PackagesConfig string }

func summary(t *testing.T, root string, r *Result) []found {
	t.Helper()
	rel := func(p string) string {
		if p == "" {
			return ""
		}
		r, err := filepath.Rel(root, p)
		if err != nil {
			t.Fatal(err)
		}
		return filepath.ToSlash(r)
	}
	var out []found
	for _, p := range r.Projects {
		out = append(out, found{string(p.Kind), rel(p.Path), rel(p.Lock), rel(p.PackagesConfig)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func TestWalk(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		"src/Web/Web.csproj":                          "<Project/>",
		"src/Web/obj/project.assets.json":             "{}",
		"src/Web/obj/Release/Package/packages.config": "<packages/>", // build intermediate
		"src/Web/bin/Debug/net8.0/Web.deps.json":      "{}",          // bin is skipped
		"src/Lib/Lib.fsproj":                          "<Project/>",
		"src/Lib/packages.lock.json":                  "{}",
		"src/Old/Old.vbproj":                          "<Project/>",
		"src/Old/packages.config":                     "<packages/>",
		"legacy/project.json":                         "{}",
		"legacy/project.lock.json":                    "{}",
		"tools/packages.config":                       "<packages/>",
		"dist/app/App.deps.json":                      "{}",
		"orphan/obj/project.assets.json":              "{}",
		"node_modules/x/X.csproj":                     "<Project/>",
		".git/Y.csproj":                               "<Project/>",
		"README.md":                                   "",
	})
	got := summary(t, root, Discover([]string{root}))
	want := []found{
		{"lock", "dist/app/App.deps.json", "dist/app/App.deps.json", ""},
		{"project.json", "legacy/project.json", "legacy/project.lock.json", ""},
		{"lock", "orphan/obj/project.assets.json", "orphan/obj/project.assets.json", ""},
		{"msbuild", "src/Lib/Lib.fsproj", "src/Lib/packages.lock.json", ""},
		{"msbuild", "src/Old/Old.vbproj", "", "src/Old/packages.config"},
		{"msbuild", "src/Web/Web.csproj", "src/Web/obj/project.assets.json", ""},
		{"packages.config", "tools/packages.config", "", ""},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

func TestSymlinks(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	write(t, root, map[string]string{"a/A.csproj": "<Project/>"})
	write(t, outside, map[string]string{"B.csproj": "<Project/>"})
	// A cycle, a link out of the tree, a link within it, a dangling link.
	for link, target := range map[string]string{
		"a/loop":     "..",
		"a/out":      outside,
		"inner":      filepath.Join(root, "a"),
		"a/dangling": filepath.Join(root, "nowhere"),
	} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Skip("symlinks not supported:", err)
		}
	}
	r := Discover([]string{root})
	got := summary(t, root, r)
	want := []found{{"msbuild", "a/A.csproj", "", ""}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
	if len(r.Errors) != 0 {
		t.Errorf("errors: %v", r.Errors)
	}
}

func TestSolutionOutsideTree(t *testing.T) {
	base := t.TempDir()
	write(t, base, map[string]string{
		"sln/All.sln": "Microsoft Visual Studio Solution File, Format Version 12.00\n" +
			`Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "Shared", "..\shared\Shared\Shared.csproj", "{11111111-1111-1111-1111-111111111111}"` + "\nEndProject\n" +
			`Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "Gone", "..\gone\Gone.csproj", "{22222222-2222-2222-2222-222222222222}"` + "\nEndProject\n",
		"shared/Shared/Shared.csproj": "<Project/>",
	})
	sln := filepath.Join(base, "sln", "All.sln")
	r := Discover([]string{sln})
	if len(r.Projects) != 1 || !strings.HasSuffix(r.Projects[0].Path, filepath.Join("shared", "Shared", "Shared.csproj")) {
		t.Errorf("projects: %+v", r.Projects)
	}
	// The user named the solution: its missing project is an error, with
	// the line of the solution that names it.
	if len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Error(), "All.sln:4:") || !strings.Contains(r.Errors[0].Error(), "does not exist") {
		t.Errorf("errors: %v", r.Errors)
	}
	// Met during a walk, the same solution is followed quietly.
	r = Discover([]string{filepath.Join(base, "sln")})
	if len(r.Projects) != 1 || len(r.Errors) != 0 {
		t.Errorf("walk: projects %+v, errors %v", r.Projects, r.Errors)
	}
}

func TestSingleFilesAndErrors(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"p/P.csproj": "<Project/>", "p/obj/project.assets.json": "{}", "notes.txt": ""})
	r := Discover([]string{filepath.Join(root, "p", "P.csproj"), filepath.Join(root, "notes.txt"), filepath.Join(root, "missing")})
	if len(r.Projects) != 1 || r.Projects[0].Lock == "" {
		t.Errorf("projects: %+v", r.Projects)
	}
	if len(r.Errors) != 2 {
		t.Errorf("errors: %v", r.Errors)
	}
}

// TestPairingFromListing checks that pairing a project with its files
// comes out the same whether the walk had read its directory (the
// listing answers) or not yet (a solution met earlier in the same
// directory pairs its projects: the file system answers), and with names
// in another case.
func TestPairingFromListing(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		"a/A.sln":                   "Microsoft Visual Studio Solution File, Format Version 12.00\nProject(\"{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}\") = \"A\", \"A.csproj\", \"{11111111-1111-1111-1111-111111111111}\"\nEndProject\n",
		"a/A.csproj":                "<Project/>",
		"a/packages.lock.json":      "{}",
		"a/packages.config":         "<packages/>",
		"b/B.csproj":                "<Project/>",
		"b/obj/project.assets.json": "{}",
		"b/Packages.Config":         "<packages/>", // not the name NuGet reads on a case-sensitive system
		"c/C.csproj":                "<Project/>",
		"c/packages.C.lock.json":    "{}",
	})
	got := summary(t, root, Discover([]string{root}))
	bConfig := ""
	if isFile(filepath.Join(root, "b", "packages.config")) { // a case-insensitive file system
		bConfig = "b/packages.config"
	}
	want := []found{
		{"msbuild", "a/A.csproj", "a/packages.lock.json", "a/packages.config"},
		{"msbuild", "b/B.csproj", "b/obj/project.assets.json", bConfig},
		{"msbuild", "c/C.csproj", "c/packages.C.lock.json", ""},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

// TestNoProject: a PATH under which there is no .NET project is an error
// (a typo in CI must not pass as a clean scan), unless another PATH
// already found projects under it; an empty solution is one too.
func TestNoProject(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		"app/App.csproj": "<Project/>", "docs/README.md": "", "bin/x.deps.json": "{}",
		"empty.sln": "Microsoft Visual Studio Solution File, Format Version 12.00\n",
	})
	for _, tc := range []struct {
		paths []string
		want  []string // the paths named by a "no project" error
	}{
		{[]string{"app"}, nil},
		{[]string{"docs"}, []string{"docs"}},
		{[]string{"bin"}, nil}, // given, a bin folder is walked: its deps.json files are scanned
		{[]string{"app", "docs"}, []string{"docs"}},
		{[]string{".", "app"}, nil}, // app's project was met under "."
		{[]string{"app", "."}, nil},
		{[]string{"empty.sln"}, []string{"empty.sln"}},
	} {
		var abs []string
		for _, p := range tc.paths {
			abs = append(abs, filepath.Join(root, p))
		}
		var got []string
		for _, err := range Discover(abs).Errors {
			var e *extract.Error
			if errors.As(err, &e) && e.Msg == MsgNoProject {
				rel, _ := filepath.Rel(root, e.File)
				got = append(got, filepath.ToSlash(rel))
			} else {
				t.Errorf("%v: unexpected error %v", tc.paths, err)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%v: no project in %v, want %v", tc.paths, got, tc.want)
		}
	}
}
