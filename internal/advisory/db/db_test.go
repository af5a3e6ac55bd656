package db

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
	"github.com/affected-dev/affected/internal/nuget"
)

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

func TestDir(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if d, _ := Dir("/flag", env(map[string]string{EnvVar: "/env"})); d != "/flag" {
		t.Errorf("flag: %s", d)
	}
	if d, _ := Dir("", env(map[string]string{EnvVar: "/env"})); d != "/env" {
		t.Errorf("env: %s", d)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Skip(err)
	}
	if d, _ := Dir("", env(nil)); d != filepath.Join(cache, "affected") {
		t.Errorf("default: %s", d)
	}
}

func ids(as []*advisory.Advisory) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

func TestEmpty(t *testing.T) {
	d, err := Open(filepath.Join(t.TempDir(), "missing"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if diff := cmp.Diff([]string{"MSA-4010983"}, ids(d.ForPackage("MICROSOFT.ASPNETCORE.MVC.CORE"))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := d.ForPackage("Newtonsoft.Json"); len(got) != 0 {
		t.Errorf("Newtonsoft.Json: %v", ids(got))
	}
	if a, ok := d.Get("kb3109853"); !ok || a.ID != "MSA-3109853" {
		t.Errorf("Get(kb3109853) = %v %v", a, ok)
	}
	all, err := d.All()
	if err != nil || len(all) != 2 {
		t.Errorf("All = %v, %v", ids(all), err)
	}
}

// importCorpus imports the 30 OSV records of the corpus and the test CSAF
// documents of the csaf package (English and Korean).
func importCorpus(t *testing.T, dir string) Report {
	t.Helper()
	osvDir := filepath.Join(extracttest.Corpus(t), "advisories-osv")
	rep, err := Import(dir, []string{osvDir, "../csaf/testdata/nuget-en.json", "../csaf/testdata/nuget-ko.json"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) != 0 {
		t.Fatalf("errors: %v", rep.Errors)
	}
	return rep
}

func TestImportCorpus(t *testing.T) {
	dir := t.TempDir()
	rep := importCorpus(t, dir)
	if rep.Read != 32 || len(rep.Added) != 31 || rep.Total != 31 || len(rep.Replaced) != 0 {
		t.Errorf("report: read %d added %d replaced %d total %d", rep.Read, len(rep.Added), len(rep.Replaced), rep.Total)
	}
	d, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	// Every advisory naming Microsoft.AspNetCore.Mvc.Core, and which of
	// them cover 1.1.0.
	var cover []string
	got := d.ForPackage("microsoft.aspnetcore.mvc.core")
	for _, a := range got {
		for _, p := range a.Packages {
			if p.Ecosystem == "NuGet" && nuget.EqualID(p.Name, "Microsoft.AspNetCore.Mvc.Core") && p.Affects(nuget.MustParseVersion("1.1.0")) {
				cover = append(cover, a.ID)
			}
		}
	}
	want := []string{"MSA-4010983", "GHSA-3rp6-rjw4-cq39", "GHSA-6xh7-4v2w-36q6", "GHSA-ch6p-4jcm-h8vh", "GHSA-j8f4-2w4p-mhjc", "GHSA-qhqf-ghgh-x2m4", "TEST-CSAF-2017-0001"}
	if diff := cmp.Diff(want, cover); diff != "" {
		t.Errorf("advisories covering Mvc.Core 1.1.0 (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(append(want[:2:2], "GHSA-3wcj-rg8q-9cqv", "GHSA-6xh7-4v2w-36q6", "GHSA-ch6p-4jcm-h8vh", "GHSA-j8f4-2w4p-mhjc", "GHSA-qhqf-ghgh-x2m4", "TEST-CSAF-2017-0001"), ids(got)); diff != "" {
		t.Errorf("ForPackage(Mvc.Core) (-want +got):\n%s", diff)
	}
	// Records are decoded once and shared.
	if again := d.ForPackage("Microsoft.AspNetCore.Mvc.Core"); again[1] != got[1] {
		t.Error("record decoded twice")
	}
	// Non-NuGet packages are not indexed.
	if got := d.ForPackage("azure-identity"); len(got) != 0 {
		t.Errorf("azure-identity: %v", ids(got))
	}
	if got := ids(d.ForPackage("Azure.Identity")); !contains(got, "GHSA-m5vv-6r4h-3vj9") {
		t.Errorf("Azure.Identity: %v", got)
	}
	// By id or alias.
	if a, ok := d.Get("cve-2017-8700"); !ok || a.ID != "GHSA-3rp6-rjw4-cq39" {
		t.Errorf("Get(CVE-2017-8700) = %v", a)
	}
	a, ok := d.Get("TEST-CSAF-2017-0001")
	if !ok {
		t.Fatal("CSAF advisory missing")
	}
	if _, ok := a.TextIn(i18n.Ko); !ok || len(a.Texts) != 2 {
		t.Errorf("CSAF texts %+v", a.Texts)
	}
	if _, ok := d.Get("GHSA-0000-0000-0000"); ok {
		t.Error("found a missing id")
	}
	all, err := d.All()
	if err != nil || len(all) != 33 {
		t.Errorf("All: %d, %v", len(all), err)
	}
	if d.Err() != nil {
		t.Error(d.Err())
	}
	if m := d.Meta(); m.Records != 31 || len(m.Imported) != 31 || m.Format != Format {
		t.Errorf("meta %+v", m)
	}

	// Importing again replaces; only one version directory is left.
	rep2, err := Import(dir, []string{filepath.Join(extracttest.Corpus(t), "advisories-osv", "GHSA-3rp6-rjw4-cq39.json")})
	if err != nil || len(rep2.Replaced) != 1 || rep2.Total != 31 {
		t.Errorf("re-import: %+v %v", rep2, err)
	}
	if vs := versions(t, dir); len(vs) != 1 {
		t.Errorf("version directories: %v", vs)
	}
	// The open DB still reads the version it opened.
	if got := d.ForPackage("System.Net.Http"); len(got) == 0 || d.Err() != nil {
		t.Errorf("old handle: %v %v", ids(got), d.Err())
	}
}

func versions(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		if e.IsDir() && strings.HasPrefix(e.Name(), versionPref) {
			out = append(out, e.Name())
		}
	}
	return out
}

// TestImportLanguagesSeparately imports the English CSAF document, then
// the Korean one: the second is merged into the stored record.
func TestImportLanguagesSeparately(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"nuget-en.json", "nuget-ko.json"} {
		if _, err := Import(dir, []string{"../csaf/testdata/" + f}); err != nil {
			t.Fatal(err)
		}
	}
	d := open(t, dir)
	a, _ := d.Get("TEST-CSAF-2017-0001")
	if a == nil || len(a.Texts) != 2 {
		t.Fatalf("texts: %+v", a)
	}
	// The same language again replaces the record.
	rep, err := Import(dir, []string{"../csaf/testdata/nuget-ko.json"})
	if err != nil || len(rep.Replaced) != 1 {
		t.Fatal(rep, err)
	}
	if a, _ := open(t, dir).Get("TEST-CSAF-2017-0001"); len(a.Texts) != 1 || a.Texts[0].Lang != "ko" {
		t.Errorf("texts after re-import: %+v", a.Texts)
	}
}

func open(t *testing.T, dir string) *DB {
	t.Helper()
	d, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

const goodOSV = `{"id": "GHSA-test-0001", "modified": "2024-01-01T00:00:00Z", "summary": "test",
 "affected": [{"package": {"ecosystem": "NuGet", "name": "Example.Package"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0.0"}]}]}]}`

func osvRecord(id, pkg string) string {
	return strings.NewReplacer("GHSA-test-0001", id, "Example.Package", pkg).Replace(goodOSV)
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func errorTexts(errs []error) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	sort.Strings(out)
	return out
}

// TestImportErrors: a malformed file is reported with its position and
// skipped; the other files are imported.
func TestImportErrors(t *testing.T) {
	in := t.TempDir()
	writeFiles(t, in, map[string]string{
		"good.json":     goodOSV,
		"bad.json":      "{\"id\": \"GHSA-bad\",\n \"aliases\": 5}",
		"syntax.json":   "{\n  \"id\": \"X\",,\n}",
		"other.json":    `{"name": "not an advisory"}`,
		"dup/copy.json": goodOSV,
		"builtin.json":  osvRecord("MSA-4010983", "X"),
		"README.md":     "ignored",
		"sub/more.json": osvRecord("GHSA-test-0002", "Other.Package"),
		"csaf-bad.json": `{"document": {"csaf_version": "2.0"}}`,
	})
	dir := filepath.Join(t.TempDir(), "db")
	rep, err := Import(dir, []string{in, filepath.Join(in, "missing.json")})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		in + "/bad.json:2:13: aliases: expected array, found number",
		in + "/builtin.json: MSA-4010983 is a built-in advisory and cannot be replaced; skipped",
		in + `/csaf-bad.json:1:14: CSAF document: missing "category"`,
		in + "/dup/copy.json: advisory GHSA-test-0001 was already read from " + in + "/dup/copy.json; skipped",
		in + "/missing.json: cannot read: stat " + in + "/missing.json: no such file or directory",
		in + "/other.json:1:1: neither an OSV record nor a CSAF 2.0 document",
		in + "/syntax.json:2:13: invalid JSON: invalid character ',' looking for beginning of object key string",
	}
	got := errorTexts(rep.Errors)
	// Walk order: dup/copy.json comes before good.json.
	want[3] = in + "/good.json: advisory GHSA-test-0001 was already read from " + in + "/dup/copy.json; skipped"
	sort.Strings(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	for _, e := range rep.Errors {
		var xe *extract.Error
		if !errors.As(e, &xe) {
			t.Errorf("%v is not an *extract.Error", e)
		}
	}
	if diff := cmp.Diff([]string{"GHSA-test-0001", "GHSA-test-0002"}, rep.Added); diff != "" {
		t.Errorf("added (-want +got):\n%s", diff)
	}
	d := open(t, dir)
	if got := ids(d.ForPackage("example.package")); !cmp.Equal(got, []string{"GHSA-test-0001"}) {
		t.Errorf("ForPackage: %v", got)
	}

	// Nothing importable: an error, and no database.
	empty := filepath.Join(t.TempDir(), "db")
	writeFiles(t, in+"2", map[string]string{"a.txt": "x"})
	if _, err := Import(empty, []string{in + "2"}); err == nil {
		t.Error("no error for an empty import")
	}
	if _, err := os.Stat(empty); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("database created: %v", err)
	}
}

type entry struct {
	name, body string
	mode       fs.FileMode
	lieSize    bool // header says 1 byte
}

func buildZip(t *testing.T, entries []entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		if e.lieSize {
			// Write the compressed data by hand under a header that lies.
			var comp bytes.Buffer
			cw := zip.NewWriter(&comp)
			w, _ := cw.CreateHeader(&zip.FileHeader{Name: "x", Method: zip.Deflate})
			w.Write([]byte(e.body))
			cw.Close()
			r, _ := zip.NewReader(bytes.NewReader(comp.Bytes()), int64(comp.Len()))
			raw, _ := r.File[0].OpenRaw()
			h.CRC32 = r.File[0].CRC32
			h.CompressedSize64 = r.File[0].CompressedSize64
			h.UncompressedSize64 = 1
			w2, err := zw.CreateRaw(h)
			if err != nil {
				t.Fatal(err)
			}
			var rawb bytes.Buffer
			rawb.ReadFrom(raw)
			w2.Write(rawb.Bytes())
			continue
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestHostileZip imports an archive with path traversal, absolute names,
// a symbolic link, oversized entries (honest and lying headers) and a
// malformed record: each is reported and skipped, the good record is
// imported, and nothing is written outside the database directory.
func TestHostileZip(t *testing.T) {
	root := t.TempDir()
	big := strings.Repeat(" ", 2<<20) + goodOSV
	z := buildZip(t, []entry{
		{name: "good.json", body: goodOSV},
		{name: "../evil.json", body: osvRecord("GHSA-evil-0001", "Evil")},
		{name: "/abs.json", body: osvRecord("GHSA-evil-0002", "Evil")},
		{name: `..\win.json`, body: osvRecord("GHSA-evil-0003", "Evil")},
		{name: "C:/drive.json", body: osvRecord("GHSA-evil-0004", "Evil")},
		{name: "link.json", body: "/etc/passwd", mode: fs.ModeSymlink | 0o777},
		{name: "big.json", body: big},
		{name: "liar.json", body: big, lieSize: true},
		{name: "dir/", body: ""},
		{name: "dir/bad.json", body: "{\"id\": \"X\", \"affected\": [\n{\"package\": 1}]}"},
		{name: "notes.txt", body: "ignored"},
	})
	zpath := filepath.Join(root, "in", "hostile.zip")
	writeFiles(t, root, map[string]string{"in/hostile.zip": string(z)})
	dir := filepath.Join(root, "db")
	lim := DefaultLimits
	lim.File = 1 << 20
	rep, err := importPaths(dir, []string{zpath}, lim)
	if err != nil {
		t.Fatal(err)
	}
	got := errorTexts(rep.Errors)
	want := []string{
		zpath + "!//abs.json: unsafe entry name (absolute, or with .. or a backslash); skipped",
		zpath + "!/../evil.json: unsafe entry name (absolute, or with .. or a backslash); skipped",
		zpath + "!/..\\win.json: unsafe entry name (absolute, or with .. or a backslash); skipped",
		zpath + "!/C:/drive.json: unsafe entry name (absolute, or with .. or a backslash); skipped",
		zpath + "!/big.json: larger than the 1 MiB limit once decompressed; skipped",
		zpath + "!/dir/bad.json:2:13: affected.package: expected object, found number",
		zpath + "!/liar.json: cannot decompress: zip: not a valid zip file",
		zpath + "!/link.json: symbolic link in the archive; skipped",
	}
	sort.Strings(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"GHSA-test-0001"}, rep.Added); diff != "" {
		t.Errorf("added (-want +got):\n%s", diff)
	}
	// Nothing outside the database directory: root holds only in/ and db/.
	var outside []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if rel, _ := filepath.Rel(root, p); rel != "." && !strings.HasPrefix(rel, "db") && !strings.HasPrefix(rel, "in") {
			outside = append(outside, rel)
		}
		return nil
	})
	if len(outside) > 0 {
		t.Errorf("written outside the database: %v", outside)
	}
	if entries, _ := os.ReadDir(filepath.Join(root, "in")); len(entries) != 1 {
		t.Errorf("in/ changed: %v", entries)
	}

	// The limit on the whole archive stops reading it.
	lim.Total = 100
	rep, _ = importPaths(filepath.Join(root, "db2"), []string{zpath}, lim)
	if got := errorTexts(rep.Errors); !strings.Contains(strings.Join(got, "\n"), "hostile.zip: the archive is larger than") {
		t.Errorf("total limit: %v", got)
	}
	lim = DefaultLimits
	lim.Entries = 3
	rep, _ = importPaths(filepath.Join(root, "db3"), []string{zpath}, lim)
	if got := errorTexts(rep.Errors); len(got) != 1 || !strings.Contains(got[0], "11 entries, more than the limit of 3") {
		t.Errorf("entries limit: %v", got)
	}
}

func serve(t *testing.T, body []byte, status int) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestUpdate(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "db")
	// An imported record, kept by updates.
	if _, err := Import(dir, []string{"../csaf/testdata/nuget-en.json"}); err != nil {
		t.Fatal(err)
	}
	// A good archive: the corpus records.
	var entries []entry
	osvDir := filepath.Join(extracttest.Corpus(t), "advisories-osv")
	files, _ := filepath.Glob(filepath.Join(osvDir, "*.json"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, entry{name: filepath.Base(f), body: string(data)})
	}
	srv := serve(t, buildZip(t, entries), 200)
	rep, err := Update(ctx, dir, srv.URL+"/NuGet/all.zip", srv.Client())
	if err != nil {
		t.Fatalf("%v %v", err, rep.Errors)
	}
	if rep.Read != 30 || len(rep.Added) != 30 || rep.Total != 31 || len(rep.Removed) != 0 {
		t.Errorf("report %+v", rep)
	}
	d := open(t, dir)
	if got := ids(d.ForPackage("Microsoft.AspNetCore.Mvc.Core")); len(got) != 8 || got[7] != "TEST-CSAF-2017-0001" {
		t.Errorf("ForPackage after update: %v", got)
	}
	if m := d.Meta(); m.Source != srv.URL+"/NuGet/all.zip" || m.Updated == "" || !cmp.Equal(m.Imported, []string{"TEST-CSAF-2017-0001"}) {
		t.Errorf("meta %+v", m)
	}
	snapshot := dirState(t, dir)

	// A smaller archive: records it no longer has are removed.
	srv2 := serve(t, buildZip(t, entries[:2]), 200)
	rep, err = Update(ctx, dir, srv2.URL+"/all.zip", nil)
	if err != nil || len(rep.Replaced) != 2 || len(rep.Removed) != 28 || rep.Total != 3 {
		t.Errorf("second update: %v, %+v", err, rep)
	}
	snapshot = dirState(t, dir)

	// Rejected archives leave the database exactly as it was.
	for _, tc := range []struct {
		name   string
		body   []byte
		status int
		want   string
	}{
		{"hostile", buildZip(t, []entry{{name: "good.json", body: goodOSV}, {name: "../../evil.json", body: goodOSV}}), 200, "!/../../evil.json: unsafe entry name"},
		{"malformed entry", buildZip(t, []entry{{name: "good.json", body: goodOSV}, {name: "bad.json", body: "{\"id\": \"X\",\n\"published\": 1}"}}), 200, "all.zip!/bad.json:2:14: published: expected string, found number"},
		{"duplicate ids", buildZip(t, []entry{{name: "a.json", body: goodOSV}, {name: "b.json", body: goodOSV}}), 200, "all.zip!/b.json: advisory GHSA-test-0001 was already read from all.zip!/a.json"},
		{"not json", buildZip(t, []entry{{name: "a.json", body: goodOSV}, {name: "b.txt", body: "x"}}), 200, "all.zip!/b.txt: not a .json entry"},
		{"csaf entry", buildZip(t, []entry{{name: "a.json", body: `{"document": {"csaf_version": "2.0"}}`}}), 200, `all.zip!/a.json:1:1: OSV record: missing "id"`},
		{"empty", buildZip(t, nil), 200, "has no advisory"},
		{"not a zip", []byte("<html>"), 200, "all.zip: not a zip archive"},
		{"404", []byte("no"), 404, "the server answered 404 Not Found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := serve(t, tc.body, tc.status)
			rep, err := Update(ctx, dir, srv.URL+"/all.zip", srv.Client())
			if err == nil {
				t.Fatal("no error")
			}
			if tc.status == 200 && tc.name != "not a zip" && !errors.Is(err, ErrRejected) {
				t.Errorf("%v is not ErrRejected", err)
			}
			all := err.Error() + "\n" + strings.Join(errorTexts(rep.Errors), "\n")
			if !strings.Contains(all, tc.want) {
				t.Errorf("got %s\nwant %s", all, tc.want)
			}
			if diff := cmp.Diff(snapshot, dirState(t, dir)); diff != "" {
				t.Errorf("database changed (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := Update(ctx, dir, "ftp://example.com/all.zip", nil); err == nil {
		t.Error("ftp accepted")
	}
	// A download over the limit.
	srv3 := serve(t, bytes.Repeat([]byte("x"), 2048), 200)
	lim := DefaultLimits
	lim.Archive = 1024
	if _, err := update(ctx, dir, srv3.URL+"/all.zip", nil, lim); err == nil || !strings.Contains(err.Error(), "larger than the 0 MiB limit") {
		t.Errorf("oversized download: %v", err)
	}
	// A cancelled context stops the download.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Update(cctx, dir, srv.URL+"/all.zip", nil); err == nil {
		t.Error("cancelled update succeeded")
	}
	if diff := cmp.Diff(snapshot, dirState(t, dir)); diff != "" {
		t.Errorf("database changed (-want +got):\n%s", diff)
	}
}

// dirState is the names and contents of the files under dir.
func dirState(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return out
}

// TestCrash: whatever a writer left behind when it stopped, a reader sees
// a complete database, and the next writer cleans up.
func TestCrash(t *testing.T) {
	dir := t.TempDir()
	if _, err := Import(dir, []string{"../csaf/testdata/nuget-en.json"}); err != nil {
		t.Fatal(err)
	}
	// A crash while writing a new version: a half-written version
	// directory and a temporary pointer file.
	half := filepath.Join(dir, "v-20990101T000000Z-1")
	writeFiles(t, dir, map[string]string{
		"v-20990101T000000Z-1/records.jsonl": "{\"id\": \"HALF",
		".CURRENT.tmp-123":                   "affected-db 1 v-20990101T000000Z-1\n",
	})
	d := open(t, dir)
	if got := ids(d.ForPackage("Microsoft.AspNetCore.Mvc")); !cmp.Equal(got, []string{"TEST-CSAF-2017-0001"}) {
		t.Errorf("after a crash: %v", got)
	}
	if _, err := Import(dir, []string{"../csaf/testdata/lines.json"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(half); !errors.Is(err, fs.ErrNotExist) {
		t.Error("half-written version not cleaned up")
	}
	if _, err := os.Stat(filepath.Join(dir, ".CURRENT.tmp-123")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("temporary pointer not cleaned up")
	}
	if got := ids(open(t, dir).ForPackage("example.lib")); !cmp.Equal(got, []string{"TEST-CSAF-LINES"}) {
		t.Errorf("after the next import: %v", got)
	}
}

func TestDamaged(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(dir, version string)
		open  string // error of Open
		later string // error of Err after ForPackage
	}{
		{"pointer outside", func(dir, v string) {
			os.WriteFile(filepath.Join(dir, pointerFile), []byte("affected-db 1 ../../etc\n"), 0o644)
		}, "CURRENT does not name a database version", ""},
		{"future format", func(dir, v string) {
			os.WriteFile(filepath.Join(dir, pointerFile), []byte("affected-db 9 "+v+"\n"), 0o644)
		}, "format 9 is not supported", ""},
		{"missing version", func(dir, v string) { os.RemoveAll(filepath.Join(dir, v)) }, "no such file", ""},
		{"index cut short", func(dir, v string) {
			p := filepath.Join(dir, v, packagesFile)
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)-3], 0o644)
		}, "an index file is not in the expected form", ""},
		{"records cut short", func(dir, v string) {
			p := filepath.Join(dir, v, recordsFile)
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)/2], 0o644)
		}, "", "is damaged"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := Import(dir, []string{"../csaf/testdata/nuget-en.json", "../csaf/testdata/lines.json"}); err != nil {
				t.Fatal(err)
			}
			tc.edit(dir, versions(t, dir)[0])
			d, err := Open(dir)
			if tc.open != "" {
				if err == nil || !strings.Contains(err.Error(), tc.open) {
					t.Fatalf("Open: %v, want %q", err, tc.open)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			d.ForPackage("Microsoft.AspNetCore.Mvc")
			d.ForPackage("Example.Lib")
			if err := d.Err(); err == nil || !strings.Contains(err.Error(), tc.later) {
				t.Errorf("Err: %v, want %q", err, tc.later)
			}
			if _, err := d.All(); err == nil {
				t.Error("All read a damaged database")
			}
			// Matching's records, decoded as far as it reads them, too.
			d2, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer d2.Close()
			d2.ForPackageMatch("Microsoft.AspNetCore.Mvc")
			d2.ForPackageMatch("Example.Lib")
			if err := d2.Err(); err == nil || !strings.Contains(err.Error(), tc.later) {
				t.Errorf("Err after ForPackageMatch: %v, want %q", err, tc.later)
			}
		})
	}
}

