package lockjson

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/affected-dev/affected/internal/extract"
)

// This file is the fast path: one forward pass over the bytes that
// validates the whole document exactly as strictly as json.Valid (the fuzz
// test holds it to that), finds the top-level sections, and reads
// "targets", most of the work, without reflection: only each package's
// "type" and "dependencies" are kept, the assets lists are skipped at
// memory speed, and each key's position is recorded (encoding/json does
// not report positions). It never recurses, checks every index, and limits
// nesting as encoding/json does. When the data is not valid JSON, the
// caller asks encoding/json for its error message.

// maxDepth is encoding/json's nesting limit.
const maxDepth = 10000

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

// typeError is a value of the wrong JSON type: where, whose, what it is
// and what it should be.
type typeError struct {
	off         int
	field       string
	found, want string
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

type scanner struct {
	data  []byte
	i     int
	depth int      // containers open around the cursor
	stack []byte   // skip's own open containers, kept to reuse its memory
	path  []string // the keys down to the value being read, for type errors
	err   *typeError
}

// scanDocument validates data and finds its sections, reading "targets".
// ok is false when data is not valid JSON or a value in "targets" has the
// wrong type (then terr says which). Later duplicates of a top-level key
// replace earlier ones, as they do for encoding/json.
func scanDocument(data []byte) (l layout, targets []rawTarget, terr *typeError, ok bool) {
	s := &scanner{data: data}
	s.ws()
	if s.i < len(s.data) && s.data[s.i] != '{' {
		l.notObject = true
		ok = s.skip()
	} else {
		ok = s.object(func(key []byte, _ int) bool {
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
					return s.skip()
				}
				// An escaped key may still name a section.
				return s.section(unquote(key), &l, &targets)
			}
			return s.read(sp, sp == &l.targets, &targets)
		})
	}
	s.ws()
	if s.i != len(s.data) {
		ok = false
	}
	return l, targets, s.err, ok && s.err == nil
}

// section reads a top-level member whose key had escapes.
func (s *scanner) section(key string, l *layout, targets *[]rawTarget) bool {
	sp := map[string]*span{"version": &l.version, "targets": &l.targets, "libraries": &l.libraries,
		"projectFileDependencyGroups": &l.groups, "project": &l.project, "packageFolders": &l.packageFolders}[key]
	if sp == nil {
		return s.skip()
	}
	return s.read(sp, key == "targets", targets)
}

// read consumes a section's value, noting its span; targets are read.
func (s *scanner) read(sp *span, isTargets bool, targets *[]rawTarget) bool {
	s.ws()
	sp.start = s.i
	var ok bool
	if isTargets {
		*targets, ok = s.readTargets()
	} else {
		ok = s.skip()
	}
	sp.end = s.i
	return ok
}

