// Package graph builds the dependency graph of one project and target
// framework from what restore resolved (or, without lock data, from what the
// project declares) and answers questions about paths in it: how many paths
// lead from the project's direct dependencies to a package, and which are
// the shortest.
//
// Nodes are packages and referenced projects; edges come from the lock
// data. The roots (the starts of paths) are exactly what the project
// declares: its package references and its ProjectReferences, whatever
// else depends on them, together with what the lock data records as
// direct (packages.lock.json "Direct" entries, the dependency groups of
// assets and project.lock.json files). A referenced project is found in
// the lock data by the name restore gave it: its PackageId, else its
// AssemblyName, else its file name. Without a project file (a lone lock
// file) a packages.lock.json cannot tell a referenced project from one
// that arrives through another: its project entries that no other one
// depends on are taken as the roots. Runtime-specific targets ("net8.0/win-x64") are folded into their
// framework, so a package appears once per framework. The graph is made
// acyclic when it is built (a malformed file may contain a cycle; the edge
// closing it is dropped), so every question about paths terminates. Path
// counts saturate at the largest uint64 instead of overflowing; shortest
// paths are found by a best-first search that stops after the requested
// number, so a graph with 2^40 paths costs no more than one with 4.
package graph

import (
	"container/heap"
	"math"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/nuget"
)

// NodeKind distinguishes packages from referenced projects.
type NodeKind uint8

// Node kinds.
const (
	Package NodeKind = iota
	Project
)

// Node is a package or a referenced project.
type Node struct {
	Name    string // as written in the lock data (or the manifest)
	Version string // normalised when it parses, else as written
	Kind    NodeKind
	// Direct marks what the project itself references.
	Direct bool
	// Platform marks project.json's `"type": "platform"` dependency
	// (Microsoft.NETCore.App): the shared runtime, not a deployed package.
	Platform bool
	// Unresolved marks a node known only from a manifest: Version is the
	// lowest version the declared Range admits ("" when it floats).
	Unresolved bool
	Range      string
	// DeclaredAt is where a direct dependency is declared (zero when the
	// graph has no manifest).
	DeclaredAt extract.Location
	// VersionAt is where the declared version is written.
	VersionAt extract.Location
}

// ID returns "Name@Version", the form used in paths.
func (n *Node) ID() string {
	if n.Version == "" {
		return n.Name
	}
	return n.Name + "@" + n.Version
}

// Graph is the dependency graph of one project and framework.
type Graph struct {
	Project   string // display path of the project
	Framework string // short framework name ("" when unknown)
	Source    string // display path of the file the graph comes from
	// Root is the scanned root the display paths are relative to.
	Root  string
	Nodes []Node
	succ  lists
	pred  lists
	roots []int32
	keys  []string   // the normalised name of each node
	index *nameIndex // made by the first Lookup
	depth []int32    // shortest distance from any root; -1 when unreachable
	// together are the edges (from<<32 | to, sorted) that show the two
	// packages released together (Builder.Asks).
	together []uint64
}

// Lookup returns the node index of a package or project by name
// (case-insensitive).
func (g *Graph) Lookup(name string) (int, bool) {
	x := g.index
	if x == nil { // a Graph not made by a Builder
		x = &nameIndex{}
	}
	x.once.Do(func() {
		x.m = make(map[string]int32, len(g.keys))
		for i, k := range g.keys {
			x.m[k] = int32(i)
		}
	})
	i, ok := x.m[nuget.NormalizeID(name)]
	return int(i), ok
}

// Key returns the normalised name of node i ([nuget.NormalizeID] of its
// name), the key of case-insensitive comparisons.
func (g *Graph) Key(i int) string {
	if i < len(g.keys) {
		return g.keys[i]
	}
	return nuget.NormalizeID(g.Nodes[i].Name) // a Graph not made by a Builder
}

// nameIndex maps normalised names to nodes. Most graphs are never asked
// for a name (a scan walks their nodes), so it is made on first use; a
// copy of the Graph shares it.
type nameIndex struct {
	once sync.Once
	m    map[string]int32
}

// Successors returns the dependencies of node i.
func (g *Graph) Successors(i int) []int32 { return g.succ.of(int32(i)) }

// Predecessors returns the nodes that depend on node i.
func (g *Graph) Predecessors(i int) []int32 { return g.pred.of(int32(i)) }

