package packagesconfig

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

func loc(line, col int) extract.Location {
	return extract.Location{File: "packages.config", Pos: extract.Pos{Line: line, Col: col}}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want []extract.Reference
		warn string // the start of the one warning wanted
	}{{
		name: "plain",
		in: `<packages>
  <package id="Newtonsoft.Json" version="6.0.4" targetFramework="net45" />
  <package id="Microsoft.Net.Compilers" version="1.0.0" developmentDependency="true" />
</packages>`,
		want: []extract.Reference{
			{Name: "Newtonsoft.Json", Version: "6.0.4", Source: extract.SourcePackagesConfig, At: loc(2, 3), VersionAt: loc(2, 42)},
			{Name: "Microsoft.Net.Compilers", Version: "1.0.0", Source: extract.SourcePackagesConfig, DevelopmentDependency: true,
				At: loc(3, 3), VersionAt: loc(3, 50)},
		},
	}, {
		name: "single quotes, spaces around =, attributes over lines, non-ASCII before",
		in:   "<packages>\n<!-- é --><package\n  id = 'A'\tversion\n=\n  '1.0' />\n</packages>",
		want: []extract.Reference{{Name: "A", Version: "1.0", Source: extract.SourcePackagesConfig, At: loc(2, 11), VersionAt: loc(5, 4)}},
	}, {
		name: "an attribute whose value contains the other quote and '>'",
		in:   `<packages><package x='a"version="9>' id="A" version="2.0"/></packages>`,
		want: []extract.Reference{{Name: "A", Version: "2.0", Source: extract.SourcePackagesConfig, At: loc(1, 11), VersionAt: loc(1, 54)}},
	}, {
		name: "no id, no version, nested and foreign elements are skipped",
		in: `<packages><package version="1.0"/><package id="B"/><package id="" version="1"/>
<group><package id="Nested" version="1.0"/></group><other id="X" version="1"/></packages>
<package id="After" version="1.0"/>`,
	}, {
		name: "duplicate attributes (encoding/xml accepts them): the first counts, with a warning",
		in:   `<packages><package id="A" version="1.0" id="B" version="2.0"/></packages>`,
		want: []extract.Reference{{Name: "A", Version: "1.0", Source: extract.SourcePackagesConfig, At: loc(1, 11), VersionAt: loc(1, 36)}},
		warn: `packages.config:1:11: attribute id is given twice in <package> (not well-formed XML, which MSBuild and NuGet refuse); affected reads the first value, "A"`,
	}, {
		name: "empty",
		in:   `<?xml version="1.0"?><packages />`,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse("packages.config", []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			var warns []string
			for _, w := range got.Warnings {
				warns = append(warns, w.Error())
			}
			if tc.warn != "" && (len(warns) != 1 || warns[0] != tc.warn) || tc.warn == "" && len(warns) > 0 {
				t.Errorf("warnings %q, want %q", warns, tc.warn)
			}
			got.Warnings = nil
			want := &extract.Manifest{Kind: extract.KindPackagesConfig, References: tc.want}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"not\nxml", `f:1:1: not a packages.config: no <packages> element`},
		{"", `f:1:1: not a packages.config: no <packages> element`},
		{"\n  <?xml version=\"1.0\"?>", `f:2:3: not a packages.config: no <packages> element`},
		{"<?xml version=\"1.0\"?>\n<configuration>\n</configuration>", `f:2:1: not a packages.config: the root element is <configuration>, not <packages>`},
		{"\xEF\xBB\xBF<packages>\r\n  <package id=\"A\" version=\"1.0\">\r\n</packages>", `f:3:12: invalid XML: element <package> closed by </packages>`},
		{"<packages>\n  <package id=\"A\" version=\"1.0\" />\n", `f:3:1: invalid XML: unexpected EOF`},
		{"<packages>\n  <package id=A version=\"1.0\" />", `f:2:16: invalid XML: unquoted or missing attribute value in element`},
		{"<packages>&nbsp;</packages>", `f:1:17: invalid XML: invalid character entity &nbsp;`},
	} {
		got, err := Parse("f", []byte(tc.in))
		extracttest.Rejected(t, tc.in, got, err, tc.want)
	}
}

