package fix

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/advisory/builtin"
	"github.com/affected-dev/affected/internal/advisory/osv"
	"github.com/affected-dev/affected/internal/edit"
	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
	"github.com/affected-dev/affected/internal/nuget"
	"github.com/affected-dev/affected/internal/scan"
)

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

// source serves advisories by package, as the advisory database does.
type source map[string][]*advisory.Advisory

func (s source) ForPackage(name string) []*advisory.Advisory { return s[nuget.NormalizeID(name)] }

func (s source) add(advs ...*advisory.Advisory) source {
	for _, a := range advs {
		seen := map[string]bool{}
		for _, p := range a.Packages {
			k := nuget.NormalizeID(p.Name)
			if !seen[k] {
				seen[k] = true
				s[k] = append(s[k], a)
			}
		}
	}
	return s
}

func builtinSource() source { return source{}.add(builtin.Advisories()...) }

// corpusSource is the built-in advisories and the 30 real GitHub Advisory
// Database records of the shared corpus.
func corpusSource(t *testing.T) source {
	t.Helper()
	s := builtinSource()
	dir := filepath.Join(extracttest.Corpus(t), "advisories-osv")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		a, err := osv.Parse(e.Name(), data)
		if err != nil {
			t.Fatal(err)
		}
		s.add(a)
	}
	return s
}

// synthetic is a made-up advisory for a test (IDs TEST-…): pkg is affected
// from introduced until fixed.
func synthetic(id, pkg, introduced, fixed string, related ...string) *advisory.Advisory {
	return &advisory.Advisory{
		ID: id, Source: "test", Severity: advisory.SeverityHigh,
		Texts: []advisory.Text{{Lang: "en", Title: "synthetic advisory for tests"}},
		Packages: []advisory.PackageExposure{{
			Ecosystem: "NuGet", Name: pkg, Related: related,
			Ranges: []advisory.Range{{Type: "ECOSYSTEM", Events: []advisory.Event{{Introduced: introduced}, {Fixed: fixed}}}},
		}},
	}
}

// copyTree copies a directory (the examples or a corpus case) so that the
// test edits a copy, never the original.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func examples(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	copyTree(t, filepath.Join("..", "..", "examples", name), dir)
	return dir
}

func corpusCase(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	copyTree(t, filepath.Join(extracttest.Corpus(t), name), dir)
	return dir
}

func load(t *testing.T, dir string) *scan.Workspace {
	t.Helper()
	return scan.Load(context.Background(), []string{dir}, scan.Options{})
}

