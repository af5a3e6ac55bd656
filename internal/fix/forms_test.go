package fix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeclaredForms covers the places a version is written that the
// examples and the corpus do not: per-framework object dependencies in
// project.json, a property of Directory.Build.props, a
// GlobalPackageReference, intervals, floating versions, and a project
// without any item group.
func TestDeclaredForms(t *testing.T) {
	const mvcCore = "Microsoft.AspNetCore.Mvc.Core"
	csproj := func(items string) string {
		return "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>netcoreapp1.1</TargetFramework>\n  </PropertyGroup>\n" + items + "</Project>\n"
	}
	for _, tc := range []struct {
		name  string
		files map[string]string
		kind  StepKind
		// want maps a file to a text it must contain after the fix.
		want map[string]string
	}{{
		name: "project.json per-framework object",
		files: map[string]string{"App/project.json": `{
  "frameworks": {
    "netcoreapp1.1": {
      "dependencies": {
        "Microsoft.AspNetCore.Mvc.Core": { "version": "1.1.0", "type": "build" }
      }
    }
  }
}
`},
		kind: StepBump,
		want: map[string]string{"App/project.json": `"Microsoft.AspNetCore.Mvc.Core": { "version": "1.1.1", "type": "build" }`},
	}, {
		name: "property of Directory.Build.props",
		files: map[string]string{
			"Directory.Build.props": "<Project>\n  <PropertyGroup>\n    <MvcCoreVersion>1.1.0</MvcCoreVersion>\n  </PropertyGroup>\n</Project>\n",
			"App/App.csproj":        csproj("  <ItemGroup>\n    <PackageReference Include=\"Microsoft.AspNetCore.Mvc.Core\" Version=\"$(MvcCoreVersion)\" />\n  </ItemGroup>\n"),
		},
		kind: StepBump,
		want: map[string]string{"Directory.Build.props": "<MvcCoreVersion>1.1.1</MvcCoreVersion>", "App/App.csproj": `Version="$(MvcCoreVersion)"`},
	}, {
		name: "GlobalPackageReference",
		files: map[string]string{
			"Directory.Packages.props": "<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n  <ItemGroup>\n    <GlobalPackageReference Include=\"Microsoft.AspNetCore.Mvc.Core\" Version=\"1.1.0\" />\n  </ItemGroup>\n</Project>\n",
			"App/App.csproj":           csproj(""),
		},
		kind: StepBump,
		want: map[string]string{"Directory.Packages.props": `<GlobalPackageReference Include="Microsoft.AspNetCore.Mvc.Core" Version="1.1.1" />`},
	}, {
		name:  "interval keeps its upper bound",
		files: map[string]string{"App/App.csproj": csproj("  <ItemGroup>\n    <PackageReference Include=\"Microsoft.AspNetCore.Mvc.Core\" Version=\"[1.1.0, 2.0.0)\" />\n  </ItemGroup>\n")},
		kind:  StepBump,
		want:  map[string]string{"App/App.csproj": `Version="[1.1.1, 2.0.0)"`},
	}, {
		name:  "interval that excludes the target",
		files: map[string]string{"App/App.csproj": csproj("  <ItemGroup>\n    <PackageReference Include=\"Microsoft.AspNetCore.Mvc.Core\" Version=\"[1.1.0, 1.1.0]\" />\n  </ItemGroup>\n")},
		kind:  StepBump,
		want:  map[string]string{"App/App.csproj": `Version="[1.1.1]"`},
	}, {
		name:  "upper bound below the target",
		files: map[string]string{"App/App.csproj": csproj("  <ItemGroup>\n    <PackageReference Include=\"Microsoft.AspNetCore.Mvc.Core\" Version=\"[1.1.0, 1.1.1)\" />\n  </ItemGroup>\n")},
		kind:  StepManual,
	}, {
		name: "no item group: a new one after the property group",
		files: map[string]string{
			"App/App.csproj": csproj(""),
			"App/packages.lock.json": `{"version": 1, "dependencies": {".NETCoreApp,Version=v1.1": {
  "lib": {"type": "Project", "dependencies": {"Microsoft.AspNetCore.Mvc.Core": "[1.1.0, )"}},
  "Microsoft.AspNetCore.Mvc.Core": {"type": "Transitive", "resolved": "1.1.0"}
}}}`,
		},
		kind: StepPin,
		want: map[string]string{"App/App.csproj": "  </PropertyGroup>\n  <ItemGroup>\n    <!-- affected: pinned for MSA-4010983 -->\n    <PackageReference Include=\"Microsoft.AspNetCore.Mvc.Core\" Version=\"1.1.1\" />\n  </ItemGroup>\n</Project>\n"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range tc.files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ws := load(t, dir)
			if len(ws.Errors) > 0 {
				t.Fatalf("errors: %+v", ws.Errors)
			}
			pl := Prepare(ws, builtinSource(), os.ReadFile, Options{})
			var kinds []string
			for _, s := range pl.Steps {
				if s.Package == mvcCore {
					kinds = append(kinds, string(s.Kind))
				}
			}
			if strings.Join(kinds, " ") != string(tc.kind) {
				t.Errorf("steps for Mvc.Core: %v, want %s (%+v)", kinds, tc.kind, pl.Steps)
			}
			for _, f := range pl.Files {
				checkFile(t, f)
			}
			if _, err := Apply(t.Context(), pl, WriteAtomically); err != nil {
				t.Fatal(err)
			}
			for name, want := range tc.want {
				mustContain(t, name, read(t, filepath.Join(dir, filepath.FromSlash(name))), want)
			}
			again := Prepare(load(t, dir), builtinSource(), os.ReadFile, Options{})
			for _, f := range again.Files {
				t.Errorf("second run changes %s:\n%s", f.Display, f.Diff())
			}
		})
	}
}
