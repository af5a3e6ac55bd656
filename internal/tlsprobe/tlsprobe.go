// Package tlsprobe measures how a TLS server resumes sessions and whether it
// refuses an inappropriate version fallback, and maps what it sees to the
// advisories whose behaviour matched (Microsoft Security Advisory 3109853:
// a NewSessionTicket in the abbreviated handshake, RFC 5077 §3.1 figure 2).
//
// [Probe] drives one target through a fixed sequence of handshakes, with
// crypto/tls for complete handshakes and hand-built ClientHellos (see
// hello.go) for what crypto/tls cannot send: TLS_FALLBACK_SCSV (RFC 7507)
// and stateful session-ID resumption (RFC 5246 §7.4.1.2). It observes the
// server flight of every handshake by reading a copy of the bytes
// crypto/tls receives (wire.go): ServerHello session_id, the session_ticket
// (35), supported_versions (43) and pre_shared_key (41) extensions, the
// RFC 8446 §4.1.3 downgrade sentinel, warning alerts, a TLS 1.2
// NewSessionTicket before the server's ChangeCipherSpec with its lifetime
// hint and length, and, decrypted with the handshake secret crypto/tls
// logs (tls13.go), the messages of a TLS 1.3 server flight up to its
// Finished.
//
// Scope and limits: the probe measures TLS 1.0–1.3 over TCP; it does not
// verify certificates (the behaviour measured does not depend on trust),
// and their dates do not matter: crypto/tls, which will not offer a
// session whose certificate has expired, is shown a clock inside the
// certificate's validity (conn.go). Every hello offers every TLS 1.0–1.2
// cipher suite crypto/tls implements, RSA key exchange, 3DES and RC4
// included, which Go 1.22 and later leave out by default. TLS 1.3 tickets
// are counted through crypto/tls, which drops tickets with a lifetime of
// 0; only psk_dhe_ke is offered for TLS 1.3 resumption; a renewal that
// happens only after the server rotates its ticket keys is seen only when
// an earlier run's ticket is replayed ([Options.State]), and stays
// recorded there once seen.
// Every read is bounded in time (the context's deadline) and in memory
// (one record of at most 18 KiB, one handshake message of at most 256 KiB
// and at most 256 KiB of encrypted TLS 1.3 records waiting for their key
// are buffered). The probe connects to no address but the
// target's.
//
// [Serve] is the other side: a server that issues tickets and renews them
// in every abbreviated handshake, for testing clients.
package tlsprobe

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/affected-dev/affected/internal/i18n"
)

// Target is one server to probe.
type Target struct {
	Host string // a host name or an IP address (no brackets)
	Port int
	// SNI is the server name sent in the ClientHello; empty means Host when
	// Host is a name, and none when it is an address.
	SNI string
}

// DefaultPort is the port of a target given without one.
const DefaultPort = 443

// ParseTarget parses "host", "host:port", "[v6]" or "[v6]:port"; a bare
// IPv6 address without brackets is accepted too.
func ParseTarget(s string) (Target, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Target{}, i18n.Errorf(msgEmptyTarget)
	}
	host, port := s, ""
	switch {
	case strings.HasPrefix(s, "["):
		end := strings.Index(s, "]")
		if end < 0 {
			return Target{}, i18n.Errorf(msgBadTarget, s, i18n.Errorf(msgMissingBracket))
		}
		host = s[1:end]
		rest := s[end+1:]
		if rest != "" {
			p, ok := strings.CutPrefix(rest, ":")
			if !ok {
				return Target{}, i18n.Errorf(msgBadTarget, s, i18n.Errorf(msgJunkAfterBracket, rest))
			}
			port = p
		}
		if net.ParseIP(host) == nil {
			return Target{}, i18n.Errorf(msgBadTarget, s, i18n.Errorf(msgNotIPv6, host))
		}
	case strings.Count(s, ":") == 1:
		host, port, _ = strings.Cut(s, ":")
	case strings.Count(s, ":") > 1:
		if net.ParseIP(s) == nil {
			return Target{}, i18n.Errorf(msgBadTarget, s, i18n.Errorf(msgBracketIPv6))
		}
	}
	if host == "" {
		return Target{}, i18n.Errorf(msgBadTarget, s, i18n.Errorf(msgNoHost))
	}
	if strings.ContainsAny(host, " /\\@?#") {
		return Target{}, i18n.Errorf(msgBadTarget, s, i18n.Errorf(msgBadHost, host))
	}
	t := Target{Host: host, Port: DefaultPort}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return Target{}, i18n.Errorf(msgBadTarget, s, i18n.Errorf(msgBadPort, port))
		}
		t.Port = n
	}
	return t, nil
}

