package msdocs

import "github.com/affected-dev/affected/internal/i18n"

var (
	msgNoFrontMatter = i18n.Define("msdocs.no-front-matter",
		`no front matter: a document of Microsoft's security-updates archive starts with a line "---"`,
		`front matter 없음: Microsoft 보안 업데이트 보관 문서는 "---" 줄로 시작함`,
		`沒有 front matter：Microsoft 安全性更新封存文件以「---」行開頭`)
	msgFrontMatterOpen = i18n.Define("msdocs.front-matter-open",
		`front matter not closed by a line "---" (truncated document?)`,
		`front matter가 "---" 줄로 닫히지 않음 (잘린 문서?)`,
		`front matter 沒有以「---」行結束（文件被截斷？）`)
	msgFrontMatterYAML = i18n.Define("msdocs.front-matter-yaml",
		"front matter is not YAML: %v",
		"front matter가 YAML이 아님: %v",
		"front matter 不是 YAML：%v")
	msgNoAssetID = i18n.Define("msdocs.no-asset-id",
		"front matter has no ms:assetid: not an advisory or a bulletin",
		"front matter에 ms:assetid가 없음: 권고나 공지가 아님",
		"front matter 沒有 ms:assetid：不是摘要報告或公告")
	msgBadAssetID = i18n.Define("msdocs.bad-asset-id",
		"ms:assetid %q is neither an advisory number (4010983) nor a bulletin id (ms16-007)",
		"ms:assetid %q{은/는} 권고 번호(4010983)도 공지 ID(ms16-007)도 아님",
		"ms:assetid %q 既不是摘要報告編號（4010983），也不是公告識別碼（ms16-007）")
	msgNoHeading = i18n.Define("msdocs.no-heading",
		"no heading after the front matter (truncated document?)",
		"front matter 다음에 제목이 없음 (잘린 문서?)",
		"front matter 之後沒有標題（文件被截斷？）")
	msgTableOpen = i18n.Define("msdocs.table-open",
		"table not closed by </table> (truncated document?)",
		"표가 </table>로 닫히지 않음 (잘린 문서?)",
		"表格沒有以 </table> 結束（文件被截斷？）")
	msgTableNoHeader = i18n.Define("msdocs.table-no-header",
		"table of affected software has no header row naming its columns",
		"영향받는 소프트웨어 표에 열 이름을 밝힌 머리글 행이 없음",
		"受影響軟體的表格沒有標示欄位名稱的標題列")
	msgNoPackageRows = i18n.Define("msdocs.no-package-rows",
		"table of affected packages has no row that can be read",
		"영향받는 패키지 표에 읽을 수 있는 행이 없음",
		"受影響套件的表格沒有可讀取的列")
	msgNoProductRows = i18n.Define("msdocs.no-product-rows",
		"table of affected software has no row that can be read",
		"영향받는 소프트웨어 표에 읽을 수 있는 행이 없음",
		"受影響軟體的表格沒有可讀取的列")

	// Warnings: the row is left out or kept with less, the document is
	// imported.
	msgRowNoPackage = i18n.Define("msdocs.row-no-package",
		"row has versions but no package name: not attached to any package",
		"행에 버전은 있지만 패키지 이름이 없음: 어느 패키지에도 붙이지 않음",
		"此列有版本但沒有套件名稱：不歸入任何套件")
	msgRowBadVersion = i18n.Define("msdocs.row-bad-version",
		"package %s: %q is not a version: row skipped",
		"패키지 %s: %q{은/는} 버전이 아님: 행을 건너뜀",
		"套件 %s：%q 不是版本：略過此列")
	msgRowTrains = i18n.Define("msdocs.row-trains",
		"package %s: %d {line|lines} of affected versions but %d fixed {version|versions}: row skipped",
		"패키지 %s: 영향받는 버전 줄은 %d개인데 수정된 버전은 %d개: 행을 건너뜀",
		"套件 %s：受影響版本有 %d 行，但修正版本有 %d 個：略過此列")
	msgRowProduct = i18n.Define("msdocs.row-product",
		"product %q not understood: kept without a product id",
		"제품 %q{을/를} 알아보지 못함: 제품 ID 없이 둠",
		"無法辨識產品 %q：保留但沒有產品 ID")
	msgRowCells = i18n.Define("msdocs.row-cells",
		"row has %d {cell|cells} where the header has %d: skipped",
		"행의 칸이 %d개인데 머리글은 %d개: 건너뜀",
		"此列有 %d 格，但標題列有 %d 格：略過")
)
