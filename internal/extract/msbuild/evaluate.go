package msbuild

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
)

// Loader gives the evaluation access to files. Paths are '/'-separated.
// Load returns an error wrapping fs.ErrNotExist for a missing file; callers
// cache parsed documents, since every project below a props file reads it.
type Loader interface {
	Load(p string) (*Document, error)
	Exists(p string) bool
}

// An ImportChecker is a Loader that decides which files an <Import> may
// read: CheckImport is asked before an explicit import is followed (not
// for the Directory.Build.props and Directory.Packages.props that MSBuild
// imports on its own), and an error refuses the import, which becomes a
// warning located at the <Import>.
type ImportChecker interface {
	CheckImport(p string) error
}

// Project is the result of evaluating a project file.
type Project struct {
	extract.Manifest
	// CentralPackageManagement is ManagePackageVersionsCentrally;
	// TransitivePinning is CentralPackageTransitivePinningEnabled.
	CentralPackageManagement bool
	TransitivePinning        bool
	// BuildProps and PackagesProps are the Directory.Build.props and
	// Directory.Packages.props that apply ("" when none).
	BuildProps, PackagesProps string
	// PackageVersions are the central versions in effect for the first
	// framework (all of them, used or not), for the fix step.
	PackageVersions []PackageVersion
	// PackageID and AssemblyName are the project's PackageId and
	// AssemblyName properties ("" when not set): restore names a project
	// in the lock data of the projects that reference it by the first
	// of them that is set, else by its file name
	// (https://github.com/NuGet/Home/issues/5226).
	PackageID, AssemblyName string
	// Files lists every file read, the project first.
	Files []string
	// Warnings are located problems in imported files; the evaluation went
	// on without them.
	Warnings []error
}

// PackageVersion is a central PackageVersion item.
type PackageVersion struct {
	Name      string
	Version   string
	At        extract.Location
	VersionAt extract.Location
}

// maxImports bounds the files one evaluation reads.
const maxImports = 64

// maxFrameworks bounds the target frameworks evaluated (each is one more
// evaluation of every file); real projects have a handful.
const maxFrameworks = 64

// Evaluate evaluates the project file at p (a '/'-separated path).
func Evaluate(p string, l Loader) (*Project, error) {
	doc, err := l.Load(p)
	if err != nil {
		return nil, err
	}
	if !strings.EqualFold(doc.Root.Name, "Project") {
		return nil, extract.Errorf(p, doc.Pos(doc.Root.Start), MsgNotProject, doc.Root.Name)
	}
	ev := &evaluation{loader: l, project: p, doc: doc}
	ev.buildProps = ev.above("Directory.Build.props", path.Dir(p))
	ev.packagesProps = ev.above("Directory.Packages.props", path.Dir(p))

	outer := ev.run(nil)
	if ev.err != nil {
		return nil, ev.err
	}
	proj := &Project{BuildProps: ev.buildProps, PackagesProps: ev.packagesProps}
	proj.Kind = extract.KindMSBuild
	// The project first, then the files it imports, in evaluation order.
	proj.Files = append([]string{p}, without(ev.files, p)...)
	proj.Frameworks = frameworksOf(outer.props)
	proj.CentralPackageManagement = outer.isTrue("ManagePackageVersionsCentrally")
	proj.TransitivePinning = outer.isTrue("CentralPackageTransitivePinningEnabled")
	proj.PackageID = strings.TrimSpace(outer.props["packageid"].value)
	proj.AssemblyName = strings.TrimSpace(outer.props["assemblyname"].value)

	// Evaluate once per framework, as the inner builds of a multi-targeting
	// project do, so that conditions on $(TargetFramework) apply.
	var states []*state
	if len(proj.Frameworks) > maxFrameworks {
		ev.warn("frameworks", extract.Errorf(p, doc.Pos(doc.Root.Start), MsgTooManyFrameworks, len(proj.Frameworks), maxFrameworks))
		proj.Frameworks = proj.Frameworks[:maxFrameworks]
	}
	fws := proj.Frameworks
	switch {
	case len(fws) == 0:
		states = []*state{outer}
	case !ev.namesFramework:
		// No file read names TargetFramework but to define it: each inner
		// build would evaluate exactly as the outer one did.
		for range fws {
			states = append(states, outer)
		}
	default:
		for _, fw := range fws {
			states = append(states, ev.run(map[string]string{"targetframework": fw}))
			if ev.err != nil {
				return nil, ev.err
			}
		}
	}
	proj.Warnings = ev.warnings
	proj.References = mergeRefs(states, fws)
	proj.ProjectReferences = states[0].projectRefs
	for _, pv := range states[0].versions {
		proj.PackageVersions = append(proj.PackageVersions, *pv)
	}
	sort.Slice(proj.PackageVersions, func(i, j int) bool {
		return nuget.NormalizeID(proj.PackageVersions[i].Name) < nuget.NormalizeID(proj.PackageVersions[j].Name)
	})
	return proj, nil
}

