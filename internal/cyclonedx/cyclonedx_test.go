package cyclonedx

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/advisory/builtin"
	"github.com/affected-dev/affected/internal/graph"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
	"github.com/affected-dev/affected/internal/inventory"
	"github.com/affected-dev/affected/internal/nuget"
	"github.com/affected-dev/affected/internal/scan"
)

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

type builtins struct{}

func (builtins) ForPackage(name string) []*advisory.Advisory {
	var out []*advisory.Advisory
	for _, a := range builtin.Advisories() {
		for _, p := range a.Packages {
			if nuget.EqualID(p.Name, name) {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

// findings matches an inventory with the built-in advisories and lists
// each finding as "project [framework] advisory package@version: path".
func findings(t *testing.T, inv *inventory.Document) []string {
	t.Helper()
	var graphs []*graph.Graph
	for i := range inv.Projects {
		for j := range inv.Projects[i].Targets {
			graphs = append(graphs, scan.Graph(inv.Projects[i].Path, &inv.Projects[i].Targets[j]))
		}
	}
	fs, _ := scan.Findings(graphs, builtins{}, 5, i18n.En)
	var out []string
	for _, f := range fs {
		path := ""
		if len(f.Paths) > 0 {
			path = strings.Join(f.Paths[0], " > ")
		}
		out = append(out, f.Project+" ["+f.Framework+"] "+f.Advisory.ID+" "+f.Package.Name+"@"+f.Package.Version+": "+path)
	}
	sort.Strings(out)
	return out
}

func read(t *testing.T, name string) *inventory.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	inv, err := Read(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := inv.Check(inventory.DefaultLimits); err != nil {
		t.Fatalf("%s: the inventory read does not check: %v", name, err)
	}
	return inv
}

// TestRead reads SBOMs in the shapes trivy, dotnet-CycloneDX and syft
// write for .NET, and matches them as the server does.
func TestRead(t *testing.T) {
	for _, c := range []struct {
		file, source, tool string
		want               []string
	}{
		{"trivy.cdx.json", "src/Shop", "trivy 0.58.0", []string{
			"Shop.Web/obj/project.assets.json [] MSA-4010983 Microsoft.AspNetCore.Mvc.Core@1.1.0: Microsoft.AspNetCore.Mvc@1.1.0 > Microsoft.AspNetCore.Mvc.Core@1.1.0",
		}},
		{"dotnet-cyclonedx.cdx.json", "Shop.Api 1.0.0", "CycloneDX module for .NET 3.0.8.0", []string{
			"Shop.Api [] MSA-4010983 Microsoft.AspNetCore.Mvc.Core@1.1.0: Microsoft.AspNetCore.Mvc.Core@1.1.0",
		}},
		// syft records no dependencies: every NuGet package is direct; the
		// npm package of the same name is not a NuGet package.
		{"syft.cdx.json", "/src/legacy", "syft 1.18.0", []string{
			"/src/legacy [] MSA-4010983 Microsoft.AspNetCore.Mvc.Core@1.1.0: Microsoft.AspNetCore.Mvc.Core@1.1.0",
		}},
	} {
		inv := read(t, c.file)
		if inv.Source != c.source || inv.Tool != c.tool || inv.Format != "cyclonedx" {
			t.Errorf("%s: source %q tool %q format %q", c.file, inv.Source, inv.Tool, inv.Format)
		}
		if d := cmp.Diff(c.want, findings(t, inv)); d != "" {
			t.Errorf("%s: findings (-want +got)\n%s", c.file, d)
		}
	}
	inv := read(t, "syft.cdx.json")
	if n := len(inv.Projects[0].Targets[0].Nodes); n != 2 {
		t.Errorf("syft: %d nodes, want the 2 NuGet packages", n)
	}
}

// TestRoundTrip: the BOM `scan --format cyclonedx` writes for the
// examples reads back into graphs with the same findings (advisory,
// package, version, path) per project and framework.
func TestRoundTrip(t *testing.T) {
	_, doc, inv := scan.ScanInventoryPaths(context.Background(), []string{filepath.Join("..", "..", "examples")}, builtins{}, scan.Options{}, scan.ScanOptions{})
	if len(doc.Findings) == 0 {
		t.Fatal("no findings in the examples")
	}
	var b bytes.Buffer
	if err := Write(&b, inv, doc, "examples", "test"); err != nil {
		t.Fatal(err)
	}
	if !LooksLike(b.Bytes()) || !bytes.Contains(b.Bytes(), []byte(`"specVersion": "1.6"`)) || !bytes.Contains(b.Bytes(), []byte(`"id": "MSA-4010983"`)) {
		t.Fatalf("not a 1.6 BOM with the findings:\n%.2000s", b.String())
	}
	back, err := Read(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	want := findings(t, inv)
	if len(want) == 0 {
		t.Fatal("nothing to compare")
	}
	if d := cmp.Diff(want, findings(t, back)); d != "" {
		t.Errorf("findings (-scan +BOM)\n%s", d)
	}
}

func TestReadErrors(t *testing.T) {
	for _, c := range []struct{ name, doc, pointer string }{
		{"not cyclonedx", `{"bomFormat": "SPDX", "specVersion": "1.5"}`, "/bomFormat"},
		{"old", `{"bomFormat": "CycloneDX", "specVersion": "1.1"}`, "/specVersion"},
		{"no ref", `{"bomFormat": "CycloneDX", "specVersion": "1.5", "dependencies": [{"dependsOn": []}]}`, "/dependencies/0/ref"},
		{"syntax", `{"bomFormat": "CycloneDX",`, ""},
	} {
		_, err := Read([]byte(c.doc))
		var de *inventory.DecodeError
		if !errors.As(err, &de) || de.Pointer != c.pointer {
			t.Errorf("%s: %v, want an error at %q", c.name, err, c.pointer)
		}
	}
}

// FuzzRead: Read never panics, and what it accepts checks as an
// inventory.
func FuzzRead(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.json")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		inv, err := Read(data)
		if err != nil {
			return
		}
		if inv.Source == "" {
			inv.Source = "x"
		}
		var de *inventory.DecodeError
		if err := inv.Check(inventory.DefaultLimits); err != nil && !errors.As(err, &de) {
			t.Fatalf("check: %v", err)
		}
	})
}
