package packageslock

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/nuget"
)

// This file keeps the first implementation of Parse, which walked the
// file with encoding/json's Decoder after a json.Valid pass: slow (five
// times the cost of the fast scanner on large trees) but plainly right.
// The tests hold the fast parser to it, result for result and error for
// error (TestReference, FuzzReference).

// refEntry is one package of a framework section.
type refEntry struct {
	Type         string            `json:"type"`
	Requested    string            `json:"requested"`
	Resolved     string            `json:"resolved"`
	Dependencies map[string]string `json:"dependencies"`
}

// referenceParse is the reference implementation of Parse.
func referenceParse(file string, data []byte) (*extract.Lock, error) {
	body, base := extract.TrimBOM(data)
	if !json.Valid(body) {
		var v struct{}
		return nil, refJSONError(file, data, base, "", json.Unmarshal(body, &v))
	}
	w := &refWalker{file: file, data: data, body: body, base: base, dec: json.NewDecoder(bytes.NewReader(body)), lines: newLines(body)}
	start := w.next()
	if body[start] != '{' {
		return nil, extract.Errorf(file, extract.PosAt(data, int64(start)+base), MsgNotObject)
	}
	lock := &extract.Lock{Kind: extract.KindPackagesLock}
	var version *int
	err := w.object("", func(key string, _ int) error {
		switch key {
		case "version":
			var v int
			if err := w.decode("version", &v); err != nil {
				return err
			}
			version = &v
			return nil
		case "dependencies":
			lock.Targets = nil
			targetIndex := map[string]int{} // framework/RID → index in lock.Targets
			return w.object("dependencies", func(tkey string, _ int) error {
				fw, rid := nuget.SplitTarget(tkey)
				t := extract.Target{Framework: fw, RID: rid}
				seen := map[string]int{}
				err := w.object("dependencies."+tkey, func(name string, off int) error {
					var e refEntry
					if err := w.decode("dependencies."+tkey+"."+name, &e); err != nil {
						return err
					}
					p := refNewPackage(name, e, w.lines.at(off))
					if i, dup := seen[name]; dup {
						t.Packages[i] = p // the last duplicate wins, as in encoding/json
						return nil
					}
					seen[name] = len(t.Packages)
					t.Packages = append(t.Packages, p)
					return nil
				})
				t.Direct = direct(t.Packages)
				key := t.Framework + "/" + t.RID
				if i, dup := targetIndex[key]; dup {
					lock.Targets[i] = t // a duplicate key: the last one counts
				} else {
					targetIndex[key] = len(lock.Targets)
					lock.Targets = append(lock.Targets, t)
				}
				return err
			})
		}
		return w.skip()
	})
	if err != nil {
		return nil, err
	}
	if version == nil {
		return nil, extract.Errorf(file, extract.PosAt(data, int64(start)+base), extract.MsgMissingField, string(extract.KindPackagesLock), "version")
	}
	if *version < 1 {
		return nil, extract.Errorf(file, extract.PosAt(data, int64(start)+base), extract.MsgUnsupportedVersion, string(extract.KindPackagesLock), *version, "1, 2")
	}
	lock.Version = *version
	return lock, nil
}

func refNewPackage(name string, e refEntry, at extract.Pos) extract.Package {
	p := extract.Package{
		Name:      name,
		Version:   e.Resolved,
		Type:      extract.TypePackage,
		LockType:  e.Type,
		Requested: e.Requested,
		At:        at,
	}
	if strings.EqualFold(e.Type, "Project") {
		p.Type = extract.TypeProject
	}
	if len(e.Dependencies) > 0 {
		p.Dependencies = make([]extract.Dependency, 0, len(e.Dependencies))
		for n, r := range e.Dependencies {
			p.Dependencies = append(p.Dependencies, extract.Dependency{Name: n, Range: r})
		}
		sort.Slice(p.Dependencies, func(i, j int) bool { return p.Dependencies[i].Name < p.Dependencies[j].Name })
	}
	return p
}

// refWalker follows the structure of a packages.lock.json with a json.Decoder
// (the data has passed json.Valid, so only type errors remain possible),
// and knows where each key is.
type refWalker struct {
	file       string
	data, body []byte
	base       int64
	dec        *json.Decoder
	lines      *lines
}

