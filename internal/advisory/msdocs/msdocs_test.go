package msdocs

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/advisory/builtin"
	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
)

// archive returns the directory of the archive in the shared corpus.
func archive(t testing.TB) string {
	return filepath.Join(extracttest.Corpus(t), "msdocs")
}

// read parses one document of the archive (rel below msdocs/), failing
// the test on an error.
func read(t *testing.T, rel string) *Document {
	t.Helper()
	p := filepath.Join(archive(t), filepath.FromSlash(rel))
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Parse(p, data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", rel, err)
	}
	return d
}

// both reads an asset in Korean and Traditional Chinese and merges them,
// as an import does.
func both(t *testing.T, rel string) *advisory.Advisory {
	t.Helper()
	ko := read(t, "ko-kr/security-updates/"+rel)
	zh := read(t, "zh-tw/security-updates/"+rel)
	for _, d := range []*Document{ko, zh} {
		for _, w := range d.Warnings {
			t.Errorf("%s: warning: %v", rel, w)
		}
	}
	if !Merge(ko.Advisory, zh.Advisory) {
		t.Errorf("%s: the Chinese document brought no language", rel)
	}
	return ko.Advisory
}

// TestSeedsAgreeWithBuiltins holds the built-in records to the documents
// they come from: importing 3109853 and 4010983 (Korean and Chinese,
// merged) gives the ids, dates, packages, versions, products and KBs of
// internal/advisory/builtin. The built-ins add what the documents do not
// say: texts written for affected, severity, the behaviour checked by the
// TLS probe, and for Windows 10 the cumulative updates that carry the fix
// (MS16-007, MS16-014).
func TestSeedsAgreeWithBuiltins(t *testing.T) {
	builtins := map[string]*advisory.Advisory{}
	for _, a := range builtin.Advisories() {
		builtins[a.ID] = a
	}
	for _, rel := range []string{"SecurityAdvisories/2016/3109853.md", "SecurityAdvisories/2017/4010983.md"} {
		doc := both(t, rel)
		b := builtins[doc.ID]
		if b == nil {
			t.Fatalf("%s: no built-in record %s", rel, doc.ID)
		}
		type facts struct {
			ID                 string
			Published          time.Time
			Modified           time.Time
			Revisions          []string
			Packages           []advisory.PackageExposure
			Products           []string
			KBs                []string
			DocumentKBsAliased bool
		}
		get := func(a *advisory.Advisory, doc *advisory.Advisory) facts {
			f := facts{ID: a.ID, Published: a.Published, Modified: a.Modified, DocumentKBsAliased: true}
			for _, r := range a.Revisions {
				// The summary in each language of the documents: merged
				// from the two translations, and the built-ins' own.
				ko, _ := r.SummaryIn(i18n.Ko)
				zh, _ := r.SummaryIn(i18n.ZhTW)
				f.Revisions = append(f.Revisions, r.Number+" "+r.Date.Format(time.DateOnly)+" ko: "+ko+" zh-TW: "+zh)
			}
			for _, p := range a.Packages {
				f.Packages = append(f.Packages, advisory.PackageExposure{Ecosystem: p.Ecosystem, Name: p.Name,
					Ranges: p.Ranges, Versions: p.Versions, Exact: p.Exact, Related: p.Related})
			}
			for _, p := range a.Platforms {
				f.Products = append(f.Products, p.ProductID)
				f.KBs = append(f.KBs, p.ProductID+" "+p.FixedBy)
			}
			sort.Strings(f.Products)
			sort.Strings(f.KBs)
			for _, al := range doc.Aliases {
				if strings.HasPrefix(al, "KB") && !a.Is(al) {
					f.DocumentKBsAliased = false
				}
			}
			return f
		}
		if diff := cmp.Diff(get(doc, doc), get(b, doc), cmp.AllowUnexported(advisory.PackageExposure{}, advisory.Range{}),
			cmp.FilterPath(func(p cmp.Path) bool {
				s := p.String()
				return strings.HasSuffix(s, "fixed") || strings.HasSuffix(s, "versions") || strings.HasSuffix(s, "compiled") || strings.HasSuffix(s, "sorted")
			}, cmp.Ignore())); diff != "" {
			t.Errorf("%s: document (-) and built-in (+) disagree:\n%s", doc.ID, diff)
		}
	}
}

