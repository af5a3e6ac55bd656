package edit

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/tailscale/hujson"

	"github.com/affected-dev/affected/internal/i18n"
)

// JSON collects edits to one JSON document that may have comments and
// trailing commas (project.json as the .NET Core 1.0 tooling read it).
//
// It parses with github.com/tailscale/hujson, which records the byte
// offsets of every value and keeps comments, and edits by those offsets
// rather than through hujson's own Patch and Pack: an edit then touches
// only its own bytes, and new members copy the indentation, line endings
// and comment style of the file, which a re-serialisation would not.
type JSON struct {
	data  []byte // the file, BOM included
	base  int    // bytes before the JSON text (a BOM)
	Root  hujson.Value
	edits []Edit
}

// maxJSONDepth bounds nesting before parsing, since hujson parses
// recursively.
const maxJSONDepth = 1000

// ErrTooDeep is returned for JSON nested deeper than any project file.
var ErrTooDeep = i18n.Errorf(MsgTooDeep, maxJSONDepth)

// ParseJSON parses data (a UTF-8 BOM is allowed) and starts editing it.
func ParseJSON(data []byte) (*JSON, error) {
	base := 0
	if bytes.HasPrefix(data, bom) {
		base = len(bom)
	}
	if jsonTooDeep(data[base:]) {
		return nil, ErrTooDeep
	}
	v, err := hujson.Parse(data[base:])
	if err != nil {
		return nil, err
	}
	return &JSON{data: data, base: base, Root: v}, nil
}

// Data returns the bytes the document was parsed from.
func (j *JSON) Data() []byte { return j.data }

// Edits returns the edits collected so far.
func (j *JSON) Edits() []Edit { return append([]Edit(nil), j.edits...) }

// Changed reports whether any edit was made.
func (j *JSON) Changed() bool { return len(j.edits) > 0 }

// Bytes returns the document with the edits applied.
func (j *JSON) Bytes() ([]byte, error) { return Apply(j.data, j.edits) }

func (j *JSON) add(start, end int, s string) int {
	j.edits = append(j.edits, Edit{Start: start + j.base, End: end + j.base, New: []byte(s)})
	return len(j.edits) - 1
}

// Object returns the object of v, or nil when v is not an object.
func Object(v *hujson.Value) *hujson.Object {
	if v == nil {
		return nil
	}
	o, _ := v.Value.(*hujson.Object)
	return o
}

// Member returns the value of the member name of the object v (the last
// one when the name repeats, as JSON readers take it), or nil.
func Member(v *hujson.Value, name string) *hujson.Value {
	o := Object(v)
	if o == nil {
		return nil
	}
	var found *hujson.Value
	for i := range o.Members {
		if s, ok := stringOf(&o.Members[i].Name); ok && s == name {
			found = &o.Members[i].Value
		}
	}
	return found
}

// Path follows member names from the root; nil when one is missing.
func (j *JSON) Path(names ...string) *hujson.Value {
	v := &j.Root
	for _, n := range names {
		if v = Member(v, n); v == nil {
			return nil
		}
	}
	return v
}

// StringOf returns the value of a string literal.
func StringOf(v *hujson.Value) (string, bool) { return stringOf(v) }

func stringOf(v *hujson.Value) (string, bool) {
	lit, ok := v.Value.(hujson.Literal)
	if !ok || lit.Kind() != '"' {
		return "", false
	}
	var s string
	if err := json.Unmarshal(lit, &s); err != nil {
		return "", false
	}
	return s, true
}

// StringAt returns the string literal whose content (the character after
// its opening quote) starts at offset off of the file, as the locations of
// extract.Reference.VersionAt give them for project.json.
func (j *JSON) StringAt(off int) *hujson.Value {
	var found *hujson.Value
	j.Root.Range(func(v *hujson.Value) bool {
		if found != nil {
			return false
		}
		if lit, ok := v.Value.(hujson.Literal); ok && lit.Kind() == '"' && v.StartOffset+1+j.base == off {
			found = v
			return false
		}
		return true
	})
	return found
}

// SetString replaces the value v with the string s and returns the index
// of the edit.
func (j *JSON) SetString(v *hujson.Value, s string) int {
	return j.add(v.StartOffset, v.EndOffset, quoteJSON(s))
}

