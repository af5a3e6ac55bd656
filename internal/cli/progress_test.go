package cli

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/affected-dev/affected/internal/i18n"
)

// TestProgressLine drives the indicator by hand: nothing in the first
// second, then one line rewritten in place, cleared at the end.
func TestProgressLine(t *testing.T) {
	defer func(f func(io.Writer) bool) { isTerminal = f }(isTerminal)
	isTerminal = func(io.Writer) bool { return true }
	var stderr bytes.Buffer
	e := &env{stderr: &stderr, lang: i18n.En, getenv: func(string) string { return "" }}
	p := startProgress(e, false)
	if p == nil {
		t.Fatal("no indicator on a terminal")
	}
	p.close() // the test renders by hand
	p.update(3, 800)
	p.render(p.start.Add(progressDelay / 2))
	if stderr.Len() != 0 {
		t.Errorf("shown before the delay: %q", stderr.String())
	}
	p.render(p.start.Add(progressDelay))
	p.update(120, 800)
	p.render(p.start.Add(2 * progressDelay))
	p.finish()
	if want := "\rscanned 3 of 800 projects\x1b[K\rscanned 120 of 800 projects\x1b[K\r\x1b[K"; stderr.String() != want {
		t.Errorf("got %q, want %q", stderr.String(), want)
	}
}

// TestProgressOff checks that no indicator runs with --quiet, on a dumb
// terminal, or when stderr is not a terminal, and that a scan then writes
// nothing of the kind.
func TestProgressOff(t *testing.T) {
	defer func(f func(io.Writer) bool) { isTerminal = f }(isTerminal)
	for _, tc := range []struct {
		name     string
		terminal bool
		quiet    bool
		term     string
	}{
		{"piped", false, false, ""},
		{"quiet", true, true, ""},
		{"dumb terminal", true, false, "dumb"},
	} {
		isTerminal = func(io.Writer) bool { return tc.terminal }
		e := &env{stderr: io.Discard, getenv: func(k string) string {
			if k == "TERM" {
				return tc.term
			}
			return ""
		}}
		if p := startProgress(e, tc.quiet); p != nil {
			p.finish()
			t.Errorf("%s: an indicator", tc.name)
		}
	}
	isTerminal = func(w io.Writer) bool { return false }
	var stdout, stderr bytes.Buffer
	examples := filepath.Join("..", "..", "examples")
	Run(context.Background(), []string{"scan", examples, "--format", "json", "--db", t.TempDir()}, nil, &stdout, &stderr)
	if strings.Contains(stderr.String(), "\r") || strings.Contains(stderr.String(), "scanned") {
		t.Errorf("progress on a pipe: %q", stderr.String())
	}
}
