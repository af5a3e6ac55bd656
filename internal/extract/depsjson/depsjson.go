// Package depsjson parses *.deps.json, the dependency manifest the .NET SDK
// writes next to an application or library at build and publish time
// (https://github.com/dotnet/sdk/blob/main/documentation/specs/runtime-configuration-file.md):
//
//	{
//	  "runtimeTarget": {"name": ".NETCoreApp,Version=v8.0/linux-x64"},
//	  "targets": {
//	    ".NETCoreApp,Version=v8.0/linux-x64": {
//	      "App/1.0.0": {"dependencies": {"Newtonsoft.Json": "13.0.1"}, "runtime": {"App.dll": {}}},
//	      "Newtonsoft.Json/13.0.1": {"runtime": {...}}
//	    }
//	  },
//	  "libraries": {
//	    "App/1.0.0": {"type": "project"},
//	    "Newtonsoft.Json/13.0.1": {"type": "package", "sha512": "...", "path": "..."}
//	  }
//	}
//
// The result is one [extract.Target]: the one runtimeTarget names or, when
// it is missing or names no target, the first target in the file that has
// entries (trivy instead reports the libraries without any edges). Its
// packages are the target's entries with their dependencies, followed by
// the libraries the target does not list (without edges; they were built
// with the application all the same), all typed by "libraries": package,
// project, referenceassembly (the framework reference assemblies of apps
// built with PreserveCompilationContext; "reference", a plain assembly
// reference, is typed the same: neither is a NuGet package), runtimepack
// (the runtime of a self-contained app; the "runtimepack." prefix of
// its name is removed, as trivy does). An entry that "libraries" does not
// type is a package.
//
// The root is the application or library itself: the project entry that no
// other entry depends on; when there are several, the one named like the
// file (App for App.deps.json); when no entry is typed project (a file
// without "libraries"), the only entry that nothing depends on. The root
// gives ProjectName, its dependencies are Direct, and it is not among the
// packages. The assets ("runtime", "native", "compile", "resources") and
// "compilationOptions" are not read: unlike trivy, a package without
// runtime assets is still reported.
package depsjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"path"
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
	MsgNotObject = i18n.Define("depsjson.not-object",
		"not a .deps.json: the top level is not a JSON object",
		".deps.json이 아님: 최상위 값이 JSON 객체가 아님",
		"不是 .deps.json：最上層不是 JSON 物件")
)

const runtimePackPrefix = "runtimepack."

// runtimeTarget is {"name": ..., "signature": ...}, or in some early files
// the name alone.
type runtimeTarget struct {
	Name string `json:"name"`
}

type entry struct {
	key  string
	at   extract.Pos
	deps map[string]string
}

type target struct {
	key     string
	entries []entry
}

type library struct {
	key string
	at  extract.Pos
	typ string
}

// Parse parses a .deps.json. file names it in errors, and its base name
// ("App.deps.json") helps to choose the root among several projects.
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
	var (
		rt         *runtimeTarget
		targets    []target
		hasTargets bool
		libs       []library
	)
	err := w.object("", func(key string, _ int) error {
		switch key {
		case "runtimeTarget":
			rt = new(runtimeTarget)
			if w.body[w.valueStart()] == '"' {
				return w.decode("runtimeTarget", &rt.Name) // early files give the name alone
			}
			return w.decode("runtimeTarget", rt)
		case "targets":
			targets, hasTargets = nil, true
			return w.object("targets", func(tkey string, _ int) error {
				t := target{key: tkey}
				err := w.object("targets."+tkey, func(name string, off int) error {
					var e struct {
						Dependencies map[string]string `json:"dependencies"`
					}
					if err := w.decode("targets."+tkey+"."+name, &e); err != nil {
						return err
					}
					t.entries = append(t.entries, entry{key: name, at: w.lines.at(off), deps: e.Dependencies})
					return nil
				})
				targets = append(targets, t)
				return err
			})
		case "libraries":
			libs = nil
			return w.object("libraries", func(name string, off int) error {
				var l struct {
					Type string `json:"type"`
				}
				if err := w.decode("libraries."+name, &l); err != nil {
					return err
				}
				libs = append(libs, library{key: name, at: w.lines.at(off), typ: l.Type})
				return nil
			})
		}
		return w.skip()
	})
	if err != nil {
		return nil, err
	}
	if !hasTargets {
		return nil, extract.Errorf(file, extract.PosAt(data, int64(start)+base), extract.MsgMissingField, string(extract.KindDepsJSON), "targets")
	}
	lock := &extract.Lock{Kind: extract.KindDepsJSON}
	t := chooseTarget(rt, targets)
	if t == nil {
		return lock, nil
	}
	lock.Targets = []extract.Target{build(t, libs)}
	lock.ProjectName = takeRoot(&lock.Targets[0], file)
	return lock, nil
}

