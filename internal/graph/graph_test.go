package graph

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// build makes a graph from "A->B" edges; roots are listed separately.
func build(roots []string, edges ...string) *Graph {
	b := NewBuilder("p", "net8.0", "lock")
	node := func(name string) int { return b.Node(Node{Name: name, Version: "1.0"}) }
	for _, e := range edges {
		from, to, _ := strings.Cut(e, "->")
		b.Edge(node(from), node(to))
	}
	for _, r := range roots {
		b.Root(node(r))
	}
	return b.Build()
}

func names(g *Graph, paths [][]int32) []string {
	var out []string
	for _, p := range paths {
		var parts []string
		for _, n := range p {
			parts = append(parts, g.Nodes[n].Name)
		}
		out = append(out, strings.Join(parts, " > "))
	}
	return out
}

func TestPathsOfTheAdvisory(t *testing.T) {
	// The shape of advisory 4010983: Mvc → ApiExplorer → Mvc.Core, and Mvc
	// → Mvc.Core directly… plus a second direct dependency.
	g := build([]string{"Mvc", "Mvc.TagHelpers"},
		"Mvc->ApiExplorer", "ApiExplorer->Mvc.Core", "Mvc->Mvc.Core", "Mvc->TagHelpers2",
		"Mvc.TagHelpers->Mvc.Razor", "Mvc.Razor->ViewFeatures", "ViewFeatures->Mvc.Core", "Mvc->Mvc.TagHelpers")
	i, ok := g.Lookup("mvc.core")
	if !ok {
		t.Fatal("Lookup is case-sensitive")
	}
	if got := g.CountPaths(i); got != 4 {
		t.Errorf("CountPaths = %d, want 4", got)
	}
	want := []string{
		"Mvc > Mvc.Core",
		"Mvc > ApiExplorer > Mvc.Core",
		"Mvc.TagHelpers > Mvc.Razor > ViewFeatures > Mvc.Core",
		"Mvc > Mvc.TagHelpers > Mvc.Razor > ViewFeatures > Mvc.Core",
	}
	if d := cmp.Diff(want, names(g, g.ShortestPaths(i, 10))); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
	if d := cmp.Diff(want[:2], names(g, g.ShortestPaths(i, 2))); d != "" {
		t.Errorf("k=2 (-want +got)\n%s", d)
	}
	// A direct dependency has its own one-node path.
	j, _ := g.Lookup("Mvc.TagHelpers")
	if got := g.CountPaths(j); got != 2 {
		t.Errorf("CountPaths(Mvc.TagHelpers) = %d, want 2", got)
	}
}

// ladder builds n diamonds in a row: 2^n paths from the root to the end.
func ladder(n int) (*Graph, int) {
	b := NewBuilder("p", "net8.0", "lock")
	prev := b.Node(Node{Name: "n0"})
	b.Root(prev)
	for i := 1; i <= n; i++ {
		l := b.Node(Node{Name: fmt.Sprintf("l%d", i)})
		r := b.Node(Node{Name: fmt.Sprintf("r%d", i)})
		next := b.Node(Node{Name: fmt.Sprintf("n%d", i)})
		b.Edge(prev, l)
		b.Edge(prev, r)
		b.Edge(l, next)
		b.Edge(r, next)
		prev = next
	}
	return b.Build(), prev
}

func TestAstronomicalCounts(t *testing.T) {
	g, end := ladder(40)
	if got := g.CountPaths(end); got != 1<<40 {
		t.Errorf("CountPaths = %d, want 2^40", got)
	}
	if got := len(g.ShortestPaths(end, 5)); got != 5 {
		t.Errorf("ShortestPaths returned %d paths", got)
	}
	g, end = ladder(70)
	if got := g.CountPaths(end); got != math.MaxUint64 {
		t.Errorf("CountPaths over 2^64 = %d, want saturation", got)
	}
}

