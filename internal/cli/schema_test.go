package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/affected-dev/affected/internal/report/schematest"
)

// TestJSONSchemas: what `affected scan` and `affected why` print with
// --format json follows the published schemas (schema/), on the examples,
// with a database, an ignore file, an unreadable project and a severity
// filter.
func TestJSONSchemas(t *testing.T) {
	examples := filepath.Join("..", "..", "examples")
	root := t.TempDir()
	dir := filepath.Join(root, "db")
	osvFile := filepath.Join(root, "osv.json")
	ignoreFile := filepath.Join(root, "ignore.toml")
	broken := filepath.Join(root, "broken", "App.csproj")
	os.MkdirAll(filepath.Dir(broken), 0o755)
	for name, body := range map[string]string{
		osvFile:    testOSV,
		ignoreFile: "[[ignore]]\nadvisory = \"MSA-4010983\"\nproject = \"Reports/\"\nreason = \"retired\"\nexpires = 2999-01-01\n",
		broken:     "<Project>\n  <ItemGroup>\n</Project>\n",
	} {
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, out, errOut := run(t, "db", "import", "--db", dir, osvFile); code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	for _, tc := range []struct {
		schema string
		args   []string
	}{
		{"scan.schema.json", []string{"scan", examples, "--format", "json", "--db", filepath.Join(root, "empty")}},
		{"scan.schema.json", []string{"scan", examples, filepath.Dir(broken), "--format", "json", "--db", dir, "--ignore-file", ignoreFile, "--lang", "ko"}},
		{"scan.schema.json", []string{"scan", examples, "--format", "json", "--db", dir, "--severity", "critical"}},
		{"why.schema.json", []string{"why", "Microsoft.AspNetCore.Mvc.Core", examples, "--format", "json"}},
		{"why.schema.json", []string{"why", "System.Runtime", examples, filepath.Dir(broken), "--format", "json", "--lang", "zh-TW"}},
	} {
		_, out, _ := run(t, tc.args...)
		schematest.Validate(t, tc.schema, []byte(out))
	}
}