// dryRunReport renders the plan as `affected fix --dry-run` shows it.
func dryRunReport(t *testing.T, pl *Plan) []byte {
	t.Helper()
	res := &Result{Plan: pl, DryRun: true, Stale: pl.Stale(), Remaining: pl.Evaluate()}
	var b bytes.Buffer
	if err := WriteText(&b, res.Document(i18n.En), i18n.En); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// checkFile checks a changed file: the bytes outside the edits are those
// of the original, every line the diff shows as changed is a line the
// edits touch, the byte order mark, the line endings and the final
// newline are kept, and the result parses.
func checkFile(t *testing.T, f *File) {
	t.Helper()
	old, new := f.Old, f.New
	// Outside the edits: the original bytes.
	es := append([]edit.Edit(nil), f.Edits...)
	sort.SliceStable(es, func(i, j int) bool { return es[i].Start < es[j].Start })
	pos, out := 0, 0
	for _, e := range es {
		seg := old[pos:e.Start]
		if !bytes.Equal(new[out:out+len(seg)], seg) {
			t.Errorf("%s: bytes %d..%d changed outside the edits", f.Display, pos, e.Start)
			return
		}
		out += len(seg) + len(e.New)
		pos = e.End
	}
	if !bytes.Equal(new[out:], old[pos:]) {
		t.Errorf("%s: the tail from byte %d changed", f.Display, pos)
	}
	// Only the planned lines differ: the lines an edit's bytes are on,
	// and the line after it when the edit ends with a line break (its
	// start moved).
	oldLines, newLines := map[int]bool{}, map[int]bool{}
	offs := edit.NewOffsets(f.Edits)
	for i, e := range f.Edits {
		for l := lineOf(old, e.Start); l <= lineOf(old, e.End); l++ {
			oldLines[l] = true
		}
		for l := lineOf(new, offs[i]); l <= lineOf(new, offs[i]+len(e.New)); l++ {
			newLines[l] = true
		}
	}
	minus, plus := diffLines(f.Diff())
	for _, l := range minus {
		if !oldLines[l] {
			t.Errorf("%s: old line %d changed but no edit touches it", f.Display, l)
		}
	}
	for _, l := range plus {
		if !newLines[l] {
			t.Errorf("%s: new line %d changed but no edit touches it", f.Display, l)
		}
	}
	if len(plus) == 0 {
		t.Errorf("%s: the diff shows no added line", f.Display)
	}
	// BOM, line endings, final newline.
	bom := []byte{0xEF, 0xBB, 0xBF}
	if bytes.HasPrefix(old, bom) != bytes.HasPrefix(new, bom) {
		t.Errorf("%s: byte order mark not kept", f.Display)
	}
	oc, ol := endings(old)
	nc, nl := endings(new)
	switch {
	case oc > 0 && ol == 0 && nl > 0:
		t.Errorf("%s: a CRLF file got %d LF line endings", f.Display, nl)
	case oc == 0 && nc > 0:
		t.Errorf("%s: an LF file got %d CRLF line endings", f.Display, nc)
	case oc > 0 && ol > 0 && (nc < oc || nl < ol):
		t.Errorf("%s: mixed line endings lost (%d/%d → %d/%d)", f.Display, oc, ol, nc, nl)
	}
	if bytes.HasSuffix(old, []byte("\n")) != bytes.HasSuffix(new, []byte("\n")) {
		t.Errorf("%s: final newline not kept", f.Display)
	}
	if err := verify(filepath.ToSlash(f.Path), new); err != nil {
		t.Errorf("%s: the result does not parse: %v", f.Display, err)
	}
}

func lineOf(data []byte, off int) int { return extract.PosAt(data, int64(off)).Line }

// endings counts CRLF and bare LF line endings.
func endings(data []byte) (crlf, lf int) {
	for i, c := range data {
		if c == '\n' {
			if i > 0 && data[i-1] == '\r' {
				crlf++
			} else {
				lf++
			}
		}
	}
	return crlf, lf
}

// diffLines returns the old line numbers of the '-' lines and the new
// line numbers of the '+' lines of a unified diff.
func diffLines(diff string) (minus, plus []int) {
	var a, b int
	for _, l := range strings.Split(diff, "\n") {
		switch {
		case strings.HasPrefix(l, "--- ") || strings.HasPrefix(l, "+++ "):
		case strings.HasPrefix(l, "@@ "):
			f := strings.Fields(l)
			a = atoiPrefix(strings.TrimPrefix(f[1], "-"))
			b = atoiPrefix(strings.TrimPrefix(f[2], "+"))
		case strings.HasPrefix(l, "-"):
			minus = append(minus, a)
			a++
		case strings.HasPrefix(l, "+"):
			plus = append(plus, b)
			b++
		case strings.HasPrefix(l, " "):
			a++
			b++
		}
	}
	return minus, plus
}

func atoiPrefix(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// fixCase runs the whole fix on a copied tree: plan (golden report of the
// dry run), file checks, apply, a scan of the result without errors, and
// a second run that changes nothing.
func fixCase(t *testing.T, dir string, src source, opts Options, golden string) *Plan {
	t.Helper()
	before := load(t, dir)
	pl := Prepare(before, src, os.ReadFile, opts)
	for _, p := range pl.Problems {
		t.Errorf("problem: %v", p)
	}
	extracttest.Golden(t, golden, dryRunReport(t, pl))
	for _, f := range pl.Files {
		checkFile(t, f)
	}
	if _, err := Apply(context.Background(), pl, WriteAtomically); err != nil {
		t.Fatal(err)
	}
	for _, f := range pl.Files {
		got, err := os.ReadFile(f.Path)
		if err != nil || !bytes.Equal(got, f.New) {
			t.Errorf("%s: the file on disk is not the planned content (%v)", f.Display, err)
		}
	}
	after := load(t, dir)
	if len(after.Errors) > len(before.Errors) {
		t.Errorf("errors after the fix: %+v", after.Errors)
	}
	again := Prepare(after, src, os.ReadFile, opts)
	for _, f := range again.Files {
		t.Errorf("second run changes %s:\n%s", f.Display, f.Diff())
	}
	return pl
}

// TestExamples fixes the repository's examples, one folder per file kind,
// among them the four seed scenarios of advisory 4010983.
func TestExamples(t *testing.T) {
	for _, tc := range []struct {
		name, dir string
		prepare   func(t *testing.T, dir string)
		src       func(t *testing.T) source
		opts      Options
		check     func(t *testing.T, dir string, pl *Plan)
	}{
		{name: "projectjson", dir: "projectjson", check: checkSeedA},
		{name: "direct", dir: "direct", check: checkSeedB},
		{name: "vs2017", dir: "vs2017", check: checkSeedC},
		{name: "central", dir: "central", check: checkSeedD},
		{name: "central-transitive-pinning", dir: "central", prepare: enableTransitivePinning, check: checkSeedDPinning},
		// The same projects, fixing a package that comes through packages
		// the plan does not raise (System.Diagnostics.DiagnosticSource,
		// through Mvc.Core and Kestrel): a pin, in every file kind.
		{name: "projectjson-pin", dir: "projectjson", src: diagnosticSource, opts: onlyDiag, check: checkPinA},
		{name: "vs2017-pin", dir: "vs2017", src: diagnosticSource, opts: onlyDiag, check: checkPinC},
		{name: "central-pin", dir: "central", src: diagnosticSource, opts: onlyDiag, check: checkPinD},
		{name: "central-transitive-pinning-pin", dir: "central", prepare: enableTransitivePinning, src: diagnosticSource, opts: onlyDiag, check: checkPinDPinning},
		{name: "central-own-property", dir: "central", prepare: unshareProperty, check: checkOwnProperty},
		{name: "netfx", dir: "netfx", src: corpusSource, opts: Options{Advisories: []string{"GHSA-5crp-9r3c-p9vr"}}, check: checkPackagesConfig},
		{name: "published", dir: "published", check: checkPublished},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := examples(t, tc.dir)
			if tc.prepare != nil {
				tc.prepare(t, dir)
			}
			src := builtinSource()
			if tc.src != nil {
				src = tc.src(t)
			}
			pl := fixCase(t, dir, src, tc.opts, filepath.Join("testdata", "examples", tc.name+".golden"))
			tc.check(t, dir, pl)
		})
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func mustContain(t *testing.T, file, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", file, w, text)
		}
	}
}

