package graph

import (
	"path"
	"slices"
	"strings"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/nuget"
	"github.com/affected-dev/affected/internal/project"
)

// FromProject builds one graph per target framework of a project: from its
// lock data when it has some, else from its manifest (direct dependencies
// only, marked unresolved unless the manifest records exact installed
// versions, as packages.config does).
func FromProject(p *project.Project) []*Graph { return new(Interner).FromProject(p) }

// FromProject is [FromProject] with the names and versions going through
// the interner.
func (in *Interner) FromProject(p *project.Project) []*Graph {
	if p.Lock != nil && len(p.Lock.Targets) > 0 {
		return in.fromLock(p)
	}
	if p.Manifest != nil {
		return in.fromManifest(p)
	}
	return nil
}

// frameworkGroup is the targets of one framework: the framework-wide one
// first, then the runtime-specific ones.
type frameworkGroup struct {
	framework string
	targets   []*extract.Target
}

// Frameworks returns the frameworks of the graphs FromProject builds from
// lock data, in order.
func Frameworks(lock *extract.Lock) []string {
	var out []string
	for _, g := range groupTargets(lock) {
		out = append(out, g.framework)
	}
	return out
}

func groupTargets(lock *extract.Lock) []frameworkGroup {
	var groups []frameworkGroup
	idx := map[string]int{}
	for i := range lock.Targets {
		t := &lock.Targets[i]
		j, ok := idx[t.Framework]
		if !ok {
			j = len(groups)
			idx[t.Framework] = j
			groups = append(groups, frameworkGroup{framework: t.Framework})
		}
		if t.RID == "" {
			groups[j].targets = append([]*extract.Target{t}, groups[j].targets...)
		} else {
			groups[j].targets = append(groups[j].targets, t)
		}
	}
	return groups
}

func (in *Interner) fromLock(p *project.Project) []*Graph {
	var out []*Graph
	for _, grp := range groupTargets(p.Lock) {
		b := in.NewBuilder(p.Path, grp.framework, p.LockPath)
		b.g.Root = p.Root
		n := 0
		for _, t := range grp.targets {
			n += len(t.Packages)
		}
		b.grow(n)
		// node[k] is the node of the k-th package of the group (-1 for a
		// reference assembly, which is not a node of its own).
		node := in.scratch.nodes[:0]
		for _, t := range grp.targets {
			for _, pkg := range t.Packages {
				if pkg.Type == extract.TypeReferenceAssembly {
					node = append(node, -1) // not a NuGet package: a framework reference assembly
					continue
				}
				kind := Package
				if pkg.Type == extract.TypeProject {
					kind = Project
				}
				node = append(node, int32(b.Node(Node{Name: pkg.Name, Version: pkg.Version, Kind: kind})))
			}
		}
		k := 0
		for _, t := range grp.targets {
			for _, pkg := range t.Packages {
				from := node[k]
				k++
				if from < 0 {
					// A reference assembly named like a package gives its
					// edges to the package.
					i, ok := b.Lookup(pkg.Name)
					if !ok {
						continue
					}
					from = int32(i)
				}
				for _, d := range pkg.Dependencies {
					if to, ok := b.Lookup(d.Name); ok {
						b.Edge(int(from), to)
						b.Asks(int(from), to, d.Range)
					}
				}
			}
		}
		in.scratch.nodes = node[:0]
		for _, t := range grp.targets {
			for _, d := range t.Direct {
				if i, ok := b.Lookup(d.Name); ok {
					b.Root(i)
				}
			}
		}
		applyManifest(b, p, grp.framework)
		if len(b.g.roots) == 0 {
			// No record of what the project asked for: the packages nothing
			// depends on are the top level.
			for i, has := range b.hasPredecessor() {
				if !has {
					b.Root(i)
				}
			}
		}
		out = append(out, b.Build())
	}
	return out
}

