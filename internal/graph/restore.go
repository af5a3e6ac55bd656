package graph

import (
	"slices"

	"github.com/affected-dev/affected/internal/nuget"
)

// What restore will resolve once some declared versions are raised is
// known only in part before it runs: the lock data holds the dependency
// ranges of the versions it resolved, not those of the versions a bump
// moves to. Expect answers with what the graph does show.
//
// A raised package that the project declares is certain: NuGet's
// "direct dependency wins" rule resolves the declared version. A package
// that comes through a raised one rises with it when the graph shows
// that they are released together: the locked version of the parent asks
// for the package at its own version (Microsoft.AspNetCore.Mvc 1.1.0 asks
// for Microsoft.AspNetCore.Mvc.Core 1.1.0), and both belong to one family
// of ids (one is the other's namespace, or they share a namespace of
// three or more parts, as Microsoft.AspNetCore.Mvc.*); the parent's new
// version is then expected to ask for the package at its own new version.
// That is an inference, which restore confirms. Through any other raised
// parent the package may rise or not: only restore can tell, and Expect
// says so (Unknown).

// Expected is what restore is expected to resolve for a node once some
// packages are raised.
type Expected struct {
	// Version is the lowest version restore is expected to resolve; zero
	// when nothing raised reaches the node (it keeps its locked version).
	Version nuget.Version
	// Via is the raised node whose version this one follows (itself when
	// it is raised directly); -1 when Version is zero.
	Via int32
	// Unknown is set when a raised package that depends on this one may
	// ask for a higher version than Version (or than the locked one): its
	// new dependency ranges are not in the lock data.
	Unknown bool
}

// Raised reports whether the node is expected above its locked version.
func (e Expected) Raised() bool { return !e.Version.IsZero() }

// Expect returns, for every node, what restore is expected to resolve
// once the nodes of raised resolve at least the versions given (a
// declared reference raised by an edit, or a declaration the lock data
// has not caught up with).
func (g *Graph) Expect(raised map[int]nuget.Version) []Expected {
	out := make([]Expected, len(g.Nodes))
	for i := range out {
		out[i].Via = -1
	}
	if len(raised) == 0 {
		return out
	}
	locked := func(i int32) nuget.Version {
		v, _ := nuget.ParseVersion(g.Nodes[i].Version)
		return v
	}
	for _, n := range g.topoOrder() {
		if v, ok := raised[int(n)]; ok {
			if cur := locked(n); cur.Less(v) {
				out[n] = Expected{Version: v, Via: n}
			}
			continue
		}
		for _, p := range g.pred.of(n) {
			pe := out[p]
			if pe.Unknown && !pe.Raised() {
				out[n].Unknown = true // the parent itself may rise
				continue
			}
			if !pe.Raised() {
				continue
			}
			if pe.Unknown {
				out[n].Unknown = true
			}
			if !g.releasedTogether(p, n) {
				out[n].Unknown = true
				continue
			}
			base := out[n].Version
			if base.IsZero() {
				base = locked(n)
			}
			if base.Less(pe.Version) {
				out[n].Version, out[n].Via = pe.Version, pe.Via
			}
		}
	}
	return out
}

// topoOrder lists the nodes with every node after the nodes that depend
// on it (the graph is acyclic once built).
func (g *Graph) topoOrder() []int32 {
	indeg := make([]int32, len(g.Nodes))
	for i := range g.Nodes {
		for _, s := range g.succ.of(int32(i)) {
			indeg[s]++
		}
	}
	order := make([]int32, 0, len(g.Nodes))
	for i := range g.Nodes {
		if indeg[i] == 0 {
			order = append(order, int32(i))
		}
	}
	for k := 0; k < len(order); k++ {
		for _, s := range g.succ.of(order[k]) {
			if indeg[s]--; indeg[s] == 0 {
				order = append(order, s)
			}
		}
	}
	return order
}

// releasedTogether reports whether the edge from → to was recorded as one
// release of one family (see Builder.Asks).
func (g *Graph) releasedTogether(from, to int32) bool {
	_, ok := slices.BinarySearch(g.together, uint64(from)<<32|uint64(uint32(to)))
	return ok
}

// Asks records the range with which node from asks for node to, when it
// shows the two released together: the range's lower bound is from's own
// version and the ids are of one family (see Expect). Only such edges are
// kept.
func (b *Builder) Asks(from, to int, rng string) {
	if from == to {
		return
	}
	f, t := &b.g.Nodes[from], &b.g.Nodes[to]
	// sameRelease first: it fails at the first character for most edges.
	if f.Kind != Package || t.Kind != Package || !sameRelease(f.Version, rng) || !family(b.g.keys[from], b.g.keys[to]) {
		return
	}
	b.together = append(b.together, uint64(from)<<32|uint64(uint32(to)))
}

// sameRelease reports whether the lower bound of a dependency range is
// the version given, as written ("1.1.0" and "[1.1.0, )" for 1.1.0; lock
// data writes both in the same normal form).
func sameRelease(version, rng string) bool {
	if len(rng) > 0 && rng[0] == '[' {
		rng = rng[1:]
	}
	if len(rng) < len(version) || rng[:len(version)] != version {
		return false
	}
	rest := rng[len(version):]
	return rest == "" || rest[0] == ',' || rest[0] == ' ' || rest[0] == ']'
}

// family reports whether two normalised ids are of one family: one is
// the other's namespace, or they share a namespace of three or more
// parts.
func family(a, b string) bool {
	parts, i := 0, 0
	for ; i < len(a) && i < len(b) && a[i] == b[i]; i++ {
		if a[i] == '.' {
			if parts++; parts >= 3 {
				return true
			}
		}
	}
	// One is the other followed by ".": the namespace and a member.
	return i == len(a) && i < len(b) && b[i] == '.' || i == len(b) && i < len(a) && a[i] == '.'
}

// Declared returns the nodes whose declared version is above the locked
// one, with the lowest version the declaration admits: the project's
// files were changed (by `affected fix`, or by hand) and restore has not
// run since. The lock data is stale for them; restore resolves the
// declared version (a direct dependency wins).
func (g *Graph) Declared() map[int]nuget.Version {
	var out map[int]nuget.Version
	for i := range g.Nodes {
		n := &g.Nodes[i]
		if n.Range == "" || n.Unresolved || n.Platform || n.Kind != Package {
			continue
		}
		locked, err := nuget.ParseVersion(n.Version)
		if err != nil {
			continue
		}
		r, err := nuget.ParseRange(n.Range)
		if err != nil || r.IsFloating() || r.Contains(locked) {
			continue
		}
		if low, ok := r.Lowest(); ok && locked.Less(low) {
			if out == nil {
				out = map[int]nuget.Version{}
			}
			out[i] = low
		}
	}
	return out
}
