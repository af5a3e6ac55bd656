package tlsprobe

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/crypto/cryptobyte"

	"github.com/affected-dev/affected/internal/i18n"
)

// Record content types (RFC 5246 §6.2.1, RFC 8446 §5.1).
const (
	recordChangeCipherSpec = 20
	recordAlert            = 21
	recordHandshake        = 22
	recordApplicationData  = 23
)

// Handshake message types (RFC 5246 §7.4, RFC 5077 §3.3, RFC 8446 §4).
const (
	typeClientHello        = 1
	typeServerHello        = 2
	typeNewSessionTicket   = 4
	typeCertificate        = 11
	typeServerKeyExchange  = 12
	typeCertificateRequest = 13
	typeServerHelloDone    = 14
	typeCertificateStatus  = 22
)

// Extension types.
const (
	extServerName           = 0
	extSupportedGroups      = 10
	extECPointFormats       = 11
	extSignatureAlgorithms  = 13
	extExtendedMasterSecret = 23     // RFC 7627
	extSessionTicket        = 35     // RFC 5077 §3.2
	extPreSharedKey         = 41     // RFC 8446 §4.2.11
	extSupportedVersions    = 43     // RFC 8446 §4.2.1
	extKeyShare             = 51     // RFC 8446 §4.2.8
	extRenegotiationInfo    = 0xff01 // RFC 5746
)

// Alert levels and descriptions the probe interprets (RFC 5246 §7.2).
const (
	alertLevelWarning = 1
	// maxWarnings bounds the warning alerts kept of one flight.
	maxWarnings = 16

	alertCloseNotify           = 0
	alertHandshakeFailure      = 40
	alertProtocolVersion       = 70
	alertInappropriateFallback = 86 // RFC 7507 §2
	alertUnrecognizedName      = 112
)

// fallbackSCSV is TLS_FALLBACK_SCSV (RFC 7507 §2).
const fallbackSCSV = 0x5600

const (
	// maxRecordPayload is the largest TLSCiphertext fragment a peer may
	// send (RFC 5246 §6.2.3); anything larger is refused.
	maxRecordPayload = 16384 + 2048
	// maxHandshakeBuffer bounds the reassembly of one handshake message:
	// certificate chains are the largest legitimate messages before the
	// server's ChangeCipherSpec.
	maxHandshakeBuffer = 256 << 10
)

// Downgrade sentinels in ServerHello.random[24:] (RFC 8446 §4.1.3).
var (
	downgradeTLS12 = []byte("DOWNGRD\x01")
	downgradeTLS11 = []byte("DOWNGRD\x00")
	// helloRetryRequestRandom marks a HelloRetryRequest (RFC 8446 §4.1.3).
	helloRetryRequestRandom = []byte{
		0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11,
		0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
		0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E,
		0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
	}
)

// serverHello is the part of a ServerHello (RFC 5246 §7.4.1.3, RFC 8446
// §4.1.3) that the probe reads.
type serverHello struct {
	legacyVersion    uint16
	random           []byte
	sessionID        []byte
	cipherSuite      uint16
	supportedVersion uint16 // ext 43; 0 when absent
	ticketExt        bool   // ext 35: a NewSessionTicket follows (RFC 5077 §3.2)
	pskSelected      bool   // ext 41: TLS 1.3 resumption
	keyShare         bool   // ext 51: (EC)DHE with the PSK, psk_dhe_ke
	extMasterSecret  bool   // ext 23
	retryRequest     bool
}

// version is the negotiated protocol version.
func (h *serverHello) version() uint16 {
	if h.supportedVersion != 0 {
		return h.supportedVersion
	}
	return h.legacyVersion
}

// sentinel returns the RFC 8446 §4.1.3 downgrade sentinel version the
// server put in its random: tls.VersionTLS12, tls.VersionTLS11 or 0.
func (h *serverHello) sentinel() uint16 {
	if len(h.random) != 32 {
		return 0
	}
	switch tail := h.random[24:]; {
	case bytes.Equal(tail, downgradeTLS12):
		return tls.VersionTLS12
	case bytes.Equal(tail, downgradeTLS11):
		return tls.VersionTLS11
	}
	return 0
}

