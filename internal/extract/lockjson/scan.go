package lockjson

import (
	"bytes"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/jsonscan"
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

// rawTarget is one target as read by the scanner.
type rawTarget struct {
	keyAt
	packages []rawPackage
}

type rawPackage struct {
	keyAt
	typ  string
	deps []extract.Dependency // in file order; duplicates not yet removed
}

// scanDocument validates data and finds its sections, reading "targets".
// ok is false when data is not valid JSON or a value in "targets" has the
// wrong type (then terr says which). Later duplicates of a top-level key
// replace earlier ones, as they do for encoding/json.
func scanDocument(data []byte) (l layout, targets []rawTarget, terr *jsonscan.TypeError, ok bool) {
	s := jsonscan.New(data)
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
			return section(s, unquote(key), &l, &targets)
		}
		return read(s, sp, sp == &l.targets, &targets)
	})
	l.notObject = !isObject
	return l, targets, s.Err(), ok && s.Err() == nil
}

// section reads a top-level member whose key had escapes.
func section(s *jsonscan.Scanner, key string, l *layout, targets *[]rawTarget) bool {
	sp := map[string]*span{"version": &l.version, "targets": &l.targets, "libraries": &l.libraries,
		"projectFileDependencyGroups": &l.groups, "project": &l.project, "packageFolders": &l.packageFolders}[key]
	if sp == nil {
		return s.Skip()
	}
	return read(s, sp, key == "targets", targets)
}

// read consumes a section's value, noting its span; targets are read.
func read(s *jsonscan.Scanner, sp *span, isTargets bool, targets *[]rawTarget) bool {
	s.Peek()
	sp.start = s.Offset()
	var ok bool
	if isTargets {
		*targets, ok = readTargets(s)
	} else {
		ok = s.Skip()
	}
	sp.end = s.Offset()
	return ok
}

// readTargets reads the "targets" object at the cursor.
func readTargets(s *jsonscan.Scanner) ([]rawTarget, bool) {
	var out []rawTarget
	s.Field(0, "targets")
	ok := s.ObjectValue(func(tkey []byte, toff int) bool {
		t := rawTarget{keyAt: keyAt{unquote(tkey), toff}}
		s.Field(1, t.key)
		ok := s.ObjectValue(func(pkey []byte, poff int) bool {
			p := rawPackage{keyAt: keyAt{unquote(pkey), poff}}
			s.Field(2, p.key)
			ok := s.ObjectValue(func(name []byte, _ int) bool {
				switch string(name) {
				case `"type"`:
					s.Field(3, "type")
					raw, ok := s.String()
					p.typ = unquote(raw)
					return ok
				case `"dependencies"`:
					s.Field(3, "dependencies")
					return s.ObjectValue(func(dep []byte, _ int) bool {
						d := extract.Dependency{Name: unquote(dep)}
						s.Field(4, d.Name)
						raw, ok := s.String()
						d.Range = unquote(raw)
						p.deps = append(p.deps, d)
						return ok
					})
				}
				return s.Skip()
			})
			t.packages = append(t.packages, p)
			return ok
		})
		out = append(out, t)
		return ok
	})
	return out, ok
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
