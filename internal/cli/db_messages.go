package cli

import "github.com/affected-dev/affected/internal/i18n"

// Messages of the db command.
var (
	msgDBSummary = i18n.Define("dbcmd.summary",
		"the advisory database: list, show ID, import FILE|DIR|ZIP, update",
		"권고 데이터베이스: list, show ID, import 파일|디렉터리|ZIP, update",
		"公告資料庫：list、show ID、import 檔案|目錄|ZIP、update")
	msgDBUsage = i18n.Define("dbcmd.usage",
		`Usage:
  affected db list [--format text|json]
  affected db show ID [--format text|json]
  affected db import FILE|DIR|ZIP... [--server URL]
  affected db update [--source URL | --server URL]

The advisory database holds the advisories that scan, why and fix match
against: the built-in records (MSA-4010983, MSA-3109853) and those stored
in a directory by import and update.

  list     every advisory: id, severity, publication date, number of
           exposures, title
  show     one advisory by id or alias (CVE-2017-8700, GHSA-…), in the
           language of --lang when the record has it, else in English
  import   OSV records and CSAF 2.0 documents: files, directories (every
           *.json and *.zip in them) and zip archives; the format is found
           per file. CSAF documents of one advisory in several languages
           become one advisory. A file that cannot be read is reported and
           skipped; the others are imported.
  update   download osv.dev's archive of NuGet advisories (or --source
           URL), check every entry, and replace the downloaded records in
           one step; imported records are kept. The only command that uses
           the network.

Flags:
  --db DIR             database directory (default: $AFFECTED_DB, else
                       affected/ in the user cache directory)
  --format text|json   output of list and show (default text)
  --source URL         archive for update (default
                       https://osv-vulnerabilities.storage.googleapis.com/NuGet/all.zip)
  --server URL         an affected server instead of the local database
                       (an admin token in $AFFECTED_TOKEN): import sends it
                       the records read; update has it update from its own
                       source (affected server --update-source)
  --lang en|ko|zh-TW   language of the output

Exit codes: 0 done; 2 a usage error, an unknown id, a file skipped by
import, or an archive refused by update (the database is then unchanged).
`,
		`사용법:
  affected db list [--format text|json]
  affected db show ID [--format text|json]
  affected db import 파일|디렉터리|ZIP... [--server URL]
  affected db update [--source URL | --server URL]

권고 데이터베이스에는 scan, why, fix가 대조하는 권고가 들어 있습니다: 내장
레코드(MSA-4010983, MSA-3109853)와 import, update가 디렉터리에 저장한 권고.

  list     모든 권고: ID, 심각도, 게시일, 노출 수, 제목
  show     ID 또는 별칭(CVE-2017-8700, GHSA-…)으로 권고 하나를 표시;
           레코드에 --lang 언어가 있으면 그 언어로, 없으면 영어로
  import   OSV 레코드와 CSAF 2.0 문서: 파일, 디렉터리(그 안의 모든 *.json과
           *.zip), zip 압축 파일; 형식은 파일마다 판단합니다. 한 권고의 여러
           언어 CSAF 문서는 권고 하나가 됩니다. 읽을 수 없는 파일은 보고하고
           건너뛰며 나머지는 가져옵니다.
  update   osv.dev의 NuGet 권고 압축 파일(또는 --source URL)을 내려받아 모든
           항목을 확인한 뒤, 내려받은 레코드를 한 번에 바꿉니다; 가져온
           레코드는 유지됩니다. 네트워크를 쓰는 유일한 명령입니다.

플래그:
  --db 디렉터리         데이터베이스 디렉터리 (기본값: $AFFECTED_DB, 없으면
                       사용자 캐시 디렉터리의 affected/)
  --format text|json   list와 show의 출력 형식 (기본값 text)
  --source URL         update에 쓸 압축 파일 (기본값
                       https://osv-vulnerabilities.storage.googleapis.com/NuGet/all.zip)
  --server URL         로컬 데이터베이스 대신 affected 서버 ($AFFECTED_TOKEN에
                       admin 토큰): import는 읽은 레코드를 서버에 보내고,
                       update는 서버가 자체 소스에서 업데이트하게 함
                       (affected server --update-source)
  --lang en|ko|zh-TW   출력 언어

종료 코드: 0 완료; 2 사용법 오류, 알 수 없는 ID, import가 건너뛴 파일, 또는
update가 거부한 압축 파일 (이때 데이터베이스는 바뀌지 않음).
`,
		`使用方式：
  affected db list [--format text|json]
  affected db show ID [--format text|json]
  affected db import 檔案|目錄|ZIP... [--server URL]
  affected db update [--source URL | --server URL]

公告資料庫存放 scan、why、fix 比對所用的公告：內建記錄（MSA-4010983、
MSA-3109853），以及 import 與 update 存於目錄中的公告。

  list     所有公告：ID、嚴重性、發布日期、曝險數、標題
  show     依 ID 或別名（CVE-2017-8700、GHSA-…）顯示一則公告；記錄有
           --lang 的語言時以該語言顯示，否則以英文顯示
  import   OSV 記錄與 CSAF 2.0 文件：檔案、目錄（其中所有 *.json 與
           *.zip）及 zip 封存檔；格式逐檔判斷。同一公告的多語言 CSAF 文件
           合併為一則公告。無法讀取的檔案會回報並略過，其餘照常匯入。
  update   下載 osv.dev 的 NuGet 公告封存檔（或 --source URL），檢查每個
           項目後一次取代已下載的記錄；匯入的記錄會保留。這是唯一使用網路
           的指令。

旗標：
  --db 目錄             資料庫目錄（預設：$AFFECTED_DB，否則為使用者快取
                       目錄下的 affected/）
  --format text|json   list 與 show 的輸出格式（預設 text）
  --source URL         update 使用的封存檔（預設
                       https://osv-vulnerabilities.storage.googleapis.com/NuGet/all.zip）
  --server URL         以 affected 伺服器取代本機資料庫（$AFFECTED_TOKEN
                       中放 admin 權杖）：import 將讀到的記錄傳給伺服器，
                       update 讓伺服器從自己的來源更新
                       （affected server --update-source）
  --lang en|ko|zh-TW   輸出語言

結束代碼：0 完成；2 使用方式錯誤、未知的 ID、import 略過了檔案，或 update
拒絕了封存檔（此時資料庫不變）。
`)
	msgDBUnknownSub = i18n.Define("dbcmd.unknown-sub",
		"unknown db command %q (list, show, import, update)",
		"알 수 없는 db 명령 %q (list, show, import, update)",
		"未知的 db 指令 %q（list、show、import、update）")
	msgDBFlagNotFor = i18n.Define("dbcmd.flag-not-for",
		"--%s does not apply to db %s",
		"--%s{은/는} db %s에 쓸 수 없음",
		"--%s 不適用於 db %s")
	msgDBListHeader = i18n.Define("dbcmd.list-header",
		"ID\tSEVERITY\tPUBLISHED\tEXPOSURES\tTITLE",
		"ID\t심각도\t게시일\t노출\t제목",
		"ID\t嚴重性\t發布日期\t曝險\t標題")
	msgDBWithdrawnTitle = i18n.Define("dbcmd.withdrawn-title",
		"[withdrawn] %s",
		"[철회됨] %s",
		"[已撤回] %s")
	msgDBListFooter = i18n.Define("dbcmd.list-footer",
		"\n%d {advisory|advisories}: %d built-in, %d in %s\n",
		"\n권고 %d개: 내장 %d개, %d개는 %s에 있음\n",
		"\n共 %d 則公告：內建 %d 則，%d 則位於 %s\n")
	msgDBListUpdated = i18n.Define("dbcmd.list-updated",
		"updated %s (%d {day|days} ago) from %s\n",
		"%s 갱신 (%d일 전), 출처: %s\n",
		"更新於 %s（%d 天前），來源：%s\n")
	msgDBImportsOnly = i18n.Define("dbcmd.imports-only",
		"imported files",
		"가져온 파일",
		"匯入的檔案")
	msgDBNoSuchAdvisory = i18n.Define("dbcmd.no-such-advisory",
		"no advisory %q in the built-in records or in %s",
		"권고 %q{이/가} 내장 레코드에도 %s에도 없음",
		"公告 %q 不在內建記錄中，也不在 %s 中")
	msgDBLangMissing = i18n.Define("dbcmd.lang-missing",
		"(this advisory has no %s text; shown in %s)",
		"(이 권고에는 %s 텍스트가 없어 %s{으로/로} 표시함)",
		"（此公告沒有 %s 文字；以 %s 顯示）")
	msgDBFieldAliases = i18n.Define("dbcmd.field-aliases",
		"Aliases:", "별칭:", "別名：")
	msgDBFieldSource = i18n.Define("dbcmd.field-source",
		"Source:", "출처:", "來源：")
	msgDBFieldSeverity = i18n.Define("dbcmd.field-severity",
		"Severity:", "심각도:", "嚴重性：")
	msgDBFieldPublished = i18n.Define("dbcmd.field-published",
		"Published:", "게시일:", "發布日期：")
	msgDBFieldModified = i18n.Define("dbcmd.field-modified",
		"Modified:", "수정일:", "修改日期：")
	msgDBFieldWithdrawn = i18n.Define("dbcmd.field-withdrawn",
		"Withdrawn:", "철회일:", "撤回日期：")
	msgDBFieldScore = i18n.Define("dbcmd.field-score",
		"Score:", "점수:", "評分：")
	msgDBRemediation = i18n.Define("dbcmd.remediation",
		"What to do:", "조치 방법:", "處理方式：")
	msgDBPackages = i18n.Define("dbcmd.packages",
		"Affected packages:", "영향을 받는 패키지:", "受影響的套件：")
	msgDBAffectedRanges = i18n.Define("dbcmd.affected-ranges",
		"affected ranges:", "영향 범위:", "受影響範圍：")
	msgDBAffectedVersions = i18n.Define("dbcmd.affected-versions",
		"affected versions:", "영향 버전:", "受影響版本：")
	msgDBFixedIn = i18n.Define("dbcmd.fixed-in",
		"fixed in:", "수정 버전:", "修正版本：")
	msgDBRelated = i18n.Define("dbcmd.related",
		"update together:", "함께 업데이트:", "一併更新：")
	msgDBIgnore = i18n.Define("dbcmd.ignore",
		"leave alone:", "건드리지 않음:", "保持不變：")
	msgDBPlatforms = i18n.Define("dbcmd.platforms",
		"Affected platforms:", "영향을 받는 플랫폼:", "受影響的平台：")
	msgDBFixedBy = i18n.Define("dbcmd.fixed-by",
		"(fixed by %s)", "(%s{으로/로} 수정)", "（由 %s 修正）")
	msgDBBehaviours = i18n.Define("dbcmd.behaviours",
		"Behaviours checked:", "확인하는 동작:", "檢查的行為：")
	msgDBReferences = i18n.Define("dbcmd.references",
		"References:", "참고 자료:", "參考資料：")
	msgDBRevisions = i18n.Define("dbcmd.revisions",
		"Revisions:", "개정 이력:", "修訂記錄：")
	msgDBImported = i18n.Define("dbcmd.imported",
		"read %d advisory {file|files}: %d new, %d replaced; the database in %s holds %d {advisory|advisories} besides the built-in ones\n",
		"권고 파일 %d개를 읽음: 새 권고 %d개, 바뀐 권고 %d개; %s의 데이터베이스에는 내장 권고 외에 %d개가 있음\n",
		"已讀取 %d 個公告檔案：新增 %d 則，取代 %d 則；%s 的資料庫除內建公告外共有 %d 則\n")
	msgDBSkipped = i18n.Define("dbcmd.skipped",
		"%d {input|inputs} skipped; the others were imported",
		"입력 %d개를 건너뜀; 나머지는 가져왔음",
		"略過 %d 個輸入；其餘已匯入")
	msgDBMoreErrors = i18n.Define("dbcmd.more-errors",
		"and %d more {problem|problems}",
		"그 밖에 문제 %d개",
		"另有 %d 個問題")
	msgDBReadingSource = i18n.Define("dbcmd.reading-source",
		"affected: reading %s into %s",
		"affected: %s{을/를} %s에 읽어 들이는 중",
		"affected: 正在將 %s 讀入 %s")
	msgDBOffline = i18n.Define("dbcmd.offline",
		"download the archive elsewhere, then run 'affected db import all.zip' or 'affected db update --source all.zip'",
		"다른 곳에서 압축 파일을 내려받은 뒤 'affected db import all.zip' 또는 'affected db update --source all.zip'을 실행하세요",
		"請在其他地方下載封存檔，再執行 'affected db import all.zip' 或 'affected db update --source all.zip'")
	msgDBDownloading = i18n.Define("dbcmd.downloading",
		"affected: downloading %s into %s",
		"affected: %s{을/를} %s{으로/로} 내려받는 중",
		"affected: 正在下載 %s 至 %s")
	msgDBUpdated = i18n.Define("dbcmd.updated",
		"updated %s: %d {advisory|advisories} (%d new, %d replaced, %d removed)\n",
		"%s 업데이트함: 권고 %d개 (새 권고 %d개, 바뀜 %d개, 제거됨 %d개)\n",
		"已更新 %s：共 %d 則公告（新增 %d 則，取代 %d 則，移除 %d 則）\n")
)
