package server

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/graph"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/inventory"
	"github.com/affected-dev/affected/internal/nuget"
	"github.com/affected-dev/affected/internal/scan"
	"github.com/affected-dev/affected/internal/store"
)

// source serves advisories by package name, for the names it was made
// for only (a re-match recomputes those and no others).
type source map[string][]*advisory.Advisory

func newSource(advs []*advisory.Advisory, only []string) source {
	src := source{}
	var allowed map[string]bool
	if only != nil {
		allowed = make(map[string]bool, len(only))
		for _, n := range only {
			allowed[n] = true
		}
	}
	for _, a := range advs {
		if a.Withdrawn != nil {
			continue
		}
		for _, k := range a.NuGetIDs() {
			if allowed == nil || allowed[k] {
				src[k] = append(src[k], a)
			}
		}
	}
	return src
}

// ForPackage implements match.Source.
func (s source) ForPackage(name string) []*advisory.Advisory { return s[nuget.NormalizeID(name)] }

// findings matches graphs with the CLI's code and returns the findings as
// stored (the report's form, in English).
func findings(graphs []*graph.Graph, src source, maxPaths int) ([]store.Finding, error) {
	fs, keys := scan.Findings(graphs, src, maxPaths, i18n.En)
	out := make([]store.Finding, len(fs))
	for i := range fs {
		f := &fs[i]
		data, err := json.Marshal(f)
		if err != nil {
			return nil, err
		}
		out[i] = store.Finding{Project: f.Project, Framework: f.Framework, AdvisoryID: f.Advisory.ID, PackageKey: keys[i], Version: f.Package.Version, Data: data}
	}
	return out, nil
}

// upload turns a checked inventory into the store's form, with its
// graphs rebuilt (for matching and for the packages they reach).
func upload(doc *inventory.Document) (*store.Upload, []*graph.Graph, error) {
	canon, err := inventory.Encode(doc)
	if err != nil {
		return nil, nil, err
	}
	digest := sha256.Sum256(canon)
	up := &store.Upload{Source: doc.Source, Format: doc.Format, Tool: doc.Tool, Digest: digest[:]}
	if up.Format == "" {
		up.Format = "affected"
	}
	if len(doc.Errors) > 0 {
		if up.Errors, err = json.Marshal(doc.Errors); err != nil {
			return nil, nil, err
		}
	}
	names := map[string]bool{}
	var graphs []*graph.Graph
	var gs scan.Graphs
	for i := range doc.Projects {
		p := &doc.Projects[i]
		sp := store.Project{Path: p.Path, Sources: p.Sources}
		for j := range p.Targets {
			t := &p.Targets[j]
			sp.Frameworks = append(sp.Frameworks, t.Framework)
			data, err := json.Marshal(t)
			if err != nil {
				return nil, nil, fmt.Errorf("encoding a graph: %w", err)
			}
			g := gs.Graph(p.Path, t)
			graphs = append(graphs, g)
			sg := store.Graph{Project: p.Path, Framework: t.Framework, Data: data}
			for k := range g.Nodes {
				n := &g.Nodes[k]
				if n.Kind != graph.Package || n.Version == "" || !g.Reachable(k) {
					continue
				}
				key := nuget.NormalizeID(n.Name)
				names[key] = true
				sg.Packages = append(sg.Packages, store.Package{Key: key, Name: n.Name, Version: n.Version, Direct: n.Direct})
			}
			up.Graphs = append(up.Graphs, sg)
		}
		up.Projects = append(up.Projects, sp)
	}
	for n := range names {
		up.Names = append(up.Names, n)
	}
	return up, graphs, nil
}

// rematch is the store's Rematch: the stored graphs rebuilt and matched
// against the advisories of names only.
func (s *Server) rematch(stored []store.Graph, advs []*advisory.Advisory, names []string) ([]store.Finding, error) {
	graphs := make([]*graph.Graph, 0, len(stored))
	var gs scan.Graphs
	for _, sg := range stored {
		var t inventory.Target
		if err := json.Unmarshal(sg.Data, &t); err != nil {
			return nil, fmt.Errorf("graph %s [%s] of %s: %w", sg.Project, sg.Framework, sg.Source, err)
		}
		graphs = append(graphs, gs.Graph(sg.Project, &t))
	}
	return findings(graphs, newSource(advs, names), s.cfg.MaxPaths)
}
