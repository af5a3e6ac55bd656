package fix

import (
	"bytes"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/tailscale/hujson"

	"github.com/affected-dev/affected/internal/edit"
	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/msbuild"
	"github.com/affected-dev/affected/internal/extract/packagesconfig"
	"github.com/affected-dev/affected/internal/extract/projectjson"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
)

// fileState is a file the plan reads, with the edits planned for it.
type fileState struct {
	path    string // as the locations name it ('/'-separated)
	display string
	data    []byte
	xml     *edit.XML
	json    *edit.JSON
	err     error
	owners  map[int][]int // edit index → steps
}

func (f *fileState) edits() []edit.Edit {
	switch {
	case f.xml != nil:
		return f.xml.Edits()
	case f.json != nil:
		return f.json.Edits()
	}
	return nil
}

func (f *fileState) own(idx int, steps ...int) {
	if idx < 0 {
		return
	}
	if f.owners == nil {
		f.owners = map[int][]int{}
	}
	f.owners[idx] = append(f.owners[idx], steps...)
}

// file reads and parses a file once. Paths are keyed '/'-separated, the
// form of the locations MSBuild evaluation gives, so that a project file
// named by discovery and by a location is one file.
func (b *builder) file(path string) *fileState {
	path = filepath.ToSlash(path)
	if fs, ok := b.files[path]; ok {
		return fs
	}
	fs := &fileState{path: path, display: b.display(path)}
	b.files[path] = fs
	data, err := b.read(filepath.FromSlash(path))
	if err != nil {
		fs.err = err
		b.pl.Problems = append(b.pl.Problems, i18n.Errorf(MsgCannotRead, fs.display, err))
		return fs
	}
	fs.data = data
	if strings.EqualFold(filepath.Base(filepath.FromSlash(path)), "project.json") {
		fs.json, err = edit.ParseJSON(data)
	} else {
		fs.xml, err = edit.ParseXML(path, data)
	}
	if err != nil {
		fs.err = err
		b.pl.Problems = append(b.pl.Problems, i18n.Errorf(MsgCannotParse, fs.display, err))
	}
	return fs
}

// display shows a file as the scan reports do (relative to the working
// directory when the workspace has one), else relative to the scanned
// root that holds it (the first root, "../"-relative, for files above
// every root).
func (b *builder) display(path string) string {
	abs := filepath.FromSlash(path)
	if b.pl.ws.Base != "" {
		return b.pl.ws.Display(abs)
	}
	var best string
	for _, r := range b.pl.ws.Roots {
		root := r
		if !isDir(root) {
			root = filepath.Dir(root)
		}
		rel, err := filepath.Rel(root, abs)
		if err != nil {
			continue
		}
		if !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
		if best == "" {
			best = filepath.ToSlash(rel)
		}
	}
	if best == "" {
		return filepath.ToSlash(abs)
	}
	return best
}

// setIntent is a version text to change.
type setIntent struct {
	fs       *fileState
	off      int
	old      string
	xmlValue edit.Value
	jsonVal  *hujson.Value
	property string                   // the MSBuild property whose definition this is
	versions map[string]nuget.Version // package → version wanted
	steps    []int
}

func (s *setIntent) max() nuget.Version {
	var m nuget.Version
	for _, v := range s.versions {
		if m.Less(v) {
			m = v
		}
	}
	return m
}

