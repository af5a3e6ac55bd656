package msbuild

import "github.com/affected-dev/affected/internal/i18n"

// Messages of this package.
var (
	MsgTooDeep = i18n.Define("msbuild.too-deep",
		"elements nested deeper than %d {level|levels}",
		"요소가 %d단계보다 깊게 중첩됨",
		"元素巢狀超過 %d 層")
	MsgTwoRoots = i18n.Define("msbuild.two-roots",
		"a second root element; an XML document has exactly one",
		"두 번째 루트 요소가 있음; XML 문서에는 루트가 하나만 있어야 함",
		"出現第二個根元素；XML 文件只能有一個根元素")
	MsgUnexpectedEnd = i18n.Define("msbuild.unexpected-end",
		"unexpected end tag </%s>",
		"예기치 않은 끝 태그 </%s>",
		"非預期的結束標籤 </%s>")
	MsgUnclosed = i18n.Define("msbuild.unclosed",
		"element <%s> is not closed",
		"요소 <%s>{이/가} 닫히지 않음",
		"元素 <%s> 未關閉")
	MsgNoRoot = i18n.Define("msbuild.no-root",
		"no XML element: the file is empty or not XML",
		"XML 요소가 없음: 파일이 비어 있거나 XML이 아님",
		"沒有 XML 元素：檔案為空或不是 XML")
	MsgNotProject = i18n.Define("msbuild.not-project",
		"root element is <%s>, not <Project>",
		"루트 요소가 <Project>가 아니라 <%s>임",
		"根元素是 <%s>，而不是 <Project>")
	MsgNoInclude = i18n.Define("msbuild.no-include",
		"<%s> has neither Include nor Update",
		"<%s>에 Include도 Update도 없음",
		"<%s> 沒有 Include 也沒有 Update")
	MsgImportCycle = i18n.Define("msbuild.import-cycle",
		"import of %s skipped: it is already being imported (a cycle)",
		"%s 가져오기를 건너뜀: 이미 가져오는 중임 (순환)",
		"已略過匯入 %s：它已在匯入中（循環）")
	MsgImportFailed = i18n.Define("msbuild.import-failed",
		"import of %s: %v",
		"%s 가져오기: %v",
		"匯入 %s：%v")
	MsgTooManyImports = i18n.Define("msbuild.too-many-imports",
		"more than %d {import|imports}; the rest are skipped",
		"가져오기가 %d개를 넘음; 나머지는 건너뜀",
		"匯入超過 %d 個；其餘已略過")
	MsgPropertyTooLong = i18n.Define("msbuild.property-too-long",
		"property %s expands past %d {byte|bytes}; the project is not evaluated further",
		"속성 %s: 확장하면 %d바이트를 넘음; 프로젝트 평가를 중단함",
		"屬性 %s 展開後超過 %d 位元組；不再評估此專案")
	MsgValueTooLong = i18n.Define("msbuild.value-too-long",
		"a value of <%s> expands past %d {byte|bytes}; the project is not evaluated further",
		"<%s>의 값: 확장하면 %d바이트를 넘음; 프로젝트 평가를 중단함",
		"<%s> 的值展開後超過 %d 位元組；不再評估此專案")
	MsgExpansionWork = i18n.Define("msbuild.expansion-work",
		"at <%s> the project's expanded text passes %d {byte|bytes} in all; the project is not evaluated further",
		"<%s>에서 프로젝트의 확장된 텍스트가 모두 %d바이트를 넘음; 프로젝트 평가를 중단함",
		"在 <%s> 處，專案展開後的文字總計超過 %d 位元組；不再評估此專案")
	MsgTooManyFrameworks = i18n.Define("msbuild.too-many-frameworks",
		"%d target frameworks; only the first %d are evaluated",
		"대상 프레임워크가 %d개임; 처음 %d개만 평가함",
		"共有 %d 個目標架構；只評估前 %d 個")
)
