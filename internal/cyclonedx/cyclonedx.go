// Package cyclonedx reads and writes CycloneDX JSON SBOMs
// (https://cyclonedx.org/docs/1.6/json/) with CycloneDX's own Go library,
// in terms of the inventory a scan uploads.
//
// Write turns an inventory and its findings into a CycloneDX 1.6 BOM:
// one application component per project × framework (property
// affected:framework), one library component per package version
// (pkg:nuget purl, the bom-ref), the dependency graph (an application
// depends on its direct dependencies; a package on what the lock data
// says it depends on, merged over every framework, since a BOM has one
// graph), and the findings as vulnerabilities with the components they
// affect and the recommended version.
//
// Read turns a CycloneDX 1.2–1.6 JSON BOM, as dotnet-CycloneDX, syft
// and trivy write them, into an inventory: each application component
// whose dependencies name packages is a project (trivy: one per lock
// file; dotnet-CycloneDX: the metadata component), with its dependsOn as
// direct dependencies and the BOM's dependency graph below them; a BOM
// with no such application (syft often records no dependencies) becomes
// one project holding every NuGet package, each direct unless another
// depends on it. Only pkg:nuget components become packages: the matcher
// knows NuGet versions only, and a package of another ecosystem with a
// NuGet-like name must not match a NuGet advisory. Frameworks are unknown
// (""), except in BOMs this package wrote. Limits: XML BOMs are not
// read; nested components are flattened.
package cyclonedx

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"strconv"
	"strings"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/package-url/packageurl-go"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/inventory"
	"github.com/affected-dev/affected/internal/nuget"
	"github.com/affected-dev/affected/internal/report"
)

// Property names this package writes and reads back.
const (
	PropFramework = "affected:framework"
	PropProject   = "affected:project"
	PropSource    = "affected:source"
)

// LooksLike reports whether data seems to be a CycloneDX JSON BOM (its
// bomFormat key in the first bytes).
func LooksLike(data []byte) bool {
	head := data[:min(len(data), 4096)]
	return bytes.Contains(head, []byte(`"bomFormat"`)) && bytes.Contains(head, []byte(`"CycloneDX"`))
}

// PURL returns the package URL of a NuGet package.
func PURL(name, version string) string {
	return packageurl.NewPackageURL(packageurl.TypeNuget, "", name, version, nil, "").ToString()
}

// Write writes inv, and the findings of doc, as a CycloneDX 1.6 JSON BOM.
// name names the BOM's subject (the scanned directory); tool the writer.
func Write(w io.Writer, inv *inventory.Document, doc *report.ScanDocument, name, tool string) error {
	bom := cdx.NewBOM()
	bom.Metadata = &cdx.Metadata{
		Tools:     &cdx.ToolsChoice{Components: &[]cdx.Component{{Type: cdx.ComponentTypeApplication, Name: "affected", Version: tool}}},
		Component: &cdx.Component{BOMRef: "root", Type: cdx.ComponentTypeApplication, Name: name},
	}
	var comps []cdx.Component
	deps := map[string]map[string]bool{}
	addDep := func(from, to string) {
		if deps[from] == nil {
			deps[from] = map[string]bool{}
		}
		if to != "" {
			deps[from][to] = true
		}
	}
	pkgs := map[string]bool{}
	for _, p := range inv.Projects {
		for _, t := range p.Targets {
			ref := "project:" + p.Path
			if t.Framework != "" {
				ref += "#" + t.Framework
			}
			props := []cdx.Property{{Name: PropProject, Value: p.Path}, {Name: PropSource, Value: t.Source}}
			if t.Framework != "" {
				props = append(props, cdx.Property{Name: PropFramework, Value: t.Framework})
			}
			comps = append(comps, cdx.Component{BOMRef: ref, Type: cdx.ComponentTypeApplication, Name: p.Path, Properties: &props})
			addDep("root", ref)
			addDep(ref, "")
			refs := make([]string, len(t.Nodes))
			for i, n := range t.Nodes {
				if n.Kind == inventory.KindProject {
					refs[i] = "project:" + n.Name
					continue
				}
				refs[i] = PURL(n.Name, n.Version)
				if !pkgs[refs[i]] {
					pkgs[refs[i]] = true
					comps = append(comps, cdx.Component{BOMRef: refs[i], Type: cdx.ComponentTypeLibrary, Name: n.Name, Version: n.Version, PackageURL: refs[i]})
				}
				addDep(refs[i], "")
				if n.Direct {
					addDep(ref, refs[i])
				}
			}
			for _, e := range t.Edges {
				if t.Nodes[e[0]].Kind != inventory.KindProject && t.Nodes[e[1]].Kind != inventory.KindProject {
					addDep(refs[e[0]], refs[e[1]])
				}
			}
		}
	}
	sort.SliceStable(comps[:], func(i, j int) bool { return comps[i].BOMRef < comps[j].BOMRef })
	bom.Components = &comps
	var list []cdx.Dependency
	for from, tos := range deps {
		d := cdx.Dependency{Ref: from}
		on := make([]string, 0, len(tos))
		for to := range tos {
			on = append(on, to)
		}
		sort.Strings(on)
		d.Dependencies = &on
		list = append(list, d)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Ref < list[j].Ref })
	bom.Dependencies = &list
	if doc != nil {
		bom.Vulnerabilities = vulnerabilities(doc)
	}
	enc := cdx.NewBOMEncoder(w, cdx.BOMFileFormatJSON)
	enc.SetPretty(true)
	enc.SetEscapeHTML(false)
	return enc.EncodeVersion(bom, cdx.SpecVersion1_6)
}

