package jsonscan

// Strings hands out the texts of JSON strings, each distinct one stored
// once: a lock file names the same packages, versions and ranges over and
// over, and so do the lock files of one tree, so that a parser kept from
// file to file turns most strings into a map lookup instead of an
// allocation. A text is keyed by the string as written (quotes included),
// so a hit needs no unquoting; the text of a plain string shares the
// key's memory.
//
// The table forgets everything once it holds MaxStrings texts or
// MaxStringBytes bytes, so its memory stays bounded whatever it reads.
// The zero value is ready to use; it is not safe for concurrent use.
type Strings struct {
	m     map[string]string
	bytes int
}

// Bounds of a Strings table.
const (
	MaxStrings     = 1 << 14
	MaxStringBytes = 1 << 20
)

// Text returns [Unquote](raw), the same string for the same raw bytes.
func (t *Strings) Text(raw []byte) string {
	if len(raw) < 2 {
		return "" // a null
	}
	if s, ok := t.m[string(raw)]; ok {
		return s
	}
	if t.m == nil || len(t.m) >= MaxStrings || t.bytes+len(raw) > MaxStringBytes {
		t.m, t.bytes = make(map[string]string, 256), 0
	}
	key := string(raw)
	var s string
	if Plain(raw) {
		s = key[1 : len(key)-1]
	} else {
		s = Unquote(raw)
	}
	t.m[key] = s
	t.bytes += len(key) + len(s)
	return s
}