// frameworksOf returns the short names of TargetFramework(s), or of a
// classic project's TargetFrameworkVersion.
func frameworksOf(props map[string]propValue) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s == "" || strings.Contains(s, "$(") {
			return
		}
		s = nuget.ShortFramework(s)
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if v := props["targetframeworks"].value; strings.TrimSpace(v) != "" {
		for _, f := range strings.Split(v, ";") {
			add(f)
		}
		return out
	}
	if v := props["targetframework"].value; v != "" {
		add(v)
		return out
	}
	if v := props["targetframeworkversion"].value; v != "" {
		add(".NETFramework,Version=" + v)
	}
	return out
}

type evaluation struct {
	loader                    Loader
	project                   string
	doc                       *Document
	buildProps, packagesProps string
	files                     []string
	seenFile                  map[string]bool
	warnings                  []error
	warned                    map[string]bool
	lim                       limits
	// namesFramework is set when a file read names TargetFramework
	// (Document.namesFramework).
	namesFramework bool
	// err is the error that stopped the evaluation: a limit of
	// expansion passed.
	err error
}

// stopped reports whether the evaluation must stop: an earlier error, or
// an expansion that passed a limit while el (a property when property is
// set) was evaluated, which becomes the error, located at el.
func (ev *evaluation) stopped(doc *Document, el *Element, property bool) bool {
	if ev.err != nil {
		return true
	}
	switch ev.lim.over {
	case overNone:
		return false
	case overValue:
		m := MsgValueTooLong
		if property {
			m = MsgPropertyTooLong
		}
		ev.err = extract.Errorf(doc.File, doc.Pos(el.Start), m, el.Name, MaxValue)
	default:
		ev.err = extract.Errorf(doc.File, doc.Pos(el.Start), MsgExpansionWork, el.Name, MaxWork)
	}
	return true
}

