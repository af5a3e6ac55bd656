package tlsprobe

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
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
	StepHelloTLS11      = "hello-tls11"          // raw TLS 1.1 hello: is TLS 1.1 (or 1.0) accepted
	StepHelloTLS10      = "hello-tls10"          // raw TLS 1.0 hello: is TLS 1.0 accepted
	StepSCSVTLS12       = "fallback-scsv-tls12"  // raw TLS 1.2 hello with TLS_FALLBACK_SCSV
	StepSCSVTLS11       = "fallback-scsv-tls11"  // raw TLS 1.1 hello with TLS_FALLBACK_SCSV
	StepSCSVTLS10       = "fallback-scsv-tls10"  // raw TLS 1.0 hello with TLS_FALLBACK_SCSV
)

// Probe measures one target. It makes up to 15 connections (the Handshakes
// field counts them; measured: 9 for a crypto/tls server, 11 for OpenSSL
// s_server, 11 for nginx with TLS 1.0–1.3, 12 with a stored ticket), each
// needed for one of the measurements below and skipped when an earlier
// answer makes it pointless:
//
//  1. tls12-full: TLS 1.2 full handshake offering a ticket extension: is TLS
//     1.2 accepted, the DOWNGRD sentinel, the session ID the server assigns,
//     the ticket, its lifetime hint and length.
//  2. default: a TLS 1.0–1.3 hello that also offers that TLS 1.2 ticket:
//     the version a client gets; on a TLS 1.3 server a full TLS 1.3
//     handshake (the TLS 1.2 session must not be resumed in it, and the
//     server must send its Certificate) and its tickets; on a TLS 1.2
//     server the ticket resumption itself.
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
//  9. hello-tls11, hello-tls10: raw hellos for the old versions, then
//     fallback-scsv-tls12/11/10: a hello with TLS_FALLBACK_SCSV (RFC 7507)
//     at every version below the highest the server accepts that the
//     server is not known to refuse; each reads only the ServerHello or
//     the alert.
//
// Every hello offers every TLS 1.0–1.2 cipher suite crypto/tls implements
// (RSA key exchange, 3DES and RC4 included), and the certificate's dates
// do not matter: an expired certificate is probed as a valid one.
//
// A version counts as refused only when the server says so (a
// protocol_version alert) or answers with a lower one; another alert
// (handshake_failure, unrecognized_name) leaves it undetermined.
//
// The returned Result is never nil. The error is the Result's Err: the
// target could not be probed at all (no connection, no TLS, out of time).
func Probe(ctx context.Context, t Target, opts Options) (*Result, error) {
	ctx, cancel := context.WithTimeout(ctx, opts.timeout())
	defer cancel()
	p := &prober{t: t, opts: &opts, start: time.Now(), res: newResult(t.Addr(), t.serverName())}
	err := p.run(ctx)
	p.res.Err = err
	p.res.finish()
	return p.res, err
}

// newResult is a Result of which nothing is known yet.
func newResult(target, sni string) *Result {
	return &Result{
		Target:             target,
		SNI:                sni,
		Versions:           Versions{Supported: []Version{}, NotSupported: []Version{}},
		FallbackSCSV:       SCSVUnknown,
		FallbackSCSVChecks: []SCSVCheck{},
		Advisories:         []string{},
	}
}

// Unprobed returns the Result of a target that could not be probed at all
// (it could not be parsed, for example): everything unknown, err its Err.
func Unprobed(target string, err error) *Result {
	r := newResult(target, "")
	r.Err = err
	r.finish()
	return r
}

// finish derives the undetermined versions, the verdict and the
// advisories from what was measured.
func (r *Result) finish() {
	r.Versions.Undetermined = []Version{}
	for v := uint16(tls.VersionTLS10); v <= tls.VersionTLS13; v++ {
		if !r.Versions.known(v) {
			r.Versions.Undetermined = append(r.Versions.Undetermined, Version(v))
		}
	}
	r.Verdict = Assess(r)
	r.Advisories = []string{}
	for _, a := range Checks() {
		if a.Matches(r) {
			r.Advisories = append(r.Advisories, a.ID)
		}
	}
}

