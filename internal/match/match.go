// Package match finds which advisories apply to which packages of which
// dependency graphs. It is pure: graphs and advisories in, findings out.
//
// A finding is an advisory × project × framework × package version. It
// carries the facts a reader needs to act: whether the package is a direct
// dependency, how many paths bring it in and the shortest of them, the
// advisory's fixed versions, the lowest version that is clear of every
// advisory known for the package, and whether the package only comes with
// the platform (the shared runtime), in which case the advice is to update
// the runtime, not to pin the package.
package match

import (
	"sort"
	"strings"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/graph"
	"github.com/affected-dev/affected/internal/nuget"
)

// Source gives the advisories that name a package (case-insensitively).
type Source interface {
	ForPackage(name string) []*advisory.Advisory
}

// Finding is one advisory applying to one package of one graph.
type Finding struct {
	Advisory *advisory.Advisory
	Exposure *advisory.PackageExposure
	Graph    *graph.Graph
	Node     int
	Version  nuget.Version
	// PathCount counts every path from a direct dependency to the package;
	// Paths holds the shortest (at most Options.MaxPaths).
	PathCount uint64
	Paths     [][]int32
	// Fixed are the advisory's fixed versions for this package, the one
	// that fixes this version first.
	Fixed []nuget.Version
	// Recommended is the lowest version above Version that no known
	// advisory affects (zero when none is known).
	Recommended nuget.Version
	ViaPlatform bool
	// Also are the other records of the same issue on this package (a
	// Microsoft document and an OSV record that share a CVE id or an
	// alias): one finding, several ids.
	Also []*advisory.Advisory
	// Restore is set when the lock data is older than the project's
	// files for this package: they declare a version of it, or of a
	// package it comes through, that the lock data does not have yet.
	Restore *AfterRestore
}

// AfterRestore is what restore is expected to change for a finding whose
// lock data is stale (see graph.Expect).
type AfterRestore struct {
	// Expected is the lowest version restore is expected to resolve
	// (zero when only Unknown is set); Via is the node whose declared
	// version it follows (the finding's own node when it is declared).
	Expected nuget.Version
	Via      int
	// Fixed is set when the advisory does not affect Expected: the files
	// already fix the finding, and only the lock data is behind. (With
	// Unknown, Expected is a lower bound.)
	Fixed bool
	// Unknown is set when a package that this one comes through is
	// declared at a version the lock data does not have, and may ask for
	// more than Expected (or the locked version): only restore can tell.
	Unknown bool
}

// Node returns the graph node of the finding.
func (f *Finding) NodeRef() *graph.Node { return &f.Graph.Nodes[f.Node] }

// Options tune Match.
type Options struct {
	MaxPaths int
	// Advisories restricts matching to these IDs or aliases (all when
	// empty).
	Advisories []string
}

// Match matches every package node of every graph against the advisories
// of src.
func Match(graphs []*graph.Graph, src Source, opts Options) []Finding {
	return NewMatcher(src, opts).Match(graphs)
}

// Matcher matches graphs against the advisories of a source, remembering
// what the source gave for each package name (and which of those
// advisories the options keep), and which advisories are records of one
// issue, from one call to the next: a goroutine that matches project
// after project asks for mostly the same names. Its memory grows with the
// number of distinct names and advisories found. It is not safe for
// concurrent use.
type Matcher struct {
	src   Source
	opts  Options
	cache map[string]advisories // by normalised name
	rel   relations
}

// advisories are the advisories of a package: all, and those the options
// keep.
type advisories struct{ all, wanted []*advisory.Advisory }

// NewMatcher returns a Matcher of the advisories of src.
func NewMatcher(src Source, opts Options) *Matcher {
	return &Matcher{src: src, opts: opts, cache: map[string]advisories{}, rel: relations{}}
}

