package graph

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/nuget"
)

// TestExpect: the shape of advisory 4010983 once Microsoft.AspNetCore.Mvc
// is raised from 1.1.0 to 1.1.6 in the project file and restore has not
// run. The Mvc packages its 1.1.0 asks for at 1.1.0 rise with it;
// packages of other families may rise or not (unknown); a package no
// raised one reaches keeps its locked version.
func TestExpect(t *testing.T) {
	b := NewBuilder("p", "netcoreapp1.1", "lock")
	type pkg struct{ name, version string }
	idx := map[string]int{}
	for _, p := range []pkg{
		{"Microsoft.AspNetCore.Mvc", "1.1.0"},
		{"Microsoft.AspNetCore.Mvc.ApiExplorer", "1.1.0"},
		{"Microsoft.AspNetCore.Mvc.Core", "1.1.0"},
		{"Microsoft.AspNetCore.Mvc.Razor", "1.1.0"},
		{"Microsoft.AspNetCore.Razor.Runtime", "1.1.0"},
		{"Microsoft.AspNetCore.Razor", "1.1.0"},
		{"Microsoft.Extensions.Caching.Memory", "1.1.0"},
		{"System.Text.Encodings.Web", "4.3.0"},
		{"Serilog", "2.0.0"},
		{"Serilog.Sinks.File", "3.0.0"},
	} {
		idx[p.name] = b.Node(Node{Name: p.name, Version: p.version})
	}
	edge := func(from, to, rng string) {
		b.Edge(idx[from], idx[to])
		b.Asks(idx[from], idx[to], rng)
	}
	edge("Microsoft.AspNetCore.Mvc", "Microsoft.AspNetCore.Mvc.ApiExplorer", "1.1.0")
	edge("Microsoft.AspNetCore.Mvc", "Microsoft.AspNetCore.Mvc.Razor", "[1.1.0, )")
	edge("Microsoft.AspNetCore.Mvc.ApiExplorer", "Microsoft.AspNetCore.Mvc.Core", "1.1.0")
	edge("Microsoft.AspNetCore.Mvc.Razor", "Microsoft.AspNetCore.Razor.Runtime", "1.1.0")
	edge("Microsoft.AspNetCore.Razor.Runtime", "Microsoft.AspNetCore.Razor", "1.1.0")
	edge("Microsoft.AspNetCore.Mvc.Core", "Microsoft.Extensions.Caching.Memory", "1.1.0")
	edge("Microsoft.AspNetCore.Mvc.Core", "System.Text.Encodings.Web", "4.3.0")
	edge("Serilog.Sinks.File", "Serilog", "2.0.0")
	for _, r := range []string{"Microsoft.AspNetCore.Mvc", "Serilog.Sinks.File"} {
		b.Root(idx[r])
	}
	g := b.Build()
	exp := g.Expect(map[int]nuget.Version{idx["Microsoft.AspNetCore.Mvc"]: nuget.MustParseVersion("1.1.6")})
	got := map[string]string{}
	for name, i := range idx {
		e := exp[i]
		s := "locked"
		if e.Raised() {
			s = e.Version.String() + " via " + g.Nodes[e.Via].Name
		}
		if e.Unknown {
			s += ", unknown"
		}
		got[name] = s
	}
	want := map[string]string{
		"Microsoft.AspNetCore.Mvc":             "1.1.6 via Microsoft.AspNetCore.Mvc",
		"Microsoft.AspNetCore.Mvc.ApiExplorer": "1.1.6 via Microsoft.AspNetCore.Mvc",
		"Microsoft.AspNetCore.Mvc.Core":        "1.1.6 via Microsoft.AspNetCore.Mvc",
		"Microsoft.AspNetCore.Mvc.Razor":       "1.1.6 via Microsoft.AspNetCore.Mvc",
		// Mvc.Razor → Razor.Runtime: two families (Microsoft.AspNetCore
		// is a namespace of two parts), then beyond it.
		"Microsoft.AspNetCore.Razor.Runtime":  "locked, unknown",
		"Microsoft.AspNetCore.Razor":          "locked, unknown",
		"Microsoft.Extensions.Caching.Memory": "locked, unknown",
		"System.Text.Encodings.Web":           "locked, unknown",
		"Serilog":                             "locked",
		"Serilog.Sinks.File":                  "locked",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

func TestSameReleaseAndFamily(t *testing.T) {
	for _, tc := range []struct {
		version, rng string
		want         bool
	}{
		{"1.1.0", "1.1.0", true},
		{"1.1.0", "[1.1.0, )", true},
		{"1.1.0", "[1.1.0]", true},
		{"1.1.0", "[1.1.0,2.0.0)", true},
		{"1.1.0", "1.1.0-preview", false},
		{"1.1.0", "(1.1.0, )", false},
		{"1.1.0", "1.1.01", false},
		{"1.1.0", "1.0.0", false},
		{"1.1.0", "", false},
	} {
		if got := sameRelease(tc.version, tc.rng); got != tc.want {
			t.Errorf("sameRelease(%q, %q) = %v", tc.version, tc.rng, got)
		}
	}
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"microsoft.aspnetcore.mvc", "microsoft.aspnetcore.mvc.core", true},
		{"microsoft.aspnetcore.mvc.core", "microsoft.aspnetcore.mvc", true},
		{"microsoft.aspnetcore.mvc.apiexplorer", "microsoft.aspnetcore.mvc.core", true},
		{"microsoft.aspnetcore.mvc", "microsoft.aspnetcore.mvcx", false},
		{"microsoft.aspnetcore.mvc.razor", "microsoft.aspnetcore.razor.runtime", false},
		{"system.net.http", "system.net.security", false},
		{"serilog", "serilog.sinks.file", true},
	} {
		if got := family(tc.a, tc.b); got != tc.want {
			t.Errorf("family(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}
