package cli

import "github.com/affected-dev/affected/internal/i18n"

var (
	msgHostNoInput = i18n.Define("host.no-input",
		"give inventory files or directories (systeminfo, wmic qfe or Get-HotFix output); reading the running machine needs Windows",
		"인벤토리 파일이나 디렉터리(systeminfo, wmic qfe 또는 Get-HotFix 출력)를 주세요; 실행 중인 컴퓨터를 읽으려면 Windows가 필요함",
		"請提供清冊檔案或目錄（systeminfo、wmic qfe 或 Get-HotFix 輸出）；讀取執行中的電腦需要 Windows")
	msgHostNoAdvisory = i18n.Define("host.no-advisory",
		"no advisory %s in the database %s (see 'affected db list'; import wesng's definitions with 'affected db import definitions.zip')",
		"데이터베이스 %[2]s에 권고 %[1]s{이/가} 없음('affected db list' 참고; wesng 정의는 'affected db import definitions.zip'으로 가져오세요)",
		"資料庫 %[2]s 中沒有公告 %[1]s（請參閱 'affected db list'；以 'affected db import definitions.zip' 匯入 wesng 定義）")
	msgHostNothing = i18n.Define("host.nothing",
		"no inventory found in %v",
		"%v에서 인벤토리를 찾지 못함",
		"在 %v 中找不到清冊")
	msgHostSummary = i18n.Define("host.summary",
		"which Windows machines still need an update, from systeminfo, wmic qfe or Get-HotFix output",
		"systeminfo, wmic qfe, Get-HotFix 출력으로 아직 업데이트가 필요한 Windows 컴퓨터 찾기",
		"從 systeminfo、wmic qfe 或 Get-HotFix 輸出找出仍需更新的 Windows 電腦")
	msgHostUsage = i18n.Define("host.usage",
		`Usage: affected host [FILE|DIR...] [flags]

Reads Windows inventories — systeminfo output (list or /fo csv, in any
display language and code page, UTF-16 or UTF-8), wmic qfe output,
PowerShell Get-HotFix as a table, CSV (Export-Csv) or JSON (ConvertTo-Json),
or an affected inventory (JSON; see the manual) — recognised by content.
Files of one machine (systeminfo and qfe) combine into one host; a
directory of many machines gives one result per host. On Windows, with no
FILE, it reads the running machine from its registry.

Each host's product (from its build, architecture and service pack) and
installed updates are matched against the platform rows of the advisory
database: the built-in advisories (MSA-3109853), Microsoft's documents and
wesng's definitions imported with 'affected db import definitions.zip'. An
update counts as installed when it or an update that supersedes it is; on
Windows 10 and later, a later cumulative update of the same version
supersedes the earlier. Verdicts: affected (with the newest update that
covers the fix), fixed (by which installed update), not applicable, or
unknown with the reason.

Flags:
  --advisory ID        only this advisory (repeatable; IDs or aliases, e.g.
                       MSA-3109853, CVE-2016-0049); gives every host's
                       verdict with its evidence
  --format text|json|sarif|markdown   output format (default text)
  --output FILE        write the report to FILE instead of standard output
  --db DIR             advisory database directory (default: $AFFECTED_DB,
                       else the user cache directory)
  --upload URL         also send the inventories read to an affected server
                       (token in $AFFECTED_TOKEN), which keeps the hosts and
                       re-matches them when advisories change; --source NAME
                       names the upload (default: this machine's name and
                       the paths)
  --lang en|ko|zh-TW   language of the output

Exit codes: 0 no host is affected, 1 some host is affected, 2 some file
could not be read (the other hosts are still reported).
`,
		`사용법: affected host [파일|디렉터리...] [플래그]

Windows 인벤토리를 읽습니다. systeminfo 출력(목록 또는 /fo csv, 어떤 표시
언어와 코드 페이지든, UTF-16 또는 UTF-8), wmic qfe 출력, 표·CSV
(Export-Csv)·JSON(ConvertTo-Json) 형식의 PowerShell Get-HotFix, 또는
affected 인벤토리(JSON; 설명서 참고)를 내용으로 알아봅니다. 한 컴퓨터의
파일들(systeminfo와 qfe)은 한 호스트로 합치고, 여러 컴퓨터의 디렉터리는
호스트마다 결과를 하나씩 냅니다. Windows에서 파일을 주지 않으면 실행 중인
컴퓨터를 레지스트리에서 읽습니다.

각 호스트의 제품(빌드, 아키텍처, 서비스 팩으로 판단)과 설치된 업데이트를
권고 데이터베이스의 플랫폼 행과 대조합니다: 내장 권고(MSA-3109853),
Microsoft 문서, 'affected db import definitions.zip'으로 가져온 wesng 정의.
업데이트 자체나 이를 대체하는 업데이트가 설치되어 있으면 설치된 것으로 봅니다.
Windows 10 이후에는 같은 버전의 나중 누적 업데이트가 이전 것을 대체합니다.
판정: 영향 받음(수정을 포함하는 최신 업데이트와 함께), 수정됨(설치된 어떤
업데이트로), 해당 없음, 또는 이유와 함께 알 수 없음.

플래그:
  --advisory ID        이 권고만 (반복 가능; ID 또는 별칭, 예: MSA-3109853,
                       CVE-2016-0049); 모든 호스트의 판정을 근거와 함께 표시
  --format text|json|sarif|markdown   출력 형식 (기본값 text)
  --output 파일         보고서를 표준 출력 대신 파일에 씀
  --db 디렉터리         권고 데이터베이스 디렉터리 (기본값: $AFFECTED_DB,
                       없으면 사용자 캐시 디렉터리)
  --upload URL         읽은 인벤토리를 affected 서버에도 보냄 (토큰은
                       $AFFECTED_TOKEN); 서버는 호스트를 보관하고 권고가 바뀌면
                       다시 대조함; --source 이름으로 올린 것의 이름 지정
                       (기본값: 이 컴퓨터 이름과 경로)
  --lang en|ko|zh-TW   출력 언어

종료 코드: 0 영향 받는 호스트 없음, 1 영향 받는 호스트 있음, 2 읽지 못한
파일이 있음 (다른 호스트는 그래도 보고됨).
`,
		`使用方式：affected host [檔案|目錄...] [旗標]

讀取 Windows 清冊：systeminfo 輸出（清單或 /fo csv，任何顯示語言與字碼頁，
UTF-16 或 UTF-8）、wmic qfe 輸出、表格／CSV（Export-Csv）／JSON
（ConvertTo-Json）格式的 PowerShell Get-HotFix，或 affected 清冊（JSON；
請參閱說明書），依內容辨識格式。同一台電腦的檔案（systeminfo 與 qfe）合併為
一台主機；含多台電腦的目錄會為每台主機各產生一筆結果。在 Windows 上未指定
檔案時，會從登錄讀取執行中的電腦。

每台主機的產品（依組建、架構與 Service Pack 判斷）與已安裝的更新，會與公告
資料庫的平台列比對：內建公告（MSA-3109853）、Microsoft 文件，以及以
'affected db import definitions.zip' 匯入的 wesng 定義。更新本身或取代它的
更新已安裝，即視為已安裝；在 Windows 10 及更新版本上，同一版本較新的累積
更新會取代較舊的。判定：受影響（附上包含修正的最新更新）、已修正（由哪個已
安裝的更新）、不適用，或未知並附原因。

旗標：
  --advisory ID        只看此公告（可重複；ID 或別名，例如 MSA-3109853、
                       CVE-2016-0049）；列出每台主機的判定與依據
  --format text|json|sarif|markdown   輸出格式（預設 text）
  --output 檔案         將報告寫入檔案而非標準輸出
  --db 目錄             公告資料庫目錄（預設：$AFFECTED_DB，否則為使用者
                       快取目錄）
  --upload URL         同時將讀到的清冊傳送至 affected 伺服器（權杖在
                       $AFFECTED_TOKEN）；伺服器會保存主機，並在公告變更時
                       重新比對；--source 名稱 為上傳命名（預設：本機名稱與路徑）
  --lang en|ko|zh-TW   輸出語言

結束代碼：0 沒有受影響的主機，1 有受影響的主機，2 有檔案無法讀取（仍會回報
其他主機）。
`)
	msgDBNote = i18n.Define("db.note",
		"affected: note: %s",
		"affected: 참고: %s",
		"affected：附註：%s")
	msgHostBuiltinOnly = i18n.Define("host.builtin-only",
		"checked against the %d built-in {advisory|advisories} only: import wesng's definitions (affected db import definitions.zip, from https://github.com/bitsadmin/wesng) for every Microsoft update since 2004",
		"내장 권고 %d건만 확인함: 2004년 이후 모든 Microsoft 업데이트를 확인하려면 wesng 정의를 가져오세요 (affected db import definitions.zip, https://github.com/bitsadmin/wesng)",
		"只檢查了 %d 則內建公告：若要檢查 2004 年以來的所有 Microsoft 更新，請匯入 wesng 定義（affected db import definitions.zip，來自 https://github.com/bitsadmin/wesng）")
)