// declared returns a project's declared versions after the fix, by name.
func declaredAfter(t *testing.T, dir, project string) map[string]string {
	t.Helper()
	ws := load(t, dir)
	out := map[string]string{}
	for _, p := range ws.Projects {
		if p.Path == project && p.Manifest != nil {
			for _, r := range p.Manifest.References {
				out[r.Name] = r.Version
			}
			return out
		}
	}
	t.Fatalf("no project %s", project)
	return nil
}

func openAfter(t *testing.T, dir string, src source) []string {
	t.Helper()
	var out []string
	for _, f := range Open(load(t, dir), src, Options{}) {
		out = append(out, f.Graph.Project+" "+f.NodeRef().ID())
	}
	return out
}

// (a) project.json with Microsoft.AspNetCore.Mvc 1.1.0: Mvc bumped, which
// brings Mvc.Core 1.1.1 with it (Mvc 1.1.0 asks for the Mvc packages at
// its own version: no pin, as the advisory says, "updating
// Microsoft.AspNetCore.Mvc to 1.1.1 also updates the vulnerable
// Microsoft.AspNetCore.Mvc.Core"), the platform dependency untouched.
func checkSeedA(t *testing.T, dir string, pl *Plan) {
	got := declaredAfter(t, dir, "src/Web/project.json")
	for name, want := range map[string]string{
		"Microsoft.AspNetCore.Mvc":            "1.1.1",
		"Microsoft.AspNetCore.Mvc.Core":       "",
		"Microsoft.NETCore.App":               "1.1.0",
		"Microsoft.AspNetCore.Server.Kestrel": "1.1.0",
	} {
		if got[name] != want {
			t.Errorf("%s = %q, want %q", name, got[name], want)
		}
	}
	checkCovered(t, pl, "Microsoft.AspNetCore.Mvc.Core", "1.1.1", "Microsoft.AspNetCore.Mvc")
	if len(pl.Evaluate()) != 0 {
		t.Errorf("findings stay open: %v", pl.Evaluate())
	}
}

