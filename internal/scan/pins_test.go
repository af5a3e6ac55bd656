package scan

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
	"github.com/affected-dev/affected/internal/report"
)

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

const pinnedProject = `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>netcoreapp1.1</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <!-- affected: pinned for MSA-4010983 -->
    <PackageReference Include="Microsoft.AspNetCore.Mvc.Core" Version="1.1.1" />
    <PackageReference Include="Microsoft.AspNetCore.Mvc.ApiExplorer" Version="%s" />
    <PackageReference Include="Serilog" Version="2.3.0" />
  </ItemGroup>
</Project>
`

// lockWith is a packages.lock.json where ApiExplorer asks for Mvc.Core at
// the given version.
func lockWith(apiExplorer, asks string) string {
	return `{
  "version": 1,
  "dependencies": {
    ".NETCoreApp,Version=v1.1": {
      "Microsoft.AspNetCore.Mvc.ApiExplorer": {"type": "Direct", "requested": "[` + apiExplorer + `, )", "resolved": "` + apiExplorer + `",
        "dependencies": {"Microsoft.AspNetCore.Mvc.Core": "` + asks + `"}},
      "Microsoft.AspNetCore.Mvc.Core": {"type": "Direct", "requested": "[1.1.1, )", "resolved": "1.1.1"},
      "Serilog": {"type": "Direct", "requested": "[2.3.0, )", "resolved": "2.3.0"}
    }
  }
}`
}

func TestRemovablePins(t *testing.T) {
	for _, tc := range []struct {
		name, apiExplorer, asks string
		want                    []report.RemovablePin
	}{{
		name: "still needed", apiExplorer: "1.1.0", asks: "1.1.0",
	}, {
		name: "covered by a newer dependent", apiExplorer: "1.1.2", asks: "1.1.2",
		want: []report.RemovablePin{{
			Project: "Web/Web.csproj", Framework: "netcoreapp1.1",
			Package:  report.Package{Ecosystem: "NuGet", Name: "Microsoft.AspNetCore.Mvc.Core", Version: "1.1.1"},
			Advisory: "MSA-4010983", Location: report.Location{File: "Web/Web.csproj", Line: 7, Column: 5},
			Reason: "its dependents already ask for 1.1.2, at or above the pinned 1.1.1",
		}},
	}, {
		name: "asked for exactly the pin", apiExplorer: "1.1.1", asks: "1.1.1",
		want: []report.RemovablePin{{
			Project: "Web/Web.csproj", Framework: "netcoreapp1.1",
			Package:  report.Package{Ecosystem: "NuGet", Name: "Microsoft.AspNetCore.Mvc.Core", Version: "1.1.1"},
			Advisory: "MSA-4010983", Location: report.Location{File: "Web/Web.csproj", Line: 7, Column: 5},
			Reason: "its dependents already ask for 1.1.1, at or above the pinned 1.1.1",
		}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "Web", "Web.csproj"), strings.Replace(pinnedProject, "%s", tc.apiExplorer, 1))
			write(t, filepath.Join(dir, "Web", "packages.lock.json"), lockWith(tc.apiExplorer, tc.asks))
			ws := Load(context.Background(), []string{dir}, Options{})
			if len(ws.Errors) > 0 {
				t.Fatalf("errors: %+v", ws.Errors)
			}
			got := RemovablePins(ws, i18n.En)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestRemovablePinUnused(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "project.json"), `{
  "dependencies": {
    // affected: pinned for MSA-4010983
    "Microsoft.AspNetCore.Mvc.Core": "1.1.1",
  },
  "frameworks": { "netcoreapp1.1": {} }
}`)
	write(t, filepath.Join(dir, "project.lock.json"), `{
  "locked": false, "version": 2,
  "targets": {".NETCoreApp,Version=v1.1": {
    "Microsoft.AspNetCore.Mvc.Core/1.1.1": {"type": "package"}
  }},
  "libraries": {"Microsoft.AspNetCore.Mvc.Core/1.1.1": {"type": "package", "files": []}},
  "projectFileDependencyGroups": {"": ["Microsoft.AspNetCore.Mvc.Core >= 1.1.1"], ".NETCoreApp,Version=v1.1": []}
}`)
	ws := Load(context.Background(), []string{dir}, Options{})
	if len(ws.Errors) > 0 {
		t.Fatalf("errors: %+v", ws.Errors)
	}
	got := RemovablePins(ws, i18n.Ko)
	if len(got) != 1 || got[0].Reason != MsgPinUnused.Plain(i18n.Ko) || got[0].Location.Line != 4 {
		t.Errorf("got %+v", got)
	}
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
