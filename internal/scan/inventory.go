package scan

import (
	"context"
	"sync"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/graph"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/inventory"
	"github.com/affected-dev/affected/internal/match"
	"github.com/affected-dev/affected/internal/report"
)

// ScanInventoryPaths is ScanPaths that also returns the inventory of what
// it read (every project × framework with its packages and edges), for
// `affected scan --upload` and the CycloneDX report. The inventory's
// source and tool are left for the caller to set.
func ScanInventoryPaths(ctx context.Context, paths []string, src match.Source, opts Options, sopts ScanOptions) (*Workspace, *report.ScanDocument, *inventory.Document) {
	var mu sync.Mutex
	byProject := map[int][]inventory.Target{}
	ws, doc := scanPaths(ctx, paths, src, opts, sopts, func(i int, gs []*graph.Graph) {
		ts := make([]inventory.Target, len(gs))
		for k, g := range gs {
			ts[k] = Target(g)
		}
		mu.Lock()
		byProject[i] = ts
		mu.Unlock()
	})
	targets := make([][]inventory.Target, len(ws.Projects))
	for i, ts := range byProject {
		if i < len(targets) {
			targets[i] = ts
		}
	}
	return ws, doc, Inventory(ws, doc, targets)
}

// Inventory assembles the document of a workspace: its projects (as the
// scan report lists them, with their sources) and the targets of each,
// given by project index.
func Inventory(ws *Workspace, doc *report.ScanDocument, targets [][]inventory.Target) *inventory.Document {
	inv := &inventory.Document{SchemaVersion: inventory.SchemaVersion, Format: "affected", Projects: []inventory.Project{}}
	sources := map[string][]string{}
	for _, e := range doc.Projects {
		sources[e.Path] = e.Sources
	}
	for i, p := range ws.Projects {
		ip := inventory.Project{Path: p.Path, Sources: sources[p.Path], Targets: []inventory.Target{}}
		if i < len(targets) && targets[i] != nil {
			ip.Targets = targets[i]
		}
		inv.Projects = append(inv.Projects, ip)
	}
	sortGraphs(inv.Projects, func(p inventory.Project) (string, string) { return p.Path, "" })
	for _, e := range ws.Errors {
		inv.Errors = append(inv.Errors, inventory.Error{File: e.File, Line: e.Line, Column: e.Column, Message: e.Message})
	}
	return inv
}

// Target turns a graph into its inventory form: every node in the graph's
// order, declared locations relative to the scanned root, and the edges.
func Target(g *graph.Graph) inventory.Target {
	t := inventory.Target{Framework: g.Framework, Source: g.Source, Nodes: make([]inventory.Node, len(g.Nodes)), Edges: [][2]int{}}
	for i := range g.Nodes {
		n := &g.Nodes[i]
		in := inventory.Node{Name: n.Name, Version: n.Version, Direct: n.Direct, Platform: n.Platform, Unresolved: n.Unresolved, Range: n.Range}
		if n.Kind == graph.Project {
			in.Kind = inventory.KindProject
		}
		if n.DeclaredAt.File != "" {
			in.DeclaredAt = &inventory.Location{File: relTo(g, n.DeclaredAt.File), Line: n.DeclaredAt.Line, Column: n.DeclaredAt.Col}
		}
		t.Nodes[i] = in
		for _, s := range g.Successors(i) {
			t.Edges = append(t.Edges, [2]int{i, int(s)})
		}
	}
	return t
}

// Graph rebuilds the graph of a project's target from its inventory form
// (checked by inventory.Decode): the same nodes, edges and roots, so that
// matching it gives the findings a scan of the files gives, with the
// same paths.
func Graph(project string, t *inventory.Target) *graph.Graph {
	return graphIn(new(graph.Interner), project, t)
}

// Graphs rebuilds many graphs, sharing one interner (not safe for
// concurrent use).
type Graphs struct{ in graph.Interner }

// Graph is [Graph] with the names and versions interned.
func (gs *Graphs) Graph(project string, t *inventory.Target) *graph.Graph {
	return graphIn(&gs.in, project, t)
}

// Recycle gives back graphs no one uses any more, for the next ones to
// reuse their memory (graph.Interner.Recycle).
func (gs *Graphs) Recycle(graphs ...*graph.Graph) { gs.in.Recycle(graphs...) }

func graphIn(in *graph.Interner, project string, t *inventory.Target) *graph.Graph {
	b := in.NewBuilder(project, t.Framework, t.Source)
	idx := make([]int, len(t.Nodes))
	for k := range t.Nodes {
		n := &t.Nodes[k]
		gn := graph.Node{Name: n.Name, Version: n.Version, Platform: n.Platform, Unresolved: n.Unresolved, Range: n.Range}
		if n.Kind == inventory.KindProject {
			gn.Kind = graph.Project
		}
		if d := n.DeclaredAt; d != nil {
			gn.DeclaredAt = extract.Location{File: d.File, Pos: extract.Pos{Line: d.Line, Col: d.Column}}
		}
		idx[k] = b.Node(gn)
	}
	for _, e := range t.Edges {
		b.Edge(idx[e[0]], idx[e[1]])
	}
	for k := range t.Nodes {
		if t.Nodes[k].Direct {
			b.Root(idx[k])
		}
	}
	return b.Build()
}

// Findings matches graphs against src and returns the findings in the
// report's form (texts in lang), in match.Match's order, each with the
// normalised name of its package.
func Findings(graphs []*graph.Graph, src match.Source, maxPaths int, lang i18n.Lang) ([]report.Finding, []string) {
	if maxPaths <= 0 {
		maxPaths = 5
	}
	found := match.Match(graphs, src, match.Options{MaxPaths: maxPaths})
	hs := hits(found, lang)
	out := make([]report.Finding, len(hs))
	keys := make([]string, len(hs))
	for i := range hs {
		out[i], keys[i] = hs[i].f, hs[i].key
	}
	(&report.ScanDocument{Findings: out}).Normalize() // arrays, never null
	return out, keys
}

// Relocalize rewrites the texts of a finding made in another language
// into lang: the advisory's title (given) and the advice.
func Relocalize(f *report.Finding, title string, lang i18n.Lang) {
	f.Advisory.Title = title
	f.Advice = advice(nil, *f, lang)
}

// AdvisoryEntry is an advisory's text in lang, as reports show it.
func AdvisoryEntry(a *advisory.Advisory, lang i18n.Lang) report.AdvisoryEntry {
	return advisoryEntry(a, lang)
}
