package lockjson

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// This file reads "targets", which is most of the work, without
// encoding/json's reflection: a forward scanner over data that json.Valid
// has already accepted. It records where each key is (encoding/json does
// not say) and reads only "type" and "dependencies" of each package,
// skipping assets lists at memory speed. It checks every index and stops
// (ok == false) rather than panic or loop should the data ever not be
// valid JSON after all, and it never recurses.

// keyAt is an object key and the byte offset of its opening quote.
type keyAt struct {
	key string
	off int
}

// span is the byte range of a top-level value; end == 0 when absent.
type span struct{ start, end int }

func (s span) present() bool { return s.end > s.start }

// layout is what the top level of the file holds: where each section we
// read is.
type layout struct {
	version, targets, libraries, groups, project, packageFolders span
}

// typeError is a value of the wrong JSON type: where, whose, what it is
// and what it should be.
type typeError struct {
	off         int
	field       string
	found, want string
}

type scanner struct {
	data []byte
	i    int
	err  *typeError
}

// scanLayout finds the top-level sections. Later duplicates of a key
// replace earlier ones, as they do for encoding/json.
func scanLayout(data []byte) (layout, bool) {
	s := scanner{data: data}
	var l layout
	ok := s.object(func(key string, _ int) bool {
		var sp *span
		switch key {
		case "version":
			sp = &l.version
		case "targets":
			sp = &l.targets
		case "libraries":
			sp = &l.libraries
		case "projectFileDependencyGroups":
			sp = &l.groups
		case "project":
			sp = &l.project
		case "packageFolders":
			sp = &l.packageFolders
		default:
			return s.skip()
		}
		s.ws()
		sp.start = s.i
		if !s.skip() {
			return false
		}
		sp.end = s.i
		return true
	})
	return l, ok
}

// rawTarget is one target as read by the scanner.
type rawTarget struct {
	keyAt
	packages []rawPackage
}

type rawPackage struct {
	keyAt
	typ  string
	deps map[string]string
}

// readTargets reads the "targets" object at sp.
func readTargets(data []byte, sp span) ([]rawTarget, *typeError, bool) {
	s := scanner{data: data[:sp.end], i: sp.start}
	var out []rawTarget
	ok := s.objectValue("targets", func(tkey string, toff int) bool {
		t := rawTarget{keyAt: keyAt{tkey, toff}}
		field := "targets." + tkey
		ok := s.objectValue(field, func(pkey string, poff int) bool {
			p := rawPackage{keyAt: keyAt{pkey, poff}}
			field := field + "." + pkey
			ok := s.objectValue(field, func(name string, _ int) bool {
				switch name {
				case "type":
					v, ok := s.string(field + ".type")
					p.typ = v
					return ok
				case "dependencies":
					field := field + ".dependencies"
					return s.objectValue(field, func(dep string, _ int) bool {
						r, ok := s.string(field + "." + dep)
						if p.deps == nil {
							p.deps = map[string]string{}
						}
						p.deps[dep] = r
						return ok
					})
				}
				return s.skip()
			})
			t.packages = append(t.packages, p)
			return ok
		})
		out = append(out, t)
		return ok
	})
	return out, s.err, ok
}

// keysOf returns the keys of the object at sp, in file order.
func keysOf(data []byte, sp span) []keyAt {
	s := scanner{data: data[:sp.end], i: sp.start}
	var out []keyAt
	s.objectOrNull(func(key string, off int) bool {
		out = append(out, keyAt{key, off})
		return s.skip()
	})
	return out
}

func (s *scanner) ws() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

// null consumes a null at the cursor, if there is one.
func (s *scanner) null() bool {
	s.ws()
	if bytes.HasPrefix(s.data[s.i:], []byte("null")) {
		s.i += 4
		return true
	}
	return false
}

// want checks that the value at the cursor starts with c, recording a
// type error otherwise.
func (s *scanner) want(field, kind string, c byte) bool {
	s.ws()
	if s.i < len(s.data) && s.data[s.i] == c {
		return true
	}
	s.err = &typeError{off: s.i, field: field, found: s.kind(), want: kind}
	return false
}

// kind names the JSON type of the value at the cursor.
func (s *scanner) kind() string {
	if s.i >= len(s.data) {
		return "nothing"
	}
	switch s.data[s.i] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// string reads the string (or null, read as "") at the cursor.
func (s *scanner) string(field string) (string, bool) {
	if s.null() {
		return "", true
	}
	if !s.want(field, "string", '"') {
		return "", false
	}
	raw, ok := s.str()
	return unquote(raw), ok
}

// objectValue iterates the members of the object at the cursor, consumes
// a null, or records a type error for any other value.
func (s *scanner) objectValue(field string, member func(key string, off int) bool) bool {
	if s.null() {
		return true
	}
	if !s.want(field, "object", '{') {
		return false
	}
	return s.object(member)
}

// objectOrNull iterates the members of the object at the cursor, or
// consumes a null.
func (s *scanner) objectOrNull(member func(key string, off int) bool) bool {
	if s.null() {
		return true
	}
	return s.object(member)
}

// object iterates the members of the object at the cursor; member is
// called with the cursor before the value and must consume it.
func (s *scanner) object(member func(key string, off int) bool) bool {
	s.ws()
	if s.i >= len(s.data) || s.data[s.i] != '{' {
		return false
	}
	s.i++
	for {
		s.ws()
		if s.i >= len(s.data) {
			return false
		}
		switch s.data[s.i] {
		case '}':
			s.i++
			return true
		case ',':
			s.i++
			continue
		case '"':
		default:
			return false
		}
		off := s.i
		raw, ok := s.str()
		if !ok {
			return false
		}
		s.ws()
		if s.i >= len(s.data) || s.data[s.i] != ':' {
			return false
		}
		s.i++
		if !member(unquote(raw), off) {
			return false
		}
	}
}

// str consumes the string at the cursor and returns it with its quotes.
func (s *scanner) str() ([]byte, bool) {
	start := s.i
	s.i++ // opening quote
	for {
		if s.i > len(s.data) {
			return nil, false
		}
		j := bytes.IndexByte(s.data[s.i:], '"')
		if j < 0 {
			s.i = len(s.data)
			return nil, false
		}
		s.i += j + 1
		// The quote ends the string unless an odd number of backslashes
		// precedes it.
		n := 0
		for k := s.i - 2; k > start && s.data[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			return s.data[start:s.i], true
		}
	}
}

// skip consumes one value of any kind.
func (s *scanner) skip() bool {
	depth := 0
	for {
		s.ws()
		if s.i >= len(s.data) {
			return false
		}
		switch s.data[s.i] {
		case '"':
			if _, ok := s.str(); !ok {
				return false
			}
		case '{', '[':
			depth++
			s.i++
		case '}', ']':
			depth--
			s.i++
			if depth < 0 {
				return false
			}
		case ',', ':':
			if depth == 0 {
				return false
			}
			s.i++
		default:
			// A number or literal: up to the next delimiter.
			for s.i < len(s.data) {
				c := s.data[s.i]
				if c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n' {
					break
				}
				s.i++
			}
		}
		if depth == 0 {
			return true
		}
	}
}

// unquote returns the text of a quoted JSON string as encoding/json gives
// it (escapes decoded, invalid UTF-8 replaced), taking the fast way when
// there is nothing to decode.
func unquote(raw []byte) string {
	if len(raw) < 2 {
		return ""
	}
	if bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw) {
		return string(raw[1 : len(raw)-1])
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return string(raw[1 : len(raw)-1])
	}
	return s
}
