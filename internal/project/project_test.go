package project

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/affected-dev/affected/internal/discover"
)

// assets is an obj/project.assets.json naming its project.
func assets(name, path string) string {
	return `{"version": 3, "targets": {"net8.0": {"A/1.0.0": {"type": "package"}}},
 "projectFileDependencyGroups": {"net8.0": ["A >= 1.0.0"]},
 "project": {"restore": {"projectName": "` + name + `", "projectPath": "` + path + `"}}}`
}

const csproj = `<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>`

// TestAssetsOwner checks which project of a directory an assets file
// belongs to.
func TestAssetsOwner(t *testing.T) {
	for _, tc := range []struct {
		name     string
		projects []string // project files of the directory
		assets   string
		want     map[string]bool // project file → has the lock data
	}{
		{"named by the file", []string{"App.csproj"}, assets("App", "/src/App/App.csproj"), map[string]bool{"App.csproj": true}},
		// Restore names a project by its PackageId or AssemblyName first.
		{"named by PackageId", []string{"App.csproj"}, assets("Company.App", `C:\\src\\App\\App.csproj`), map[string]bool{"App.csproj": true}},
		// A project renamed since its restore: still its own restore output.
		{"renamed", []string{"New.csproj"}, assets("Old", "/src/Old.csproj"), map[string]bool{"New.csproj": true}},
		// Two projects share one obj folder: the one named has it.
		{"shared by name", []string{"A.csproj", "B.csproj"}, assets("B", ""), map[string]bool{"A.csproj": false, "B.csproj": true}},
		{"shared by path", []string{"A.csproj", "B.fsproj"}, assets("Company.B", "/src/x/B.fsproj"), map[string]bool{"A.csproj": false, "B.fsproj": true}},
		{"shared, neither named", []string{"A.csproj", "B.csproj"}, assets("C", "/src/C.csproj"), map[string]bool{"A.csproj": true, "B.csproj": true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, p := range tc.projects {
				if err := os.WriteFile(filepath.Join(dir, p), []byte(csproj), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.MkdirAll(filepath.Join(dir, "obj"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "obj", "project.assets.json"), []byte(tc.assets), 0o644); err != nil {
				t.Fatal(err)
			}
			found := discover.Discover([]string{dir})
			got := map[string]bool{}
			for _, p := range Load(context.Background(), found.Projects, Options{}) {
				if len(p.Errors) > 0 {
					t.Errorf("%s: %v", p.Path, p.Errors)
				}
				got[p.Path] = p.Lock != nil && p.LockPath != ""
			}
			for p, want := range tc.want {
				if got[p] != want {
					t.Errorf("%s: lock data %v, want %v", p, got[p], want)
				}
			}
		})
	}
}
