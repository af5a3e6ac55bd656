// Package scan ties the stages together for the commands: discover the
// projects under the given paths, read them, build their graphs, and
// answer a question about them (why a package is there; later, which
// advisories apply). It is the library call behind each command.
package scan

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/discover"
	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/graph"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/match"
	"github.com/affected-dev/affected/internal/nuget"
	"github.com/affected-dev/affected/internal/project"
	"github.com/affected-dev/affected/internal/report"
)

// Options tune Load.
type Options struct {
	Lang        i18n.Lang
	Concurrency int
	// Progress, when set, is called after each project is read, with the
	// number read so far and the number found; one call at a time, from
	// the goroutines that read the projects.
	Progress func(done, total int)
	// Base, when set, is the directory every path in the reports is
	// relative to (files outside it are shown absolute): the working
	// directory of a command. Otherwise paths are relative to the scanned
	// root that holds them.
	Base string
	// AllowOutsideImports lets MSBuild imports read files outside the
	// scanned paths (see project.Options).
	AllowOutsideImports bool
}

// Workspace is everything read from the scanned paths.
type Workspace struct {
	Roots []string // absolute scanned roots
	// Base is Options.Base: the directory display paths are relative to,
	// "" for the scanned roots.
	Base     string
	Projects []*project.Project
	// Graphs are sorted by project, then framework. ScanPaths and
	// WhyPaths leave them out: they answer as the graphs are built.
	Graphs []*graph.Graph
	Errors []report.ErrorEntry
	// targets are the project and framework of every graph, in the order
	// of Graphs, also when the graphs are not kept.
	targets []target
}

// target is the project and framework of a graph.
type target struct{ project, framework string }

func targetOf(g *graph.Graph) target { return target{g.Project, g.Framework} }

func (t target) key() (string, string) { return t.project, t.framework }

// Load discovers and reads the projects under paths (default ".") and
// builds their graphs.
//
// The lock data of a project is dropped once its graphs are built, unless
// the project has pins that an earlier `affected fix` added (which
// RemovablePins reads the lock data for).
func Load(ctx context.Context, paths []string, opts Options) *Workspace {
	var perProject [][]*graph.Graph
	ws := read(ctx, paths, opts, false, func(n int) func() visitor {
		perProject = make([][]*graph.Graph, n)
		return func() visitor {
			return visitor{graphs: func(i int, gs []*graph.Graph) { perProject[i] = gs }}
		}
	})
	for _, gs := range perProject {
		ws.Graphs = append(ws.Graphs, gs...)
	}
	sortGraphs(ws.Graphs, func(g *graph.Graph) (string, string) { return g.Project, g.Framework })
	for _, g := range ws.Graphs {
		ws.targets = append(ws.targets, targetOf(g))
	}
	return ws
}

// sortGraphs sorts graphs (or what stands for them) by project, then
// framework as versions go (net8.0 < net10.0), keeping the order of equals.
func sortGraphs[T any](list []T, key func(T) (project, framework string)) {
	sort.SliceStable(list, func(i, j int) bool {
		pi, fi := key(list[i])
		pj, fj := key(list[j])
		if pi != pj {
			return pi < pj
		}
		return fi != fj && nuget.CompareFrameworks(fi, fj) < 0
	})
}

// visitor is what a reading goroutine of read gives each project it
// reads.
type visitor struct {
	// graphs is given the graphs of the project with index i.
	graphs func(i int, gs []*graph.Graph)
	// skip, when set, is asked first, for a project with lock data: true
	// when its graphs cannot matter to the visitor (no package of the lock
	// data is one it looks for), which then gets none. Building the graphs
	// of a project was a quarter of the time of a scan; most projects of
	// a tree have no package that any advisory names.
	skip func(i int, in *graph.Interner, p *project.Project) bool
}

