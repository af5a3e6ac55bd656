package cli

import "github.com/affected-dev/affected/internal/i18n"

var (
	msgFixSummary = i18n.Define("fix.summary",
		"edit the project files so that the findings go away, as the advisories prescribe",
		"권고가 안내하는 대로 프로젝트 파일을 고쳐 발견 사항을 없애기",
		"依公告的指示修改專案檔，消除掃描結果")
	msgFixDryRunRestore = i18n.Define("fix.dry-run-restore",
		"--dry-run and --restore cannot be used together (a dry run writes nothing to restore)",
		"--dry-run과 --restore는 함께 쓸 수 없음 (시험 실행은 restore할 것을 쓰지 않음)",
		"--dry-run 與 --restore 不能同時使用（試執行不會寫入任何需要還原的內容）")
	msgFixIncomplete = i18n.Define("fix.incomplete",
		"%d {problem|problems}: the fix is incomplete",
		"문제 %d건: 수정이 완전하지 않음",
		"%d 個問題：修正未完成")
	msgFixUsage = i18n.Define("fix.usage",
		`Usage: affected fix [PATH...] [flags]

Finds what 'affected scan' finds under PATH (default: the current
directory) and edits the project files so that it goes away, the way the
advisories prescribe:

  - a direct dependency gets its version changed where it is declared: the
    PackageReference (Version attribute or element, VersionOverride), the
    PackageVersion of Directory.Packages.props, the MSBuild property that
    holds the version, project.json, or packages.config;
  - a transitive dependency gets a direct reference pinned to the fixed
    version, first in the item group of package references (under central
    package management: a PackageVersion, plus a versionless
    PackageReference unless CentralPackageTransitivePinningEnabled is on;
    in project.json: a new "dependencies" entry), marked with a comment
    "affected: pinned for ID" that 'affected scan' uses to report pins
    that are no longer needed;
  - the advisory's related packages the project references (e.g. every
    Microsoft.AspNetCore.Mvc.* for MSA-4010983) move to the same release;
  - a package that only comes with the .NET runtime is not pinned: update
    the runtime.

Versions only go up; when findings want different versions of a package,
the highest wins. Every other byte of a file is kept (byte order mark, line
endings, indentation, quoting, comments). Files are written atomically and
never over a file that changed meanwhile. A second run changes nothing.
The lock data on disk is then stale: fix says which projects to restore
and what would stay open once they are.

Flags:
  --dry-run            print the plan and a unified diff; write nothing
  --restore            after writing, run 'dotnet restore' for the changed
                       projects (when dotnet is on PATH) and scan again
  --to clear-of-all|lowest-fixed
                       target version: the lowest clear of every known
                       advisory (default), or the advisory's fixed version
  --advisory ID        only this advisory (repeatable; IDs or aliases)
  --format text|json|markdown   output format (default text)
  --output FILE        write the report to FILE instead of standard output
  --db DIR             advisory database directory (default: $AFFECTED_DB,
                       else the user cache directory)
  --ignore-file FILE   ignore rules (default: .affected.toml and osv-scanner.toml
                       in each PATH)
  --allow-outside-imports  follow MSBuild imports of files outside PATH
  --lang en|ko|zh-TW   language of the output

Exit codes: 0 everything found is fixed (in a dry run: planned), 1 something
stays open, 2 an error (usage, unreadable input, a file that could not be
written, a failed restore).
`,
		`사용법: affected fix [경로...] [플래그]

경로(기본값: 현재 디렉터리) 아래에서 'affected scan'이 찾는 문제를 찾아,
권고가 안내하는 방식으로 프로젝트 파일을 고칩니다:

  - 직접 의존성은 선언된 곳에서 버전을 바꿉니다: PackageReference(Version
    특성 또는 요소, VersionOverride), Directory.Packages.props의
    PackageVersion, 버전을 담은 MSBuild 속성, project.json, packages.config;
  - 전이적 의존성에는 수정 버전으로 고정한 직접 참조를 패키지 참조 항목
    그룹 맨 앞에 추가합니다(중앙 패키지 관리에서는 PackageVersion과,
    CentralPackageTransitivePinningEnabled가 꺼져 있으면 버전 없는
    PackageReference; project.json에서는 "dependencies"의 새 항목). 추가한
    참조에는 "affected: pinned for ID" 주석을 달며, 'affected scan'은 이를
    보고 더 이상 필요 없는 고정을 알려 줍니다;
  - 프로젝트가 참조하는 권고의 관련 패키지(예: MSA-4010983의 모든
    Microsoft.AspNetCore.Mvc.*)는 같은 릴리스로 올립니다;
  - .NET 런타임과 함께 오는 패키지는 고정하지 않습니다: 런타임을
    업데이트하세요.

버전은 올리기만 하며, 여러 발견이 한 패키지에 서로 다른 버전을 요구하면
가장 높은 버전을 씁니다. 파일의 나머지 바이트(바이트 순서 표시, 줄 끝,
들여쓰기, 따옴표, 주석)는 그대로 둡니다. 파일은 원자적으로 쓰며, 그 사이에
바뀐 파일은 덮어쓰지 않습니다. 두 번째 실행은 아무것도 바꾸지 않습니다.
디스크의 잠금 데이터는 이제 오래된 상태가 되므로, fix는 restore할 프로젝트와
restore 후에도 남을 발견을 알려 줍니다.

플래그:
  --dry-run            계획과 unified diff만 출력하고 아무것도 쓰지 않음
  --restore            쓴 뒤 바뀐 프로젝트에 'dotnet restore'를 실행하고
                       (PATH에 dotnet이 있을 때) 다시 검사
  --to clear-of-all|lowest-fixed
                       목표 버전: 알려진 모든 권고에서 안전한 가장 낮은 버전
                       (기본값) 또는 권고의 수정 버전
  --advisory ID        이 권고만 (반복 가능; ID 또는 별칭)
  --format text|json|markdown   출력 형식 (기본값 text)
  --output 파일         보고서를 표준 출력 대신 파일에 씀
  --db 디렉터리         권고 데이터베이스 디렉터리 (기본값: $AFFECTED_DB,
                       없으면 사용자 캐시 디렉터리)
  --ignore-file 파일    무시 규칙 (기본값: 각 경로의 .affected.toml과
                       osv-scanner.toml)
  --allow-outside-imports  경로 밖에 있는 파일의 MSBuild 가져오기도 따라감
  --lang en|ko|zh-TW   출력 언어

종료 코드: 0 찾은 것을 모두 고침(시험 실행에서는 모두 계획됨), 1 남은 것이
있음, 2 오류 (사용법, 읽을 수 없는 입력, 쓰지 못한 파일, 실패한 restore).
`,
		`使用方式：affected fix [路徑...] [旗標]

找出 'affected scan' 在路徑（預設：目前目錄）下發現的問題，並依公告指示的
方式修改專案檔：

  - 直接相依性：在宣告處變更版本，包括 PackageReference（Version 屬性或
    元素、VersionOverride）、Directory.Packages.props 的 PackageVersion、
    存放版本的 MSBuild 屬性、project.json 或 packages.config；
  - 間接相依性：在套件參考的項目群組最前面新增固定為修正版本的直接參考
    （集中式套件管理時為 PackageVersion，若未啟用
    CentralPackageTransitivePinningEnabled 再加上不含版本的
    PackageReference；project.json 則在 "dependencies" 新增項目），並加上
    "affected: pinned for ID" 註解，'affected scan' 會據此回報已不再需要的
    固定參考；
  - 專案參考的公告相關套件（例如 MSA-4010983 的所有
    Microsoft.AspNetCore.Mvc.*）升到同一版本；
  - 只隨 .NET 執行階段提供的套件不會被固定：請更新執行階段。

版本只會調升；若多項結果對同一套件要求不同版本，取最高者。檔案其餘位元組
（位元組順序標記、換行字元、縮排、引號、註解）保持不變。檔案以不可分割的
方式寫入，且不會覆寫期間已被變更的檔案。再次執行不會做任何變更。之後磁碟上
的鎖定資料即已過時：fix 會列出需要還原的專案，以及還原後仍未解決的結果。

旗標：
  --dry-run            只輸出計畫與 unified diff，不寫入任何檔案
  --restore            寫入後對變更的專案執行 'dotnet restore'（PATH 中有
                       dotnet 時），並重新掃描
  --to clear-of-all|lowest-fixed
                       目標版本：不受所有已知公告影響的最低版本（預設），
                       或公告自身的修正版本
  --advisory ID        只處理此公告（可重複；ID 或別名）
  --format text|json|markdown   輸出格式（預設 text）
  --output 檔案         將報告寫入檔案而非標準輸出
  --db 目錄             公告資料庫目錄（預設：$AFFECTED_DB，否則為使用者
                       快取目錄）
  --ignore-file 檔案    忽略規則（預設：各路徑中的 .affected.toml 與
                       osv-scanner.toml）
  --allow-outside-imports  也追蹤路徑之外檔案的 MSBuild 匯入
  --lang en|ko|zh-TW   輸出語言

結束代碼：0 發現的問題皆已修正（試執行時：皆已規劃），1 仍有未解決的問題，
2 發生錯誤（用法、無法讀取的輸入、無法寫入的檔案、還原失敗）。
`)
)