// setVersion plans the change of the version text at a location.
func (b *builder) setVersion(w *want, at extract.Location, step int) (Detail, outcome) {
	fs := b.file(at.File)
	if fs.err != nil {
		return DetailUnreadable, outcomeManual
	}
	off, ok := edit.Offset(fs.data, at.Pos)
	if !ok {
		return DetailNotFound, outcomeManual
	}
	key := at.File + "#" + strconv.Itoa(off)
	if b.setIndex == nil {
		b.setIndex = map[string]*setIntent{}
	}
	pkg := nuget.NormalizeID(w.name)
	if s, ok := b.setIndex[key]; ok {
		if s.versions[pkg].Less(w.to) {
			s.versions[pkg] = w.to
		}
		s.steps = append(s.steps, step)
		if s.property != "" {
			return DetailProperty, outcomeEdit
		}
		return DetailNone, outcomeEdit
	}
	s := &setIntent{fs: fs, off: off, versions: map[string]nuget.Version{pkg: w.to}, steps: []int{step}}
	detail := DetailNone
	if fs.json != nil {
		v := fs.json.StringAt(off)
		if v == nil {
			return DetailNotFound, outcomeManual
		}
		s.jsonVal = v
		s.old, _ = edit.StringOf(v)
	} else {
		v, ok := fs.xml.ValueAt(off)
		if !ok {
			return DetailNotFound, outcomeManual
		}
		s.xmlValue, s.old = v, v.Text()
		if v.Attr == nil && v.Owner.Parent != nil && strings.EqualFold(v.Owner.Parent.Name, "PropertyGroup") {
			s.property, detail = v.Owner.Name, DetailProperty
		} else if strings.Contains(s.old, "$(") {
			detail = DetailPropertyShared
		}
	}
	if v, ok := lowest(s.old); ok && !v.Less(w.to) {
		return DetailNone, outcomeDone
	}
	if _, d, ok := newVersionText(s.old, w.to); !ok {
		return d, outcomeManual
	}
	b.setIndex[key] = s
	b.sets = append(b.sets, s)
	return detail, outcomeEdit
}

// materialize turns the intents into edits of the files.
func (b *builder) materialize() {
	for _, s := range b.sets {
		if s.property != "" && b.sharedProperty(s) {
			continue
		}
		b.applySet(s, s.max(), s.old)
	}
	for _, file := range sortedFiles(b.pins) {
		b.insertPins(file, b.pins[file], "PackageReference")
	}
	for _, file := range sortedFiles(b.central) {
		b.insertPins(file, b.central[file], "PackageVersion")
	}
	for _, file := range sortedFiles(b.jsonPins) {
		b.insertJSONPins(file, b.jsonPins[file])
	}
	for _, h := range b.hints {
		b.hintPaths(h)
	}
}

func sortedFiles(m map[string][]*pinIntent) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// applySet writes a version over the text old of a set intent.
func (b *builder) applySet(s *setIntent, v nuget.Version, old string) {
	text, _, ok := newVersionText(old, v)
	if !ok {
		b.manual(s.steps, DetailRangeExcludes)
		return
	}
	if s.jsonVal != nil {
		s.fs.own(s.fs.json.SetString(s.jsonVal, text), s.steps...)
		return
	}
	idx, err := s.fs.xml.SetValue(s.xmlValue, text)
	if err != nil {
		b.pl.Problems = append(b.pl.Problems, i18n.Errorf(MsgCannotEdit, s.fs.display, err))
		b.manual(s.steps, DetailNotFound)
		return
	}
	s.fs.own(idx, s.steps...)
}

func (b *builder) manual(steps []int, d Detail) {
	for _, i := range steps {
		b.pl.Steps[i].Kind, b.pl.Steps[i].Detail = StepManual, d
	}
}

// propertyUse is a place that uses $(Property) in a package item.
type propertyUse struct {
	fs    *fileState
	value edit.Value
	pkg   string // the item's package ("" when not a package item)
}

