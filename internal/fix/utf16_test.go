package fix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/i18n"
)

// TestUTF16NotEdited: a project saved as UTF-16 is read by the scan
// (issue 10 point 9) but not edited: every byte would change. The plan
// says so clearly and changes no file.
func TestUTF16NotEdited(t *testing.T) {
	dir := examples(t, "direct")
	p := filepath.Join(dir, "Reports", "Reports.csproj")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, extracttest.UTF16(string(data), false), 0o644); err != nil {
		t.Fatal(err)
	}
	pl := Prepare(load(t, dir), builtinSource(), ReadFile, Options{})
	if len(pl.Findings) == 0 {
		t.Fatal("the UTF-16 project's finding is not found")
	}
	if len(pl.Files) != 0 {
		t.Errorf("files changed: %v", pl.Files[0].Display)
	}
	if len(pl.Problems) != 1 || !strings.Contains(i18n.Localize(pl.Problems[0], i18n.En), "the file is UTF-16: affected edits UTF-8 files only") {
		t.Errorf("problems %v", pl.Problems)
	}
}