// Addr returns host:port, with brackets around an IPv6 address.
func (t Target) Addr() string { return net.JoinHostPort(t.Host, strconv.Itoa(t.Port)) }

// String returns the address, with the SNI when it differs from the host.
func (t Target) String() string {
	if sni := t.serverName(); sni != "" && sni != t.Host {
		return t.Addr() + " (SNI " + sni + ")"
	}
	return t.Addr()
}

// serverName is the SNI to send.
func (t Target) serverName() string {
	if t.SNI != "" {
		return t.SNI
	}
	if net.ParseIP(t.Host) == nil {
		return t.Host
	}
	return ""
}

// stateKey identifies the target in a state file: the address, and the
// SNI when there is one.
func (t Target) stateKey() string {
	if sni := t.serverName(); sni != "" {
		return t.Addr() + " " + sni
	}
	return t.Addr()
}

// Options tune a probe. The zero value is usable.
type Options struct {
	// Timeout bounds the whole probe of one target (all its handshakes);
	// 0 means DefaultTimeout. A deadline in the context applies as well.
	Timeout time.Duration
	// TicketWait bounds the wait, after each handshake, for the server to
	// answer the probe's close_notify (reading the TLS 1.3 tickets that
	// come after the handshake meanwhile); 0 means 300ms. Servers that
	// answer close_notify end the wait at once.
	TicketWait time.Duration
	// Attempts is how many times a session-ID resumption is tried before it
	// counts as failed (multi-process servers may miss their cache once);
	// 0 means 2.
	Attempts int
	// State, when set, holds tickets from earlier runs; the probe replays
	// the target's stored ticket (to see a renewal that only happens after
	// the server rotated its ticket keys) and stores its newest one.
	State *State
	// Dial connects to an address; nil means a net.Dialer.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

// DefaultTimeout is the time limit of one target's probe.
const DefaultTimeout = 10 * time.Second

func (o *Options) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return DefaultTimeout
}

func (o *Options) ticketWait() time.Duration {
	if o.TicketWait > 0 {
		return o.TicketWait
	}
	return 300 * time.Millisecond
}

func (o *Options) attempts() int {
	if o.Attempts > 0 {
		return o.Attempts
	}
	return 2
}

// Version is a TLS protocol version; it marshals as "TLS 1.2".
type Version uint16

func (v Version) String() string { return versionName(uint16(v)) }

// MarshalText implements encoding.TextMarshaler.
func (v Version) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler: it reads what
// MarshalText writes ("TLS 1.2", "SSL 3.0", "0x7f1c"), so that a result
// written by `affected tls --format json` reads back (the server stores
// uploaded results).
func (v *Version) UnmarshalText(b []byte) error {
	s := string(b)
	for _, known := range []uint16{tls.VersionTLS10, tls.VersionTLS11, tls.VersionTLS12, tls.VersionTLS13, 0x0300} {
		if s == versionName(known) {
			*v = Version(known)
			return nil
		}
	}
	if hex, ok := strings.CutPrefix(s, "0x"); ok && len(hex) == 4 {
		if n, err := strconv.ParseUint(hex, 16, 16); err == nil {
			*v = Version(n)
			return nil
		}
	}
	return fmt.Errorf("%q is not a TLS version", s)
}

func versionName(v uint16) string {
	switch v {
	case tls.VersionTLS10:
		return "TLS 1.0"
	case tls.VersionTLS11:
		return "TLS 1.1"
	case tls.VersionTLS12:
		return "TLS 1.2"
	case tls.VersionTLS13:
		return "TLS 1.3"
	case 0x0300:
		return "SSL 3.0"
	}
	return fmt.Sprintf("0x%04x", v)
}

