package scan

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/advisory/builtin"
	"github.com/affected-dev/affected/internal/i18n"
)

// TestSkippedProjectsLoseNothing: ScanPaths builds graphs only for the
// projects that have a package an advisory affects at its resolved
// version (checked on the lock data before any graph is built). On a
// tree made of the cases where the lock data and the graph could tell
// apart — a name spelt in other case, a version written longer, a
// runtime-specific entry that differs from the framework's, a project
// entry or an unparsable version under an advised name — its report
// must be the one Load and Scan give, which build every graph.
func TestSkippedProjectsLoseNothing(t *testing.T) {
	const mvc = "Microsoft.AspNetCore.Mvc.Core" // MSA-4010983: 1.1.0 affected, 1.1.1 fixed
	entry := func(name, typ, version, deps string) string {
		return `"` + name + `": {"type": "` + typ + `", "resolved": "` + version + `", "contentHash": "x", "dependencies": {` + deps + `}}`
	}
	targets := func(byTarget map[string][]string) string {
		var parts []string
		for _, k := range []string{"net6.0", "net8.0", "net8.0/win-x64"} {
			if es, ok := byTarget[k]; ok {
				parts = append(parts, `"`+k+`": {`+strings.Join(es, ", ")+`}`)
			}
		}
		return `{"version": 1, "dependencies": {` + strings.Join(parts, ", ") + `}}`
	}
	direct := entry("App.Lib", "Direct", "2.0.0", `"`+mvc+`": "1.1.0"`)
	projects := map[string]string{
		// Advised, at the fixed version only: no graph needed.
		"clear": targets(map[string][]string{
			"net6.0": {entry("App.Lib", "Direct", "2.0.0", `"`+mvc+`": "1.1.1"`), entry(mvc, "Transitive", "1.1.1", "")},
			"net8.0": {entry("Newtonsoft.Json", "Direct", "13.0.3", "")},
		}),
		// The affected version, under a name in lower case.
		"spelling": targets(map[string][]string{"net8.0": {direct, entry(strings.ToLower(mvc), "Transitive", "1.1.0", "")}}),
		// The affected version written with a fourth part.
		"long-version": targets(map[string][]string{"net8.0": {direct, entry(mvc, "Transitive", "1.1.0.0", "")}}),
		// Fixed for the framework, affected in a runtime-specific target:
		// the graph's node has the framework's version.
		"rid": targets(map[string][]string{
			"net8.0":         {direct, entry(mvc, "Transitive", "1.1.1", "")},
			"net8.0/win-x64": {direct, entry(mvc, "Transitive", "1.1.0", "")},
		}),
		// Affected only in the runtime-specific target.
		"rid-only": targets(map[string][]string{
			"net8.0":         {entry("Newtonsoft.Json", "Direct", "13.0.3", "")},
			"net8.0/win-x64": {direct, entry(mvc, "Transitive", "1.1.0", "")},
		}),
		// A referenced project named like the package, at its version.
		"project-entry": targets(map[string][]string{"net8.0": {entry(mvc, "Project", "1.1.0", "")}}),
		// A version that does not parse.
		"unparsable": targets(map[string][]string{"net8.0": {direct, entry(mvc, "Transitive", "1.1.x", "")}}),
		// Nothing advised at all.
		"plain": targets(map[string][]string{"net6.0": {entry("Newtonsoft.Json", "Direct", "13.0.3", "")}}),
	}
	root := t.TempDir()
	for name, lock := range projects {
		dir := filepath.Join(root, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		csproj := `<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFrameworks>net6.0;net8.0</TargetFrameworks></PropertyGroup></Project>`
		if err := os.WriteFile(filepath.Join(dir, name+".csproj"), []byte(csproj), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "packages.lock.json"), []byte(lock), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src := memSource{}
	for _, a := range builtin.Advisories() {
		src.add(a)
	}
	sopts := ScanOptions{Lang: i18n.En, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	opts := Options{Lang: i18n.En}
	every := Scan(Load(context.Background(), []string{root}, opts), src, sopts)
	want := renderScan(t, every)
	found := map[string]bool{}
	for _, f := range every.Findings {
		found[filepath.Dir(f.Project)] = true
	}
	// rid: the node has the framework's fixed version.
	if wantFound := map[string]bool{"spelling": true, "long-version": true, "rid-only": true}; !cmp.Equal(found, wantFound) {
		t.Fatalf("Load and Scan found MSA-4010983 in %v, not in %v: the tree does not test what it says", found, wantFound)
	}
	_, doc := ScanPaths(context.Background(), []string{root}, src, opts, sopts)
	if d := cmp.Diff(want, renderScan(t, doc)); d != "" {
		t.Errorf("ScanPaths differs from Load and Scan: (-every graph +skipping)\n%s", d)
	}
}
