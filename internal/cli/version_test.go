package cli

import (
	"runtime/debug"
	"testing"
)

// TestVersion: without a version linked in, the version is the module's
// as the go command recorded it, with the VCS revision.
func TestVersion(t *testing.T) {
	stamped := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/affected-dev/affected", Version: "v1.2.3"}}
	checkout := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "66f9e1f0123456789abcdef0123456789abcdef0"},
		{Key: "vcs.time", Value: "2026-12-04T10:00:00Z"},
		{Key: "vcs.modified", Value: "true"},
	}}
	pseudo := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261204100000-66f9e1f01234+dirty"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "66f9e1f0123456789abcdef0123456789abcdef0"},
		{Key: "vcs.modified", Value: "true"},
	}}
	for _, tc := range []struct {
		linked string
		bi     *debug.BuildInfo
		short  string
		full   string
	}{
		{"v2.0.0", stamped, "v2.0.0", "v2.0.0 (go1.26.8)"},
		{"devel", stamped, "v1.2.3", "v1.2.3 (go1.26.8)"},
		{"devel", checkout, "devel", "devel (66f9e1f01234, 2026-12-04T10:00:00Z, modified, go1.26.8)"},
		{"devel", pseudo, "v0.0.0-20261204100000-66f9e1f01234+dirty", "v0.0.0-20261204100000-66f9e1f01234+dirty (go1.26.8)"},
		{"devel", nil, "devel", "devel"},
	} {
		if got := versionOf(tc.linked, tc.bi); got != tc.short {
			t.Errorf("versionOf(%q) = %q, want %q", tc.linked, got, tc.short)
		}
		if got := fullVersionOf(tc.linked, tc.bi); got != tc.full {
			t.Errorf("fullVersionOf(%q) = %q, want %q", tc.linked, got, tc.full)
		}
	}
	// The test binary has build info: `affected version` prints more
	// than the bare default.
	code, out, _ := run(t, "version")
	if code != 0 || out == "affected devel\n" {
		t.Errorf("affected version: %d %q", code, out)
	}
}
