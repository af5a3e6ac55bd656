package extracttest

import "unicode/utf16"

// UTF16 encodes s as UTF-16 with a byte order mark, little-endian or
// big-endian: a file as Visual Studio saves it in "Unicode".
func UTF16(s string, bigEndian bool) []byte {
	units := utf16.Encode([]rune("\uFEFF" + s))
	out := make([]byte, 0, 2*len(units))
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}
