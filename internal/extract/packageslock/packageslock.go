// Package packageslock parses packages.lock.json, the lock file NuGet
// writes for repeatable restores of PackageReference projects
// (RestorePackagesWithLockFile; format versions 1 and 2, the second for
// central package management;
// https://learn.microsoft.com/nuget/consume-packages/package-references-in-project-files#locking-dependencies):
//
//	{
//	  "version": 1,
//	  "dependencies": {
//	    "net8.0": {                         // or ".NETCoreApp,Version=v3.1", "net8.0/win-x64"
//	      "Newtonsoft.Json": {
//	        "type": "Direct",               // Direct, Transitive, CentralTransitive, Project
//	        "requested": "[13.0.1, )",
//	        "resolved": "13.0.1",
//	        "contentHash": "...",
//	        "dependencies": {"Dep": "1.0.0"}
//	      }
//	    }
//	  }
//	}
//
// Each framework (or framework/RID) section becomes an [extract.Target];
// each entry a package with its resolved version, its "type" kept in
// LockType and its "requested" range in Requested, both as written (in
// real files a CentralTransitive entry's requested lower bound can be
// above the resolved version: that is kept, not corrected). "Project"
// entries are referenced projects: their Type is project and their
// version is whatever the file says (usually nothing, sometimes "1.0.0").
//
// Direct lists the entries of type Direct, with their requested range,
// and the Project entries that no other Project entry depends on (those
// are the project's own ProjectReferences; a Project entry that another
// one depends on arrived through that project). The contentHash is not
// read.
package packageslock

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
)

// Messages of this package.
var (
	MsgNotObject = i18n.Define("packageslock.not-object",
		"not a packages.lock.json: the top level is not a JSON object",
		"packages.lock.json이 아님: 최상위 값이 JSON 객체가 아님",
		"不是 packages.lock.json：最上層不是 JSON 物件")
)

// entry is one package of a framework section.
type entry struct {
	Type         string            `json:"type"`
	Requested    string            `json:"requested"`
	Resolved     string            `json:"resolved"`
	Dependencies map[string]string `json:"dependencies"`
}

// Parse parses a packages.lock.json. file names it in errors.
func Parse(file string, data []byte) (*extract.Lock, error) {
	body, base := extract.TrimBOM(data)
	if !json.Valid(body) {
		var v struct{}
		return nil, jsonError(file, data, base, "", json.Unmarshal(body, &v))
	}
	w := &walker{file: file, data: data, body: body, base: base, dec: json.NewDecoder(bytes.NewReader(body)), lines: newLines(body)}
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
					var e entry
					if err := w.decode("dependencies."+tkey+"."+name, &e); err != nil {
						return err
					}
					p := newPackage(name, e, w.lines.at(off))
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

func newPackage(name string, e entry, at extract.Pos) extract.Package {
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

// direct lists the Direct entries and the Project entries that no other
// Project entry depends on, in file order.
func direct(pkgs []extract.Package) []extract.Dependency {
	viaProject := map[string]bool{}
	for _, p := range pkgs {
		if p.Type != extract.TypeProject {
			continue
		}
		for _, d := range p.Dependencies {
			if !nuget.EqualID(d.Name, p.Name) {
				viaProject[nuget.NormalizeID(d.Name)] = true
			}
		}
	}
	var out []extract.Dependency
	for _, p := range pkgs {
		switch {
		case strings.EqualFold(p.LockType, "Direct"):
			out = append(out, extract.Dependency{Name: p.Name, Range: p.Requested})
		case p.Type == extract.TypeProject && !viaProject[nuget.NormalizeID(p.Name)]:
			out = append(out, extract.Dependency{Name: p.Name, Range: p.Requested})
		}
	}
	return out
}

// walker follows the structure of a packages.lock.json with a json.Decoder
// (the data has passed json.Valid, so only type errors remain possible),
// and knows where each key is.
type walker struct {
	file       string
	data, body []byte
	base       int64
	dec        *json.Decoder
	lines      *lines
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

// decode decodes the value at the decoder's position into v.
func (w *walker) decode(field string, v any) error {
	// The decoder counts a member value's error offsets from just after
	// the colon that precedes it.
	start := int(w.dec.InputOffset())
	for start < len(w.body) && isSpace(w.body[start]) {
		start++
	}
	if start < len(w.body) && w.body[start] == ':' {
		start++
	}
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

// lines turns byte offsets of data, given in increasing order, into
// positions in time linear in the size of data.
type lines struct {
	data      []byte
	off       int
	line, col int
}

func newLines(data []byte) *lines { return &lines{data: data, line: 1, col: 1} }

func (l *lines) at(off int) extract.Pos {
	if off > len(l.data) {
		off = len(l.data)
	}
	if off < l.off {
		l.off, l.line, l.col = 0, 1, 1
	}
	seg := l.data[l.off:off]
	if i := bytes.LastIndexByte(seg, '\n'); i >= 0 {
		l.line += bytes.Count(seg, []byte{'\n'})
		l.col = 1 + utf8.RuneCount(seg[i+1:])
	} else {
		l.col += utf8.RuneCount(seg)
	}
	l.off = off
	return extract.Pos{Line: l.line, Col: l.col}
}
