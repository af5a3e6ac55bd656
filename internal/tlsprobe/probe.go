package tlsprobe

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"slices"
	"time"
)

// Steps of a probe, in the order they run. Each is one connection (the
// session-ID step may retry). See [Probe] for what each measures.
const (
	StepTLS12Full       = "tls12-full"           // TLS 1.2 full handshake offering the session_ticket extension
	StepDefault         = "default"              // TLS 1.0–1.3 hello offering the TLS 1.2 ticket
	StepDefaultRetry    = "default-no-ticket"    // the same without the ticket, if the server broke on it
	StepTLS13Resume     = "tls13-resume"         // TLS 1.3 PSK resumption
	StepTLS12Resume     = "tls12-ticket-resume"  // TLS 1.2 ticket resumption
	StepRenewedResume   = "tls12-renewed-resume" // resumption with the renewed ticket
	StepStoredResume    = "tls12-stored-resume"  // resumption with the ticket of an earlier run
	StepTLS12NoTicket   = "tls12-full-no-ticket" // full handshake without the ticket extension, to get a session ID
	StepSessionIDResume = "session-id-resume"    // raw hello offering the server-assigned session ID
	StepSCSVTLS12       = "fallback-scsv-tls12"  // raw TLS 1.2 hello with TLS_FALLBACK_SCSV
	StepSCSVTLS11       = "fallback-scsv-tls11"  // raw TLS 1.1 hello with TLS_FALLBACK_SCSV
	StepHelloTLS11      = "hello-tls11"          // raw TLS 1.1 hello: is TLS 1.1 (or 1.0) accepted
	StepHelloTLS10      = "hello-tls10"          // raw TLS 1.0 hello: is TLS 1.0 accepted
)

// Probe measures one target. It makes 4 to 14 connections (the Handshakes
// field counts them; measured: 8 for a crypto/tls server, 9 for OpenSSL
// s_server, 10 for nginx with TLS 1.0–1.3, 11 with a stored ticket), each
// needed for one of the measurements below and skipped when an earlier
// answer makes it pointless:
//
//  1. tls12-full: TLS 1.2 full handshake offering a ticket extension: is TLS
//     1.2 accepted, the DOWNGRD sentinel, the session ID the server assigns,
//     the ticket, its lifetime hint and length.
//  2. default: a TLS 1.0–1.3 hello that also offers that TLS 1.2 ticket:
//     the version a client gets; on a TLS 1.3 server a full TLS 1.3
//     handshake (the TLS 1.2 session must not be resumed in it) and its
//     tickets; on a TLS 1.2 server the ticket resumption itself.
//  3. tls13-resume: PSK resumption with a TLS 1.3 ticket, tickets after it.
//  4. tls12-ticket-resume: the TLS 1.2 ticket resumed in a TLS 1.2 hello
//     (when step 2 did not already): is it resumed, and is a
//     NewSessionTicket sent before the server's ChangeCipherSpec.
//  5. tls12-renewed-resume: when renewed, does the renewed ticket resume.
//  6. tls12-stored-resume: with [Options.State], the ticket of an earlier
//     run: a renewal here only is the renewal after key rotation.
//  7. tls12-full-no-ticket: when the server issued a ticket, a full
//     handshake without the ticket extension, for a session ID.
//  8. session-id-resume: a raw hello offering the server's session ID.
//  9. fallback-scsv-tls12 / fallback-scsv-tls11, hello-tls11, hello-tls10:
//     raw hellos for RFC 7507 and for the old versions; each reads only
//     the ServerHello or the alert.
//
// The returned Result is never nil. The error is the Result's Err: the
// target could not be probed at all (no connection, no TLS, out of time).
func Probe(ctx context.Context, t Target, opts Options) (*Result, error) {
	ctx, cancel := context.WithTimeout(ctx, opts.timeout())
	defer cancel()
	p := &prober{t: t, opts: &opts, res: &Result{
		Target:       t.Addr(),
		SNI:          t.serverName(),
		FallbackSCSV: SCSVNotApplicable,
		Advisories:   []string{},
	}}
	err := p.run(ctx)
	r := p.res
	r.Err = err
	if r.Versions.Supported == nil {
		r.Versions.Supported = []Version{}
	}
	if r.Versions.NotSupported == nil {
		r.Versions.NotSupported = []Version{}
	}
	if r.FallbackSCSVChecks == nil {
		r.FallbackSCSVChecks = []SCSVCheck{}
	}
	r.Verdict = Assess(r)
	for _, a := range Checks {
		if a.Matches(r) {
			r.Advisories = append(r.Advisories, a.ID)
		}
	}
	return r, err
}

