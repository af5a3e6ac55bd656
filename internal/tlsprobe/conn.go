package tlsprobe

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"net/netip"
	"sync"
	"syscall"
	"time"

	"github.com/affected-dev/affected/internal/i18n"
)

// prober holds the state of one target's probe.
type prober struct {
	t    Target
	opts *Options
	res  *Result
	// addr is the IP address and port every connection goes to, fixed by
	// the first one so that all handshakes reach the same server.
	addr string
	// start is when the probe began; shift moves the clock crypto/tls sees
	// (see clock), set by the first certificate the server shows.
	start    time.Time
	shift    time.Duration
	leafSeen bool
}

// teeConn gives an observer a copy of every byte the server sends.
type teeConn struct {
	net.Conn
	obs *observer
}

func (c *teeConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.obs.feed(p[:n])
	}
	return n, err
}

// spyCache is a one-session ClientSessionCache: it offers the session the
// probe chose and records the sessions crypto/tls saves (TLS 1.2 tickets
// during the handshake, TLS 1.3 tickets after it).
type spyCache struct {
	mu    sync.Mutex
	offer *tls.ClientSessionState
	puts  []*tls.ClientSessionState
}

func (c *spyCache) Get(string) (*tls.ClientSessionState, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offer, c.offer != nil
}

func (c *spyCache) Put(_ string, cs *tls.ClientSessionState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cs != nil {
		c.puts = append(c.puts, cs)
	}
}

func (c *spyCache) saved() []*tls.ClientSessionState {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]*tls.ClientSessionState(nil), c.puts...)
}

