package host

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/lazyre"
)

// text is an inventory file decoded to UTF-8, split into lines.
type text struct {
	file  string
	enc   string   // the encoding it was read in, e.g. "UTF-16LE", "cp949"
	lines []string // without line terminators (CR LF, LF, CR CR LF)
}

// codePage is a legacy encoding a Windows console writes.
type codePage struct {
	name string
	enc  encoding.Encoding
	// multi marks a double-byte code page, whose decoding of bytes meant
	// for another code page is mostly invalid rather than merely wrong.
	multi bool
}

var (
	cp437  = codePage{"cp437", charmap.CodePage437, false}
	cp850  = codePage{"cp850", charmap.CodePage850, false}
	cp852  = codePage{"cp852", charmap.CodePage852, false}
	cp866  = codePage{"cp866", charmap.CodePage866, false}
	cp1250 = codePage{"cp1250", charmap.Windows1250, false}
	cp1251 = codePage{"cp1251", charmap.Windows1251, false}
	cp1252 = codePage{"cp1252", charmap.Windows1252, false}
	cp932  = codePage{"cp932", japanese.ShiftJIS, true}
	cp936  = codePage{"cp936", simplifiedchinese.GBK, true}
	cp949  = codePage{"cp949", korean.EUCKR, true}
	cp950  = codePage{"cp950", traditionalchinese.Big5, true}
)

// localeCodePages maps the language of a Windows system locale (the
// "System Locale" field of systeminfo, e.g. "ko;한국어", "zh-tw;中文 (台灣)")
// to the code pages its console writes: the OEM code page first, then the
// ANSI one. The locale code is ASCII in every code page, so it can be read
// before the encoding is known.
func localeCodePages(locale string) []codePage {
	lang, region, _ := strings.Cut(strings.ToLower(locale), "-")
	switch lang {
	case "ko":
		return []codePage{cp949}
	case "zh":
		switch region {
		case "tw", "hk", "mo":
			return []codePage{cp950}
		}
		return []codePage{cp936}
	case "ja":
		return []codePage{cp932}
	case "ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tt", "mn":
		return []codePage{cp866, cp1251}
	case "pl", "cs", "sk", "hu", "sl", "hr", "ro", "bs", "sq":
		return []codePage{cp852, cp1250}
	case "en":
		return []codePage{cp437, cp1252}
	}
	// Western European languages and everything else written in Latin
	// letters: the OEM multilingual code page, then the ANSI one.
	return []codePage{cp850, cp1252}
}

// fallbackCodePages are tried, in order, when no locale says which code
// page a legacy file is in.
var fallbackCodePages = []codePage{cp949, cp950, cp936, cp932, cp850, cp1252, cp1251, cp866}

// localeHint finds a systeminfo "System Locale" value ("fr;Français
// (France)") in raw bytes of unknown encoding.
var localeHint = lazyre.New(`(?m)^[^\r\n]*:[ \t]+([a-z]{2,3}(?:-[a-z0-9]{2,8})*);`)

// decode turns the bytes of an inventory file into lines of text. It reads
// UTF-8 (with or without BOM), UTF-16LE and UTF-16BE (with or without
// BOM; also after an ASCII line, as wmic writes "Please wait while WMIC is
// being installed." before its UTF-16 output), and the legacy code pages a
// console writes, chosen by the file's system locale where it names one.
// Text that was already damaged before it reached us (replacement
// characters, UTF-8 read as a legacy code page and saved again, question
// marks in place of lost characters) is refused with the position of the
// first damaged character.
func decode(file string, data []byte) (*text, error) {
	var s, enc string
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		s, enc = string(data[3:]), "UTF-8"
		if !utf8.ValidString(s) {
			return nil, invalidAt(file, s, "UTF-8")
		}
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		s, enc = decodeUTF16(data[2:], false), "UTF-16LE"
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		s, enc = decodeUTF16(data[2:], true), "UTF-16BE"
	default:
		if start, big, ok := utf16Start(data); ok {
			prefix := string(data[:start])
			enc = "UTF-16LE"
			if big {
				enc = "UTF-16BE"
			}
			s = prefix + decodeUTF16(data[start:], big)
			if !utf8.ValidString(prefix) {
				return nil, invalidAt(file, prefix, enc)
			}
			break
		}
		if utf8.Valid(data) {
			s, enc = string(data), "UTF-8"
			break
		}
		var err error
		s, enc, err = decodeLegacy(file, data)
		if err != nil {
			return nil, err
		}
	}
	t := &text{file: file, enc: enc, lines: splitLines(s)}
	if err := t.checkMojibake(); err != nil {
		return nil, err
	}
	return t, nil
}

