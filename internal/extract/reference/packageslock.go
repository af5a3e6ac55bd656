package reference

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/jsonwalk"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
)

// plEntry is one package of a framework section.
type plEntry struct {
	Type         string            `json:"type"`
	Requested    string            `json:"requested"`
	Resolved     string            `json:"resolved"`
	Dependencies map[string]string `json:"dependencies"`
}

// PackagesLock parses a packages.lock.json as packageslock.Parse did
// before it had a scanner of its own; notObject is the message for a file
// whose top level is not an object (packageslock.notObject).
func PackagesLock(file string, data []byte, notObject *i18n.Message) (*extract.Lock, error) {
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
	lock := &extract.Lock{Kind: extract.KindPackagesLock}
	var version *int
	err := w.Object("", func(key string, _ int) error {
		switch key {
		case "version":
			var v int
			if err := w.Decode("version", &v); err != nil {
				return err
			}
			version = &v
			return nil
		case "dependencies":
			lock.Targets = nil
			targetIndex := map[string]int{} // framework/RID → index in lock.Targets
			return w.Object("dependencies", func(tkey string, _ int) error {
				fw, rid := nuget.SplitTarget(tkey)
				t := extract.Target{Framework: fw, RID: rid}
				seen := map[string]int{}
				err := w.Object("dependencies."+tkey, func(name string, off int) error {
					var e plEntry
					if err := w.Decode("dependencies."+tkey+"."+name, &e); err != nil {
						return err
					}
					p := plPackage(name, e, w.Pos(off))
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
		return w.Skip()
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

func plPackage(name string, e plEntry, at extract.Pos) extract.Package {
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
