package msbuild

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/nuget"
)

// TestMergeReferencesOnCorpus holds mergeReferences to the map-based
// merge it replaced (mergeReferencesReference, below) on every project
// of the shared corpus and of testdata: the same references, frameworks
// lists (nil or not) included.
func TestMergeReferencesOnCorpus(t *testing.T) {
	defer func(f func([]*state, []string) []extract.Reference) { mergeRefs = f }(mergeRefs)
	merged := 0
	mergeRefs = func(states []*state, fws []string) []extract.Reference {
		got, want := mergeReferences(states, fws), mergeReferencesReference(states, fws)
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("frameworks %v: (-reference +new)\n%s", fws, d)
		}
		merged++
		return got
	}
	for _, root := range []string{extracttest.Corpus(t), "testdata"} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			ext := strings.ToLower(filepath.Ext(p))
			if err != nil || d.IsDir() || !(ext == ".csproj" || ext == ".fsproj" || ext == ".vbproj") {
				return nil
			}
			Evaluate(filepath.ToSlash(p), osLoader{})
			return nil
		})
	}
	if merged < 40 {
		t.Errorf("%d projects merged", merged)
	}
}

// mergeReferencesReference is the merge of references before it was made
// to allocate little.
func mergeReferencesReference(states []*state, fws []string) []extract.Reference {
	type acc struct {
		ref extract.Reference
		fws []string
	}
	// A reference is the same in two frameworks when all of this is.
	type refKey struct {
		name, version string
		at            extract.Location
		source        extract.Source
	}
	var order []refKey
	byKey := map[refKey]*acc{}
	for i, s := range states {
		cpm := s.isTrue("ManagePackageVersionsCentrally")
		var refs []*pkgRef
		refs = append(refs, s.globals...)
		refs = append(refs, s.refs...)
		for _, r := range refs {
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
			a := byKey[key]
			if a == nil {
				a = &acc{ref: ref}
				byKey[key] = a
				order = append(order, key)
			}
			if i < len(fws) {
				a.fws = append(a.fws, fws[i])
			}
		}
	}
	out := make([]extract.Reference, 0, len(order))
	for _, k := range order {
		a := byKey[k]
		if len(fws) > 0 && len(a.fws) < len(fws) {
			a.ref.Frameworks = a.fws
		}
		out = append(out, a.ref)
	}
	return out
}
