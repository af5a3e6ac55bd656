package match

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/graph"
	"github.com/affected-dev/affected/internal/nuget"
)

type src map[string][]*advisory.Advisory

func (s src) ForPackage(name string) []*advisory.Advisory { return s[nuget.NormalizeID(name)] }

func adv(id string, withdrawn bool, eco, name string, events ...advisory.Event) *advisory.Advisory {
	a := &advisory.Advisory{ID: id, Packages: []advisory.PackageExposure{{
		Ecosystem: eco, Name: name, Ranges: []advisory.Range{{Type: "ECOSYSTEM", Events: events}},
	}}}
	if withdrawn {
		now := time.Now()
		a.Withdrawn = &now
	}
	return a
}

func intro(v string) advisory.Event { return advisory.Event{Introduced: v} }
func fixed(v string) advisory.Event { return advisory.Event{Fixed: v} }

func TestMatch(t *testing.T) {
	b := graph.NewBuilder("App.csproj", "netcoreapp1.1", "obj/project.assets.json")
	mvc := b.Node(graph.Node{Name: "Microsoft.AspNetCore.Mvc", Version: "1.1.0"})
	core := b.Node(graph.Node{Name: "microsoft.aspnetcore.mvc.core", Version: "1.1.0"})
	lib := b.Node(graph.Node{Name: "Lib", Version: "1.0.0", Kind: graph.Project})
	b.Edge(mvc, core)
	b.Root(mvc)
	b.Root(lib)
	g := b.Build()

	s := src{}
	for _, a := range []*advisory.Advisory{
		adv("MSA", false, "NuGet", "Microsoft.AspNetCore.Mvc.Core", intro("1.1.0"), fixed("1.1.1")),
		adv("GHSA-a", false, "NuGet", "Microsoft.AspNetCore.Mvc.Core", intro("1.1.0"), fixed("1.1.3")),
		adv("GHSA-b", false, "NuGet", "Microsoft.AspNetCore.Mvc.Core", intro("1.0.0"), fixed("1.0.6"), intro("1.1.0"), fixed("1.1.6")),
		adv("GHSA-withdrawn", true, "NuGet", "Microsoft.AspNetCore.Mvc.Core", intro("0")),
		adv("GHSA-maven", false, "Maven", "Microsoft.AspNetCore.Mvc.Core", intro("0")),
		adv("GHSA-project", false, "NuGet", "Lib", intro("0")),
	} {
		k := nuget.NormalizeID(a.Packages[0].Name)
		s[k] = append(s[k], a)
	}
	got := Match([]*graph.Graph{g}, s, Options{MaxPaths: 3})
	var ids []string
	for _, f := range got {
		ids = append(ids, f.Advisory.ID)
		if f.Recommended.String() != "1.1.6" {
			t.Errorf("%s: recommended %s, want 1.1.6 (clear of all three)", f.Advisory.ID, f.Recommended)
		}
		if f.PathCount != 1 || len(f.Paths) != 1 || len(f.Paths[0]) != 2 {
			t.Errorf("%s: paths %d %v", f.Advisory.ID, f.PathCount, f.Paths)
		}
	}
	// Sorted by advisory; withdrawn, other ecosystems and projects excluded.
	if want := []string{"GHSA-a", "GHSA-b", "MSA"}; len(ids) != 3 || ids[0] != want[0] || ids[1] != want[1] || ids[2] != want[2] {
		t.Errorf("findings %v, want %v", ids, want)
	}
	if got[2].Fixed[0].String() != "1.1.1" {
		t.Errorf("MSA fixed %v", got[2].Fixed)
	}
	if got[1].Fixed[0].String() != "1.1.6" || len(got[1].Fixed) != 2 {
		t.Errorf("GHSA-b fixed %v: the fix for this version first", got[1].Fixed)
	}
	only := Match([]*graph.Graph{g}, s, Options{MaxPaths: 3, Advisories: []string{"msa"}})
	if len(only) != 1 {
		t.Errorf("filter: %d findings", len(only))
	}
}

func TestRecommendedNone(t *testing.T) {
	a := adv("X", false, "NuGet", "P", intro("0"))
	if r := Recommended("P", nuget.MustParseVersion("1.0"), []*advisory.Advisory{a}); !r.IsZero() {
		t.Errorf("recommended %s for an advisory without a fix", r)
	}
	// A fixed version that another advisory affects is skipped.
	b := adv("Y", false, "NuGet", "P", intro("2.0.0"), fixed("2.0.1"))
	c := adv("Z", false, "NuGet", "P", intro("1.0.0"), fixed("2.0.0"))
	if r := Recommended("P", nuget.MustParseVersion("1.5"), []*advisory.Advisory{b, c}); r.String() != "2.0.1" {
		t.Errorf("recommended %s, want 2.0.1", r)
	}
}

