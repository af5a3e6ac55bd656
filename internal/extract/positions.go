package extract

import (
	"bytes"
	"unicode/utf8"
)

// PosAt converts a byte offset of data into a line and column. Offsets past
// the end give the position just after the last byte.
func PosAt(data []byte, offset int64) Pos {
	if offset < 0 {
		offset = 0
	}
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line := bytes.Count(before, []byte{'\n'}) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	col := utf8.RuneCount(before[start:]) + 1
	if line == 1 && bytes.HasPrefix(data, bom) && offset >= 3 {
		col-- // the byte order mark is not a character anyone sees
	}
	return Pos{Line: line, Col: col}
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// TrimBOM returns data without a leading UTF-8 byte order mark and the
// number of bytes removed (0 or 3), so that offsets can be mapped back.
func TrimBOM(data []byte) ([]byte, int64) {
	if bytes.HasPrefix(data, bom) {
		return data[3:], 3
	}
	return data, 0
}

// Lines turns byte offsets of data into positions, as [PosAt] does, in
// time linear in the size of data when the offsets come in increasing
// order (a smaller offset starts the count again from the top). Minified
// files have one very long line, so the column is advanced, not recounted.
//
// Positions count from the start of data and know nothing of a byte order
// mark: give it the text after one ([TrimBOM]), and the positions are
// those PosAt gives on the whole file.
type Lines struct {
	data      []byte
	off       int
	line, col int
}

// NewLines returns a Lines for data, at its start.
func NewLines(data []byte) *Lines { return &Lines{data: data, line: 1, col: 1} }

// At returns the position of byte offset off of data. An offset past the
// end gives the position just after the last byte; a negative one, the
// zero (unknown) Pos.
func (l *Lines) At(off int) Pos {
	if off < 0 {
		return Pos{}
	}
	if off > len(l.data) {
		off = len(l.data)
	}
	if off < l.off {
		l.off, l.line, l.col = 0, 1, 1
	}
	seg := l.data[l.off:off]
	if i := bytes.LastIndexByte(seg, '\n'); i >= 0 {
		l.line += bytes.Count(seg, []byte{'\n'})
		l.col = 1 + utf8.RuneCount(seg[i+1:])
	} else {
		l.col += utf8.RuneCount(seg)
	}
	l.off = off
	return Pos{Line: l.line, Col: l.col}
}
