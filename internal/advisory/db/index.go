package db

import (
	"bytes"
	"sort"
	"strconv"
	"strings"

	"github.com/affected-dev/affected/internal/i18n"
)

// maxRecord bounds one record's length as the index gives it, so that a
// damaged index cannot make a reader allocate gigabytes.
const maxRecord = 64 << 20

// span is a record's place in records.jsonl.
type span struct {
	off int64
	len int
}

// index is a sorted "key\tspans\n" file, searched in place: opening it
// costs one read and one pass to find line starts, no map and no
// per-entry allocation.
type index struct {
	data  []byte
	lines []int32 // start of each entry line in data
}

func parseIndex(data []byte, magic string) (index, error) {
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 {
		return index{}, i18n.Errorf(msgBadIndex)
	}
	f := strings.Fields(string(data[:nl]))
	if len(f) != 2 || f[0] != magic {
		return index{}, i18n.Errorf(msgBadIndex)
	}
	if n, err := strconv.Atoi(f[1]); err != nil || n != Format {
		return index{}, i18n.Errorf(msgFormat, f[1], Format)
	}
	if len(data) > 1<<31-1 {
		return index{}, i18n.Errorf(msgBadIndex)
	}
	ix := index{data: data, lines: make([]int32, 0, bytes.Count(data, []byte{'\n'}))}
	for pos := nl + 1; pos < len(data); {
		ix.lines = append(ix.lines, int32(pos))
		end := bytes.IndexByte(data[pos:], '\n')
		if end < 0 {
			return index{}, i18n.Errorf(msgBadIndex) // cut short
		}
		pos += end + 1
	}
	return ix, nil
}

// key returns the key of entry i.
func (ix *index) key(i int) []byte {
	line := ix.data[ix.lines[i]:]
	line = line[:bytes.IndexByte(line, '\n')]
	if t := bytes.IndexByte(line, '\t'); t >= 0 {
		return line[:t]
	}
	return nil
}

// lookup returns the spans of key.
func (ix *index) lookup(key string) ([]span, bool) {
	k := []byte(key)
	if len(k) == 0 {
		return nil, false
	}
	i := sort.Search(len(ix.lines), func(i int) bool { return bytes.Compare(ix.key(i), k) >= 0 })
	if i == len(ix.lines) || !bytes.Equal(ix.key(i), k) {
		return nil, false
	}
	// key(i) found a tab on this line, so the line goes on past it to its
	// newline (parseIndex checked every line has one).
	line := ix.data[int(ix.lines[i])+len(k)+1:]
	line = line[:bytes.IndexByte(line, '\n')]
	out := make([]span, 0, bytes.Count(line, []byte{','})+1)
	for len(line) > 0 {
		item := line
		if c := bytes.IndexByte(line, ','); c >= 0 {
			item, line = line[:c], line[c+1:]
		} else {
			line = nil
		}
		plus := bytes.IndexByte(item, '+')
		if plus < 0 {
			return nil, false
		}
		off, err1 := strconv.ParseInt(string(item[:plus]), 10, 64)
		n, err2 := strconv.Atoi(string(item[plus+1:]))
		if err1 != nil || err2 != nil || off < 0 {
			return nil, false
		}
		out = append(out, span{off: off, len: n})
	}
	return out, len(out) > 0
}

// formatIndex writes an index: entries sorted by key, spans in the order
// given.
func formatIndex(magic string, entries map[string][]span) []byte {
	keys := make([]string, 0, len(entries))
	for k := range entries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	b.WriteString(magic + " " + strconv.Itoa(Format) + "\n")
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte('\t')
		for i, sp := range entries[k] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.FormatInt(sp.off, 10))
			b.WriteByte('+')
			b.WriteString(strconv.Itoa(sp.len))
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// indexKey makes a key safe for the line format: ids and package names
// never hold tabs or newlines, but a hostile record might.
func indexKey(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}