// lists are the adjacency lists of every node in one array (list i is
// to[off[i]:off[i+1]]) instead of a slice per node: a graph of a few
// hundred packages is built for every project and framework of a tree.
type lists struct {
	to  []int32
	off []int32 // len(Nodes)+1
}

// of returns list i; appending to it cannot overwrite list i+1.
func (l *lists) of(i int32) []int32 { return l.to[l.off[i]:l.off[i+1]:l.off[i+1]] }

// remove drops the pairs (i, x) of drop (sorted) from the lists: list i
// loses x.
func (l *lists) remove(drop [][2]int32) {
	if len(drop) == 0 {
		return
	}
	out := l.to[:0]
	start := int32(0)
	for i := range len(l.off) - 1 {
		for _, x := range l.to[start:l.off[i+1]] {
			if _, found := slices.BinarySearchFunc(drop, [2]int32{int32(i), x}, comparePairs); !found {
				out = append(out, x)
			}
		}
		start, l.off[i+1] = l.off[i+1], int32(len(out))
	}
	l.to = out
}

func comparePairs(a, b [2]int32) int {
	if a[0] != b[0] {
		return int(a[0] - b[0])
	}
	return int(a[1] - b[1])
}

// Roots returns the direct dependencies and referenced projects.
func (g *Graph) Roots() []int32 { return g.roots }

// Builder assembles a graph.
type Builder struct {
	g  *Graph
	in *Interner
	// index finds the node of a normalised name while the graph is built,
	// when the interner's slots are taken by another builder; else nums
	// are the numbers of the slots this one set.
	index map[string]int32
	nums  []int32
	// edges are the edges added, in order, duplicates included: Build
	// lays them out (see link).
	edges [][2]int32
	// together are the edges Asks kept.
	together []uint64
}

// NewBuilder starts a graph.
func NewBuilder(project, framework, source string) *Builder {
	return new(Interner).NewBuilder(project, framework, source)
}

// NewBuilder starts a graph whose names and versions go through the
// interner.
func (in *Interner) NewBuilder(project, framework, source string) *Builder {
	b := &Builder{g: in.graph(), in: in}
	b.g.Project, b.g.Framework, b.g.Source = project, framework, source
	b.together = b.g.together[:0]
	b.edges, in.scratch.edges = in.scratch.edges[:0], nil // this builder's until Build
	if in.owner == nil {
		in.owner = b // finds nodes through the interner's slots
	} else {
		b.index = map[string]int32{}
	}
	return b
}

// grow makes room for n more nodes.
func (b *Builder) grow(n int) {
	b.g.Nodes = slices.Grow(b.g.Nodes, n)
	b.g.keys = slices.Grow(b.g.keys, n)
	if b.index == nil {
		b.nums = slices.Grow(b.nums, n)
	}
}

// find returns the node of an identifier.
func (b *Builder) find(id ident) (int, bool) {
	if b.index != nil {
		i, ok := b.index[id.key]
		return int(i), ok
	}
	i := b.in.slot[id.n]
	return int(i - 1), i > 0
}

// Node adds a node, or returns the existing node of that name (the first
// one added wins: NuGet resolves one version per package and framework).
func (b *Builder) Node(n Node) int {
	id := b.in.id(n.Name)
	if i, ok := b.find(id); ok {
		return i
	}
	n.Name = id.name
	n.Version = b.in.version(n.Version)
	i := int32(len(b.g.Nodes))
	b.g.Nodes = append(b.g.Nodes, n)
	b.g.keys = append(b.g.keys, id.key)
	if b.index != nil {
		b.index[id.key] = i
	} else {
		b.in.slot[id.n] = i + 1
		b.nums = append(b.nums, id.n)
	}
	return int(i)
}

// Lookup returns the node of a name added so far.
func (b *Builder) Lookup(name string) (int, bool) { return b.find(b.in.id(name)) }

// NodeAt gives access to a node added so far, to mark it.
func (b *Builder) NodeAt(i int) *Node { return &b.g.Nodes[i] }

// Edge adds a dependency edge; duplicates and self-loops are ignored.
func (b *Builder) Edge(from, to int) {
	if from != to {
		b.edges = append(b.edges, [2]int32{int32(from), int32(to)})
	}
}