func parseServerHello(body []byte) (*serverHello, error) {
	s := cryptobyte.String(body)
	h := &serverHello{}
	var sid cryptobyte.String
	var random []byte
	var compression uint8
	if !s.ReadUint16(&h.legacyVersion) || !s.ReadBytes(&random, 32) ||
		!s.ReadUint8LengthPrefixed(&sid) || !s.ReadUint16(&h.cipherSuite) ||
		!s.ReadUint8(&compression) {
		return nil, i18n.Errorf(msgBadServerHello)
	}
	h.random = bytes.Clone(random)
	h.sessionID = bytes.Clone(sid)
	h.retryRequest = bytes.Equal(random, helloRetryRequestRandom)
	if s.Empty() {
		return h, nil
	}
	var exts cryptobyte.String
	if !s.ReadUint16LengthPrefixed(&exts) || !s.Empty() {
		return nil, i18n.Errorf(msgBadServerHello)
	}
	for !exts.Empty() {
		var typ uint16
		var data cryptobyte.String
		if !exts.ReadUint16(&typ) || !exts.ReadUint16LengthPrefixed(&data) {
			return nil, i18n.Errorf(msgBadServerHello)
		}
		switch typ {
		case extSupportedVersions:
			if !data.ReadUint16(&h.supportedVersion) {
				return nil, i18n.Errorf(msgBadServerHello)
			}
		case extSessionTicket:
			h.ticketExt = true
		case extPreSharedKey:
			h.pskSelected = true
		case extKeyShare:
			h.keyShare = true
		case extExtendedMasterSecret:
			h.extMasterSecret = true
		}
	}
	return h, nil
}

// sessionTicketMsg is a TLS 1.2 NewSessionTicket (RFC 5077 §3.3).
type sessionTicketMsg struct {
	lifetimeHint uint32 // seconds; 0 means unspecified
	length       int
}

func parseSessionTicket(body []byte) (sessionTicketMsg, error) {
	s := cryptobyte.String(body)
	var m sessionTicketMsg
	var ticket cryptobyte.String
	if !s.ReadUint32(&m.lifetimeHint) || !s.ReadUint16LengthPrefixed(&ticket) || !s.Empty() {
		return m, i18n.Errorf(msgBadTicketMsg)
	}
	m.length = len(ticket)
	return m, nil
}

// alertRecord is a cleartext alert (RFC 5246 §7.2).
type alertRecord struct {
	level, description uint8
}

// flight is what the probe saw of the server's side of one handshake: the
// cleartext records up to the server's ChangeCipherSpec (TLS 1.2 and
// earlier), or up to the ServerHello and then, decrypted (tls13.go), up to
// the server's Finished (TLS 1.3).
type flight struct {
	hello    *serverHello
	messages []uint8 // handshake types, in order
	tickets  []sessionTicketMsg
	ccs      bool // the server's ChangeCipherSpec was seen
	// warnings are the warning alerts (RFC 5246 §7.2.2) that came before
	// the flight ended, such as unrecognized_name (RFC 6066 §3): the
	// handshake goes on after them.
	warnings []uint8
	// encrypted are the handshake types of a TLS 1.3 server flight after
	// the ServerHello, decrypted; finished: up to the server's Finished.
	encrypted []uint8
	finished  bool
	sealed    bool         // the TLS 1.3 flight could not be decrypted
	alert     *alertRecord // a fatal alert, or close_notify
	received  int          // bytes received from the server, all of them
	head      []byte
	err       error // the server's bytes could not be parsed
}

// tls13 reports whether the server chose TLS 1.3 (its final ServerHello).
func (f *flight) tls13() bool {
	return f.hello != nil && f.hello.version() >= tls.VersionTLS13 && !f.hello.retryRequest
}

// done reports whether the part of the flight the probe reads is over.
func (f *flight) done() bool {
	if f.ccs || f.alert != nil || f.err != nil {
		return true
	}
	return f.tls13() && (f.finished || f.sealed)
}

// sentCertificate reports whether the server sent a Certificate message.
func (f *flight) sentCertificate() bool {
	return slices.Contains(f.messages, typeCertificate) || slices.Contains(f.encrypted, typeCertificate)
}

// abbreviated reports whether a TLS 1.2 or earlier flight is that of a
// resumed session (RFC 5246 §7.3): ServerHello, then ChangeCipherSpec
// without a Certificate.
func (f *flight) abbreviated() bool {
	return f.hello != nil && !f.tls13() && f.ccs && !f.sentCertificate()
}

// ticketBeforeCCS reports whether a NewSessionTicket came before the
// server's ChangeCipherSpec: in a resumed TLS 1.2 handshake, that is the
// renewal of RFC 5077 §3.1 figure 2.
func (f *flight) ticketBeforeCCS() bool { return len(f.tickets) > 0 }

