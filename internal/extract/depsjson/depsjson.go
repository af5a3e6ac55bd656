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
//
// The file is read in one pass (package jsonscan) that validates it as
// strictly as json.Valid and decodes only the fields above, as
// encoding/json would decode them into structs (field names matched
// case-insensitively, the last duplicate winning, a null leaving a field
// as it was); the tests hold it to the encoding/json walk it replaced
// (package reference).
package depsjson

import (
	"encoding/json"
	"path"
	"slices"
	"strings"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/jsonscan"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
)

// Messages of this package.
var (
	MsgNotObject = i18n.Define("depsjson.not-object",
		"not a .deps.json: the top level is not a JSON object",
		".deps.json이 아님: 최상위 값이 JSON 객체가 아님",
		"不是 .deps.json：最上層不是 JSON 物件")
	// msgScan reports JSON that encoding/json accepted but the scanner
	// could not follow: a bug, which the fuzz test looks for.
	msgScan = i18n.Define("depsjson.scan",
		"cannot follow the JSON structure here (please report this file)",
		"여기서 JSON 구조를 따라갈 수 없음 (이 파일을 신고해 주세요)",
		"無法解析此處的 JSON 結構（請回報此檔案）")
)

const runtimePackPrefix = "runtimepack."

// runtimeTarget is {"name": ..., "signature": ...}, or in some early files
// the name alone.
type runtimeTarget struct {
	Name string
}

type entry struct {
	key  string
	at   extract.Pos
	deps []extract.Dependency // by name, without duplicates
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
	p := &parser{s: jsonscan.New(body), lines: extract.NewLines(body)}
	s := p.s
	var (
		rt         *runtimeTarget
		targets    []target
		hasTargets bool
		libs       []library
	)
	isObject, ok := s.Document(func(key []byte, _ int) bool {
		switch topKey(key) {
		case "runtimeTarget":
			rt = new(runtimeTarget)
			s.Field(0, "runtimeTarget")
			if s.Peek() == '"' { // early files give the name alone
				raw, ok := s.String()
				rt.Name = jsonscan.Unquote(raw)
				return ok
			}
			return s.ObjectValue(func(k []byte, _ int) bool {
				if !jsonscan.KeyIs(k, "name") {
					return s.Skip()
				}
				s.Field(1, "name")
				raw, ok := s.String()
				if raw != nil { // a null leaves the field as it was
					rt.Name = jsonscan.Unquote(raw)
				}
				return ok
			})
		case "targets":
			targets, hasTargets = nil, true
			s.Field(0, "targets")
			return s.ObjectValue(func(tkey []byte, _ int) bool {
				t := target{key: jsonscan.Unquote(tkey)}
				s.Field(1, t.key)
				ok := s.ObjectValue(func(name []byte, off int) bool {
					e := entry{key: jsonscan.Unquote(name), at: p.lines.At(off)}
					s.Field(2, e.key)
					var ok bool
					e.deps, ok = p.entry()
					t.entries = append(t.entries, e)
					return ok
				})
				targets = append(targets, t)
				return ok
			})
		case "libraries":
			libs = nil
			s.Field(0, "libraries")
			return s.ObjectValue(func(name []byte, off int) bool {
				l := library{key: jsonscan.Unquote(name), at: p.lines.At(off)}
				s.Field(1, l.key)
				ok := s.ObjectValue(func(k []byte, _ int) bool {
					if !jsonscan.KeyIs(k, "type") {
						return s.Skip()
					}
					s.Field(2, "type")
					raw, ok := s.String()
					if raw != nil {
						l.typ = jsonscan.Unquote(raw)
					}
					return ok
				})
				libs = append(libs, l)
				return ok
			})
		}
		return s.Skip()
	})
	start := 0
	for start < len(body) && isSpace(body[start]) {
		start++
	}
	switch {
	case !ok:
		// Not valid JSON: encoding/json says why and where.
		var v struct{}
		err := json.Unmarshal(body, &v)
		if err == nil {
			return nil, extract.Errorf(file, extract.PosAt(data, int64(s.Offset())+base), msgScan)
		}
		return nil, extract.JSONError(file, data, base, err)
	case !isObject:
		return nil, extract.Errorf(file, extract.PosAt(data, int64(start)+base), MsgNotObject)
	case s.Err() != nil:
		e := s.Err()
		return nil, extract.Errorf(file, extract.PosAt(data, int64(e.Off)+base), extract.MsgJSONType, e.Field, e.Found, e.Want)
	case !hasTargets:
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

// parser holds the state of one Parse.
type parser struct {
	s     *jsonscan.Scanner
	lines *extract.Lines
	deps  []extract.Dependency // scratch
}

// entry reads the value of a target's entry: its dependencies, as
// encoding/json would decode them into a map (a null map drops what came
// before, a second "dependencies" adds to the first, of duplicate names
// the last counts), by name.
func (p *parser) entry() ([]extract.Dependency, bool) {
	s := p.s
	deps := p.deps[:0]
	ok := s.ObjectValue(func(k []byte, _ int) bool {
		if !jsonscan.KeyIs(k, "dependencies") {
			return s.Skip()
		}
		s.Field(3, "dependencies")
		if s.Null() {
			deps = deps[:0]
			return true
		}
		return s.ObjectValue(func(name []byte, _ int) bool {
			raw, ok := s.String()
			deps = append(deps, extract.Dependency{Name: jsonscan.Unquote(name), Range: jsonscan.Unquote(raw)})
			return ok
		})
	})
	p.deps = deps[:0]
	if len(deps) == 0 {
		return nil, ok
	}
	slices.SortStableFunc(deps, func(a, b extract.Dependency) int { return strings.Compare(a.Name, b.Name) })
	out := make([]extract.Dependency, 0, len(deps))
	for i, d := range deps {
		if i+1 < len(deps) && deps[i+1].Name == d.Name {
			continue
		}
		out = append(out, d)
	}
	return out, ok
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// topKey returns a top-level key's text when it may name a section.
func topKey(raw []byte) string {
	switch string(raw) {
	case `"runtimeTarget"`:
		return "runtimeTarget"
	case `"targets"`:
		return "targets"
	case `"libraries"`:
		return "libraries"
	}
	if jsonscan.Plain(raw) {
		return "" // another key
	}
	return jsonscan.Unquote(raw) // an escaped key may still name a section
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
	add := func(key, typ string, deps []extract.Dependency, at extract.Pos) {
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

func newPackage(key, typ string, deps []extract.Dependency, at extract.Pos) extract.Package {
	name, version, _ := strings.Cut(key, "/")
	p := extract.Package{Name: strings.TrimPrefix(name, runtimePackPrefix), Version: version, Type: packageType(typ), At: at}
	if len(deps) > 0 {
		p.Dependencies = make([]extract.Dependency, len(deps))
		for i, d := range deps {
			p.Dependencies[i] = extract.Dependency{Name: strings.TrimPrefix(d.Name, runtimePackPrefix), Range: d.Range}
		}
		slices.SortStableFunc(p.Dependencies, func(a, b extract.Dependency) int { return strings.Compare(a.Name, b.Name) })
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