// hasPredecessor marks the nodes that an edge added so far leads to.
func (b *Builder) hasPredecessor() []bool {
	has := make([]bool, len(b.g.Nodes))
	for _, e := range b.edges {
		has[e[1]] = true
	}
	return has
}

// link lays the edges out as adjacency lists, each in the order its edges
// were added, without duplicates (the first of equal edges counts), in
// two arrays (one for successors, one for predecessors). Its working
// memory is the interner's, kept from graph to graph.
func (b *Builder) link() {
	g, edges, n := b.g, b.edges, len(b.g.Nodes)
	sc := &b.in.scratch
	// The edges grouped by source, in order: a counting sort.
	start := zeroed(&sc.start, n+1)
	for _, e := range edges {
		start[e[0]+1]++
	}
	for i := range n {
		start[i+1] += start[i]
	}
	bySource := zeroed(&sc.bySource, len(edges)) // indices into edges
	next := zeroed(&sc.next, n)
	copy(next, start[:n])
	for k, e := range edges {
		bySource[next[e[0]]] = int32(k)
		next[e[0]]++
	}
	// The first of equal edges is kept: seen[to] == from+1 while the
	// edges of from are looked at.
	seen := zeroed(&sc.seen, n)
	keep := zeroed(&sc.keep, len(edges))
	kept := 0
	for from := range n {
		for _, k := range bySource[start[from]:start[from+1]] {
			if to := edges[k][1]; seen[to] != int32(from)+1 {
				seen[to] = int32(from) + 1
				keep[k] = true
				kept++
			}
		}
	}
	g.succ = lists{to: reuse(g.succ.to, kept)[:0], off: reuse(g.succ.off, n+1)}
	for from := range n {
		for _, k := range bySource[start[from]:start[from+1]] {
			if keep[k] {
				g.succ.to = append(g.succ.to, edges[k][1])
			}
		}
		g.succ.off[from+1] = int32(len(g.succ.to))
	}
	// Predecessors in the order their edges were added.
	g.pred = lists{to: reuse(g.pred.to, kept), off: reuse(g.pred.off, n+1)}
	for k, e := range edges {
		if keep[k] {
			g.pred.off[e[1]+1]++
		}
	}
	for i := range n {
		g.pred.off[i+1] += g.pred.off[i]
	}
	copy(next, g.pred.off[:n])
	for k, e := range edges {
		if keep[k] {
			g.pred.to[next[e[1]]] = e[0]
			next[e[1]]++
		}
	}
	sc.edges, b.edges = edges[:0], nil
}