// decodeUTF16 decodes UTF-16 (an odd last byte is dropped; unpaired
// surrogates become U+FFFD, which checkMojibake then reports).
func decodeUTF16(b []byte, big bool) string {
	order := xunicode.LittleEndian
	if big {
		order = xunicode.BigEndian
	}
	out, _ := xunicode.UTF16(order, xunicode.IgnoreBOM).NewDecoder().Bytes(b[:len(b)&^1])
	return string(out)
}

// utf16Start finds where UTF-16 text without a byte order mark starts: at
// 0, or after an ASCII prefix. It looks for the pattern of an ASCII
// character and a zero byte that UTF-16 text of Latin letters has in
// nearly every second byte.
func utf16Start(data []byte) (start int, big, ok bool) {
	zeros := bytes.Count(data, []byte{0})
	if len(data) < 4 || zeros*4 < len(data) {
		return 0, false, false
	}
	for i := 0; i+3 < len(data); i++ {
		le := data[i] != 0 && data[i+1] == 0 && data[i+2] != 0 && data[i+3] == 0
		be := data[i] == 0 && data[i+1] != 0 && data[i+2] == 0 && data[i+3] != 0
		if !le && !be {
			if data[i] == 0 || data[i] >= 0x80 {
				return 0, false, false // not an ASCII prefix
			}
			continue
		}
		// Count how much of the rest follows the pattern.
		rest := data[i:]
		match, n := 0, 0
		for j := 0; j+1 < len(rest) && n < 512; j += 2 {
			n++
			if (le && rest[j+1] == 0) || (be && rest[j] == 0) {
				match++
			}
		}
		if match*10 >= n*7 {
			return i, be, true
		}
		return 0, false, false
	}
	return 0, false, false
}

// decodeLegacy decodes a file in a legacy code page: the ones its system
// locale suggests, else the common console code pages, keeping the first
// that decodes without invalid bytes and reads most like text.
func decodeLegacy(file string, data []byte) (string, string, error) {
	var cands []codePage
	if m := localeHint.FindSubmatch(data); m != nil {
		cands = localeCodePages(string(m[1]))
	} else {
		cands = fallbackCodePages
	}
	best, bestScore, bestName := "", -1<<31, ""
	var firstErr error
	for _, cp := range cands {
		out, err := cp.enc.NewDecoder().Bytes(data)
		if err != nil {
			continue
		}
		s := string(out)
		if i := strings.IndexRune(s, utf8.RuneError); i >= 0 {
			if firstErr == nil {
				firstErr = extract.Errorf(file, posIn(s, i), msgBadBytes, cp.name)
			}
			continue
		}
		score := textScore(s, cp.multi)
		if score > bestScore {
			best, bestScore, bestName = s, score, cp.name
		}
	}
	if bestName == "" {
		if firstErr != nil {
			return "", "", firstErr
		}
		return "", "", extract.Errorf(file, extract.Pos{Line: 1, Col: 1}, msgUnknownEncoding)
	}
	return best, bestName, nil
}

// textScore rates how much s reads like text: letters in runs of their
// own kind count for it; symbols, box drawing, C1 controls and letters of
// one script wedged between letters of another count against it.
func textScore(s string, multi bool) int {
	score := 0
	var prev rune
	for _, r := range s {
		if r < 0x80 {
			prev = r
			continue
		}
		switch {
		case unicode.Is(unicode.Hangul, r), unicode.Is(unicode.Han, r),
			unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
			score += 2
		case unicode.IsLetter(r):
			if unicode.IsUpper(r) && unicode.IsLower(prev) {
				score-- // "mÚmoire": a capital inside a word
			} else {
				score++
			}
		case r == 0xA0: // no-break space, in numbers ("2 047 Mo")
		default:
			score -= 2
		}
		prev = r
	}
	if multi {
		score++ // prefer the locale's double-byte page on a tie
	}
	return score
}

