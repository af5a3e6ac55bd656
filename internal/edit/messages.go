package edit

import "github.com/affected-dev/affected/internal/i18n"

// Messages of this package.
var (
	MsgUTF16 = i18n.Define("edit.utf16",
		"the file is UTF-16: affected edits UTF-8 files only; change it by hand (or save it as UTF-8)",
		"파일이 UTF-16임: affected는 UTF-8 파일만 편집함; 직접 고치세요 (또는 UTF-8로 저장하세요)",
		"檔案為 UTF-16：affected 只編輯 UTF-8 檔案；請手動修改（或另存為 UTF-8）")
	MsgOutside = i18n.Define("edit.outside",
		"edit [%d,%d) lies outside the file (%d {byte|bytes})",
		"편집 범위 [%d,%d)가 파일(%d바이트) 밖에 있음",
		"編輯範圍 [%d,%d) 超出檔案（%d 位元組）")
	MsgOverlap = i18n.Define("edit.overlap",
		"two edits overlap at byte %d",
		"두 편집이 %d바이트에서 겹침",
		"兩項編輯在第 %d 位元組重疊")
	MsgNoText = i18n.Define("edit.no-text",
		"element <%s> has no text to replace",
		"요소 <%s>에 바꿀 텍스트가 없음",
		"元素 <%s> 沒有可取代的文字")
	MsgNotPlainText = i18n.Define("edit.not-plain-text",
		"the text of <%s> is not plain text (entities or CDATA); edit it by hand",
		"<%s>의 텍스트가 일반 텍스트가 아님(엔티티 또는 CDATA); 직접 수정하세요",
		"<%s> 的文字不是純文字（實體或 CDATA）；請手動編輯")
	MsgTooDeep = i18n.Define("edit.too-deep",
		"JSON nested more than %d {level|levels} deep",
		"JSON 중첩이 %d단계를 넘음",
		"JSON 巢狀層級超過 %d 層")
)
