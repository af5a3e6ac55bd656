// Package lockjson parses the two restore outputs that share NuGet's lock
// file layout: project.lock.json, written by restore for project.json
// projects (Visual Studio 2015, .NET Core 1.0 tooling; format versions 1
// and 2, and the DNX-era -9998), and obj/project.assets.json, written by
// restore for PackageReference projects (versions 2, 3 and 4).
//
// The layout (https://learn.microsoft.com/nuget/archive/project-json#projectlockjson,
// NuGet.ProjectModel's LockFileFormat) is:
//
//	{
//	  "version": 3,
//	  "targets": {                          // one per framework, and per framework/RID
//	    "net8.0": {                         // or ".NETCoreApp,Version=v1.1", "net462/win7-x86"
//	      "Name/1.0.0": {
//	        "type": "package",              // or "project"; absent in version 1 files
//	        "dependencies": {"Dep": "1.0.0"}, // ranges, "1.0.0" meaning >= 1.0.0
//	        "compile": ..., "runtime": ...  // assets: not read
//	      }
//	    }
//	  },
//	  "libraries": {...},                   // files and hashes: read only for -9998 files
//	  "projectFileDependencyGroups": {
//	    "": ["Name >= 1.0.0"],              // every framework
//	    "net8.0": ["Other [1.0.0, 2.0.0)"]  // this framework only
//	  },
//	  "project": {"restore": {"projectName": ..., "projectPath": ...}, ...} // assets v3+
//	}
//
// Each target becomes an [extract.Target] with the packages in file order.
// Direct dependencies come from projectFileDependencyGroups: the "" group
// and the group whose framework has the target's short name; their
// "Name >= 1.0.0" operator notation is turned into NuGet's range notation
// ("1.0.0", "[1.0.0, 2.0.0)"). DNX framework assembly references
// ("fx/System.Data >= 4.0.0") are not packages and are left out. Only when
// a framework has no group does the assets file's
// "project.frameworks.<fw>.dependencies" supply them.
//
// DNX-era files (version -9998) have no "targets": each library lists its
// dependencies per framework under "libraries.<Name/Version>.frameworks",
// and the targets are rebuilt from those (for any file without "targets");
// a library that lists no framework is left out.
//
// Not read: the assets ("compile", "runtime", "native", "build",
// "resource" ...), "files", hashes, "packageFolders", "logs", the tools
// sections of project.json-era files ("tools", "projectFileToolGroups":
// command-line tools are not part of the application), and the project
// section's restore settings beyond the project's name and path.
//
// Speed matters (a scan reads every assets file of a tree): one forward
// pass over the bytes (scan.go) validates the document as strictly as
// json.Valid, reads "targets" without reflection while recording where
// each package key is (encoding/json does not report positions), and
// skips the rest; the small sections (version, dependency groups, project)
// are then decoded with encoding/json into structs that name only the
// fields read. Invalid JSON is reported with encoding/json's message.
// The dependencies' names and ranges are interned from file to file
// ([jsonscan.Strings]) and the lists carved from an [extract.Slab], as in
// package packageslock.
package lockjson

import (
	"encoding/json"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
)

// Messages of this package.
var (
	MsgNotObject = i18n.Define("lockjson.not-object",
		"not a NuGet lock file: the top level is not a JSON object",
		"NuGet 잠금 파일이 아님: 최상위 값이 JSON 객체가 아님",
		"不是 NuGet 鎖定檔：最上層不是 JSON 物件")
	MsgTooManyDirect = i18n.Define("lockjson.too-many-direct",
		"the dependency groups repeat into more than %d direct {dependency|dependencies} across the targets",
		"종속성 그룹이 대상 전체에서 직접 종속성 %d개를 넘게 반복됨",
		"相依性群組在所有目標中重複展開後超過 %d 個直接相依性")
	// msgScan reports JSON that encoding/json accepted but the scanner
	// could not follow: a bug, which the fuzz test looks for.
	msgScan = i18n.Define("lockjson.scan",
		"cannot follow the JSON structure here (please report this file)",
		"여기서 JSON 구조를 따라갈 수 없음 (이 파일을 신고해 주세요)",
		"無法解析此處的 JSON 結構（請回報此檔案）")
)

// dnxVersion is the format version of DNX-era lock files.
const dnxVersion = -9998

