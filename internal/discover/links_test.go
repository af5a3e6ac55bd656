package discover

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLinkedTwice: a project file reached directly and through a symbolic
// link inside the tree (a linked file, or a linked directory) is one
// project, named by the path met first: read once, and edited once by
// fix (issue 10 point 6).
func TestLinkedTwice(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		"shared/Lib/Lib.csproj":         "<Project/>",
		"shared/Lib/packages.lock.json": "{}",
		"src/App/App.csproj":            "<Project/>",
	})
	for link, target := range map[string]string{
		"a/Lib.csproj": "../shared/Lib/Lib.csproj",
		"b":            "shared",
	} {
		p := filepath.Join(root, filepath.FromSlash(link))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	r := Discover([]string{root})
	if len(r.Errors) > 0 {
		t.Errorf("errors: %v", r.Errors)
	}
	want := []found{
		{"msbuild", "a/Lib.csproj", "", ""},
		{"msbuild", "src/App/App.csproj", "", ""},
	}
	if d := cmp.Diff(want, summary(t, root, r)); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}