// sharedProperty decides how a property that defines a version changes.
// When every use of the property is a version of a package this plan
// moves, the definition changes; otherwise the property stays and each of
// the plan's packages gets its version written out at its item, so that
// the property's other users keep their version. It reports whether the
// definition was left alone.
func (b *builder) sharedProperty(s *setIntent) bool {
	uses := b.propertyUses(s.property, s.fs.path)
	shared := false
	for _, u := range uses {
		if _, ours := s.versions[nuget.NormalizeID(u.pkg)]; u.pkg == "" || !ours {
			shared = true
		}
	}
	if !shared {
		return false
	}
	ref := "$(" + s.property + ")"
	found := false
	for _, u := range uses {
		v, ours := s.versions[nuget.NormalizeID(u.pkg)]
		if u.pkg == "" || !ours {
			continue
		}
		found = true
		old := u.value.Text()
		text := replaceFold(old, ref, v.String())
		if _, err := nuget.ParseRange(text); err != nil {
			text = v.String()
		}
		idx, err := u.fs.xml.SetValue(u.value, text)
		if err != nil {
			b.pl.Problems = append(b.pl.Problems, i18n.Errorf(MsgCannotEdit, u.fs.display, err))
			continue
		}
		u.fs.own(idx, s.steps...)
	}
	if !found {
		b.manual(s.steps, DetailNotFound)
		return true
	}
	for _, i := range s.steps {
		if b.pl.Steps[i].Kind != StepManual {
			b.pl.Steps[i].Detail = DetailPropertyShared
		}
	}
	return true
}

// propertyUses finds every use of $(name) in the MSBuild files of the
// projects that read def, the file that defines the property: only there
// does $(name) mean this definition (two trees side by side may each
// define a property of the same name, and each plan their own edits).
func (b *builder) propertyUses(name, def string) []propertyUse {
	ref := strings.ToLower("$(" + name + ")")
	seen := map[string]bool{}
	var out []propertyUse
	for _, p := range b.pl.ws.Projects {
		if p.MSBuild == nil || !slices.Contains(p.MSBuild.Files, def) {
			continue
		}
		for _, f := range p.MSBuild.Files {
			if seen[f] {
				continue
			}
			seen[f] = true
			fs := b.file(f)
			if fs.xml == nil {
				continue
			}
			var walk func(e *msbuild.Element)
			walk = func(e *msbuild.Element) {
				for i := range e.Attrs {
					if strings.Contains(strings.ToLower(e.Attrs[i].Value), ref) {
						out = append(out, propertyUse{fs: fs, value: edit.Value{Owner: e, Attr: &e.Attrs[i]}, pkg: versionItem(e, e.Attrs[i].Name)})
					}
				}
				if len(e.Children) == 0 && strings.Contains(strings.ToLower(e.Text), ref) {
					pkg := ""
					if e.Parent != nil {
						pkg = versionItem(e.Parent, e.Name)
					}
					out = append(out, propertyUse{fs: fs, value: edit.Value{Owner: e}, pkg: pkg})
				}
				for _, c := range e.Children {
					walk(c)
				}
			}
			walk(fs.xml.Doc.Root)
		}
	}
	return out
}

