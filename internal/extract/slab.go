package extract

import "sync"

// Slab is memory for the package lists and dependency lists of lock data:
// a parser carves them out of one slab per file instead of allocating
// each, and [Lock.Release] gives the slab back when the lock data is no
// longer used, so that a scan that reads thousands of lock files one
// after another, builds their graphs and drops them, reuses the same
// memory instead of asking the collector for more. A slab grows to the
// size of the largest file it served.
type Slab struct {
	pkgs []Package
	deps []Dependency
}

var slabs = sync.Pool{New: func() any { return new(Slab) }}

// NewSlab returns an empty slab, with the memory of a released one when
// there is one.
func NewSlab() *Slab { return slabs.Get().(*Slab) }

// Packages returns room for n packages (length 0, capacity n).
func (s *Slab) Packages(n int) []Package {
	if cap(s.pkgs)-len(s.pkgs) < n {
		// The lists carved so far keep the old memory; the slab goes on
		// in memory large enough for all of them, for its next use.
		s.pkgs = make([]Package, 0, max(2*cap(s.pkgs), len(s.pkgs)+n, 256))
	}
	out := s.pkgs[len(s.pkgs) : len(s.pkgs) : len(s.pkgs)+n]
	s.pkgs = s.pkgs[:len(s.pkgs)+n]
	return out
}

// Dependencies returns room for n dependencies (length 0, capacity n).
func (s *Slab) Dependencies(n int) []Dependency {
	if cap(s.deps)-len(s.deps) < n {
		s.deps = make([]Dependency, 0, max(2*cap(s.deps), len(s.deps)+n, 1024))
	}
	out := s.deps[len(s.deps) : len(s.deps) : len(s.deps)+n]
	s.deps = s.deps[:len(s.deps)+n]
	return out
}

// Release gives the memory of the lock's lists back for the next lock a
// parser reads. Neither the lock nor any list of it (Targets, Packages,
// Dependencies) may be used after; a lock whose lists were not carved
// from a slab is left alone.
func (l *Lock) Release() {
	s := l.slab
	if s == nil {
		return
	}
	l.slab, l.Targets = nil, nil
	clear(s.pkgs) // the strings they point to are not kept alive
	clear(s.deps)
	s.pkgs, s.deps = s.pkgs[:0], s.deps[:0]
	slabs.Put(s)
}

// Carved records that the lock's lists were carved from s (see
// [Lock.Release]).
func (l *Lock) Carved(s *Slab) { l.slab = s }
