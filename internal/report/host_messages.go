package report

import "github.com/affected-dev/affected/internal/i18n"

// Messages of the host report.
var (
	MsgHostSource = i18n.Define("report.host-source",
		"from %s (%s, %s)",
		"출처: %s (%s, %s)",
		"來源：%s（%s，%s）")
	MsgHostNoOS = i18n.Define("report.host-no-os",
		"operating system not described",
		"운영 체제 정보 없음",
		"未描述作業系統")
	MsgHostBuild = i18n.Define("report.host-build",
		"build %s",
		"빌드 %s",
		"組建 %s")
	MsgHostNoUpdateList = i18n.Define("report.host-no-update-list",
		"no list of installed updates",
		"설치된 업데이트 목록 없음",
		"沒有已安裝更新的清單")
	MsgHostUpdates = i18n.Define("report.host-updates",
		"%d installed {update|updates} listed",
		"설치된 업데이트 %d개가 나열됨",
		"列出 %d 個已安裝的更新")
	MsgHostUpdatesIncomplete = i18n.Define("report.host-updates-incomplete",
		"%d installed {update|updates} listed; the list is cut short (systeminfo's limit): add wmic qfe or Get-HotFix output",
		"설치된 업데이트 %d개가 나열됨; 목록이 잘림(systeminfo의 한도): wmic qfe 또는 Get-HotFix 출력을 추가하세요",
		"列出 %d 個已安裝的更新；清單不完整（systeminfo 的上限）：請加入 wmic qfe 或 Get-HotFix 輸出")
	MsgHostCounts = i18n.Define("report.host-counts",
		"%d {advisory|advisories} affect it, %d fixed, %d unknown",
		"영향을 주는 권고 %d건, 수정됨 %d건, 알 수 없음 %d건",
		"影響此主機的公告 %d 則，已修正 %d 則，未知 %d 則")
	MsgHostInstall = i18n.Define("report.host-install",
		"updates to install, newest first:",
		"설치할 업데이트(최신순):",
		"應安裝的更新（由新到舊）：")
	MsgHostFixesN = i18n.Define("report.host-fixes-n",
		"fixes %d: %s",
		"수정 %d건: %s",
		"修正 %d 則：%s")
	MsgHostMore = i18n.Define("report.host-more",
		"and %d more",
		"외 %d건",
		"及其他 %d 則")
	MsgHostUnknownN = i18n.Define("report.host-unknown-n",
		"%d {advisory|advisories} unknown: %s",
		"알 수 없는 권고 %d건: %s",
		"%d 則公告未知：%s")
	MsgHostComponentOn = i18n.Define("report.host-component-on",
		"%s on %s",
		"%[2]s의 %[1]s",
		"%[2]s 上的 %[1]s")
	MsgVerdictAffected = i18n.Define("report.verdict-affected",
		"affected: install %s",
		"영향 받음: %s 설치 필요",
		"受影響：請安裝 %s")
	MsgVerdictFixed = i18n.Define("report.verdict-fixed",
		"fixed by %s",
		"%s{으로/로} 수정됨",
		"已由 %s 修正")
	MsgVerdictNotApplicable = i18n.Define("report.verdict-not-applicable",
		"not applicable: %s",
		"해당 없음: %s",
		"不適用：%s")
	MsgVerdictUnknown = i18n.Define("report.verdict-unknown",
		"unknown: %s",
		"알 수 없음: %s",
		"未知：%s")
	MsgRowFixed = i18n.Define("report.row-fixed",
		"%s: %s installed (%s)",
		"%s: %s 설치됨 (%s)",
		"%s：已安裝 %s（%s）")
	MsgRowFixedVia = i18n.Define("report.row-fixed-via",
		"%s: %s installed, which supersedes %s (%s)",
		"%s: %[3]s{을/를} 대체하는 %[2]s 설치됨 (%[4]s)",
		"%s：已安裝取代 %[3]s 的 %[2]s（%[4]s）")
	MsgRowAffected = i18n.Define("report.row-affected",
		"%s: %s not installed, nor any update that supersedes it",
		"%s: %s{이/가} 설치되지 않았고 이를 대체하는 업데이트도 없음",
		"%s：未安裝 %s，也沒有取代它的更新")
	MsgRowAffectedNewer = i18n.Define("report.row-affected-newer",
		"%s: %s not installed, nor any update that supersedes it; the newest that does is %s",
		"%s: %s{이/가} 설치되지 않았고 이를 대체하는 업데이트도 없음; 이를 대체하는 최신 업데이트는 %s",
		"%s：未安裝 %s，也沒有取代它的更新；取代它的最新更新是 %s")
	MsgRowUnknown = i18n.Define("report.row-unknown",
		"%s: updates %s; %s",
		"%s: 업데이트 %s; %s",
		"%s：更新 %s；%s")
	MsgReasonNoOS = i18n.Define("report.reason-no-os",
		"the inventory does not describe the operating system (give systeminfo output with the update list)",
		"인벤토리에 운영 체제 정보가 없음(업데이트 목록과 함께 systeminfo 출력을 주세요)",
		"清冊未描述作業系統（請提供 systeminfo 輸出與更新清單）")
	MsgReasonUnknownBuild = i18n.Define("report.reason-unknown-build",
		"the build is not a Windows release affected knows",
		"affected가 아는 Windows 릴리스의 빌드가 아님",
		"此組建不是 affected 已知的 Windows 版本")
	MsgReasonNoUpdates = i18n.Define("report.reason-no-updates",
		"no list of installed updates (add wmic qfe or Get-HotFix output)",
		"설치된 업데이트 목록이 없음(wmic qfe 또는 Get-HotFix 출력을 추가하세요)",
		"沒有已安裝更新的清單（請加入 wmic qfe 或 Get-HotFix 輸出）")
	MsgReasonIncomplete = i18n.Define("report.reason-incomplete",
		"the fix is not in the update list, which is cut short (add wmic qfe or Get-HotFix output)",
		"수정 업데이트가 잘린 업데이트 목록에 없음(wmic qfe 또는 Get-HotFix 출력을 추가하세요)",
		"修正更新不在不完整的更新清單中（請加入 wmic qfe 或 Get-HotFix 輸出）")
	MsgReasonNoFix = i18n.Define("report.reason-no-fix",
		"the advisory names no update for this product",
		"권고에 이 제품의 업데이트가 없음",
		"公告未列出此產品的更新")
	MsgReasonNotListed = i18n.Define("report.reason-not-listed",
		"the advisory does not list the host's product",
		"권고에 호스트의 제품이 없음",
		"公告未列出此主機的產品")
	MsgReasonNoData = i18n.Define("report.reason-no-data",
		"no advisory in the database names this product, so nothing could be checked (import definitions that cover it)",
		"데이터베이스의 어떤 권고에도 이 제품이 없어 아무것도 검사하지 못함(이 제품을 다루는 정의를 가져오세요)",
		"資料庫中沒有任何公告列出此產品，因此無法檢查（請匯入涵蓋它的定義）")
	MsgHostSummaryUnchecked = i18n.Define("report.host-summary-unchecked",
		"%d {host|hosts} not checked",
		"검사하지 못한 호스트 %d대",
		"%d 台主機未檢查")
	MsgHostSummary = i18n.Define("report.host-summary",
		"%d of %d {host|hosts} affected, %d {verdict|verdicts} affected in all; %d {error|errors}",
		"호스트 %[2]d대 중 %[1]d대가 영향 받음, 영향 받음 판정 모두 %[3]d건; 오류 %[4]d건",
		"%[2]d 台主機中有 %[1]d 台受影響，共 %[3]d 項受影響判定；%[4]d 個錯誤")
	MsgHostSummaryClean = i18n.Define("report.host-summary-clean",
		"no known advisory affects the %d {host|hosts} checked; %d {error|errors}",
		"검사한 호스트 %d대에 영향을 주는 알려진 권고 없음; 오류 %d건",
		"檢查的 %d 台主機沒有受已知公告影響；%d 個錯誤")
	MsgHostMDTitle = i18n.Define("report.host-md-title",
		"affected: Windows hosts",
		"affected: Windows 호스트",
		"affected：Windows 主機")
	MsgMDStatus     = i18n.Define("report.md-status", "Verdict", "판정", "判定")
	MsgMDEvidence   = i18n.Define("report.md-evidence", "Evidence", "근거", "依據")
	MsgMDUpdate     = i18n.Define("report.md-update", "Update", "업데이트", "更新")
	MsgMDReleased   = i18n.Define("report.md-released", "Released", "출시일", "發行日期")
	MsgMDAdvisories = i18n.Define("report.md-advisories", "Advisories it fixes", "수정하는 권고", "修正的公告")
)