func quoteJSON(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// Layout is how a new member is written: the indentation of its line, one
// indentation step, and the line ending.
type Layout struct {
	Indent, Unit, EOL string
	Inline            bool // the object is written on one line
}

// InsertMember inserts a member as the first member of the object v.
// value renders the member's value for the layout of the place it goes (a
// nested object needs the indentation). A non-empty comment is written
// as a // line above the member (as /* */ before it in an inline object).
// Comments above the first member stay with it. It returns the index of
// the edit, or -1 when v is not an object.
func (j *JSON) InsertMember(v *hujson.Value, name string, value func(Layout) string, comment string) int {
	o := Object(v)
	if o == nil {
		return -1
	}
	body := j.data[j.base:]
	objIndent := leadingSpace(body, v.StartOffset)
	unit := j.unit()
	if len(o.Members) == 0 {
		// {} or { } or {\n  }: the member goes on its own line.
		open := v.StartOffset + 1
		closeAt := v.EndOffset - 1
		eol := lineEnding(body, v.StartOffset)
		l := Layout{Indent: objIndent + unit, Unit: unit, EOL: eol}
		text := eol + l.Indent
		if comment != "" {
			text += "// " + oneLine(comment) + eol + l.Indent
		}
		text += quoteJSON(name) + ": " + value(l)
		inner := body[open:closeAt]
		switch {
		case bytes.IndexByte(inner, '\n') >= 0:
			return j.add(open, open, text)
		case len(bytes.TrimSpace(inner)) == 0:
			return j.add(open, closeAt, text+eol+objIndent)
		}
		return j.add(open, open, text+eol+objIndent)
	}
	first := &o.Members[0].Name
	indent, atLineStart := indentBefore(body, first.StartOffset)
	if !atLineStart {
		l := Layout{Inline: true, Unit: unit}
		text := ""
		if comment != "" {
			text = "/* " + strings.ReplaceAll(oneLine(comment), "*/", "* /") + " */ "
		}
		return j.add(first.StartOffset, first.StartOffset, text+quoteJSON(name)+": "+value(l)+", ")
	}
	// Insert at the start of the first line after the brace's that has
	// content: above any comment that introduces the first member (a
	// comment on the brace's own line stays there).
	at := firstLineStart(body, v.StartOffset+1, first.StartOffset)
	eol := lineEnding(body, at)
	l := Layout{Indent: indent, Unit: unit, EOL: eol}
	text := indent
	if comment != "" {
		text += "// " + oneLine(comment) + eol + indent
	}
	text += quoteJSON(name) + ": " + value(l) + "," + eol
	return j.add(at, at, text)
}

// firstLineStart returns the start of the first line that begins between
// from and to outside a comment (to when there is none).
func firstLineStart(b []byte, from, to int) int {
	for i := from; i < to; i++ {
		switch {
		case b[i] == '\n':
			return i + 1
		case b[i] == '/' && i+1 < to && b[i+1] == '*':
			j := bytes.Index(b[i+2:to], []byte("*/"))
			if j < 0 {
				return to
			}
			i += 2 + j + 1
		case b[i] == '/' && i+1 < to && b[i+1] == '/':
			j := bytes.IndexByte(b[i:to], '\n')
			if j < 0 {
				return to
			}
			return i + j + 1
		}
	}
	return to
}

// StringValue renders a JSON string for InsertMember.
func StringValue(s string) func(Layout) string {
	return func(Layout) string { return quoteJSON(s) }
}

// NewMember is a member of an object rendered by ObjectValue.
type NewMember struct {
	Name, Value, Comment string
}

// ObjectValue renders an object of string members for InsertMember, laid
// out like its surroundings, each member with an optional comment above
// it.
func ObjectValue(members ...NewMember) func(Layout) string {
	return func(l Layout) string {
		var parts []string
		for _, m := range members {
			s := quoteJSON(m.Name) + ": " + quoteJSON(m.Value)
			if m.Comment != "" {
				if l.Inline {
					s = "/* " + strings.ReplaceAll(oneLine(m.Comment), "*/", "* /") + " */ " + s
				} else {
					s = "// " + oneLine(m.Comment) + l.EOL + l.Indent + l.Unit + s
				}
			}
			parts = append(parts, s)
		}
		if l.Inline {
			return "{ " + strings.Join(parts, ", ") + " }"
		}
		in := l.Indent + l.Unit
		return "{" + l.EOL + in + strings.Join(parts, ","+l.EOL+in) + l.EOL + l.Indent + "}"
	}
}

// unit returns the document's indentation step, measured on the first
// member of the top-level object.
func (j *JSON) unit() string {
	body := j.data[j.base:]
	o := Object(&j.Root)
	if o != nil && len(o.Members) > 0 {
		if ind, ok := indentBefore(body, o.Members[0].Name.StartOffset); ok && ind != "" {
			return indentUnit(leadingSpace(body, j.Root.StartOffset), ind)
		}
	}
	return "  "
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// jsonTooDeep reports whether brackets nest deeper than maxJSONDepth,
// skipping strings and comments.
func jsonTooDeep(b []byte) bool {
	depth := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		case '/':
			if i+1 < len(b) && b[i+1] == '/' {
				j := bytes.IndexByte(b[i:], '\n')
				if j < 0 {
					return false
				}
				i += j
			} else if i+1 < len(b) && b[i+1] == '*' {
				j := bytes.Index(b[i+2:], []byte("*/"))
				if j < 0 {
					return false
				}
				i += j + 3
			}
		case '{', '[':
			depth++
			if depth > maxJSONDepth {
				return true
			}
		case '}', ']':
			depth--
		}
	}
	return false
}
