// Package jsonscan reads JSON in one forward pass over the bytes, for the
// parsers of large lock files that need a few fields of each entry and the
// position of its key. It validates the whole input exactly as strictly as
// json.Valid (the fuzz tests of its users and its own hold it to that:
// control characters, escapes, number syntax, nesting depth), while the
// caller reads only what it needs; the rest is skipped at memory speed
// without building any value. It never recurses, so hostile nesting costs
// no stack, and every index is checked.
//
// A value of the wrong JSON type (an array where a string belongs) is
// recorded as a [TypeError], the first one only, and skipped: the scan
// goes on, so that the caller can tell a document that is not JSON at all
// (whose error message, taken from encoding/json, matters more) from one
// that is JSON of the wrong shape.
//
// It does not decode numbers beyond integers, and hands strings back as
// written (quotes and escapes included) for the caller to keep or
// [Unquote].
package jsonscan

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxDepth is encoding/json's nesting limit.
const MaxDepth = 10000

// TypeError is a value of the wrong JSON type: where it starts (a byte
// offset), the keys that lead to it joined by '.', what it is and what it
// should be ("string", "object", "integer" …).
type TypeError struct {
	Off         int
	Field       string
	Found, Want string
}

// Scanner is a cursor over a JSON document.
type Scanner struct {
	data  []byte
	i     int
	depth int      // containers open around the cursor
	stack []byte   // Skip's own open containers, kept to reuse its memory
	path  []string // the keys down to the value being read, for type errors
	err   *TypeError
}

// New returns a scanner at the start of data.
func New(data []byte) *Scanner { return &Scanner{data: data} }

// Reset points the scanner at the start of data, keeping its memory.
func (s *Scanner) Reset(data []byte) {
	s.data, s.i, s.depth, s.path, s.err = data, 0, 0, s.path[:0], nil
}

// Offset returns the cursor's byte offset.
func (s *Scanner) Offset() int { return s.i }

// Seek moves the cursor to a byte offset (the start of a value that an
// earlier pass validated, to read it again).
func (s *Scanner) Seek(off int) { s.i = off }

// Err returns the first type error met, or nil.
func (s *Scanner) Err() *TypeError { return s.err }

// Field sets the key at depth of the path that type errors report (the
// keys above it stay, the ones below are dropped).
func (s *Scanner) Field(depth int, key string) {
	if depth > len(s.path) {
		depth = len(s.path)
	}
	s.path = append(s.path[:depth], key)
}

// Document reads a whole document. When its top level is an object,
// member is called for each of its keys (see [Scanner.Object]); otherwise
// the value is only validated and isObject is false. ok is false when data
// is not valid JSON (nothing may follow the value but white space).
func (s *Scanner) Document(member func(key []byte, off int) bool) (isObject, ok bool) {
	s.ws()
	if s.Peek() == '{' {
		isObject = true
		ok = s.Object(member)
	} else {
		ok = s.Skip()
	}
	s.ws()
	return isObject, ok && s.i == len(s.data)
}

func (s *Scanner) ws() {
	for s.i < len(s.data) {
		c := s.data[s.i]
		if c > ' ' || !isSpace[c] {
			return // most calls: a value or a delimiter at once
		}
		s.i++
		// Indented files have runs of spaces after each line break:
		// eight bytes at a time, the first byte that is not a space found
		// by its position in the word.
		for s.i+8 <= len(s.data) {
			if x := binary.LittleEndian.Uint64(s.data[s.i:]) ^ 0x2020202020202020; x != 0 {
				s.i += bits.TrailingZeros64(x) / 8
				break
			}
			s.i += 8
		}
	}
}

var isSpace = [256]bool{' ': true, '\t': true, '\r': true, '\n': true}

// Peek returns the byte at the cursor after white space, 0 at the end.
func (s *Scanner) Peek() byte {
	s.ws()
	if s.i < len(s.data) {
		return s.data[s.i]
	}
	return 0
}