// String renders the flight as a flow line such as
// "ServerHello[ext 35] NewSessionTicket(hint 0 s, 192 bytes) ChangeCipherSpec".
func (f *flight) String() string {
	var parts []string
	for _, w := range f.warnings {
		parts = append(parts, fmt.Sprintf("Alert(warning %s)", alertName(w)))
	}
	ticket := 0
	for _, t := range f.messages {
		switch t {
		case typeServerHello:
			if f.hello == nil {
				parts = append(parts, "ServerHello(malformed)")
			} else {
				parts = append(parts, f.helloString())
			}
		case typeNewSessionTicket:
			if ticket < len(f.tickets) {
				m := f.tickets[ticket]
				parts = append(parts, fmt.Sprintf("NewSessionTicket(hint %d s, %d bytes)", m.lifetimeHint, m.length))
			} else {
				parts = append(parts, "NewSessionTicket")
			}
			ticket++
		default:
			parts = append(parts, handshakeName(t))
		}
	}
	if f.ccs {
		parts = append(parts, "ChangeCipherSpec")
	}
	if f.tls13() {
		var names []string
		for _, t := range f.encrypted {
			names = append(names, handshakeName(t))
		}
		if len(names) > 0 && !f.finished {
			names = append(names, "…")
		}
		if len(names) == 0 {
			names = []string{"encrypted"}
		}
		parts = append(parts, "{"+strings.Join(names, " ")+"}")
	}
	if f.alert != nil {
		parts = append(parts, fmt.Sprintf("Alert(%s)", alertName(f.alert.description)))
	}
	return strings.Join(parts, " ")
}

func (f *flight) helloString() string {
	h := f.hello
	var attrs []string
	attrs = append(attrs, versionName(h.version()))
	if h.retryRequest {
		attrs = append(attrs, "HelloRetryRequest")
	}
	if len(h.sessionID) > 0 {
		attrs = append(attrs, fmt.Sprintf("session_id %d bytes", len(h.sessionID)))
	}
	if h.ticketExt {
		attrs = append(attrs, "ext 35")
	}
	if h.pskSelected {
		attrs = append(attrs, "ext 41")
	}
	if v := h.sentinel(); v != 0 {
		attrs = append(attrs, "DOWNGRD "+versionName(v))
	}
	return "ServerHello[" + strings.Join(attrs, ", ") + "]"
}

func handshakeName(t uint8) string {
	switch t {
	case typeServerHello:
		return "ServerHello"
	case typeNewSessionTicket:
		return "NewSessionTicket"
	case typeCertificate:
		return "Certificate"
	case typeServerKeyExchange:
		return "ServerKeyExchange"
	case typeCertificateRequest:
		return "CertificateRequest"
	case typeServerHelloDone:
		return "ServerHelloDone"
	case typeCertificateStatus:
		return "CertificateStatus"
	case typeEncryptedExtensions:
		return "EncryptedExtensions"
	case typeCertificateVerify:
		return "CertificateVerify"
	case typeFinished:
		return "Finished"
	}
	return fmt.Sprintf("Handshake(%d)", t)
}

func alertName(d uint8) string {
	switch d {
	case 0:
		return "close_notify"
	case 10:
		return "unexpected_message"
	case 40:
		return "handshake_failure"
	case 47:
		return "illegal_parameter"
	case 50:
		return "decode_error"
	case 70:
		return "protocol_version"
	case 71:
		return "insufficient_security"
	case 80:
		return "internal_error"
	case 86:
		return "inappropriate_fallback"
	case 112:
		return "unrecognized_name"
	}
	return fmt.Sprintf("alert %d", d)
}

// observer parses the bytes a server sends, as they arrive, into a flight.
// Its memory is bounded: one record and one handshake message at most,
// both capped; once the cleartext part is over it only counts bytes.
type observer struct {
	f   flight
	rec []byte // partial record
	hs  []byte // partial handshake message(s)
	// TLS 1.3: the records kept until the key is known, the decrypter, and
	// the partial decrypted handshake message(s).
	sealed []byte
	opener *recordOpener
	hs13   []byte
}

const headKeep = 16 // bytes kept to show what a non-TLS server sent

