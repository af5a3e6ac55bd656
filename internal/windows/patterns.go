package windows

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/affected-dev/affected/internal/lazyre"
)

// This file holds the tables that turn localized product names into
// Products. Each row is a regular expression and what a match means; a
// match is replaced by the row's replacement text (most often nothing) and
// the rest of the name goes on to the next row. To teach Parse a new
// wording, add a row to the table of its kind (names met in inventories can
// go in a file of their own that appends to these tables from an init
// function); TestParseCorpus lists the names of the archive that no row
// explains.
//
// Regular expressions are matched case-insensitively against the name
// after Unicode NFKC normalisation (full-width brackets become ASCII ones)
// and with runs of white space made single spaces.

// pattern is one row of a table: what the expression means.
type pattern struct {
	re *lazyre.Regexp
	// act records the meaning of match m in r and returns the text that
	// replaces the match.
	act func(r *result, m []string) string
}

// result is what Parse collects from a name.
type result struct {
	p      Product
	update Update
}

func row(expr string, act func(r *result, m []string) string) pattern {
	return pattern{re: lazyre.New("(?i)" + expr), act: act}
}

// drop removes the match.
func drop(*result, []string) string { return " " }

// say replaces the match with English text.
func say(text string) func(*result, []string) string {
	return func(*result, []string) string { return " " + text + " " }
}

// arch sets the architecture named by submatch 1 (or a as given).
func arch(a Arch) func(*result, []string) string {
	return func(r *result, m []string) string {
		if a == ArchAny && len(m) > 1 {
			r.p.Arch = archWord(m[1])
		} else {
			r.p.Arch = a
		}
		return " "
	}
}

// archWord maps the architecture words of the three languages: "x64",
// "32비트", "x32 位元", "64-bit", "Itanium", "ARM64".
func archWord(s string) Arch {
	s = strings.ToLower(s)
	switch {
	case strings.Contains(s, "itanium") || strings.Contains(s, "ia64"):
		return ArchIA64
	case strings.Contains(s, "arm64"):
		return ArchARM64
	case strings.Contains(s, "arm"):
		return ArchARM
	case strings.Contains(s, "64"):
		return ArchX64
	case strings.Contains(s, "32") || strings.Contains(s, "86"):
		return ArchX86
	}
	return ArchAny
}

// sp sets the service pack of submatch 1.
func sp(r *result, m []string) string {
	r.p.SP, _ = strconv.Atoi(m[1])
	return " "
}

// release sets the feature release of submatch 1.
func release(r *result, m []string) string {
	r.p.Release = strings.ToLower(m[1])
	return " "
}

func core(r *result, _ []string) string {
	r.p.ServerCore = true
	return " "
}

func update(u Update) func(*result, []string) string {
	return func(r *result, _ []string) string {
		r.update = u
		return " "
	}
}

// edition adds an edition qualifier; "%s" in e is replaced by submatch 1
// made a slug.
func edition(e string) func(*result, []string) string {
	return func(r *result, m []string) string {
		if strings.Contains(e, "%s") {
			e := fmt.Sprintf(e, slug(m[1]))
			r.p.addEdition(e)
		} else {
			r.p.addEdition(e)
		}
		return " "
	}
}

// editionSay adds an edition qualifier and replaces the match with text.
func editionSay(e, text string) func(*result, []string) string {
	return func(r *result, m []string) string {
		r.p.addEdition(e)
		return " " + text + " "
	}
}

// typos are mistakes of the archive's translations, corrected before
// anything else. The product each stands for is the one the same row names
// in the other language or in the English original.
var typos = []pattern{
	// "適用於 32 位元系統的 Windows Server 7 Service Pack 1": Windows 7 (no
	// Windows Server has a 32-bit edition after 2008).
	row(`\bwindows\s+server\s+7\b`, say("Windows 7")),
	// "Windows Server 2008 R1(x64 기반 시스템용)": there is no R1.
	row(`\b(windows\s+server\s+\d{4})\s*r1\b`, func(_ *result, m []string) string { return " " + m[1] + " " }),
	// "Windows Server 2008 R3(Itanium …)", "Windows Server 2012 R3": R2.
	row(`\b(windows\s+server\s+\d{4})\s*r3\b`, func(_ *result, m []string) string { return " " + m[1] + " R2 " }),
	// "Windows 8.1 RT", "Windows 8.1 RT"
	row(`\bwindows\s+8\.1\s+rt\b`, say("Windows RT 8.1")),
	// "適用於 x64 型系統的 Windows 2016 伺服器"
	row(`\bwindows\s+(\d{4}(?:\s*r2)?)\s+(?:server|伺服器)`, func(_ *result, m []string) string { return " Windows Server " + m[1] + " " }),
	// "x64 系統的 Windows 2008 Service Pack 1", "Windows 2012 和 …"
	row(`\bwindows\s+((?:2003|2008|2012|2016|2019|2022|2025)\b(?:\s*r2\b)?)`, func(_ *result, m []string) string { return " Windows Server " + m[1] + " " }),
}

