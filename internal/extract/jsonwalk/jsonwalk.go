// Package jsonwalk follows a JSON document with encoding/json's Decoder
// and keeps the byte offsets the Decoder does not report: a [Walker] for
// parsers that read a document member by member and say where each key
// is, and [ValueOffset] to place an error at the value a path names.
//
// Both are for documents of modest size, where the Decoder's speed is
// enough (project.json, advisories, the reference parsers the tests hold
// the fast ones to); the large lock files are read with package jsonscan.
package jsonwalk

import (
	"bytes"
	"encoding/json"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/i18n"
)

// Walker follows the structure of a JSON document with a json.Decoder
// and knows where each key is. The document must have passed json.Valid,
// so that only type errors remain possible; they are reported as
// [extract.Error] values in JSON's terms.
type Walker struct {
	file  string
	data  []byte // the file as given, for the positions of errors
	doc   []byte // what the decoder reads
	base  int64  // bytes of data before doc
	dec   *json.Decoder
	lines *extract.Lines
}

// New returns a Walker at the start of doc, the JSON text of the file
// named file whose bytes are data, base bytes into data (after a byte
// order mark; see [extract.TrimBOM]). doc may be a copy of data[base:]
// with its comments blanked: positions are counted in data, so that
// columns count the characters of the file as written.
func New(file string, data []byte, base int64, doc []byte) *Walker {
	return &Walker{
		file:  file,
		data:  data,
		doc:   doc,
		base:  base,
		dec:   json.NewDecoder(bytes.NewReader(doc)),
		lines: extract.NewLines(data[base:]),
	}
}

// Next returns the offset of the next token in doc: the decoder's offset
// moved past white space and the separators that are not tokens.
func (w *Walker) Next() int { return int(skipSeparators(w.doc, w.dec.InputOffset())) }

// Pos returns the position of an offset of doc. It takes time linear in
// the size of the document over offsets given in increasing order.
func (w *Walker) Pos(off int) extract.Pos { return w.lines.At(off) }

// Errorf returns an error located at an offset of doc.
func (w *Walker) Errorf(off int, m *i18n.Message, args ...any) *extract.Error {
	return extract.Errorf(w.file, extract.PosAt(w.data, int64(off)+w.base), m, args...)
}

// Object calls member for each key of the object at the decoder's
// position, with the offset of the key; member must consume the value. A
// null is an empty object; any other value is a type error about field.
func (w *Walker) Object(field string, member func(key string, off int) error) error {
	start := w.Next()
	tok, err := w.dec.Token()
	if err != nil {
		return extract.JSONErrorIn(w.file, w.data, w.base, field, err)
	}
	if tok == nil {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		if field == "" {
			field = "value"
		}
		return w.Errorf(start, extract.MsgJSONType, field, tokenKind(tok), "object")
	}
	for w.dec.More() {
		off := w.Next()
		tok, err := w.dec.Token()
		if err != nil {
			return extract.JSONErrorIn(w.file, w.data, w.base, field, err)
		}
		key, _ := tok.(string)
		if err := member(key, off); err != nil {
			return err
		}
	}
	if _, err := w.dec.Token(); err != nil { // the closing brace
		return extract.JSONErrorIn(w.file, w.data, w.base, field, err)
	}
	return nil
}

// ValueStart returns the offset of the first byte of the member value at
// the decoder's position.
func (w *Walker) ValueStart() int {
	i := w.afterColon()
	for i < len(w.doc) && isSpace(w.doc[i]) {
		i++
	}
	return min(i, len(w.doc)-1)
}

// afterColon returns the offset just after the colon before the member
// value at the decoder's position.
func (w *Walker) afterColon() int {
	i := int(w.dec.InputOffset())
	for i < len(w.doc) && isSpace(w.doc[i]) {
		i++
	}
	if i < len(w.doc) && w.doc[i] == ':' {
		i++
	}
	return i
}

// Decode decodes the value at the decoder's position into v; field names
// the value in type errors.
func (w *Walker) Decode(field string, v any) error {
	// The decoder counts a member value's error offsets from just after
	// the colon that precedes it.
	start := w.afterColon()
	if err := w.dec.Decode(v); err != nil {
		return extract.JSONErrorIn(w.file, w.data, w.base+int64(start), field, err)
	}
	return nil
}

// Skip consumes the value at the decoder's position.
func (w *Walker) Skip() error {
	var raw json.RawMessage
	return w.Decode("", &raw)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func tokenKind(tok json.Token) string {
	switch tok := tok.(type) {
	case json.Delim:
		if tok == '[' {
			return "array"
		}
		return "object"
	case string:
		return "string"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return "number"
}

// ValueOffset returns the offset in data of the JSON value at path (object
// keys as strings, array indexes as ints), and true; when the path does not
// exist, the offset of the deepest value on it that does, and false. It is
// meant for placing an error, so it re-reads the document.
func ValueOffset(data []byte, path ...any) (int64, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	start := skipSeparators(data, 0)
	for _, step := range path {
		tok, err := dec.Token()
		if err != nil {
			return start, false
		}
		d, _ := tok.(json.Delim)
		found := false
		switch key := step.(type) {
		case string:
			if d != '{' {
				return start, false
			}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return start, false
				}
				if k, _ := kt.(string); k == key {
					start = skipSeparators(data, dec.InputOffset())
					found = true
					break
				}
				var skip json.RawMessage
				if dec.Decode(&skip) != nil {
					return start, false
				}
			}
		case int:
			if d != '[' {
				return start, false
			}
			for i := 0; dec.More(); i++ {
				if i == key {
					start = skipSeparators(data, dec.InputOffset())
					found = true
					break
				}
				var skip json.RawMessage
				if dec.Decode(&skip) != nil {
					return start, false
				}
			}
		}
		if !found {
			return start, false
		}
	}
	return start, true
}

// skipSeparators returns off moved past white space and the separators
// that are not tokens (',' and ':').
func skipSeparators(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}
