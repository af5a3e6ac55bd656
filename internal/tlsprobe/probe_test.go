package tlsprobe

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// summary is the part of a Result that the behaviour tests compare.
type summary struct {
	Supported  string
	Negotiated string
	Sentinel   string
	SessionID  string
	Ticket     string
	TLS13      string
	Stable     string
	SCSV       SCSVStatus
	Verdict    Status
	Reason     Reason
	Advisories string
}

func summarize(r *Result) summary {
	s := summary{
		Negotiated: r.Versions.Negotiated.String(),
		SCSV:       r.FallbackSCSV,
		Verdict:    r.Verdict.Status,
		Reason:     r.Verdict.Reason,
		Advisories: strings.Join(r.Advisories, ","),
	}
	var vs []string
	for _, v := range r.Versions.Supported {
		vs = append(vs, v.String())
	}
	s.Supported = strings.Join(vs, ",")
	s.Sentinel = tri(r.Versions.DowngradeSentinel)
	s.Stable = tri(r.VersionStableOnResumption)
	sid := r.SessionIDResumption
	s.SessionID = fmt.Sprintf("offered=%t resumed=%t", sid.Offered, sid.Resumed)
	t := r.Ticket
	s.Ticket = fmt.Sprintf("issued=%t", t.Issued)
	if t.LifetimeHintSeconds != nil {
		s.Ticket += fmt.Sprintf(" hint=%d", *t.LifetimeHintSeconds)
	}
	s.Ticket += fmt.Sprintf(" resumed=%t renewed=%t", t.Resumed, t.RenewedInAbbreviatedHandshake)
	if t.RenewedTicketResumed != nil {
		s.Ticket += fmt.Sprintf(" renewed-resumes=%t", *t.RenewedTicketResumed)
	}
	if r.TLS13 == nil {
		s.TLS13 = "-"
	} else {
		life := "-"
		if r.TLS13.LifetimeSeconds != nil {
			life = fmt.Sprint(*r.TLS13.LifetimeSeconds)
		}
		s.TLS13 = fmt.Sprintf("tickets=%d lifetime=%s resumed=%t after=%d modes=%s", r.TLS13.Tickets, life,
			r.TLS13.Resumed, r.TLS13.TicketsAfterResumption, strings.Join(r.TLS13.PSKModes, ","))
	}
	return s
}

func tri(b *bool) string {
	if b == nil {
		return "-"
	}
	return fmt.Sprint(*b)
}

// capVersion is the negative RFC 7507 fixture: a server that lowers its
// highest version to the client's, so that a fallback hello with
// TLS_FALLBACK_SCSV is never "lower than the server's highest".
func capVersion(base *tls.Config) *tls.Config {
	top := base.MaxVersion
	base.GetConfigForClient = func(h *tls.ClientHelloInfo) (*tls.Config, error) {
		c := base.Clone()
		c.GetConfigForClient = nil
		c.MaxVersion = slices.Max(h.SupportedVersions)
		if top != 0 {
			c.MaxVersion = min(c.MaxVersion, top)
		}
		return c, nil
	}
	return base
}

// rsaKeyExchangeSuites are the TLS_RSA_WITH_* suites that crypto/tls
// implements and no longer offers by default (Go 1.22).
var rsaKeyExchangeSuites = []uint16{
	tls.TLS_RSA_WITH_AES_128_GCM_SHA256, tls.TLS_RSA_WITH_AES_256_GCM_SHA384,
	tls.TLS_RSA_WITH_AES_128_CBC_SHA, tls.TLS_RSA_WITH_AES_256_CBC_SHA,
}

// refuseResumption makes a server end the handshake when a client offers a
// ticket (crypto/tls terminates the connection when UnwrapSession fails).
func refuseResumption(cfg *tls.Config) *tls.Config {
	cfg.UnwrapSession = func(identity []byte, cs tls.ConnectionState) (*tls.SessionState, error) {
		if len(identity) > 0 {
			return nil, errors.New("this server breaks on resumption")
		}
		return nil, nil
	}
	return cfg
}