// reuse returns a slice of length n, cleared: s's memory when it has
// room (a recycled graph's), else new memory.
func reuse[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// zeroed returns (*buf)[:n] cleared, growing *buf when it is too small:
// the interner's working memory.
func zeroed[T any](buf *[]T, n int) []T {
	if cap(*buf) < n {
		*buf = make([]T, n)
		return *buf
	}
	s := (*buf)[:n]
	clear(s)
	return s
}

// Root marks a node as a direct dependency (or referenced project).
func (b *Builder) Root(i int) {
	if !b.g.Nodes[i].Direct {
		b.g.Nodes[i].Direct = true
		b.g.roots = append(b.g.roots, int32(i))
	}
}

// Build finishes the graph: it drops the edges that close cycles, sorts
// adjacency lists by name for stable output and computes depths.
func (b *Builder) Build() *Graph {
	b.link()
	g := b.g
	if b.in.owner == b {
		for _, n := range b.nums {
			b.in.slot[n] = 0
		}
		b.in.owner = nil
	}
	g.breakCycles(&b.in.scratch)
	keys := g.keys
	byName := func(list []int32) {
		slices.SortFunc(list, func(a, b int32) int { return strings.Compare(keys[a], keys[b]) })
	}
	for i := range int32(len(g.Nodes)) {
		byName(g.succ.of(i))
		byName(g.pred.of(i))
	}
	byName(g.roots)
	slices.Sort(b.together)
	g.together = slices.Compact(b.together)
	g.computeDepth(&b.in.scratch)
	b.g = nil
	return g
}

// Interner keeps the normal forms of the package names and versions it
// has seen, each stored once: the builders of one goroutine share one
// across projects, since every project of a tree names mostly the same
// packages at mostly the same versions. It is not safe for concurrent use;
// its memory grows with the number of distinct names and versions.
type Interner struct {
	ids      map[string]int32 // name as written → its ident in idents
	idents   []ident
	versions map[string]int32 // version as written → its normalised form in normal
	normal   []string
	keyIDs   map[string]int32 // normalised name → its number
	// slot holds, for the builder that owns it, the node of each
	// normalised name (by number) plus one: finding a node takes no
	// lookup by string beyond the name's own.
	slot  []int32
	owner *Builder
	// scratch is the working memory of building a graph, kept from one
	// to the next.
	scratch scratch
	// free are graphs given back by Recycle, whose memory the next
	// builders take.
	free []*Graph
	// recentIDs and recentVersions are the names and versions looked up
	// lately, found by where their bytes are rather than by their text:
	// the lock file parsers hand out one string for each name they read
	// again and again (see jsonscan.Strings), so most lookups need no
	// hashing.
	recentIDs, recentVersions *recentTable
}

// maxFree bounds the graphs an interner keeps for reuse.
const maxFree = 8

// Recycle gives the interner graphs that are no longer used by anyone, so
// that the next graphs it builds reuse their memory (nodes, adjacency
// lists, depths) instead of asking the collector for more: a scan builds
// the graphs of every project and framework of a tree, matches them and
// drops them. The graphs must not be used after.
func (in *Interner) Recycle(gs ...*Graph) {
	for _, g := range gs {
		if len(in.free) >= maxFree {
			return
		}
		in.free = append(in.free, g)
	}
}

// graph returns an empty graph, made of recycled memory when there is
// some.
func (in *Interner) graph() *Graph {
	n := len(in.free)
	if n == 0 {
		return &Graph{index: &nameIndex{}}
	}
	old := in.free[n-1]
	in.free[n-1] = nil
	in.free = in.free[:n-1]
	clear(old.Nodes) // the strings they hold are not kept alive
	clear(old.keys)
	return &Graph{
		Nodes: old.Nodes[:0], keys: old.keys[:0], index: &nameIndex{},
		succ: old.succ, pred: old.pred, roots: old.roots[:0], depth: old.depth[:0], together: old.together[:0],
	}
}

// recentSize is the number of entries of each table of recent strings (a
// power of 2): a few times the names, or the versions, of a large tree
// (the bench's lock tree has 1,500 and 1,900), so that few of them take
// each other's place.
const recentSize = 1 << 12

// recentTable finds strings by where their bytes are. A lookup reads
// only the entries (16 bytes each); keep holds each entry's string, so
// that its bytes are not reused for another one while it is there.
type recentTable struct {
	entries [recentSize]recentEntry
	keep    [recentSize]string
}

// recentEntry is where a string's bytes are, its length, and what it
// interns to: the number of an identifier, or of a normalised version.
type recentEntry struct {
	p    uintptr
	n, i int32
}

// slot returns the slot of t where s would be, and whether s is there.
func (t *recentTable) slot(s string) (int, bool) {
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	k := int((uint64(p) * 0x9E3779B97F4A7C15) >> (64 - 12))
	e := &t.entries[k]
	return k, len(s) > 0 && e.p == p && int(e.n) == len(s)
}

// put makes slot k hold s, which interns to i.
func (t *recentTable) put(k int, s string, i int32) {
	if len(s) == 0 || len(s) > 1<<31-1 {
		return
	}
	t.entries[k] = recentEntry{p: uintptr(unsafe.Pointer(unsafe.StringData(s))), n: int32(len(s)), i: i}
	t.keep[k] = s
}

// scratch is memory a Builder needs only until Build returns.
type scratch struct {
	edges                       [][2]int32 // of the builder that took it
	start, bySource, next, seen []int32
	keep                        []bool
	color                       []uint8
	stack                       []frame
	removed                     [][2]int32
	queue, nodes                []int32
}

// frame is a node of a depth-first search and the index of the next
// successor to look at.
type frame struct {
	n    int32
	next int
}

// ident is a package name as written, its normalised form (the key that
// case-insensitive comparisons use) and the number of that form.
type ident struct {
	name, key string
	n         int32
}

// Key returns the normalised form of a package name, as [Graph.Key]
// gives it for the name's node, and its number: the interner numbers the
// normalised names it meets from 0, for its users to keep what they know
// of each in a slice.
func (in *Interner) Key(name string) (key string, n int) {
	id := in.id(name)
	return id.key, int(id.n)
}

func (in *Interner) id(name string) ident {
	if in.recentIDs == nil {
		in.recentIDs = new(recentTable)
	}
	k, hit := in.recentIDs.slot(name)
	if hit {
		return in.idents[in.recentIDs.entries[k].i]
	}
	i := in.lookupID(name)
	in.recentIDs.put(k, name, i)
	return in.idents[i]
}

func (in *Interner) lookupID(name string) int32 {
	if i, ok := in.ids[name]; ok {
		return i
	}
	if in.ids == nil {
		in.ids, in.keyIDs = map[string]int32{}, map[string]int32{}
	}
	key := nuget.NormalizeID(name)
	n, ok := in.keyIDs[key]
	if !ok {
		n = int32(len(in.keyIDs))
		in.keyIDs[key] = n
		in.slot = append(in.slot, 0)
	}
	i := int32(len(in.idents))
	in.idents = append(in.idents, ident{name: name, key: key, n: n})
	in.ids[name] = i
	return i
}

// version returns v normalised when it parses as a NuGet version, else as
// written.
func (in *Interner) version(v string) string {
	if in.recentVersions == nil {
		in.recentVersions = new(recentTable)
	}
	k, hit := in.recentVersions.slot(v)
	if hit {
		return in.normal[in.recentVersions.entries[k].i]
	}
	i := in.lookupVersion(v)
	in.recentVersions.put(k, v, i)
	return in.normal[i]
}

func (in *Interner) lookupVersion(v string) int32 {
	if i, ok := in.versions[v]; ok {
		return i
	}
	if in.versions == nil {
		in.versions = map[string]int32{}
	}
	n := v
	if pv, err := nuget.ParseVersion(v); err == nil {
		n = pv.String()
	}
	i := int32(len(in.normal))
	in.normal = append(in.normal, n)
	in.versions[v] = i
	return i
}

// breakCycles removes back edges found by an iterative depth-first search,
// roots first, then every other node in index order.
func (g *Graph) breakCycles(sc *scratch) {
	const (
		white = 0
		grey  = 1
		black = 2
	)
	color := zeroed(&sc.color, len(g.Nodes))
	removed := sc.removed[:0]
	stack := sc.stack[:0]
	visit := func(start int32) {
		if color[start] != white {
			return
		}
		stack = append(stack[:0], frame{n: start})
		color[start] = grey
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if succ := g.succ.of(top.n); top.next < len(succ) {
				s := succ[top.next]
				top.next++
				switch color[s] {
				case white:
					color[s] = grey
					stack = append(stack, frame{n: s})
				case grey:
					removed = append(removed, [2]int32{top.n, s})
				}
				continue
			}
			color[top.n] = black
			stack = stack[:len(stack)-1]
		}
	}
	for _, r := range g.roots {
		visit(r)
	}
	for i := range g.Nodes {
		visit(int32(i))
	}
	sc.stack = stack
	if len(removed) > 0 {
		slices.SortFunc(removed, comparePairs)
		g.succ.remove(removed)
		for i, e := range removed {
			removed[i] = [2]int32{e[1], e[0]}
		}
		slices.SortFunc(removed, comparePairs)
		g.pred.remove(removed)
	}
	sc.removed = removed[:0]
}

