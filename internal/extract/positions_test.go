package extract

import "testing"

// TestLines holds Lines to PosAt on the text after a byte order mark, for
// offsets in increasing order, going back, and out of range (offsets at
// the start of characters, as the parsers give them).
func TestLines(t *testing.T) {
	data := []byte("\xEF\xBB\xBFab\nc한d\n\nxyz")
	body, base := TrimBOM(data)
	l := NewLines(body)
	for _, off := range []int{0, 1, 2, 3, 4, 7, 8, 9, 10, 13, 99, 4, 4, 0, 12, 2} {
		want := PosAt(data, int64(off)+base)
		if got := l.At(off); got != want {
			t.Errorf("At(%d) = %v, want %v", off, got, want)
		}
	}
	if got := l.At(-1); got != (Pos{}) {
		t.Errorf("At(-1) = %v, want the zero Pos", got)
	}
	if got, want := l.At(3), PosAt(data, 3+base); got != want {
		t.Errorf("At(3) after At(-1) = %v, want %v", got, want)
	}
}