// readTargets reads the "targets" object at the cursor.
func (s *scanner) readTargets() ([]rawTarget, bool) {
	var out []rawTarget
	s.path = append(s.path[:0], "targets")
	ok := s.objectValue(func(tkey []byte, toff int) bool {
		t := rawTarget{keyAt: keyAt{unquote(tkey), toff}}
		s.path = append(s.path[:1], t.key)
		ok := s.objectValue(func(pkey []byte, poff int) bool {
			p := rawPackage{keyAt: keyAt{unquote(pkey), poff}}
			s.path = append(s.path[:2], p.key)
			ok := s.objectValue(func(name []byte, _ int) bool {
				switch string(name) {
				case `"type"`:
					s.path = append(s.path[:3], "type")
					v, ok := s.string()
					p.typ = v
					return ok
				case `"dependencies"`:
					s.path = append(s.path[:3], "dependencies")
					return s.objectValue(func(dep []byte, _ int) bool {
						d := extract.Dependency{Name: unquote(dep)}
						s.path = append(s.path[:4], d.Name)
						var ok bool
						d.Range, ok = s.string()
						p.deps = append(p.deps, d)
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
	return out, ok
}

// keysOf returns the keys of the object at sp of data, which scanDocument
// has validated, in file order.
func keysOf(data []byte, sp span) []keyAt {
	s := &scanner{data: data[:sp.end], i: sp.start}
	var out []keyAt
	s.objectValue(func(key []byte, off int) bool {
		out = append(out, keyAt{unquote(key), off})
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

func (s *scanner) peek() byte {
	if s.i < len(s.data) {
		return s.data[s.i]
	}
	return 0
}

// typeErr records that the value at the cursor, whose keys are s.path,
// is not of kind want, if the value is valid JSON at all (otherwise the
// syntax error wins).
func (s *scanner) typeErr(want string) bool {
	off, found, field := s.i, s.kind(), strings.Join(s.path, ".")
	if s.skip() {
		s.err = &typeError{off: off, field: field, found: found, want: want}
	}
	return false
}

// kind names the JSON type of the value at the cursor.
func (s *scanner) kind() string {
	switch s.peek() {
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

// null consumes a null at the cursor, if there is one.
func (s *scanner) null() bool {
	s.ws()
	if bytes.HasPrefix(s.data[s.i:], []byte("null")) {
		s.i += 4
		return true
	}
	return false
}

// string reads the string (or null, read as "") at the cursor.
func (s *scanner) string() (string, bool) {
	if s.null() {
		return "", true
	}
	if s.peek() != '"' {
		return "", s.typeErr("string")
	}
	raw, ok := s.str()
	return unquote(raw), ok
}

// objectValue iterates the members of the object at the cursor, consumes
// a null, or records a type error for any other value.
func (s *scanner) objectValue(member func(key []byte, off int) bool) bool {
	if s.null() {
		return true
	}
	if s.peek() != '{' {
		return s.typeErr("object")
	}
	return s.object(member)
}

// object iterates the members of the object at the cursor; member is
// called with the key as written (quotes included: unquote it) and the
// cursor before the value, which it must consume.
func (s *scanner) object(member func(key []byte, off int) bool) bool {
	s.ws()
	if s.peek() != '{' {
		return false
	}
	s.i++
	s.depth++
	if s.depth > maxDepth {
		return false
	}
	s.ws()
	if s.peek() == '}' {
		s.i++
		s.depth--
		return true
	}
	for {
		s.ws()
		if s.peek() != '"' {
			return false
		}
		off := s.i
		raw, ok := s.str()
		if !ok {
			return false
		}
		s.ws()
		if s.peek() != ':' {
			return false
		}
		s.i++
		if !member(raw, off) {
			return false
		}
		s.ws()
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			s.depth--
			return true
		default:
			return false
		}
	}
}

// str consumes the string at the cursor and returns it with its quotes.
// Like json.Valid, it rejects control characters and bad escapes but
// accepts invalid UTF-8.
func (s *scanner) str() ([]byte, bool) {
	start := s.i
	s.i++ // opening quote
	for {
		for s.i < len(s.data) && !stopInString[s.data[s.i]] {
			s.i++
		}
		if s.i >= len(s.data) {
			return nil, false
		}
		switch s.data[s.i] {
		case '"':
			s.i++
			return s.data[start:s.i], true
		case '\\':
			s.i++
			if s.i >= len(s.data) {
				return nil, false
			}
			switch s.data[s.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i++
			case 'u':
				if s.i+4 >= len(s.data) {
					return nil, false
				}
				for _, h := range s.data[s.i+1 : s.i+5] {
					if !isHex(h) {
						return nil, false
					}
				}
				s.i += 5
			default:
				return nil, false
			}
		default: // a control character
			return nil, false
		}
	}
}

// stopInString marks the bytes that end a run of plain string content.
var stopInString = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// number consumes a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *scanner) number() bool {
	if s.peek() == '-' {
		s.i++
	}
	switch c := s.peek(); {
	case c == '0':
		s.i++
	case '1' <= c && c <= '9':
		for s.i++; isDigit(s.peek()); s.i++ {
		}
	default:
		return false
	}
	if s.peek() == '.' {
		s.i++
		if !isDigit(s.peek()) {
			return false
		}
		for isDigit(s.peek()) {
			s.i++
		}
	}
	if c := s.peek(); c == 'e' || c == 'E' {
		s.i++
		if c := s.peek(); c == '+' || c == '-' {
			s.i++
		}
		if !isDigit(s.peek()) {
			return false
		}
		for isDigit(s.peek()) {
			s.i++
		}
	}
	return true
}

// scalar consumes a string, number or literal.
func (s *scanner) scalar() bool {
	switch s.peek() {
	case '"':
		_, ok := s.str()
		return ok
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.literal("null")
	}
	return s.number()
}

func (s *scanner) literal(word string) bool {
	if !bytes.HasPrefix(s.data[s.i:], []byte(word)) {
		return false
	}
	s.i += len(word)
	return true
}

// skip consumes and validates one value of any kind.
func (s *scanner) skip() bool {
	stack := s.stack[:0]
	defer func() { s.stack = stack[:0] }()
	for {
		// A value is expected here.
		s.ws()
		switch s.peek() {
		case '{', '[':
			open := s.peek()
			s.i++
			if s.depth+len(stack)+1 > maxDepth {
				return false
			}
			s.ws()
			if c := s.peek(); open == '{' && c == '}' || open == '[' && c == ']' {
				s.i++
				break // an empty container is a complete value
			}
			stack = append(stack, open)
			if open == '{' && !s.key() {
				return false
			}
			continue
		default:
			if !s.scalar() {
				return false
			}
		}
		// A value is complete: close what it completes, then expect the
		// next one.
		for {
			if len(stack) == 0 {
				return true
			}
			s.ws()
			top := stack[len(stack)-1]
			c := s.peek()
			if c == ',' {
				s.i++
				if top == '{' && !s.key() {
					return false
				}
				break
			}
			if top == '{' && c == '}' || top == '[' && c == ']' {
				s.i++
				stack = stack[:len(stack)-1]
				continue
			}
			return false
		}
	}
}

// key consumes an object key and its colon.
func (s *scanner) key() bool {
	s.ws()
	if s.peek() != '"' {
		return false
	}
	if _, ok := s.str(); !ok {
		return false
	}
	s.ws()
	if s.peek() != ':' {
		return false
	}
	s.i++
	return true
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