// checkCovered: the package has a covered step (no pin) to the version
// the bump of with brings it to.
func checkCovered(t *testing.T, pl *Plan, pkg, to, with string) {
	t.Helper()
	for _, s := range pl.Steps {
		if nuget.EqualID(s.Package, pkg) {
			if s.Kind != StepCovered || s.To != to || s.With != with || len(s.Where) != 0 {
				t.Errorf("%s: step %+v, want covered to %s with %s", pkg, s, to, with)
			}
			return
		}
	}
	t.Errorf("no step for %s", pkg)
}

// diagnosticSource is the built-in advisories and one for
// System.Diagnostics.DiagnosticSource 4.3.0, which every seed example
// resolves through Mvc.Core and Kestrel.
func diagnosticSource(*testing.T) source {
	return builtinSource().add(synthetic("TEST-DIAG", "System.Diagnostics.DiagnosticSource", "4.3.0", "4.3.1"))
}

var onlyDiag = Options{Advisories: []string{"TEST-DIAG"}}

// A pin in project.json: first in "dependencies".
func checkPinA(t *testing.T, dir string, pl *Plan) {
	if got := declaredAfter(t, dir, "src/Web/project.json")["System.Diagnostics.DiagnosticSource"]; got != "4.3.1" {
		t.Errorf("DiagnosticSource = %q", got)
	}
	text := read(t, filepath.Join(dir, "src", "Web", "project.json"))
	mustContain(t, "project.json", text, "  \"dependencies\": {\n    // affected: pinned for TEST-DIAG\n    \"System.Diagnostics.DiagnosticSource\": \"4.3.1\",\n")
	if len(pl.Evaluate()) != 0 {
		t.Errorf("findings stay open: %v", pl.Evaluate())
	}
}

// (b) csproj with Mvc.Core 1.1.0 as a direct dependency (Version child
// element): bumped where declared.
func checkSeedB(t *testing.T, dir string, pl *Plan) {
	if got := declaredAfter(t, dir, "Reports/Reports.csproj")["Microsoft.AspNetCore.Mvc.Core"]; got != "1.1.1" {
		t.Errorf("Mvc.Core = %q", got)
	}
	if len(pl.Steps) != 1 || pl.Steps[0].Kind != StepBump {
		t.Errorf("steps: %+v", pl.Steps)
	}
}

// (c) csproj where Mvc.Core arrives transitively through Mvc: Mvc is
// bumped, Mvc.Core comes with it, nothing is pinned.
func checkSeedC(t *testing.T, dir string, pl *Plan) {
	text := read(t, filepath.Join(dir, "src", "Shop.Api", "Shop.Api.csproj"))
	mustContain(t, "Shop.Api.csproj", text, "  <ItemGroup>\n    <PackageReference Include=\"Microsoft.AspNetCore.Mvc\" Version=\"1.1.1\" />\n")
	if strings.Contains(text, "Microsoft.AspNetCore.Mvc.Core") {
		t.Errorf("Mvc.Core pinned:\n%s", text)
	}
	checkCovered(t, pl, "Microsoft.AspNetCore.Mvc.Core", "1.1.1", "Microsoft.AspNetCore.Mvc")
	// Before restore the lock data still shows 1.1.0, which the declared
	// Mvc 1.1.1 is expected to raise.
	open := Open(load(t, dir), builtinSource(), Options{})
	if len(open) != 1 || open[0].Restore == nil || !open[0].Restore.Fixed {
		t.Errorf("before restore: %v", open)
	}
	if len(pl.Evaluate()) != 0 {
		t.Errorf("findings stay open once restored: %v", pl.Evaluate())
	}
}

