// Package scan ties the stages together for the commands: discover the
// projects under the given paths, read them, build their graphs, and
// answer a question about them (why a package is there; later, which
// advisories apply). It is the library call behind each command.
package scan

import (
	"context"
	"errors"
	"path/filepath"
	"sort"
	"strings"

	"github.com/affected-dev/affected/internal/discover"
	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/graph"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/project"
	"github.com/affected-dev/affected/internal/report"
)

// Options tune Load.
type Options struct {
	Lang        i18n.Lang
	Concurrency int
}

// Workspace is everything read from the scanned paths.
type Workspace struct {
	Roots    []string // absolute scanned roots
	Projects []*project.Project
	Graphs   []*graph.Graph // sorted by project, then framework
	Errors   []report.ErrorEntry
}

// Load discovers and reads the projects under paths (default ".").
func Load(ctx context.Context, paths []string, opts Options) *Workspace {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	ws := &Workspace{}
	for _, p := range paths {
		if abs, err := filepath.Abs(p); err == nil {
			ws.Roots = append(ws.Roots, abs)
		}
	}
	found := discover.Discover(paths)
	for _, err := range found.Errors {
		ws.addError(err, opts.Lang)
	}
	ws.Projects = project.Load(ctx, found.Projects, project.Options{Concurrency: opts.Concurrency})
	for _, p := range ws.Projects {
		for _, err := range p.Errors {
			ws.addError(err, opts.Lang)
		}
		ws.Graphs = append(ws.Graphs, graph.FromProject(p)...)
	}
	sort.SliceStable(ws.Graphs, func(i, j int) bool {
		a, b := ws.Graphs[i], ws.Graphs[j]
		if a.Project != b.Project {
			return a.Project < b.Project
		}
		return a.Framework < b.Framework
	})
	sort.SliceStable(ws.Errors, func(i, j int) bool { return ws.Errors[i].File < ws.Errors[j].File })
	return ws
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
			File: ws.display(e.File), Line: e.Pos.Line, Column: e.Pos.Col, Message: e.Text(lang),
		})
		return
	}
	ws.Errors = append(ws.Errors, report.ErrorEntry{Message: i18n.Localize(err, lang)})
}

// display shows a file relative to the scanned root that holds it.
func (ws *Workspace) display(file string) string {
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
		if opts.Framework != "" && !strings.EqualFold(g.Framework, opts.Framework) {
			continue
		}
		for i := range g.Nodes {
			n := &g.Nodes[i]
			if !matches(query, n.Name) || !g.Reachable(i) {
				continue
			}
			doc.Results = append(doc.Results, whyResult(g, i, opts.MaxPaths))
		}
	}
	return doc
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
	seen := map[string]bool{}
	for _, p := range paths {
		var row []string
		for _, n := range p {
			node := &g.Nodes[n]
			id := node.ID()
			row = append(row, id)
			if node.Kind == graph.Project && !seen[id] {
				seen[id] = true
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

func whyResult(g *graph.Graph, i, maxPaths int) report.WhyResult {
	n := &g.Nodes[i]
	ids, projects, platform := PathIDs(g, g.ShortestPaths(i, maxPaths))
	r := report.WhyResult{
		Project: g.Project, Framework: g.Framework,
		Package:   report.Package{Name: n.Name, Version: n.Version},
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