func TestLock(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{lockFile: "123 2024-01-01T00:00:00Z\n"})
	_, err := Import(dir, []string{"../csaf/testdata/nuget-en.json"})
	if err == nil || !strings.Contains(err.Error(), "being written by another affected") {
		t.Fatalf("fresh lock: %v", err)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(dir, lockFile), old, old)
	if _, err := Import(dir, []string{"../csaf/testdata/nuget-en.json"}); err != nil {
		t.Fatalf("stale lock: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, lockFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Error("lock left behind")
	}
}

func TestConcurrentReaders(t *testing.T) {
	dir := t.TempDir()
	importCorpus(t, dir)
	d := open(t, dir)
	done := make(chan []*advisory.Advisory)
	for range 8 {
		go func() { done <- d.ForPackage("Microsoft.AspNetCore.Mvc.Core") }()
	}
	first := <-done
	for range 7 {
		got := <-done
		for i := range got {
			if got[i] != first[i] {
				t.Fatal("readers got different pointers for one record")
			}
		}
	}
}

// BenchmarkOpenForPackage measures what a scan pays for the database: open
// a database of 5,000 generated records (3 packages each among 2,000
// package names, so a known package has 7.5 advisories; ~1.7 KB of JSON a
// record) and look up 300 packages, of which 0, 30 or 100 have advisories.
func BenchmarkOpenForPackage(b *testing.B) {
	dir := b.TempDir()
	var recs []*advisory.Advisory
	for i := range 5000 {
		a := &advisory.Advisory{
			ID: fmt.Sprintf("GHSA-gen-%04d", i), Aliases: []string{fmt.Sprintf("CVE-2024-%05d", i)}, Source: "osv",
			Severity:   advisory.SeverityHigh,
			Texts:      []advisory.Text{{Lang: "en", Title: "Generated advisory", Summary: strings.Repeat("Details of the vulnerability. ", 40)}},
			References: []advisory.Ref{{Type: "ADVISORY", URL: "https://example.com/" + fmt.Sprint(i)}},
		}
		for k := range 3 {
			a.Packages = append(a.Packages, advisory.PackageExposure{
				Ecosystem: "NuGet", Name: fmt.Sprintf("Generated.Package%04d", (i*7+k*13)%2000),
				Ranges: []advisory.Range{{Type: "ECOSYSTEM", Events: []advisory.Event{{Introduced: "1.0.0"}, {Fixed: "1.0.6"}}},
					{Type: "ECOSYSTEM", Events: []advisory.Event{{Introduced: "2.0.0"}, {Fixed: "2.1.3"}}}},
			})
		}
		recs = append(recs, a)
	}
	if err := write(dir, recs, Meta{}); err != nil {
		b.Fatal(err)
	}
	builtins() // decoded once per process, as in a scan
	for _, known := range []int{0, 30, 100} {
		var names []string
		for i := range 300 {
			if i < known {
				names = append(names, fmt.Sprintf("generated.package%04d", i*19))
			} else {
				names = append(names, fmt.Sprintf("Some.Other.Package%d", i))
			}
		}
		b.Run(fmt.Sprintf("known=%d", known), func(b *testing.B) {
			found := 0
			for b.Loop() {
				d, err := Open(dir)
				if err != nil {
					b.Fatal(err)
				}
				seen := map[*advisory.Advisory]bool{}
				for _, n := range names {
					for _, a := range d.ForPackage(n) {
						seen[a] = true
					}
				}
				found = len(seen)
				d.Close()
			}
			b.ReportMetric(float64(found), "records")
		})
	}
}

// FuzzIndex: a damaged index never panics a reader.
func FuzzIndex(f *testing.F) {
	f.Add([]byte("affected-db-packages 1\na\t0+10\nb\t10+5,20+3\n"), "a")
	f.Add([]byte("affected-db-packages 1\n\n\t\nb\t-1+x\n"), "b")
	f.Fuzz(func(t *testing.T, data []byte, key string) {
		ix, err := parseIndex(data, packagesMagic)
		if err != nil {
			return
		}
		for i := range ix.lines {
			ix.key(i)
		}
		if spans, ok := ix.lookup(key); ok && len(spans) == 0 {
			t.Fatal("found without spans")
		}
	})
}