func (ev *evaluation) above(name, dir string) string {
	for i := 0; i < 64; i++ {
		p := path.Join(dir, name)
		if ev.loader.Exists(p) {
			return p
		}
		parent := path.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	return ""
}

func (ev *evaluation) warn(key string, err error) {
	if ev.warned == nil {
		ev.warned = map[string]bool{}
	}
	if !ev.warned[key] {
		ev.warned[key] = true
		ev.warnings = append(ev.warnings, err)
	}
}

// docWarnings passes on the warnings of a document's parse, once.
func (ev *evaluation) docWarnings(doc *Document) {
	for i, w := range doc.Warnings {
		ev.warn("doc:"+doc.File+":"+strconv.Itoa(i), w)
	}
}

func (ev *evaluation) noteFile(p string) {
	if ev.seenFile == nil {
		ev.seenFile = map[string]bool{}
	}
	if !ev.seenFile[p] {
		ev.seenFile[p] = true
		ev.files = append(ev.files, p)
	}
}

// propValue is a property's value and where its text was written.
type propValue struct {
	value   string
	at      extract.Location
	literal bool // the value is the definition's text, without substitutions
	set     bool
	// toolset: the value starts with a property affected does not know
	// (MSBuildExtensionsPath and the like), directly or through another
	// such property; see fromUnknownProperty.
	toolset bool
}

type pkgRef struct {
	name          string
	version       string
	versionAt     extract.Location
	override      bool
	hasVersion    bool
	privateAssets string
	at            extract.Location
	global        bool
}

type state struct {
	props       map[string]propValue
	groups      []groupRef // item groups in evaluation order
	refs        []*pkgRef
	versions    map[string]*PackageVersion
	globals     []*pkgRef
	projectRefs []extract.ProjectReference
}

type groupRef struct {
	doc *Document
	el  *Element
	x   *expander
}

func (s *state) isTrue(name string) bool {
	return strings.EqualFold(strings.TrimSpace(s.props[strings.ToLower(name)].value), "true")
}

// run performs one evaluation with the given global properties.
func (ev *evaluation) run(globals map[string]string) *state {
	s := &state{props: map[string]propValue{}, versions: map[string]*PackageVersion{}}
	for k, v := range globals {
		s.props[k] = propValue{value: v, set: true}
	}
	dir := path.Dir(ev.project)
	base := strings.TrimSuffix(path.Base(ev.project), path.Ext(ev.project))
	for k, v := range map[string]string{
		"msbuildprojectdirectory": dir, "msbuildprojectname": base,
		"msbuildprojectfile": path.Base(ev.project), "msbuildprojectextension": path.Ext(ev.project),
		"msbuildprojectfullpath": ev.project, "configuration": "Debug", "platform": "AnyCPU",
	} {
		if _, ok := s.props[k]; !ok {
			s.props[k] = propValue{value: v, set: true}
		}
	}
	budget := maxImports
	stack := map[string]bool{}
	if ev.buildProps != "" {
		ev.importFile(s, ev.buildProps, stack, &budget, nil)
	}
	if ev.packagesProps != "" && !strings.EqualFold(s.props["importdirectorypackagesprops"].value, "false") {
		ev.importFile(s, ev.packagesProps, stack, &budget, nil)
	}
	ev.noteFile(ev.project)
	ev.docWarnings(ev.doc)
	ev.namesFramework = ev.namesFramework || ev.doc.namesFramework
	stack[ev.project] = true
	ev.properties(s, ev.doc, ev.doc.Root, stack, &budget)
	for _, g := range s.groups {
		if ev.err != nil {
			break
		}
		ev.items(s, g)
	}
	return s
}

// importAt is the <Import> element that names a file, and the file's
// name as written there.
type importAt struct {
	doc     *Document
	el      *Element
	written string
}

// importFile evaluates the file p, imported by the <Import> at (nil for
// the Directory.*.props files MSBuild imports on its own).
func (ev *evaluation) importFile(s *state, p string, stack map[string]bool, budget *int, at *importAt) {
	if ev.err != nil {
		return
	}
	if c, ok := ev.loader.(ImportChecker); ok && at != nil {
		if err := c.CheckImport(p); err != nil {
			ev.warn("import:"+p, extract.Errorf(at.doc.File, at.doc.Pos(at.el.Start), MsgImportFailed, at.written, err))
			return
		}
	}
	if stack[p] {
		ev.warn("cycle:"+p, extract.Errorf(p, extract.Pos{}, MsgImportCycle, p))
		return
	}
	if *budget <= 0 {
		ev.warn("budget", extract.Errorf(ev.project, extract.Pos{}, MsgTooManyImports, maxImports))
		return
	}
	*budget--
	doc, err := ev.loader.Load(p)
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case at != nil:
			ev.warn("load:"+p, extract.Errorf(at.doc.File, at.doc.Pos(at.el.Start), MsgImportFailed, at.written, plain(err)))
		default:
			ev.warn("load:"+p, err)
		}
		return
	}
	ev.noteFile(p)
	ev.docWarnings(doc)
	ev.namesFramework = ev.namesFramework || doc.namesFramework
	stack[p] = true
	defer delete(stack, p)
	ev.properties(s, doc, doc.Root, stack, budget)
}

func (ev *evaluation) expanderFor(s *state, doc *Document) *expander {
	return &expander{
		props: func(name string) (string, bool) {
			v, ok := s.props[strings.ToLower(name)]
			return v.value, ok
		},
		propAt: func(name string) (extract.Location, bool) {
			v := s.props[strings.ToLower(name)]
			return v.at, v.literal && v.at.File != ""
		},
		exists: ev.loader.Exists,
		dir:    path.Dir(doc.File) + "/",
		lim:    &ev.lim,
	}
}

