package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// run runs affected in-process and returns its exit code and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const testOSV = `{"id": "GHSA-cli-0001", "modified": "2024-01-01T00:00:00Z", "summary": "CLI test advisory", "aliases": ["CVE-2099-0001"],
 "affected": [{"package": {"ecosystem": "NuGet", "name": "Example.Package"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0.0"}]}]}],
 "database_specific": {"severity": "CRITICAL"}}`

// TestDBUpdate runs `affected db update` against a local HTTP server (never
// the internet): a good archive replaces the database, a hostile one is
// refused with exit code 2 and changes nothing.
func TestDBUpdate(t *testing.T) {
	archives := map[string][]byte{
		"/good/all.zip":    zipOf(t, map[string]string{"GHSA-cli-0001.json": testOSV}),
		"/hostile/all.zip": zipOf(t, map[string]string{"GHSA-cli-0002.json": strings.ReplaceAll(testOSV, "0001", "0002"), "../../escape.json": testOSV}),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := archives[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(body)
	}))
	defer srv.Close()
	root := t.TempDir()
	dir := filepath.Join(root, "db")

	code, out, errOut := run(t, "db", "update", "--db", dir, "--source", srv.URL+"/good/all.zip")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if want := "updated " + dir + ": 1 advisory (1 new, 0 replaced, 0 removed)\n"; out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
	if !strings.Contains(errOut, "affected: downloading "+srv.URL+"/good/all.zip into "+dir) {
		t.Errorf("stderr %q", errOut)
	}
	code, out, _ = run(t, "db", "show", "cve-2099-0001", "--db", dir)
	if code != 0 || !strings.Contains(out, "GHSA-cli-0001  CLI test advisory") || !strings.Contains(out, "Severity: critical") {
		t.Errorf("show: %d %s", code, out)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "CURRENT"))

	code, out, errOut = run(t, "db", "update", "--db", dir, "--source", srv.URL+"/hostile/all.zip", "--lang", "ko")
	if code != 2 || out != "" {
		t.Errorf("hostile: exit %d, stdout %q", code, out)
	}
	for _, want := range []string{
		"affected: 오류: all.zip!/../../escape.json: 안전하지 않은 항목 이름",
		"affected: 오류: 압축 파일 " + srv.URL + "/hostile/all.zip을 거부함 (문제 1개); 데이터베이스는 바뀌지 않았음",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	after, _ := os.ReadFile(filepath.Join(dir, "CURRENT"))
	if !bytes.Equal(before, after) {
		t.Error("a refused update changed the database")
	}
	if _, err := os.Stat(filepath.Join(root, "escape.json")); err == nil {
		t.Error("an entry escaped the database directory")
	}

	code, _, errOut = run(t, "db", "update", "--db", dir, "--source", srv.URL+"/missing/all.zip")
	if code != 2 || !strings.Contains(errOut, "the server answered 404 Not Found") {
		t.Errorf("404: exit %d %s", code, errOut)
	}
}

// TestDBImportZip imports a zip archive with a traversal entry: the entry
// is reported and skipped (exit 2), the good record is imported.
func TestDBImportZip(t *testing.T) {
	root := t.TempDir()
	zpath := filepath.Join(root, "advisories.zip")
	os.WriteFile(zpath, zipOf(t, map[string]string{
		"nuget/GHSA-cli-0001.json": testOSV,
		"/etc/evil.json":           testOSV,
		"nuget/bad.json":           "{\"id\": \"X\",\n \"modified\": 2024}",
	}), 0o644)
	dir := filepath.Join(root, "db")
	code, out, errOut := run(t, "db", "import", zpath, "--db", dir)
	if code != 2 {
		t.Errorf("exit %d", code)
	}
	for _, want := range []string{
		"affected: error: " + zpath + "!//etc/evil.json: unsafe entry name",
		"affected: error: " + zpath + "!/nuget/bad.json:2:14: modified: expected string, found number",
		"affected: warning: 2 inputs skipped; the others were imported",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if !strings.Contains(out, "1 new, 0 replaced") {
		t.Errorf("stdout %q", out)
	}
	code, out, _ = run(t, "db", "list", "--db", dir, "--format", "json")
	if code != 0 || !strings.Contains(out, `"id": "GHSA-cli-0001"`) {
		t.Errorf("list: %d %s", code, out)
	}
}

// TestScanStaleDatabase: a database last updated more than db.MaxAge ago
// gives a warning, and the JSON says so.
func TestScanStaleDatabase(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "db")
	osvFile := filepath.Join(root, "osv.json")
	if err := os.WriteFile(osvFile, []byte(testOSV), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := run(t, "db", "import", "--db", dir, osvFile); code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	// Age the database: its version's meta.json says when it was written.
	metas, _ := filepath.Glob(filepath.Join(dir, "v-*", "meta.json"))
	if len(metas) != 1 {
		t.Fatalf("meta files: %v", metas)
	}
	old := time.Now().Add(-10 * 24 * time.Hour).UTC()
	data, _ := os.ReadFile(metas[0])
	var meta map[string]any
	if err := json.Unmarshal(data, &meta); err != nil {
		t.Fatal(err)
	}
	meta["created"] = old.Format(time.RFC3339)
	data, _ = json.Marshal(meta)
	if err := os.WriteFile(metas[0], data, 0o644); err != nil {
		t.Fatal(err)
	}
	examples := filepath.Join("..", "..", "examples", "netfx")
	code, out, errOut := run(t, "scan", examples, "--db", dir)
	if code != 0 {
		t.Fatalf("scan: exit %d\n%s%s", code, out, errOut)
	}
	want := "affected: warning: the advisory database was last updated 10 days ago (" + old.Format("2006-01-02") + "), more than 7 days: run 'affected db update'\n"
	if errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	if !strings.Contains(out, "checked against 3 advisories (2 built-in) in "+dir+", updated "+old.Format("2006-01-02")+" (10 days ago)") {
		t.Errorf("stdout:\n%s", out)
	}
	_, out, _ = run(t, "scan", examples, "--db", dir, "--format", "json")
	if !strings.Contains(out, `"stale": true`) || !strings.Contains(out, `"age_days": 10`) {
		t.Errorf("JSON:\n%s", out)
	}
}
