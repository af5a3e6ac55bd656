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
//
// The file is read in one pass (package jsonscan) that validates it as
// strictly as json.Valid and decodes only the fields above, as
// encoding/json would decode them into a struct (field names matched
// case-insensitively, the last duplicate winning, a null leaving a field
// as it was); the tests hold it to the encoding/json walk it replaced
// (reference_test.go). Parsers are kept from file to file, and with them
// one copy of each name, version and range they have read
// ([jsonscan.Strings]): the lock files of a tree repeat them, and a string
// seen before costs a lookup instead of an allocation. The package and
// dependency lists are carved from one [extract.Slab], which
// [extract.Lock.Release] gives back for the next file.
package packageslock

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/jsonscan"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
)

// Messages of this package.
var (
	MsgNotObject = i18n.Define("packageslock.not-object",
		"not a packages.lock.json: the top level is not a JSON object",
		"packages.lock.json이 아님: 최상위 값이 JSON 객체가 아님",
		"不是 packages.lock.json：最上層不是 JSON 物件")
	// msgScan reports JSON that encoding/json accepted but the scanner
	// could not follow: a bug, which the fuzz test looks for.
	msgScan = i18n.Define("packageslock.scan",
		"cannot follow the JSON structure here (please report this file)",
		"여기서 JSON 구조를 따라갈 수 없음 (이 파일을 신고해 주세요)",
		"無法解析此處的 JSON 結構（請回報此檔案）")
)