// properties walks a file in document order: property groups are evaluated
// now, imports followed, item groups recorded for the item pass.
func (ev *evaluation) properties(s *state, doc *Document, root *Element, stack map[string]bool, budget *int) {
	x := ev.expanderFor(s, doc)
	for _, el := range root.Children {
		switch strings.ToLower(el.Name) {
		case "propertygroup":
			if !ev.propCond(x, el) {
				if ev.stopped(doc, el, false) {
					return
				}
				continue
			}
			for _, p := range el.Children {
				if !ev.propCond(x, p) {
					if ev.stopped(doc, p, false) {
						return
					}
					continue
				}
				v, ok := x.expand(p.Text)
				if ev.stopped(doc, p, true) {
					return
				}
				pv := propValue{value: v, set: true, at: doc.Location(p.TextStart + leading(doc.Data, p.TextStart)), toolset: fromUnknownProperty(s, p.Text)}
				pv.literal = ok && !strings.Contains(p.Text, "$(")
				if !pv.literal {
					// A value built from another property points at that
					// property's definition when it is only that reference.
					if ref, isRef := singleRef(p.Text); isRef {
						if prev := s.props[strings.ToLower(ref)]; prev.literal {
							pv.at, pv.literal = prev.at, true
						}
					}
				}
				s.props[strings.ToLower(p.Name)] = pv
			}
		case "itemgroup":
			s.groups = append(s.groups, groupRef{doc: doc, el: el, x: x})
		case "import":
			if !ev.cond(x, el) {
				continue
			}
			a, ok := el.Attr("Project")
			if !ok {
				continue
			}
			if _, sdk := el.Attr("Sdk"); sdk || fromUnknownProperty(s, a.Value) {
				continue // the SDK's or the toolset's own files
			}
			target, good := x.expand(a.Value)
			if !good || target == "" || strings.ContainsAny(target, "*?") {
				continue // Sdk imports, wildcards: not ours to follow
			}
			target = toSlash(target)
			if !path.IsAbs(target) {
				target = path.Join(path.Dir(doc.File), target)
			}
			ev.importFile(s, path.Clean(target), stack, budget, &importAt{doc, el, a.Value})
		case "choose":
			ev.choose(s, doc, el, stack, budget)
		}
		if ev.stopped(doc, el, false) {
			return
		}
	}
}

// choose evaluates <Choose><When Condition>…<Otherwise>: the first true
// When (or Otherwise) contributes its groups.
func (ev *evaluation) choose(s *state, doc *Document, el *Element, stack map[string]bool, budget *int) {
	x := ev.expanderFor(s, doc)
	for _, w := range el.Children {
		switch strings.ToLower(w.Name) {
		case "when":
			if ev.cond(x, w) {
				ev.properties(s, doc, w, stack, budget)
				return
			}
		case "otherwise":
			ev.properties(s, doc, w, stack, budget)
			return
		}
	}
}

// fromUnknownProperty reports whether a value (an import's path) starts
// with a property that is not set, or is set from one that is not:
// $(MSBuildExtensionsPath), $(MSBuildToolsPath), $(VSToolsPath) and the
// like, which MSBuild and Visual Studio set to their own directories and
// which affected does not know. Such imports read the toolset's files,
// not the project's: they are not followed, and not reported.
func fromUnknownProperty(s *state, project string) bool {
	project = strings.TrimSpace(project)
	if !strings.HasPrefix(project, "$(") {
		return false
	}
	end := matchParen(project, 1)
	if end < 0 {
		return false
	}
	name := strings.TrimSpace(project[2:end])
	if strings.ContainsAny(name, "()[]:. ") || strings.EqualFold(name, "MSBuildThisFileDirectory") {
		return false
	}
	v, set := s.props[strings.ToLower(name)]
	return !set || v.toolset
}

// plain drops the file name from an error that has no position in the
// file (the file a loader could not read is named by the message that
// wraps the error).
func plain(err error) error {
	var e *extract.Error
	if errors.As(err, &e) && e.Pos.Line == 0 {
		return unlocated{e}
	}
	return err
}

type unlocated struct{ e *extract.Error }

func (u unlocated) Error() string               { return u.e.Text(i18n.En) }
func (u unlocated) Localize(l i18n.Lang) string { return u.e.Text(l) }
func (u unlocated) Unwrap() error               { return u.e }

func singleRef(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "$(") && strings.HasSuffix(s, ")") && matchParen(s, 1) == len(s)-1 {
		inner := s[2 : len(s)-1]
		if !strings.ContainsAny(inner, "()[]:. ") {
			return inner, true
		}
	}
	return "", false
}

// leading returns how many bytes of whitespace precede the trimmed text in
// the raw data at start.
func leading(data []byte, start int64) int64 {
	var n int64
	for start+n < int64(len(data)) && isSpace(data[start+n]) {
		n++
	}
	return n
}

// propCond decides a property's condition. Undecidable conditions count as
// false here (`<TargetFrameworks Condition="$([MSBuild]::IsOSPlatform('Windows'))">`
// must not invent a framework), unlike items.
func (ev *evaluation) propCond(x *expander, el *Element) bool {
	a, ok := el.Attr("Condition")
	if !ok {
		return true
	}
	return x.condition(a.Value) == triTrue
}