// feed consumes bytes received from the server.
func (o *observer) feed(p []byte) {
	o.f.received += len(p)
	if len(o.f.head) < headKeep {
		n := min(headKeep-len(o.f.head), len(p))
		o.f.head = append(o.f.head, p[:n]...)
	}
	if o.f.done() {
		return
	}
	for len(p) > 0 && !o.f.done() {
		// Fill the record header, then the record.
		need := 5
		if len(o.rec) >= 5 {
			n := int(o.rec[3])<<8 | int(o.rec[4])
			need = 5 + n
		}
		take := min(need-len(o.rec), len(p))
		o.rec = append(o.rec, p[:take]...)
		p = p[take:]
		if len(o.rec) == 5 {
			if err := checkRecordHeader(o.rec, o.f.head); err != nil {
				o.f.err = err
				return
			}
			if o.rec[3] == 0 && o.rec[4] == 0 {
				o.record(o.rec[:5], nil)
				o.rec = o.rec[:0]
			}
			continue
		}
		if len(o.rec) == need && need > 5 {
			o.record(o.rec[:5], o.rec[5:])
			o.rec = o.rec[:0]
		}
	}
}

// checkRecordHeader rejects what cannot be a TLS record header.
func checkRecordHeader(h, head []byte) error {
	typ, major := h[0], h[1]
	n := int(h[3])<<8 | int(h[4])
	if typ < recordChangeCipherSpec || typ > recordApplicationData || major != 3 {
		return i18n.Errorf(msgNotTLS, string(head))
	}
	if n > maxRecordPayload {
		return i18n.Errorf(msgRecordTooLarge, n, maxRecordPayload)
	}
	return nil
}

func (o *observer) record(header, payload []byte) {
	switch header[0] {
	case recordChangeCipherSpec:
		if o.f.hello != nil && (o.f.hello.retryRequest || o.f.tls13()) {
			return // the middlebox-compatibility CCS of TLS 1.3 (RFC 8446 App. D.4)
		}
		o.f.ccs = true
	case recordAlert:
		switch {
		case len(payload) < 2:
			o.f.err = i18n.Errorf(msgBadAlert)
		case payload[0] == alertLevelWarning && payload[1] != alertCloseNotify && len(o.f.warnings) < maxWarnings:
			// A warning does not end the handshake (RFC 5246 §7.2.2);
			// crypto/tls skips it too.
			o.f.warnings = append(o.f.warnings, payload[1])
		case payload[0] == alertLevelWarning && payload[1] != alertCloseNotify:
			o.f.err = i18n.Errorf(msgBadAlert) // a server that only sends warnings
		default:
			o.f.alert = &alertRecord{level: payload[0], description: payload[1]}
		}
	case recordHandshake:
		if len(o.hs)+len(payload) > maxHandshakeBuffer {
			o.f.err = errHandshakeTooLarge()
			return
		}
		o.hs = append(o.hs, payload...)
		o.messages()
	case recordApplicationData:
		if o.f.tls13() {
			o.encryptedRecord(header, payload)
			return
		}
		// Encrypted data before a ChangeCipherSpec, and not after a TLS
		// 1.3 ServerHello.
		o.f.err = i18n.Errorf(msgUnexpectedAppData)
	}
}

func errHandshakeTooLarge() error { return i18n.Errorf(msgHandshakeTooLarge, maxHandshakeBuffer) }

// splitMessage returns the first handshake message of b (type, 24-bit
// length, body) and what follows it; ok is false until b holds all of it.
func splitMessage(b []byte) (typ uint8, body, rest []byte, ok bool, err error) {
	if len(b) < 4 {
		return 0, nil, b, false, nil
	}
	n := int(b[1])<<16 | int(b[2])<<8 | int(b[3])
	if n > maxHandshakeBuffer {
		return 0, nil, b, false, errHandshakeTooLarge()
	}
	if len(b) < 4+n {
		return 0, nil, b, false, nil
	}
	return b[0], b[4 : 4+n], b[4+n:], true, nil
}

func (o *observer) messages() {
	for !o.f.done() {
		typ, body, rest, ok, err := splitMessage(o.hs)
		if err != nil {
			o.f.err = err
			return
		}
		if !ok {
			break
		}
		o.f.messages = append(o.f.messages, typ)
		switch typ {
		case typeServerHello:
			h, err := parseServerHello(body)
			if err != nil {
				o.f.err = err
				return
			}
			o.f.hello = h
		case typeNewSessionTicket:
			m, err := parseSessionTicket(body)
			if err != nil {
				o.f.err = err
				return
			}
			o.f.tickets = append(o.f.tickets, m)
		}
		o.hs = rest
	}
	if len(o.hs) == 0 {
		o.hs = nil // let a large certificate message be collected
	}
}
