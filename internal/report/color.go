package report

import (
	"strings"

	"github.com/affected-dev/affected/internal/lazyre"
)

// Style colours a text report for a terminal with ANSI SGR sequences:
// severities (critical and high red, moderate yellow, low cyan), advisory
// ids in bold, the advice in green, errors in red. The zero Style writes
// plain text; the commands use Color only on a terminal, and never with
// NO_COLOR set (https://no-color.org).
type Style struct{ on bool }

// Color is the style with colours.
var Color = Style{on: true}

func (s Style) sgr(code, text string) string {
	if !s.on || text == "" {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

func (s Style) bold(text string) string  { return s.sgr("1", text) }
func (s Style) green(text string) string { return s.sgr("32", text) }
func (s Style) red(text string) string   { return s.sgr("31", text) }

// severity colours a severity's label by the severity.
func (s Style) severity(sev, label string) string {
	switch strings.ToLower(sev) {
	case "critical":
		return s.sgr("1;31", label)
	case "high":
		return s.sgr("31", label)
	case "moderate":
		return s.sgr("33", label)
	case "low":
		return s.sgr("36", label)
	}
	return label
}

var sgrRE = lazyre.New("\x1b\\[[0-9;]*m")

// StripANSI removes the colours of a Style from text.
func StripANSI(text string) string { return sgrRE.ReplaceAllString(text, "") }