// read discovers and reads the projects under paths and builds their
// graphs, concurrently: each reading goroutine gets its own visitor from
// newVisitor (which is told the number of projects first), and gives it
// the graphs of every project it reads, with the project's index, unless
// the visitor's skip says it needs none.
//
// With slim, the visitor must keep nothing of the graphs (their memory is
// reused for the next project's), and a project keeps, once visited, only
// what the scan report needs of it (its paths, and its manifest and lock data when it has pins
// for RemovablePins): a tree of thousands of projects then holds a few
// hundred bytes for each.
func read(ctx context.Context, paths []string, opts Options, slim bool, newVisitor func(n int) func() visitor) *Workspace {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	ws := &Workspace{Base: opts.Base}
	for _, p := range paths {
		if abs, err := filepath.Abs(p); err == nil {
			ws.Roots = append(ws.Roots, abs)
		}
	}
	found := discover.Discover(paths)
	for _, err := range found.Errors {
		ws.addError(err, opts.Lang)
	}
	visitors := newVisitor(len(found.Projects))
	var mu sync.Mutex
	done := 0
	ws.Projects = project.Load(ctx, found.Projects, project.Options{
		Concurrency:         opts.Concurrency,
		Base:                opts.Base,
		AllowOutsideImports: opts.AllowOutsideImports,
		NewVisitor: func() func(int, *project.Project) {
			in := new(graph.Interner) // names and versions, once per goroutine
			v := visitors()
			return func(i int, p *project.Project) {
				var gs []*graph.Graph
				if v.skip == nil || p.Lock == nil || len(p.Lock.Targets) == 0 || !v.skip(i, in, p) {
					gs = in.FromProject(p)
					v.graphs(i, gs)
				}
				if p.Lock != nil && (p.Manifest == nil || len(pinsOf(p)) == 0) {
					p.Lock.Release() // the graphs have what was needed
					p.Lock = nil
				}
				if slim {
					// The visitors of ScanPaths and WhyPaths keep nothing
					// of the graphs: their memory goes to the next ones.
					in.Recycle(gs...)
				}
				if slim && p.Lock == nil {
					// What the report needs stays: paths, Imports.
					p.Manifest, p.MSBuild, p.Name = nil, nil, ""
				}
				if opts.Progress != nil {
					mu.Lock()
					done++
					opts.Progress(done, len(found.Projects))
					mu.Unlock()
				}
			}
		},
	})
	for _, p := range ws.Projects {
		for _, err := range p.Errors {
			ws.addError(err, opts.Lang)
		}
	}
	sort.SliceStable(ws.Errors, func(i, j int) bool { return ws.Errors[i].File < ws.Errors[j].File })
	return ws
}

// ScanPaths is Load followed by Scan, without keeping the graphs: each
// project's graphs are matched as soon as they are built, on the goroutine
// that built them, and dropped, so that memory does not grow with the
// size of the tree. The document is the one Scan would make; the
// workspace has no Graphs, and its projects keep only their paths (and,
// with pins, their manifests and lock data).
func ScanPaths(ctx context.Context, paths []string, src match.Source, opts Options, sopts ScanOptions) (*Workspace, *report.ScanDocument) {
	return scanPaths(ctx, paths, src, opts, sopts, nil)
}

// scanPaths is ScanPaths; also, when not nil, sees the graphs of every
// project (by index) before they are dropped.
func scanPaths(ctx context.Context, paths []string, src match.Source, opts Options, sopts ScanOptions, also func(int, []*graph.Graph)) (*Workspace, *report.ScanDocument) {
	sopts = sopts.withDefaults()
	type result struct {
		hits    []hit
		targets []target
	}
	var perProject []result
	ws := read(ctx, paths, opts, true, func(n int) func() visitor {
		perProject = make([]result, n)
		return func() visitor {
			m := newMatcher(src, sopts)
			v := visitor{graphs: func(i int, gs []*graph.Graph) {
				r := &perProject[i]
				r.hits = m.match(gs)
				if also != nil {
					also(i, gs)
				}
				for _, g := range gs {
					r.targets = append(r.targets, targetOf(g))
				}
			}}
			if also == nil {
				// A project none of whose packages an advisory affects has no
				// findings; the report still lists its frameworks.
				var advised []int8 // by the interner's number of the name: 0 not asked yet, 1 no, 2 yes
				affected := func(in *graph.Interner, pkg *extract.Package) bool {
					key, n := in.Key(pkg.Name)
					if n >= len(advised) {
						advised = append(advised, make([]int8, n+1-len(advised))...)
					}
					if advised[n] == 0 {
						advised[n] = 1
						if m.m.Advised(key, pkg.Name) {
							advised[n] = 2
						}
					}
					return advised[n] == 2 && m.m.Affected(key, pkg.Name, pkg.Version)
				}
				v.skip = func(i int, in *graph.Interner, p *project.Project) bool {
					if lockPackages(p.Lock, func(pkg *extract.Package) bool { return affected(in, pkg) }) {
						return false
					}
					r := &perProject[i]
					for _, fw := range graph.Frameworks(p.Lock) {
						r.targets = append(r.targets, target{p.Path, fw})
					}
					return true
				}
			}
			return v
		}
	})
	var hits []hit
	for _, r := range perProject {
		hits = append(hits, r.hits...)
		ws.targets = append(ws.targets, r.targets...)
	}
	sortGraphs(ws.targets, target.key)
	return ws, scanDocument(ws, hits, sopts)
}