// TestProductRowsMapped maps every product row of both languages'
// 3109853, 4010983 and bulletins of 2015–2017 to a canonical product id,
// and lists the rows it cannot map.
func TestProductRowsMapped(t *testing.T) {
	var files []string
	for _, lang := range []string{"ko-kr", "zh-tw"} {
		for _, y := range []string{"2015", "2016", "2017"} {
			m, _ := filepath.Glob(filepath.Join(archive(t), lang, "security-updates", "SecurityBulletins", y, "*.md"))
			files = append(files, m...)
		}
		files = append(files,
			filepath.Join(archive(t), lang, "security-updates/SecurityAdvisories/2016/3109853.md"),
			filepath.Join(archive(t), lang, "security-updates/SecurityAdvisories/2017/4010983.md"))
	}
	rows, docs := 0, 0
	var unmapped []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Parse(f, data)
		if err != nil {
			// The one bulletin of the archive whose front matter is
			// broken ("0---") is not read at all.
			if !strings.HasSuffix(filepath.ToSlash(f), "zh-tw/security-updates/SecurityBulletins/2015/ms15-019.md") {
				t.Errorf("%v", err)
			}
			continue
		}
		docs++
		for _, w := range d.Warnings {
			unmapped = append(unmapped, w.Error())
		}
		for _, p := range d.Advisory.Platforms {
			rows++
			if p.ProductID == "" {
				unmapped = append(unmapped, f+": "+p.Product)
			}
		}
	}
	t.Logf("%d documents, %d product rows", docs, rows)
	if rows < 10000 || docs < 600 {
		t.Errorf("only %d product rows in %d documents", rows, docs)
	}
	for _, u := range unmapped {
		t.Errorf("not mapped: %s", u)
	}
}

// TestMS16007 holds the bulletin's Windows 10 rows: the January 2016
// cumulative updates and the updates they replace.
func TestMS16007(t *testing.T) {
	a := both(t, "SecurityBulletins/2016/ms16-007.md")
	if a.ID != "MS16-007" || a.Severity != advisory.SeverityHigh || !a.Is("KB3124901") || !a.Is("CVE-2016-0019") {
		t.Errorf("MS16-007: id %s, severity %s, aliases %v", a.ID, a.Severity, a.Aliases)
	}
	got := map[string]string{}
	for _, p := range a.Platforms {
		if strings.HasPrefix(p.ProductID, "windows/10/") {
			got[p.ProductID] = p.FixedBy + " " + p.Update + " replaces " + strings.Join(p.Supersedes, ",")
		}
	}
	want := map[string]string{
		"windows/10/1507/x86": "KB3124266 cumulative replaces KB3116869",
		"windows/10/1507/x64": "KB3124266 cumulative replaces KB3116869",
		"windows/10/1511/x86": "KB3124263 cumulative replaces KB3116900",
		"windows/10/1511/x64": "KB3124263 cumulative replaces KB3116900",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Windows 10 rows (-want +got):\n%s", diff)
	}
	if a.Published.Format(time.DateOnly) != "2016-01-12" {
		t.Errorf("published %v: want the earliest of 2016년 1월 13일 and 2016 年 1 月 12 日", a.Published)
	}
}

