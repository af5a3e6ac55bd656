package fix

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzPrepare plans the fix of an arbitrary project file whose lock data
// has Microsoft.AspNetCore.Mvc.Core 1.1.0 (directly and transitively): it
// never panics, and every file it would change keeps its bytes outside the
// edits and parses again.
func FuzzPrepare(f *testing.F) {
	for _, p := range []string{
		"../../examples/vs2017/src/Shop.Api/Shop.Api.csproj",
		"../../examples/direct/Reports/Reports.csproj",
		"../../examples/central/src/Orders/Orders.csproj",
		"../../examples/netfx/Legacy.Web/Legacy.Web.csproj",
	} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("\uFEFF<Project>\r\n  <ItemGroup />\r\n  <PropertyGroup><V>1.1.0</V></PropertyGroup>\r\n</Project>"))
	f.Add([]byte(`<Project><ItemGroup><PackageReference Include="Microsoft.AspNetCore.Mvc.Core" Version="$(V)"/></ItemGroup><PropertyGroup><V>[1.1.0,2)</V></PropertyGroup></Project>`))
	lock := []byte(`{"version": 1, "dependencies": {".NETCoreApp,Version=v1.1": {
  "Microsoft.AspNetCore.Mvc": {"type": "Direct", "requested": "[1.1.0, )", "resolved": "1.1.0",
    "dependencies": {"Microsoft.AspNetCore.Mvc.Core": "1.1.0"}},
  "Microsoft.AspNetCore.Mvc.Core": {"type": "Transitive", "resolved": "1.1.0"}
}}}`)
	src := builtinSource()
	f.Fuzz(func(t *testing.T, project []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "App.csproj"), project, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "packages.lock.json"), lock, 0o644); err != nil {
			t.Fatal(err)
		}
		pl := Prepare(load(t, dir), src, os.ReadFile, Options{})
		for _, file := range pl.Files {
			checkFile(t, file)
		}
		_ = pl.Evaluate()
		_ = pl.Stale()
	})
}
