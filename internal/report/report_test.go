package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

// Each renderer replays the recorded JSON of a scan of the examples
// (testdata/examples.json, written by `affected scan examples --format
// json`) and is compared with one golden file per format and language.
func TestGolden(t *testing.T) {
	data, err := os.ReadFile("testdata/examples.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "markdown", "sarif", "json"} {
		for _, lang := range i18n.Langs() {
			if format == "json" && lang != i18n.En {
				continue
			}
			name := format + "." + lang.String()
			t.Run(name, func(t *testing.T) {
				doc, err := ReadJSON(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				switch format {
				case "text":
					err = WriteText(&buf, doc, lang)
				case "markdown":
					err = WriteMarkdown(&buf, doc, lang)
				case "sarif":
					err = WriteSARIF(&buf, doc, lang, "1.0.0")
				case "json":
					err = WriteJSON(&buf, doc)
				}
				if err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", "examples."+name+".golden")
				if *update {
					if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(string(want), buf.String()); d != "" {
					t.Errorf("%s differs from %s (-want +got); run with -update after checking\n%s", name, golden, d)
				}
			})
		}
	}
}

// TestJSONRoundTrip: the JSON form is lossless.
func TestJSONRoundTrip(t *testing.T) {
	data, err := os.ReadFile("testdata/examples.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ReadJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, doc); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(data), buf.String()); d != "" {
		t.Errorf("round trip (-want +got)\n%s", d)
	}
}

// TestSARIFSchema validates the SARIF output against the OASIS SARIF 2.1.0
// JSON schema (errata 01) that go-sarif embeds, in every language and with
// errors present.
func TestSARIFSchema(t *testing.T) {
	data, err := os.ReadFile("testdata/examples.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range i18n.Langs() {
		doc, err := ReadJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		doc.Errors = append(doc.Errors, ErrorEntry{File: "broken/App.csproj", Line: 3, Column: 3, Message: "unexpected end tag </Project>"}, ErrorEntry{Message: "no file"})
		var buf bytes.Buffer
		if err := WriteSARIF(&buf, doc, lang, "devel"); err != nil {
			t.Fatal(err)
		}
		rep, err := sarif.FromBytes(buf.Bytes(), sarif.WithStrictValidation())
		if err != nil {
			t.Fatal(err)
		}
		if err := rep.Validate(); err != nil {
			t.Errorf("%s: SARIF does not validate: %v", lang, err)
		}
		if n := len(rep.Runs[0].Results); n != len(doc.Findings) {
			t.Errorf("%d results for %d findings", n, len(doc.Findings))
		}
		if !strings.Contains(buf.String(), `"%SRCROOT%"`) {
			t.Error("locations are not relative to %SRCROOT%")
		}
	}
}

func TestWrapWidth(t *testing.T) {
	got := wrapIndent("一個格式錯誤的 HTTP 要求就可能讓使用 Microsoft.AspNetCore.Mvc.Core 1.1.0 的應用程式停止回應。", "  ", 30)
	for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		w := 0
		for _, r := range line {
			w += runeWidth(r)
		}
		if w > 30 {
			t.Errorf("line %q is %d columns wide", line, w)
		}
	}
}
