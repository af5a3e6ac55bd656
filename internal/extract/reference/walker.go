package reference

import (
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

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
		return jsonError(w.file, w.data, w.base, field, err)
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
			return jsonError(w.file, w.data, w.base, field, err)
		}
		key, _ := tok.(string)
		if err := member(key, off); err != nil {
			return err
		}
	}
	if _, err := w.dec.Token(); err != nil { // the closing brace
		return jsonError(w.file, w.data, w.base, field, err)
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
		return jsonError(w.file, w.data, w.base+int64(start), field, err)
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

// jsonError locates an error of encoding/json, whose offsets count from
// base bytes into data; field names the value being decoded. Types are
// named in JSON's terms ("object") rather than Go's.
func jsonError(file string, data []byte, base int64, field string, err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	e := extract.JSONError(file, data, base, err)
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) && e.Msg == extract.MsgJSONType && len(e.Args) == 3 {
		f := jsonField(typ.Field)
		switch {
		case typ.Field == "" && field != "":
			f = field
		case field != "":
			f = field + "." + f
		}
		e.Args[0] = f
		e.Args[1] = jsonValue(typ.Value)
		e.Args[2] = jsonKind(typ.Type)
	}
	return e
}

func jsonField(f string) string {
	if f == "" {
		return "value"
	}
	parts := strings.Split(f, ".")
	for i, p := range parts {
		r, n := utf8.DecodeRuneInString(p)
		parts[i] = string(unicode.ToLower(r)) + p[n:]
	}
	return strings.Join(parts, ".")
}

// jsonValue names what encoding/json found ("bool", "number 1.5") as
// JSON does ("boolean", "number").
func jsonValue(v string) string {
	switch {
	case v == "bool":
		return "boolean"
	case strings.HasPrefix(v, "number"):
		return "number"
	}
	return v
}

func jsonKind(t reflect.Type) string {
	if t == nil {
		return "value"
	}
	switch t.Kind() {
	case reflect.Map, reflect.Struct:
		return "object"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return t.String()
}