// applyManifest marks what the manifest declares for the framework: direct
// dependencies (with where they are declared), the platform dependency and
// referenced projects.
func applyManifest(b *Builder, p *project.Project, fw string) {
	m := p.Manifest
	if m == nil {
		return
	}
	for _, r := range m.References {
		if !appliesTo(r, fw) {
			continue
		}
		i, ok := b.Lookup(r.Name)
		if !ok {
			continue
		}
		b.Root(i)
		n := b.NodeAt(i)
		n.Platform = n.Platform || r.Platform
		n.DeclaredAt, n.VersionAt = r.At, r.VersionAt
		if n.Range == "" {
			n.Range = r.Version
		}
	}
	for _, pr := range m.ProjectReferences {
		if i, ok := b.referencedProject(pr); ok {
			b.Root(i)
			b.NodeAt(i).DeclaredAt = pr.At
		}
	}
	// With central transitive pinning a PackageVersion alone declares the
	// version of a transitive package (not a root: nothing references it).
	if ms := p.MSBuild; ms != nil && ms.CentralPackageManagement && ms.TransitivePinning {
		for _, pv := range ms.PackageVersions {
			if i, ok := b.Lookup(pv.Name); ok {
				if n := b.NodeAt(i); n.Kind == Package && n.Range == "" {
					n.Range, n.VersionAt = pv.Version, pv.VersionAt
				}
			}
		}
	}
}

// referencedProject finds the node of a ProjectReference by the name
// restore gave the project: its PackageId, then its AssemblyName, then its
// file name (https://github.com/NuGet/Home/issues/5226). When the
// referenced file could not be read and its file name matches nothing, a
// project entry whose name ends in "." and the file name
// (CraftersCloud.Core.MediatR for Core.MediatR.csproj, a PackageId
// prefixed in a props file) is taken if it is the only one.
func (b *Builder) referencedProject(pr extract.ProjectReference) (int, bool) {
	isProject := func(name string) (int, bool) {
		if i, ok := b.Lookup(name); ok && b.NodeAt(i).Kind == Project {
			return i, true
		}
		return 0, false
	}
	file := strings.ReplaceAll(pr.Path, `\`, "/")
	stem := strings.TrimSuffix(path.Base(file), path.Ext(file))
	for _, name := range slices.Concat(pr.Names, []string{stem}) {
		if i, ok := isProject(name); ok {
			return i, true
		}
	}
	if len(pr.Names) > 0 {
		return 0, false
	}
	suffix := "." + nuget.NormalizeID(stem)
	found := -1
	for i := range b.g.Nodes {
		if b.g.Nodes[i].Kind == Project && strings.HasSuffix(b.g.keys[i], suffix) {
			if found >= 0 {
				return 0, false
			}
			found = i
		}
	}
	return found, found >= 0
}

func appliesTo(r extract.Reference, fw string) bool {
	if len(r.Frameworks) == 0 || fw == "" {
		return true
	}
	for _, f := range r.Frameworks {
		if strings.EqualFold(f, fw) {
			return true
		}
	}
	return false
}

func (in *Interner) fromManifest(p *project.Project) []*Graph {
	m := p.Manifest
	fws := m.Frameworks
	if len(fws) == 0 {
		fws = []string{""}
	}
	var out []*Graph
	for _, fw := range fws {
		b := in.NewBuilder(p.Path, fw, p.Path)
		b.g.Root = p.Root
		for _, r := range m.References {
			if !appliesTo(r, fw) {
				continue
			}
			n := Node{Name: r.Name, Range: r.Version, Platform: r.Platform, DeclaredAt: r.At, VersionAt: r.VersionAt}
			if r.Source == extract.SourcePackagesConfig {
				n.Version = r.Version // the installed version
			} else {
				n.Unresolved = true
				if rng, err := nuget.ParseRange(r.Version); err == nil {
					if v, ok := rng.Lowest(); ok {
						n.Version = v.String()
					}
				}
			}
			b.Root(b.Node(n))
		}
		out = append(out, b.Build())
	}
	return out
}