// TestProbeGoServers probes crypto/tls servers configured to each behaviour
// (see ../shared/research/tls.md §5, fixtures F8–F10).
func TestProbeGoServers(t *testing.T) {
	renewing := summary{
		Supported: "TLS 1.2,TLS 1.3", Negotiated: "TLS 1.3", Sentinel: "true",
		// crypto/tls servers never assign session IDs (RFC 5077 §3.4 allows that).
		SessionID: "offered=false resumed=false",
		// Go ≥ 1.21 sends a NewSessionTicket in every abbreviated handshake, hint 0.
		Ticket: "issued=true hint=0 resumed=true renewed=true renewed-resumes=true",
		TLS13:  "tickets=1 lifetime=604800 resumed=true after=1 modes=psk_dhe_ke",
		Stable: "true", SCSV: SCSVEnforced,
		Verdict: StatusExposed, Reason: ReasonRenewsAlways, Advisories: "MSA-3109853",
	}
	// renewingOld is a renewing server without TLS 1.3 that accepts the
	// versions supported.
	renewingOld := func(supported string, scsv SCSVStatus) summary {
		s := renewing
		vs := strings.Split(supported, ",")
		s.Supported, s.Negotiated, s.Sentinel, s.TLS13, s.SCSV = supported, vs[len(vs)-1], "-", "-", scsv
		return s
	}
	tests := []struct {
		name string
		cfg  *tls.Config
		want summary
		// handshakes is the number of connections the probe needs.
		handshakes int
	}{
		{"renews-always", &tls.Config{}, renewing, 9},
		{"legacy-versions", &tls.Config{MinVersion: tls.VersionTLS10}, func() summary {
			s := renewing
			s.Supported = "TLS 1.0,TLS 1.1,TLS 1.2,TLS 1.3"
			return s
		}(), 11},
		{"tickets-disabled", &tls.Config{SessionTicketsDisabled: true}, summary{
			Supported: "TLS 1.2,TLS 1.3", Negotiated: "TLS 1.3", Sentinel: "true",
			SessionID: "offered=false resumed=false",
			Ticket:    "issued=false resumed=false renewed=false",
			TLS13:     "tickets=0 lifetime=- resumed=false after=0 modes=",
			Stable:    "-", SCSV: SCSVEnforced,
			Verdict: StatusNotExposed, Reason: ReasonNoTickets,
		}, 5},
		{"tls13-only", &tls.Config{MinVersion: tls.VersionTLS13}, summary{
			Supported: "TLS 1.3", Negotiated: "TLS 1.3", Sentinel: "-",
			SessionID: "offered=false resumed=false",
			Ticket:    "issued=false resumed=false renewed=false",
			TLS13:     "tickets=1 lifetime=604800 resumed=true after=1 modes=psk_dhe_ke",
			Stable:    "true", SCSV: SCSVNotApplicable,
			Verdict: StatusNotExposed, Reason: ReasonNoOldVersions,
		}, 5},
		{"tls12-only", &tls.Config{MaxVersion: tls.VersionTLS12}, renewingOld("TLS 1.2", SCSVNotApplicable), 6},
		// The certificate expired 35 days ago: nothing the probe measures
		// depends on it, so the result is that of a valid one.
		{"expired-certificate", &tls.Config{Certificates: []tls.Certificate{expiredCertificate(t)}}, renewing, 9},
		// RSA key exchange only, TLS 1.0–1.2: the legacy servers of
		// advisory 3109853. Fallback SCSV is checked at TLS 1.1 and 1.0.
		{"rsa-key-exchange-only", &tls.Config{Certificates: []tls.Certificate{rsaCertificate(t)},
			MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS12, CipherSuites: rsaKeyExchangeSuites},
			renewingOld("TLS 1.0,TLS 1.1,TLS 1.2", SCSVEnforced), 8},
		// TLS 1.0 and 1.1 only: the fallback from 1.1 to 1.0 is checked.
		{"tls10-tls11", &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11},
			renewingOld("TLS 1.0,TLS 1.1", SCSVEnforced), 6},
		{"tls10-tls11-scsv-not-enforced", capVersion(&tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}),
			renewingOld("TLS 1.0,TLS 1.1", SCSVNotEnforced), 5},
		// TLS 1.2 only, and the handshake breaks when a ticket is offered:
		// the only resumption attempt failed, so nothing is known of a
		// renewal.
		{"tls12-only-resumption-breaks", refuseResumption(&tls.Config{MaxVersion: tls.VersionTLS12}), func() summary {
			s := renewingOld("TLS 1.2", SCSVNotApplicable)
			s.Ticket, s.Stable = "issued=true hint=0 resumed=false renewed=false", "-"
			s.Verdict, s.Reason, s.Advisories = StatusUndetermined, ReasonResumptionFailed, ""
			return s
		}(), 7},
		{"scsv-not-enforced", capVersion(&tls.Config{MinVersion: tls.VersionTLS10}), func() summary {
			s := renewing
			s.Supported = "TLS 1.0,TLS 1.1,TLS 1.2,TLS 1.3"
			s.Sentinel = "false" // capped to TLS 1.2, the server is a TLS 1.2 server: no sentinel
			s.SCSV = SCSVNotEnforced
			return s
		}(), 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := startGoServer(t, tt.cfg)
			r, err := Probe(context.Background(), srv.Target(), Options{Timeout: 10 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, summarize(r)); diff != "" {
				t.Errorf("probe of %s (-want +got):\n%s\nevidence: %+v", tt.name, diff, r.Evidence)
			}
			if r.Handshakes != tt.handshakes {
				t.Errorf("handshakes = %d, want %d", r.Handshakes, tt.handshakes)
			}
			if r.TLS13 != nil {
				// The encrypted TLS 1.3 flights, decrypted: a full handshake
				// with a Certificate, a PSK resumption without.
				checkFlow(t, r, StepDefault, "{EncryptedExtensions Certificate CertificateVerify Finished}")
				if r.TLS13.Resumed {
					checkFlow(t, r, StepTLS13Resume, "{EncryptedExtensions Finished}")
				}
			}
			if r.Ticket.Issued && r.TLS13 != nil && (r.CertificateSkipped == nil || *r.CertificateSkipped) {
				t.Errorf("certificate skipped for the TLS 1.2 ticket: %s, want false", tri(r.CertificateSkipped))
			}
		})
	}
}

