package edit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/extract/msbuild"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

// TestOffset checks that Offset inverts extract.PosAt at every character
// boundary, with a BOM, CRLF and multi-byte characters.
func TestOffset(t *testing.T) {
	for _, data := range []string{
		"\uFEFF<a>\r\n  <b x=\"가나\">中文</b>\r\n</a>",
		"line1\nline2\n\nline4",
		"",
		"x",
	} {
		b := []byte(data)
		for off := 0; off <= len(b); off++ {
			if off < len(b) && b[off]&0xC0 == 0x80 {
				continue // inside a character
			}
			if strings.HasPrefix(data, "\uFEFF") && off > 0 && off < 3 {
				continue
			}
			pos := extract.PosAt(b, int64(off))
			got, ok := Offset(b, pos)
			want := off
			if strings.HasPrefix(data, "\uFEFF") && off == 0 {
				want = 3 // the BOM is not a character: line 1 column 1 is after it
			}
			if !ok || got != want {
				t.Errorf("%q: offset %d → %v → %d, %v", data, off, pos, got, ok)
			}
		}
	}
	if _, ok := Offset([]byte("ab\ncd"), extract.Pos{Line: 3, Col: 1}); ok {
		t.Error("line past the end accepted")
	}
	if _, ok := Offset([]byte("ab\ncd"), extract.Pos{Line: 1, Col: 5}); ok {
		t.Error("column past the line accepted")
	}
}

func TestUnifiedDiff(t *testing.T) {
	for _, name := range []string{"insert", "change", "noeol", "crlf", "far", "empty"} {
		t.Run(name, func(t *testing.T) {
			old := readTestdata(t, "diff/"+name+".old")
			new := readTestdata(t, "diff/"+name+".new")
			got := UnifiedDiff(name+".txt", old, new)
			extracttest.Golden(t, filepath.Join("testdata", "diff", name+".golden"), []byte(got))
			if old, new := string(old), string(new); old != new && !strings.HasPrefix(got, "--- a/") {
				t.Errorf("no diff header: %q", got)
			}
			if back := patch(t, string(old), got); back != string(new) {
				t.Errorf("applying the diff gives\n%q\nwant\n%q", back, new)
			}
		})
	}
	if d := UnifiedDiff("x", []byte("same\n"), []byte("same\n")); d != "" {
		t.Errorf("diff of equal files: %q", d)
	}
}

func readTestdata(t *testing.T, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// patch applies a unified diff to old, as patch(1) would, to check that
// the hunks say exactly what changed.
func patch(t *testing.T, old, diff string) string {
	t.Helper()
	if diff == "" {
		return old
	}
	a := splitLines([]byte(old))
	lines := strings.SplitAfter(diff, "\n")
	var out []string
	next := 0 // next line of a to copy
	for i := 2; i < len(lines); i++ {
		l := lines[i]
		if l == "" {
			continue
		}
		if strings.HasPrefix(l, "@@ ") {
			var as, al, bs, bl int
			parseHunk(t, l, &as, &al, &bs, &bl)
			start := as - 1
			if al == 0 {
				start = as
			}
			out = append(out, a[next:start]...)
			next = start
			continue
		}
		body := l[1:]
		if i+1 < len(lines) && strings.HasPrefix(lines[i+1], `\ No newline`) {
			body = strings.TrimSuffix(body, "\n")
			i++
		}
		switch l[0] {
		case ' ':
			out = append(out, body)
			next++
		case '-':
			next++
		case '+':
			out = append(out, body)
		}
	}
	out = append(out, a[next:]...)
	return strings.Join(out, "")
}

func parseHunk(t *testing.T, l string, as, al, bs, bl *int) {
	t.Helper()
	f := strings.Fields(l)
	rng := func(s string, start, n *int) {
		p := strings.SplitN(s[1:], ",", 2)
		*start = atoi(p[0])
		*n = 1
		if len(p) == 2 {
			*n = atoi(p[1])
		}
	}
	rng(f[1], as, al)
	rng(f[2], bs, bl)
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestFindPins(t *testing.T) {
	xml := "<Project>\r\n  <ItemGroup>\r\n    <!-- affected: pinned for GHSA-x, MSA-4010983 -->\r\n    <PackageReference Include=\"A\" Version=\"1.1.1\" />\r\n" +
		"    <PackageReference Include=\"B\" Version=\"1.0\" />\r\n    <!-- affected: pinned for MSA-1 -->\r\n    <PackageReference Include=\"C\" />\r\n  </ItemGroup>\r\n</Project>\r\n"
	doc, err := msbuild.Parse("p.csproj", []byte(xml))
	if err != nil {
		t.Fatal(err)
	}
	got := FindXMLPins(doc)
	want := []Pin{
		{Element: "PackageReference", Package: "A", Version: "1.1.1", Advisories: []string{"GHSA-x", "MSA-4010983"}, At: extract.Location{File: "p.csproj", Pos: extract.Pos{Line: 4, Col: 5}}},
		{Element: "PackageReference", Package: "C", Advisories: []string{"MSA-1"}, At: extract.Location{File: "p.csproj", Pos: extract.Pos{Line: 7, Col: 5}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("XML pins (-want +got):\n%s", diff)
	}
	js := "{\n  \"dependencies\": {\n    // affected: pinned for MSA-4010983\n    \"A\": \"1.1.1\",\n    \"B\": \"1.0\"\n  },\n" +
		"  \"frameworks\": { \"net451\": { \"dependencies\": { /* affected: pinned for MSA-2 */ \"C\": { \"version\": \"2.0\" } } } }\n}"
	jp, err := FindJSONPins("project.json", []byte(js))
	if err != nil {
		t.Fatal(err)
	}
	wantJ := []Pin{
		{Element: "dependency", Package: "A", Version: "1.1.1", Advisories: []string{"MSA-4010983"}, At: extract.Location{File: "project.json", Pos: extract.Pos{Line: 4, Col: 5}}},
		{Element: "dependency", Package: "C", Version: "2.0", Advisories: []string{"MSA-2"}, At: extract.Location{File: "project.json", Pos: extract.Pos{Line: 7, Col: 82}}},
	}
	if diff := cmp.Diff(wantJ, jp); diff != "" {
		t.Errorf("JSON pins (-want +got):\n%s", diff)
	}
	if PinComment([]string{"MSA-2", "GHSA-1"}) != "affected: pinned for GHSA-1, MSA-2" {
		t.Errorf("PinComment = %q", PinComment([]string{"MSA-2", "GHSA-1"}))
	}
}
