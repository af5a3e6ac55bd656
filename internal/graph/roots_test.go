package graph

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/affected-dev/affected/internal/discover"
	"github.com/affected-dev/affected/internal/project"
)

// TestRootsAreTheDeclaredReferences builds the graph of App in each case
// of testdata/roots: App references projects A and B, and B also depends
// on A. Both are roots, in every lock format, whatever restore named
// them (PackageId, AssemblyName, file name); the "want" file lists the
// roots and the number of paths to some packages.
func TestRootsAreTheDeclaredReferences(t *testing.T) {
	cases, _ := filepath.Glob("testdata/roots/*.txtar")
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(c), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(c)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			var want string
			for _, f := range ar.Files {
				if f.Name == "want" {
					want = string(f.Data)
					continue
				}
				p := filepath.Join(dir, filepath.FromSlash(f.Name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			found := discover.Discover([]string{filepath.Join(dir, "App")})
			var app *project.Project
			for _, p := range project.Load(context.Background(), found.Projects, project.Options{}) {
				if len(p.Errors) > 0 {
					t.Fatalf("%s: %v", p.Path, p.Errors)
				}
				app = p
			}
			if app == nil || app.Lock == nil {
				t.Fatalf("App or its lock data not found: %+v", found)
			}
			gs := FromProject(app)
			if len(gs) != 1 {
				t.Fatalf("%d graphs, want 1", len(gs))
			}
			g := gs[0]
			var roots []string
			for _, r := range g.Roots() {
				roots = append(roots, g.Nodes[r].Name)
			}
			slices.SortFunc(roots, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
			got := "roots: " + strings.Join(roots, " ") + "\n"
			for _, line := range strings.Split(strings.TrimSpace(want), "\n")[1:] {
				name, _, _ := strings.Cut(line, " ")
				i, ok := g.Lookup(name)
				if !ok {
					t.Fatalf("%s is not in the graph", name)
				}
				got += name + " " + strconv.FormatUint(g.CountPaths(i), 10) + "\n"
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("(-want +got)\n%s", d)
			}
		})
	}
}
