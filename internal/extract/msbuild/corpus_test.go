package msbuild

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/extracttest"
)

// osLoader reads documents from the disk.
type osLoader struct{}

func (osLoader) Load(p string) (*Document, error) {
	data, err := os.ReadFile(filepath.FromSlash(p))
	if err != nil {
		return nil, err
	}
	return Parse(p, data)
}

func (osLoader) Exists(p string) bool {
	fi, err := os.Stat(filepath.FromSlash(p))
	return err == nil && !fi.IsDir()
}

// TestCorpusParses parses every MSBuild file of the shared corpus and
// evaluates every project file.
func TestCorpusParses(t *testing.T) {
	root := extracttest.Corpus(t)
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		ext := strings.ToLower(filepath.Ext(p))
		if d.IsDir() || !(ext == ".csproj" || ext == ".fsproj" || ext == ".vbproj" || ext == ".props" || ext == ".shproj") {
			return nil
		}
		n++
		p = filepath.ToSlash(p)
		if _, err := osLoader.Load(osLoader{}, p); err != nil {
			t.Errorf("%v", err)
			return nil
		}
		if ext == ".props" || ext == ".shproj" {
			return nil
		}
		proj, err := Evaluate(p, osLoader{})
		if err != nil {
			t.Errorf("evaluating: %v", err)
			return nil
		}
		for _, w := range proj.Warnings {
			var e *extract.Error
			if !errors.As(w, &e) {
				t.Errorf("%s: unlocated warning %v", p, w)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 60 {
		t.Errorf("only %d MSBuild files found in the corpus", n)
	}
}

func TestCorpusProjects(t *testing.T) {
	root := filepath.ToSlash(extracttest.Corpus(t))
	eval := func(rel string) *Project {
		t.Helper()
		p, err := Evaluate(root+"/"+rel, osLoader{})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	find := func(p *Project, name string) []extract.Reference {
		var out []extract.Reference
		for _, r := range p.References {
			if strings.EqualFold(r.Name, name) {
				out = append(out, r)
			}
		}
		return out
	}

	// Dependabot's updater: TargetFramework comes from an imported
	// Directory.Common.props, versions from a property in
	// Directory.Packages.props, transitive pinning from Directory.Build.props.
	p := eval("cpm-dependabot-core-1/nuget/helpers/lib/NuGetUpdater/NuGetUpdater.Core/NuGetUpdater.Core.csproj")
	if strings.Join(p.Frameworks, ";") != "net10.0" || !p.CentralPackageManagement || !p.TransitivePinning {
		t.Errorf("dependabot: frameworks %v, CPM %v, pinning %v", p.Frameworks, p.CentralPackageManagement, p.TransitivePinning)
	}
	if r := find(p, "DiffPlex"); len(r) != 1 || r[0].Version != "1.9.0" || !r[0].Central || !strings.HasSuffix(r[0].VersionAt.File, "Directory.Packages.props") {
		t.Errorf("dependabot DiffPlex: %+v", r)
	}
	// A central version given as $(MSBuildPackageVersion) is located at the
	// property's definition, where a fix would edit it.
	found := false
	for _, pv := range p.PackageVersions {
		if pv.Name == "Microsoft.Build" {
			found = true
			if pv.Version != "18.3.3" || pv.VersionAt.Line != 6 || !strings.HasSuffix(pv.VersionAt.File, "Directory.Packages.props") {
				t.Errorf("dependabot Microsoft.Build: %+v", pv)
			}
		}
	}
	if !found {
		t.Error("dependabot: no PackageVersion for Microsoft.Build")
	}

	// Polly: TargetFrameworks without the Windows-only net481; an
	// Update with VersionOverride below net9.0.
	p = eval("cpm-Polly-1/test/Polly.Core.Tests/Polly.Core.Tests.csproj")
	if got := strings.Join(p.Frameworks, ";"); got != "net10.0;net9.0;net8.0" {
		t.Errorf("Polly frameworks %q", got)
	}
	for _, r := range find(p, "Microsoft.Bcl.TimeProvider") {
		switch {
		case r.Override && r.Version == "8.0.1" && strings.Join(r.Frameworks, ";") == "net8.0":
		case r.Central && r.Version == "9.0.0" && strings.Join(r.Frameworks, ";") == "net9.0":
		case r.Central && r.Version == "10.0.0" && strings.Join(r.Frameworks, ";") == "net10.0":
		default:
			t.Errorf("Polly Microsoft.Bcl.TimeProvider: %+v", r)
		}
	}
	if len(find(p, "Microsoft.Bcl.TimeProvider")) != 3 {
		t.Errorf("Polly Microsoft.Bcl.TimeProvider: %+v", find(p, "Microsoft.Bcl.TimeProvider"))
	}

	// Ocelot: one version per framework.
	p = eval("pkglock-Ocelot-1/src/Ocelot.csproj")
	got := map[string]string{}
	for _, r := range find(p, "Microsoft.AspNetCore.MiddlewareAnalysis") {
		got[strings.Join(r.Frameworks, ";")] = r.Version
	}
	if got["net8.0"] != "8.0.29" || got["net9.0"] != "9.0.18" || got["net10.0"] != "10.0.10" {
		t.Errorf("Ocelot MiddlewareAnalysis per framework: %v", got)
	}

	// VS2017 RC csproj: <Version> as a child element, non-SDK imports.
	p = eval("assets-VS2017TransitiveBug-1/src/WebApplication1/WebApplication1.csproj")
	if r := find(p, "Microsoft.AspNetCore.Diagnostics"); len(r) != 1 || r[0].Version != "1.1.0" || r[0].VersionAt.Line != 21 {
		t.Errorf("VS2017 Microsoft.AspNetCore.Diagnostics: %+v", r)
	}
}

// innerLoader is osLoader with every document marked as naming
// TargetFramework: Evaluate then runs the inner build of every framework.
type innerLoader struct{ osLoader }

func (l innerLoader) Load(p string) (*Document, error) {
	doc, err := l.osLoader.Load(p)
	if doc != nil {
		doc.namesFramework = true
	}
	return doc, err
}

// TestInnerBuildsOnCorpus holds the evaluation of every project of the
// shared corpus, and of the test projects, to the one that runs every
// inner build: skipping them when no file names TargetFramework changes
// nothing (and some corpus projects do name it, so both ways are tried).
func TestInnerBuildsOnCorpus(t *testing.T) {
	root := extracttest.Corpus(t)
	var projects, skipped int
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		ext := strings.ToLower(filepath.Ext(p))
		if err != nil || d.IsDir() || !(ext == ".csproj" || ext == ".fsproj" || ext == ".vbproj") {
			return nil
		}
		p = filepath.ToSlash(p)
		got, gotErr := Evaluate(p, osLoader{})
		want, wantErr := Evaluate(p, innerLoader{})
		if (gotErr == nil) != (wantErr == nil) {
			t.Errorf("%s: error %v, with every inner build %v", p, gotErr, wantErr)
			return nil
		}
		if gotErr != nil {
			return nil
		}
		projects++
		if len(got.Frameworks) > 0 && !namesFramework(t, got.Files) {
			skipped++
		}
		if d := cmp.Diff(want, got, cmp.Comparer(func(a, b error) bool { return a.Error() == b.Error() })); d != "" {
			t.Errorf("%s: (-every inner build +skipped)\n%s", p, d)
		}
		return nil
	})
	t.Logf("%d projects, %d without inner builds", projects, skipped)
	if projects < 40 || skipped == 0 || skipped == projects {
		t.Errorf("%d projects, %d evaluated without inner builds: the comparison proves little", projects, skipped)
	}
}

func namesFramework(t *testing.T, files []string) bool {
	for _, f := range files {
		doc, err := osLoader{}.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		if doc.namesFramework {
			return true
		}
	}
	return false
}

func TestMentionsFramework(t *testing.T) {
	for in, want := range map[string]bool{
		`<Project><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>`:                               false,
		`<Project><PropertyGroup><TargetFrameworks>net6.0;net8.0</TargetFrameworks></PropertyGroup></Project>`:                      false,
		`<Project><PropertyGroup><TARGETFRAMEWORKVERSION>v4.7.2</TARGETFRAMEWORKVERSION></PropertyGroup></Project>`:                 false,
		`<Project><ItemGroup Condition="'$(TargetFramework)' == 'net8.0'" /></Project>`:                                             true,
		`<Project><PropertyGroup><X>$(targetframework)</X></PropertyGroup></Project>`:                                               true,
		`<Project><PropertyGroup><X>$([MSBuild]::GetTargetFrameworkIdentifier('$(TargetFramework)'))</X></PropertyGroup></Project>`: true,
		`<Project><!-- TargetFramework --></Project>`:                                                                               true,
		`<Project><PropertyGroup><X>TargetFramework</X></PropertyGroup></Project>`:                                                  true,
		`<Project/>`:         false,
		`targetframework`:    true,
		`</targetframeworK>`: false,
	} {
		if got := mentionsFramework([]byte(in)); got != want {
			t.Errorf("%s: %v, want %v", in, got, want)
		}
	}
}