func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.config")
	if err != nil || len(files) == 0 {
		t.Fatal("no testdata", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			m, err := Parse("packages.config", data)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(filepath.Base(f), "utf16") {
				checkPositions(t, data, m)
			}
			extracttest.Golden(t, strings.TrimSuffix(f, ".config")+".golden", extracttest.FormatManifest(m))
		})
	}
}

// checkPositions checks that At points at the element's '<' and
// VersionAt at the version text itself, which the fix step overwrites.
func checkPositions(t *testing.T, data []byte, m *extract.Manifest) {
	t.Helper()
	for _, r := range m.References {
		if off := offsetOf(data, r.At.Pos); off < 0 || !bytes.HasPrefix(data[off:], []byte("<package")) {
			t.Errorf("%s: At %v is not the element", r.Name, r.At.Pos)
		}
		off := offsetOf(data, r.VersionAt.Pos)
		if off < 0 || !bytes.HasPrefix(bytes.TrimLeft(data[off:], " "), []byte(r.Version)) {
			t.Errorf("%s: VersionAt %v does not point at %q", r.Name, r.VersionAt.Pos, r.Version)
		}
	}
}

// offsetOf converts a position back to a byte offset of data (a leading
// BOM is not a column).
func offsetOf(data []byte, p extract.Pos) int {
	off := 0
	for l := 1; l < p.Line; l++ {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	if off == 0 && bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		off = 3
	}
	for c := 1; c < p.Col; c++ {
		if off >= len(data) {
			return -1
		}
		_, n := utf8.DecodeRune(data[off:])
		off += n
	}
	return off
}

func TestCorpus(t *testing.T) {
	type summary struct {
		References  int
		Development []string
		Newtonsoft  string
	}
	// Counted with a separate script (python xml.etree) over the same
	// files.
	want := map[string]summary{
		"assets-RefactoringAnemicDomainModel-1/src/Logic/packages.config":            {4, nil, "10.0.3"},
		"pkgconfig-CoderDojoEnnisWebsite-1/src_legacy/packages.config":               {43, nil, "6.0.4"},
		"pkgconfig-DotaFantasy-1/API/obj/Release/Package/PackageTmp/packages.config": {21, []string{"Microsoft.Net.Compilers"}, "6.0.4"},
		"pkgconfig-DotaFantasy-1/API/packages.config":                                {22, []string{"Microsoft.Net.Compilers"}, "6.0.4"},
		"pkgconfig-Library-Core-1/test/ecoregions/packages.config":                   {1, nil, ""},
		"pkgconfig-ProjectRattlesnake-1/WebApp/packages.config":                      {43, nil, "10.0.3"},
		"pkgconfig-RefactoringAnemicDomainModel-1/src/Logic/packages.config":         {4, nil, "10.0.3"},
	}
	dir := extracttest.Corpus(t)
	files := extracttest.Glob(t, func(rel string) bool {
		return strings.HasSuffix(rel, "/packages.config") && !strings.HasPrefix(rel, "peer-fixtures/")
	})
	for _, rel := range files {
		t.Run(rel, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, rel))
			if err != nil {
				t.Fatal(err)
			}
			m, err := Parse(rel, data)
			if err != nil {
				t.Fatal(err)
			}
			w, ok := want[rel]
			if !ok {
				t.Fatal("no expectation for this corpus file: add one")
			}
			got := summary{References: len(m.References)}
			for _, r := range m.References {
				if r.DevelopmentDependency {
					got.Development = append(got.Development, r.Name)
				}
				if r.Name == "Newtonsoft.Json" {
					got.Newtonsoft = r.Version
				}
			}
			if diff := cmp.Diff(w, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			checkPositions(t, data, m)
		})
	}
	if len(files) != len(want) {
		t.Errorf("%d corpus files, %d expectations", len(files), len(want))
	}
}