func TestCyclesTerminate(t *testing.T) {
	g := build([]string{"A"}, "A->B", "B->C", "C->A", "C->D", "D->B")
	d, _ := g.Lookup("D")
	if got := g.CountPaths(d); got != 1 {
		t.Errorf("CountPaths = %d, want 1 (A > B > C > D)", got)
	}
	if d := cmp.Diff([]string{"A > B > C > D"}, names(g, g.ShortestPaths(d, 5))); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

func TestUnreachableAndPlatform(t *testing.T) {
	b := NewBuilder("p", "netcoreapp1.1", "lock")
	app := b.Node(Node{Name: "Microsoft.NETCore.App", Version: "1.1.0", Platform: true})
	rt := b.Node(Node{Name: "System.Runtime", Version: "4.3.0"})
	mvc := b.Node(Node{Name: "Microsoft.AspNetCore.Mvc", Version: "1.1.0"})
	core := b.Node(Node{Name: "Microsoft.AspNetCore.Mvc.Core", Version: "1.1.0"})
	orphan := b.Node(Node{Name: "Orphan", Version: "1.0"})
	b.Edge(app, rt)
	b.Edge(mvc, core)
	b.Edge(core, rt)
	only := b.Node(Node{Name: "System.Only.Runtime", Version: "4.3.0"})
	b.Edge(app, only)
	b.Root(app)
	b.Root(mvc)
	g := b.Build()
	if g.ViaPlatformOnly(rt) {
		t.Error("System.Runtime also comes through Mvc")
	}
	if !g.ViaPlatformOnly(only) {
		t.Error("System.Only.Runtime comes only through the platform")
	}
	if g.CountPaths(orphan) != 0 || g.ShortestPaths(orphan, 3) != nil || g.Reachable(orphan) {
		t.Error("an unreachable node has paths")
	}
	if g.Nodes[core].Version != "1.1.0" {
		t.Errorf("version not normalised: %q", g.Nodes[core].Version)
	}
}

func BenchmarkPaths2To40(b *testing.B) {
	g, end := ladder(40)
	b.ResetTimer()
	for b.Loop() {
		if g.CountPaths(end) != 1<<40 {
			b.Fatal("wrong count")
		}
		if len(g.ShortestPaths(end, 5)) != 5 {
			b.Fatal("wrong paths")
		}
	}
}

// TestLinkKeepsOrder holds the layout of edges to the plain way of adding
// them one by one: each list in the order its edges came, the first of
// duplicates kept, self-loops left out.
func TestLinkKeepsOrder(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		n := 1 + rnd.IntN(40)
		b := NewBuilder("p", "net8.0", "lock")
		for i := range n {
			b.Node(Node{Name: fmt.Sprint("N", i)})
		}
		succ := make([][]int32, n)
		pred := make([][]int32, n)
		seen := map[[2]int]bool{}
		for range rnd.IntN(4*n*n/3 + 1) {
			from, to := rnd.IntN(n), rnd.IntN(n)
			b.Edge(from, to)
			if from == to || seen[[2]int{from, to}] {
				continue
			}
			seen[[2]int{from, to}] = true
			succ[from] = append(succ[from], int32(to))
			pred[to] = append(pred[to], int32(from))
		}
		b.link()
		if d := cmp.Diff(norm(succ), all(b.g.succ)); d != "" {
			t.Fatalf("round %d: successors (-want +got)\n%s", round, d)
		}
		if d := cmp.Diff(norm(pred), all(b.g.pred)); d != "" {
			t.Fatalf("round %d: predecessors (-want +got)\n%s", round, d)
		}
	}
}

// norm copies adjacency lists, nil and empty alike.
func norm(ls [][]int32) [][]int32 {
	out := make([][]int32, len(ls))
	for i, l := range ls {
		out[i] = append([]int32{}, l...)
	}
	return out
}

// all returns every list of l.
func all(l lists) [][]int32 {
	out := make([][]int32, len(l.off)-1)
	for i := range out {
		out[i] = append([]int32{}, l.of(int32(i))...)
	}
	return out
}

// TestBuildBreaksCycles holds Build, on random graphs full of cycles, to
// the plain way: a list per node, the edge that closes a cycle found by a
// depth-first search from the roots (in the order they were marked), then
// from every node, and taken out of both lists; lists sorted by name.
func TestBuildBreaksCycles(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	in := new(Interner) // one for all rounds: its working memory is reused
	for round := range 300 {
		n := 1 + rnd.IntN(30)
		b := in.NewBuilder("p", "net8.0", "lock")
		names := rnd.Perm(n)
		for i := range n {
			b.Node(Node{Name: fmt.Sprintf("N%02d", names[i])})
		}
		succ := make([][]int32, n)
		pred := make([][]int32, n)
		seen := map[[2]int]bool{}
		for range rnd.IntN(2*n + 1) {
			from, to := rnd.IntN(n), rnd.IntN(n)
			b.Edge(from, to)
			if from == to || seen[[2]int{from, to}] {
				continue
			}
			seen[[2]int{from, to}] = true
			succ[from] = append(succ[from], int32(to))
			pred[to] = append(pred[to], int32(from))
		}
		var roots []int32
		for range rnd.IntN(3) {
			r := rnd.IntN(n)
			if !b.NodeAt(r).Direct {
				roots = append(roots, int32(r))
			}
			b.Root(r)
		}
		g := b.Build()

		color := make([]int, n)
		var removed [][2]int32
		var visit func(int32)
		visit = func(v int32) {
			color[v] = 1
			for _, s := range succ[v] {
				switch color[s] {
				case 0:
					visit(s)
				case 1:
					removed = append(removed, [2]int32{v, s})
				}
			}
			color[v] = 2
		}
		for _, r := range roots {
			if color[r] == 0 {
				visit(r)
			}
		}
		for i := range n {
			if color[i] == 0 {
				visit(int32(i))
			}
		}
		without := func(list []int32, x int32) []int32 {
			return slices.DeleteFunc(list, func(v int32) bool { return v == x })
		}
		for _, e := range removed {
			succ[e[0]] = without(succ[e[0]], e[1])
			pred[e[1]] = without(pred[e[1]], e[0])
		}
		byName := func(ls [][]int32) [][]int32 {
			for _, l := range ls {
				slices.SortFunc(l, func(a, b int32) int { return names[a] - names[b] })
			}
			return norm(ls)
		}
		if d := cmp.Diff(byName(succ), all(g.succ)); d != "" {
			t.Fatalf("round %d: successors (-want +got)\n%s", round, d)
		}
		if d := cmp.Diff(byName(pred), all(g.pred)); d != "" {
			t.Fatalf("round %d: predecessors (-want +got)\n%s", round, d)
		}
	}
}

