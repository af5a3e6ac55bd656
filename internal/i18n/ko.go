package i18n

import (
	"strings"
	"unicode/utf8"
)

// Particle returns the Korean particle of pair ("을/를", "이/가", "은/는",
// "과/와", "으로/로", "이나/나", "이라/라", in either order) that follows
// word: the first form after a final consonant (받침), the second after a
// vowel; for 으로/로, 로 also after ㄹ. Particle("Newtonsoft.Json", "을/를")
// is "을" (제이슨), Particle("1.1.1", "으로/로") is "로" (일). A pair it does
// not know is returned as it is.
//
// The final sound is that of the word as read aloud, from its last
// character that is a Hangul syllable, a digit or a Latin letter
// (closing quotes and brackets are skipped: `"foo"을` attaches to foo):
//
//   - a Hangul syllable: its final consonant;
//   - digits: the number read in Sino-Korean, by its last non-zero digit
//     and the place of its trailing zeros (0 영, 1 일, 3 삼, 6 육, 7 칠,
//     8 팔, 10 십, 100 백, 1000 천, 10000 만 end in a consonant; 2 이,
//     4 사, 5 오, 9 구 do not) — so a version 1.1.0 ends in 영;
//   - Latin letters in capitals (an acronym: SDK, URL, TLS) or a single
//     letter: the letter's name (엘, 엠, 엔, 알 end in a consonant);
//   - a Latin word: the usual Korean rendering of its ending — -l, -le
//     (ㄹ), -m, -n, -ng, -ck, a vowel then -p, -b or -t (앱, 웹, 넷) end
//     in a consonant; the rest (-r, -e, -k, -s, -t after a consonant: 코어,
//     클라이언트) in a vowel.
//
// A word with none of those characters takes the form after a vowel.
// This is a reading heuristic, not a dictionary: it is right for the
// package ids, versions, file names and frameworks messages attach
// particles to, and a wrong guess costs one particle, never the text.
func Particle(word, pair string) string {
	a, b, ok := strings.Cut(pair, "/")
	if !ok {
		return pair
	}
	p, ok := particlePair(a, b)
	if !ok {
		return pair
	}
	return choose(word, p)
}

// choose picks a particle of p (after a consonant, after a vowel) for word.
func choose(word string, p [2]string) string {
	consonant, rieul := finalSound(word)
	if p[0] == "으로" && rieul {
		return p[1]
	}
	if consonant {
		return p[0]
	}
	return p[1]
}

// finalSound reports whether word, read aloud, ends in a consonant, and
// whether that consonant is ㄹ.
func finalSound(word string) (consonant, rieul bool) {
	s := strings.TrimRight(word, closers)
	r, _ := utf8.DecodeLastRuneInString(s)
	switch {
	case r >= 0xAC00 && r <= 0xD7A3:
		jong := (r - 0xAC00) % 28
		return jong != 0, jong == 8
	case r >= '0' && r <= '9':
		return digitsSound(s)
	case isLatin(r):
		i := len(s)
		for i > 0 && isLatin(rune(s[i-1])) {
			i--
		}
		return latinSound(s[i:])
	}
	return false, false
}

// closers are the characters skipped at the end of a word: a particle
// after a quoted or bracketed word attaches to the word.
const closers = " \t\n\"'`’”」』)]}>）"

func isLatin(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// digitsSound reads the final run of digits (digit grouping commas
// included) as a Sino-Korean number.
func digitsSound(s string) (consonant, rieul bool) {
	i := len(s)
	for i > 0 && (s[i-1] >= '0' && s[i-1] <= '9' || s[i-1] == ',' && i > 1 && s[i-2] >= '0' && s[i-2] <= '9') {
		i--
	}
	num := strings.ReplaceAll(s[i:], ",", "")
	zeros := len(num) - len(strings.TrimRight(num, "0"))
	if zeros == len(num) {
		return true, false // 영
	}
	switch zeros {
	case 0:
		switch num[len(num)-1] {
		case '1', '7', '8': // 일, 칠, 팔
			return true, true
		case '3', '6': // 삼, 육
			return true, false
		}
		return false, false // 이, 사, 오, 구
	case 1, 2: // 십, 백
		return true, false
	}
	return true, false // 천, 만, 억 and on: all end in a consonant
}

// latinSound reads a run of Latin letters.
func latinSound(w string) (consonant, rieul bool) {
	if strings.EqualFold(w, "NET") { // .NET, 닷넷
		return true, false
	}
	if len(w) == 1 || strings.ToUpper(w) == w {
		switch w[len(w)-1] {
		case 'L', 'R', 'l', 'r': // 엘, 알
			return true, true
		case 'M', 'N', 'm', 'n': // 엠, 엔
			return true, false
		}
		return false, false
	}
	l := strings.ToLower(w)
	if n := len(l); n >= 3 && l[n-1] == l[n-2] && strings.IndexByte("pbt", l[n-1]) >= 0 {
		l = l[:n-1] // App, 앱
	}
	vowel := func(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
	last := l[len(l)-1]
	switch {
	case last == 'l' || strings.HasSuffix(l, "le"):
		return true, true
	case last == 'm' || last == 'n' || strings.HasSuffix(l, "ng") || strings.HasSuffix(l, "ck"):
		return true, false
	case (last == 'p' || last == 'b' || last == 't') && len(l) >= 2 && vowel(l[len(l)-2]) && (len(l) < 3 || !vowel(l[len(l)-3])):
		return true, false
	}
	return false, false
}
