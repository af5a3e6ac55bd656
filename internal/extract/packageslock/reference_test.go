package packageslock

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/extract/reference"
)

// The fast parser is held to the first implementation of Parse (package
// reference), which walked the file with encoding/json's Decoder after a
// json.Valid pass: result for result, error for error.

// referenceParse is the reference implementation of Parse.
func referenceParse(file string, data []byte) (*extract.Lock, error) {
	return reference.PackagesLock(file, data, MsgNotObject)
}

// sameAsReference parses data with Parse and with referenceParse and
// reports any difference: in the result, or in the error's text and
// position.
func sameAsReference(t *testing.T, name string, data []byte) {
	t.Helper()
	got, gotErr := Parse("f", data)
	want, wantErr := referenceParse("f", data)
	switch {
	case (gotErr == nil) != (wantErr == nil):
		t.Errorf("%s: error %v, reference %v", name, gotErr, wantErr)
	case gotErr != nil:
		if gotErr.Error() != wantErr.Error() {
			t.Errorf("%s:\n got %v\nwant %v", name, gotErr, wantErr)
		}
	default:
		if diff := cmp.Diff(want, got, extracttest.LockData); diff != "" {
			t.Errorf("%s: (-reference +fast):\n%s", name, diff)
		}
		got.Release() // the next Parse reuses its memory: it must not show
	}
}

// referenceCases are inputs where encoding/json's rules are easy to miss.
var referenceCases = []string{
	`{"version": 1, "dependencies": {"net8.0": {"A": {"Type": "Direct", "REQUESTED": "[1.0, )", "Resolved": "1.0", "Dependencies": {"B": "1.0"}}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"reſolved": "1.0", "type": "Project"}}}}`, // ſ folds to s
	`{"version": 1, "dependencies": {"net8.0": {"A": {"resolved": "1.0", "resolved": null}}}}`,  // null keeps the value
	`{"version": 1, "dependencies": {"net8.0": {"A": {"resolved": null, "resolved": "2.0"}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"dependencies": {"B": "1", "C": "2"}, "dependencies": {"B": "3"}}}}}`, // maps merge
	`{"version": 1, "dependencies": {"net8.0": {"A": {"dependencies": {"B": "1"}, "dependencies": null, "dependencies": {"C": "2"}}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"dependencies": {"B": "1", "B": "2", "A": null}}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": null, "B": {}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"resolved": "1"}}, "net8.0": {"B": {"resolved": "2"}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"resolved": "1"}}}, "dependencies": {"net9.0": {}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"resolved": "1"}}}, "dependencies": null}`,
	`{"\u0076ersion": 2, "depend\u0065ncies": {"net\u0038.0": {"\u0041": {"\u0072esolved": "1\u002e0"}}}}`,
	"{\"version\": 1, \"dependencies\": {\"net8.0\": {\"\xff\": {\"resolved\": \"\xfe1\"}}}}",
	`{"version": 1, "version": 2}`,
	`{"version": 2, "version": null}`,
	`{"version": null}`,
	`{"version": 1.0}`,
	`{"version": 1e0}`,
	`{"version": -0}`,
	`{"version": 99999999999999999999}`,
	`{"version": true}`,
	`{"version": [1]}`,
	`{"version": {"a": 1}}`,
	`{"version": "1", "dependencies": 5}`,
	`{"dependencies": 5, "version": "1"}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"resolved": 1}, "B": {"resolved": true}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"dependencies": {"B": {"x": "]"}}}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"dependencies": {"B": ["1"]}}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"dependencies": [1]}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"type": {"a": "}"}}}}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": [], "B": {"resolved": 1}}}}`,
	`{"version": 1, "dependencies": {"net8.0": "x"}}`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"resolved": 1}}}, "x": [}`,
	`{"version": "x", "dependencies": {"net8.0": {"A": {"resolved": 1}}}} x`,
	"\xEF\xBB\xBF{\"version\": 1,\r\n \"dependencies\": {\"net8.0\": {\r\n  \"A\": {\"resolved\": 5}}}}",
	"\xEF\xBB\xBF{\"version\": 1, \"dependencies\": {\"net8.0\": {\"A\": {\"resolved\": \"1\"}}}}",
	` [1] `,
	` "x" `,
	``,
	`{`,
	`{"version": 1, "dependencies": {"net8.0": {"A": {"type": "project", "dependencies": {"a": "1", "B": "1"}}, "B": {"type": "PROJECT"}}}}`,
	`{"version": 1, "dependencies": {"net8.0/win-x64": {}, "net8.0": {}, ".NETCoreApp,Version=v3.1/linux-x64": {"A": {"type": "Direct"}}}}`,
}

// TestReference holds the fast parser to the reference on the tricky
// cases, the test data and the whole corpus.
func TestReference(t *testing.T) {
	for i, in := range referenceCases {
		sameAsReference(t, strconv.Itoa(i)+" "+in, []byte(in))
	}
	files, _ := filepath.Glob("testdata/*.json")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sameAsReference(t, f, data)
	}
	dir := extracttest.Corpus(t)
	n := 0
	for _, rel := range extracttest.Glob(t, func(rel string) bool {
		return strings.HasSuffix(rel, "packages.lock.json") || strings.Contains(rel, "nuget/lock/testdata/") ||
			strings.Contains(rel, "packageslockjson/testdata/")
	}) {
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		sameAsReference(t, rel, data)
		n++
	}
	if n < 20 {
		t.Errorf("only %d corpus files compared", n)
	}
}

// FuzzReference holds the fast parser to the reference on any input.
func FuzzReference(f *testing.F) {
	for _, in := range referenceCases {
		f.Add([]byte(in))
	}
	files, _ := filepath.Glob("testdata/*.json")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	extracttest.AddSeeds(f, func(rel string) bool {
		return strings.HasSuffix(rel, "packages.lock.json") || strings.Contains(rel, "nuget/lock/testdata/")
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsReference(t, "input", data)
	})
}

// BenchmarkParse compares the fast parser with the reference on every
// packages.lock.json of the corpus.
func BenchmarkParse(b *testing.B) {
	dir := extracttest.Corpus(b)
	var data [][]byte
	var total int64
	for _, rel := range extracttest.Glob(b, func(rel string) bool { return strings.HasSuffix(rel, "/packages.lock.json") }) {
		d, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			b.Fatal(err)
		}
		data = append(data, d)
		total += int64(len(d))
	}
	for _, impl := range []struct {
		name  string
		parse func(string, []byte) (*extract.Lock, error)
	}{{"fast", Parse}, {"reference", referenceParse}} {
		b.Run(impl.name, func(b *testing.B) {
			b.SetBytes(total)
			b.ReportAllocs()
			for b.Loop() {
				for _, d := range data {
					if _, err := impl.parse("f", d); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