// next returns the offset of the next token in body: the decoder's offset
// moved past white space and the separators that are not tokens.
func (w *refWalker) next() int {
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
func (w *refWalker) object(field string, member func(key string, off int) error) error {
	start := w.next()
	tok, err := w.dec.Token()
	if err != nil {
		return refJSONError(w.file, w.data, w.base, field, err)
	}
	if tok == nil {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		if field == "" {
			field = "value"
		}
		return extract.Errorf(w.file, extract.PosAt(w.data, int64(start)+w.base), extract.MsgJSONType, field, refTokenKind(tok), "object")
	}
	for w.dec.More() {
		off := w.next()
		tok, err := w.dec.Token()
		if err != nil {
			return refJSONError(w.file, w.data, w.base, field, err)
		}
		key, _ := tok.(string)
		if err := member(key, off); err != nil {
			return err
		}
	}
	if _, err := w.dec.Token(); err != nil { // the closing brace
		return refJSONError(w.file, w.data, w.base, field, err)
	}
	return nil
}

// decode decodes the value at the decoder's position into v.
func (w *refWalker) decode(field string, v any) error {
	// The decoder counts a member value's error offsets from just after
	// the colon that precedes it.
	start := int(w.dec.InputOffset())
	for start < len(w.body) && refIsSpace(w.body[start]) {
		start++
	}
	if start < len(w.body) && w.body[start] == ':' {
		start++
	}
	if err := w.dec.Decode(v); err != nil {
		return refJSONError(w.file, w.data, w.base+int64(start), field, err)
	}
	return nil
}

func refIsSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// skip consumes the value at the decoder's position.
func (w *refWalker) skip() error {
	var raw json.RawMessage
	return w.decode("", &raw)
}

func refTokenKind(tok json.Token) string {
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

// refJSONError locates an error of encoding/json, whose offsets count from
// base bytes into data; field names the value being decoded. Types are
// named in JSON's terms ("object") rather than Go's.
func refJSONError(file string, data []byte, base int64, field string, err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	e := extract.JSONError(file, data, base, err)
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) && e.Msg == extract.MsgJSONType && len(e.Args) == 3 {
		f := refJSONField(typ.Field)
		switch {
		case typ.Field == "" && field != "":
			f = field
		case field != "":
			f = field + "." + f
		}
		e.Args[0] = f
		e.Args[1] = refJSONValue(typ.Value)
		e.Args[2] = refJSONKind(typ.Type)
	}
	return e
}

func refJSONField(f string) string {
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

// refJSONValue names what encoding/json found ("bool", "number 1.5") as
// JSON does ("boolean", "number").
func refJSONValue(v string) string {
	switch {
	case v == "bool":
		return "boolean"
	case strings.HasPrefix(v, "number"):
		return "number"
	}
	return v
}

func refJSONKind(t reflect.Type) string {
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
		return refJSONKind(t.Elem())
	}
	return t.String()
}

// sameAsReference parses data with Parse and with referenceParse and
// reports any difference: in the result, or in the error's text and
// position.
func sameAsReference(t *testing.T, name string, data []byte) {
	t.Helper()
	got, gotErr := Parse("f", data)
	want, wantErr := referenceParse("f", data)
	switch {
	case (gotErr == nil) != (wantErr == nil):
		t.Errorf("%s: error %v, reference %v", name, gotErr, wantErr)
	case gotErr != nil:
		if gotErr.Error() != wantErr.Error() {
			t.Errorf("%s:\n got %v\nwant %v", name, gotErr, wantErr)
		}
	default:
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: (-reference +fast):\n%s", name, diff)
		}
	}
}