// computeDepth sets depth[n] to the length of the shortest path from any
// root to n (0 for roots), by breadth-first search.
func (g *Graph) computeDepth(sc *scratch) {
	g.depth = reuse(g.depth, len(g.Nodes))
	for i := range g.depth {
		g.depth[i] = -1
	}
	queue := sc.queue[:0]
	for _, r := range g.roots {
		g.depth[r] = 0
		queue = append(queue, r)
	}
	for k := 0; k < len(queue); k++ {
		n := queue[k]
		for _, s := range g.succ.of(n) {
			if g.depth[s] < 0 {
				g.depth[s] = g.depth[n] + 1
				queue = append(queue, s)
			}
		}
	}
	sc.queue = queue[:0]
}

// Reachable reports whether node i can be reached from a root.
func (g *Graph) Reachable(i int) bool { return g.depth[i] >= 0 }

// CountPaths returns the number of paths that start at a root and end at
// node i, saturating at math.MaxUint64. A root's own one-node path counts.
func (g *Graph) CountPaths(i int) uint64 {
	if g.depth[i] < 0 {
		return 0
	}
	// ways[n] is the number of paths from n to i, computed in post-order
	// (successors first) over the nodes reachable from the roots.
	ways := make([]uint64, len(g.Nodes))
	done := make([]bool, len(g.Nodes))
	var total uint64
	for _, r := range g.roots {
		if !done[r] {
			stack := []frame{{n: r}}
			done[r] = true
			for len(stack) > 0 {
				top := &stack[len(stack)-1]
				if succ := g.succ.of(top.n); top.next < len(succ) {
					s := succ[top.next]
					top.next++
					if !done[s] {
						done[s] = true
						stack = append(stack, frame{n: s})
					}
					continue
				}
				var w uint64
				if int(top.n) == i {
					w = 1
				}
				for _, s := range g.succ.of(top.n) {
					w = addSat(w, ways[s])
				}
				ways[top.n] = w
				stack = stack[:len(stack)-1]
			}
		}
		total = addSat(total, ways[r])
	}
	return total
}

