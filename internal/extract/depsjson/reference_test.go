package depsjson

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/extract/reference"
)

// The fast parser is held to the first implementation of Parse (package
// reference), which walked the file with encoding/json's Decoder after a
// json.Valid pass: result for result, error for error.

// sameAsReference parses data with Parse and with the reference and
// reports any difference: in the result, or in the error's text and
// position.
func sameAsReference(t *testing.T, name, file string, data []byte) {
	t.Helper()
	got, gotErr := Parse(file, data)
	want, wantErr := reference.DepsJSON(file, data, MsgNotObject)
	switch {
	case (gotErr == nil) != (wantErr == nil):
		t.Errorf("%s: error %v, reference %v", name, gotErr, wantErr)
	case gotErr != nil:
		if gotErr.Error() != wantErr.Error() {
			t.Errorf("%s:\n got %v\nwant %v", name, gotErr, wantErr)
		}
	default:
		// The reference orders two dependencies whose names become equal
		// once "runtimepack." is cut as its map iteration happens to:
		// compare them in one order.
		for _, l := range []*extract.Lock{got, want} {
			for _, tg := range l.Targets {
				for _, p := range tg.Packages {
					slices.SortFunc(p.Dependencies, func(a, b extract.Dependency) int {
						return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Range, b.Range))
					})
				}
			}
		}
		if diff := gocmp.Diff(want, got, extracttest.LockData); diff != "" {
			t.Errorf("%s: (-reference +fast):\n%s", name, diff)
		}
	}
}

// referenceCases are inputs where encoding/json's rules are easy to miss.
var referenceCases = []string{
	`{"runtimeTarget": {"NAME": "net8.0", "name": null}, "targets": {"net8.0": {"A/1.0": {}}}}`,
	`{"runtimeTarget": {"nAme": "x"}, "runtimeTarget": null, "targets": {"x": {"A/1.0": {}}, "net8.0": {"B/1.0": {}}}}`,
	`{"runtimeTarget": "net8.0", "targets": {"net8.0": {"A/1.0": {"Dependencies": {"B": "1.0", "B": "2.0", "C": null}}, "B/2.0": {}}}}`,
	`{"targets": {"net8.0": {"A/1.0": {"dependencies": {"B": "1"}, "dependencies": {"C": "2"}}, "B/1": {}, "C/2": {}}}}`,
	`{"targets": {"net8.0": {"A/1.0": {"dependencies": {"B": "1"}, "dependencies": null, "dependencies": {"C": "2"}}}}}`,
	`{"targets": {"net8.0": {"A/1.0": {"depend\u0065ncies": {"runtimepack.B": "1"}}, "runtimepack.B/1": {}}}, "libraries": {"runtimepack.B/1": {"type": "runtimepack"}}}`,
	`{"targets": {"net8.0": {"A/1.0": {"dependencieſ": {"B": "1"}}}}}`,
	`{"targets": {"net8.0": {"A/1.0": null, "A/1.0": {"dependencies": {"X": "1"}}}}, "libraries": {"A/1.0": {"TYPE": "project"}, "A/1.0": {"type": null}, "Z/1": null}}`,
	`{"targets": {"net8.0": {"A/1.0": {}}}, "targets": {"net9.0": {}}}`,
	`{"targets": null}`,
	`{"targets": {"a": null, "b": {"X/1": {}}}, "libraries": null}`,
	`{"\u0074argets": {"net8.0": {"\u0041/1": {}}}}`,
	"{\"targets\": {\"net8.0\": {\"\xff/1\": {\"dependencies\": {\"\xfe\": \"1\"}}}}}",
	`{"runtimeTarget": [1], "targets": {}}`,
	`{"runtimeTarget": {"name": 5}, "targets": {}}`,
	`{"runtimeTarget": true, "targets": 5}`,
	`{"targets": 5, "runtimeTarget": true}`,
	`{"targets": {"net8.0": {"A/1": []}}}`,
	`{"targets": {"net8.0": {"A/1": {"dependencies": [1]}}}}`,
	`{"targets": {"net8.0": {"A/1": {"dependencies": {"B": {"x": "]"}}}}}}`,
	`{"targets": {"net8.0": {"A/1": {"dependencies": {"B": true}}}}}`,
	`{"targets": {}, "libraries": {"A/1": "x"}}`,
	`{"targets": {}, "libraries": {"A/1": {"type": 5}}}`,
	`{"targets": {"net8.0": {"A/1": {"dependencies": {"B": 1}}}}, "x": [}`,
	"\xEF\xBB\xBF{\"targets\": {\r\n\"net8.0\": {\r\n\"A/1.0\": {\"dependencies\": {\"B\": 5}}}}}",
	"\xEF\xBB\xBF{\"targets\": {\"net8.0\": {\"A/1.0\": {}}}}",
	` [1] `, ` "x" `, ``, `{`, `{}`, `{"libraries": {}}`,
}

// TestReference holds the fast parser to the reference on the tricky
// cases, the test data and every JSON file of the corpus (the ones that
// are not deps.json files give errors, which must be the same too).
func TestReference(t *testing.T) {
	for i, in := range referenceCases {
		sameAsReference(t, strconv.Itoa(i)+" "+in, "App.deps.json", []byte(in))
	}
	files, _ := filepath.Glob("testdata/*.json")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sameAsReference(t, f, f, data)
	}
	dir := extracttest.Corpus(t)
	n := 0
	for _, rel := range extracttest.Glob(t, func(rel string) bool { return strings.HasSuffix(rel, ".json") }) {
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		sameAsReference(t, rel, rel, data)
		n++
	}
	if n < 50 {
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
	extracttest.AddSeeds(f, func(rel string) bool { return strings.HasSuffix(rel, ".deps.json") })
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsReference(t, "input", "App.deps.json", data)
	})
}

// BenchmarkParse compares the fast parser with the reference on every
// deps.json of the corpus.
func BenchmarkParse(b *testing.B) {
	dir := extracttest.Corpus(b)
	var files []string
	var data [][]byte
	var total int64
	for _, rel := range extracttest.Glob(b, func(rel string) bool { return strings.HasSuffix(rel, ".deps.json") }) {
		d, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			b.Fatal(err)
		}
		files, data = append(files, rel), append(data, d)
		total += int64(len(d))
	}
	for _, impl := range []struct {
		name  string
		parse func(string, []byte) (*extract.Lock, error)
	}{{"fast", Parse}, {"reference", func(f string, d []byte) (*extract.Lock, error) { return reference.DepsJSON(f, d, MsgNotObject) }}} {
		b.Run(impl.name, func(b *testing.B) {
			b.SetBytes(total)
			b.ReportAllocs()
			for b.Loop() {
				for i, d := range data {
					impl.parse(files[i], d)
				}
			}
		})
	}
}
