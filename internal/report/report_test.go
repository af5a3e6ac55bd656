package report

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

// goldenCases are the recorded scans the renderers replay: the examples
// (`affected scan examples --format json`), and stale (the projects of
// the CLI script scan_stale after `affected fix`, before restore, with one
// GHSA record imported: findings fixed in the files but not in the lock
// data, and one that a raised declaration still leaves open).
var goldenCases = []string{"examples", "stale"}

// Each renderer replays the recorded JSON of each case
// (testdata/CASE.json) and is compared with one golden file per format
// and language.
func TestGolden(t *testing.T) {
	for _, c := range goldenCases {
		testGolden(t, c)
	}
}

func testGolden(t *testing.T, c string) {
	data, err := os.ReadFile("testdata/" + c + ".json")
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "markdown", "sarif", "json"} {
		for _, lang := range i18n.Langs() {
			if format == "json" && lang != i18n.En {
				continue
			}
			name := format + "." + lang.String()
			t.Run(c+"."+name, func(t *testing.T) {
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
				golden := filepath.Join("testdata", c+"."+name+".golden")
				if *update {
					if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatal(err)
				}
				if lang == i18n.ZhTW && format != "sarif" {
					// Full-width punctuation next to Chinese text, also
					// where the report joins messages.
					if m := halfWidthByHan.FindString(buf.String()); m != "" {
						t.Errorf("half-width punctuation by Chinese text: %q", m)
					}
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
	for _, c := range goldenCases {
		data, err := os.ReadFile("testdata/" + c + ".json")
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
			t.Errorf("%s: round trip (-want +got)\n%s", c, d)
		}
	}
}

// TestSARIFSchema validates the SARIF output against the OASIS SARIF 2.1.0
// JSON schema (errata 01) that go-sarif embeds, in every language and with
// errors present.
func TestSARIFSchema(t *testing.T) {
	for _, c := range goldenCases {
		testSARIFSchema(t, c)
	}
}

func testSARIFSchema(t *testing.T, c string) {
	data, err := os.ReadFile("testdata/" + c + ".json")
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
		if n, want := len(rep.Runs[0].Results), len(doc.Findings)+len(doc.AwaitingRestore); n != want {
			t.Errorf("%s: %d results for %d findings", c, n, want)
		}
		if !strings.Contains(buf.String(), `"%SRCROOT%"`) {
			t.Error("locations are not relative to %SRCROOT%")
		}
		// Files could not be read: the run did not succeed (code scanning
		// shows the run as failed instead of as a clean one).
		if inv := rep.Runs[0].Invocations[0]; inv.ExecutionSuccessful == nil || *inv.ExecutionSuccessful {
			t.Errorf("%s: executionSuccessful is not false with %d errors", lang, len(doc.Errors))
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

// TestDatabase: every report says what it was checked against, and warns
// when that was only the built-in advisories or an old database.
func TestDatabase(t *testing.T) {
	now := time.Date(2026, 12, 20, 12, 0, 0, 0, time.UTC)
	week := 7 * 24 * time.Hour
	for _, tc := range []struct {
		name     string
		db       *Database
		line     string
		warnings []string
	}{
		{"builtin", NewDatabase("/db", 2, 0, time.Time{}, "", now, week),
			"checked against the 2 built-in advisories only (no database in /db)",
			[]string{"only the 2 built-in advisories were checked: run 'affected db update' to download osv.dev's NuGet advisories (offline: 'affected db import all.zip')"}},
		{"fresh", NewDatabase("/db", 2, 4321, now.Add(-30*time.Hour), "https://x/all.zip", now, week),
			"checked against 4,323 advisories (2 built-in) in /db, updated 2026-12-19 (1 day ago)", nil},
		{"stale", NewDatabase("/db", 2, 1, now.Add(-12*24*time.Hour), "", now, week),
			"checked against 3 advisories (2 built-in) in /db, updated 2026-12-08 (12 days ago)",
			[]string{"the advisory database was last updated 12 days ago (2026-12-08), more than 7 days: run 'affected db update'"}},
	} {
		if got := tc.db.Line(i18n.En); got != tc.line {
			t.Errorf("%s: line %q, want %q", tc.name, got, tc.line)
		}
		if d := cmp.Diff(tc.warnings, tc.db.Warnings(i18n.En)); d != "" {
			t.Errorf("%s: warnings (-want +got)\n%s", tc.name, d)
		}
	}

	// The text, Markdown and SARIF reports carry it.
	data, err := os.ReadFile("testdata/examples.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ReadJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	doc.Database = NewDatabase("/db", 2, 0, time.Time{}, "", now, week)
	doc.Warnings = doc.Database.Warnings(i18n.Ko)
	for _, f := range []func(io.Writer, *ScanDocument, i18n.Lang) error{WriteText, WriteMarkdown} {
		var buf bytes.Buffer
		if err := f(&buf, doc, i18n.Ko); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "내장 권고 2건만 확인함 (/db에 데이터베이스 없음)") {
			t.Errorf("no database line in\n%s", buf.String())
		}
	}
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, doc, i18n.Ko, "devel"); err != nil {
		t.Fatal(err)
	}
	rep, err := sarif.FromBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	inv := rep.Runs[0].Invocations[0]
	if len(inv.ToolConfigurationNotifications) != 1 || inv.ToolConfigurationNotifications[0].Message.Text == nil ||
		!strings.HasPrefix(*inv.ToolConfigurationNotifications[0].Message.Text, "내장 권고 2건만") {
		t.Errorf("SARIF notifications: %+v", inv.ToolConfigurationNotifications)
	}
	if rep.Runs[0].Properties == nil || rep.Runs[0].Properties.Properties["database"] == nil {
		t.Error("SARIF run has no database property")
	}
}

// TestTableWidth: columns line up on a terminal whatever the script: a
// Korean or Chinese header takes two columns a character.
func TestTableWidth(t *testing.T) {
	data, err := os.ReadFile("testdata/examples.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range i18n.Langs() {
		doc, err := ReadJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteTable(&buf, doc, lang); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(buf.String(), "\n")[:len(doc.Findings)+1]
		// Where each column starts, in display columns: after a run of
		// two spaces.
		starts := func(line string) []int {
			var out []int
			col, spaces := 0, 0
			for _, r := range line {
				if r == ' ' {
					spaces++
				} else {
					if spaces >= 2 {
						out = append(out, col)
					}
					spaces = 0
				}
				col += DisplayWidth(string(r))
			}
			return out
		}
		want := starts(lines[0])
		if len(want) != 7 {
			t.Fatalf("%s: header %q has %d column starts", lang, lines[0], len(want))
		}
		for _, l := range lines[1:] {
			if got := starts(l); !slices.Equal(got[:len(want)], want) {
				t.Errorf("%s: columns of %q start at %v, the header's at %v", lang, l, got, want)
			}
		}
	}
}

var halfWidthByHan = regexp.MustCompile(`\p{Han}[,;:!?]|[,;!?]\p{Han}`)
