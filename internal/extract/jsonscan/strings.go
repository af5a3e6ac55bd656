package jsonscan

import (
	"hash/maphash"
	"unsafe"
)

// Strings hands out the texts of JSON strings, each distinct one stored
// once: a lock file names the same packages, versions and ranges over and
// over, and so do the lock files of one tree, so that a parser kept from
// file to file turns most strings into a lookup instead of an allocation.
//
// The table is made to stay in the processor's caches while the files
// stream through them (a Go map of the 5,000 strings of the bench's lock
// tree missed them on most lookups: 14% of a scan's time): slots of four
// bytes (a 16-bit tag of the hash and the entry's number), probed
// linearly, and the texts' bytes side by side in chunks of memory. A
// string without escapes whose UTF-8 is valid (most of them) is looked up
// by its content: its text is that content, and no other string as
// written has it. Any other goes to a map keyed by the string as written.
//
// The table forgets everything once it holds MaxStrings texts or
// MaxStringBytes bytes, so its memory stays bounded whatever it reads.
// The zero value is ready to use; it is not safe for concurrent use.
type Strings struct {
	slots []uint32 // tag<<16 | (entry+1); 0 is empty
	texts []string // by entry
	chunk []byte   // where the next texts' bytes go
	bytes int      // of texts and escaped strings
	other map[string]string
	seed  maphash.Seed
}

// Bounds of a Strings table.
const (
	MaxStrings     = 1 << 14
	MaxStringBytes = 1 << 20
)

const (
	minSlots  = 1 << 10
	chunkSize = 16 << 10
)

// Text returns [Unquote](raw), the same string for the same raw bytes.
func (t *Strings) Text(raw []byte) string {
	if len(raw) < 2 {
		return "" // a null
	}
	in := raw[1 : len(raw)-1]
	if t.slots == nil {
		t.reset()
	}
	h := maphash.Bytes(t.seed, in)
	tag := uint32(h>>48) << 16
	mask := uint32(len(t.slots) - 1)
	i := uint32(h) & mask
	for {
		s := t.slots[i]
		if s == 0 {
			break
		}
		if s&^0xffff == tag {
			if x := t.texts[s&0xffff-1]; x == string(in) {
				return x
			}
		}
		i = (i + 1) & mask
	}
	if !Plain(raw) {
		return t.escaped(raw)
	}
	if len(t.texts) >= MaxStrings || t.bytes+len(in) > MaxStringBytes {
		t.reset()
		return t.Text(raw)
	}
	if len(in) > cap(t.chunk)-len(t.chunk) {
		size := max(chunkSize, len(in))
		t.chunk = make([]byte, 0, size)
	}
	off := len(t.chunk)
	t.chunk = append(t.chunk, in...)
	var x string
	if len(in) > 0 {
		// The chunk's bytes are never written again once appended.
		x = unsafe.String(&t.chunk[off], len(in))
	}
	t.texts = append(t.texts, x)
	t.bytes += len(in)
	t.slots[i] = tag | uint32(len(t.texts))
	if len(t.texts)*4 > len(t.slots)*3 {
		t.grow()
	}
	return x
}

// escaped returns the text of a string with escapes or invalid UTF-8.
func (t *Strings) escaped(raw []byte) string {
	if s, ok := t.other[string(raw)]; ok {
		return s
	}
	if len(t.other) >= MaxStrings || t.bytes+len(raw) > MaxStringBytes {
		t.reset()
	}
	if t.other == nil {
		t.other = map[string]string{}
	}
	s := Unquote(raw)
	t.other[string(raw)] = s
	t.bytes += len(raw) + len(s)
	return s
}

// reset empties the table (the texts handed out stay valid).
func (t *Strings) reset() {
	if t.slots == nil {
		t.seed = maphash.MakeSeed()
		t.slots = make([]uint32, minSlots)
	} else {
		clear(t.slots)
	}
	clear(t.texts) // the chunks they are in may go
	t.texts = t.texts[:0]
	t.chunk = nil
	t.other = nil
	t.bytes = 0
}

// grow doubles the slots.
func (t *Strings) grow() {
	slots := make([]uint32, 2*len(t.slots))
	mask := uint32(len(slots) - 1)
	for n, x := range t.texts {
		h := maphash.String(t.seed, x)
		i := uint32(h) & mask
		for slots[i] != 0 {
			i = (i + 1) & mask
		}
		slots[i] = uint32(h>>48)<<16 | uint32(n+1)
	}
	t.slots = slots
}

// Len returns the number of texts the table holds.
func (t *Strings) Len() int { return len(t.texts) + len(t.other) }