// referenceCases are inputs where encoding/json's rules are easy to miss.
var referenceCases = []string{
	`{"version": 1, "dependencies": {"net8.0": {"A": {"Type": "Direct", "REQUESTED": "[1.0, )", "Resolved": "1.0", "Dependencies": {"B": "1.0"}}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"reſolved": "1.0", "type": "Project"}}}}`, // ſ folds to s
	`{"version": 1, "dependencies": {"net8.0": {"A": {"resolved": "1.0", "resolved": null}}}}`,  // null keeps the value
	`{"version": 1, "dependencies": {"net8.0": {"A": {"resolved": null, "resolved": "2.0"}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"dependencies": {"B": "1", "C": "2"}, "dependencies": {"B": "3"}}}}}`, // maps merge
	`{"version": 1, "dependencies": {"net8.0": {"A": {"dependencies": {"B": "1"}, "dependencies": null, "dependencies": {"C": "2"}}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"dependencies": {"B": "1", "B": "2", "A": null}}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": null, "B": {}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"resolved": "1"}}, "net8.0": {"B": {"resolved": "2"}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"resolved": "1"}}}, "dependencies": {"net9.0": {}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"resolved": "1"}}}, "dependencies": null}`,
	`{"\u0076ersion": 2, "depend\u0065ncies": {"net\u0038.0": {"\u0041": {"\u0072esolved": "1\u002e0"}}}}`,
	"{\"version\": 1, \"dependencies\": {\"net8.0\": {\"\xff\": {\"resolved\": \"\xfe1\"}}}}",
	`{"version": 1, "version": 2}`,
	`{"version": 2, "version": null}`,
	`{"version": null}`,
	`{"version": 1.0}`,
	`{"version": 1e0}`,
	`{"version": -0}`,
	`{"version": 99999999999999999999}`,
	`{"version": true}`,
	`{"version": [1]}`,
	`{"version": {"a": 1}}`,
	`{"version": "1", "dependencies": 5}`,
	`{"dependencies": 5, "version": "1"}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"resolved": 1}, "B": {"resolved": true}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"dependencies": {"B": {"x": "]"}}}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"dependencies": {"B": ["1"]}}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"dependencies": [1]}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"type": {"a": "}"}}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": [], "B": {"resolved": 1}}}}`,
	`{"version": 1, "dependencies": {"net8.0": "x"}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"resolved": 1}}}, "x": [}`,
	`{"version": "x", "dependencies": {"net8.0": {"A": {"resolved": 1}}}} x`,
	"\xEF\xBB\xBF{\"version\": 1,\r\n \"dependencies\": {\"net8.0\": {\r\n  \"A\": {\"resolved\": 5}}}}",
	"\xEF\xBB\xBF{\"version\": 1, \"dependencies\": {\"net8.0\": {\"A\": {\"resolved\": \"1\"}}}}",
	` [1] `,
	` "x" `,
	``,
	`{`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"type": "project", "dependencies": {"a": "1", "B": "1"}}, "B": {"type": "PROJECT"}}}}`,
	`{"version": 1, "dependencies": {"net8.0/win-x64": {}, "net8.0": {}, ".NETCoreApp,Version=v3.1/linux-x64": {"A": {"type": "Direct"}}}}`,
}

// TestReference holds the fast parser to the reference on the tricky
// cases, the test data and the whole corpus.
func TestReference(t *testing.T) {
	for i, in := range referenceCases {
		sameAsReference(t, strconv.Itoa(i)+" "+in, []byte(in))
	}
	files, _ := filepath.Glob("testdata/*.json")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sameAsReference(t, f, data)
	}
	dir := extracttest.Corpus(t)
	n := 0
	for _, rel := range extracttest.Glob(t, func(rel string) bool {
		return strings.HasSuffix(rel, "packages.lock.json") || strings.Contains(rel, "nuget/lock/testdata/") ||
			strings.Contains(rel, "packageslockjson/testdata/")
	}) {
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		sameAsReference(t, rel, data)
		n++
	}
	if n < 20 {
		t.Errorf("only %d corpus files compared", n)
	}
}

// FuzzReference holds the fast parser to the reference on any input.
func FuzzReference(f *testing.F) {
	for _, in := range referenceCases {
		f.Add([]byte(in))
	}
	files, _ := filepath.Glob("testdata/*.json")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	extracttest.AddSeeds(f, func(rel string) bool {
		return strings.HasSuffix(rel, "packages.lock.json") || strings.Contains(rel, "nuget/lock/testdata/")
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsReference(t, "input", data)
	})
}

// BenchmarkParse compares the fast parser with the reference on every
// packages.lock.json of the corpus.
func BenchmarkParse(b *testing.B) {
	dir := extracttest.Corpus(b)
	var data [][]byte
	var total int64
	for _, rel := range extracttest.Glob(b, func(rel string) bool { return strings.HasSuffix(rel, "/packages.lock.json") }) {
		d, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			b.Fatal(err)
		}
		data = append(data, d)
		total += int64(len(d))
	}
	for _, impl := range []struct {
		name  string
		parse func(string, []byte) (*extract.Lock, error)
	}{{"fast", Parse}, {"reference", referenceParse}} {
		b.Run(impl.name, func(b *testing.B) {
			b.SetBytes(total)
			b.ReportAllocs()
			for b.Loop() {
				for _, d := range data {
					if _, err := impl.parse("f", d); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