// Match matches every package node of every graph, as the function Match
// does.
func (m *Matcher) Match(graphs []*graph.Graph) []Finding {
	var out []Finding
	src, opts, cache := m.src, m.opts, m.cache
	for _, g := range graphs {
		// exp is what restore is expected to resolve, found at the first
		// finding of the graph: nil when the project's files declare no
		// version the lock data does not have (most graphs).
		var exp []graph.Expected
		expFound := false
		for i := range g.Nodes {
			n := &g.Nodes[i]
			if n.Kind != graph.Package || n.Version == "" || !g.Reachable(i) {
				continue
			}
			key := g.Key(i)
			c, ok := cache[key]
			if !ok {
				c.all = src.ForPackage(n.Name)
				c.wanted = filter(c.all, opts.Advisories)
				cache[key] = c
			}
			advs := c.wanted
			if len(advs) == 0 {
				continue
			}
			v, err := nuget.ParseVersion(n.Version)
			if err != nil {
				continue
			}
			var hits []Finding
			for _, a := range advs {
				if a.Withdrawn != nil {
					continue
				}
				for k := range a.Packages {
					e := &a.Packages[k]
					if !strings.EqualFold(e.Ecosystem, "NuGet") || !nuget.EqualID(e.Name, n.Name) || !e.Affects(v) {
						continue
					}
					hits = append(hits, Finding{Advisory: a, Exposure: e, Graph: g, Node: i, Version: v, Fixed: fixedFirst(e, v)})
					break
				}
			}
			if len(hits) == 0 {
				continue
			}
			hits = sameIssue(hits, m.rel)
			// Clear of every known advisory, not only the ones asked for.
			rec := Recommended(n.Name, v, c.all)
			count := g.CountPaths(i)
			paths := g.ShortestPaths(i, opts.MaxPaths)
			via := g.ViaPlatformOnly(i)
			if !expFound {
				if raised := g.Declared(); len(raised) > 0 {
					exp = g.Expect(raised)
				}
				expFound = true
			}
			var e graph.Expected // nothing raised
			if exp != nil {
				e = exp[i]
			}
			for _, h := range hits {
				h.PathCount, h.Paths, h.Recommended, h.ViaPlatform = count, paths, rec, via
				h.Restore = afterRestore(e, h.Exposure)
				out = append(out, h)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := &out[i], &out[j]
		if a.Advisory.ID != b.Advisory.ID {
			return a.Advisory.ID < b.Advisory.ID
		}
		if a.Graph.Project != b.Graph.Project {
			return a.Graph.Project < b.Graph.Project
		}
		if a.Graph.Framework != b.Graph.Framework {
			return nuget.CompareFrameworks(a.Graph.Framework, b.Graph.Framework) < 0
		}
		return a.Graph.Key(a.Node) < b.Graph.Key(b.Node)
	})
	return out
}

func filter(advs []*advisory.Advisory, ids []string) []*advisory.Advisory {
	if len(ids) == 0 {
		return advs
	}
	var out []*advisory.Advisory
	for _, a := range advs {
		for _, id := range ids {
			if a.Is(id) {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

// fixedFirst lists the exposure's fixed versions with the one that fixes v
// first.
func fixedFirst(e *advisory.PackageExposure, v nuget.Version) []nuget.Version {
	all := e.FixedVersions()
	f, ok := e.FixedFor(v)
	if !ok {
		return all
	}
	out := []nuget.Version{f}
	for _, x := range all {
		if !x.Equal(f) {
			out = append(out, x)
		}
	}
	return out
}

// Recommended returns the lowest version above v that none of advs affects
// for the package, chosen among the fixed versions the advisories publish
// (the only versions known to exist). Zero when none qualifies.
func Recommended(name string, v nuget.Version, advs []*advisory.Advisory) nuget.Version {
	var exps []*advisory.PackageExposure
	var candidates []nuget.Version
	for _, a := range advs {
		if a.Withdrawn != nil {
			continue
		}
		for k := range a.Packages {
			e := &a.Packages[k]
			if !strings.EqualFold(e.Ecosystem, "NuGet") || !nuget.EqualID(e.Name, name) {
				continue
			}
			exps = append(exps, e)
			for _, f := range e.FixedVersions() {
				if v.Less(f) {
					candidates = append(candidates, f)
				}
			}
		}
	}
	sort.Slice(candidates, func(i, j int) bool { return candidates[i].Less(candidates[j]) })
next:
	for _, c := range candidates {
		for _, e := range exps {
			if e.Affects(c) {
				continue next
			}
		}
		return c
	}
	return nuget.Version{}
}

// afterRestore says what restore is expected to change for a finding
// (nil when the lock data is not behind the files for it).
func afterRestore(e graph.Expected, x *advisory.PackageExposure) *AfterRestore {
	if !e.Raised() && !e.Unknown {
		return nil
	}
	r := &AfterRestore{Expected: e.Version, Via: int(e.Via), Unknown: e.Unknown}
	r.Fixed = e.Raised() && !x.Affects(e.Version)
	return r
}
