package nuget

import "github.com/affected-dev/affected/internal/i18n"

func errorf(m *i18n.Message, args ...any) error { return i18n.Errorf(m, args...) }

// Messages of this package.
var (
	MsgEmptyVersion = i18n.Define("nuget.empty-version",
		"empty version",
		"버전이 비어 있음",
		"版本為空")
	MsgBadVersion = i18n.Define("nuget.bad-version",
		"%q is not a NuGet version (want numbers like 1.2.3, optionally -label and +metadata)",
		"%q{은/는} NuGet 버전이 아님 (1.2.3 형식의 숫자와 선택적인 -레이블, +메타데이터 필요)",
		"%q 不是 NuGet 版本（應為 1.2.3 這類數字，可加 -標籤 與 +中繼資料）")
	MsgBadRange = i18n.Define("nuget.bad-range",
		"%q is not a NuGet version range: %v",
		"%q{은/는} NuGet 버전 범위가 아님: %v",
		"%q 不是 NuGet 版本範圍：%v")
	MsgRangeBrackets = i18n.Define("nuget.range-brackets",
		"an interval needs an opening [ or (, one comma and a closing ] or )",
		"구간에는 여는 [ 또는 (, 쉼표 하나, 닫는 ] 또는 )가 필요함",
		"區間需要開頭的 [ 或 (、一個逗號以及結尾的 ] 或 )")
	MsgRangeExact = i18n.Define("nuget.range-exact",
		"an exact version is written [1.0]",
		"정확한 버전은 [1.0] 형식으로 씀",
		"精確版本應寫成 [1.0]")
	MsgRangeNoBounds = i18n.Define("nuget.range-no-bounds",
		"an interval needs at least one bound",
		"구간에는 경계가 하나 이상 필요함",
		"區間至少需要一個邊界")
	MsgRangeEmpty = i18n.Define("nuget.range-empty",
		"the interval contains no version",
		"이 구간에는 어떤 버전도 포함되지 않음",
		"此區間不包含任何版本")
	MsgBadFloat = i18n.Define("nuget.bad-float",
		"%q is not a floating version (want forms like 1.*, 1.0.*, 1.0.0-beta*, *-*)",
		"%q{은/는} 유동 버전이 아님 (1.*, 1.0.*, 1.0.0-beta*, *-* 형식 필요)",
		"%q 不是浮動版本（應為 1.*、1.0.*、1.0.0-beta*、*-* 這類形式）")
)
