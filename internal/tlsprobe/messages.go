package tlsprobe

import "github.com/affected-dev/affected/internal/i18n"

// StepError is a failure located at one step of a probe.
type StepError struct {
	Step string // one of the Step constants
	Err  error
}

func stepError(step string, err error) error { return &StepError{Step: step, Err: err} }

func (e *StepError) Error() string { return e.Localize(i18n.En) }

// Localize implements i18n.Localizer.
func (e *StepError) Localize(l i18n.Lang) string {
	return StepLabel(e.Step).Plain(l) + ": " + i18n.Localize(e.Err, l)
}

func (e *StepError) Unwrap() error { return e.Err }

// StepLabel returns the human name of a probe step.
func StepLabel(step string) *i18n.Message {
	if m, ok := stepLabels[step]; ok {
		return m
	}
	return msgStepUnknown
}

var stepLabels = map[string]*i18n.Message{
	StepTLS12Full: i18n.Define("tlsprobe.step.tls12-full",
		"TLS 1.2 full handshake",
		"TLS 1.2 전체 핸드셰이크",
		"TLS 1.2 完整交握"),
	StepDefault: i18n.Define("tlsprobe.step.default",
		"handshake offering TLS 1.0–1.3",
		"TLS 1.0–1.3을 제시하는 핸드셰이크",
		"提供 TLS 1.0–1.3 的交握"),
	StepDefaultRetry: i18n.Define("tlsprobe.step.default-no-ticket",
		"handshake offering TLS 1.0–1.3 without a ticket",
		"티켓 없이 TLS 1.0–1.3을 제시하는 핸드셰이크",
		"不帶票證、提供 TLS 1.0–1.3 的交握"),
	StepTLS13Resume: i18n.Define("tlsprobe.step.tls13-resume",
		"TLS 1.3 PSK resumption",
		"TLS 1.3 PSK 재개",
		"TLS 1.3 PSK 恢復"),
	StepTLS12Resume: i18n.Define("tlsprobe.step.tls12-ticket-resume",
		"TLS 1.2 ticket resumption",
		"TLS 1.2 티켓 재개",
		"TLS 1.2 票證恢復"),
	StepRenewedResume: i18n.Define("tlsprobe.step.tls12-renewed-resume",
		"resumption with the renewed ticket",
		"갱신된 티켓으로 재개",
		"以更新後的票證恢復"),
	StepStoredResume: i18n.Define("tlsprobe.step.tls12-stored-resume",
		"resumption with the ticket of an earlier run",
		"이전 실행의 티켓으로 재개",
		"以先前執行的票證恢復"),
	StepTLS12NoTicket: i18n.Define("tlsprobe.step.tls12-full-no-ticket",
		"TLS 1.2 full handshake without a ticket",
		"티켓 없는 TLS 1.2 전체 핸드셰이크",
		"不帶票證的 TLS 1.2 完整交握"),
	StepSessionIDResume: i18n.Define("tlsprobe.step.session-id-resume",
		"session-ID resumption",
		"세션 ID 재개",
		"工作階段 ID 恢復"),
	StepSCSVTLS12: i18n.Define("tlsprobe.step.fallback-scsv-tls12",
		"TLS 1.2 hello with TLS_FALLBACK_SCSV",
		"TLS_FALLBACK_SCSV를 담은 TLS 1.2 hello",
		"帶 TLS_FALLBACK_SCSV 的 TLS 1.2 hello"),
	StepSCSVTLS11: i18n.Define("tlsprobe.step.fallback-scsv-tls11",
		"TLS 1.1 hello with TLS_FALLBACK_SCSV",
		"TLS_FALLBACK_SCSV를 담은 TLS 1.1 hello",
		"帶 TLS_FALLBACK_SCSV 的 TLS 1.1 hello"),
	StepSCSVTLS10: i18n.Define("tlsprobe.step.fallback-scsv-tls10",
		"TLS 1.0 hello with TLS_FALLBACK_SCSV",
		"TLS_FALLBACK_SCSV를 담은 TLS 1.0 hello",
		"帶 TLS_FALLBACK_SCSV 的 TLS 1.0 hello"),
	StepHelloTLS11: i18n.Define("tlsprobe.step.hello-tls11",
		"TLS 1.1 hello",
		"TLS 1.1 hello 메시지",
		"TLS 1.1 hello 訊息"),
	StepHelloTLS10: i18n.Define("tlsprobe.step.hello-tls10",
		"TLS 1.0 hello",
		"TLS 1.0 hello 메시지",
		"TLS 1.0 hello 訊息"),
}

