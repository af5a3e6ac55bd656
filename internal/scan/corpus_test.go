package scan

import (
	"context"
	"strings"
	"testing"

	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/graph"
	"github.com/affected-dev/affected/internal/i18n"
)

// TestCorpus reads the whole shared corpus through the pipeline: every
// well-formed file without error, the one malformed file with a located
// error, and the facts the advisory cares about.
func TestCorpus(t *testing.T) {
	root := extracttest.Corpus(t)
	ws := Load(context.Background(), []string{root}, Options{Lang: i18n.En})

	// The only malformed input the walk reaches is trivy's invalid.deps.json
	// (the other peers' malformed fixtures have names the walk does not
	// read; their parsers' tests cover them).
	if len(ws.Errors) != 1 || !strings.HasSuffix(ws.Errors[0].File, "core_deps/testdata/invalid.deps.json") || ws.Errors[0].Line != 12 || ws.Errors[0].Column != 13 {
		t.Errorf("errors: %+v", ws.Errors)
	}
	if len(ws.Projects) < 80 {
		t.Errorf("only %d projects", len(ws.Projects))
	}
	graphs := map[string]*graph.Graph{}
	for _, g := range ws.Graphs {
		key := g.Project + " " + g.Framework
		if graphs[key] != nil {
			t.Errorf("two graphs for %s (runtime-specific targets must be folded)", key)
		}
		graphs[key] = g
	}
	get := func(project, fw string) *graph.Graph {
		t.Helper()
		g := graphs[project+" "+fw]
		if g == nil {
			t.Fatalf("no graph for %s [%s]", project, fw)
		}
		return g
	}

	// The five project.json projects whose lock files resolve
	// Microsoft.AspNetCore.Mvc.Core 1.1.0, transitively through
	// Microsoft.AspNetCore.Mvc → Microsoft.AspNetCore.Mvc.ApiExplorer.
	for _, p := range []string{
		"lockjson-identitydeploymenttest-1/project.json",
		"lockjson-dot-net-st-pete-api-1/project.json",
		"lockjson-api-example-dotnet-1/src/Web/project.json",
		"lockjson-IdentityServerDemo-1/src/IdentityServerCore/project.json",
		"lockjson-HelpDesk.Authorization-1/backup/project.json",
	} {
		g := get(p, "netcoreapp1.1")
		i, ok := g.Lookup("Microsoft.AspNetCore.Mvc.Core")
		if !ok || g.Nodes[i].Version != "1.1.0" || g.Nodes[i].Direct {
			t.Errorf("%s: Mvc.Core %+v", p, g.Nodes[i])
			continue
		}
		paths := g.ShortestPaths(i, 1)
		ids, _, _ := PathIDs(g, paths)
		if len(ids) != 1 || strings.Join(ids[0], " > ") != "Microsoft.AspNetCore.Mvc@1.1.0 > Microsoft.AspNetCore.Mvc.ApiExplorer@1.1.0 > Microsoft.AspNetCore.Mvc.Core@1.1.0" {
			t.Errorf("%s: shortest path %v", p, ids)
		}
		if n := g.CountPaths(i); n < 10 {
			t.Errorf("%s: only %d paths", p, n)
		}
		// Microsoft.NETCore.App is the platform; what only it brings is
		// provided by the runtime.
		app, ok := g.Lookup("Microsoft.NETCore.App")
		if !ok || !g.Nodes[app].Platform {
			t.Errorf("%s: Microsoft.NETCore.App is not the platform", p)
		}
		if host, ok := g.Lookup("Microsoft.NETCore.DotNetHostPolicy"); !ok || !g.ViaPlatformOnly(host) {
			t.Errorf("%s: DotNetHostPolicy should come only with the platform", p)
		}
		if g.ViaPlatformOnly(i) {
			t.Errorf("%s: Mvc.Core does not come only with the platform", p)
		}
	}
	// The contrast project of the same repository: Mvc.Core 1.0.1.
	if g := get("lockjson-IdentityServerDemo-2/src/MvcClient/project.json", "netcoreapp1.0"); !hasVersion(g, "Microsoft.AspNetCore.Mvc.Core", "1.0.1") {
		t.Error("IdentityServerDemo-2: Mvc.Core 1.0.1 not found")
	}

	// Transitive project references (VS2017 assets v2): WebApplication1 →
	// ClassLibrary2 → ClassLibrary1.
	g := get("assets-VS2017TransitiveBug-1/src/WebApplication1/WebApplication1.csproj", "netcoreapp1.0")
	lib1, ok := g.Lookup("ClassLibrary1")
	if !ok || g.Nodes[lib1].Kind != graph.Project {
		t.Fatalf("ClassLibrary1 is not a project node")
	}
	ids, _, _ := PathIDs(g, g.ShortestPaths(lib1, 5))
	if len(ids) == 0 || !strings.HasPrefix(ids[0][0], "ClassLibrary2") {
		t.Errorf("paths to ClassLibrary1: %v", ids)
	}

	// A runtime-specific target (net10.0/win-x64) folded into net10.0.
	g = get("pkglock-BLIS-NG-1/BLIS-NG.csproj", "net10.0")
	if len(g.Nodes) < 10 {
		t.Errorf("BLIS-NG: %d nodes", len(g.Nodes))
	}

	// Multi-targeting: one graph per framework, different versions.
	for fw, v := range map[string]string{"net8.0": "8.0.29", "net9.0": "9.0.18", "net10.0": "10.0.10"} {
		if g := get("pkglock-Ocelot-1/src/Ocelot.csproj", fw); !hasVersion(g, "Microsoft.AspNetCore.MiddlewareAnalysis", v) {
			t.Errorf("Ocelot [%s]: MiddlewareAnalysis is not %s", fw, v)
		}
	}

	// A manifest without lock data still yields its direct dependencies.
	g = get("csproj-edge-SongVoter-1/SongVoter.csproj", "net7.0")
	if len(g.Roots()) == 0 {
		t.Error("SongVoter: no direct dependencies")
	}
	for _, r := range g.Roots() {
		if !g.Nodes[r].Unresolved {
			t.Errorf("SongVoter: %s is not marked unresolved", g.Nodes[r].Name)
		}
	}

	// packages.config: exact installed versions, all direct.
	g = get("pkgconfig-DotaFantasy-1/API/API.csproj", "net462")
	if !hasVersion(g, "Newtonsoft.Json", "6.0.4") {
		t.Error("DotaFantasy: Newtonsoft.Json 6.0.4 not found")
	}
}

func hasVersion(g *graph.Graph, name, version string) bool {
	i, ok := g.Lookup(name)
	return ok && g.Nodes[i].Version == version
}