func (ev *evaluation) cond(x *expander, el *Element) bool {
	a, ok := el.Attr("Condition")
	if !ok {
		return true
	}
	// Undecidable conditions count as true: better to report a reference
	// that may not apply than to miss one that does.
	return x.condition(a.Value) != triFalse
}

// items applies one item group.
func (ev *evaluation) items(s *state, g groupRef) {
	if !ev.cond(g.x, g.el) || ev.stopped(g.doc, g.el, false) {
		return
	}
	for _, it := range g.el.Children {
		if !ev.cond(g.x, it) {
			if ev.stopped(g.doc, it, false) {
				return
			}
			continue
		}
		switch strings.ToLower(it.Name) {
		case "packagereference":
			ev.packageReference(s, g, it)
		case "packageversion":
			ev.packageVersion(s, g, it)
		case "globalpackagereference":
			for _, name := range itemNames(g.x, it, "Include") {
				r := &pkgRef{name: name, at: g.doc.Location(it.Start), global: true}
				ev.metadata(g, it, r)
				s.globals = append(s.globals, r)
			}
		case "projectreference":
			for _, name := range itemNames(g.x, it, "Include") {
				s.projectRefs = append(s.projectRefs, extract.ProjectReference{Path: toSlash(name), At: g.doc.Location(it.Start)})
			}
		}
		if ev.stopped(g.doc, it, false) {
			return
		}
	}
}