// versionItem returns the package of a package item when metadata names
// its version (Version, VersionOverride), else "".
func versionItem(item *msbuild.Element, metadata string) string {
	switch strings.ToLower(item.Name) {
	case "packagereference", "packageversion", "globalpackagereference":
	default:
		return ""
	}
	switch strings.ToLower(metadata) {
	case "version", "versionoverride":
	default:
		return ""
	}
	for _, attr := range []string{"Include", "Update"} {
		if a, ok := item.Attr(attr); ok && !strings.ContainsAny(a.Value, ";$*") {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

func replaceFold(s, old, new string) string {
	i := strings.Index(strings.ToLower(s), strings.ToLower(old))
	if i < 0 {
		return s
	}
	return s[:i] + new + s[i+len(old):]
}

// insertPins adds PackageReference (project file) or PackageVersion
// (central file) items: first in the item group that holds the items of
// that kind — PackageVersion items in alphabetical order when the group
// keeps them so — or in a new item group.
func (b *builder) insertPins(file string, pins []*pinIntent, kind string) {
	var steps []int
	for _, p := range pins {
		steps = append(steps, p.steps...)
	}
	fs := b.file(file)
	if fs.xml == nil {
		b.manual(steps, DetailUnreadable)
		return
	}
	sort.Slice(pins, func(i, j int) bool { return nuget.NormalizeID(pins[i].pkg) < nuget.NormalizeID(pins[j].pkg) })
	root := fs.xml.Doc.Root
	group := itemGroup(root, kind)
	childVersion := group != nil && kind == "PackageReference" && versionAsChild(group)
	var els []edit.Element
	for _, p := range pins {
		el := edit.Element{Name: kind, Attrs: []edit.Attribute{{Name: "Include", Value: p.pkg}}, Comment: edit.PinComment(p.advisories)}
		if !p.version.IsZero() {
			if childVersion {
				el.Children = []edit.Element{{Name: "Version", Text: p.version.String()}}
			} else {
				el.Attrs = append(el.Attrs, edit.Attribute{Name: "Version", Value: p.version.String()})
			}
		}
		els = append(els, el)
	}
	if group == nil {
		idx := fs.xml.Insert(root, newGroupIndex(root), edit.Element{Name: "ItemGroup", Children: els})
		fs.own(idx, steps...)
		return
	}
	for i, el := range els {
		at := 0
		if kind == "PackageVersion" {
			at = sortedIndex(group, pins[i].pkg)
		}
		fs.own(fs.xml.Insert(group, at, el), pins[i].steps...)
	}
}

// itemGroup returns the first item group of the root without a condition
// that holds items of the kind (with Include).
func itemGroup(root *msbuild.Element, kind string) *msbuild.Element {
	for _, g := range root.Children {
		if !strings.EqualFold(g.Name, "ItemGroup") {
			continue
		}
		if _, cond := g.Attr("Condition"); cond {
			continue
		}
		for _, c := range g.Children {
			if _, inc := c.Attr("Include"); inc && strings.EqualFold(c.Name, kind) {
				return g
			}
		}
	}
	return nil
}

// versionAsChild reports whether the group's package references write
// their version as a child element rather than an attribute.
func versionAsChild(g *msbuild.Element) bool {
	child, attr := 0, 0
	for _, c := range g.Children {
		if !strings.EqualFold(c.Name, "PackageReference") {
			continue
		}
		if _, ok := c.Attr("Version"); ok {
			attr++
		} else if c.Child("Version") != nil {
			child++
		}
	}
	return child > attr
}

// sortedIndex returns where a PackageVersion for pkg goes: at its place
// in alphabetical order when the group's items keep that order (real
// files have a stray item or two: one adjacent pair in ten may be out of
// order), else first.
func sortedIndex(g *msbuild.Element, pkg string) int {
	var names []string
	var idx []int
	for i, c := range g.Children {
		if a, ok := c.Attr("Include"); ok && strings.EqualFold(c.Name, "PackageVersion") {
			names = append(names, strings.ToLower(a.Value))
			idx = append(idx, i)
		}
	}
	inversions := 0
	for i := 1; i < len(names); i++ {
		if names[i] < names[i-1] {
			inversions++
		}
	}
	if len(names) < 2 || inversions > max(1, len(names)/10) {
		return 0
	}
	key := strings.ToLower(pkg)
	for k, n := range names {
		if key < n {
			return idx[k]
		}
	}
	return idx[len(idx)-1] + 1
}

// newGroupIndex returns where a new item group goes among the root's
// children: after the last property or item group (before imports of
// targets in classic projects), else last.
func newGroupIndex(root *msbuild.Element) int {
	at := len(root.Children)
	for i, c := range root.Children {
		if strings.EqualFold(c.Name, "ItemGroup") || strings.EqualFold(c.Name, "PropertyGroup") {
			at = i + 1
		}
	}
	return at
}

// insertJSONPins adds dependencies to a project.json: first in the
// top-level "dependencies" object, which is created when absent.
func (b *builder) insertJSONPins(file string, pins []*pinIntent) {
	var steps []int
	for _, p := range pins {
		steps = append(steps, p.steps...)
	}
	fs := b.file(file)
	if fs.json == nil {
		b.manual(steps, DetailUnreadable)
		return
	}
	sort.Slice(pins, func(i, j int) bool { return nuget.NormalizeID(pins[i].pkg) < nuget.NormalizeID(pins[j].pkg) })
	deps := fs.json.Path("dependencies")
	switch {
	case deps == nil:
		var members []edit.NewMember
		for _, p := range pins {
			members = append(members, edit.NewMember{Name: p.pkg, Value: p.version.String(), Comment: edit.PinComment(p.advisories)})
		}
		fs.own(fs.json.InsertMember(&fs.json.Root, "dependencies", edit.ObjectValue(members...), ""), steps...)
		for _, i := range steps {
			b.pl.Steps[i].Detail = DetailProjectJSONDeps
		}
	case edit.Object(deps) != nil:
		for _, p := range pins {
			fs.own(fs.json.InsertMember(deps, p.pkg, edit.StringValue(p.version.String()), edit.PinComment(p.advisories)), p.steps...)
		}
	default:
		b.manual(steps, DetailNotFound)
	}
}

// hintPaths moves the HintPaths of a packages.config project's
// references from packages\Id.Old\ to packages\Id.New\, as the NuGet
// package manager does when it updates a package.
func (b *builder) hintPaths(h hintIntent) {
	fs := b.file(h.file)
	if fs.xml == nil {
		return
	}
	to := b.pl.Steps[h.step].To
	if b.pl.Steps[h.step].Kind == StepManual {
		return
	}
	needle := strings.ToLower(h.pkg + "." + h.from)
	var walk func(e *msbuild.Element)
	walk = func(e *msbuild.Element) {
		if strings.EqualFold(e.Name, "HintPath") && len(e.Children) == 0 {
			raw := fs.xml.RawText(e)
			low := strings.ToLower(raw)
			for i := strings.Index(low, needle); i >= 0; {
				end := i + len(needle)
				before := i == 0 || raw[i-1] == '\\' || raw[i-1] == '/'
				after := end < len(raw) && (raw[end] == '\\' || raw[end] == '/')
				if before && after {
					old := raw[i:end]
					fs.own(fs.xml.ReplaceText(e, old, old[:len(h.pkg)]+"."+to), h.step)
					break
				}
				j := strings.Index(low[i+1:], needle)
				if j < 0 {
					break
				}
				i += 1 + j
			}
		}
		for _, c := range e.Children {
			walk(c)
		}
	}
	walk(fs.xml.Doc.Root)
}

// finish checks every changed file, lays out the write order and notes
// where each step edits.
//
// A step whose edits cannot all be made makes none: when a file cannot be
// edited (its edits overlap, or the result does not parse), every step
// with an edit there becomes a "by hand" step and its edits in the other
// files are dropped too, and so are the edits of any step that shares an
// edit with it, and so on. What the plan writes is then a set of whole
// steps, which restores on its own: never a versionless PackageReference
// whose PackageVersion could not be written (issue 10 point 5).
func (b *builder) finish() {
	var paths []string
	for p, fs := range b.files {
		if len(fs.edits()) > 0 {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	failed := map[int]bool{}
	for i, s := range b.pl.Steps {
		if s.Kind == StepManual {
			failed[i] = true
		}
	}
	bad := map[string]bool{} // files that cannot be edited
	type result struct {
		out  []byte
		kept []int // indices of the edits kept
	}
	var results map[string]result
	for {
		b.closeFailed(paths, failed)
		results = map[string]result{}
		more := false
		for _, p := range paths {
			fs := b.files[p]
			if bad[p] {
				continue
			}
			all := fs.edits()
			var kept []int
			var edits []edit.Edit
			for i, e := range all {
				if !anyOf(fs.owners[i], failed) {
					kept = append(kept, i)
					edits = append(edits, e)
				}
			}
			out, err := edit.Apply(fs.data, edits)
			if err == nil {
				err = verifyFile(p, out)
			}
			if err != nil {
				bad[p] = true
				b.pl.Problems = append(b.pl.Problems, i18n.Errorf(MsgCannotEdit, fs.display, err))
				for _, steps := range fs.owners {
					for _, st := range steps {
						failed[st] = true
					}
				}
				more = true
				continue
			}
			results[p] = result{out: out, kept: kept}
		}
		if !more {
			break
		}
	}
	for i := range b.pl.Steps {
		if failed[i] && b.pl.Steps[i].Kind != StepManual {
			b.manual([]int{i}, DetailUnreadable)
		}
	}
	b.uncover(failed)
	for _, p := range paths {
		fs := b.files[p]
		r, ok := results[p]
		if !ok || bytes.Equal(r.out, fs.data) {
			continue
		}
		all := fs.edits()
		edits := make([]edit.Edit, len(r.kept))
		for k, i := range r.kept {
			edits[k] = all[i]
		}
		out := r.out
		f := &File{Path: filepath.FromSlash(p), Display: fs.display, Old: fs.data, New: out, Edits: edits}
		offs := edit.NewOffsets(edits)
		seen := map[int]bool{}
		for k, i := range r.kept {
			off := offs[k]
			// An insertion may start with the line break that ends the
			// line before it.
			for off < len(out) && (out[off] == '\r' || out[off] == '\n') && edits[k].Start == edits[k].End {
				off++
			}
			line := extract.PosAt(out, int64(off)).Line
			for _, s := range fs.owners[i] {
				b.pl.Steps[s].Where = append(b.pl.Steps[s].Where, Where{File: fs.display, Line: line})
				if !seen[s] {
					seen[s] = true
					f.Steps = append(f.Steps, s)
				}
			}
		}
		sort.Ints(f.Steps)
		b.pl.Files = append(b.pl.Files, f)
	}
	for i := range b.pl.Steps {
		s := &b.pl.Steps[i]
		sort.Slice(s.Where, func(a, c int) bool {
			if s.Where[a].File != s.Where[c].File {
				return s.Where[a].File < s.Where[c].File
			}
			return s.Where[a].Line < s.Where[c].Line
		})
		s.Where = dedupeWhere(s.Where)
		if s.Kind == StepManual {
			s.Where = nil
		}
	}
	// Props files first: a PackageVersion must exist before a versionless
	// PackageReference names it, so that an interrupted run still leaves
	// projects that restore.
	sort.SliceStable(b.pl.Files, func(i, j int) bool { return writeRank(b.pl.Files[i].Path) < writeRank(b.pl.Files[j].Path) })
}

// closeFailed adds to failed every step that shares an edit with a failed
// step, until no more is added.
func (b *builder) closeFailed(paths []string, failed map[int]bool) {
	for changed := true; changed; {
		changed = false
		for _, p := range paths {
			for _, steps := range b.files[p].owners {
				if !anyOf(steps, failed) {
					continue
				}
				for _, s := range steps {
					if !failed[s] {
						failed[s], changed = true, true
					}
				}
			}
		}
	}
}

// uncover turns a covered step into a "by hand" one when the bump it
// relied on (the step of the same project that moves the package it comes
// with) failed.
func (b *builder) uncover(failed map[int]bool) {
	for i := range b.pl.Steps {
		s := &b.pl.Steps[i]
		if s.Kind != StepCovered {
			continue
		}
		for j := range failed {
			t := b.pl.Steps[j]
			if j != i && t.Project == s.Project && nuget.EqualID(t.Package, s.With) {
				s.Kind, s.Detail = StepManual, DetailWithFailed
				break
			}
		}
	}
}

func anyOf(steps []int, set map[int]bool) bool {
	for _, s := range steps {
		if set[s] {
			return true
		}
	}
	return false
}

// verifyFile checks a changed file (a variable so that tests can make it
// fail).
var verifyFile = verify

func dedupeWhere(ws []Where) []Where {
	var out []Where
	for i, w := range ws {
		if i == 0 || w != ws[i-1] {
			out = append(out, w)
		}
	}
	return out
}

func writeRank(path string) int {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".props", ".targets":
		return 0
	case ".json", ".config":
		return 2
	}
	return 1
}

// verify parses a changed file with the parser the scan uses for it.
func verify(path string, data []byte) error {
	switch strings.ToLower(filepath.Base(filepath.FromSlash(path))) {
	case "project.json":
		_, err := projectjson.Parse(path, data)
		return err
	case "packages.config":
		_, err := packagesconfig.Parse(path, data)
		return err
	}
	_, err := msbuild.Parse(path, data)
	return err
}