func (p *prober) run(ctx context.Context) error {
	r := p.res
	// 1. TLS 1.2 full handshake.
	a := p.handshake(ctx, hsConfig{step: StepTLS12Full, max: tls.VersionTLS12})
	if a.fatal {
		return a.err
	}
	var ticket12 *tls.ClientSessionState
	var sessionID []byte
	if a.ok {
		r.Versions.set(a.version(), true)
		// A TLS 1.0/1.1-only server answers a TLS 1.2 hello with its own
		// version: TLS 1.2 is not supported.
		r.Versions.set(tls.VersionTLS12, a.version() == tls.VersionTLS12)
		if n := len(a.f.tickets); n > 0 {
			m := a.f.tickets[n-1]
			r.Ticket.Issued = m.length > 0
			hint := m.lifetimeHint
			r.Ticket.LifetimeHintSeconds = &hint
			r.Ticket.Length = m.length
			ticket12 = a.lastSession()
			r.Ticket.KeyName = keyName(ticketOf(ticket12))
		}
		if a.f.hello != nil {
			sessionID = a.f.hello.sessionID
		}
	} else if a.serverRefused() {
		r.Versions.set(tls.VersionTLS12, false)
	}

	// 2. The default hello, offering the TLS 1.2 ticket.
	b := p.handshake(ctx, hsConfig{step: StepDefault, max: tls.VersionTLS13, offer: ticket12})
	if !b.ok && !b.fatal && ticket12 != nil {
		// Did offering the TLS 1.2 ticket break the handshake? A server
		// that resumes the TLS 1.2 session in TLS 1.3 (GnuTLS 3.7 skips its
		// Certificate) or at TLS 1.2 with the RFC 8446 §4.1.3 sentinel
		// (which crypto/tls refuses) does not keep the session's version.
		retry := p.handshake(ctx, hsConfig{step: StepDefaultRetry, max: tls.VersionTLS13})
		if retry.ok {
			p.stable(false)
			p.noteStep(StepDefault, "fails only when the TLS 1.2 ticket is offered: the server does not keep the session's version")
			b = retry
		}
	}
	if !b.ok {
		if b.fatal || !a.ok {
			return b.err
		}
		if b.f.alert != nil || b.f.hello != nil && b.f.hello.version() < tls.VersionTLS13 {
			r.Versions.set(tls.VersionTLS13, false)
		}
	}
	ticketTested := false
	var renewed *tls.ClientSessionState
	ticketVersion := a.version()
	if b.ok {
		v := b.version()
		r.Versions.Negotiated = Version(v)
		r.Versions.set(v, true)
		if v < tls.VersionTLS13 {
			r.Versions.set(tls.VersionTLS13, false)
		}
		if v == tls.VersionTLS13 {
			t13 := &TLS13{Tickets: len(b.sessions), PSKModes: []string{}}
			if cs := b.lastSession(); cs != nil {
				t13.LifetimeSeconds = lifetime13(cs)
			}
			r.TLS13 = t13
			if ticket12 != nil {
				// A TLS 1.2 session offered with TLS 1.3 must not be resumed.
				p.stable(!b.state.DidResume)
			}
			if a.version() == tls.VersionTLS12 && a.f.hello != nil {
				s := a.f.hello.sentinel() == tls.VersionTLS12
				r.Versions.DowngradeSentinel = &s
			}
		} else if ticket12 != nil && v == ticketVersion {
			// The server's highest version is the ticket's: this handshake
			// was the ticket resumption.
			ticketTested = true
			renewed = p.ticketResumed(&b, ticketVersion)
		}
	}

	// 3. TLS 1.3 resumption.
	if r.TLS13 != nil && b.lastSession() != nil {
		c := p.handshake(ctx, hsConfig{step: StepTLS13Resume, max: tls.VersionTLS13, offer: b.lastSession()})
		if c.fatal {
			return c.err
		}
		if c.resumed() {
			r.TLS13.Resumed = true
			r.TLS13.TicketsAfterResumption = len(c.sessions)
			p.stable(c.version() == tls.VersionTLS13)
			if c.f.hello != nil && c.f.hello.pskSelected {
				if c.f.hello.keyShare {
					r.TLS13.PSKModes = append(r.TLS13.PSKModes, "psk_dhe_ke")
				} else {
					r.TLS13.PSKModes = append(r.TLS13.PSKModes, "psk_ke")
				}
			}
		}
	}

	// 4. TLS 1.2 ticket resumption.
	if ticket12 != nil && !ticketTested {
		d := p.handshake(ctx, hsConfig{step: StepTLS12Resume, max: ticketVersion, offer: ticket12})
		if d.fatal {
			return d.err
		}
		renewed = p.ticketResumed(&d, ticketVersion)
	}
	latest := ticket12

	// 5. The renewed ticket.
	if renewed != nil {
		latest = renewed
		e := p.handshake(ctx, hsConfig{step: StepRenewedResume, max: ticketVersion, offer: renewed})
		if e.fatal {
			return e.err
		}
		ok := e.resumed()
		r.Ticket.RenewedTicketResumed = &ok
		if ok {
			p.stable(e.version() == ticketVersion)
			if e.f.ticketBeforeCCS() {
				p.note("renewed again")
			}
			if cs := e.lastSession(); cs != nil {
				latest = cs
			}
		}
	}

	// 6. The ticket of an earlier run.
	if st := p.opts.State; st != nil {
		if old := st.lookup(p.t); old != nil {
			g := p.handshake(ctx, hsConfig{step: StepStoredResume, max: old.version, offer: old.session})
			if g.fatal {
				return g.err
			}
			s := &StoredTicket{SavedAt: old.savedAt, KeyName: keyName(ticketOf(old.session)), Resumed: g.resumed()}
			if s.Resumed {
				s.Renewed = g.f.ticketBeforeCCS()
				p.stable(g.version() == old.version)
				if cs := g.lastSession(); cs != nil && s.Renewed {
					latest = cs
				}
			} else if cs := g.lastSession(); cs != nil && latest == nil {
				latest = cs
			}
			p.note(fmt.Sprintf("ticket saved %s", old.savedAt.UTC().Format(time.RFC3339)))
			r.Ticket.Stored = s
		}
		if latest != nil {
			st.store(p.t, latest)
		}
	}

	// 7–8. Session-ID resumption.
	ems := a.f != nil && a.f.hello != nil && a.f.hello.extMasterSecret
	idVersion := a.version()
	if a.ok && r.Ticket.Issued {
		// A server that issues a ticket may leave the session ID empty
		// (RFC 5077 §3.4) or not keep the session in its cache (GnuTLS):
		// ask as a client without ticket support does.
		sessionID = nil
		f := p.handshake(ctx, hsConfig{step: StepTLS12NoTicket, max: tls.VersionTLS12, noTicket: true})
		if f.fatal {
			return f.err
		}
		if f.ok && f.f.hello != nil {
			sessionID = f.f.hello.sessionID
			ems = f.f.hello.extMasterSecret
			idVersion = f.version()
		}
	}
	if len(sessionID) > 0 && idVersion != 0 {
		r.SessionIDResumption.Offered = true
		for i := 0; i < p.opts.attempts(); i++ {
			if i > 0 {
				select {
				case <-ctx.Done():
				case <-time.After(100 * time.Millisecond):
				}
			}
			r.SessionIDResumption.Attempts++
			f, err := p.raw(ctx, StepSessionIDResume, rawHello{version: idVersion, sessionID: sessionID,
				serverName: p.t.serverName(), extMasterSecret: ems})
			if err != nil {
				if ctx.Err() != nil {
					return err
				}
				continue
			}
			if f.hello != nil && bytes.Equal(f.hello.sessionID, sessionID) {
				r.SessionIDResumption.Successes++
				r.SessionIDResumption.Resumed = true
				p.stable(f.hello.version() == idVersion)
				break
			}
		}
	}

	// 9. RFC 7507 and the old versions.
	return p.fallback(ctx)
}

