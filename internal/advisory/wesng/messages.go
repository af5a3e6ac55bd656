package wesng

import "github.com/affected-dev/affected/internal/i18n"

var (
	msgRead = i18n.Define("wesng.read",
		"cannot read: %v",
		"읽을 수 없음: %v",
		"無法讀取：%v")
	msgUnterminated = i18n.Define("wesng.unterminated",
		"a quoted field is not closed",
		"따옴표로 묶인 필드가 닫히지 않음",
		"引號括住的欄位沒有結束")
	msgAfterQuote = i18n.Define("wesng.after-quote",
		"text after a closing quote: a quote inside a field must be doubled",
		"닫는 따옴표 뒤에 텍스트가 있음: 필드 안의 따옴표는 두 번 써야 함",
		"結束引號後還有文字：欄位內的引號必須重複寫兩次")
	msgNotZip = i18n.Define("wesng.not-zip",
		"not a zip archive: %v",
		"zip 압축 파일이 아님: %v",
		"不是 zip 壓縮檔：%v")
	msgTooManyEntries = i18n.Define("wesng.too-many-entries",
		"%d {entry|entries}, more than the %d a definitions archive has",
		"항목 %d개: 정의 파일 압축본의 최대 %d개보다 많음",
		"%d 個項目，超過定義壓縮檔應有的 %d 個")
	msgTwoLists = i18n.Define("wesng.two-lists",
		"two CVE lists, %s and %s",
		"CVE 목록이 두 개임: %s, %s",
		"有兩份 CVE 清單：%s 與 %s")
	msgNoCVEs = i18n.Define("wesng.no-cves",
		"no CVEs_*.csv in the archive: not wesng definitions",
		"압축 파일에 CVEs_*.csv가 없음: wesng 정의가 아님",
		"壓縮檔中沒有 CVEs_*.csv：不是 wesng 定義檔")
	msgNoHeader = i18n.Define("wesng.no-header",
		"no wesng header row (DatePosted, CVE, BulletinKB, Title, AffectedProduct, AffectedComponent, Severity, Impact, Supersedes, Exploits)",
		"wesng 머리글 행이 없음 (DatePosted, CVE, BulletinKB, Title, AffectedProduct, AffectedComponent, Severity, Impact, Supersedes, Exploits)",
		"沒有 wesng 標題列（DatePosted、CVE、BulletinKB、Title、AffectedProduct、AffectedComponent、Severity、Impact、Supersedes、Exploits）")
	msgColumns = i18n.Define("wesng.columns",
		"%d {column|columns}, expected %d",
		"열 %d개, %d개여야 함",
		"%d 欄，應為 %d 欄")
	msgBadDate = i18n.Define("wesng.bad-date",
		"DatePosted %q is not yyyymmdd",
		"DatePosted %q{이/가} yyyymmdd 형식이 아님",
		"DatePosted %q 不是 yyyymmdd 格式")
)
