package cli

import (
	"io"
	"os"

	"golang.org/x/term"

	"github.com/affected-dev/affected/internal/report"
)

// isTerminal reports whether w is a terminal, as golang.org/x/term tells
// it (a character device such as /dev/null is not one). Tests replace it.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// terminal reports whether w is a terminal that takes more than plain
// lines: not one with TERM=dumb.
func (e *env) terminal(w io.Writer) bool {
	return isTerminal(w) && e.getenv("TERM") != "dumb"
}

// style is how a text report written to the output (a file when output is
// set) looks: in colour on a terminal, unless NO_COLOR is set to anything
// (https://no-color.org); plain on a file or a pipe.
func (e *env) style(output string) report.Style {
	if (output == "" || output == "-") && e.getenv("NO_COLOR") == "" && e.terminal(e.stdout) {
		return report.Color
	}
	return report.Style{}
}
