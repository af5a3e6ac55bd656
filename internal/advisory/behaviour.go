package advisory

import "github.com/affected-dev/affected/internal/i18n"

// behaviourTexts are the descriptions, in every language, of the
// behaviour checks affected runs: the records name a check and describe it
// in English; a reader of another language gets this text instead.
var behaviourTexts = map[string]*i18n.Message{
	"tls.ticket-renewed-in-abbreviated-handshake": i18n.Define("advisory.behaviour.ticket-renewed",
		"The TLS server sends a NewSessionTicket message in an abbreviated (resumed) TLS 1.2 handshake (RFC 5077 section 3.1), always or after its ticket keys rotate.",
		"TLS 서버가 축약(재개) TLS 1.2 핸드셰이크에서 NewSessionTicket 메시지를 보냄 (RFC 5077 3.1절): 항상, 또는 티켓 키가 교체된 뒤에.",
		"TLS 伺服器在簡化（恢復）的 TLS 1.2 交握中傳送 NewSessionTicket 訊息（RFC 5077 第 3.1 節）：一律如此，或在票證金鑰輪替之後。"),
}

// DescriptionIn returns the behaviour's description in l: affected's own
// text for a check it runs, else the record's (in the record's language).
func (b BehaviourExposure) DescriptionIn(l i18n.Lang) string {
	if m, ok := behaviourTexts[b.Check]; ok {
		return m.Plain(l)
	}
	return b.Description
}