// TestPeerFixtures checks the peers' fixtures against what their tests
// expect (peer-fixtures/EXPECTED.md).
func TestPeerFixtures(t *testing.T) {
	const trivy = "peer-fixtures/aquasecurity-trivy/pkg/dependency/parser/nuget/config/testdata/"
	const scalibr = "peer-fixtures/google-osv-scalibr/extractor/filesystem/language/dotnet/packagesconfig/testdata/"
	for _, tc := range []struct {
		file string
		want []string // Name@Version, "+dev" when marked
	}{
		{trivy + "packages.config", []string{"Microsoft.AspNet.WebApi@5.2.2", "Newtonsoft.Json@6.0.4"}},
		// trivy drops Microsoft.Net.Compilers (developmentDependency); it
		// is installed all the same, so we keep it, marked.
		{trivy + "dev_dependency.config", []string{"Microsoft.Net.Compilers@1.0.0+dev", "Newtonsoft.Json@8.0.3"}},
		// scalibr reports the development dependency too.
		{scalibr + "valid", []string{"Microsoft.CodeDom.Providers.DotNetCompilerPlatform@1.0.0", "Microsoft.Net.Compilers@1.0.0+dev"}},
		{scalibr + "noversion", []string{"Microsoft.CodeDom.Providers.DotNetCompilerPlatform@1.0.0"}},
		{scalibr + "nopackage", []string{"Microsoft.CodeDom.Providers.DotNetCompilerPlatform@1.0.0"}},
	} {
		m, err := Parse("packages.config", extracttest.ReadFile(t, tc.file))
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		var got []string
		for _, r := range m.References {
			s := r.Name + "@" + r.Version
			if r.DevelopmentDependency {
				s += "+dev"
			}
			got = append(got, s)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.file, diff)
		}
	}
	for _, tc := range []struct{ file, want string }{
		// trivy: "XML syntax error on line 5: unexpected EOF".
		{trivy + "malformed_xml.config", "malformed_xml.config:5:1: invalid XML: unexpected EOF"},
		{scalibr + "invalid", "invalid:1:1: not a packages.config: no <packages> element"},
	} {
		_, err := Parse(filepath.Base(tc.file), extracttest.ReadFile(t, tc.file))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: got %v, want %s", tc.file, err, tc.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.config")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	extracttest.AddSeeds(f, func(rel string) bool {
		return strings.HasSuffix(rel, "packages.config") || strings.Contains(rel, "packagesconfig/testdata/") || strings.Contains(rel, "nuget/config/testdata/")
	})
	f.Add([]byte(`<packages><package id="A" version="1.0"/></packages>`))
	f.Add([]byte(`<packages><package id="A" version="1.0" id="B"/></packages>`))
	f.Add([]byte("\xFF\xFE<\x00p\x00/\x00>\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse("packages.config", data)
		if err != nil {
			if m != nil {
				t.Fatal("result with an error")
			}
			var e *extract.Error
			if !errors.As(err, &e) || e.Pos.Line == 0 {
				t.Fatalf("%v: not a located *extract.Error", err)
			}
			return
		}
		if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
			return // positions are in the decoded text
		}
		for _, r := range m.References {
			if off := offsetOf(data, r.At.Pos); off < 0 || data[off] != '<' {
				t.Fatalf("%s: At %v is not a '<'", r.Name, r.At.Pos)
			}
			// Without entities, the raw value at VersionAt is the version,
			// once XML's end-of-line handling (CR LF and CR read as LF) is
			// applied to it.
			if r.VersionAt.Line > 0 && !strings.Contains(string(data), "&") && utf8.Valid(data) {
				off := offsetOf(data, r.VersionAt.Pos)
				if off < 0 || !bytes.HasPrefix(xmlLines(bytes.TrimLeft(data[off:], " \t\r\n")), []byte(r.Version)) {
					t.Fatalf("%s: VersionAt %v does not point at %q", r.Name, r.VersionAt.Pos, r.Version)
				}
			}
		}
	})
}

// xmlLines applies XML's end-of-line handling: CR LF and a lone CR become LF.
func xmlLines(b []byte) []byte {
	return bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
}