// A pin in a csproj: a PackageReference at the top of the list.
func checkPinC(t *testing.T, dir string, pl *Plan) {
	text := read(t, filepath.Join(dir, "src", "Shop.Api", "Shop.Api.csproj"))
	mustContain(t, "Shop.Api.csproj", text, "  <ItemGroup>\n    <!-- affected: pinned for TEST-DIAG -->\n    <PackageReference Include=\"System.Diagnostics.DiagnosticSource\" Version=\"4.3.1\" />\n    <PackageReference Include=\"Microsoft.AspNetCore.Mvc\" Version=\"1.1.0\" />\n")
	if open := Open(load(t, dir), diagnosticSource(t), onlyDiag); len(open) != 1 || open[0].Restore == nil || !open[0].Restore.Fixed {
		t.Errorf("before restore the lock data still shows the finding, the pin clears it: %v", open)
	}
	if len(pl.Evaluate()) != 0 {
		t.Errorf("findings stay open once restored: %v", pl.Evaluate())
	}
}

// (d) the same under central package management: Mvc.ApiExplorer is
// declared (its central version shares a property with Routing, so the
// PackageVersion gets its own version) and brings Mvc.Core with it.
func checkSeedD(t *testing.T, dir string, pl *Plan) {
	props := read(t, filepath.Join(dir, "Directory.Packages.props"))
	mustContain(t, "Directory.Packages.props", props,
		"<PackageVersion Include=\"Microsoft.AspNetCore.Routing\" Version=\"$(AspNetCoreVersion)\" />",
		"<AspNetCoreVersion>1.1.0</AspNetCoreVersion>",
		"<PackageVersion Include=\"Microsoft.AspNetCore.Mvc.ApiExplorer\" Version=\"1.1.1\" />")
	checkCovered(t, pl, "Microsoft.AspNetCore.Mvc.Core", "1.1.1", "Microsoft.AspNetCore.Mvc.ApiExplorer")
	if len(pl.Files) != 1 {
		t.Errorf("files: %v", displays(pl.Files))
	}
}

// A pin under central package management: a PackageVersion in
// Directory.Packages.props and a versionless PackageReference, the props
// file written first.
func checkPinD(t *testing.T, dir string, pl *Plan) {
	props := read(t, filepath.Join(dir, "Directory.Packages.props"))
	mustContain(t, "Directory.Packages.props", props,
		"<!-- affected: pinned for TEST-DIAG -->\n    <PackageVersion Include=\"System.Diagnostics.DiagnosticSource\" Version=\"4.3.1\" />",
		"<AspNetCoreVersion>1.1.0</AspNetCoreVersion>")
	orders := read(t, filepath.Join(dir, "src", "Orders", "Orders.csproj"))
	mustContain(t, "Orders.csproj", orders, "  <ItemGroup>\n    <!-- affected: pinned for TEST-DIAG -->\n    <PackageReference Include=\"System.Diagnostics.DiagnosticSource\" />\n")
	if got := declaredAfter(t, dir, "src/Orders/Orders.csproj")["System.Diagnostics.DiagnosticSource"]; got != "4.3.1" {
		t.Errorf("DiagnosticSource resolves to central version %q", got)
	}
	// Props first: an interrupted run never leaves a versionless
	// reference without its PackageVersion.
	if len(pl.Files) < 2 || !strings.HasSuffix(pl.Files[0].Display, ".props") {
		t.Errorf("write order: %v", displays(pl.Files))
	}
}

func displays(fs []*File) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Display)
	}
	return out
}