// vulnerabilities lists one entry per advisory, affecting every package
// version it was found at.
func vulnerabilities(doc *report.ScanDocument) *[]cdx.Vulnerability {
	byID := map[string]*cdx.Vulnerability{}
	var order []string
	seen := map[string]bool{}
	for _, f := range doc.Findings {
		v := byID[f.Advisory.ID]
		if v == nil {
			v = &cdx.Vulnerability{ID: f.Advisory.ID, Description: f.Advisory.Title, Affects: &[]cdx.Affects{}}
			for _, a := range doc.Advisories {
				if a.ID == f.Advisory.ID {
					v.Detail, v.Recommendation = a.Summary, a.Remediation
					if len(a.References) > 0 {
						v.Source = &cdx.Source{URL: a.References[0]}
					}
				}
			}
			if f.Advisory.Severity != "" {
				v.Ratings = &[]cdx.VulnerabilityRating{{Severity: severity(f.Advisory.Severity), Method: cdx.ScoringMethodOther}}
			}
			if len(f.Advisory.Aliases) > 0 {
				refs := []cdx.VulnerabilityReference{}
				for _, al := range f.Advisory.Aliases {
					refs = append(refs, cdx.VulnerabilityReference{ID: al})
				}
				v.References = &refs
			}
			byID[f.Advisory.ID] = v
			order = append(order, f.Advisory.ID)
		}
		ref := PURL(f.Package.Name, f.Package.Version)
		if !seen[f.Advisory.ID+" "+ref] {
			seen[f.Advisory.ID+" "+ref] = true
			*v.Affects = append(*v.Affects, cdx.Affects{Ref: ref})
		}
		if f.RecommendedVersion != "" && v.Recommendation == "" {
			v.Recommendation = f.Advice.Text
		}
	}
	out := make([]cdx.Vulnerability, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	return &out
}

func severity(s string) cdx.Severity {
	switch s {
	case "low":
		return cdx.SeverityLow
	case "moderate":
		return cdx.SeverityMedium
	case "high":
		return cdx.SeverityHigh
	case "critical":
		return cdx.SeverityCritical
	}
	return cdx.SeverityUnknown
}

// Read reads a CycloneDX JSON BOM into an inventory (see the package
// comment). Errors are *inventory.DecodeError, with a JSON pointer.
func Read(data []byte) (*inventory.Document, error) {
	body, base := extract.TrimBOM(data)
	var bom cdx.BOM
	if err := json.Unmarshal(body, &bom); err != nil {
		e := extract.JSONError("", data, base, err)
		return nil, &inventory.DecodeError{Line: e.Pos.Line, Column: e.Pos.Col, Msg: e.Msg, Args: e.Args}
	}
	if bom.BOMFormat != "CycloneDX" {
		return nil, &inventory.DecodeError{Pointer: "/bomFormat", Msg: MsgNotCycloneDX, Args: []any{bom.BOMFormat}}
	}
	if bom.SpecVersion < cdx.SpecVersion1_2 {
		return nil, &inventory.DecodeError{Pointer: "/specVersion", Msg: MsgSpecVersion, Args: []any{bom.SpecVersion.String()}}
	}
	r := reader{byRef: map[string]*cdx.Component{}, deps: map[string][]string{}}
	if bom.Metadata != nil && bom.Metadata.Component != nil {
		r.add(bom.Metadata.Component)
	}
	if bom.Components != nil {
		for i := range *bom.Components {
			r.add(&(*bom.Components)[i])
		}
	}
	if bom.Dependencies != nil {
		for i, d := range *bom.Dependencies {
			if d.Ref == "" {
				return nil, &inventory.DecodeError{Pointer: "/dependencies/" + strconv.Itoa(i) + "/ref", Msg: inventory.MsgMissing, Args: []any{"ref"}}
			}
			if d.Dependencies != nil {
				r.deps[d.Ref] = append(r.deps[d.Ref], (*d.Dependencies)...)
			}
		}
	}
	inv := &inventory.Document{SchemaVersion: inventory.SchemaVersion, Format: "cyclonedx", Projects: []inventory.Project{}}
	if bom.Metadata != nil {
		if bom.Metadata.Component != nil {
			inv.Source = strings.TrimSpace(bom.Metadata.Component.Name + " " + bom.Metadata.Component.Version)
		}
		inv.Tool = toolName(bom.Metadata.Tools)
	}
	if inv.Source == "" {
		inv.Source = bom.SerialNumber
	}
	seenPath := map[string]int{}
	for _, ref := range r.order {
		c := r.byRef[ref]
		if c.Type != cdx.ComponentTypeApplication && c.Type != cdx.ComponentTypeFramework && c.Type != cdx.ComponentTypeFile {
			continue
		}
		var roots []string
		for _, d := range r.deps[ref] {
			if r.pkg(d) {
				roots = append(roots, d)
			}
		}
		if len(roots) == 0 {
			continue
		}
		path, fw := c.Name, ""
		if c.Properties != nil {
			for _, p := range *c.Properties {
				switch p.Name {
				case PropProject:
					path = p.Value
				case PropFramework:
					fw = p.Value
				}
			}
		}
		t := r.target(roots, fw, c.Name)
		if i, ok := seenPath[path]; ok {
			inv.Projects[i].Targets = append(inv.Projects[i].Targets, t)
			continue
		}
		seenPath[path] = len(inv.Projects)
		inv.Projects = append(inv.Projects, inventory.Project{Path: path, Targets: []inventory.Target{t}})
	}
	if len(inv.Projects) == 0 && len(r.pkgs) > 0 {
		// No application names its packages: one project of them all.
		name := inv.Source
		if name == "" {
			name = "sbom"
		}
		has := map[string]bool{}
		for _, ref := range r.pkgs {
			for _, d := range r.deps[ref] {
				has[d] = true
			}
		}
		var roots []string
		for _, ref := range r.pkgs {
			if !has[ref] {
				roots = append(roots, ref)
			}
		}
		inv.Projects = append(inv.Projects, inventory.Project{Path: name, Targets: []inventory.Target{r.target(roots, "", name)}})
	}
	return inv, nil
}

// reader holds a BOM's components by bom-ref and its dependency lists.
type reader struct {
	byRef map[string]*cdx.Component
	order []string // bom-refs as met
	pkgs  []string // bom-refs of NuGet packages
	deps  map[string][]string
	ids   map[string]nodeID // NuGet name and version by bom-ref
}

type nodeID struct{ name, version, purl string }

func (r *reader) add(c *cdx.Component) {
	ref := c.BOMRef
	if ref == "" {
		ref = c.PackageURL
	}
	if ref != "" && r.byRef[ref] == nil {
		r.byRef[ref] = c
		r.order = append(r.order, ref)
		if id, ok := nugetID(c); ok {
			if r.ids == nil {
				r.ids = map[string]nodeID{}
			}
			r.ids[ref] = id
			r.pkgs = append(r.pkgs, ref)
		}
	}
	if c.Components != nil {
		for i := range *c.Components {
			r.add(&(*c.Components)[i])
		}
	}
}

// nugetID reads the NuGet name and version of a component from its purl.
func nugetID(c *cdx.Component) (nodeID, bool) {
	if c.PackageURL == "" {
		return nodeID{}, false
	}
	u, err := packageurl.FromString(c.PackageURL)
	if err != nil || u.Type != packageurl.TypeNuget || u.Name == "" {
		return nodeID{}, false
	}
	v := u.Version
	if pv, err := nuget.ParseVersion(v); err == nil {
		v = pv.String()
	}
	return nodeID{name: u.Name, version: v, purl: c.PackageURL}, true
}

func (r *reader) pkg(ref string) bool { _, ok := r.ids[ref]; return ok }

// target builds the graph below roots: the packages reachable from them
// through the dependency lists (each package name once: the first
// version met wins, as NuGet resolves one per framework).
func (r *reader) target(roots []string, fw, source string) inventory.Target {
	t := inventory.Target{Framework: fw, Source: source, Nodes: []inventory.Node{}, Edges: [][2]int{}}
	index := map[string]int{} // bom-ref → node
	byName := map[string]int{}
	var queue []string
	node := func(ref string) (int, bool) {
		if i, ok := index[ref]; ok {
			return i, true
		}
		id := r.ids[ref]
		key := nuget.NormalizeID(id.name)
		if i, ok := byName[key]; ok {
			index[ref] = i
			return i, true
		}
		i := len(t.Nodes)
		t.Nodes = append(t.Nodes, inventory.Node{Name: id.name, Version: id.version, PURL: id.purl})
		index[ref], byName[key] = i, i
		queue = append(queue, ref)
		return i, true
	}
	for _, ref := range roots {
		i, _ := node(ref)
		t.Nodes[i].Direct = true
	}
	edges := map[[2]int]bool{}
	for len(queue) > 0 {
		ref := queue[0]
		queue = queue[1:]
		from := index[ref]
		for _, d := range r.deps[ref] {
			if !r.pkg(d) {
				continue
			}
			to, _ := node(d)
			if e := [2]int{from, to}; from != to && !edges[e] {
				edges[e] = true
				t.Edges = append(t.Edges, e)
			}
		}
	}
	return t
}

func toolName(tc *cdx.ToolsChoice) string {
	if tc == nil {
		return ""
	}
	if tc.Components != nil && len(*tc.Components) > 0 {
		c := (*tc.Components)[0]
		return strings.TrimSpace(c.Name + " " + c.Version)
	}
	if tc.Tools != nil && len(*tc.Tools) > 0 {
		t := (*tc.Tools)[0]
		return strings.TrimSpace(t.Name + " " + t.Version)
	}
	return ""
}

// Messages of the reader.
var (
	MsgNotCycloneDX = i18n.Define("cyclonedx.not-cyclonedx",
		"bomFormat is %q, not \"CycloneDX\"",
		"bomFormat이 \"CycloneDX\"가 아니라 %q임",
		"bomFormat 是 %q，而不是 \"CycloneDX\"")
	MsgSpecVersion = i18n.Define("cyclonedx.spec-version",
		"CycloneDX %s is not read (1.2 to 1.6 are)",
		"CycloneDX %s{은/는} 읽지 않음 (1.2~1.6을 읽음)",
		"不讀取 CycloneDX %s（讀取 1.2 至 1.6）")
)