// late corrections run once the phrases and the noise are gone.
var late = []pattern{
	// "Windows Server 2012 Server(3185332) 월별 롤업", "Windows Server 2012
	// (伺服器 (3185332)": a "(Server Core installation)" cut short; the row
	// stands under the Server Core heading, which says so.
	row(`\b(windows\s+server\s+\d{4}(?:\s*r2)?)\s*\(?\s*server\s*$`, func(_ *result, m []string) string { return " " + m[1] + " " }),
}

// phrases are the localized wordings of everything in a name but the
// product and its version: kind of update, Server Core, architecture,
// service pack, feature release, editions; and translations of product
// words that are not English.
var phrases = []pattern{
	// Editions named by the advisories of 2015: "(Home 버전 제외)", "(除了家用版之外)",
	// "(Professional 및 Enterprise 버전 전용)", "(僅限 Professional 和 Enterprise 版本)",
	// "Windows 10 Mobile", "Windows 10 行動裝置版".
	row(`\(\s*(?:home\s*버전\s*제외|除了家用版之外|except\s+home(?:\s+edition)?)\s*\)`, edition("not-home")),
	row(`\(\s*(?:僅限\s*)?professional\s*(?:및|和|and)\s*enterprise\s*(?:버전\s*전용|版本|editions?\s+only)\s*\)`, edition("pro-enterprise")),
	row(`\b(windows\s+10)\s+(?:mobile|行動裝置版)`, func(r *result, m []string) string { r.p.addEdition("mobile"); return " " + m[1] + " " }),
	// When an update was made available: "(3월 19일 제공)", "(3 月 19 日提供)".
	row(`\(\s*\d{1,2}\s*(?:월|月)\s*\d{1,2}\s*(?:일|日)\s*(?:제공|提供)\s*\)`, drop),
	row(`악성\s*소프트웨어\s*제거\s*도구|惡意軟體移除工具`, say("Malicious Software Removal Tool")),
	row(`시험판|發行前版本`, edition("prerelease")),

	// Kind of update (rows of 2016–2017 bulletins for Windows 7, 8.1 and
	// Server 2008 R2–2012 R2).
	row(`security\s*only|보안\s*전용|僅限安全性`, update(UpdateSecurityOnly)),
	row(`monthly\s*rollup|월별\s*롤업|월간\s*누적|每月彙總(?:套件)?`, update(UpdateMonthlyRollup)),

	// Server Core.
	row(`\(?\s*(?:僅限\s*)?server\s*core\s*(?:installation|install|설치|安裝)?(?:\s*only|\s*만)?\s*\)?`, core),

	// Architectures. Korean: "(x64 기반 시스템용)", "(32비트 시스템용)",
	// "(x64용)", "(32비트 버전)", "64비트 에디션".
	row(`\(?\s*(x64|x86|x32\s*비트|32\s*비트|64\s*비트|itanium|arm64|arm)\s*(?:기반\s*)?(?:시스템\s*)?용\s*\)?`, arch(ArchAny)),
	row(`\(?\s*(32|64)\s*비트(?:\s*(?:버전|에디션))?\s*\)?`, arch(ArchAny)),
	// Chinese: "適用於 x64 型系統的", "用於 32 位元系統的", "32 位元系統的",
	// "x64 系統", "Itanium 型系統的", "(64 位元版本)".
	row(`(?:適用於|用於)?\s*(x64|x86|x32\s*位元|32\s*位元|64\s*位元|itanium|arm64|arm)\s*(?:型)?\s*系統(?:的)?`, arch(ArchAny)),
	row(`\(?\s*(32|64)\s*位元(?:\s*版本)?\s*\)?`, arch(ArchAny)),
	// English: "for x64-based Systems", "for 32-bit Systems", "for
	// Itanium-Based Systems", "for ARM systems", "(64-bit editions)".
	row(`\bfor\s+(x64|x86|32-bit|64-bit|itanium|arm64|arm)(?:-based)?\s+systems\b`, arch(ArchAny)),
	row(`\(\s*(32|64)-bit(?:\s+(?:editions?|versions?))?\s*\)`, arch(ArchAny)),
	// "Windows Vista x64 Edition", "Windows Vista x64 버전".
	row(`\bx64\s*(?:edition|버전)`, arch(ArchX64)),

	// Service packs: "Service Pack 2", "서비스 팩 2", "SP2", "(含 SP2)",
	// "包含 SP2", and the archive's "Systems Service Pack 2", "Systems Pack 2".
	row(`(?:service\s*pack|서비스\s*팩|systems?\s+(?:service\s+)?pack)\s*(\d+)`, sp),
	row(`\(?\s*(?:含|包含|with)?\s*\bsp\s*(\d)\b\s*\)?`, sp),

	// Feature releases: "Version 1511", "버전 1511", "版本 1607", "1511 版".
	row(`(?:version|버전|版本)\s*(\d{4}|\d\dh\d)\b`, release),
	row(`\b(\d{4}|\d\dh\d)\s*版`, release),
	row(`\bfor\s+hololens\b`, edition("hololens")),
	// "Windows Server 2022, 23H2 Edition"
	row(`,\s*(\d\dh\d)\s+edition\b`, release),

	// "(with Remote Desktop Client 8.0 installed)", "(원격 데스크톱
	// 클라이언트 8.0 설치됨)", "(已安裝遠端桌面用戶端 8.0)".
	row(`\(?\s*(?:with\s+)?(?:원격\s*데스크톱\s*클라이언트|已安裝遠端桌面用戶端|remote\s+desktop\s+client)\s*(\d+(?:\.\d+)?)\s*(?:설치됨|installed)?\s*\)?`, edition("rdc-%s")),

	// Products that are installed on something: Silverlight on Mac, on
	// Windows clients, on Windows servers.
	row(`지원되는\s*모든\s*(?:릴리스의\s*)?microsoft\s*windows\s*클라이언트(?:\s*릴리스)?에\s*설치된`, edition("windows-client")),
	row(`지원되는\s*모든\s*(?:릴리스의\s*)?microsoft\s*windows\s*서버(?:\s*릴리스)?에\s*설치된`, edition("windows-server")),
	row(`安裝在所有受支援(?:版本[之的])?\s*microsoft\s*windows\s*用戶端(?:版本)?上的`, edition("windows-client")),
	row(`安裝在所有受支援(?:版本[之的])?\s*microsoft\s*windows\s*伺服器(?:版本)?上的`, edition("windows-server")),
	row(`(?:when\s+)?installed\s+on\s+(?:all\s+supported\s+(?:releases|editions)\s+of\s+)?microsoft\s+windows\s+clients?`, edition("windows-client")),
	row(`(?:when\s+)?installed\s+on\s+(?:all\s+supported\s+(?:releases|editions)\s+of\s+)?microsoft\s+windows\s+servers?`, edition("windows-server")),
	row(`mac에\s*설치된|安裝在\s*mac\s*上的|installed\s+on\s+mac`, edition("mac")),
	// "Mac용 Microsoft Word 2016", "適用於 Mac 2011 的 Microsoft Excel",
	// "Mac 的 Microsoft Word 2016", "Microsoft Word 2016 for Mac".
	row(`(?:適用於\s*)?mac(\s+\d{4})?\s*的`, func(r *result, m []string) string { r.p.addEdition("mac"); return " " + m[1] + " " }),
	row(`\bmac(\s+\d{4})?\s*용`, func(r *result, m []string) string { r.p.addEdition("mac"); return " " + m[1] + " " }),
	row(`\bfor\s+mac\b`, edition("mac")),

	// Skype for Business and its old name: "Microsoft Lync 2013 Service
	// Pack 1 (32비트) (비즈니스용 Skype)" is Lync 2013.
	row(`비즈니스용\s*skype\s*서버`, say("Skype for Business Server")),
	row(`\(\s*(?:비즈니스용\s*skype|商務用\s*skype|skype\s+for\s+business)(?:\s*(?:basic|基本版))?\s*\)`, drop),
	row(`비즈니스용\s*skype|商務用\s*skype`, say("Skype for Business")),
	row(`基本版`, say("Basic")),

	// Exchange cumulative updates, System Center update rollups.
	row(`(?:누적\s*업데이트|累積更新|積存更新|cumulative\s+update)\s*(\d+)`, edition("cu%s")),
	row(`\(?\s*(?:安裝)?(?:업데이트\s*롤업|更新彙總套件|update\s+rollup)\s*(\d+)\s*(?:설치|installed)?\s*\)?`, edition("ur%s")),
	row(`\(\s*vmm\s*(?:서버\s*업데이트|伺服器更新|server\s+update)\s*\d+\s*\)`, edition("vmm-server")),

	// Services of SharePoint Server: "… 서비스 팩 2의 Excel Services",
	// "在 … 上的 Excel Services", "Excel Services on …".
	row(`(?:의|上的)\s*(excel\s+services|word\s+automation\s+services|excel\s+automation\s+services)`, edition("%s")),
	row(`(excel\s+services|word\s+automation\s+services|excel\s+automation\s+services)\s+on\b`, edition("%s")),
	row(`^\s*在`, drop),

	// Parts of Office named in parentheses.
	row(`\(\s*(oart|oartconv|wordconv|xlconv)\s*\)`, edition("%s")),
	row(`\(\s*(?:교정\s*도구|校訂工具|proofing\s+tools)\s*\)`, edition("proofing-tools")),
	row(`\(\s*(?:파일\s*형식\s*변환기|檔案格式轉換程式|file\s+format\s+converters)\s*\)`, edition("file-format-converters")),
	row(`ime\s*\(\s*(?:일본어|日文|japanese)\s*\)`, editionSay("japanese", "IME")),
	row(`호환\s*기능\s*팩|相容性套件`, say("Compatibility Pack")),

	// Lync and Live Meeting.
	row(`\(\s*(?:관리자|系統管理員|管理員|admin(?:istrator)?)\s*(?:수준|層級|層次|-?level)\s*(?:설치|安裝|install(?:ation)?)\s*\)`, edition("admin-level")),
	row(`\(\s*(?:사용자|使用者|user)\s*(?:수준|層級|層次|-?level)\s*(?:설치|安裝|install(?:ation)?)\s*\)`, edition("user-level")),
	row(`\(\s*(?:웹\s*구성\s*요소\s*서버|web\s*元件伺服器|web\s+components\s+server)\s*\)`, edition("web-components-server")),
	row(`채팅방\s*시스템|會議室系統`, say("Room System")),
	row(`\(\s*(?:適用於\s*|for\s+)?(crestron\s*rl|smart\s+room\s+system)\s*(?:용)?\s*\)`, edition("%s")),
	row(`콘솔|主控台`, say("Console")),
	row(`추가\s*기능|增益集`, say("Add-in")),
	row(`자동\s*업데이트\s*프로그램`, say("Auto Updater")),
	row(`developer\s*런타임|開發人員執行階段`, say("Developer Runtime")),
	row(`線上伺服器`, say("Online Server")),
	row(`伺服器`, say("Server")),
}

// noise is removed last: links' language marks, footnote marks, update
// numbers in parentheses, stray brackets and punctuation, and the words
// that only glue a localized name together.
var noise = []pattern{
	row(`\(\s*(?:영문|英文|english)\s*\)`, drop),
	row(`\\?\[\s*\d{1,2}\s*\\?\]`, drop),
	row(`\(\s*\d{6,7}(?:\s*-\s*v\d+)?\s*\)`, drop),
	row(`\(\s*\d\s*\)\s*$`, drop), // a footnote mark in parentheses: "… Service Pack 1 (1)"
	row(`(?:^|\s)(?:適用於|用於|的|의|microsoft)(?:\s|$)`, drop),
	// "適\xff\xfe於": bytes of 用 lost in one file of the archive
	row(`^\s*適於`, drop),
}
