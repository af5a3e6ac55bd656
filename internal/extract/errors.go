package extract

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/affected-dev/affected/internal/i18n"
)

// Error is a problem found at a position of an input file. Its text reads
// "file:line:col: what is wrong" in every language.
type Error struct {
	File string
	Pos  Pos
	Msg  *i18n.Message
	Args []any
}

// Errorf returns a located error.
func Errorf(file string, pos Pos, m *i18n.Message, args ...any) *Error {
	return &Error{File: file, Pos: pos, Msg: m, Args: args}
}

func (e *Error) prefix() string {
	switch {
	case e.Pos.Line > 0 && e.Pos.Col > 0:
		return fmt.Sprintf("%s:%d:%d: ", e.File, e.Pos.Line, e.Pos.Col)
	case e.Pos.Line > 0:
		return fmt.Sprintf("%s:%d: ", e.File, e.Pos.Line)
	case e.File != "":
		return e.File + ": "
	}
	return ""
}

// Error returns the English text with its location.
func (e *Error) Error() string { return e.prefix() + e.Msg.Plain(i18n.En, e.Args...) }

// Localize returns the text in l with its location.
func (e *Error) Localize(l i18n.Lang) string { return e.prefix() + e.Msg.Plain(l, e.Args...) }

// Text returns the message without the location, in l.
func (e *Error) Text(l i18n.Lang) string { return e.Msg.Plain(l, e.Args...) }

// Unwrap returns the errors among the arguments.
func (e *Error) Unwrap() []error {
	var errs []error
	for _, a := range e.Args {
		if err, ok := a.(error); ok {
			errs = append(errs, err)
		}
	}
	return errs
}

// JSONError turns an error of encoding/json about data (which may start
// with a BOM; base is the number of bytes cut before data) into a located
// error. A type error names the types in JSON's terms ("object",
// "boolean", "integer") rather than Go's, and the field by its keys, each
// with a lower-case first letter as the document spells them (Go's own
// field names are capitalized).
func JSONError(file string, data []byte, base int64, err error) *Error {
	return JSONErrorIn(file, data, base, "", err)
}

// JSONErrorIn is [JSONError] for an error about a value that is itself at
// field (keys joined by '.') of a larger document, as when a section is
// decoded on its own: a type error names its field below field, or field
// itself when the error is about the whole value.
func JSONErrorIn(file string, data []byte, base int64, field string, err error) *Error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn) && syn.Error() == "unexpected end of JSON input":
		return Errorf(file, PosAt(data, int64(len(data))+base), MsgJSONEOF)
	case errors.As(err, &syn):
		return Errorf(file, PosAt(data, syn.Offset+base-1), MsgJSONSyntax, syn.Error())
	case errors.As(err, &typ):
		f := jsonField(typ.Field)
		switch {
		case typ.Field == "" && field != "":
			f = field
		case field != "":
			f = field + "." + f
		}
		// Offset is after the offending value; point at its start.
		return Errorf(file, PosAt(data, valueStart(data, typ.Offset+base)), MsgJSONType, f, jsonValue(typ.Value), jsonKind(typ.Type))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return Errorf(file, PosAt(data, int64(len(data))), MsgJSONEOF)
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Errorf(file, Pos{}, MsgJSONSyntax, err.Error())
}

// jsonField turns encoding/json's path to a field ("Restore.ProjectName")
// into the keys as a document spells them ("restore.projectName").
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

// jsonKind names the JSON type that decodes into a Go type.
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

// valueStart walks back from the end of a JSON value to its first byte, for
// errors that encoding/json reports after the value.
func valueStart(data []byte, end int64) int64 {
	if end > int64(len(data)) {
		end = int64(len(data))
	}
	i := end - 1
	for i > 0 && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t') {
		i--
	}
	if i < 0 {
		return 0
	}
	switch data[i] {
	case '"':
		for i--; i > 0; i-- {
			if data[i] == '"' && data[i-1] != '\\' {
				return i
			}
		}
	case '}', ']':
		open := byte('{')
		if data[i] == ']' {
			open = '['
		}
		depth := 0
		for ; i >= 0; i-- {
			if data[i] == open {
				depth--
				if depth == 0 {
					return i
				}
			} else if data[i] == '}' || data[i] == ']' {
				depth++
			}
		}
		return 0
	default:
		for i > 0 && !strings.ContainsRune(" \t\r\n:,[{", rune(data[i-1])) {
			i--
		}
	}
	return i
}

// XMLError turns an error of encoding/xml into a located error. decoder is
// the decoder that failed (for its input offset) and data its input.
func XMLError(file string, data []byte, base int64, offset int64, err error) *Error {
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		// encoding/xml knows only the line; the decoder offset gives the column.
		pos := PosAt(data, offset+base)
		if pos.Line != syn.Line {
			pos = Pos{Line: syn.Line}
		}
		return Errorf(file, pos, MsgXMLSyntax, syn.Msg)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return Errorf(file, PosAt(data, int64(len(data))), MsgXMLEOF)
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Errorf(file, PosAt(data, offset+base), MsgXMLSyntax, err.Error())
}

// Messages shared by the parsers.
var (
	MsgJSONSyntax = i18n.Define("extract.json-syntax",
		"invalid JSON: %s",
		"잘못된 JSON (구문 분석기: \"%s\")",
		"無效的 JSON（剖析器：「%s」）")
	MsgJSONType = i18n.Define("extract.json-type",
		"%s: expected %[3]s, found %[2]s",
		"%s: %[3]s{이/가} 와야 하는데 %[2]s{이/가} 있음",
		"%s：應為 %[3]s，實際為 %[2]s")
	MsgJSONEOF = i18n.Define("extract.json-eof",
		"unexpected end of JSON: the file is cut short",
		"JSON이 예기치 않게 끝남: 파일이 잘렸음",
		"JSON 意外結束：檔案不完整")
	MsgXMLSyntax = i18n.Define("extract.xml-syntax",
		"invalid XML: %s",
		"잘못된 XML (구문 분석기: \"%s\")",
		"無效的 XML（剖析器：「%s」）")
	MsgXMLEOF = i18n.Define("extract.xml-eof",
		"unexpected end of XML: an element is not closed",
		"XML이 예기치 않게 끝남: 닫히지 않은 요소가 있음",
		"XML 意外結束：有元素未關閉")
	MsgTooLarge = i18n.Define("extract.too-large",
		"file is larger than the %d MiB limit; skipped",
		"파일이 %d MiB 제한보다 큼; 건너뜀",
		"檔案超過 %d MiB 上限；已略過")
	MsgRead = i18n.Define("extract.read",
		"cannot read: %v",
		"읽을 수 없음: %v",
		"無法讀取：%v")
	MsgMissingField = i18n.Define("extract.missing-field",
		"%s has no %q",
		"%s에 %q{이/가} 없음",
		"%s 缺少 %q")
	MsgBadVersionAt = i18n.Define("extract.bad-version",
		"package %s: %v",
		"패키지 %s: %v",
		"套件 %s：%v")
	MsgUnsupportedVersion = i18n.Define("extract.unsupported-version",
		"unsupported %s format version %d (supported: %s)",
		"지원하지 않는 %s 형식 버전 %d (지원: %s)",
		"不支援的 %s 格式版本 %d（支援：%s）")
)