// Parse parses a packages.lock.json. file names it in errors.
func Parse(file string, data []byte) (*extract.Lock, error) {
	body, base := extract.TrimBOM(data)
	p := parsers.Get().(*parser)
	defer p.release()
	p.s.Reset(body)
	p.lines = extract.NewLines(body)
	s := p.s
	lock := &extract.Lock{Kind: extract.KindPackagesLock}
	p.slab = extract.NewSlab()
	lock.Carved(p.slab)
	var version int64
	hasVersion := false
	isObject, ok := s.Document(func(key []byte, _ int) bool {
		switch topKey(key) {
		case "version":
			s.Field(0, "version")
			v, ok := s.Int()
			version, hasVersion = v, true
			return ok
		case "dependencies":
			lock.Targets = p.targets()
			return p.ok
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
	case !hasVersion:
		return nil, extract.Errorf(file, extract.PosAt(data, int64(start)+base), extract.MsgMissingField, string(extract.KindPackagesLock), "version")
	case version < 1:
		return nil, extract.Errorf(file, extract.PosAt(data, int64(start)+base), extract.MsgUnsupportedVersion, string(extract.KindPackagesLock), int(version), "1, 2")
	}
	lock.Version = int(version)
	return lock, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// topKey returns a top-level key's text when it may name a section.
func topKey(raw []byte) string {
	switch string(raw) {
	case `"version"`:
		return "version"
	case `"dependencies"`:
		return "dependencies"
	}
	if jsonscan.Plain(raw) {
		return "" // another key
	}
	return jsonscan.Unquote(raw) // an escaped key may still name a section
}

// parser holds the state of one Parse.
type parser struct {
	s     *jsonscan.Scanner
	lines *extract.Lines
	ok    bool // the last section was valid JSON
	// Scratch memory reused from section to section and entry to entry.
	seen map[string]int
	pkgs []extract.Package
	deps []extract.Dependency
	// strs holds the texts of the strings read, kept from file to file:
	// names, versions and ranges repeat across the lock files of a tree.
	strs jsonscan.Strings
	// slab is the memory of the lists of the lock being read.
	slab *extract.Slab
}

// parsers keeps parsers between files, for their scratch memory: the
// scratch slices of one file are about the size the next one needs.
var parsers = sync.Pool{New: func() any { return &parser{s: jsonscan.New(nil)} }}

// release returns the parser to the pool without what it points into.
func (p *parser) release() {
	clear(p.deps[:cap(p.deps)])
	p.s.Reset(nil)
	p.lines, p.slab = nil, nil
	parsers.Put(p)
}

// str returns the text of a string as written (quotes included); "" for
// nil (a null).
func (p *parser) str(raw []byte) string { return p.strs.Text(raw) }

// value returns the text of a field's value: the types restore writes
// without a lookup, anything else as str does.
func (p *parser) value(raw []byte) string {
	switch string(raw) {
	case `"Transitive"`:
		return "Transitive"
	case `"Direct"`:
		return "Direct"
	case `"CentralTransitive"`:
		return "CentralTransitive"
	case `"Project"`:
		return "Project"
	}
	return p.str(raw)
}

// targets reads the "dependencies" object at the cursor: one target per
// key, the last of duplicate keys counting (in the place of the first).
func (p *parser) targets() []extract.Target {
	s := p.s
	var out []extract.Target
	index := map[string]int{} // framework/RID → index in out
	s.Field(0, "dependencies")
	p.ok = s.ObjectValue(func(tkey []byte, _ int) bool {
		key := jsonscan.Unquote(tkey)
		fw, rid := nuget.SplitTarget(key)
		t := extract.Target{Framework: fw, RID: rid}
		s.Field(1, key)
		// The packages are gathered in scratch memory kept from section to
		// section, then copied once at their final size. Restore writes
		// them sorted by name, so while they come in increasing order none
		// can be a duplicate; the first out of order starts an index of
		// the names seen.
		var seen map[string]int // package name → index in pkgs
		pkgs := p.pkgs[:0]
		ok := s.ObjectValue(func(nkey []byte, off int) bool {
			name := p.str(nkey)
			s.Field(2, name)
			pkg, ok := p.entry(name, off)
			if seen == nil && len(pkgs) > 0 && name <= pkgs[len(pkgs)-1].Name {
				if p.seen == nil {
					p.seen = map[string]int{}
				}
				seen = p.seen
				clear(seen)
				for i := range pkgs {
					seen[pkgs[i].Name] = i
				}
			}
			if i, dup := seen[name]; dup {
				pkgs[i] = pkg // the last duplicate wins, as in encoding/json
				return ok
			}
			if seen != nil {
				seen[name] = len(pkgs)
			}
			pkgs = append(pkgs, pkg)
			return ok
		})
		if len(pkgs) > 0 {
			t.Packages = append(p.slab.Packages(len(pkgs)), pkgs...)
		}
		clear(pkgs) // drop the references the scratch memory holds
		p.pkgs = pkgs[:0]
		t.Direct = direct(t.Packages)
		k := t.Framework + "/" + t.RID
		if i, dup := index[k]; dup {
			out[i] = t
		} else {
			index[k] = len(out)
			out = append(out, t)
		}
		return ok
	})
	return out
}

// The fields of an entry.
const (
	fieldOther = iota
	fieldType
	fieldRequested
	fieldResolved
	fieldDependencies
)

// entry reads the package entry at the cursor, keyed name at off.
func (p *parser) entry(name string, off int) (extract.Package, bool) {
	s := p.s
	pkg := extract.Package{Name: name, Type: extract.TypePackage, At: p.lines.At(off)}
	deps := p.deps[:0]
	ok := s.ObjectValue(func(fkey []byte, _ int) bool {
		var dst *string
		switch entryField(fkey) {
		case fieldType:
			s.Field(3, "type")
			dst = &pkg.LockType
		case fieldRequested:
			s.Field(3, "requested")
			dst = &pkg.Requested
		case fieldResolved:
			s.Field(3, "resolved")
			dst = &pkg.Version
		case fieldDependencies:
			s.Field(3, "dependencies")
			if s.Null() {
				deps = deps[:0] // a null map: what came before is gone
				return true
			}
			// A second "dependencies" adds to the first, as encoding/json
			// decodes into the map it already made.
			return s.ObjectValue(func(dkey []byte, _ int) bool {
				d := extract.Dependency{Name: p.str(dkey)}
				raw, ok := s.String()
				d.Range = p.str(raw)
				deps = append(deps, d)
				return ok
			})
		default:
			return s.Skip()
		}
		raw, ok := s.String()
		if raw != nil { // a null leaves the field as it was
			*dst = p.value(raw)
		}
		return ok
	})
	if strings.EqualFold(pkg.LockType, "Project") {
		pkg.Type = extract.TypeProject
	}
	if len(deps) > 0 {
		// Sorted by name; of duplicate names the last one counts.
		if !slices.IsSortedFunc(deps, byName) { // restore writes them sorted
			slices.SortStableFunc(deps, byName)
		}
		n := len(deps)
		for i := 1; i < len(deps); i++ {
			if deps[i].Name == deps[i-1].Name {
				n--
			}
		}
		out := p.slab.Dependencies(n)
		for i, d := range deps {
			if i+1 < len(deps) && deps[i+1].Name == d.Name {
				continue
			}
			out = append(out, d)
		}
		pkg.Dependencies = out
	}
	p.deps = deps[:0]
	return pkg, ok
}

// entryField names the field a key of an entry sets. encoding/json, which
// this parser stands in for, matches keys to fields case-insensitively
// (with Unicode simple folding: "reſolved" is "resolved").
func entryField(raw []byte) int {
	switch string(raw) { // the names as restore writes them
	case `"type"`:
		return fieldType
	case `"resolved"`:
		return fieldResolved
	case `"contentHash"`:
		return fieldOther
	case `"dependencies"`:
		return fieldDependencies
	case `"requested"`:
		return fieldRequested
	}
	key := jsonscan.FoldKey(raw)
	switch {
	case jsonscan.EqualFold(key, "type"):
		return fieldType
	case jsonscan.EqualFold(key, "requested"):
		return fieldRequested
	case jsonscan.EqualFold(key, "resolved"):
		return fieldResolved
	case jsonscan.EqualFold(key, "dependencies"):
		return fieldDependencies
	}
	return fieldOther
}

// direct lists the Direct entries and the Project entries that no other
// Project entry depends on, in file order.
func direct(pkgs []extract.Package) []extract.Dependency {
	var viaProject map[string]bool // made when a project has dependencies
	for _, p := range pkgs {
		if p.Type != extract.TypeProject {
			continue
		}
		for _, d := range p.Dependencies {
			if !nuget.EqualID(d.Name, p.Name) {
				if viaProject == nil {
					viaProject = map[string]bool{}
				}
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

func byName(a, b extract.Dependency) int { return strings.Compare(a.Name, b.Name) }