func (p *prober) run(ctx context.Context) error {
	r := p.res
	// 1. TLS 1.2 full handshake.
	a := p.handshake(ctx, hsConfig{step: StepTLS12Full, max: tls.VersionTLS12})
	if a.fatal {
		return a.err
	}
	p.learnVersions(&a, tls.VersionTLS12)
	var ticket12 *tls.ClientSessionState
	var sessionID []byte
	if a.ok {
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
	}

	// 2. The default hello, offering the TLS 1.2 ticket.
	ticketVersion := a.version()
	b := p.handshake(ctx, hsConfig{step: StepDefault, max: tls.VersionTLS13, offer: ticket12})
	offered := ticket12 != nil // b offered the ticket
	if !b.ok && !b.fatal && ticket12 != nil {
		// Did offering the TLS 1.2 ticket break the handshake?
		retry := p.handshake(ctx, hsConfig{step: StepDefaultRetry, max: tls.VersionTLS13})
		if retry.fatal {
			return retry.err
		}
		if retry.ok {
			p.brokeOnTicket(&b, &retry, ticketVersion)
			b, offered = retry, false
		}
	}
	p.learnVersions(&b, tls.VersionTLS13)
	if !b.ok && (b.fatal || !a.ok) {
		return b.err
	}
	ticketTested := false
	var renewed *tls.ClientSessionState
	if b.ok {
		v := b.version()
		r.Versions.Negotiated = Version(v)
		if v == tls.VersionTLS13 {
			t13 := &TLS13{Tickets: len(b.sessions), PSKModes: []string{}}
			if cs := b.lastSession(); cs != nil {
				t13.LifetimeSeconds = lifetime13(cs)
			}
			r.TLS13 = t13
			if offered {
				// A TLS 1.2 session offered with TLS 1.3 must not be
				// resumed, and the full TLS 1.3 handshake has a Certificate.
				p.stable(!b.state.DidResume)
				skipped := false
				r.CertificateSkipped = &skipped
			}
			if a.version() == tls.VersionTLS12 && a.f.hello != nil {
				s := a.f.hello.sentinel() == tls.VersionTLS12
				r.Versions.DowngradeSentinel = &s
			}
		} else if offered && v == ticketVersion {
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
				if s.Renewed {
					st.renewedAfterRotation(p.t)
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
		r.Ticket.RenewedAfterRotationSeen = st.renewalSeen(p.t)
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

	// 9. The old versions and RFC 7507.
	return p.fallback(ctx)
}

// learnVersions records what a handshake offering versions up to max says
// of the versions the server accepts: the version it chose (and that the
// versions between it and max are not accepted), or, with a
// protocol_version alert, that max is not. Any other failure says nothing
// of the version: an unrecognized_name or handshake_failure alert is about
// the name or the cipher suites.
func (p *prober) learnVersions(h *hsResult, max uint16) {
	if h.ok {
		p.chose(h.version(), max)
		return
	}
	p.learnFromFlight(h.f, max)
}

// learnFromFlight is learnVersions for a flight: a ServerHello (complete
// handshake or not) or an alert.
func (p *prober) learnFromFlight(f *flight, max uint16) {
	switch {
	case f == nil:
	case f.hello != nil && !f.hello.retryRequest:
		p.chose(f.hello.version(), max)
	case f.alert != nil && f.alert.description == alertProtocolVersion:
		p.res.Versions.set(max, false)
	}
}

// chose records that the server chose version v for a hello offering up
// to max.
func (p *prober) chose(v, max uint16) {
	if v < tls.VersionTLS10 || v > max {
		return // not an answer to this hello
	}
	p.res.Versions.set(v, true)
	for above := v + 1; above <= max; above++ {
		p.res.Versions.set(above, false)
	}
}

// brokeOnTicket names what a server did when the default hello failed
// only because it offered the TLS 1.2 ticket (the retry without it
// succeeded).
func (p *prober) brokeOnTicket(broke, retry *hsResult, ticketVersion uint16) {
	r := p.res
	f := broke.f
	switch {
	case retry.version() == tls.VersionTLS13 && f.tls13() && !f.hello.pskSelected && f.finished && !f.sentCertificate():
		// TLS 1.3 without a PSK, and without a Certificate (RFC 8446
		// §4.4.2): the server acted on the TLS 1.2 session, which TLS 1.3
		// cannot resume (GnuTLS 3.7 does this); clients abort.
		skipped := true
		r.CertificateSkipped = &skipped
		p.noteStep(StepDefault, "TLS 1.3 without a PSK and without a Certificate: the server acted on the TLS 1.2 ticket")
	case retry.version() == tls.VersionTLS13 && f.abbreviated():
		// The TLS 1.2 session resumed at TLS 1.2 in a hello that offered
		// TLS 1.3 (crypto/tls refuses it, seeing the RFC 8446 §4.1.3
		// sentinel): the server does not keep the version.
		p.stable(false)
		p.noteStep(StepDefault, "the TLS 1.2 session was resumed at TLS 1.2 although the hello offered TLS 1.3")
	case retry.version() == ticketVersion:
		// The server's highest version is the ticket's: this was the
		// ticket resumption, and it broke.
		p.ticketResumed(broke, ticketVersion)
	default:
		p.noteStep(StepDefault, "fails only when the TLS 1.2 ticket is offered")
	}
}

// ticketResumed records a TLS 1.2 ticket resumption attempt and returns
// the renewed session when the server renewed the ticket.
func (p *prober) ticketResumed(h *hsResult, version uint16) *tls.ClientSessionState {
	r := p.res
	resumed := h.resumed()
	if !h.ok {
		switch {
		case h.f.abbreviated():
			// The server resumed, and crypto/tls refused its answer (a
			// resumption at another version than the session's: "server
			// resumed a session with a different version").
			resumed = true
		case !h.fatal:
			r.Ticket.ResumptionFailed = true
		}
	}
	if !resumed {
		return nil
	}
	r.Ticket.Resumed = true
	v := h.version()
	if !h.ok {
		v = h.f.hello.version() // abbreviated: there is a ServerHello
	}
	p.stable(v == version)
	if !h.f.ticketBeforeCCS() {
		return nil
	}
	m := h.f.tickets[len(h.f.tickets)-1]
	r.Ticket.RenewedInAbbreviatedHandshake = true
	hint := m.lifetimeHint
	r.Ticket.RenewedLifetimeHintSeconds = &hint
	r.Ticket.RenewedLength = m.length
	if m.length == 0 || !h.ok {
		return nil // RFC 5077 §3.3: the server changed its mind; or no session to go on with
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

// legacyVersions are the versions checked with raw hellos, with their
// steps.
var legacyVersions = []struct {
	version     uint16
	hello, scsv string
}{
	{tls.VersionTLS12, "", StepSCSVTLS12},
	{tls.VersionTLS11, StepHelloTLS11, StepSCSVTLS11},
	{tls.VersionTLS10, StepHelloTLS10, StepSCSVTLS10},
}

// fallback runs the raw-hello checks, from TLS 1.2 down to TLS 1.0:
// TLS_FALLBACK_SCSV at every version below the highest the server accepts
// (the crypto/tls handshakes found it) that the server does not refuse,
// and a plain hello at TLS 1.1 and 1.0 when the answer with the SCSV did
// not tell whether the version is accepted.
func (p *prober) fallback(ctx context.Context) error {
	r := p.res
	top := r.Versions.max()
	for _, l := range legacyVersions {
		if l.version < top && !r.Versions.refused(l.version) {
			if err := p.scsv(ctx, l.scsv, l.version); err != nil {
				return err
			}
		}
		if l.hello != "" && !r.Versions.known(l.version) {
			f, err := p.rawCheck(ctx, l.hello, rawHello{version: l.version, serverName: p.t.serverName()})
			if err != nil {
				return err
			}
			p.learnFromFlight(f, l.version)
		}
	}
	r.FallbackSCSV = summarizeSCSV(r)
	return nil
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

// scsv sends a hello at version v with TLS_FALLBACK_SCSV.
func (p *prober) scsv(ctx context.Context, step string, v uint16) error {
	r := p.res
	f, err := p.rawCheck(ctx, step, rawHello{version: v, fallbackSCSV: true, serverName: p.t.serverName()})
	if err != nil {
		return err
	}
	chk := SCSVCheck{Version: Version(v), Result: "error"}
	switch {
	case f == nil:
	case f.hello != nil:
		chk.Result = "accepted"
		chk.Accepted = Version(f.hello.version())
		p.learnFromFlight(f, v)
	case f.alert != nil:
		chk.Result = alertName(f.alert.description)
		p.learnFromFlight(f, v)
	}
	r.FallbackSCSVChecks = append(r.FallbackSCSVChecks, chk)
	return nil
}

// summarizeSCSV derives the RFC 7507 status from the checks: not enforced
// when a fallback hello was accepted; unknown when a check at a version
// the server accepts ended otherwise than in inappropriate_fallback;
// enforced when some were refused so; not applicable when no version below
// the highest is accepted (checks at refused versions do not count).
func summarizeSCSV(r *Result) SCSVStatus {
	refused, inconclusive := false, false
	for _, c := range r.FallbackSCSVChecks {
		switch {
		case c.Result == "accepted":
			return SCSVNotEnforced
		case c.Result == alertName(alertInappropriateFallback):
			refused = true
		case r.Versions.has(uint16(c.Version)):
			inconclusive = true
		}
	}
	switch {
	case inconclusive:
		return SCSVUnknown
	case refused:
		return SCSVEnforced
	}
	top := r.Versions.max()
	for _, v := range r.Versions.Supported {
		if uint16(v) < top {
			return SCSVUnknown // a lower version is accepted, and no check said anything
		}
	}
	return SCSVNotApplicable
}