func addSat(a, b uint64) uint64 {
	if a > math.MaxUint64-b {
		return math.MaxUint64
	}
	return a + b
}

// ShortestPaths returns up to k paths from a root to node i, shortest
// first (ties broken by name), each as node indices from the root to i.
func (g *Graph) ShortestPaths(i, k int) [][]int32 {
	if k <= 0 || g.depth[i] < 0 {
		return nil
	}
	// Search backwards from i. A state is a partial path from some node n
	// to i; its cost is its length plus depth[n], the exact distance from
	// the nearest root, so states come out in the order of the complete
	// paths they lead to. Among equal costs, longer partial paths first:
	// they complete sooner.
	type state struct {
		n      int32
		parent *state // the next node towards i
		length int32
	}
	pq := &stateHeap{}
	seq := 0
	push := func(s *state) {
		heap.Push(pq, heapItem{cost: s.length + g.depth[s.n], length: s.length, seq: seq, s: s})
		seq++
	}
	push(&state{n: int32(i)})
	var out [][]int32
	for pq.Len() > 0 && len(out) < k {
		it := heap.Pop(pq).(heapItem)
		s := it.s.(*state)
		if g.Nodes[s.n].Direct {
			var path []int32
			for p := s; p != nil; p = p.parent {
				path = append(path, p.n)
			}
			out = append(out, path)
		}
		for _, p := range g.pred.of(s.n) {
			if g.depth[p] >= 0 {
				push(&state{n: p, parent: s, length: s.length + 1})
			}
		}
	}
	return out
}

type heapItem struct {
	cost, length int32
	seq          int
	s            any
}

type stateHeap []heapItem

func (h stateHeap) Len() int { return len(h) }
func (h stateHeap) Less(i, j int) bool {
	if h[i].cost != h[j].cost {
		return h[i].cost < h[j].cost
	}
	if h[i].length != h[j].length {
		return h[i].length > h[j].length
	}
	return h[i].seq < h[j].seq
}
func (h stateHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *stateHeap) Push(x any)   { *h = append(*h, x.(heapItem)) }
func (h *stateHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// ViaPlatformOnly reports whether every path to node i passes through a
// platform node (the shared runtime): the package is provided by the
// runtime, and the fix is to update the runtime, not to pin it.
func (g *Graph) ViaPlatformOnly(i int) bool {
	if g.depth[i] < 0 {
		return false
	}
	hasPlatform := false
	for _, n := range g.Nodes {
		if n.Platform {
			hasPlatform = true
			break
		}
	}
	if !hasPlatform || g.Nodes[i].Platform {
		return g.Nodes[i].Platform
	}
	seen := make([]bool, len(g.Nodes))
	var queue []int32
	for _, r := range g.roots {
		if !g.Nodes[r].Platform {
			seen[r] = true
			queue = append(queue, r)
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if int(n) == i {
			return false
		}
		for _, s := range g.succ.of(n) {
			if !seen[s] && !g.Nodes[s].Platform {
				seen[s] = true
				queue = append(queue, s)
			}
		}
	}
	return true
}
