package lockjson

import (
	"bytes"
	"sync"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/jsonscan"
	"github.com/affected-dev/affected/internal/nuget"
)

// This file is the fast path: one forward pass over the bytes (package
// jsonscan) that validates the whole document exactly as strictly as
// json.Valid (the fuzz test holds it to that), finds the top-level
// sections, and reads "targets", most of the work, without reflection:
// only each package's "type" and "dependencies" are kept, the assets lists
// are skipped at memory speed, and each key's position is recorded
// (encoding/json does not report positions). When the data is not valid
// JSON, the caller asks encoding/json for its error message.

// maxDepth is encoding/json's nesting limit.
const maxDepth = jsonscan.MaxDepth

// keyAt is an object key and the byte offset of its opening quote.
type keyAt struct {
	key string
	off int
}

// span is the byte range of a top-level value; end == 0 when absent.
type span struct{ start, end int }

func (s span) present() bool { return s.end > s.start }

// layout is what the top level of the file holds: where each section is.
type layout struct {
	notObject                                                    bool
	version, targets, libraries, groups, project, packageFolders span
}

// scanDocument validates data and finds its sections, reading "targets"
// (positions of package keys from pos, when given). ok is false when data
// is not valid JSON or a value in "targets" has the wrong type (then terr
// says which). Later duplicates of a top-level key replace earlier ones,
// as they do for encoding/json.
func scanDocument(data []byte, pos ...*extract.Lines) (l layout, targets []extract.Target, terr *jsonscan.TypeError, ok bool) {
	p := extract.NewLines(data)
	if len(pos) > 0 {
		p = pos[0]
	}
	return scanInto(data, p, nil)
}

// scanInto is scanDocument with the packages and dependency lists of
// "targets" carved from slab (when not nil).
func scanInto(data []byte, pos *extract.Lines, slab *extract.Slab) (l layout, targets []extract.Target, terr *jsonscan.TypeError, ok bool) {
	r := readers.Get().(*targetReader)
	defer r.release()
	s := r.s
	s.Reset(data)
	r.pos, r.slab = pos, slab
	isObject, ok := s.Document(func(key []byte, _ int) bool {
		var sp *span
		switch string(key) {
		case `"version"`:
			sp = &l.version
		case `"targets"`:
			sp = &l.targets
		case `"libraries"`:
			sp = &l.libraries
		case `"projectFileDependencyGroups"`:
			sp = &l.groups
		case `"project"`:
			sp = &l.project
		case `"packageFolders"`:
			sp = &l.packageFolders
		default:
			if bytes.IndexByte(key, '\\') < 0 {
				return s.Skip()
			}
			// An escaped key may still name a section.
			return section(r, unquote(key), &l, &targets)
		}
		return read(r, sp, sp == &l.targets, &targets)
	})
	l.notObject = !isObject
	return l, targets, s.Err(), ok && s.Err() == nil
}

// section reads a top-level member whose key had escapes.
func section(r *targetReader, key string, l *layout, targets *[]extract.Target) bool {
	sp := map[string]*span{"version": &l.version, "targets": &l.targets, "libraries": &l.libraries,
		"projectFileDependencyGroups": &l.groups, "project": &l.project, "packageFolders": &l.packageFolders}[key]
	if sp == nil {
		return r.s.Skip()
	}
	return read(r, sp, key == "targets", targets)
}

// read consumes a section's value, noting its span; targets are read.
func read(r *targetReader, sp *span, isTargets bool, targets *[]extract.Target) bool {
	s := r.s
	s.Peek()
	sp.start = s.Offset()
	var ok bool
	if isTargets {
		*targets, ok = r.targets()
	} else {
		ok = s.Skip()
	}
	sp.end = s.Offset()
	return ok
}

// targetReader reads "targets" into their final form as it goes, in
// scratch memory kept from target to target: each target's packages and
// their dependency lists are then copied out at their final size, the
// lists of all packages into one array.
type targetReader struct {
	s     *jsonscan.Scanner
	pos   *extract.Lines
	seen  map[string]int // package key → index in pkgs, once keys came out of order
	keys  []string       // the key of each of pkgs
	index map[string]int // the memory of seen
	pkgs  []extract.Package
	deps  []extract.Dependency // of every package of the target, in turn
	span  [][2]int             // each package's part of deps
	// strs holds the texts of the dependencies' names and ranges, kept
	// from file to file: the assets files of a tree name the same
	// packages.
	strs jsonscan.Strings
	// slab, when set, is where the final lists are carved from.
	slab *extract.Slab
}