// chooseTarget returns the target runtimeTarget names, or else the first
// one with entries, or else the first one.
func chooseTarget(rt *runtimeTarget, ts []target) *target {
	if rt != nil {
		for i := len(ts) - 1; i >= 0; i-- { // the last duplicate counts
			if ts[i].key == rt.Name {
				return &ts[i]
			}
		}
	}
	for i := range ts {
		if len(ts[i].entries) > 0 {
			return &ts[i]
		}
	}
	if len(ts) > 0 {
		return &ts[0]
	}
	return nil
}

// build makes the target: its entries, then the libraries it lacks, with
// the root still among them (takeRoot takes it out).
func build(t *target, libs []library) extract.Target {
	fw, rid := nuget.SplitTarget(t.key)
	out := extract.Target{Framework: fw, RID: rid}
	types := map[string]string{}
	for _, l := range libs {
		types[l.key] = l.typ
	}
	seen := map[string]int{}
	add := func(key, typ string, deps map[string]string, at extract.Pos) {
		p := newPackage(key, typ, deps, at)
		if i, dup := seen[key]; dup {
			out.Packages[i] = p // the last duplicate counts, as in encoding/json
			return
		}
		seen[key] = len(out.Packages)
		out.Packages = append(out.Packages, p)
	}
	for _, e := range t.entries {
		add(e.key, types[e.key], e.deps, e.at)
	}
	for _, l := range libs {
		if _, ok := seen[l.key]; !ok {
			add(l.key, l.typ, nil, l.at)
		}
	}
	return out
}

func newPackage(key, typ string, deps map[string]string, at extract.Pos) extract.Package {
	name, version, _ := strings.Cut(key, "/")
	p := extract.Package{Name: strings.TrimPrefix(name, runtimePackPrefix), Version: version, Type: packageType(typ), At: at}
	if len(deps) > 0 {
		p.Dependencies = make([]extract.Dependency, 0, len(deps))
		for n, r := range deps {
			p.Dependencies = append(p.Dependencies, extract.Dependency{Name: strings.TrimPrefix(n, runtimePackPrefix), Range: r})
		}
		sort.Slice(p.Dependencies, func(i, j int) bool { return p.Dependencies[i].Name < p.Dependencies[j].Name })
	}
	return p
}

func packageType(s string) extract.PackageType {
	switch strings.ToLower(s) {
	case "", "package":
		return extract.TypePackage
	case "project":
		return extract.TypeProject
	case "referenceassembly", "reference":
		return extract.TypeReferenceAssembly
	case "runtimepack":
		return extract.TypeRuntimePack
	}
	return extract.PackageType(strings.ToLower(s))
}

// takeRoot finds the root among t's packages, makes its dependencies
// Direct and removes it from the packages. It returns the root's name, or
// "" when there is no single root.
func takeRoot(t *extract.Target, file string) string {
	dependedOn := map[string]bool{}
	for _, p := range t.Packages {
		for _, d := range p.Dependencies {
			if !nuget.EqualID(d.Name, p.Name) {
				dependedOn[nuget.NormalizeID(d.Name)] = true
			}
		}
	}
	var projects, free []int
	for i, p := range t.Packages {
		if dependedOn[nuget.NormalizeID(p.Name)] {
			continue
		}
		free = append(free, i)
		if p.Type == extract.TypeProject {
			projects = append(projects, i)
		}
	}
	anyProject := false
	for _, p := range t.Packages {
		anyProject = anyProject || p.Type == extract.TypeProject
	}
	candidates := projects
	if !anyProject {
		candidates = free
	}
	root := -1
	switch {
	case len(candidates) == 1:
		root = candidates[0]
	case len(candidates) > 1:
		stem := path.Base(strings.ReplaceAll(file, `\`, "/"))
		stem = stem[:len(stem)-len(path.Ext(stem))] // App.deps
		stem = strings.TrimSuffix(stem, ".deps")
		for _, i := range candidates {
			if nuget.EqualID(t.Packages[i].Name, stem) {
				root = i
			}
		}
	}
	if root < 0 {
		return ""
	}
	r := t.Packages[root]
	t.Direct = r.Dependencies
	t.Packages = append(t.Packages[:root:root], t.Packages[root+1:]...)
	if len(t.Packages) == 0 {
		t.Packages = nil
	}
	return r.Name
}

// walker follows the structure of a .deps.json with a json.Decoder
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
