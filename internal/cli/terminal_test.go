package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/affected-dev/affected/internal/report"
)

// TestIsTerminal: a character device is not a terminal (/dev/null is
// one, and a progress line or colours written there would be noise): the
// question goes to golang.org/x/term.
func TestIsTerminal(t *testing.T) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer null.Close()
	if isTerminal(null) {
		t.Errorf("%s is taken for a terminal", os.DevNull)
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Error("a file is taken for a terminal")
	}
}

// TestColor: reports have colours on a terminal, none with NO_COLOR
// (https://no-color.org), TERM=dumb, or when written to a file or a pipe.
func TestColor(t *testing.T) {
	defer func(f func(io.Writer) bool) { isTerminal = f }(isTerminal)
	examples := filepath.Join("..", "..", "examples", "direct")
	t.Setenv("AFFECTED_DB", t.TempDir())
	for _, tc := range []struct {
		name     string
		terminal bool
		env      map[string]string
		args     []string
		color    bool
	}{
		{"terminal", true, nil, nil, true},
		{"terminal table", true, nil, []string{"--format", "table"}, true},
		{"NO_COLOR", true, map[string]string{"NO_COLOR": "1"}, nil, false},
		{"dumb", true, map[string]string{"TERM": "dumb"}, nil, false},
		{"pipe", false, nil, nil, false},
		{"json on a terminal", true, nil, []string{"--format", "json"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("NO_COLOR", "")
			t.Setenv("TERM", "xterm-256color")
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			isTerminal = func(io.Writer) bool { return tc.terminal }
			_, out, _ := run(t, append([]string{"scan", examples}, tc.args...)...)
			if got := strings.Contains(out, "\x1b["); got != tc.color {
				t.Errorf("colours %v, want %v:\n%s", got, tc.color, out)
			}
			if tc.color && !strings.Contains(out, "high") && !strings.Contains(out, "Microsoft.AspNetCore.Mvc.Core") {
				t.Errorf("the report is missing:\n%s", out)
			}
		})
	}
	// The table lines up on the screen with its colours.
	isTerminal = func(io.Writer) bool { return true }
	_, out, _ := run(t, "scan", examples, "--format", "table")
	lines := strings.Split(report.StripANSI(out), "\n")
	if !strings.HasPrefix(lines[0], "PROJECT ") || strings.Index(lines[0], "SEVERITY") != strings.Index(lines[1], "high") {
		t.Errorf("the coloured table is not aligned:\n%s", strings.Join(lines[:2], "\n"))
	}
}