// ticketResumed records a TLS 1.2 ticket resumption attempt and returns
// the renewed session when the server renewed the ticket.
func (p *prober) ticketResumed(h *hsResult, version uint16) *tls.ClientSessionState {
	r := p.res
	if !h.resumed() {
		// crypto/tls refuses a resumption at another version ("server
		// resumed a session with a different version"): the ServerHello
		// echoed the session ID, at the wrong version.
		if h.err != nil && h.f.hello != nil && len(h.f.hello.sessionID) > 0 && h.f.hello.version() != version {
			p.stable(false)
		}
		return nil
	}
	r.Ticket.Resumed = true
	p.stable(h.version() == version)
	if !h.f.ticketBeforeCCS() {
		return nil
	}
	m := h.f.tickets[len(h.f.tickets)-1]
	r.Ticket.RenewedInAbbreviatedHandshake = true
	hint := m.lifetimeHint
	r.Ticket.RenewedLifetimeHintSeconds = &hint
	r.Ticket.RenewedLength = m.length
	if m.length == 0 {
		return nil // RFC 5077 §3.3: the server changed its mind
	}
	return h.lastSession()
}

// stable records one observation of the version across resumption.
func (p *prober) stable(ok bool) {
	r := p.res
	if r.VersionStableOnResumption == nil {
		r.VersionStableOnResumption = &ok
	} else if !ok {
		f := false
		r.VersionStableOnResumption = &f
	}
}

