package csaf

import "github.com/affected-dev/affected/internal/i18n"

var (
	msgMissing = i18n.Define("csaf.missing",
		"CSAF document: missing %q",
		"CSAF 문서: %q{이/가} 없음",
		"CSAF 文件：缺少 %q")
	msgEmpty = i18n.Define("csaf.empty",
		"CSAF document: %q is empty",
		"CSAF 문서: %q{이/가} 비어 있음",
		"CSAF 文件：%q 是空的")
	msgVersion = i18n.Define("csaf.version",
		"CSAF document: csaf_version %q is not supported (supported: 2.0)",
		"CSAF 문서: csaf_version %q{은/는} 지원하지 않음 (지원: 2.0)",
		"CSAF 文件：不支援 csaf_version %q（支援：2.0）")
	msgStatus = i18n.Define("csaf.status",
		"CSAF document: tracking status %q is not draft, final or interim",
		"CSAF 문서: tracking status %q{은/는} draft, final, interim 중 하나가 아님",
		"CSAF 文件：tracking status %q 不是 draft、final 或 interim")
	msgBadTime = i18n.Define("csaf.bad-time",
		"CSAF document: %s: %q is not an RFC 3339 date and time",
		"CSAF 문서: %s: %q{은/는} RFC 3339 날짜와 시각이 아님",
		"CSAF 文件：%s：%q 不是 RFC 3339 日期時間")
	msgUndefinedProduct = i18n.Define("csaf.undefined-product",
		"CSAF document: product %q is not defined in the product tree",
		"CSAF 문서: 제품 %q{이/가} product tree에 정의되어 있지 않음",
		"CSAF 文件：產品 %q 未在 product tree 中定義")
	msgDuplicateProduct = i18n.Define("csaf.duplicate-product",
		"CSAF document: product %q is defined more than once",
		"CSAF 문서: 제품 %q{이/가} 두 번 이상 정의됨",
		"CSAF 文件：產品 %q 重複定義")
	msgUndefinedGroup = i18n.Define("csaf.undefined-group",
		"CSAF document: product group %q is not defined",
		"CSAF 문서: 제품 그룹 %q{이/가} 정의되어 있지 않음",
		"CSAF 文件：產品群組 %q 未定義")
	msgDuplicateGroup = i18n.Define("csaf.duplicate-group",
		"CSAF document: product group %q is defined more than once",
		"CSAF 문서: 제품 그룹 %q{이/가} 두 번 이상 정의됨",
		"CSAF 文件：產品群組 %q 重複定義")
	msgBadPURL = i18n.Define("csaf.bad-purl",
		"CSAF document: %q is not a package URL: %v",
		"CSAF 문서: %q{은/는} 패키지 URL이 아님: %v",
		"CSAF 文件：%q 不是套件 URL：%v")
	msgBadVersion = i18n.Define("csaf.bad-version",
		"CSAF document: %v",
		"CSAF 문서: %v",
		"CSAF 文件：%v")
	msgBadVers = i18n.Define("csaf.bad-vers",
		"CSAF document: version range %q: %v",
		"CSAF 문서: 버전 범위 %q: %v",
		"CSAF 文件：版本範圍 %q：%v")
	msgVersSyntax = i18n.Define("csaf.vers-syntax",
		"not a vers range (vers:SCHEME/CONSTRAINT|CONSTRAINT...)",
		"vers 범위가 아님 (vers:SCHEME/CONSTRAINT|CONSTRAINT...)",
		"不是 vers 範圍（vers:SCHEME/CONSTRAINT|CONSTRAINT...）")
	msgVersScheme = i18n.Define("csaf.vers-scheme",
		"scheme %q does not match a NuGet package (want vers:nuget/...)",
		"스킴 %q{은/는} NuGet 패키지와 맞지 않음 (vers:nuget/... 이어야 함)",
		"scheme %q 與 NuGet 套件不符（應為 vers:nuget/...）")
	msgVersOperator = i18n.Define("csaf.vers-operator",
		"comparator %q cannot be expressed as an OSV range",
		"비교 연산자 %q{은/는} OSV 범위로 나타낼 수 없음",
		"比較運算子 %q 無法以 OSV 範圍表示")
	msgVersOrder = i18n.Define("csaf.vers-order",
		"%s opens a range inside another one",
		"%s{이/가} 다른 범위 안에서 새 범위를 엶",
		"%s 在另一個範圍內開啟新範圍")
	msgMergeIDs = i18n.Define("csaf.merge-ids",
		"cannot merge advisories %s and %s: different tracking ids",
		"권고 %s{과/와} %s{을/를} 병합할 수 없음: tracking id가 다름",
		"無法合併公告 %s 與 %s：tracking id 不同")
	msgMergeLang = i18n.Define("csaf.merge-lang",
		"%s: two documents in language %q",
		"%s: 언어 %q 문서가 두 개임",
		"%s：語言 %q 有兩份文件")
)
