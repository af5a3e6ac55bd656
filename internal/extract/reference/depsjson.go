package reference

import (
	"encoding/json"
	"path"
	"sort"
	"strings"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/jsonwalk"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
)

const runtimePackPrefix = "runtimepack."

// runtimeTarget is {"name": ..., "signature": ...}, or in some early files
// the name alone.
type runtimeTarget struct {
	Name string `json:"name"`
}

type djEntry struct {
	key  string
	at   extract.Pos
	deps map[string]string
}

type target struct {
	key     string
	entries []djEntry
}

type library struct {
	key string
	at  extract.Pos
	typ string
}

// DepsJSON parses a .deps.json as depsjson.Parse did before it had a
// scanner of its own; notObject is the message for a file whose top level
// is not an object (depsjson.notObject).
func DepsJSON(file string, data []byte, notObject *i18n.Message) (*extract.Lock, error) {
	body, base := extract.TrimBOM(data)
	if !json.Valid(body) {
		var v struct{}
		return nil, extract.JSONError(file, data, base, json.Unmarshal(body, &v))
	}
	w := jsonwalk.New(file, data, base, body)
	start := w.Next()
	if body[start] != '{' {
		return nil, extract.Errorf(file, extract.PosAt(data, int64(start)+base), notObject)
	}
	var (
		rt         *runtimeTarget
		targets    []target
		hasTargets bool
		libs       []library
	)
	err := w.Object("", func(key string, _ int) error {
		switch key {
		case "runtimeTarget":
			rt = new(runtimeTarget)
			if body[w.ValueStart()] == '"' {
				return w.Decode("runtimeTarget", &rt.Name) // early files give the name alone
			}
			return w.Decode("runtimeTarget", rt)
		case "targets":
			targets, hasTargets = nil, true
			return w.Object("targets", func(tkey string, _ int) error {
				t := target{key: tkey}
				err := w.Object("targets."+tkey, func(name string, off int) error {
					var e struct {
						Dependencies map[string]string `json:"dependencies"`
					}
					if err := w.Decode("targets."+tkey+"."+name, &e); err != nil {
						return err
					}
					t.entries = append(t.entries, djEntry{key: name, at: w.Pos(off), deps: e.Dependencies})
					return nil
				})
				targets = append(targets, t)
				return err
			})
		case "libraries":
			libs = nil
			return w.Object("libraries", func(name string, off int) error {
				var l struct {
					Type string `json:"type"`
				}
				if err := w.Decode("libraries."+name, &l); err != nil {
					return err
				}
				libs = append(libs, library{key: name, at: w.Pos(off), typ: l.Type})
				return nil
			})
		}
		return w.Skip()
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
		p := djPackage(key, typ, deps, at)
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

func djPackage(key, typ string, deps map[string]string, at extract.Pos) extract.Package {
	name, version, _ := strings.Cut(key, "/")
	p := extract.Package{Name: strings.TrimPrefix(name, runtimePackPrefix), Version: version, Type: djType(typ), At: at}
	if len(deps) > 0 {
		p.Dependencies = make([]extract.Dependency, 0, len(deps))
		for n, r := range deps {
			p.Dependencies = append(p.Dependencies, extract.Dependency{Name: strings.TrimPrefix(n, runtimePackPrefix), Range: r})
		}
		sort.Slice(p.Dependencies, func(i, j int) bool { return p.Dependencies[i].Name < p.Dependencies[j].Name })
	}
	return p
}

func djType(s string) extract.PackageType {
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