// checkFlow checks that the evidence of step ends with suffix.
func checkFlow(t *testing.T, r *Result, step, suffix string) {
	t.Helper()
	for _, e := range r.Evidence {
		if e.Step == step {
			if !strings.HasSuffix(e.Flow, suffix) {
				t.Errorf("%s: flow %q, want it to end with %q", step, e.Flow, suffix)
			}
			return
		}
	}
	t.Errorf("no evidence of %s", step)
}

// TestProbeKeyRotation replays the ticket of an earlier run after the
// server rotated its ticket keys, as `affected tls --state FILE` does.
// crypto/tls servers renew every ticket, so the stored ticket is renewed
// too; after the old key is retired it is no longer accepted.
func TestProbeKeyRotation(t *testing.T) {
	key := ticketKey
	cfg := &tls.Config{}
	cfg.SetSessionTicketKeys([][32]byte{key(1)})
	srv := startGoServer(t, cfg)
	path := filepath.Join(t.TempDir(), "state.json")
	run := func() *Result {
		t.Helper()
		st, err := LoadState(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Probe(context.Background(), srv.Target(), Options{State: st})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Save(path); err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := run(); r.Ticket.Stored != nil || r.Verdict.Rotation != RotationNotChecked {
		t.Fatalf("first run: stored = %+v, rotation %s", r.Ticket.Stored, r.Verdict.Rotation)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("state file mode %v, want 0600 (it holds session secrets)", fi.Mode().Perm())
	}

	cfg.SetSessionTicketKeys([][32]byte{key(2), key(1)}) // rotate: new key first, old key still decrypts
	r := run()
	if s := r.Ticket.Stored; s == nil || !s.Resumed || !s.Renewed {
		t.Fatalf("after rotation: stored = %+v, want resumed and renewed", s)
	}
	if r.Verdict.Rotation != RotationChecked {
		t.Errorf("rotation = %s, want %s", r.Verdict.Rotation, RotationChecked)
	}

	cfg.SetSessionTicketKeys([][32]byte{key(3)}) // retire both keys
	r = run()
	if s := r.Ticket.Stored; s == nil || s.Resumed {
		t.Fatalf("after retiring the keys: stored = %+v, want not resumed", s)
	}
	if r.Verdict.Rotation != RotationTicketStale {
		t.Errorf("rotation = %s, want %s", r.Verdict.Rotation, RotationTicketStale)
	}
}

// ticketKey is a session ticket key made of b.
func ticketKey(b byte) [32]byte {
	var k [32]byte
	for i := range k {
		k[i] = b
	}
	return k
}

// stateRunner returns a function that probes target with the state file
// path, as successive runs of `affected tls --state FILE` do.
func stateRunner(t testing.TB, target Target, path string) func() *Result {
	return func() *Result {
		t.Helper()
		st, err := LoadState(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Probe(context.Background(), target, Options{Timeout: 15 * time.Second, TicketWait: 2 * time.Second, State: st})
		if err != nil {
			t.Fatalf("probe: %v\nevidence %+v", err, r.Evidence)
		}
		if err := st.Save(path); err != nil {
			t.Fatal(err)
		}
		return r
	}
}

// TestProbeExpiredCertificateState: a ticket saved while the server's
// certificate was expired is replayed after the operator renewed the
// certificate and rotated the ticket keys.
func TestProbeExpiredCertificateState(t *testing.T) {
	var current atomic.Pointer[tls.Certificate]
	expired := expiredCertificate(t)
	current.Store(&expired)
	cfg := &tls.Config{GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return current.Load(), nil }}
	cfg.SetSessionTicketKeys([][32]byte{ticketKey(1)})
	srv := startGoServer(t, cfg)
	run := stateRunner(t, srv.Target(), filepath.Join(t.TempDir(), "state.json"))
	if r := run(); r.Verdict.Status != StatusExposed {
		t.Errorf("expired certificate: %+v", r.Verdict)
	}
	valid := certificate(t)
	current.Store(&valid)
	cfg.SetSessionTicketKeys([][32]byte{ticketKey(2), ticketKey(1)})
	r := run()
	if s := r.Ticket.Stored; s == nil || !s.Resumed || !s.Renewed {
		t.Errorf("the ticket saved under the expired certificate: %+v; evidence %+v", s, r.Evidence)
	}
}

// TestStateKeys: a target without SNI is stored under its address alone
// (no trailing space), and files written with the old key are still read.
func TestStateKeys(t *testing.T) {
	srv := startGoServer(t, &tls.Config{})
	path := filepath.Join(t.TempDir(), "state.json")
	run := stateRunner(t, srv.Target(), path)
	run()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f stateFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	keys := slices.Collect(maps.Keys(f.Sessions))
	if want := []string{srv.Target().Addr()}; !slices.Equal(keys, want) {
		t.Fatalf("keys %q, want %q", keys, want)
	}
	old := strings.Replace(string(b), `"`+srv.Target().Addr()+`"`, `"`+srv.Target().Addr()+` "`, 1)
	if err := os.WriteFile(path, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := run(); r.Ticket.Stored == nil {
		t.Errorf("the session stored under %q was not replayed", srv.Target().Addr()+" ")
	}
}

// TestAssess covers the verdicts that crypto/tls servers cannot show (they
// renew always): renewal only after key rotation, as nginx does.
func TestAssess(t *testing.T) {
	base := func() *Result {
		return &Result{Versions: Versions{Supported: []Version{tls.VersionTLS10, tls.VersionTLS12, tls.VersionTLS13}},
			Ticket: Ticket{Issued: true, Resumed: true}}
	}
	tests := []struct {
		name   string
		edit   func(*Result)
		status Status
		reason Reason
		rot    Rotation
		fb     []Version
	}{
		{"steady", func(r *Result) {}, StatusNotExposed, ReasonNoRenewal, RotationNotChecked, []Version{}},
		{"after-rotation", func(r *Result) { r.Ticket.Stored = &StoredTicket{Resumed: true, Renewed: true} },
			StatusExposedAfterRotation, ReasonRenewsAfterRotation, RotationChecked, []Version{tls.VersionTLS10}},
		{"stored-not-renewed", func(r *Result) { r.Ticket.Stored = &StoredTicket{Resumed: true} },
			StatusNotExposed, ReasonNoRenewal, RotationChecked, []Version{}},
		{"always", func(r *Result) { r.Ticket.RenewedInAbbreviatedHandshake = true },
			StatusExposed, ReasonRenewsAlways, RotationNotChecked, []Version{tls.VersionTLS10}},
		{"not-resumed", func(r *Result) { r.Ticket.Resumed = false },
			StatusNotExposed, ReasonTicketNotResumed, RotationNotChecked, []Version{}},
		{"resume-error", func(r *Result) {
			r.Ticket.Resumed = false
			r.Ticket.ResumptionFailed = true
		}, StatusUndetermined, ReasonResumptionFailed, RotationNotChecked, []Version{}},
		// An earlier run saw the renewal after a rotation; this one resumed
		// its ticket (made under the new key) without renewal.
		{"rotation-renewal-recorded", func(r *Result) {
			seen := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
			r.Ticket.Stored = &StoredTicket{Resumed: true}
			r.Ticket.RenewedAfterRotationSeen = &seen
		}, StatusExposedAfterRotation, ReasonRenewsAfterRotation, RotationChecked, []Version{tls.VersionTLS10}},
		{"failed", func(r *Result) { r.Err = fmt.Errorf("x"); r.Ticket = Ticket{} },
			StatusUndetermined, ReasonProbeFailed, RotationNotChecked, []Version{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := base()
			tt.edit(r)
			v := Assess(r)
			if v.Status != tt.status || v.Reason != tt.reason || v.Rotation != tt.rot || !slices.Equal(v.FallbackVersions, tt.fb) {
				t.Errorf("Assess = %+v, want %s %s %s %v", v, tt.status, tt.reason, tt.rot, tt.fb)
			}
		})
	}
}

func TestParseTarget(t *testing.T) {
	tests := []struct {
		in   string
		want string // Addr(), or "error"
	}{
		{"example.com", "example.com:443"},
		{"example.com:8443", "example.com:8443"},
		{"127.0.0.1", "127.0.0.1:443"},
		{"[::1]:4433", "[::1]:4433"},
		{"[::1]", "[::1]:443"},
		{"::1", "[::1]:443"},
		{" host:1 ", "host:1"},
		{"", "error"},
		{"host:0", "error"},
		{"host:65536", "error"},
		{"host:http", "error"},
		{"[::1", "error"},
		{"[::1]x", "error"},
		{"[example.com]:443", "error"},
		{"fe80::1:443x", "error"},
		{":443", "error"},
		{"a/b:443", "error"},
	}
	for _, tt := range tests {
		got, err := ParseTarget(tt.in)
		s := got.Addr()
		if err != nil {
			s = "error"
		}
		if s != tt.want {
			t.Errorf("ParseTarget(%q) = %s (%v), want %s", tt.in, s, err, tt.want)
		}
	}
}

// TestProbeAllConcurrency probes many targets with a limit and keeps the
// order of the targets.
func TestProbeAllConcurrency(t *testing.T) {
	a := startGoServer(t, &tls.Config{})
	b := startGoServer(t, &tls.Config{SessionTicketsDisabled: true})
	var targets []Target
	for range 6 {
		targets = append(targets, a.Target(), b.Target())
	}
	res := ProbeAll(context.Background(), targets, Options{}, 3)
	for i, r := range res {
		want := StatusExposed
		if i%2 == 1 {
			want = StatusNotExposed
		}
		if r.Err != nil || r.Verdict.Status != want {
			t.Errorf("result %d: %s %v, want %s", i, r.Verdict.Status, r.Err, want)
		}
	}
}

// TestTicketResumedAtAnotherVersion: a server that resumes a TLS 1.2
// session at TLS 1.1 (crypto/tls refuses the answer) and renews the ticket
// in that abbreviated handshake: resumed, renewed, version not kept, and
// no resumption failure.
func TestTicketResumedAtAnotherVersion(t *testing.T) {
	var o observer
	nst := []byte{typeNewSessionTicket, 0, 0, 10, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4}
	hello := serverHelloRecord()
	hello[10] = 2 // ServerHello.legacy_version 0x0302
	o.feed(append(hello, append([]byte{recordHandshake, 3, 2, 0, byte(len(nst))}, nst...)...))
	o.feed([]byte{recordChangeCipherSpec, 3, 2, 0, 1, 1})
	p := &prober{opts: &Options{}, res: &Result{}}
	h := hsResult{f: &o.f, err: errors.New("tls: server resumed a session with a different version")}
	if cs := p.ticketResumed(&h, tls.VersionTLS12); cs != nil {
		t.Errorf("a session from a failed handshake: %v", cs)
	}
	r := p.res
	if !r.Ticket.Resumed || !r.Ticket.RenewedInAbbreviatedHandshake || r.Ticket.ResumptionFailed ||
		r.VersionStableOnResumption == nil || *r.VersionStableOnResumption {
		t.Errorf("ticket %+v, stable %s", r.Ticket, tri(r.VersionStableOnResumption))
	}
}