// WhyPaths is Load followed by Why, without keeping the graphs.
func WhyPaths(ctx context.Context, paths []string, query string, opts Options, wopts WhyOptions) (*Workspace, *report.WhyDocument) {
	type graphResults struct {
		project, framework string
		results            []report.WhyResult
	}
	var perProject [][]graphResults
	ws := read(ctx, paths, opts, true, func(n int) func() visitor {
		perProject = make([][]graphResults, n)
		return func() visitor {
			return visitor{
				graphs: func(i int, gs []*graph.Graph) {
					for _, g := range gs {
						if rs := why(g, query, wopts); len(rs) > 0 {
							perProject[i] = append(perProject[i], graphResults{g.Project, g.Framework, rs})
						}
					}
				},
				// The nodes of a graph built from lock data are its packages.
				skip: func(_ int, _ *graph.Interner, p *project.Project) bool {
					return !lockPackages(p.Lock, func(pkg *extract.Package) bool { return matches(query, pkg.Name) })
				},
			}
		}
	})
	var all []graphResults
	for _, rs := range perProject {
		all = append(all, rs...)
	}
	sortGraphs(all, func(r graphResults) (string, string) { return r.project, r.framework })
	doc := &report.WhyDocument{Package: query, Errors: ws.Errors}
	for _, r := range all {
		doc.Results = append(doc.Results, r.results...)
	}
	return ws, doc
}

// Incomplete reports whether some input could not be read.
func (ws *Workspace) Incomplete() bool { return len(ws.Errors) > 0 }

// AddError records a problem met outside the workspace's files (a damaged
// advisory database) so that the report says it is incomplete.
func (ws *Workspace) AddError(err error, lang i18n.Lang) { ws.addError(err, lang) }

func (ws *Workspace) addError(err error, lang i18n.Lang) {
	var e *extract.Error
	if errors.As(err, &e) {
		ws.Errors = append(ws.Errors, report.ErrorEntry{
			File: ws.Display(e.File), Line: e.Pos.Line, Column: e.Pos.Col, Message: e.Text(lang),
		})
		return
	}
	ws.Errors = append(ws.Errors, report.ErrorEntry{Message: i18n.Localize(err, lang)})
}

