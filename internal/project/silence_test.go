package project

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/affected-dev/affected/internal/discover"
)

// TestSilences: what a parser reads on past is a located warning of the
// project, never dropped in silence (issue 10 point 11): an attribute given
// twice in a project, a props file or a packages.config, and a package
// name that is not valid UTF-8 in a lock file.
func TestSilences(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{{
		name: "attribute twice in a csproj",
		files: map[string]string{"App.csproj": `<Project Sdk="Microsoft.NET.Sdk">
  <ItemGroup>
    <PackageReference Include="Safe.Package" Include="Microsoft.AspNetCore.Mvc.Core" Version="1.1.0" />
  </ItemGroup>
</Project>`},
		want: `App.csproj:3:5: attribute Include is given twice in <PackageReference>`,
	}, {
		name: "attribute twice in an imported props file",
		files: map[string]string{
			"App.csproj":            `<Project><Import Project="v.props" /></Project>`,
			"v.props":               "<Project>\n<PropertyGroup Condition=\"true\" condition=\"false\"><V>1</V></PropertyGroup></Project>",
			"Directory.Build.props": "<Project/>",
		},
		want: `v.props:2:1: attribute condition is given twice in <PropertyGroup>`,
	}, {
		name: "attribute twice in packages.config",
		files: map[string]string{
			"packages.config": "<packages>\n  <package id=\"A\" version=\"1.0.0\" version=\"2.0.0\" />\n</packages>",
		},
		want: `packages.config:2:3: attribute version is given twice in <package>`,
	}, {
		name: "package name not valid UTF-8 in a lock file",
		files: map[string]string{
			"App.csproj":         `<Project/>`,
			"packages.lock.json": "{\"version\": 1, \"dependencies\": {\"net8.0\": {\n  \"Microsoft.AspNetCore.Mvc.Core\xff\": {\"type\": \"Direct\", \"resolved\": \"1.1.0\"}}}}",
		},
		want: "packages.lock.json:2:33: byte 0xFF is not valid UTF-8",
	}, {
		name: "package name not valid UTF-8 in project.json",
		files: map[string]string{
			"project.json": "{\"dependencies\": {\n\"A\xc3\": \"1.0.0\"}}",
		},
		want: "project.json:2:3: byte 0xC3 is not valid UTF-8",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			for _, p := range Load(context.Background(), discover.Discover([]string{dir}).Projects, Options{}) {
				for _, err := range p.Errors {
					got = append(got, strings.TrimPrefix(err.Error(), dir+string(filepath.Separator)))
				}
			}
			if len(got) != 1 || !strings.HasPrefix(got[0], tc.want) {
				t.Errorf("errors %q, want one starting with %q", got, tc.want)
			}
		})
	}
}
