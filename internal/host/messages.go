package host

import "github.com/affected-dev/affected/internal/i18n"

var (
	msgEmpty = i18n.Define("host.empty",
		"the file is empty: no inventory",
		"파일이 비어 있음: 인벤토리가 없음",
		"檔案是空的：沒有清冊")
	msgUnknownFormat = i18n.Define("host.unknown-format",
		"not a Windows inventory: expected systeminfo output (list or /fo csv), wmic qfe output, Get-HotFix as a table, CSV or JSON, or an affected inventory (JSON)",
		"Windows 인벤토리가 아님: systeminfo 출력(목록 또는 /fo csv), wmic qfe 출력, 표·CSV·JSON 형식의 Get-HotFix, 또는 affected 인벤토리(JSON)여야 함",
		"不是 Windows 清冊：應為 systeminfo 輸出（清單或 /fo csv）、wmic qfe 輸出、表格／CSV／JSON 格式的 Get-HotFix，或 affected 清冊（JSON）")
	msgUnknownJSON = i18n.Define("host.unknown-json",
		`JSON that is neither Get-HotFix output (objects with "HotFixID") nor an affected inventory ("format": "affected-inventory")`,
		`Get-HotFix 출력("HotFixID"가 있는 객체)도 affected 인벤토리("format": "affected-inventory")도 아닌 JSON`,
		`既不是 Get-HotFix 輸出（含 "HotFixID" 的物件）也不是 affected 清冊（"format": "affected-inventory"）的 JSON`)
	msgUpdateListing = i18n.Define("host.update-listing",
		"a list of the updates Windows Update offers (what is missing), not of installed ones: not an inventory; give systeminfo or wmic qfe output instead",
		"Windows 업데이트가 제공하는 업데이트(누락된 것)의 목록이며 설치된 업데이트 목록이 아님: 인벤토리가 아니므로 systeminfo 또는 wmic qfe 출력을 사용하세요",
		"這是 Windows Update 提供的更新（缺少的更新）清單，不是已安裝的更新：不是清冊；請改用 systeminfo 或 wmic qfe 輸出")
	msgTruncated = i18n.Define("host.truncated",
		"systeminfo output cut short: it ends after %d {field|fields}, before its hotfix list (field %d)",
		"systeminfo 출력이 잘림: 핫픽스 목록(필드 %[2]d) 전에 필드 %[1]d개에서 끝남",
		"systeminfo 輸出不完整：在第 %[2]d 個欄位（Hotfix 清單）之前、第 %[1]d 個欄位後就結束")
	msgListCut = i18n.Define("host.list-cut",
		"systeminfo output cut short inside its hotfix list: %d of the %d {hotfix|hotfixes} it announces",
		"systeminfo 출력이 핫픽스 목록 중간에서 잘림: 알린 핫픽스 %[2]d개 중 %[1]d개",
		"systeminfo 輸出在 Hotfix 清單中途結束：宣告的 %[2]d 個 Hotfix 只列出 %[1]d 個")
	msgNoHotfixField = i18n.Define("host.no-hotfix-field",
		"systeminfo output without its hotfix list where systeminfo writes it (the field before the network cards)",
		"systeminfo가 핫픽스 목록을 쓰는 자리(네트워크 카드 앞 필드)에 핫픽스 목록이 없음",
		"systeminfo 輸出在其應有位置（網路卡之前的欄位）沒有 Hotfix 清單")
	msgBadVersion = i18n.Define("host.bad-version",
		"OS version %q is not major.minor.build",
		"OS 버전 %q{이/가} major.minor.build 형식이 아님",
		"作業系統版本 %q 不是 major.minor.build 格式")
	msgBadBytes = i18n.Define("host.bad-bytes",
		"bytes that are not valid %s: the file is damaged or in another encoding",
		"올바른 %s{이/가} 아닌 바이트: 파일이 손상되었거나 다른 인코딩임",
		"不是有效 %s 的位元組：檔案已損壞或使用其他編碼")
	msgUnknownEncoding = i18n.Define("host.unknown-encoding",
		"the encoding cannot be told: neither UTF-8, UTF-16 nor a console code page",
		"인코딩을 알 수 없음: UTF-8도 UTF-16도 콘솔 코드 페이지도 아님",
		"無法判斷編碼：不是 UTF-8、UTF-16，也不是主控台字碼頁")
	msgReplacementChar = i18n.Define("host.replacement-char",
		"replacement character U+FFFD: text was lost when the file was converted from another encoding (mojibake); save the output again as UTF-16 or UTF-8",
		"대체 문자 U+FFFD: 파일을 다른 인코딩에서 변환할 때 글자가 손실됨(깨진 글자); 출력을 UTF-16 또는 UTF-8로 다시 저장하세요",
		"取代字元 U+FFFD：檔案從其他編碼轉換時遺失了文字（亂碼）；請將輸出重新存成 UTF-16 或 UTF-8")
	msgDoubleEncoded = i18n.Define("host.double-encoded",
		"UTF-8 text that was read in a legacy code page and saved again (mojibake such as \"Ã©\" for \"é\"); save the output again as UTF-16 or UTF-8",
		"레거시 코드 페이지로 읽힌 뒤 다시 저장된 UTF-8 텍스트(\"é\" 대신 \"Ã©\" 같은 깨진 글자); 출력을 UTF-16 또는 UTF-8로 다시 저장하세요",
		"以舊式字碼頁讀取後又存檔的 UTF-8 文字（亂碼，例如以 \"Ã©\" 代替 \"é\"）；請將輸出重新存成 UTF-16 或 UTF-8")
	msgQuestionMarks = i18n.Define("host.question-marks",
		"question marks in place of characters: the output was converted to a code page that lacks them (mojibake); save it again as UTF-16 or UTF-8",
		"글자 대신 물음표: 출력이 해당 글자가 없는 코드 페이지로 변환됨(깨진 글자); UTF-16 또는 UTF-8로 다시 저장하세요",
		"以問號取代字元：輸出被轉換成缺少這些字元的字碼頁（亂碼）；請重新存成 UTF-16 或 UTF-8")
	msgControlChar = i18n.Define("host.control-char",
		"control character U+%04X: the file was decoded with the wrong code page (mojibake)",
		"제어 문자 U+%04X: 파일을 잘못된 코드 페이지로 디코딩함(깨진 글자)",
		"控制字元 U+%04X：檔案以錯誤的字碼頁解碼（亂碼）")
	msgCSV = i18n.Define("host.csv",
		"invalid CSV: %v",
		"잘못된 CSV: %v",
		"無效的 CSV：%v")
	msgCSVRecord = i18n.Define("host.csv-record",
		"a systeminfo CSV record whose third field is not an OS version",
		"세 번째 필드가 OS 버전이 아닌 systeminfo CSV 레코드",
		"第三個欄位不是作業系統版本的 systeminfo CSV 記錄")
	msgBadField = i18n.Define("host.bad-field",
		"%s: invalid value %q",
		"%s: 잘못된 값 %q",
		"%s：無效的值 %q")
	msgUnknownField = i18n.Define("host.unknown-field",
		"unknown field %q (inventory version 1 has format, version, hosts[].name, .os and .updates)",
		"알 수 없는 필드 %q (인벤토리 버전 1에는 format, version, hosts[].name, .os, .updates가 있음)",
		"未知的欄位 %q（清冊第 1 版有 format、version、hosts[].name、.os 與 .updates）")
	msgNoHosts = i18n.Define("host.no-hosts",
		"an inventory with no hosts",
		"호스트가 없는 인벤토리",
		"沒有主機的清冊")
	msgLocalNotWindows = i18n.Define("host.local-not-windows",
		"reading the running machine needs Windows: give inventory files or directories (systeminfo, wmic qfe, Get-HotFix output)",
		"실행 중인 컴퓨터를 읽으려면 Windows가 필요함: 인벤토리 파일이나 디렉터리(systeminfo, wmic qfe, Get-HotFix 출력)를 주세요",
		"讀取執行中的電腦需要 Windows：請提供清冊檔案或目錄（systeminfo、wmic qfe、Get-HotFix 輸出）")
	msgLocalNoBuild = i18n.Define("host.local-no-build",
		"the registry gives no build number (CurrentBuild)",
		"레지스트리에 빌드 번호(CurrentBuild)가 없음",
		"登錄中沒有組建編號（CurrentBuild）")
)
