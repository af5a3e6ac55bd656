package db

import "github.com/affected-dev/affected/internal/i18n"

var (
	msgNoCacheDir = i18n.Define("db.no-cache-dir",
		"no database directory: set --db or %s (%v)",
		"데이터베이스 디렉터리가 없음: --db 또는 %s{을/를} 설정하세요 (%v)",
		"沒有資料庫目錄：請設定 --db 或 %s（%v）")
	msgRead = i18n.Define("db.read",
		"reading the advisory database %s: %v",
		"권고 데이터베이스 %s 읽기: %v",
		"讀取公告資料庫 %s：%v")
	msgCorrupt = i18n.Define("db.corrupt",
		"the advisory database %s is damaged (%v); run 'affected db update' or import again",
		"권고 데이터베이스 %s{이/가} 손상됨 (%v); 'affected db update'를 실행하거나 다시 가져오세요",
		"公告資料庫 %s 已損毀（%v）；請執行 'affected db update' 或重新匯入")
	msgBadPointer = i18n.Define("db.bad-pointer",
		"CURRENT does not name a database version",
		"CURRENT가 데이터베이스 버전을 가리키지 않음",
		"CURRENT 未指向資料庫版本")
	msgFormat = i18n.Define("db.format",
		"format %s is not supported (this affected reads format %d)",
		"형식 %s{은/는} 지원하지 않음 (이 affected는 형식 %d{을/를} 읽음)",
		"不支援格式 %s（此 affected 讀取格式 %d）")
	msgBadSpan = i18n.Define("db.bad-span",
		"no valid record at offset %d",
		"오프셋 %d에 올바른 레코드가 없음",
		"位移 %d 處沒有有效的記錄")
	msgBadLine = i18n.Define("db.bad-line",
		"%s: line %d is not a record",
		"%s: %d번째 줄이 레코드가 아님",
		"%s：第 %d 行不是記錄")
	msgBadIndex = i18n.Define("db.bad-index",
		"an index file is not in the expected form",
		"색인 파일의 형식이 올바르지 않음",
		"索引檔的格式不正確")
	msgWrite = i18n.Define("db.write",
		"writing the advisory database %s: %v",
		"권고 데이터베이스 %s 쓰기: %v",
		"寫入公告資料庫 %s：%v")
	msgLocked = i18n.Define("db.locked",
		"the advisory database %s is being written by another affected (remove %s if none is running)",
		"다른 affected가 권고 데이터베이스 %s에 쓰는 중임 (실행 중인 것이 없으면 %s{을/를} 지우세요)",
		"另一個 affected 正在寫入公告資料庫 %s（若沒有正在執行的，請刪除 %s）")
	msgNotZip = i18n.Define("db.not-zip",
		"not a zip archive: %v",
		"zip 압축 파일이 아님: %v",
		"不是 zip 封存檔：%v")
	msgTooManyEntries = i18n.Define("db.too-many-entries",
		"the archive has %d {entry|entries}, more than the limit of %d",
		"압축 파일의 항목이 %d개로 제한 %d개를 넘음",
		"封存檔有 %d 個項目，超過上限 %d")
	msgUnsafeName = i18n.Define("db.unsafe-name",
		"unsafe entry name (absolute, or with .. or a backslash); skipped",
		"안전하지 않은 항목 이름 (절대 경로, .. 또는 역슬래시 포함); 건너뜀",
		"不安全的項目名稱（絕對路徑，或含 .. 或反斜線）；已略過")
	msgSymlink = i18n.Define("db.symlink",
		"symbolic link in the archive; skipped",
		"압축 파일 안의 심볼릭 링크; 건너뜀",
		"封存檔中的符號連結；已略過")
	msgNotRegular = i18n.Define("db.not-regular",
		"not a regular file; skipped",
		"일반 파일이 아님; 건너뜀",
		"不是一般檔案；已略過")
	msgDuplicateEntry = i18n.Define("db.duplicate-entry",
		"entry name appears twice in the archive; skipped",
		"같은 항목 이름이 압축 파일에 두 번 있음; 건너뜀",
		"封存檔中項目名稱重複；已略過")
	msgEntryTooLarge = i18n.Define("db.entry-too-large",
		"larger than the %d MiB limit once decompressed; skipped",
		"압축을 풀면 %d MiB 제한보다 큼; 건너뜀",
		"解壓縮後超過 %d MiB 上限；已略過")
	msgArchiveTooLarge = i18n.Define("db.archive-too-large",
		"the archive is larger than the %d MiB limit; not read further",
		"압축 파일이 %d MiB 제한보다 큼; 더 읽지 않음",
		"封存檔超過 %d MiB 上限；不再讀取")
	msgReadEntry = i18n.Define("db.read-entry",
		"cannot decompress: %v",
		"압축을 풀 수 없음: %v",
		"無法解壓縮：%v")
	msgNothing = i18n.Define("db.nothing",
		"no OSV or CSAF file found to import (files and archive entries must end in .json)",
		"가져올 OSV 또는 CSAF 파일이 없음 (파일과 압축 항목은 .json으로 끝나야 함)",
		"找不到可匯入的 OSV 或 CSAF 檔案（檔案與封存項目必須以 .json 結尾）")
	msgBuiltinID = i18n.Define("db.builtin-id",
		"%s is a built-in advisory and cannot be replaced; skipped",
		"%s{은/는} 내장 권고라서 바꿀 수 없음; 건너뜀",
		"%s 是內建公告，無法取代；已略過")
	msgMerge = i18n.Define("db.merge",
		"%v; skipped",
		"%v; 건너뜀",
		"%v；已略過")
	msgDuplicateID = i18n.Define("db.duplicate-id",
		"advisory %s was already read from %s; skipped",
		"권고 %s{은/는} 이미 %s에서 읽었음; 건너뜀",
		"公告 %s 已從 %s 讀取；已略過")
	msgUnknownFormat = i18n.Define("db.unknown-format",
		"neither an OSV record nor a CSAF 2.0 document",
		"OSV 레코드도 CSAF 2.0 문서도 아님",
		"既不是 OSV 記錄也不是 CSAF 2.0 文件")
	msgBadSource = i18n.Define("db.bad-source",
		"%q is not an http or https URL, a file:// URL or a path",
		"%q{은/는} http, https 또는 file:// URL이나 경로가 아님",
		"%q 不是 http、https 或 file:// URL，也不是路徑")
	msgRejected = i18n.Define("db.rejected",
		"the archive %s was rejected (%d {problem|problems}); the database is unchanged",
		"압축 파일 %s{을/를} 거부함 (문제 %d개); 데이터베이스는 바뀌지 않았음",
		"已拒絕封存檔 %s（%d 個問題）；資料庫未變更")
	msgEmptyArchive = i18n.Define("db.empty-archive",
		"the archive %s has no advisory; the database is unchanged",
		"압축 파일 %s에 권고가 없음; 데이터베이스는 바뀌지 않았음",
		"封存檔 %s 中沒有公告；資料庫未變更")
	msgNotJSONEntry = i18n.Define("db.not-json-entry",
		"not a .json entry",
		".json 항목이 아님",
		"不是 .json 項目")
	msgUnreachable = i18n.Define("db.unreachable",
		"could not reach %s: %v",
		"%s에 연결할 수 없음: %v",
		"無法連線到 %s：%v")
	msgReadSource = i18n.Define("db.read-source",
		"reading %s: %v",
		"%s 읽기: %v",
		"讀取 %s：%v")
	msgDownload = i18n.Define("db.download",
		"downloading %s: %v",
		"%s 내려받기: %v",
		"下載 %s：%v")
	msgHTTPStatus = i18n.Define("db.http-status",
		"downloading %s: the server answered %s",
		"%s 내려받기: 서버 응답 %s",
		"下載 %s：伺服器回應 %s")
	msgDownloadTooLarge = i18n.Define("db.download-too-large",
		"downloading %s: larger than the %d MiB limit",
		"%s 내려받기: %d MiB 제한보다 큼",
		"下載 %s：超過 %d MiB 上限")
	msgWesngRead = i18n.Define("db.wesng-read",
		"%s: wesng definitions of %s: %d {row|rows}, %d of them of Windows products, kept as %d {advisory|advisories}; %d {row|rows} of %d other {product|products} (Office, SQL Server, Azure Linux packages, …) left out: a Windows inventory cannot tell whether they are installed",
		"%s: %s자 wesng 정의: 행 %d개 중 Windows 제품의 행 %d개를 권고 %d개로 보관; 다른 제품 %[7]d개(Office, SQL Server, Azure Linux 패키지 등)의 행 %[6]d개는 제외: Windows 인벤토리로는 설치 여부를 알 수 없음",
		"%s：%s 的 wesng 定義：%d 列，其中 Windows 產品的 %d 列存為 %d 則公告；其他 %[7]d 項產品（Office、SQL Server、Azure Linux 套件等）的 %[6]d 列未收錄：Windows 清冊無法判斷是否已安裝")
	msgWesngUnmapped = i18n.Define("db.wesng-unmapped",
		"%d product {name|names} not understood, kept without a product id (no host matches them): %s",
		"이해하지 못한 제품 이름 %d개는 제품 ID 없이 보관함(어떤 호스트와도 맞지 않음): %s",
		"無法理解的產品名稱 %d 個，保留但沒有產品 ID（不會比對到任何主機）：%s")
)