// targets reads the "targets" object at the cursor. Of duplicate target or
// package keys the last counts, in the place of the first (as
// encoding/json would keep the last).
func (r *targetReader) targets() ([]extract.Target, bool) {
	s := r.s
	var out []extract.Target
	index := map[string]int{} // target key → index in out
	s.Field(0, "targets")
	ok := s.ObjectValue(func(tkey []byte, _ int) bool {
		key := unquote(tkey)
		s.Field(1, key)
		r.seen = nil
		r.pkgs, r.deps, r.span, r.keys = r.pkgs[:0], r.deps[:0], r.span[:0], r.keys[:0]
		ok := s.ObjectValue(r.pkg)
		fw, rid := nuget.SplitTarget(key)
		t := extract.Target{Framework: fw, RID: rid, Packages: r.final()}
		if j, dup := index[key]; dup {
			out[j] = t
		} else {
			index[key] = len(out)
			out = append(out, t)
		}
		return ok
	})
	return out, ok
}

// pkg reads the package entry at the cursor, keyed pkey at poff.
func (r *targetReader) pkg(pkey []byte, poff int) bool {
	s := r.s
	// Keys are not interned: "Name/Version" repeats little from one
	// project to the next (each resolves its own versions).
	key := unquote(pkey)
	s.Field(2, key)
	var typ string
	start := len(r.deps)
	ok := s.ObjectValue(func(name []byte, _ int) bool {
		switch string(name) {
		case `"type"`:
			s.Field(3, "type")
			raw, ok := s.String()
			switch string(raw) { // the types restore writes, without a lookup
			case `"package"`:
				typ = "package"
			case `"project"`:
				typ = "project"
			default:
				typ = r.strs.Text(raw)
			}
			return ok
		case `"dependencies"`:
			s.Field(3, "dependencies")
			return s.ObjectValue(func(dep []byte, _ int) bool {
				d := extract.Dependency{Name: r.strs.Text(dep)}
				s.Field(4, d.Name)
				raw, ok := s.String()
				d.Range = r.strs.Text(raw)
				r.deps = append(r.deps, d)
				return ok
			})
		}
		return s.Skip()
	})
	p := newPackage(key, typ, nil, r.pos.At(poff))
	deps := sortDeps(r.deps[start:])
	r.deps = r.deps[:start+len(deps)]
	// Restore writes the keys sorted: while they come in increasing order
	// none can be a duplicate; the first out of order starts an index.
	if r.seen == nil && len(r.keys) > 0 && key <= r.keys[len(r.keys)-1] {
		if r.index == nil {
			r.index = map[string]int{}
		}
		r.seen = r.index
		clear(r.seen)
		for i, k := range r.keys {
			r.seen[k] = i
		}
	}
	if j, dup := r.seen[key]; dup {
		r.pkgs[j], r.span[j] = p, [2]int{start, len(r.deps)}
		return ok
	}
	if r.seen != nil {
		r.seen[key] = len(r.pkgs)
	}
	r.pkgs = append(r.pkgs, p)
	r.keys = append(r.keys, key)
	r.span = append(r.span, [2]int{start, len(r.deps)})
	return ok
}

// readers keeps target readers between files, for their scratch memory.
var readers = sync.Pool{New: func() any { return &targetReader{s: jsonscan.New(nil)} }}

// release returns the reader to the pool without what it points into.
func (r *targetReader) release() {
	clear(r.deps[:cap(r.deps)])
	clear(r.keys[:cap(r.keys)])
	r.s.Reset(nil)
	r.pos, r.seen, r.slab = nil, nil, nil
	readers.Put(r)
}

// final copies the packages read out of the scratch memory.
func (r *targetReader) final() []extract.Package {
	if len(r.pkgs) == 0 {
		return nil
	}
	n := 0
	for _, sp := range r.span {
		n += sp[1] - sp[0]
	}
	var out []extract.Package
	var deps []extract.Dependency
	if r.slab != nil {
		out, deps = append(r.slab.Packages(len(r.pkgs)), r.pkgs...), r.slab.Dependencies(n)
	} else {
		out, deps = append([]extract.Package(nil), r.pkgs...), make([]extract.Dependency, 0, n)
	}
	for i, sp := range r.span {
		if sp[1] > sp[0] {
			first := len(deps)
			deps = append(deps, r.deps[sp[0]:sp[1]]...)
			out[i].Dependencies = deps[first:len(deps):len(deps)]
		}
	}
	clear(r.pkgs) // drop the references the scratch memory holds
	clear(r.deps)
	return out
}

// keysOf returns the keys of the object at sp of data, which scanDocument
// has validated, in file order.
func keysOf(data []byte, sp span) []keyAt {
	s := jsonscan.New(data[:sp.end])
	s.Seek(sp.start)
	var out []keyAt
	s.ObjectValue(func(key []byte, off int) bool {
		out = append(out, keyAt{unquote(key), off})
		return s.Skip()
	})
	return out
}

// unquote returns the text of a quoted JSON string as encoding/json gives
// it (escapes decoded, invalid UTF-8 replaced); "" for a null (nil).
func unquote(raw []byte) string { return jsonscan.Unquote(raw) }