// peek is Peek without skipping white space.
func (s *Scanner) peek() byte {
	if s.i < len(s.data) {
		return s.data[s.i]
	}
	return 0
}

// TypeErr records that the value at the cursor, whose keys are the path,
// is not of kind want (unless an earlier type error was recorded), and
// skips it. It returns false when the value is not valid JSON at all: then
// the syntax error wins and no type error is recorded.
func (s *Scanner) TypeErr(want string) bool {
	s.ws()
	off, found := s.i, s.Kind()
	if !s.Skip() {
		return false
	}
	if s.err == nil {
		s.err = &TypeError{Off: off, Field: strings.Join(s.path, "."), Found: found, Want: want}
	}
	return true
}

// Kind names the JSON type of the value at the cursor.
func (s *Scanner) Kind() string {
	switch s.Peek() {
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

// Null consumes a null at the cursor, if there is one.
func (s *Scanner) Null() bool {
	s.ws()
	if s.i+4 <= len(s.data) && s.data[s.i] == 'n' && string(s.data[s.i:s.i+4]) == "null" {
		s.i += 4
		return true
	}
	return false
}

// String reads the string at the cursor, as written (quotes included),
// or a null (raw is then nil). Any other value is a type error.
func (s *Scanner) String() (raw []byte, ok bool) {
	if s.Null() {
		return nil, true
	}
	if s.peek() != '"' {
		return nil, s.TypeErr("string")
	}
	return s.str()
}

// Int reads the integer at the cursor as encoding/json decodes one into
// an int: a number without fraction or exponent that fits 64 bits; a
// null is 0. Any other value, or a number that is not such an integer,
// is a type error.
func (s *Scanner) Int() (int64, bool) {
	if s.Null() {
		return 0, true
	}
	switch c := s.peek(); {
	case c == '-' || isDigit(c):
	default:
		return 0, s.TypeErr("integer")
	}
	start := s.i
	if !s.number() {
		return 0, false
	}
	v, err := strconv.ParseInt(string(s.data[start:s.i]), 10, 64)
	if err != nil {
		if s.err == nil {
			s.err = &TypeError{Off: start, Field: strings.Join(s.path, "."), Found: "number", Want: "integer"}
		}
		return 0, true
	}
	return v, true
}

// ObjectValue iterates the members of the object at the cursor, consumes
// a null (an empty object), or records a type error for any other value.
func (s *Scanner) ObjectValue(member func(key []byte, off int) bool) bool {
	if s.Null() {
		return true
	}
	if s.peek() != '{' {
		return s.TypeErr("object")
	}
	return s.Object(member)
}

// Object iterates the members of the object at the cursor: member is
// called with the key as written (quotes included: [Unquote] it) and its
// offset, and the cursor before the value, which member must consume. It
// returns false, as member must, when the input is not valid JSON.
func (s *Scanner) Object(member func(key []byte, off int) bool) bool {
	s.ws()
	if s.peek() != '{' {
		return false
	}
	s.i++
	s.depth++
	if s.depth > MaxDepth {
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
		s.ws()
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

// Array iterates the elements of the array at the cursor: elem is called
// with the cursor before each element, which it must consume. It returns
// false, as elem must, when the input is not valid JSON.
func (s *Scanner) Array(elem func() bool) bool {
	s.ws()
	if s.peek() != '[' {
		return false
	}
	s.i++
	s.depth++
	if s.depth > MaxDepth {
		return false
	}
	s.ws()
	if s.peek() == ']' {
		s.i++
		s.depth--
		return true
	}
	for {
		s.ws()
		if !elem() {
			return false
		}
		s.ws()
		switch s.peek() {
		case ',':
			s.i++
		case ']':
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
func (s *Scanner) str() ([]byte, bool) {
	start := s.i
	s.i++ // opening quote
	for {
		// Eight bytes at a time while none of them ends plain content (a
		// quote, a backslash or a control character); the first that does
		// is found by its position in the word.
		for s.i+8 <= len(s.data) {
			if m := stops(binary.LittleEndian.Uint64(s.data[s.i:])); m != 0 {
				s.i += bits.TrailingZeros64(m) / 8
				break
			}
			s.i += 8
		}
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

// stops marks, in the high bit of each byte of x (eight bytes of a string,
// the first in the lowest byte), the bytes that end plain content: a
// quote, a backslash or a byte below 0x20. The lowest mark is exact; the
// ones above it may be wrong (a borrow carries into the next byte), so
// only the first is used.
func stops(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	hasZero := func(v uint64) uint64 { return (v - ones) & ^v & highs }
	return hasZero(x^(ones*'"')) | hasZero(x^(ones*'\\')) | (x-ones*0x20)&^x&highs
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
func (s *Scanner) number() bool {
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
func (s *Scanner) scalar() bool {
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

func (s *Scanner) literal(word string) bool {
	if !bytes.HasPrefix(s.data[s.i:], []byte(word)) {
		return false
	}
	s.i += len(word)
	return true
}

// Skip consumes and validates one value of any kind.
func (s *Scanner) Skip() bool {
	stack := s.stack[:0]
	defer func() { s.stack = stack[:0] }()
	for {
		// A value is expected here.
		s.ws()
		switch s.peek() {
		case '{', '[':
			open := s.peek()
			s.i++
			if s.depth+len(stack)+1 > MaxDepth {
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
func (s *Scanner) key() bool {
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

// Plain reports whether a string as written (quotes included) is its own
// text: no escapes, valid UTF-8. Its text is then raw[1:len(raw)-1].
func Plain(raw []byte) bool {
	return len(raw) >= 2 && bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw)
}

// Unquote returns the text of a string as written (quotes included) as
// encoding/json gives it: escapes decoded, invalid UTF-8 replaced.
func Unquote(raw []byte) string {
	if len(raw) < 2 {
		return ""
	}
	if Plain(raw) {
		return string(raw[1 : len(raw)-1])
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return string(raw[1 : len(raw)-1])
	}
	return s
}

// KeyIs reports whether an object key as written (quotes included) names
// the struct field name (a lower-case ASCII word) as encoding/json matches
// keys to fields: case-insensitively, with Unicode simple folding ("ſ" is
// "s").
func KeyIs(raw []byte, name string) bool { return EqualFold(FoldKey(raw), name) }

// FoldKey returns the text of an object key as written (quotes included),
// folded as encoding/json folds a key before comparing it with field
// names: each non-ASCII rune to the smallest rune of its case-folding
// orbit (so 'ſ' becomes 'S', the Kelvin sign 'K'). ASCII case is left for
// [EqualFold]. For a key of one word, [KeyIs] does both.
func FoldKey(raw []byte) []byte {
	key := raw[1 : len(raw)-1]
	if !Plain(raw) {
		key = []byte(Unquote(raw))
	}
	for _, c := range key {
		if c >= utf8.RuneSelf {
			return foldName(key)
		}
	}
	return key
}

// EqualFold compares a key from [FoldKey] with name, a lower-case ASCII
// word, ignoring the case of ASCII letters.
func EqualFold(key []byte, name string) bool {
	if len(key) != len(name) {
		return false
	}
	for i := range key {
		if key[i]|0x20 != name[i] {
			return false
		}
	}
	return true
}

func foldName(in []byte) []byte {
	out := make([]byte, 0, len(in))
	for i := 0; i < len(in); {
		r, n := utf8.DecodeRune(in[i:])
		for {
			r2 := unicode.SimpleFold(r)
			if r2 <= r {
				r = r2
				break
			}
			r = r2
		}
		out = utf8.AppendRune(out, r)
		i += n
	}
	return out
}
