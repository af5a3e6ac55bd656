package tlsprobe

import (
	"context"
	"crypto/tls"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
	base.GetConfigForClient = func(h *tls.ClientHelloInfo) (*tls.Config, error) {
		c := base.Clone()
		c.GetConfigForClient = nil
		c.MaxVersion = slices.Max(h.SupportedVersions)
		return c, nil
	}
	return base
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
	tests := []struct {
		name string
		cfg  *tls.Config
		want summary
		// handshakes is the number of connections the probe needs.
		handshakes int
	}{
		{"renews-always", &tls.Config{}, renewing, 8},
		{"legacy-versions", &tls.Config{MinVersion: tls.VersionTLS10}, func() summary {
			s := renewing
			s.Supported = "TLS 1.0,TLS 1.1,TLS 1.2,TLS 1.3"
			return s
		}(), 10},
		{"tickets-disabled", &tls.Config{SessionTicketsDisabled: true}, summary{
			Supported: "TLS 1.2,TLS 1.3", Negotiated: "TLS 1.3", Sentinel: "true",
			SessionID: "offered=false resumed=false",
			Ticket:    "issued=false resumed=false renewed=false",
			TLS13:     "tickets=0 lifetime=- resumed=false after=0 modes=",
			Stable:    "-", SCSV: SCSVEnforced,
			Verdict: StatusNotExposed, Reason: ReasonNoTickets,
		}, 4},
		{"tls13-only", &tls.Config{MinVersion: tls.VersionTLS13}, summary{
			Supported: "TLS 1.3", Negotiated: "TLS 1.3", Sentinel: "-",
			SessionID: "offered=false resumed=false",
			Ticket:    "issued=false resumed=false renewed=false",
			TLS13:     "tickets=1 lifetime=604800 resumed=true after=1 modes=psk_dhe_ke",
			Stable:    "true", SCSV: SCSVNotApplicable,
			Verdict: StatusNotExposed, Reason: ReasonNoOldVersions,
		}, 4},
		{"tls12-only", &tls.Config{MaxVersion: tls.VersionTLS12}, summary{
			Supported: "TLS 1.2", Negotiated: "TLS 1.2", Sentinel: "-",
			SessionID: "offered=false resumed=false",
			Ticket:    "issued=true hint=0 resumed=true renewed=true renewed-resumes=true",
			TLS13:     "-",
			Stable:    "true", SCSV: SCSVNotApplicable,
			Verdict: StatusExposed, Reason: ReasonRenewsAlways, Advisories: "MSA-3109853",
		}, 5},
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
		})
	}
}

// TestProbeKeyRotation replays the ticket of an earlier run after the
// server rotated its ticket keys, as `affected tls --state FILE` does.
// crypto/tls servers renew every ticket, so the stored ticket is renewed
// too; after the old key is retired it is no longer accepted.
func TestProbeKeyRotation(t *testing.T) {
	key := func(b byte) [32]byte {
		var k [32]byte
		for i := range k {
			k[i] = b
		}
		return k
	}
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
			r.Evidence = []Evidence{{Step: StepTLS12Resume, Error: "timeout"}}
		}, StatusUndetermined, ReasonResumptionFailed, RotationNotChecked, []Version{}},
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