// Parse parses a project.lock.json or project.assets.json. The base name
// of file decides which; for any other name, a file with a "project" or
// "packageFolders" section (which only assets files have) is an assets
// file.
func Parse(file string, data []byte) (*extract.Lock, error) {
	switch strings.ToLower(path.Base(strings.ReplaceAll(file, `\`, "/"))) {
	case "project.assets.json":
		return ParseAssets(file, data)
	case "project.lock.json":
		return ParseProjectLock(file, data)
	}
	return parse(file, data, "")
}

// ParseProjectLock parses a project.lock.json.
func ParseProjectLock(file string, data []byte) (*extract.Lock, error) {
	return parse(file, data, extract.KindProjectLock)
}

// ParseAssets parses an obj/project.assets.json.
func ParseAssets(file string, data []byte) (*extract.Lock, error) {
	return parse(file, data, extract.KindAssets)
}

// library is an entry of "libraries". Only DNX-era files need it: their
// per-framework dependencies are here instead of in "targets".
type library struct {
	Type       string `json:"type"`
	Frameworks map[string]struct {
		Dependencies map[string]string `json:"dependencies"`
	} `json:"frameworks"`
}

type project struct {
	Restore struct {
		ProjectName string `json:"projectName"`
		ProjectPath string `json:"projectPath"`
	} `json:"restore"`
	Frameworks map[string]struct {
		Dependencies map[string]projectDependency `json:"dependencies"`
	} `json:"frameworks"`
}

// projectDependency is a dependency of the project section: an object
// {"target": "Package", "version": "[1.0.0, )", "autoReferenced": true},
// or, in some early files, the version string alone.
type projectDependency struct {
	Target  string `json:"target"`
	Version string `json:"version"`
}

// UnmarshalJSON reads either form, leniently: a dependency of another
// shape is left empty rather than failing the file, since this section
// only stands in for missing dependency groups.
func (d *projectDependency) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		_ = json.Unmarshal(b, &d.Version)
		return nil
	}
	type plain projectDependency
	var p plain
	if json.Unmarshal(b, &p) == nil {
		*d = projectDependency(p)
	}
	return nil
}

// file is what the parser needs of a whole file.
type file struct {
	name  string
	data  []byte // as given, BOM included
	body  []byte // without the BOM
	base  int64  // bytes removed before body
	pos   *extract.Lines
	l     layout
	kind  extract.Kind
	ver   int
	group map[string][]string
	proj  *project
}

func parse(name string, data []byte, kind extract.Kind) (*extract.Lock, error) {
	f := &file{name: name, data: data, kind: kind}
	f.body, f.base = extract.TrimBOM(data)
	f.pos = extract.NewLines(f.body)
	slab := extract.NewSlab()
	l, targets, terr, ok := scanInto(f.body, f.pos, slab)
	switch {
	case terr != nil:
		return nil, extract.Errorf(f.name, f.pos.At(terr.Off), extract.MsgJSONType, terr.Field, terr.Found, terr.Want)
	case !ok:
		// Not valid JSON: encoding/json says why and where.
		var v struct{}
		if err := json.Unmarshal(f.body, &v); err != nil {
			return nil, extract.JSONError(f.name, f.data, f.base, err)
		}
		return nil, f.errorf(0, msgScan)
	case l.notObject:
		return nil, f.errorf(skipSpace(f.body), MsgNotObject)
	}
	f.l = l
	start := skipSpace(f.body)
	if f.kind == "" {
		f.kind = extract.KindProjectLock
		if f.l.project.present() || f.l.packageFolders.present() {
			f.kind = extract.KindAssets
		}
	}
	if !f.l.version.present() {
		return nil, f.errorf(start, extract.MsgMissingField, string(f.kind), "version")
	}
	if err := f.decode(f.l.version, "version", &f.ver); err != nil {
		return nil, err
	}
	if f.ver < 1 && f.ver != dnxVersion {
		return nil, f.errorf(f.l.version.start, extract.MsgUnsupportedVersion, string(f.kind), f.ver, "1, 2, 3, 4, -9998")
	}
	if err := f.decode(f.l.groups, "projectFileDependencyGroups", &f.group); err != nil {
		return nil, err
	}
	if err := f.decode(f.l.project, "project", &f.proj); err != nil {
		return nil, err
	}
	lock := &extract.Lock{Kind: f.kind, Version: f.ver}
	lock.Carved(slab)
	if f.proj != nil {
		lock.ProjectName = f.proj.Restore.ProjectName
		lock.ProjectPath = f.proj.Restore.ProjectPath
	}
	var err error
	if f.l.targets.present() {
		lock.Targets = targets
	} else {
		lock.Targets, err = f.dnxTargets()
	}
	if err != nil {
		return nil, err
	}
	if err := f.addDirect(lock.Targets); err != nil {
		return nil, err
	}
	return lock, nil
}

// decode unmarshals the section at sp, if present, into v.
func (f *file) decode(sp span, field string, v any) error {
	if !sp.present() {
		return nil
	}
	if err := json.Unmarshal(f.body[sp.start:sp.end], v); err != nil {
		return extract.JSONErrorIn(f.name, f.data, f.base+int64(sp.start), field, err)
	}
	return nil
}

// dnxTargets rebuilds the targets of a DNX-era file from "libraries": one
// target per framework that any library or dependency group names, each
// with the libraries that list it, in file order. A library that lists no
// framework was restored for none and is left out.
func (f *file) dnxTargets() ([]extract.Target, error) {
	var libs map[string]library
	if err := f.decode(f.l.libraries, "libraries", &libs); err != nil {
		return nil, err
	}
	byKey := map[string]*extract.Target{}
	target := func(key string) *extract.Target {
		t, ok := byKey[key]
		if !ok {
			fw, rid := nuget.SplitTarget(key)
			t = &extract.Target{Framework: fw, RID: rid}
			byKey[key] = t
		}
		return t
	}
	seen := map[string]bool{}
	for _, lk := range keysOf(f.body, f.l.libraries) {
		lib, ok := libs[lk.key]
		if !ok || seen[lk.key] || len(lib.Frameworks) == 0 {
			continue
		}
		seen[lk.key] = true
		at := f.pos.At(lk.off)
		for _, key := range sortedKeys(lib.Frameworks) {
			t := target(key)
			t.Packages = append(t.Packages, newPackage(lk.key, lib.Type, depList(lib.Frameworks[key].Dependencies), at))
		}
	}
	for key := range f.group {
		if key != "" {
			target(key)
		}
	}
	var out []extract.Target
	for _, key := range sortedKeys(byKey) {
		out = append(out, *byKey[key])
	}
	return out, nil
}

func newPackage(key, typ string, deps []extract.Dependency, at extract.Pos) extract.Package {
	name, version, _ := strings.Cut(key, "/")
	p := extract.Package{Name: name, Version: version, Type: packageType(typ), At: at}
	if len(deps) > 0 {
		p.Dependencies = sortDeps(deps)
	}
	return p
}

// sortDeps sorts a package's dependencies by name, in place; of duplicate
// names (possible only in a broken file) the last one counts, as
// encoding/json would have it.
func sortDeps(deps []extract.Dependency) []extract.Dependency {
	if !slices.IsSortedFunc(deps, byName) { // restore writes them sorted
		slices.SortStableFunc(deps, byName)
	}
	out := deps[:0]
	for i, d := range deps {
		if i+1 < len(deps) && deps[i+1].Name == d.Name {
			continue
		}
		out = append(out, d)
	}
	return out
}

// depList turns a decoded dependency map into a list.
func depList(m map[string]string) []extract.Dependency {
	var out []extract.Dependency
	for n, r := range m {
		out = append(out, extract.Dependency{Name: n, Range: r})
	}
	return out
}

func packageType(s string) extract.PackageType {
	switch strings.ToLower(s) {
	case "", "package":
		return extract.TypePackage // version 1 and DNX files have no type
	case "project":
		return extract.TypeProject
	}
	return extract.PackageType(strings.ToLower(s))
}

// maxDirect bounds the direct dependencies of all targets together: the
// common group is repeated in every target, so a hostile file could
// otherwise ask for the product of two large numbers. Real files need a
// few thousand at most.
const maxDirect = 1 << 20

// addDirect fills each target's Direct from the dependency groups, or
// from the project section for a framework that has no group.
func (f *file) addDirect(ts []extract.Target) error {
	parsed := map[string][]extract.Dependency{} // group key → entries
	byFramework := map[string][]string{}        // short name → group keys
	for _, k := range sortedKeys(f.group) {
		for _, entry := range f.group[k] {
			d, ok := ParseGroupEntry(entry)
			if !ok || strings.HasPrefix(d.Name, "fx/") {
				// "fx/System.Data" is a DNX framework assembly
				// reference, not a package.
				continue
			}
			parsed[k] = append(parsed[k], d)
		}
		if k != "" {
			fw := nuget.ShortFramework(k)
			byFramework[fw] = append(byFramework[fw], k)
		}
	}
	fromProject := map[string][]extract.Dependency{} // short name → dependencies
	if f.proj != nil {
		for _, k := range sortedKeys(f.proj.Frameworks) {
			fw := nuget.ShortFramework(k)
			deps := f.proj.Frameworks[k].Dependencies
			for _, name := range sortedKeys(deps) {
				fromProject[fw] = append(fromProject[fw], extract.Dependency{Name: name, Range: deps[name].Version})
			}
		}
	}
	total := 0
	for i := range ts {
		t := &ts[i]
		lists := [][]extract.Dependency{parsed[""]}
		for _, k := range byFramework[t.Framework] {
			lists = append(lists, parsed[k])
		}
		if len(byFramework[t.Framework]) == 0 {
			lists = append(lists, fromProject[t.Framework])
		}
		n := 0
		for _, l := range lists {
			n += len(l)
		}
		if total += n; total > maxDirect {
			return f.errorf(f.l.groups.start, MsgTooManyDirect, maxDirect)
		}
		if n > 0 {
			t.Direct = make([]extract.Dependency, 0, n)
			for _, l := range lists {
				t.Direct = append(t.Direct, l...)
			}
		}
	}
	return nil
}

// ParseGroupEntry parses an entry of projectFileDependencyGroups: a
// package or project name, optionally followed by a version constraint in
// NuGet's lock file notation ("Name >= 1.0.0", "Name >= 1.0.0 < 2.0.0",
// "Name > 1.0", "Name <= 2.0") or in range notation ("Name [1.0, 2.0)").
// The range is returned in NuGet's range notation: "1.0.0" for ">= 1.0.0"
// (at least), "[1.0.0, 2.0.0)", "(1.0, )", "(, 2.0]"; other text is kept
// as written. ok is false for an empty entry.
func ParseGroupEntry(s string) (d extract.Dependency, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return d, false
	}
	i := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("<>=[(", r) })
	if i < 0 {
		return extract.Dependency{Name: s}, true
	}
	d.Name = s[:i]
	rest := strings.TrimSpace(s[i:])
	if d.Name == "" {
		return d, false
	}
	d.Range = operatorRange(rest)
	return d, true
}

// operatorRange converts ">= 1.0 < 2.0" and the like to range notation.
func operatorRange(s string) string {
	if s == "" || s[0] == '[' || s[0] == '(' {
		return s
	}
	var lo, hi string
	var loInc, hiInc bool
	f := strings.Fields(s)
	// Operators may be written apart from or joined to their version.
	var toks []string
	for _, t := range f {
		op := strings.TrimRight(t, "0123456789.*-+abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
		if op != "" && op != t && strings.Trim(op, "<>=") == "" {
			toks = append(toks, op, t[len(op):])
		} else {
			toks = append(toks, t)
		}
	}
	for i := 0; i < len(toks); i++ {
		op := toks[i]
		if i+1 >= len(toks) {
			return s
		}
		v := toks[i+1]
		i++
		switch op {
		case ">=":
			lo, loInc = v, true
		case ">":
			lo, loInc = v, false
		case "<=":
			hi, hiInc = v, true
		case "<":
			hi, hiInc = v, false
		case "=", "==":
			lo, hi, loInc, hiInc = v, v, true, true
		default:
			return s
		}
	}
	switch {
	case lo != "" && hi == "" && loInc:
		return lo
	case lo != "" && lo == hi && loInc && hiInc:
		return "[" + lo + "]"
	}
	b := "("
	if loInc {
		b = "["
	}
	b += lo + ", " + hi
	if hiInc {
		return b + "]"
	}
	return b + ")"
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func skipSpace(b []byte) int {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

func (f *file) errorf(off int, m *i18n.Message, args ...any) error {
	return extract.Errorf(f.name, extract.PosAt(f.data, int64(off)+f.base), m, args...)
}

func byName(a, b extract.Dependency) int { return strings.Compare(a.Name, b.Name) }