// Test4021279 holds the package table: exact versions per release train
// and the fix of each train.
func Test4021279(t *testing.T) {
	a := both(t, "SecurityAdvisories/2017/4021279.md")
	if len(a.Texts) != 2 || a.Texts[0].Lang != "ko" || a.Texts[1].Lang != "zh-TW" {
		t.Fatalf("texts: %+v", a.Texts)
	}
	want := map[string][]string{
		"System.Text.Encodings.Web":                 {"4.0.0 4.0.1", "4.3.0 4.3.1"},
		"System.Net.Http":                           {"4.1.1 4.1.2", "4.3.1 4.3.2"},
		"System.Net.Http.WinHttpHandler":            {"4.0.1 4.0.2", "4.3.0 4.3.1"},
		"System.Net.Security":                       {"4.0.0 4.0.1", "4.3.0 4.3.1"},
		"System.Net.WebSockets.Client":              {"4.0.0 4.0.1", "4.3.0 4.3.1"},
		"Microsoft.AspNetCore.Mvc":                  {"1.0.0 1.0.4", "1.0.1 1.0.4", "1.0.2 1.0.4", "1.0.3 1.0.4", "1.1.0 1.1.3", "1.1.1 1.1.3", "1.1.2 1.1.3"},
		"Microsoft.AspNetCore.Mvc.WebApiCompatShim": {"1.0.0 1.0.4", "1.0.1 1.0.4", "1.0.2 1.0.4", "1.0.3 1.0.4", "1.1.0 1.1.3", "1.1.1 1.1.3", "1.1.2 1.1.3"},
	}
	got := map[string][]string{}
	for i := range a.Packages {
		p := &a.Packages[i]
		if _, ok := want[p.Name]; !ok {
			continue
		}
		for _, v := range p.Versions {
			f, ok := p.FixedFor(nuget.MustParseVersion(v))
			if !ok || !p.Affects(nuget.MustParseVersion(v)) {
				t.Errorf("%s %s: affected %v, fix %v", p.Name, v, p.Affects(nuget.MustParseVersion(v)), f)
			}
			got[p.Name] = append(got[p.Name], v+" "+f.String())
		}
		// Not affected: the fixes, later versions, and versions between
		// the listed ones that the table does not list.
		for _, v := range []string{"1.1.3", "4.3.1", "4.3.2", "4.2.0", "1.0.4-rtm"} {
			if p.Affects(nuget.MustParseVersion(v)) && !contains(p.Versions, v) {
				t.Errorf("%s %s is affected", p.Name, v)
			}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("versions and fixes (-want +got):\n%s", diff)
	}
	if len(a.Packages) != 19 {
		t.Errorf("%d packages, want 19", len(a.Packages))
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// TestIrregularRow blanks the package name of one row of the real Korean
// 4021279 document: the row's versions are never attached to another
// package, and the row is reported where it is.
func TestIrregularRow(t *testing.T) {
	p := filepath.Join(archive(t), "ko-kr/security-updates/SecurityAdvisories/2017/4021279.md")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	const name = "\nMicrosoft.AspNetCore.Mvc.Core\n"
	if strings.Count(string(data), name) != 1 {
		t.Fatalf("the document changed: %q appears %d times", name, strings.Count(string(data), name))
	}
	bad := []byte(strings.Replace(string(data), name, "\n\n", 1))
	d, err := Parse("4021279.md", bad)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Count(string(bad[:strings.Index(string(data), name)]), "\n") - 1 // the row's <tr>
	if len(d.Warnings) != 1 || !strings.HasPrefix(d.Warnings[0].Error(), "4021279.md:") || d.Warnings[0].Pos.Line < line-2 || d.Warnings[0].Pos.Line > line+2 {
		t.Fatalf("warnings %v, want one near line %d", d.Warnings, line)
	}
	if !errors.Is(d.Warnings[0], d.Warnings[0]) || d.Warnings[0].Localize(i18n.Ko) == d.Warnings[0].Error() {
		t.Errorf("warning not localized: %v", d.Warnings[0].Localize(i18n.Ko))
	}
	if len(d.Advisory.Packages) != 18 {
		t.Errorf("%d packages, want 18", len(d.Advisory.Packages))
	}
	for _, pk := range d.Advisory.Packages {
		if len(pk.Versions) > 7 || pk.Name == "" {
			t.Errorf("package %q has versions %v", pk.Name, pk.Versions)
		}
	}
}

// TestBadDocuments: a located, localized error and no record.
func TestBadDocuments(t *testing.T) {
	seed, err := os.ReadFile(filepath.Join(archive(t), "ko-kr/security-updates/SecurityBulletins/2016/ms16-007.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(seed)
	table := strings.Index(s, "<table")
	tests := []struct {
		name string
		data string
		want string // the error's text, after the file name
	}{
		{"no front matter", s[strings.Index(s, "\n---\n")+5:], `:3:1: no front matter`},
		{"front matter not closed", s[:strings.Index(s, "\n---\n")], `:1:1: front matter not closed`},
		{"no asset id", strings.Replace(s, "ms:assetid: 'ms16-007'\n", "", 1), `:2:1: front matter has no ms:assetid`},
		{"asset id", strings.Replace(s, "ms:assetid: 'ms16-007'", "ms:assetid: 'ms16-jan'", 1), `:4:1: ms:assetid "ms16-jan" is neither`},
		{"truncated in a table", s[:table+2000], `: table not closed`},
		{"table without a header", strings.Replace(strings.Replace(strings.Replace(s, "**운영 체제**", "운영 체제", 1), "[**DLL", "[DLL", 1), "**대체된 업데이트**", "**대체된 업데이트**\n잘못", 1), `: table of affected software has no header`},
		{"yaml", strings.Replace(s, "TOCTitle: 'MS16-007'", "TOCTitle: [", 1), `:2:1: front matter is not YAML`},
		{"empty", "", `:1:1: no front matter`},
	}
	for _, tt := range tests {
		d, err := Parse("bad.md", []byte(tt.data))
		var e *extract.Error
		if d != nil || !errors.As(err, &e) || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "bad.md:") {
			t.Errorf("%s: Parse = %v, %v; want an error with %q", tt.name, d, err, tt.want)
			continue
		}
		if e.Localize(i18n.Ko) == e.Localize(i18n.En) || e.Localize(i18n.ZhTW) == e.Localize(i18n.En) {
			t.Errorf("%s: not localized: %s", tt.name, e.Localize(i18n.Ko))
		}
	}
}

// TestArchive reads every document of the archive: the ones refused are
// the index pages, the 2018 documents without front matter and the one
// bulletin whose front matter is broken.
func TestArchive(t *testing.T) {
	var files []string
	err := filepath.WalkDir(archive(t), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	refused := regexp.MustCompile(`securityadvisories(2018)?\.md|2018/4092731\.md|2018/4338110\.md|zh-tw/security-updates/SecurityBulletins/2015/ms15-019\.md`)
	langs := map[string]int{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Parse(f, data)
		if want := refused.MatchString(filepath.ToSlash(f)); (err != nil) != want {
			t.Errorf("%s: error %v, want one: %v", f, err, want)
			continue
		}
		if err != nil {
			continue
		}
		a := d.Advisory
		langs[d.Lang]++
		if a.Published.IsZero() || len(a.Texts) != 1 || a.Texts[0].Title == "" || len(a.References) == 0 {
			t.Errorf("%s: published %v, texts %+v", f, a.Published, a.Texts)
		}
	}
	if langs["ko"] < 490 || langs["zh-TW"] < 490 || len(langs) != 2 {
		t.Errorf("documents by language: %v", langs)
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"게시된 날짜: 2017년 1월 27일":        "2017-01-27",
		"發行日期：2016 年 1 月 12 日":        "2016-01-12",
		"V1.0 (2016 年 1 月 12 日)：已發行":  "2016-01-12",
		"V1.0(2016년 1월 13일): 권고":      "2016-01-13",
		"Published: January 12, 2016": "2016-01-12",
		"05/27/2016":                  "2016-05-27",
		"2016-01-06 12:55-08:00":      "2016-01-06",
	} {
		d, ok := parseDate(in)
		if !ok || d.Format(time.DateOnly) != want {
			t.Errorf("parseDate(%q) = %v, %v; want %s", in, d, ok, want)
		}
	}
	for _, bad := range []string{"", "2016년 2월 30일", "버전 1.0", "13/45/2016"} {
		if d, ok := parseDate(bad); ok {
			t.Errorf("parseDate(%q) = %v", bad, d)
		}
	}
}

// FuzzParse: no panic; an error is located in the file; a record has an
// id and a text.
func FuzzParse(f *testing.F) {
	extracttest.AddSeeds(f, func(rel string) bool {
		return strings.HasPrefix(rel, "msdocs/") && strings.HasSuffix(rel, ".md")
	})
	f.Add([]byte("---\nms:assetid: 4010983\n---\nT\n=\n<table><tr><td>**패키지 이름**</td><td>**패키지 버전**</td></tr><tr><td></td><td>1.0</td></tr></table>\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse("f.md", data)
		if err != nil {
			var e *extract.Error
			if d != nil || !errors.As(err, &e) || e.File != "f.md" {
				t.Fatalf("Parse = %v, %v", d, err)
			}
			return
		}
		if d.Advisory.ID == "" || len(d.Advisory.Texts) != 1 {
			t.Fatalf("record %+v", d.Advisory)
		}
	})
}

// BenchmarkParseArchive parses every document of the archive (about 1,000,
// both languages) once per iteration, on one goroutine.
func BenchmarkParseArchive(b *testing.B) {
	var names []string
	var files [][]byte
	err := filepath.WalkDir(archive(b), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			data, err := os.ReadFile(p)
			names, files = append(names, p), append(files, data)
			return err
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		for i, data := range files {
			_, _ = Parse(names[i], data)
		}
	}
}

// TestInlineLinksAndNotes holds the hand-written link and footnote
// scanners to the regular expressions they replace, on the shapes of the
// archive's cells.
func TestInlineLinksAndNotes(t *testing.T) {
	for _, s := range []string{
		"[Windows 10(32비트 시스템용)](https://support.microsoft.com/ko-kr/kb/3124266)[3]\\[4\\]  \n(3124266)",
		"[**DLL 로드 권한 상승 취약성(CVE-2016-0014)(영문)**](https://www.cve.mitre.org/cgi-bin/cvename.cgi?name=cve-2016-0014)",
		"[MS13-062](https://technet.microsoft.com/ko-kr/security/bulletin/ms13-062)의 2849470",
		"[Windows 10 Version 1607(32비트 시스템용)\\[](https://support.microsoft.com/ko-kr/kb/3200970)",
		"see ![](../images/a.png) [ 2 ] [123] [x](y z)",
		"no links [here] (nor) there][",
	} {
		var l1, l2, n1, n2 []string
		got := replaceFootnotes(replaceLinks(s, &l1), &n1)
		want := mdLink.ReplaceAllStringFunc(s, func(m string) string {
			sm := mdLink.FindStringSubmatch(m)
			l2 = append(l2, sm[2])
			return sm[1]
		})
		want = mdFootnote.ReplaceAllStringFunc(want, func(m string) string {
			n2 = append(n2, mdFootnote.FindStringSubmatch(m)[1])
			return " "
		})
		if got != want || !cmp.Equal(l1, l2) || !cmp.Equal(n1, n2) {
			t.Errorf("%q:\n got %q %q %q\nwant %q %q %q", s, got, l1, n1, want, l2, n2)
		}
	}
	// Balanced parentheses in a target, where the expression stopped at
	// the first ')'.
	var links []string
	if got := replaceLinks("[this](https://technet.microsoft.com/ko-KR/library/advisory_(v=Security.10)).", &links); got != "this." || len(links) != 1 || links[0] != "https://technet.microsoft.com/ko-KR/library/advisory_(v=Security.10)" {
		t.Errorf("replaceLinks = %q, %q", got, links)
	}
}
