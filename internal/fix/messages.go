package fix

import "github.com/affected-dev/affected/internal/i18n"

// Errors of this package.
var (
	MsgCannotRead = i18n.Define("fix.cannot-read",
		"reading %s: %v",
		"%s 읽기: %v",
		"讀取 %s：%v")
	MsgCannotParse = i18n.Define("fix.cannot-parse",
		"%s cannot be edited: %v",
		"%s{을/를} 편집할 수 없음: %v",
		"無法編輯 %s：%v")
	MsgCannotEdit = i18n.Define("fix.cannot-edit",
		"editing %s: %v",
		"%s 편집: %v",
		"編輯 %s：%v")
	MsgChanged = i18n.Define("fix.changed",
		"%s changed while affected was working on it; nothing was written to it (run affected fix again)",
		"affected가 작업하는 동안 %s{이/가} 바뀌어 쓰지 않았음 (affected fix를 다시 실행하세요)",
		"affected 處理期間 %s 已被變更，因此未寫入（請再次執行 affected fix）")
	MsgCannotWrite = i18n.Define("fix.cannot-write",
		"writing %s: %v",
		"%s 쓰기: %v",
		"寫入 %s：%v")
)

// Texts of the plan and its report.
var (
	MsgStepBump = i18n.Define("fix.step-bump",
		"change %s from %s to %s where it is declared (%s)",
		"선언된 곳에서 %[1]s{을/를} %[2]s에서 %[3]s{으로/로} 변경 (%[4]s)",
		"在宣告處將 %[1]s 從 %[2]s 改為 %[3]s（%[4]s）")
	MsgStepRelated = i18n.Define("fix.step-related",
		"move %s from %s to %s together with %s, as the advisory asks for its related packages (%s)",
		"권고가 관련 패키지에 요구하는 대로 %[1]s{을/를} %[4]s{과/와} 함께 %[2]s에서 %[3]s{으로/로} 올림 (%[5]s)",
		"依公告對相關套件的要求，將 %[1]s 與 %[4]s 一起從 %[2]s 升到 %[3]s（%[5]s）")
	MsgStepPin = i18n.Define("fix.step-pin",
		"add a direct reference to %s %s at the top of the package references; it overrides the transitive %s (%s)",
		"패키지 참조 목록 맨 위에 %[1]s %[2]s 직접 참조 추가; 전이적으로 들어온 %[3]s보다 우선함 (%[4]s)",
		"在套件參考清單最上方新增 %[1]s %[2]s 的直接參考；它會覆寫間接引入的 %[3]s（%[4]s）")
	MsgStepPinCentral = i18n.Define("fix.step-pin-central",
		"add PackageVersion %s %s (central package management) and a versionless PackageReference to the project; it overrides the transitive %s (%s)",
		"PackageVersion %[1]s %[2]s(중앙 패키지 관리)와 프로젝트에 버전 없는 PackageReference 추가; 전이적으로 들어온 %[3]s보다 우선함 (%[4]s)",
		"新增 PackageVersion %[1]s %[2]s（集中式套件管理），並在專案中新增不含版本的 PackageReference；它會覆寫間接引入的 %[3]s（%[4]s）")
	MsgStepPinTransitive = i18n.Define("fix.step-pin-transitive",
		"add PackageVersion %s %s; with CentralPackageTransitivePinningEnabled it also pins the transitive %s (%s)",
		"PackageVersion %[1]s %[2]s 추가; CentralPackageTransitivePinningEnabled이므로 전이적으로 들어온 %[3]s도 고정됨 (%[4]s)",
		"新增 PackageVersion %[1]s %[2]s；由於啟用了 CentralPackageTransitivePinningEnabled，間接引入的 %[3]s 也會被固定（%[4]s）")
	MsgStepDone = i18n.Define("fix.step-done",
		"%s is already declared at %s (the lock data still shows %s: restore)",
		"%[1]s{은/는} 이미 %[2]s{으로/로} 선언되어 있음 (잠금 데이터에는 아직 %[3]s: restore 필요)",
		"%[1]s 已宣告為 %[2]s（鎖定資料仍顯示 %[3]s：請還原）")
	MsgStepCovered = i18n.Define("fix.step-covered",
		"%[1]s %[2]s needs no pin: the bump of %[3]s brings it to %[4]s (they are released together; restore confirms it) (%[5]s)",
		"%[1]s %[2]s{은/는} 고정할 필요 없음: %[3]s{을/를} 올리면 %[4]s{으로/로} 함께 올라감 (함께 릴리스됨; restore로 확인됨) (%[5]s)",
		"%[1]s %[2]s 不需固定：升級 %[3]s 會將它一併升至 %[4]s（兩者一同發行；由還原確認）（%[5]s）")
	MsgMaybeRaised = i18n.Define("fix.maybe-raised",
		"a bump of a package it comes through may raise it as well, which only restore can tell (scan then lists the pin as removable)",
		"이 패키지를 가져오는 패키지를 올리면 이것도 올라갈 수 있으나 restore해야만 알 수 있음 (그러면 scan이 이 고정을 제거할 수 있다고 알려 줌)",
		"升級引入此套件的套件也可能使它升級，只有還原後才能得知（屆時 scan 會列出此固定參考可以移除）")
	MsgStepRuntime = i18n.Define("fix.step-runtime",
		"%s %s comes with the .NET runtime (%s): update the runtime or SDK; nothing is pinned (%s)",
		"%[1]s %[2]s{은/는} .NET 런타임(%[3]s)과 함께 제공됨: 런타임 또는 SDK를 업데이트하세요; 아무것도 고정하지 않음 (%[4]s)",
		"%[1]s %[2]s 隨 .NET 執行階段（%[3]s）提供：請更新執行階段或 SDK；不固定任何套件（%[4]s）")
	MsgStepNoFix = i18n.Define("fix.step-no-fix",
		"%s %s: no fixed version is known; follow the advisory (%s)",
		"%[1]s %[2]s: 알려진 수정 버전이 없음; 권고를 따르세요 (%[3]s)",
		"%[1]s %[2]s：目前沒有已知的修正版本；請依公告處理（%[3]s）")
	MsgStepManual = i18n.Define("fix.step-manual",
		"%s %s must reach %s (%s), but the files cannot be edited for it: %s",
		"%[1]s %[2]s{은/는} %[3]s 이상이어야 하지만(%[4]s) 파일을 자동으로 고칠 수 없음: %[5]s",
		"%[1]s %[2]s 必須升到 %[3]s（%[4]s），但無法自動修改檔案：%[5]s")

	MsgDetailCentral = i18n.Define("fix.detail-central",
		"the central PackageVersion, which every project of Directory.Packages.props uses",
		"Directory.Packages.props를 쓰는 모든 프로젝트에 적용되는 중앙 PackageVersion",
		"集中式 PackageVersion，使用該 Directory.Packages.props 的所有專案都會套用")
	MsgDetailOverride = i18n.Define("fix.detail-override",
		"its VersionOverride",
		"해당 VersionOverride",
		"其 VersionOverride")
	MsgDetailProperty = i18n.Define("fix.detail-property",
		"at the MSBuild property that defines the version",
		"버전을 정의하는 MSBuild 속성에서",
		"於定義版本的 MSBuild 屬性")
	MsgDetailPropertyShared = i18n.Define("fix.detail-property-shared",
		"its version came from an MSBuild property that other packages share; the item now has the version written out and the property is left alone",
		"버전이 다른 패키지와 공유하는 MSBuild 속성에서 왔으므로, 항목에 버전을 직접 쓰고 속성은 그대로 둠",
		"其版本來自與其他套件共用的 MSBuild 屬性；改為在項目上直接寫出版本，屬性保持不變")
	MsgDetailHintPath = i18n.Define("fix.detail-hint-path",
		"packages.config, and the HintPaths of the project's references",
		"packages.config와 프로젝트 참조의 HintPath",
		"packages.config，以及專案參考的 HintPath")
	MsgDetailNoProjectFile = i18n.Define("fix.detail-no-project-file",
		"only lock or build output (deps.json) describes it; fix the project that produces it",
		"잠금 또는 빌드 출력(deps.json)만 있음; 이를 만드는 프로젝트를 고치세요",
		"只有鎖定檔或建置輸出（deps.json）描述它；請修正產生它的專案")
	MsgDetailFloating = i18n.Define("fix.detail-floating",
		"its version floats (restore picks the newest match); write a version or restore with --force-evaluate",
		"버전이 유동적임(restore가 가장 새 버전을 고름); 버전을 직접 쓰거나 --force-evaluate로 restore하세요",
		"其版本為浮動版本（還原時挑選最新相符版本）；請寫出明確版本，或以 --force-evaluate 還原")
	MsgDetailRangeExcludes = i18n.Define("fix.detail-range-excludes",
		"the declared range does not admit %s",
		"선언된 범위가 %s{을/를} 허용하지 않음",
		"宣告的範圍不允許 %s")
	MsgDetailNoVersion = i18n.Define("fix.detail-no-version",
		"the reference declares no version (the SDK picks it: update the .NET SDK, or write a Version)",
		"참조에 선언된 버전이 없음 (SDK가 정함: .NET SDK를 업데이트하거나 Version을 쓰세요)",
		"參考未宣告版本（由 SDK 決定：請更新 .NET SDK，或寫出 Version）")
	MsgDetailNotFound = i18n.Define("fix.detail-not-found",
		"the text of its version could not be found or edited",
		"버전 텍스트를 찾거나 편집할 수 없음",
		"找不到或無法編輯其版本文字")
	MsgDetailWithFailed = i18n.Define("fix.detail-with-failed",
		"it comes with %s, whose version could not be changed",
		"%s{과/와} 함께 오는데 그 버전을 바꿀 수 없었음",
		"它隨 %s 而來，而該套件的版本無法變更")
	MsgDetailNoCentralFile = i18n.Define("fix.detail-no-central-file",
		"central package management is on but no file holds PackageVersion items",
		"중앙 패키지 관리가 켜져 있지만 PackageVersion 항목이 있는 파일이 없음",
		"已啟用集中式套件管理，但沒有任何檔案含有 PackageVersion 項目")

	MsgNothing = i18n.Define("fix.nothing",
		"Nothing to fix: no known advisory applies.",
		"고칠 것 없음: 해당하는 알려진 권고가 없습니다.",
		"沒有需要修正的項目：沒有適用的已知公告。")
	MsgPlanHeader = i18n.Define("fix.plan-header",
		"Plan (target: %s):",
		"계획 (목표: %s):",
		"計畫（目標：%s）：")
	MsgTargetClearOfAll = i18n.Define("fix.target-clear-of-all",
		"the lowest version clear of every known advisory",
		"알려진 모든 권고에서 안전한 가장 낮은 버전",
		"不受所有已知公告影響的最低版本")
	MsgTargetLowestFixed = i18n.Define("fix.target-lowest-fixed",
		"each advisory's own fixed version",
		"각 권고의 수정 버전",
		"各公告自身的修正版本")
	MsgKindBump     = i18n.Define("fix.kind-bump", "bump", "변경", "變更版本")
	MsgKindPin      = i18n.Define("fix.kind-pin", "pin", "고정", "固定")
	MsgKindRelated  = i18n.Define("fix.kind-related", "related", "관련", "相關套件")
	MsgKindDone     = i18n.Define("fix.kind-done", "done", "완료", "已完成")
	MsgKindCovered  = i18n.Define("fix.kind-covered", "covered", "함께", "隨同升級")
	MsgKindRuntime  = i18n.Define("fix.kind-runtime", "runtime", "런타임", "執行階段")
	MsgKindNoFix    = i18n.Define("fix.kind-no-fix", "no fix", "미수정", "無修正")
	MsgKindManual   = i18n.Define("fix.kind-manual", "by hand", "수동", "手動")
	MsgFilesChanged = i18n.Define("fix.files-changed",
		"Files changed:",
		"바뀐 파일:",
		"已變更的檔案：")
	MsgFilesWouldChange = i18n.Define("fix.files-would-change",
		"Files that would change (dry run: nothing was written):",
		"바뀔 파일 (시험 실행: 아무것도 쓰지 않음):",
		"將會變更的檔案（試執行：未寫入任何檔案）：")
	MsgLine = i18n.Define("fix.line",
		"line %s",
		"%s행",
		"第 %s 行")
	MsgMajor = i18n.Define("fix.major",
		"a new major version: check that it still supports the project's frameworks",
		"새 주 버전임: 프로젝트의 프레임워크를 여전히 지원하는지 확인하세요",
		"這是新的主要版本：請確認它仍支援專案的目標架構")
	MsgLines = i18n.Define("fix.lines",
		"lines %s",
		"%s행",
		"第 %s 行")
	MsgNotWritten = i18n.Define("fix.not-written",
		"NOT WRITTEN: %s",
		"쓰지 않음: %s",
		"未寫入：%s")
	MsgNotAttempted = i18n.Define("fix.not-attempted",
		"not written (another file failed)",
		"쓰지 않음 (다른 파일이 실패함)",
		"未寫入（另一個檔案失敗）")
	MsgStale = i18n.Define("fix.stale",
		"The lock data of %d {project|projects} is now stale: restore {it|them} before building.",
		"프로젝트 %d개의 잠금 데이터가 이제 오래됨: 빌드 전에 restore하세요.",
		"%d 個專案的鎖定資料已過時：建置前請先還原。")
	MsgStaleDryRun = i18n.Define("fix.stale-dry-run",
		"After these edits the lock data of %d {project|projects} would be stale.",
		"이 편집 후에는 프로젝트 %d개의 잠금 데이터가 오래된 상태가 됨.",
		"進行這些編輯後，%d 個專案的鎖定資料將會過時。")
	MsgRunThese = i18n.Define("fix.run-these",
		"Run (or use --restore):",
		"다음을 실행하세요 (또는 --restore 사용):",
		"請執行（或使用 --restore）：")
	MsgNoDotnet = i18n.Define("fix.no-dotnet",
		"dotnet is not on PATH, so nothing was restored; run:",
		"PATH에 dotnet이 없어 restore하지 않았음; 다음을 실행하세요:",
		"PATH 中找不到 dotnet，因此未還原；請執行：")
	MsgSkipped = i18n.Define("fix.skipped",
		"(not run: run it yourself)",
		"(실행 안 함: 직접 실행하세요)",
		"（未執行：請自行執行）")
	MsgRestoreOK = i18n.Define("fix.restore-ok",
		"ok",
		"성공",
		"成功")
	MsgRestoreFailed = i18n.Define("fix.restore-failed",
		"failed: %s",
		"실패: %s",
		"失敗：%s")
	MsgThenBuild = i18n.Define("fix.then-build",
		"Then rebuild, test and redeploy.",
		"그런 다음 다시 빌드하고 테스트한 뒤 재배포하세요.",
		"接著重新建置、測試並重新部署。")
	MsgAllClosed = i18n.Define("fix.all-closed",
		"Once restored, nothing found stays open.",
		"restore하고 나면 남는 발견이 없습니다.",
		"還原後，不會再有任何未解決的結果。")
	MsgCoveredCaveat = i18n.Define("fix.covered-caveat",
		"%d {package is|packages are} expected to come with the packages bumped (covered): only restore confirms it; scan again after restore, or use --restore.",
		"패키지 %d개는 올린 패키지와 함께 올라갈 것으로 예상됨 (함께): restore해야만 확인됨; restore 후 다시 검사하거나 --restore를 사용하세요.",
		"預期有 %d 個套件會隨升級的套件一併升級（隨同升級）：只有還原才能確認；請在還原後再次掃描，或使用 --restore。")
	MsgAllClosedRestored = i18n.Define("fix.all-closed-restored",
		"After restore, the scan finds nothing open.",
		"restore 후 검사에서 남은 발견이 없습니다.",
		"還原後重新掃描，沒有未解決的結果。")
	MsgOpenPlanned = i18n.Define("fix.open-planned",
		"Once restored, %d {finding stays|findings stay} open:",
		"restore 후에도 발견 %d건이 남음:",
		"還原後仍有 %d 項結果未解決：")
	MsgOpenRestored = i18n.Define("fix.open-restored",
		"After restore, the scan still finds %d open {finding|findings}:",
		"restore 후 검사에서 여전히 발견 %d건이 남음:",
		"還原後重新掃描，仍有 %d 項未解決的結果：")
	MsgMDTitle = i18n.Define("fix.md-title",
		"affected fix: advisory remediation",
		"affected fix: 보안 권고 조치",
		"affected fix：安全公告修正")
	MsgMDProject = i18n.Define("fix.md-project", "Project", "프로젝트", "專案")
	MsgMDAction  = i18n.Define("fix.md-action", "Action", "조치", "動作")
	MsgMDWhat    = i18n.Define("fix.md-what", "What and why", "내용과 이유", "內容與原因")
	MsgMDWhere   = i18n.Define("fix.md-where", "Where", "위치", "位置")
)
