package extract

import (
	"bytes"
	"encoding/xml"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"

	"github.com/affected-dev/affected/internal/i18n"
)

// DecodeUTF16 returns data as UTF-8 when it starts with a UTF-16 byte
// order mark (either byte order: Visual Studio saves project files, props
// and solutions so when told to), without the mark, and whether it did;
// other data is returned as it is. Positions in the result count the same
// characters as in the file, which is how located errors name them. A file
// that is not valid UTF-16 (an odd number of bytes, an unpaired surrogate)
// is a located error.
func DecodeUTF16(file string, data []byte) ([]byte, bool, error) {
	if !bytes.HasPrefix(data, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return data, false, nil
	}
	if len(data)%2 != 0 {
		return nil, true, Errorf(file, Pos{Line: 1, Col: 1}, MsgUTF16, i18n.Errorf(MsgOddLength))
	}
	// The byte order mark chooses the byte order; the decoder drops it
	// and replaces an unpaired surrogate by U+FFFD, which is not an error
	// here: it can only be in text affected does not use (ids and
	// versions are ASCII).
	out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
	if err != nil {
		return nil, true, Errorf(file, Pos{Line: 1, Col: 1}, MsgUTF16, err)
	}
	return out, true, nil
}

// Messages of UTF-16 decoding.
var (
	MsgUTF16 = i18n.Define("extract.utf16",
		"cannot decode UTF-16: %v",
		"UTF-16을 해독할 수 없음: %v",
		"無法解碼 UTF-16：%v")
	MsgOddLength = i18n.Define("extract.utf16-odd",
		"an odd number of bytes",
		"바이트 수가 홀수임",
		"位元組數為奇數")
)

// DuplicateAttr returns the name of the first attribute of a start tag
// given twice (names compared case-insensitively, as MSBuild and NuGet
// read them), and the value of its first occurrence. XML forbids the
// same name twice, and MSBuild refuses such a file; a parser that reads on
// reports it with MsgDuplicateAttr, so that the value not read is not
// dropped in silence.
func DuplicateAttr(attrs []xml.Attr) (name, first string, ok bool) {
	for i, a := range attrs {
		for _, b := range attrs[:i] {
			if strings.EqualFold(a.Name.Local, b.Name.Local) && a.Name.Space == b.Name.Space {
				return a.Name.Local, b.Value, true
			}
		}
	}
	return "", "", false
}

// InvalidUTF8 returns the offset of the first byte of data that is not
// valid UTF-8, or -1. Decoders of JSON replace such bytes by U+FFFD, so
// that a package name holding one silently matches nothing; the caller
// reports the position with MsgInvalidUTF8.
func InvalidUTF8(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// Messages of encoding problems a parser reads on past.
var (
	MsgDuplicateAttr = i18n.Define("extract.duplicate-attr",
		"attribute %s is given twice in <%s> (not well-formed XML, which MSBuild and NuGet refuse); affected reads the first value, %q",
		"<%[2]s>에 속성 %[1]s{이/가} 두 번 있음 (올바른 XML이 아니며 MSBuild와 NuGet이 거부함); affected는 첫 번째 값 %[3]q{을/를} 읽음",
		"<%[2]s> 中的屬性 %[1]s 出現兩次（不是格式正確的 XML，MSBuild 與 NuGet 會拒絕）；affected 讀取第一個值 %[3]q")
	MsgInvalidUTF8 = i18n.Define("extract.invalid-utf8",
		"byte 0x%02X is not valid UTF-8: a name holding it (a package id) matches no advisory",
		"바이트 0x%02X는 올바른 UTF-8이 아님: 이 바이트가 든 이름(패키지 ID)은 어떤 권고와도 일치하지 않음",
		"位元組 0x%02X 不是有效的 UTF-8：含有它的名稱（套件識別碼）不會符合任何公告")
)
