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

// Lazy is a source that can also give the advisories of a package
// decoded only as far as matching reads them (ID, Withdrawn, Packages),
// and the whole advisory of one of those once it applies (false when it
// cannot be read: the source reports that itself). A Matcher uses it when
// its options select no advisories.
type Lazy interface {
	ForPackageMatch(name string) []*advisory.Advisory
	Whole(a *advisory.Advisory) (*advisory.Advisory, bool)
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
	lazy  Lazy // src, when it is one and no advisories are selected
	opts  Options
	cache map[string]*advisories // by normalised name
	rel   relations
	// versions are the versions met, as written, parsed.
	versions map[string]*parsed
}

// advisories are the advisories of a package: all, and those the options
// keep, and the exposures of those that name it.
type advisories struct {
	all, wanted []*advisory.Advisory
	name        string // as the node that asked first wrote it
	// exps are the exposures of the wanted advisories in force that
	// name the package (as strings.EqualFold compares name with them),
	// in order.
	exps []exposureRef
	// low is the lowest version that one of exps can affect, when each
	// has one (hasLow): a version below it is clear of them all at one
	// comparison.
	low    nuget.Version
	hasLow bool
}

// verdict are the exposures of the wanted advisories that affect a
// version: for each advisory in force, the first of its exposures of the
// package that does.
type verdict struct {
	hits []exposureRef
}

// exposureRef is an exposure of a package: its advisory's index in the
// list, and the exposure's in the advisory; and, when hasLow, the lowest
// version it can affect (see advisory.PackageExposure.Lowest).
type exposureRef struct {
	a, k   int32
	hasLow bool
	low    nuget.Version
}

// exposures returns the exposures of the advisories in force of advs that
// name the package name.
func exposures(advs []*advisory.Advisory, name string) []exposureRef {
	var out []exposureRef
	for ai, a := range advs {
		if a.Withdrawn != nil {
			continue
		}
		for k := range a.Packages {
			e := &a.Packages[k]
			if strings.EqualFold(e.Ecosystem, "NuGet") && nuget.EqualID(e.Name, name) {
				r := exposureRef{a: int32(ai), k: int32(k)}
				r.low, r.hasLow = e.Lowest()
				out = append(out, r)
			}
		}
	}
	return out
}

// lowestOf returns the lowest of the lowest versions of exps, when each
// has one.
func lowestOf(exps []exposureRef) (nuget.Version, bool) {
	if len(exps) == 0 {
		return nuget.Version{}, false
	}
	low := exps[0].low
	for i := range exps {
		r := &exps[i]
		if !r.hasLow {
			return nuget.Version{}, false
		}
		if r.low.Less(low) {
			low = r.low
		}
	}
	return low, true
}

// affecting returns the verdict of version v among exps.
func affecting(advs []*advisory.Advisory, exps []exposureRef, v nuget.Version) verdict {
	var vd verdict
	for i := 0; i < len(exps); i++ {
		r := &exps[i]
		if r.hasLow && v.Less(r.low) || !advs[r.a].Packages[r.k].Affects(v) {
			continue
		}
		vd.hits = append(vd.hits, *r)
		for i+1 < len(exps) && exps[i+1].a == r.a {
			i++ // the advisory's first exposure that affects v counts
		}
	}
	return vd
}

// version returns s parsed, remembered.
func (m *Matcher) version(s string) (nuget.Version, bool) {
	if p := m.versions[s]; p != nil {
		return p.v, p.ok
	}
	v, err := nuget.ParseVersion(s)
	if len(m.versions) >= maxVersions {
		clear(m.versions)
	}
	m.versions[s] = &parsed{v, err == nil}
	return v, err == nil
}

// parsed is a version parsed, ok when it parses.
type parsed struct {
	v  nuget.Version
	ok bool
}

// maxVersions bounds the versions a Matcher keeps parsed.
const maxVersions = 1 << 16

// NewMatcher returns a Matcher of the advisories of src.
func NewMatcher(src Source, opts Options) *Matcher {
	m := &Matcher{src: src, opts: opts, cache: map[string]*advisories{}, rel: relations{}, versions: map[string]*parsed{}}
	if l, ok := src.(Lazy); ok && len(opts.Advisories) == 0 {
		m.lazy = l
	}
	return m
}

// lookup returns the advisories of the package called name, whose
// normalised name is key, looked up once per key.
func (m *Matcher) lookup(key, name string) *advisories {
	c := m.cache[key]
	if c == nil {
		c = new(advisories)
		if m.lazy != nil {
			c.all = m.lazy.ForPackageMatch(name)
		} else {
			c.all = m.src.ForPackage(name)
		}
		c.wanted = filter(c.all, m.opts.Advisories)
		c.name = name
		c.exps = exposures(c.wanted, name)
		c.low, c.hasLow = lowestOf(c.exps)
		m.cache[key] = c
	}
	return c
}

// Advised reports whether an advisory that Match looks for names the
// package called name, whose normalised name is key ([graph.Graph.Key]):
// Match finds nothing in a graph none of whose packages is advised, and
// need not be given it.
func (m *Matcher) Advised(key, name string) bool { return len(m.lookup(key, name).wanted) > 0 }

// Affected reports whether an advisory that Match looks for affects the
// package called name (normalised: key) at version, as written: Match
// finds nothing in a graph none of whose packages is affected.
func (m *Matcher) Affected(key, name, version string) bool {
	c := m.lookup(key, name)
	if len(c.wanted) == 0 {
		return false
	}
	_, _, ok := m.affecting(c, name, version)
	return ok
}

// affecting returns what of the advisories c affects the package called
// name at version (as written), and the version parsed; ok is false when
// none does.
func (m *Matcher) affecting(c *advisories, name, version string) (vd verdict, v nuget.Version, ok bool) {
	// The exposures that name this package name the first; a spelling
	// only lower-casing makes the same has its own.
	same := name == c.name || strings.EqualFold(name, c.name)
	v, ok = m.version(version)
	if !ok || same && c.hasLow && v.Less(c.low) {
		return verdict{}, v, false
	}
	exps := c.exps
	if !same {
		exps = exposures(c.wanted, name)
	}
	vd = affecting(c.wanted, exps, v)
	return vd, v, len(vd.hits) > 0
}

// Match matches every package node of every graph, as the function Match
// does.
func (m *Matcher) Match(graphs []*graph.Graph) []Finding {
	var out []Finding
	opts := m.opts
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
			c := m.lookup(g.Key(i), n.Name)
			advs := c.wanted
			if len(advs) == 0 {
				continue
			}
			vd, v, ok := m.affecting(c, n.Name, n.Version)
			if !ok {
				continue
			}
			var hits []Finding
			for _, r := range vd.hits {
				a, e := advs[r.a], &advs[r.a].Packages[r.k]
				if m.lazy != nil {
					w, ok := m.lazy.Whole(a)
					if !ok {
						continue
					}
					if a = w; int(r.k) < len(w.Packages) {
						e = &w.Packages[r.k]
					}
				}
				hits = append(hits, Finding{Advisory: a, Exposure: e, Graph: g, Node: i, Version: v, Fixed: fixedFirst(e, v)})
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