// Result is what the probe measured of one target. Fields that could not be
// measured are null in JSON (nil pointers) or left at their zero value
// with the reason in Evidence.
type Result struct {
	Target  string `json:"target"`
	Address string `json:"address,omitempty"` // the IP address and port probed
	SNI     string `json:"sni,omitempty"`

	Versions            Versions            `json:"versions"`
	SessionIDResumption SessionIDResumption `json:"session_id_resumption"`
	Ticket              Ticket              `json:"ticket"`
	TLS13               *TLS13              `json:"tls13"`
	// VersionStableOnResumption is false when the server resumed a session
	// at another version than the session's, or resumed a TLS 1.2 session
	// at TLS 1.2 in a hello that offered TLS 1.3; null when nothing was
	// resumed.
	VersionStableOnResumption *bool `json:"version_stable_on_resumption"`
	// CertificateSkipped is true when the server answered the TLS 1.3
	// hello that also offered the TLS 1.2 ticket with a TLS 1.3 handshake
	// without a PSK and without its Certificate (RFC 8446 §4.4.2 requires
	// one): it acted on the TLS 1.2 session, which TLS 1.3 cannot resume,
	// and clients abort the handshake (GnuTLS 3.7 does this). Null when
	// not checked (no TLS 1.3, or no TLS 1.2 ticket).
	CertificateSkipped *bool `json:"certificate_skipped_for_tls12_ticket"`
	// FallbackSCSV summarises the RFC 7507 checks in FallbackSCSVChecks.
	FallbackSCSV       SCSVStatus  `json:"fallback_scsv"`
	FallbackSCSVChecks []SCSVCheck `json:"fallback_scsv_checks"`

	Verdict Verdict `json:"verdict"`
	// Advisories lists the advisories whose behaviour check matched.
	Advisories []string `json:"advisories"`
	// Handshakes is the number of connections the probe made (complete
	// handshakes and single ClientHello/ServerHello exchanges).
	Handshakes int        `json:"handshakes"`
	Evidence   []Evidence `json:"evidence"`
	// Err is why the target could not be probed (Verdict is undetermined).
	Err error `json:"-"`
}

// Versions are the protocol versions the server accepted. A version is not
// supported when the server said so (a protocol_version alert) or chose a
// lower one; undetermined when it answered otherwise (another alert, no
// answer) or was not asked.
type Versions struct {
	Supported    []Version `json:"supported"`
	NotSupported []Version `json:"not_supported"`
	Undetermined []Version `json:"undetermined"`
	// Negotiated is the version a client offering TLS 1.0–1.3 gets.
	Negotiated Version `json:"negotiated,omitempty"`
	// DowngradeSentinel tells whether a TLS 1.3 server marked its TLS 1.2
	// ServerHello with the RFC 8446 §4.1.3 sentinel; null when the server
	// does not do both versions.
	DowngradeSentinel *bool `json:"downgrade_sentinel"`
}

func (v *Versions) has(ver uint16) bool {
	for _, s := range v.Supported {
		if uint16(s) == ver {
			return true
		}
	}
	return false
}

func (v *Versions) refused(ver uint16) bool {
	for _, s := range v.NotSupported {
		if uint16(s) == ver {
			return true
		}
	}
	return false
}

func (v *Versions) known(ver uint16) bool { return v.has(ver) || v.refused(ver) }

func (v *Versions) set(ver uint16, ok bool) {
	if v.known(ver) {
		return
	}
	if ok {
		v.Supported = insertVersion(v.Supported, ver)
	} else {
		v.NotSupported = insertVersion(v.NotSupported, ver)
	}
}

func insertVersion(list []Version, ver uint16) []Version {
	for i, v := range list {
		if uint16(v) > ver {
			return append(list[:i], append([]Version{Version(ver)}, list[i:]...)...)
		}
	}
	return append(list, Version(ver))
}

// max returns the highest supported version, 0 if none.
func (v *Versions) max() uint16 {
	if len(v.Supported) == 0 {
		return 0
	}
	return uint16(v.Supported[len(v.Supported)-1])
}

// SessionIDResumption is stateful TLS 1.2 resumption (RFC 5246 §7.3).
type SessionIDResumption struct {
	// Offered: the server assigned a session ID in a full handshake.
	Offered bool `json:"offered"`
	// Resumed: a ClientHello offering that ID was answered with it.
	Resumed   bool `json:"resumed"`
	Attempts  int  `json:"attempts"`
	Successes int  `json:"successes"`
}

