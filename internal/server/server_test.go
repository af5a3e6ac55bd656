package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
	"github.com/affected-dev/affected/internal/report"
)

// findingsOf reads every finding of a source through the API, in the
// order the API gives (a scan report's order).
func (e *env) findingsOf(source, lang string) []report.Finding {
	e.t.Helper()
	var out []report.Finding
	for offset := 0; ; {
		var page struct {
			Findings []struct {
				Finding report.Finding `json:"finding"`
			} `json:"findings"`
			Total int `json:"total"`
		}
		e.get("/api/v1/findings?limit=1000&lang="+lang+"&source="+source+"&offset="+strconv.Itoa(offset), &page)
		for _, f := range page.Findings {
			out = append(out, f.Finding)
		}
		offset += len(page.Findings)
		if len(page.Findings) == 0 || offset >= page.Total {
			return out
		}
	}
}

// normalized encodes findings one per line, as the scan report's JSON
// encoder would: what "byte for byte after normalisation" compares.
func normalized(t testing.TB, fs []report.Finding) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, f := range fs {
		if err := enc.Encode(f); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

// TestUploadMatchesScan: the scans of examples/ and of the corpus,
// uploaded, give through the API the findings that `affected scan
// --format json` prints for the same files, byte for byte (after
// re-encoding both the same way), in English and Korean; uploading the
// same again changes nothing.
func TestUploadMatchesScan(t *testing.T) {
	e := newEnv(t)
	corpus := extracttest.Corpus(t)
	// The same advisories on both sides: the built-in ones and the
	// corpus's OSV records, in a local database and on the server.
	dbDir := t.TempDir()
	osvDir := filepath.Join(corpus, "advisories-osv")
	e.run(0, nil, "db", "import", "--db", dbDir, osvDir)
	tok := []string{"AFFECTED_TOKEN=" + e.admin}
	e.run(0, tok, "db", "import", "--server", e.base, osvDir)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	e.settle(ctx, nil)

	upload := e.token("upload")
	for _, c := range []struct {
		name, dir string
		exit      int
	}{
		{"examples", filepath.Join("..", "..", "examples"), 1},
		{"corpus", corpus, 2}, // the corpus has one malformed file
	} {
		for _, lang := range []string{"en", "ko"} {
			out, stderr := e.run(c.exit, []string{"AFFECTED_TOKEN=" + upload}, "scan", c.dir, "--format", "json", "--db", dbDir,
				"--lang", lang, "--upload", e.base, "--source", c.name)
			doc, err := report.ReadJSON(bytes.NewReader([]byte(out)))
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Findings) < 10 {
				t.Fatalf("%s: only %d findings: the comparison would prove little", c.name, len(doc.Findings))
			}
			got := e.findingsOf(c.name, lang)
			if d := cmp.Diff(string(normalized(t, doc.Findings)), string(normalized(t, got))); d != "" {
				t.Errorf("%s [%s]: findings (-scan +server)\n%s", c.name, lang, d)
			}
			t.Logf("%s [%s]: %d findings equal; %s", c.name, lang, len(got), stderr)
		}
		// The second upload (same content, other language) changed
		// nothing.
		var srcs struct {
			Sources []struct {
				Name     string
				Projects int
				Findings int
			}
		}
		e.get("/api/v1/sources", &srcs)
		found := false
		for _, s := range srcs.Sources {
			if s.Name == c.name {
				found = true
				if s.Projects < 5 {
					t.Errorf("%s: %d projects stored", c.name, s.Projects)
				}
			}
		}
		if !found {
			t.Errorf("source %s not listed: %+v", c.name, srcs)
		}
	}
}

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }
