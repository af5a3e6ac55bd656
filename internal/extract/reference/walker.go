package reference

import (
	"encoding/json"

	"github.com/affected-dev/affected/internal/extract"
)

// walker follows the structure of a JSON file with a json.Decoder
// (the data has passed json.Valid, so only type errors remain possible),
// and knows where each key is.
type walker struct {
	file       string
	data, body []byte
	base       int64
	dec        *json.Decoder
	lines      *extract.Lines
}

// next returns the offset of the next token in body: the decoder's offset
// moved past white space and the separators that are not tokens.
func (w *walker) next() int {
	i := int(w.dec.InputOffset())
	for i < len(w.body) {
		switch w.body[i] {
		case ' ', '\t', '\r', '\n', ',', ':':
			i++
			continue
		}
		break
	}
	return i
}

// object calls member for each key of the object at the decoder's
// position, with the offset of the key; member must consume the value. A
// null is an empty object; any other value is a type error about field.
func (w *walker) object(field string, member func(key string, off int) error) error {
	start := w.next()
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
		return extract.Errorf(w.file, extract.PosAt(w.data, int64(start)+w.base), extract.MsgJSONType, field, tokenKind(tok), "object")
	}
	for w.dec.More() {
		off := w.next()
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

// valueStart returns the offset of the first byte of the member value at
// the decoder's position.
func (w *walker) valueStart() int {
	i := w.afterColon()
	for i < len(w.body) && isSpace(w.body[i]) {
		i++
	}
	return min(i, len(w.body)-1)
}

// afterColon returns the offset just after the colon before the member
// value at the decoder's position.
func (w *walker) afterColon() int {
	i := int(w.dec.InputOffset())
	for i < len(w.body) && isSpace(w.body[i]) {
		i++
	}
	if i < len(w.body) && w.body[i] == ':' {
		i++
	}
	return i
}

// decode decodes the value at the decoder's position into v.
func (w *walker) decode(field string, v any) error {
	// The decoder counts a member value's error offsets from just after
	// the colon that precedes it.
	start := w.afterColon()
	if err := w.dec.Decode(v); err != nil {
		return extract.JSONErrorIn(w.file, w.data, w.base+int64(start), field, err)
	}
	return nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// skip consumes the value at the decoder's position.
func (w *walker) skip() error {
	var raw json.RawMessage
	return w.decode("", &raw)
}

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