var (
	msgStepUnknown = i18n.Define("tlsprobe.step.unknown",
		"probe",
		"검사",
		"探測")

	msgBadServerHello = i18n.Define("tlsprobe.bad-server-hello",
		"malformed ServerHello",
		"ServerHello 형식이 잘못됨",
		"ServerHello 格式錯誤")
	msgBadTicketMsg = i18n.Define("tlsprobe.bad-ticket-msg",
		"malformed NewSessionTicket",
		"NewSessionTicket 형식이 잘못됨",
		"NewSessionTicket 格式錯誤")
	msgNotTLS = i18n.Define("tlsprobe.not-tls",
		"the server's answer is not TLS (it starts with %q)",
		"서버의 응답이 TLS가 아님 (%q{으로/로} 시작함)",
		"伺服器的回應不是 TLS（開頭為 %q）")
	msgRecordTooLarge = i18n.Define("tlsprobe.record-too-large",
		"the server sent a record of %d {byte|bytes}, more than the %d that TLS allows",
		"서버가 %d바이트 레코드를 보냄 (TLS가 허용하는 %d바이트 초과)",
		"伺服器送出 %d 位元組的記錄，超過 TLS 允許的 %d 位元組")
	msgBadAlert = i18n.Define("tlsprobe.bad-alert",
		"malformed alert record",
		"경고(alert) 레코드 형식이 잘못됨",
		"警示（alert）記錄格式錯誤")
	msgHandshakeTooLarge = i18n.Define("tlsprobe.handshake-too-large",
		"handshake message larger than %d {byte|bytes}",
		"핸드셰이크 메시지가 %d바이트보다 큼",
		"交握訊息大於 %d 位元組")
	msgUnexpectedAppData = i18n.Define("tlsprobe.unexpected-app-data",
		"encrypted data before the handshake was over",
		"핸드셰이크가 끝나기 전에 암호화된 데이터가 옴",
		"交握結束前收到加密資料")

	msgEmptyTarget = i18n.Define("tlsprobe.empty-target",
		"empty target",
		"대상이 비어 있음",
		"目標是空的")
	msgBadTarget = i18n.Define("tlsprobe.bad-target",
		"bad target %q: %s",
		"잘못된 대상 %q: %s",
		"無效的目標 %q：%s")
	msgMissingBracket = i18n.Define("tlsprobe.missing-bracket",
		"missing ]",
		"]가 빠졌음",
		"缺少 ]")
	msgJunkAfterBracket = i18n.Define("tlsprobe.junk-after-bracket",
		"unexpected %q after ]",
		"] 뒤에 예상하지 못한 %q",
		"] 之後有非預期的 %q")
	msgNotIPv6 = i18n.Define("tlsprobe.not-ipv6",
		"%q is not an IP address",
		"%q{은/는} IP 주소가 아님",
		"%q 不是 IP 位址")
	msgBracketIPv6 = i18n.Define("tlsprobe.bracket-ipv6",
		"write an IPv6 address with a port in brackets, as in [::1]:443",
		"포트가 있는 IPv6 주소는 [::1]:443처럼 대괄호로 쓰세요",
		"帶連接埠的 IPv6 位址請用方括號，例如 [::1]:443")
	msgNoHost = i18n.Define("tlsprobe.no-host",
		"no host",
		"호스트가 없음",
		"沒有主機")
	msgBadHost = i18n.Define("tlsprobe.bad-host",
		"%q is not a host name",
		"%q{은/는} 호스트 이름이 아님",
		"%q 不是主機名稱")
	msgBadPort = i18n.Define("tlsprobe.bad-port",
		"%q is not a port (1-65535)",
		"%q{은/는} 포트가 아님 (1-65535)",
		"%q 不是連接埠（1-65535）")

	msgResolve = i18n.Define("tlsprobe.resolve",
		"resolving %s: %s",
		"%s 이름 확인: %s",
		"解析 %s：%s")
	msgConnect = i18n.Define("tlsprobe.connect",
		"connecting to %s: %s",
		"%s에 연결: %s",
		"連線至 %s：%s")
	msgTimeout = i18n.Define("tlsprobe.timeout",
		"no complete answer within %s (%d {byte|bytes} received)",
		"%s 안에 완전한 응답이 없음 (%d바이트 받음)",
		"%s 內沒有完整回應（收到 %d 位元組）")
	msgServerAlert = i18n.Define("tlsprobe.server-alert",
		"the server refused with alert %s",
		"서버가 경고 %s{으로/로} 거부함",
		"伺服器以警示 %s 拒絕")
	msgClosed = i18n.Define("tlsprobe.closed",
		"the server closed the connection (%d {byte|bytes} received)",
		"서버가 연결을 닫음 (%d바이트 받음)",
		"伺服器關閉了連線（收到 %d 位元組）")

	msgStateRead = i18n.Define("tlsprobe.state-read",
		"reading state file %s: %s",
		"상태 파일 %s 읽기: %s",
		"讀取狀態檔 %s：%s")
	msgStateParse = i18n.Define("tlsprobe.state-parse",
		"state file %s is not a state file of this program: %s",
		"상태 파일 %s{은/는} 이 프로그램의 상태 파일이 아님: %s",
		"狀態檔 %s 不是本程式的狀態檔：%s")
	msgStateVersion = i18n.Define("tlsprobe.state-version",
		"schema_version %d is not supported",
		"schema_version %d{은/는} 지원하지 않음",
		"不支援 schema_version %d")
	msgStateWrite = i18n.Define("tlsprobe.state-write",
		"writing state file %s: %s",
		"상태 파일 %s 쓰기: %s",
		"寫入狀態檔 %s：%s")

	msgCertKey = i18n.Define("tlsprobe.cert-key",
		"loading certificate %s and key %s: %s",
		"인증서 %s와 키 %s 읽기: %s",
		"載入憑證 %s 與金鑰 %s：%s")
)