func enableTransitivePinning(t *testing.T, dir string) {
	p := filepath.Join(dir, "Directory.Build.props")
	text := strings.Replace(read(t, p), "    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n",
		"    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n    <CentralPackageTransitivePinningEnabled>true</CentralPackageTransitivePinningEnabled>\n", 1)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// (d) with CentralPackageTransitivePinningEnabled: Mvc.Core comes with
// Mvc.ApiExplorer; the project file is not touched.
func checkSeedDPinning(t *testing.T, dir string, pl *Plan) {
	checkCovered(t, pl, "Microsoft.AspNetCore.Mvc.Core", "1.1.1", "Microsoft.AspNetCore.Mvc.ApiExplorer")
	for _, f := range pl.Files {
		if strings.HasSuffix(f.Display, "Orders.csproj") {
			t.Errorf("Orders.csproj changed:\n%s", f.Diff())
		}
	}
	if len(pl.Evaluate()) != 0 {
		t.Errorf("findings stay open: %v", pl.Evaluate())
	}
}

// A pin with CentralPackageTransitivePinningEnabled: the PackageVersion
// alone pins the transitive package; the project file is not touched.
func checkPinDPinning(t *testing.T, dir string, pl *Plan) {
	mustContain(t, "Directory.Packages.props", read(t, filepath.Join(dir, "Directory.Packages.props")),
		"<PackageVersion Include=\"System.Diagnostics.DiagnosticSource\" Version=\"4.3.1\" />")
	for _, f := range pl.Files {
		if strings.HasSuffix(f.Display, "Orders.csproj") {
			t.Errorf("Orders.csproj changed:\n%s", f.Diff())
		}
	}
	if len(pl.Evaluate()) != 0 {
		t.Errorf("findings stay open: %v", pl.Evaluate())
	}
}

func unshareProperty(t *testing.T, dir string) {
	p := filepath.Join(dir, "Directory.Packages.props")
	text := strings.Replace(read(t, p), `Include="Microsoft.AspNetCore.Routing" Version="$(AspNetCoreVersion)"`, `Include="Microsoft.AspNetCore.Routing" Version="1.1.0"`, 1)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A property that only the moved package uses changes at its definition.
func checkOwnProperty(t *testing.T, dir string, pl *Plan) {
	props := read(t, filepath.Join(dir, "Directory.Packages.props"))
	mustContain(t, "Directory.Packages.props", props,
		"<AspNetCoreVersion>1.1.1</AspNetCoreVersion>",
		"Include=\"Microsoft.AspNetCore.Mvc.ApiExplorer\" Version=\"$(AspNetCoreVersion)\"",
		"Include=\"Microsoft.AspNetCore.Routing\" Version=\"1.1.0\"")
}

// packages.config: the version and the csproj's HintPaths.
func checkPackagesConfig(t *testing.T, dir string, pl *Plan) {
	mustContain(t, "packages.config", read(t, filepath.Join(dir, "Legacy.Web", "packages.config")),
		`<package id="Newtonsoft.Json" version="13.0.1" targetFramework="net452" />`)
	mustContain(t, "Legacy.Web.csproj", read(t, filepath.Join(dir, "Legacy.Web", "Legacy.Web.csproj")),
		`<HintPath>..\packages\Newtonsoft.Json.13.0.1\lib\net45\Newtonsoft.Json.dll</HintPath>`)
	stale := pl.Stale()
	if len(stale) != 1 || stale[0].Command[0] != "nuget" {
		t.Errorf("stale: %+v", stale)
	}
}

// A published app's deps.json cannot be edited: the step is manual and
// the finding stays open.
func checkPublished(t *testing.T, dir string, pl *Plan) {
	if len(pl.Files) != 0 || len(pl.Steps) != 1 || pl.Steps[0].Kind != StepManual || pl.Steps[0].Detail != DetailNoProjectFile {
		t.Errorf("steps %+v files %v", pl.Steps, displays(pl.Files))
	}
	if len(pl.Evaluate()) != 1 {
		t.Errorf("open: %v", pl.Evaluate())
	}
}