// Display shows a file as the reports do: relative to Base when it is
// set, else to the scanned root that holds it; absolute when it is under
// neither.
func (ws *Workspace) Display(file string) string {
	if ws.Base != "" {
		return project.Display(ws.Base, file)
	}
	for _, r := range ws.Roots {
		root := r
		if !isDir(root) {
			root = filepath.Dir(root)
		}
		if rel, err := filepath.Rel(root, file); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(file)
}

// WhyOptions tune Why.
type WhyOptions struct {
	MaxPaths  int
	Framework string // only this framework, when set
}

// Why finds the package (a name, or a prefix pattern ending in '*') in
// every graph and lists the paths that bring it in.
func Why(ws *Workspace, query string, opts WhyOptions) *report.WhyDocument {
	doc := &report.WhyDocument{Package: query, Errors: ws.Errors}
	for _, g := range ws.Graphs {
		doc.Results = append(doc.Results, why(g, query, opts)...)
	}
	return doc
}

// why answers Why for one graph.
func why(g *graph.Graph, query string, opts WhyOptions) []report.WhyResult {
	if opts.Framework != "" && !strings.EqualFold(g.Framework, opts.Framework) {
		return nil
	}
	var out []report.WhyResult
	for i := range g.Nodes {
		n := &g.Nodes[i]
		if !matches(query, n.Name) || !g.Reachable(i) {
			continue
		}
		out = append(out, whyResult(g, i, opts.MaxPaths))
	}
	return out
}

// lockPackages reports whether want is true of a package of the lock
// data that is a node of the graphs built from it (any but a framework
// reference assembly). A node has the name and the version of the first
// of its packages.
func lockPackages(lock *extract.Lock, want func(pkg *extract.Package) bool) bool {
	for t := range lock.Targets {
		pkgs := lock.Targets[t].Packages
		for k := range pkgs {
			if pkgs[k].Type != extract.TypeReferenceAssembly && want(&pkgs[k]) {
				return true
			}
		}
	}
	return false
}

func matches(query, name string) bool {
	if strings.HasSuffix(query, "*") {
		return strings.HasPrefix(strings.ToLower(name), strings.ToLower(strings.TrimSuffix(query, "*")))
	}
	return strings.EqualFold(query, name)
}

// PathIDs turns node paths into "Name@Version" strings and collects the
// project and platform nodes among them.
func PathIDs(g *graph.Graph, paths [][]int32) (ids [][]string, projects []string, platform string) {
	return pathIDs(g, paths, nil)
}

// pathIDs is PathIDs with the strings from t (nil: made anew).
func pathIDs(g *graph.Graph, paths [][]int32, t *nodeTexts) (ids [][]string, projects []string, platform string) {
	if len(paths) > 0 {
		ids = make([][]string, 0, len(paths))
	}
	for _, p := range paths {
		row := make([]string, 0, len(p))
		for _, n := range p {
			node := &g.Nodes[n]
			id := t.id(g, n)
			row = append(row, id)
			if node.Kind == graph.Project && !slices.Contains(projects, id) {
				projects = append(projects, id)
			}
			if node.Platform {
				platform = id
			}
		}
		ids = append(ids, row)
	}
	return ids, projects, platform
}

// nodeTexts holds what the report says of the nodes of one graph at a
// time, each made once: a graph's findings name the same nodes over and
// over, in their paths and as their packages (made anew, the "Name@Version"
// strings of the paths were an eighth of what a scan of 21,908 findings
// held). A nil *nodeTexts makes them anew.
type nodeTexts struct {
	g    *graph.Graph
	ids  []string
	pkgs []report.Package // Ecosystem "" when not made yet
}

// of points t at graph g.
func (t *nodeTexts) of(g *graph.Graph) {
	if t.g != g {
		t.g = g
		t.ids = slices.Grow(t.ids[:0], len(g.Nodes))[:len(g.Nodes)]
		clear(t.ids)
		t.pkgs = slices.Grow(t.pkgs[:0], len(g.Nodes))[:len(g.Nodes)]
		clear(t.pkgs)
	}
}

// id returns node i's "Name@Version".
func (t *nodeTexts) id(g *graph.Graph, i int32) string {
	if t == nil {
		return g.Nodes[i].ID()
	}
	t.of(g)
	if t.ids[i] == "" {
		t.ids[i] = g.Nodes[i].ID()
	}
	return t.ids[i]
}

// pkg returns node i as the report's package.
func (t *nodeTexts) pkg(g *graph.Graph, i int) report.Package {
	n := &g.Nodes[i]
	if t == nil {
		return report.NuGetPackage(n.Name, n.Version)
	}
	t.of(g)
	if t.pkgs[i].Ecosystem == "" {
		t.pkgs[i] = report.NuGetPackage(n.Name, n.Version)
	}
	return t.pkgs[i]
}

func whyResult(g *graph.Graph, i, maxPaths int) report.WhyResult {
	n := &g.Nodes[i]
	ids, projects, platform := PathIDs(g, g.ShortestPaths(i, maxPaths))
	r := report.WhyResult{
		Project: g.Project, Framework: g.Framework,
		Package:   report.NuGetPackage(n.Name, n.Version),
		Direct:    n.Direct,
		PathCount: g.CountPaths(i),
		Paths:     ids,
		Source:    g.Source,
		Projects:  projects, Platform: platform,
		ViaPlatform: g.ViaPlatformOnly(i),
	}
	if n.Unresolved {
		r.Unresolved, r.DeclaredRange = true, n.Range
	}
	if r.Paths == nil {
		r.Paths = [][]string{}
	}
	return r
}

// hit is a finding, already in the report's form (made while its graph
// was at hand), with what ordering and filtering it still needs.
type hit struct {
	adv *advisory.Advisory
	f   report.Finding
	key string // the package's normalised name
}

// matcher matches graphs against the advisories; one per goroutine.
type matcher struct {
	m    *match.Matcher
	opts ScanOptions
}

func newMatcher(src match.Source, opts ScanOptions) *matcher {
	return &matcher{m: match.NewMatcher(src, match.Options{MaxPaths: opts.MaxPaths, Advisories: opts.Advisories}), opts: opts}
}

// match returns the findings of graphs in match.Match's order.
func (m *matcher) match(graphs []*graph.Graph) []hit {
	return hits(m.m.Match(graphs), m.opts.Lang)
}

func hits(found []match.Finding, lang i18n.Lang) []hit {
	out := make([]hit, len(found))
	var t nodeTexts
	for i := range found {
		f := &found[i]
		out[i] = hit{adv: f.Advisory, f: finding(f, lang, &t), key: f.Graph.Key(f.Node)}
	}
	return out
}

// sortHits puts the hits of separate match.Match calls, concatenated in
// the order of the graphs, in the order one call over all the graphs
// gives (the sort is stable, and so is match.Match's).
func sortHits(hs []hit) {
	sort.SliceStable(hs, func(i, j int) bool {
		a, b := &hs[i], &hs[j]
		if a.adv.ID != b.adv.ID {
			return a.adv.ID < b.adv.ID
		}
		if a.f.Project != b.f.Project {
			return a.f.Project < b.f.Project
		}
		if a.f.Framework != b.f.Framework {
			return nuget.CompareFrameworks(a.f.Framework, b.f.Framework) < 0
		}
		return a.key < b.key
	})
}

// withDefaults fills the options left zero.
func (o ScanOptions) withDefaults() ScanOptions {
	if o.MaxPaths <= 0 {
		o.MaxPaths = 5
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	return o
}