// itemNames splits an Include/Update/Remove value on ';' after expansion.
func itemNames(x *expander, it *Element, attr string) []string {
	a, ok := it.Attr(attr)
	if !ok {
		return nil
	}
	v, _ := x.expand(a.Value)
	var out []string
	for _, n := range strings.Split(v, ";") {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

func (ev *evaluation) packageReference(s *state, g groupRef, it *Element) {
	if names := itemNames(g.x, it, "Include"); len(names) > 0 {
		for _, name := range names {
			r := &pkgRef{name: name, at: g.doc.Location(it.Start)}
			ev.metadata(g, it, r)
			s.refs = append(s.refs, r)
		}
		return
	}
	if names := itemNames(g.x, it, "Update"); len(names) > 0 {
		for _, name := range names {
			for _, r := range s.refs {
				if nuget.EqualID(r.name, name) {
					ev.metadata(g, it, r)
				}
			}
		}
		return
	}
	if names := itemNames(g.x, it, "Remove"); len(names) > 0 {
		kept := s.refs[:0]
		for _, r := range s.refs {
			removed := false
			for _, name := range names {
				removed = removed || nuget.EqualID(r.name, name)
			}
			if !removed {
				kept = append(kept, r)
			}
		}
		s.refs = kept
		return
	}
	ev.warn("noinc:"+g.doc.File+":"+strconv.FormatInt(it.Start, 10), extract.Errorf(g.doc.File, g.doc.Pos(it.Start), MsgNoInclude, it.Name))
}

func (ev *evaluation) packageVersion(s *state, g groupRef, it *Element) {
	if names := itemNames(g.x, it, "Include"); len(names) > 0 {
		for _, name := range names {
			pv := &PackageVersion{Name: name, At: g.doc.Location(it.Start)}
			r := &pkgRef{}
			ev.metadata(g, it, r)
			pv.Version, pv.VersionAt = r.version, r.versionAt
			s.versions[nuget.NormalizeID(name)] = pv
		}
		return
	}
	for _, name := range itemNames(g.x, it, "Update") {
		if pv := s.versions[nuget.NormalizeID(name)]; pv != nil {
			r := &pkgRef{}
			ev.metadata(g, it, r)
			if r.hasVersion {
				pv.Version, pv.VersionAt = r.version, r.versionAt
			}
		}
	}
}

// metadata reads Version, VersionOverride and PrivateAssets as attributes
// or child elements.
func (ev *evaluation) metadata(g groupRef, it *Element, r *pkgRef) {
	set := func(name, raw string, at extract.Location) {
		v, _ := g.x.expand(raw)
		v = strings.TrimSpace(v)
		switch strings.ToLower(name) {
		case "version":
			if r.override {
				return // VersionOverride wins over Version
			}
			r.version, r.versionAt, r.hasVersion = v, ev.valueAt(g, raw, at), true
		case "versionoverride":
			r.version, r.versionAt, r.hasVersion, r.override = v, ev.valueAt(g, raw, at), true, true
		case "privateassets":
			r.privateAssets = v
		}
	}
	for _, a := range it.Attrs {
		set(a.Name, a.Value, g.doc.Location(a.ValueStart))
	}
	for _, c := range it.Children {
		if !ev.cond(g.x, c) {
			continue
		}
		set(c.Name, c.Text, g.doc.Location(c.TextStart+leading(g.doc.Data, c.TextStart)))
	}
}

// valueAt returns where a version's text is written: at the attribute or
// element itself, or at the property definition when the value is exactly
// one $(Property) defined by a literal.
func (ev *evaluation) valueAt(g groupRef, raw string, at extract.Location) extract.Location {
	if name, ok := singleRef(raw); ok && g.x.propAt != nil {
		if loc, ok := g.x.propAt(name); ok {
			return loc
		}
	}
	return at
}

// mergeReferences resolves each evaluation's references (central versions,
// overrides, global references) and merges them across frameworks: a
// reference present with the same version in every framework applies to
// all (Frameworks nil).
func mergeReferences(states []*state, fws []string) []extract.Reference {
	// A reference is the same in two frameworks when all of this is.
	type refKey struct {
		name, version string
		at            extract.Location
		source        extract.Source
	}
	// occurrence is a reference of an evaluation: the merged reference it
	// counts for, and the evaluation's number.
	type occurrence struct{ ref, state int32 }
	total := 0
	for _, s := range states {
		total += len(s.globals) + len(s.refs)
	}
	// Few allocations, whatever the number of references: the merged
	// references in their order, the evaluations each is in, and their
	// framework lists carved from one array.
	out := make([]extract.Reference, 0, total/max(len(states), 1))
	occs := make([]occurrence, 0, total)
	var counts []int32 // of each merged reference: evaluations with a framework
	byKey := make(map[refKey]int32, cap(out))
	add := func(i int, s *state, cpm bool, r *pkgRef) {
		ref := extract.Reference{
			Name: r.name, Version: r.version, Source: extract.SourcePackageReference,
			PrivateAssets: r.privateAssets, At: r.at, VersionAt: r.versionAt, Override: r.override,
		}
		if r.global {
			ref.Source = extract.SourceGlobalReference
		}
		ref.Build = strings.EqualFold(strings.TrimSpace(r.privateAssets), "all")
		if !r.override && !r.global && (cpm || !r.hasVersion) {
			if pv := s.versions[nuget.NormalizeID(r.name)]; pv != nil && (cpm || !r.hasVersion) {
				ref.Version, ref.VersionAt, ref.Central = pv.Version, pv.VersionAt, true
			}
		}
		key := refKey{nuget.NormalizeID(ref.Name), ref.Version, ref.VersionAt, ref.Source}
		k, ok := byKey[key]
		if !ok {
			k = int32(len(out))
			byKey[key] = k
			out = append(out, ref)
			counts = append(counts, 0)
		}
		if i < len(fws) {
			counts[k]++
			occs = append(occs, occurrence{k, int32(i)})
		}
	}
	for i, s := range states {
		cpm := s.isTrue("ManagePackageVersionsCentrally")
		for _, r := range s.globals {
			add(i, s, cpm, r)
		}
		for _, r := range s.refs {
			add(i, s, cpm, r)
		}
	}
	if len(fws) == 0 {
		return out
	}
	// The frameworks of the references not in every one, in the order
	// they were met.
	next := make([]int32, len(out)) // where each one's next framework goes
	n := int32(0)
	for k, c := range counts {
		if int(c) < len(fws) {
			next[k] = n
			n += c
		}
	}
	if n == 0 {
		return out
	}
	flat := make([]string, n)
	for _, o := range occs {
		if int(counts[o.ref]) < len(fws) {
			flat[next[o.ref]] = fws[o.state]
			next[o.ref]++
		}
	}
	for k, c := range counts {
		if c > 0 && int(c) < len(fws) {
			end := next[k]
			out[k].Frameworks = flat[end-c : end : end]
		}
	}
	return out
}

// mergeRefs is mergeReferences (a test compares it with the merge it
// replaced).
var mergeRefs = mergeReferences

func without(list []string, x string) []string {
	var out []string
	for _, s := range list {
		if s != x {
			out = append(out, s)
		}
	}
	return out
}