// TestAfterRestore: Mvc is declared 1.1.1 while the lock data still has
// 1.1.0 (restore has not run since fix raised it). Mvc.Core comes with it
// (Mvc 1.1.0 asks for it at its own version): MSA, fixed in 1.1.1, is
// fixed in the files; GHSA-b, fixed in 1.1.6, is not. Newtonsoft.Json,
// also asked for by Mvc, may or may not rise: unknown.
func TestAfterRestore(t *testing.T) {
	b := graph.NewBuilder("App.csproj", "netcoreapp1.1", "packages.lock.json")
	mvc := b.Node(graph.Node{Name: "Microsoft.AspNetCore.Mvc", Version: "1.1.0", Range: "1.1.1"})
	core := b.Node(graph.Node{Name: "Microsoft.AspNetCore.Mvc.Core", Version: "1.1.0"})
	nj := b.Node(graph.Node{Name: "Newtonsoft.Json", Version: "9.0.1"})
	b.Edge(mvc, core)
	b.Asks(mvc, core, "1.1.0")
	b.Edge(core, nj)
	b.Asks(core, nj, "9.0.1")
	b.Root(mvc)
	g := b.Build()
	s := src{}
	for _, a := range []*advisory.Advisory{
		adv("MSA", false, "NuGet", "Microsoft.AspNetCore.Mvc.Core", intro("1.1.0"), fixed("1.1.1")),
		adv("GHSA-b", false, "NuGet", "Microsoft.AspNetCore.Mvc.Core", intro("1.1.0"), fixed("1.1.6")),
		adv("GHSA-nj", false, "NuGet", "Newtonsoft.Json", intro("0"), fixed("13.0.1")),
	} {
		k := nuget.NormalizeID(a.Packages[0].Name)
		s[k] = append(s[k], a)
	}
	got := map[string]string{}
	for _, f := range Match([]*graph.Graph{g}, s, Options{MaxPaths: 1}) {
		r := f.Restore
		if r == nil {
			got[f.Advisory.ID] = "nil"
			continue
		}
		got[f.Advisory.ID] = fmt.Sprintf("expected %q via %s fixed %v unknown %v", r.Expected.String(), nameOf(g, r.Via), r.Fixed, r.Unknown)
	}
	want := map[string]string{
		"MSA":     `expected "1.1.1" via Microsoft.AspNetCore.Mvc fixed true unknown false`,
		"GHSA-b":  `expected "1.1.1" via Microsoft.AspNetCore.Mvc fixed false unknown false`,
		"GHSA-nj": `expected "" via - fixed false unknown true`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

func nameOf(g *graph.Graph, i int) string {
	if i < 0 {
		return "-"
	}
	return g.Nodes[i].Name
}

// lazySrc is a Lazy source over s: ForPackageMatch gives copies that hold
// only what matching reads, Whole the records themselves.
type lazySrc struct {
	src
	whole map[*advisory.Advisory]*advisory.Advisory
}

func (l lazySrc) ForPackageMatch(name string) []*advisory.Advisory {
	var out []*advisory.Advisory
	for _, a := range l.ForPackage(name) {
		slim := &advisory.Advisory{ID: a.ID, Withdrawn: a.Withdrawn, Packages: a.Packages}
		l.whole[slim] = a
		out = append(out, slim)
	}
	return out
}

func (l lazySrc) Whole(a *advisory.Advisory) (*advisory.Advisory, bool) {
	w, ok := l.whole[a]
	return w, ok
}

// TestLazyAndVersions: a Lazy source gives the findings of the whole
// records, the versions of a package met again give the same findings,
// and so do names written in other cases.
func TestLazyAndVersions(t *testing.T) {
	var graphs []*graph.Graph
	for i, v := range []string{"1.1.0", "1.1.0", "1.0.2", "2.0.0", "1.1.0", "not-a-version"} {
		b := graph.NewBuilder(fmt.Sprintf("App%d.csproj", i), "net8.0", "packages.lock.json")
		name := "Microsoft.AspNetCore.Mvc.Core"
		if i%2 == 1 {
			name = "microsoft.aspnetcore.mvc.core"
		}
		n := b.Node(graph.Node{Name: name, Version: v})
		b.Root(n)
		graphs = append(graphs, b.Build())
	}
	s := src{}
	for _, a := range []*advisory.Advisory{
		adv("MSA", false, "NuGet", "Microsoft.AspNetCore.Mvc.Core", intro("1.1.0"), fixed("1.1.1")),
		adv("GHSA-b", false, "NuGet", "Microsoft.AspNetCore.Mvc.Core", intro("1.0.0"), fixed("1.0.6"), intro("1.1.0"), fixed("1.1.6")),
		adv("GHSA-withdrawn", true, "NuGet", "Microsoft.AspNetCore.Mvc.Core", intro("0")),
	} {
		a.Aliases = []string{"CVE-" + a.ID}
		k := nuget.NormalizeID(a.Packages[0].Name)
		s[k] = append(s[k], a)
	}
	var want []Finding
	for _, g := range graphs { // one graph at a time: no versions remembered
		want = append(want, Match([]*graph.Graph{g}, s, Options{MaxPaths: 3})...)
	}
	if len(want) != 7 {
		t.Fatalf("%d findings, want 7", len(want))
	}
	for _, source := range []Source{s, lazySrc{s, map[*advisory.Advisory]*advisory.Advisory{}}} {
		m := NewMatcher(source, Options{MaxPaths: 3})
		var got []Finding
		for _, g := range graphs {
			got = append(got, m.Match([]*graph.Graph{g})...)
		}
		if len(got) != len(want) {
			t.Fatalf("%T: %d findings, want %d", source, len(got), len(want))
		}
		for i := range got {
			if got[i].Advisory != want[i].Advisory || got[i].Exposure != want[i].Exposure || got[i].Graph != want[i].Graph ||
				!cmp.Equal(fmt.Sprint(got[i].Version, got[i].Fixed, got[i].Recommended), fmt.Sprint(want[i].Version, want[i].Fixed, want[i].Recommended)) {
				t.Errorf("%T: finding %d: %s %s %v, want %s %s %v", source, i, got[i].Advisory.ID, got[i].Graph.Project, got[i].Version, want[i].Advisory.ID, want[i].Graph.Project, want[i].Version)
			}
		}
	}
}

// TestLowest: no version below an exposure's lowest is affected, on
// random exposures (ranges of every type, events of every kind, "0",
// versions that do not parse, pre-releases, listed versions, Exact), and
// the lowest is one that can be.
func TestLowest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	versions := []string{"0.1", "1.0.0", "1.0.0-beta", "1.0.0-beta.2", "1.0.1", "1.2", "1.10.0", "2.0.0-rc1", "2.0.0", "2.0.0.1", "3.1.4", "10.0.0", "10.0.1", "x", "1.0.0+meta", "01.0.0"}
	pick := func() string { return versions[rng.IntN(len(versions))] }
	for trial := range 20000 {
		var e advisory.PackageExposure
		e.Ecosystem, e.Name = "NuGet", "P"
		for range rng.IntN(3) {
			r := advisory.Range{Type: []string{"", "ECOSYSTEM", "SEMVER", "GIT"}[rng.IntN(4)]}
			for range rng.IntN(5) {
				var ev advisory.Event
				switch rng.IntN(5) {
				case 0:
					ev.Introduced = pick()
				case 1:
					ev.Introduced = "0"
				case 2:
					ev.Fixed = pick()
				case 3:
					ev.LastAffected = pick()
				default:
					ev.Limit = pick()
				}
				r.Events = append(r.Events, ev)
			}
			e.Ranges = append(e.Ranges, r)
		}
		for range rng.IntN(3) {
			e.Versions = append(e.Versions, pick())
		}
		e.Exact = rng.IntN(4) == 0
		low, ok := e.Lowest()
		a := &advisory.Advisory{ID: "A", Packages: []advisory.PackageExposure{e}}
		if trial%2 == 0 {
			a.Compile()
		}
		x := &a.Packages[0]
		if l, k := x.Lowest(); k != ok || k && !l.Equal(low) {
			t.Fatalf("%+v: lowest %s %v (compiled %v), uncompiled %s %v", e, l, k, trial%2 == 0, low, ok)
		}
		for _, s := range versions {
			v, err := nuget.ParseVersion(s)
			if err != nil {
				continue
			}
			if ok && v.Less(low) && x.Affects(v) {
				t.Fatalf("%+v: %s affected, below the lowest %s", e, s, low)
			}
		}
	}
}