// Ticket is RFC 5077 session-ticket behaviour (TLS 1.2 and earlier).
type Ticket struct {
	Issued              bool    `json:"issued"`
	LifetimeHintSeconds *uint32 `json:"lifetime_hint_seconds"` // 0 means unspecified (RFC 5077 §3.3)
	Length              int     `json:"length,omitempty"`
	// KeyName is the first 16 bytes of the ticket in hex: the key name of
	// the RFC 5077 §4 layout that OpenSSL-based servers use.
	KeyName string `json:"key_name,omitempty"`
	Resumed bool   `json:"resumed"`
	// RenewedInAbbreviatedHandshake: a NewSessionTicket came before the
	// server's ChangeCipherSpec in a resumed handshake (RFC 5077 §3.1
	// figure 2), the trigger of advisory 3109853.
	RenewedInAbbreviatedHandshake bool    `json:"renewed_in_abbreviated_handshake"`
	RenewedLifetimeHintSeconds    *uint32 `json:"renewed_lifetime_hint_seconds,omitempty"`
	RenewedLength                 int     `json:"renewed_length,omitempty"`
	// RenewedTicketResumed: the renewed ticket resumed a session in turn.
	RenewedTicketResumed *bool `json:"renewed_ticket_resumed,omitempty"`
	// ResumptionFailed: a handshake offering the ticket failed (rather
	// than ending in a resumption or a full handshake).
	ResumptionFailed bool `json:"resumption_failed"`
	// Stored is the replay of a ticket saved by an earlier run.
	Stored *StoredTicket `json:"stored_ticket,omitempty"`
	// RenewedAfterRotationSeen is when a run with the same state file
	// (this one or an earlier one) first saw the server renew the ticket
	// of an earlier run: a renewal after key rotation, which later runs
	// cannot see again until the next rotation.
	RenewedAfterRotationSeen *time.Time `json:"renewed_after_rotation_seen,omitempty"`
}

// StoredTicket is the outcome of replaying a ticket from the state file.
type StoredTicket struct {
	SavedAt time.Time `json:"saved_at"`
	KeyName string    `json:"key_name,omitempty"`
	// Resumed: the server still accepted the ticket.
	Resumed bool `json:"resumed"`
	// Renewed: and sent a NewSessionTicket in that abbreviated handshake.
	Renewed bool `json:"renewed_in_abbreviated_handshake"`
}

// TLS13 is TLS 1.3 ticket and PSK behaviour (RFC 8446 §4.6.1, §4.2.11).
type TLS13 struct {
	// Tickets is the number of NewSessionTicket messages after a full
	// handshake.
	Tickets         int     `json:"tickets"`
	LifetimeSeconds *uint32 `json:"lifetime_seconds"`
	Resumed         bool    `json:"resumed"`
	// TicketsAfterResumption is the number after a resumed handshake.
	TicketsAfterResumption int `json:"tickets_after_resumption"`
	// PSKModes are the key exchange modes seen in resumed handshakes
	// (the probe offers psk_dhe_ke only).
	PSKModes []string `json:"psk_modes"`
}

// SCSVStatus summarises RFC 7507 behaviour.
type SCSVStatus string

// The values of SCSVStatus.
const (
	SCSVEnforced      SCSVStatus = "enforced"       // every fallback hello at an accepted version got inappropriate_fallback
	SCSVNotEnforced   SCSVStatus = "not enforced"   // a fallback hello was accepted
	SCSVNotApplicable SCSVStatus = "not applicable" // the server accepts no version below its highest
	SCSVUnknown       SCSVStatus = "unknown"        // not measured (the probe failed) or the checks were inconclusive
)

// SCSVCheck is one ClientHello at a lower version with TLS_FALLBACK_SCSV.
type SCSVCheck struct {
	Version Version `json:"version"`
	// Result: "inappropriate_fallback", "accepted" (with the version the
	// server chose), another alert's name (protocol_version: the server
	// refuses that version), or "error" (no answer).
	Result   string  `json:"result"`
	Accepted Version `json:"accepted,omitempty"`
}

// Evidence is one connection of the probe: what was sent, and the server's
// cleartext flight as a flow line.
type Evidence struct {
	Step  string `json:"step"`
	Flow  string `json:"flow,omitempty"`
	Note  string `json:"note,omitempty"`
	Error string `json:"error,omitempty"`
}

// ProbeAll probes targets, at most limit at a time (limit < 1 means 1),
// and returns the results in the order of targets. It never fails as a
// whole: a target that could not be probed has its Err set.
func ProbeAll(ctx context.Context, targets []Target, opts Options, limit int) []*Result {
	results := make([]*Result, len(targets))
	var g errgroup.Group
	g.SetLimit(max(limit, 1))
	for i, t := range targets {
		g.Go(func() error {
			results[i], _ = Probe(ctx, t, opts)
			return nil
		})
	}
	g.Wait()
	return results
}