// fallback runs the raw-hello checks: TLS_FALLBACK_SCSV at TLS 1.2 (when
// the server does TLS 1.3) and at TLS 1.1, and whether TLS 1.1 and 1.0 are
// accepted at all.
func (p *prober) fallback(ctx context.Context) error {
	r := p.res
	top := r.Versions.max()
	if top == tls.VersionTLS13 && r.Versions.has(tls.VersionTLS12) {
		if err := p.scsv(ctx, StepSCSVTLS12, tls.VersionTLS12); err != nil {
			return err
		}
	}
	if r.Versions.known(tls.VersionTLS11) && r.Versions.known(tls.VersionTLS10) {
		p.summarizeSCSV()
		return nil
	}
	needPlain11 := true
	if top > tls.VersionTLS11 {
		f, err := p.rawCheck(ctx, StepSCSVTLS11, rawHello{version: tls.VersionTLS11, fallbackSCSV: true, serverName: p.t.serverName()})
		if err != nil {
			return err
		}
		switch {
		case f == nil:
		case f.hello != nil:
			v := f.hello.version()
			r.FallbackSCSVChecks = append(r.FallbackSCSVChecks, SCSVCheck{Version: tls.VersionTLS11, Result: "accepted", Accepted: Version(v)})
			p.learnLegacy(v)
			needPlain11 = false
		case f.alert != nil && f.alert.description == alertInappropriateFallback:
			r.FallbackSCSVChecks = append(r.FallbackSCSVChecks, SCSVCheck{Version: tls.VersionTLS11, Result: alertName(alertInappropriateFallback)})
		case f.alert != nil:
			// protocol_version or handshake_failure: nothing at or below
			// TLS 1.1, so there is no fallback to refuse.
			r.Versions.set(tls.VersionTLS11, false)
			r.Versions.set(tls.VersionTLS10, false)
			needPlain11 = false
		}
	}
	if needPlain11 && !r.Versions.known(tls.VersionTLS11) {
		f, err := p.rawCheck(ctx, StepHelloTLS11, rawHello{version: tls.VersionTLS11, serverName: p.t.serverName()})
		if err != nil {
			return err
		}
		if f != nil && f.hello != nil {
			p.learnLegacy(f.hello.version())
		} else if f != nil && f.alert != nil {
			r.Versions.set(tls.VersionTLS11, false)
			r.Versions.set(tls.VersionTLS10, false)
			// Some servers (OpenSSL) check the SCSV before the version: an
			// inappropriate_fallback at TLS 1.1 from a server without TLS
			// 1.1 and 1.0 says nothing about a fallback it could accept.
			r.FallbackSCSVChecks = slices.DeleteFunc(r.FallbackSCSVChecks, func(c SCSVCheck) bool {
				return c.Version == tls.VersionTLS11
			})
		}
	}
	if !r.Versions.known(tls.VersionTLS10) && r.Versions.has(tls.VersionTLS11) {
		f, err := p.rawCheck(ctx, StepHelloTLS10, rawHello{version: tls.VersionTLS10, serverName: p.t.serverName()})
		if err != nil {
			return err
		}
		if f != nil {
			r.Versions.set(tls.VersionTLS10, f.hello != nil && f.hello.version() == tls.VersionTLS10)
		}
	}
	p.summarizeSCSV()
	return nil
}