// TestInternerBuilders builds graphs through one interner, one after the
// other and two at once, and checks them against graphs built alone.
func TestInternerBuilders(t *testing.T) {
	type edge struct{ from, to string }
	specs := [][]edge{
		{{"A", "B"}, {"B", "C"}, {"a", "D"}, {"C", "d"}},
		{{"B", "A"}, {"X", "C"}, {"C", "B"}},
		{{"Y", "Z"}, {"z", "A"}},
	}
	add := func(b *Builder, es []edge) {
		for _, e := range es {
			from := b.Node(Node{Name: e.from, Version: "1.0"})
			b.Edge(from, b.Node(Node{Name: e.to, Version: "01.0"}))
		}
		b.Root(0)
	}
	show := func(g *Graph) string {
		var out []string
		for i, n := range g.Nodes {
			var succ []string
			for _, s := range g.Successors(i) {
				succ = append(succ, g.Nodes[s].Name)
			}
			out = append(out, fmt.Sprintf("%s@%s>%s", n.Name, n.Version, strings.Join(succ, ",")))
			if j, ok := g.Lookup(strings.ToLower(n.Name)); !ok || j != i {
				out = append(out, "lookup!")
			}
		}
		return strings.Join(out, " ")
	}
	var want []string
	for _, es := range specs {
		b := NewBuilder("p", "", "")
		add(b, es)
		want = append(want, show(b.Build()))
	}
	in := new(Interner)
	for round := range 2 {
		var got []string
		if round == 0 { // one after the other: every builder uses the slots
			for _, es := range specs {
				b := in.NewBuilder("p", "", "")
				add(b, es)
				got = append(got, show(b.Build()))
			}
		} else { // all at once: the later ones fall back to a map
			var bs []*Builder
			for range specs {
				bs = append(bs, in.NewBuilder("p", "", ""))
			}
			for i := len(specs) - 1; i >= 0; i-- {
				add(bs[i], specs[i])
			}
			for _, b := range bs {
				got = append(got, show(b.Build()))
			}
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("round %d: (-alone +interned)\n%s", round, d)
		}
	}
	// A copy of a graph finds its nodes too.
	b := in.NewBuilder("p", "", "")
	add(b, specs[0])
	g := b.Build()
	c := *g
	if i, ok := c.Lookup("c"); !ok || c.Nodes[i].Name != "C" {
		t.Errorf("copy: Lookup(c) = %d, %v", i, ok)
	}
}

// TestRecycle builds random graphs of random sizes through one interner
// that is given back every graph once it is looked at, and holds each to
// the same graph built alone: recycled memory leaves nothing behind.
func TestRecycle(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 8))
	type spec struct {
		n            int
		edges, roots [][2]int
		versions     []string
	}
	build := func(b *Builder, sp spec) *Graph {
		for i := range sp.n {
			b.Node(Node{Name: fmt.Sprintf("Pkg.N%02d", i), Version: sp.versions[i]})
		}
		for _, e := range sp.edges {
			b.Edge(e[0], e[1])
			b.Asks(e[0], e[1], sp.versions[e[0]])
		}
		for _, r := range sp.roots {
			b.Root(r[0])
		}
		return b.Build()
	}
	dump := func(g *Graph) string {
		var out strings.Builder
		fmt.Fprintf(&out, "roots %v together %v\n", g.Roots(), g.together)
		for i, n := range g.Nodes {
			fmt.Fprintf(&out, "%+v key %s succ %v pred %v depth %d\n", n, g.Key(i), g.Successors(i), g.Predecessors(i), g.depth[i])
		}
		return out.String()
	}
	in := new(Interner)
	for round := range 300 {
		sp := spec{n: 1 + rnd.IntN(40)}
		for range sp.n {
			sp.versions = append(sp.versions, fmt.Sprintf("1.%d.0", rnd.IntN(3)))
		}
		for range rnd.IntN(3 * sp.n) {
			sp.edges = append(sp.edges, [2]int{rnd.IntN(sp.n), rnd.IntN(sp.n)})
		}
		for range 1 + rnd.IntN(3) {
			sp.roots = append(sp.roots, [2]int{rnd.IntN(sp.n)})
		}
		want := dump(build(NewBuilder("p", "net8.0", "lock"), sp))
		g := build(in.NewBuilder("p", "net8.0", "lock"), sp)
		if d := cmp.Diff(want, dump(g)); d != "" {
			t.Fatalf("round %d: (-alone +recycled)\n%s", round, d)
		}
		in.Recycle(g)
	}
}
