// Package edit changes project files without disturbing them: every edit
// is a replacement of a byte span of the file as read, so that everything
// outside the spans — the UTF-8 byte order mark, CRLF or LF line endings,
// indentation, attribute order and quoting, comments, the presence or
// absence of a final newline — stays byte for byte what it was.
//
// Two formats are edited: MSBuild-style XML (csproj, props,
// packages.config), located with the offsets that msbuild.Parse records
// (see [XML]), and project.json, located with the offsets that
// github.com/tailscale/hujson records while it parses JSON with comments
// and trailing commas (see [JSON]). New text (an inserted element or
// member) copies the style of its neighbours: their indentation, the line
// ending of the place it goes, the file's attribute quote.
//
// The package also renders unified diffs of the result ([UnifiedDiff]) and
// knows the marker comment that `affected fix` writes above a pin it adds
// ([PinComment], [FindPins]).
//
// It does not write files: the caller writes the result with
// internal/atomicfile.
package edit

import (
	"bytes"
	"errors"
	"sort"
	"unicode/utf8"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/i18n"
)

// Edit replaces the bytes [Start, End) of a file with New. Start == End
// inserts.
type Edit struct {
	Start, End int
	New        []byte
}

// ErrOverlap is wrapped by the error Apply returns for edits whose spans
// overlap.
var ErrOverlap = errors.New("overlapping edits")

type overlapError struct{ at int }

func (e overlapError) Error() string               { return MsgOverlap.Plain(i18n.En, e.at) }
func (e overlapError) Localize(l i18n.Lang) string { return MsgOverlap.Plain(l, e.at) }
func (e overlapError) Unwrap() error               { return ErrOverlap }

// Apply returns data with the edits applied. Edits may come in any order;
// insertions at the same offset keep their order. Overlapping replacements
// are an error.
func Apply(data []byte, edits []Edit) ([]byte, error) {
	if len(edits) == 0 {
		return append([]byte(nil), data...), nil
	}
	es := sorted(edits)
	var out bytes.Buffer
	out.Grow(len(data) + 256)
	pos := 0
	for _, e := range es {
		if e.Start < 0 || e.End < e.Start || e.End > len(data) {
			return nil, i18n.Errorf(MsgOutside, e.Start, e.End, len(data))
		}
		if e.Start < pos {
			return nil, overlapError{e.Start}
		}
		out.Write(data[pos:e.Start])
		out.Write(e.New)
		pos = e.End
	}
	out.Write(data[pos:])
	return out.Bytes(), nil
}

// sorted returns the edits in the order Apply applies them.
func sorted(edits []Edit) []Edit {
	es := append([]Edit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Start != es[j].Start {
			return es[i].Start < es[j].Start
		}
		// An insertion goes before a replacement starting at the same
		// offset.
		return es[i].End-es[i].Start < es[j].End-es[j].Start
	})
	return es
}

// NewOffsets returns, for each edit (in the order given), the offset of
// its new text in the result of Apply.
func NewOffsets(edits []Edit) []int {
	idx := make([]int, len(edits))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ea, eb := edits[idx[a]], edits[idx[b]]
		if ea.Start != eb.Start {
			return ea.Start < eb.Start
		}
		return ea.End-ea.Start < eb.End-eb.Start
	})
	out := make([]int, len(edits))
	shift := 0
	for _, i := range idx {
		e := edits[i]
		out[i] = e.Start + shift
		shift += len(e.New) - (e.End - e.Start)
	}
	return out
}

// Offset converts a position (1-based line, 1-based column counted in
// characters, as extract.PosAt gives it) back into a byte offset of data.
// It reports false when the position lies outside the file.
func Offset(data []byte, pos extract.Pos) (int, bool) {
	if pos.Line < 1 || pos.Col < 1 {
		return 0, false
	}
	off := 0
	for l := 1; l < pos.Line; l++ {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return 0, false
		}
		off += i + 1
	}
	col := pos.Col
	if pos.Line == 1 && bytes.HasPrefix(data, bom) {
		off += len(bom) // PosAt does not count the byte order mark
	}
	for c := 1; c < col; c++ {
		if off >= len(data) || data[off] == '\n' {
			return 0, false
		}
		_, n := utf8.DecodeRune(data[off:])
		off += n
	}
	if off > len(data) {
		return 0, false
	}
	return off, true
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// lineEnding returns the line ending used around offset off: the one that
// ends the line holding off, else the file's first, else "\n".
func lineEnding(data []byte, off int) string {
	off = min(max(off, 0), len(data))
	if i := bytes.IndexByte(data[off:], '\n'); i >= 0 {
		if off+i > 0 && data[off+i-1] == '\r' {
			return "\r\n"
		}
		return "\n"
	}
	if i := bytes.IndexByte(data, '\n'); i > 0 && data[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// lineStart returns the offset of the start of the line holding off.
func lineStart(data []byte, off int) int {
	return bytes.LastIndexByte(data[:off], '\n') + 1
}

// indentBefore returns the white space between the start of the line and
// off, and whether only white space precedes off on its line (false when
// off follows other text on the line). A byte order mark at the start of
// the file is not part of the indentation.
func indentBefore(data []byte, off int) (string, bool) {
	start := lineStart(data, off)
	if start == 0 && bytes.HasPrefix(data, bom) && off >= len(bom) {
		start = len(bom)
	}
	ws := data[start:off]
	for _, c := range ws {
		if c != ' ' && c != '\t' {
			return "", false
		}
	}
	return string(ws), true
}

// indentUnit guesses one level of indentation from the indentation of a
// child and its parent: their difference when the child's extends the
// parent's, else two spaces (or a tab for a file indented with tabs).
func indentUnit(parent, child string) string {
	if len(child) > len(parent) && child[:len(parent)] == parent {
		return child[len(parent):]
	}
	if len(parent) > 0 && parent[0] == '\t' || len(child) > 0 && child[0] == '\t' {
		return "\t"
	}
	return "  "
}
