package server

import "github.com/affected-dev/affected/internal/i18n"

// pageMessages are the texts of the web pages, by key: the templates
// write {{tr .Lang "key" args…}}, and the message's id is
// "server.page.key".
var pageMessages = definePages([][4]string{
	{"skip", "Skip to the content", "본문으로 건너뛰기", "跳至主要內容"},
	{"nav", "Main menu", "주 메뉴", "主選單"},
	{"nav.advisories", "Advisories", "권고", "公告"},
	{"nav.projects", "Projects", "프로젝트", "專案"},
	{"nav.search", "Search", "검색", "搜尋"},
	{"language", "Language", "언어", "語言"},
	{"signed-in", "Signed in with token %s", "%s 토큰으로 로그인함", "已使用權杖 %s 登入"},
	{"signout", "Sign out", "로그아웃", "登出"},
	{"footer", "The same data as JSON: the API, described by %s", "같은 데이터를 JSON으로: API (설명: %s)", "相同資料的 JSON 版本：API（說明見 %s）"},
	{"csrf", "The form could not be checked (it expired, or was sent from another site): reload the page and try again.",
		"양식을 확인할 수 없음 (만료되었거나 다른 사이트에서 보냄): 페이지를 새로 고친 뒤 다시 시도하세요.",
		"無法驗證表單（已過期，或由其他網站送出）：請重新載入頁面後再試一次。"},

	{"signin.title", "Sign in", "로그인", "登入"},
	{"signin.intro", "Paste a token of scope read or admin (made with 'affected server token create --scope read'). The browser keeps a session cookie, not the token.",
		"read 또는 admin 범위의 토큰을 붙여 넣으세요 ('affected server token create --scope read'로 만듦). 브라우저에는 토큰이 아니라 세션 쿠키가 남습니다.",
		"請貼上 read 或 admin 範圍的權杖（以 'affected server token create --scope read' 建立）。瀏覽器保留的是工作階段 Cookie，而不是權杖。"},
	{"signin.token", "Token", "토큰", "權杖"},
	{"signin.submit", "Sign in", "로그인하기", "登入"},
	{"signin.unknown", "The server does not know this token.", "서버가 모르는 토큰입니다.", "伺服器不認得此權杖。"},
	{"signin.scope", "A token of scope %s cannot read the pages: use a read or admin token.",
		"%s 범위의 토큰으로는 페이지를 읽을 수 없음: read 또는 admin 토큰을 쓰세요.",
		"%s 範圍的權杖無法讀取頁面：請使用 read 或 admin 權杖。"},
	{"error.title", "Error %d", "오류 %d", "錯誤 %d"},

	{"advisories.title", "Advisories", "권고 목록", "公告清單"},
	{"advisories.caption", "Advisories, those that affect the most projects first", "권고 (영향받는 프로젝트가 많은 순)", "公告（受影響專案最多者在前）"},
	{"advisories.only-affected", "Only advisories that affect a stored project", "저장된 프로젝트에 영향을 주는 권고만", "只列出影響已儲存專案的公告"},
	{"advisories.filter", "Apply", "적용", "套用"},
	{"col.advisory", "Advisory", "권고", "公告"},
	{"col.title", "Title", "제목", "標題"},
	{"col.severity", "Severity", "심각도", "嚴重性"},
	{"col.projects", "Projects affected", "영향받는 프로젝트", "受影響專案"},
	{"col.findings", "Findings", "발견 항목", "發現項目"},
	{"col.inventory", "Inventory", "인벤토리", "清單"},
	{"col.project", "Project", "프로젝트", "專案"},
	{"col.frameworks", "Target frameworks", "대상 프레임워크", "目標架構"},
	{"col.framework", "Target framework", "대상 프레임워크", "目標架構"},
	{"col.package", "Package", "패키지", "套件"},
	{"col.version", "Version", "버전", "版本"},
	{"col.direct", "Direct", "직접", "直接"},
	{"yes", "yes", "예", "是"},
	{"no", "no", "아니요", "否"},
	{"pager", "Pages", "페이지", "分頁"},
	{"pager.range", "%d–%d of %d", "%[3]d개 중 %[1]d–%[2]d", "第 %d–%d 項，共 %d 項"},
	{"pager.prev", "Previous page", "이전 페이지", "上一頁"},
	{"pager.next", "Next page", "다음 페이지", "下一頁"},
	{"empty", "Nothing to list.", "표시할 항목이 없습니다.", "沒有可列出的項目。"},

	{"advisory.aliases", "Also known as", "다른 이름", "別名"},
	{"advisory.severity", "Severity", "심각도", "嚴重性"},
	{"advisory.published", "Published", "게시일", "發布日期"},
	{"advisory.modified", "Modified", "수정일", "修改日期"},
	{"advisory.source", "Record", "레코드 출처", "記錄來源"},
	{"advisory.details", "Details", "세부 정보", "詳細資訊"},
	{"advisory.fix", "How to fix it", "해결 방법", "修正方式"},
	{"advisory.fix.caption", "Affected packages and the versions that fix them", "영향받는 패키지와 수정 버전", "受影響的套件與修正版本"},
	{"advisory.fix.fixed", "Fixed in", "수정 버전", "修正版本"},
	{"advisory.fix.related", "Update together", "함께 업데이트", "一併更新"},
	{"advisory.fix.none", "no fixed version is known", "알려진 수정 버전 없음", "沒有已知的修正版本"},
	{"advisory.platforms", "Affected products", "영향받는 제품", "受影響的產品"},
	{"advisory.platforms.product", "Product", "제품", "產品"},
	{"advisory.platforms.fixed-by", "Fixed by", "수정 업데이트", "修正更新"},
	{"advisory.behaviours", "Behaviours that expose a system", "시스템을 노출하는 동작", "使系統暴露的行為"},
	{"advisory.affected", "Who is affected", "영향받는 곳", "受影響的對象"},
	{"advisory.affected.count", "%d {project|projects} in %d {inventory|inventories}; %d {finding|findings}",
		"인벤토리 %[2]d개의 프로젝트 %[1]d개; 발견 항목 %[3]d개",
		"%[2]d 份清單中的 %[1]d 個專案；%[3]d 個發現項目"},
	{"advisory.affected.none", "Nothing stored on this server is affected.", "이 서버에 저장된 것 중 영향받는 것은 없습니다.", "此伺服器上儲存的項目都不受影響。"},
	{"advisory.references", "References", "참고 자료", "參考資料"},
	{"inventory", "inventory %s", "인벤토리 %s", "清單 %s"},

	{"finding.tree", "Dependency paths from %s to %s %s", "%s에서 %s %s까지의 의존성 경로", "從 %s 到 %s %s 的相依路徑"},
	{"finding.more", "… %d of %d {path|paths} shown, shortest first", "… 경로 %[2]d개 중 가장 짧은 %[1]d개 표시", "… 共 %[2]d 條路徑，顯示最短的 %[1]d 條"},
	{"finding.declared", "declared at %s", "선언 위치: %s", "宣告位置：%s"},
	{"finding.project", "the project", "프로젝트", "專案"},

	{"projects.title", "Projects", "프로젝트 목록", "專案清單"},
	{"projects.caption", "Stored projects, by inventory", "저장된 프로젝트 (인벤토리별)", "已儲存的專案（依清單）"},
	{"project.title", "Project %s", "프로젝트 %s", "專案 %s"},
	{"project.files", "Files read", "읽은 파일", "讀取的檔案"},
	{"project.findings", "Advisories that affect it", "영향을 주는 권고", "影響此專案的公告"},
	{"project.none", "No known advisory affects this project.", "이 프로젝트에 영향을 주는 알려진 권고가 없습니다.", "沒有已知公告影響此專案。"},

	{"search.title", "Who has a package?", "패키지를 쓰는 곳 찾기", "誰使用某個套件？"},
	{"search.package", "Package id", "패키지 ID", "套件 ID"},
	{"search.version", "Version (optional)", "버전 (선택)", "版本（選填）"},
	{"search.submit", "Search", "검색하기", "搜尋"},
	{"search.caption", "Projects that have %s", "%s{을/를} 가진 프로젝트", "使用 %s 的專案"},
})

func definePages(texts [][4]string) map[string]*i18n.Message {
	out := make(map[string]*i18n.Message, len(texts))
	for _, t := range texts {
		out[t[0]] = i18n.Define("server.page."+t[0], t[1], t[2], t[3])
	}
	return out
}