// dial connects to the target, resolving its name once.
func (p *prober) dial(ctx context.Context) (net.Conn, error) {
	p.res.Handshakes++
	dial := p.opts.Dial
	if dial == nil {
		var d net.Dialer
		dial = d.DialContext
	}
	if p.addr != "" {
		return dial(ctx, "tcp", p.addr)
	}
	var addrs []string
	if ip, err := netip.ParseAddr(p.t.Host); err == nil {
		addrs = []string{netip.AddrPortFrom(ip, uint16(p.t.Port)).String()}
	} else {
		ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", p.t.Host)
		if err != nil {
			return nil, i18n.Errorf(msgResolve, p.t.Host, err)
		}
		for _, ip := range ips {
			addrs = append(addrs, netip.AddrPortFrom(ip.Unmap(), uint16(p.t.Port)).String())
		}
	}
	var first error
	for _, a := range addrs {
		c, err := dial(ctx, "tcp", a)
		if err == nil {
			p.addr = a
			p.res.Address = a
			return c, nil
		}
		if first == nil {
			first = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, i18n.Errorf(msgConnect, p.t.Addr(), first)
}

// bound applies the context's deadline to conn and makes cancellation
// interrupt blocked reads; the returned function undoes the latter.
func bound(ctx context.Context, conn net.Conn) func() bool {
	if d, ok := ctx.Deadline(); ok {
		conn.SetDeadline(d)
	}
	return context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
}

// hsConfig is one crypto/tls handshake of the probe.
type hsConfig struct {
	step     string
	max      uint16
	offer    *tls.ClientSessionState // the session to resume, if any
	noTicket bool                    // send no session_ticket extension
}

// hsResult is what one handshake showed.
type hsResult struct {
	ok       bool
	state    tls.ConnectionState
	f        *flight
	sessions []*tls.ClientSessionState // sessions crypto/tls saved
	err      error                     // located: the step and what went wrong
	fatal    bool                      // the probe cannot go on (no connection, out of time)
}

func (h *hsResult) version() uint16 {
	if h.ok {
		return h.state.Version
	}
	return 0
}

func (h *hsResult) resumed() bool { return h.ok && h.state.DidResume }

// lastSession returns the last session crypto/tls saved, or nil.
func (h *hsResult) lastSession() *tls.ClientSessionState {
	if len(h.sessions) == 0 {
		return nil
	}
	return h.sessions[len(h.sessions)-1]
}

// serverRefused reports whether the server answered the hello with an
// alert or by closing: it understood TLS but would not go on.
func (h *hsResult) serverRefused() bool {
	return !h.ok && !h.fatal && h.f != nil && h.f.err == nil && (h.f.alert != nil || h.f.received == 0 || h.f.hello == nil)
}

func (p *prober) handshake(ctx context.Context, hc hsConfig) hsResult {
	res := hsResult{f: &flight{}}
	start := time.Now()
	conn, err := p.dial(ctx)
	if err != nil {
		res.err = stepError(hc.step, err)
		res.fatal = true
		return res
	}
	defer conn.Close()
	defer bound(ctx, conn)()
	obs := &observer{}
	cache := &spyCache{offer: hc.offer}
	offerShift := p.sessionShift(hc.offer)
	cfg := &tls.Config{
		// The behaviour measured does not depend on trust in the
		// certificate; verifying it would only hide servers from the probe.
		InsecureSkipVerify: true,
		ServerName:         p.t.serverName(),
		MinVersion:         tls.VersionTLS10,
		MaxVersion:         hc.max,
		// Every suite crypto/tls implements, RSA key exchange, 3DES and
		// RC4 included: the servers of advisory 3109853 are old ones.
		CipherSuites: helloCipherSuites,
		Time:         func() time.Time { return time.Now().Add(min(p.shift, offerShift)) },
		VerifyConnection: func(cs tls.ConnectionState) error {
			p.learnLeaf(cs)
			return nil
		},
		KeyLogWriter: keyLog{obs: obs},
	}
	if !hc.noTicket {
		cfg.ClientSessionCache = cache
	}
	c := tls.Client(&teeConn{Conn: conn, obs: obs}, cfg)
	err = c.HandshakeContext(ctx)
	res.f = &obs.f
	if err != nil {
		res.fatal, res.err = p.describe(ctx, hc.step, &obs.f, err, start)
		p.evidence(hc.step, &obs.f, "", res.err)
		return res
	}
	res.ok = true
	res.state = c.ConnectionState()
	// Close as a well-behaved client: close_notify, then read until the
	// server closes too. OpenSSL drops a session from its cache when the
	// peer vanishes before the server's own close_notify (so that a later
	// session-ID resumption would fail), and TLS 1.3 tickets come after
	// the handshake (RFC 8446 §4.6.1), read by crypto/tls only inside Read.
	// The wait is bounded by TicketWait for servers that do not answer.
	c.CloseWrite()
	wait := time.Now().Add(p.opts.ticketWait())
	if d, ok := ctx.Deadline(); ok && d.Before(wait) {
		wait = d
	}
	c.SetReadDeadline(wait)
	var buf [1024]byte
	for {
		if _, err := c.Read(buf[:]); err != nil {
			break
		}
	}
	res.sessions = cache.saved()
	if len(res.state.PeerCertificates) > 0 {
		for _, cs := range res.sessions {
			tagLeafExpiry(cs, res.state.PeerCertificates[0].NotAfter)
		}
	}
	p.evidence(hc.step, &obs.f, "", nil)
	return res
}

// The clock. crypto/tls does not offer a cached session whose server
// certificate has expired, even with InsecureSkipVerify (loadSession in
// handshake_client.go compares Config.Time with the leaf's NotAfter). The
// certificate's dates change nothing the probe measures, so the probe
// moves the clock crypto/tls sees to before the expiry: by the same shift
// for every connection of the probe (TLS 1.3 ticket ages, RFC 8446
// §4.2.11.1, are differences of that clock and stay true), and further back
// for a session from an earlier run whose certificate expired sooner (a
// TLS 1.2 session: no ticket age is sent).

// clockMargin keeps the moved clock this far before the expiry for the
// whole probe.
const clockMargin = time.Minute

// shiftFor returns how far to move the clock back so that it stays before
// notAfter until the probe's time is up: 0 when it does anyway.
func (p *prober) shiftFor(notAfter time.Time) time.Duration {
	end := p.start.Add(p.opts.timeout() + clockMargin)
	if notAfter.After(end) {
		return 0
	}
	return notAfter.Sub(end)
}

// learnLeaf sets the clock's shift from the first certificate the server
// shows. It runs inside the handshake, before crypto/tls stores the
// session, so that the session's times are on the moved clock.
func (p *prober) learnLeaf(cs tls.ConnectionState) {
	if p.leafSeen || len(cs.PeerCertificates) == 0 {
		return
	}
	p.leafSeen = true
	p.shift = p.shiftFor(cs.PeerCertificates[0].NotAfter)
}

// sessionShift is the shift a connection offering cs needs for cs's own
// certificate (0 when unknown).
func (p *prober) sessionShift(cs *tls.ClientSessionState) time.Duration {
	if t, ok := leafExpiry(cs); ok {
		return p.shiftFor(t)
	}
	return 0
}

// leafExpiryTag marks the SessionState.Extra entry in which the probe keeps
// the NotAfter of the session's server certificate (Extra is where a
// ClientSessionCache keeps its own data alongside a session), so that the
// state file carries it to later runs.
const leafExpiryTag = "affected/leaf-not-after\x00"

func tagLeafExpiry(cs *tls.ClientSessionState, notAfter time.Time) {
	_, st, err := cs.ResumptionState()
	if err != nil || st == nil {
		return
	}
	if _, ok := leafExpiry(cs); ok {
		return
	}
	st.Extra = append(st.Extra, binary.BigEndian.AppendUint64([]byte(leafExpiryTag), uint64(notAfter.Unix())))
}

func leafExpiry(cs *tls.ClientSessionState) (time.Time, bool) {
	if cs == nil {
		return time.Time{}, false
	}
	_, st, err := cs.ResumptionState()
	if err != nil || st == nil {
		return time.Time{}, false
	}
	for _, e := range st.Extra {
		if v, ok := bytes.CutPrefix(e, []byte(leafExpiryTag)); ok && len(v) == 8 {
			return time.Unix(int64(binary.BigEndian.Uint64(v)), 0), true
		}
	}
	return time.Time{}, false
}

// raw sends one hand-built ClientHello and reads the answer up to the
// ServerHello or an alert.
func (p *prober) raw(ctx context.Context, step string, h rawHello) (*flight, error) {
	start := time.Now()
	conn, err := p.dial(ctx)
	if err != nil {
		return nil, stepError(step, err)
	}
	defer conn.Close()
	defer bound(ctx, conn)()
	obs := &observer{}
	if _, err := conn.Write(h.marshal()); err != nil {
		_, err := p.describe(ctx, step, &obs.f, err, start)
		return &obs.f, err
	}
	var buf [4096]byte
	for obs.f.hello == nil && obs.f.alert == nil && obs.f.err == nil {
		n, err := conn.Read(buf[:])
		obs.feed(buf[:n])
		if err != nil && obs.f.hello == nil && obs.f.alert == nil {
			_, err := p.describe(ctx, step, &obs.f, err, start)
			p.evidence(step, &obs.f, "", err)
			return &obs.f, err
		}
	}
	if obs.f.err != nil {
		err := stepError(step, obs.f.err)
		p.evidence(step, &obs.f, "", err)
		return &obs.f, err
	}
	p.evidence(step, &obs.f, "", nil)
	return &obs.f, nil
}

// describe turns a failed exchange into a located error: which step, and
// what the server did (nothing in time, closed, garbage, an alert).
func (p *prober) describe(ctx context.Context, step string, f *flight, err error, start time.Time) (fatal bool, located error) {
	var ne net.Error
	switch {
	case ctx.Err() != nil || errors.As(err, &ne) && ne.Timeout():
		took := time.Since(start).Round(10 * time.Millisecond)
		return true, stepError(step, i18n.Errorf(msgTimeout, took.String(), f.received))
	case f.err != nil:
		return false, stepError(step, f.err)
	case f.alert != nil:
		return false, stepError(step, i18n.Errorf(msgServerAlert, alertName(f.alert.description)))
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE):
		return false, stepError(step, i18n.Errorf(msgClosed, f.received))
	}
	return false, stepError(step, err)
}

func (p *prober) evidence(step string, f *flight, note string, err error) {
	e := Evidence{Step: step, Note: note}
	if f != nil {
		e.Flow = f.String()
		if f.received > 0 && f.hello == nil && f.alert == nil {
			e.Flow = "received " + hex.EncodeToString(f.head)
		}
	}
	if err != nil {
		e.Error = err.Error()
	}
	p.res.Evidence = append(p.res.Evidence, e)
}

// note attaches a remark to the last evidence entry.
func (p *prober) note(s string) {
	if n := len(p.res.Evidence); n > 0 {
		if p.res.Evidence[n-1].Note != "" {
			s = p.res.Evidence[n-1].Note + "; " + s
		}
		p.res.Evidence[n-1].Note = s
	}
}

// noteStep attaches a remark to the last evidence entry of step.
func (p *prober) noteStep(step, s string) {
	for i := len(p.res.Evidence) - 1; i >= 0; i-- {
		if e := &p.res.Evidence[i]; e.Step == step {
			if e.Note != "" {
				s = e.Note + "; " + s
			}
			e.Note = s
			return
		}
	}
}

// ticketOf returns the ticket of a saved session.
func ticketOf(cs *tls.ClientSessionState) []byte {
	if cs == nil {
		return nil
	}
	t, _, err := cs.ResumptionState()
	if err != nil {
		return nil
	}
	return t
}

// keyName is the RFC 5077 §4 key_name of a ticket in that layout.
func keyName(ticket []byte) string {
	if len(ticket) < 16+16+32 {
		return ""
	}
	return hex.EncodeToString(ticket[:16])
}

// lifetime13 returns the lifetime of a TLS 1.3 ticket as crypto/tls stored
// it. crypto/tls does not expose it; SessionState.Bytes documents its
// encoding (ticket.go): created_at at offset 5, and for a TLS 1.3 client
// session use_by and age_add as the last 12 bytes. The value is checked
// against the RFC 8446 §4.6.1 limit, so a change of encoding gives nil,
// not a wrong number.
func lifetime13(cs *tls.ClientSessionState) *uint32 {
	_, st, err := cs.ResumptionState()
	if err != nil || st == nil {
		return nil
	}
	b, err := st.Bytes()
	if err != nil || len(b) < 13+12 || binary.BigEndian.Uint16(b) != tls.VersionTLS13 || b[2] != 2 {
		return nil
	}
	created := binary.BigEndian.Uint64(b[5:13])
	useBy := binary.BigEndian.Uint64(b[len(b)-12:])
	if useBy < created || useBy-created > 604800+1 {
		return nil
	}
	v := uint32(useBy - created)
	return &v
}