// learnLegacy records the answer v to a hello at TLS 1.1.
func (p *prober) learnLegacy(v uint16) {
	r := p.res
	switch v {
	case tls.VersionTLS11:
		r.Versions.set(tls.VersionTLS11, true)
	case tls.VersionTLS10:
		r.Versions.set(tls.VersionTLS11, false)
		r.Versions.set(tls.VersionTLS10, true)
	}
}

// rawCheck is raw that tolerates the server's refusal: it returns a nil
// flight (and no error) when the exchange failed without costing the
// probe its time, an error only when the probe is out of time.
func (p *prober) rawCheck(ctx context.Context, step string, h rawHello) (*flight, error) {
	f, err := p.raw(ctx, step, h)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, nil
	}
	return f, nil
}

func (p *prober) scsv(ctx context.Context, step string, v uint16) error {
	r := p.res
	f, err := p.raw(ctx, step, rawHello{version: v, fallbackSCSV: true, serverName: p.t.serverName()})
	chk := SCSVCheck{Version: Version(v)}
	switch {
	case err != nil:
		if ctx.Err() != nil {
			return err
		}
		chk.Result = "error"
	case f.hello != nil:
		chk.Result = "accepted"
		chk.Accepted = Version(f.hello.version())
	case f.alert != nil:
		chk.Result = alertName(f.alert.description)
	}
	r.FallbackSCSVChecks = append(r.FallbackSCSVChecks, chk)
	return nil
}

func (p *prober) summarizeSCSV() {
	r := p.res
	s := SCSVNotApplicable
	for _, c := range r.FallbackSCSVChecks {
		switch {
		case c.Result == "accepted":
			s = SCSVNotEnforced
		case c.Result == alertName(alertInappropriateFallback) && s != SCSVNotEnforced:
			s = SCSVEnforced
		case c.Result == "error" && s == SCSVNotApplicable:
			s = SCSVUnknown
		}
	}
	r.FallbackSCSV = s
}