// splitLines splits text at LF, dropping the CRs before it (wmic on old
// Windows ends lines with CR CR LF), and at a lone CR.
func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\r\n", "\n")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	return lines
}

// posIn returns the position of byte offset off of s.
func posIn(s string, off int) extract.Pos {
	return extract.PosAt([]byte(s), int64(off))
}

func invalidAt(file, s, enc string) error {
	for i, r := range s {
		if r == utf8.RuneError {
			return extract.Errorf(file, posIn(s, i), msgBadBytes, enc)
		}
	}
	return extract.Errorf(file, extract.Pos{Line: 1, Col: 1}, msgBadBytes, enc)
}

// checkMojibake refuses text that was damaged before we read it: a
// replacement character (U+FFFD) where a conversion lost a character,
// UTF-8 that was read as a legacy code page and written again ("Ã©" for
// "é", "í˜¸" for "호"), or question marks where a conversion to a code
// page without the characters replaced them ("??? ??:" for "호스트 이름:").
func (t *text) checkMojibake() error {
	for n, line := range t.lines {
		if ascii(line) {
			// Only lost characters can show in ASCII text.
			if i := lostChars(line); i >= 0 {
				return extract.Errorf(t.file, extract.Pos{Line: n + 1, Col: i + 1}, msgQuestionMarks)
			}
			continue
		}
		at, msg := -1, (*i18n.Message)(nil)
		var args []any
		found := func(i int, m *i18n.Message, a ...any) {
			if i >= 0 && (at < 0 || i < at) {
				at, msg, args = i, m, a
			}
		}
		found(strings.IndexRune(line, utf8.RuneError), msgReplacementChar)
		if i, ok := doubleEncoded(line); ok {
			found(i, msgDoubleEncoded)
		}
		found(lostChars(line), msgQuestionMarks)
		for i, r := range line {
			if r >= 0x80 && r < 0xA0 {
				found(i, msgControlChar, r)
				break
			}
		}
		if msg != nil {
			return extract.Errorf(t.file, extract.Pos{Line: n + 1, Col: utf8.RuneCountInString(line[:at]) + 1}, msg, args...)
		}
	}
	return nil
}

// doubleEncoded finds UTF-8 that went through a legacy code page: a run of
// characters whose Windows-1252 bytes form a multi-byte UTF-8 sequence.
func doubleEncoded(line string) (int, bool) {
	var buf [4]byte
	runes := []rune(line)
	off := 0
	for i := 0; i < len(runes); i++ {
		b, ok := cp1252Byte(runes[i])
		if ok && b >= 0xC2 && b <= 0xF4 {
			need := 1
			switch {
			case b >= 0xF0:
				need = 3
			case b >= 0xE0:
				need = 2
			}
			if i+need < len(runes) {
				buf[0] = b
				good := true
				for k := 1; k <= need; k++ {
					c, ok := cp1252Byte(runes[i+k])
					if !ok || c < 0x80 || c > 0xBF {
						good = false
						break
					}
					buf[k] = c
				}
				if good {
					if r, size := utf8.DecodeRune(buf[:need+1]); r != utf8.RuneError && size == need+1 {
						return off, true
					}
				}
			}
		}
		off += utf8.RuneLen(runes[i])
	}
	return 0, false
}

// cp1252Byte returns the Windows-1252 byte of r, if it has one above 0x7F.
func cp1252Byte(r rune) (byte, bool) {
	if r < 0x80 {
		return 0, false
	}
	if r >= 0xA0 && r <= 0xFF {
		return byte(r), true
	}
	b, ok := charmap.Windows1252.EncodeRune(r)
	return b, ok && b >= 0x80
}

// lostChars finds a run of three or more question marks mixed with
// letters' places in a label or value: "??? ??:", "Microsoft Windows 10
// ???". Real systeminfo labels and Windows product names have none.
func lostChars(line string) int {
	i := strings.Index(line, "???")
	if i < 0 {
		i = strings.Index(line, "?? ??")
	}
	return i
}

// ascii reports whether s has only ASCII characters.
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
