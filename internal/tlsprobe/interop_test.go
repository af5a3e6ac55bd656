package tlsprobe

// Interop tests against real servers from Debian packages (openssl,
// gnutls-bin, nginx) on loopback ports, started by the tests and stopped by
// process id. Under CI=true they must run; elsewhere they skip when a
// binary is missing. See ../shared/research/tls.md §3 and §5 (F1–F6).

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// requireBinary returns the path of a peer's binary, failing under CI and
// skipping elsewhere when it is missing.
func requireBinary(t testing.TB, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if p := filepath.Join("/usr/sbin", name); fileExists(p) {
			return p
		}
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed (Debian package %s; .ci/run installs it)", name, pkg)
		}
		t.Skipf("%s is not installed (apt-get install %s): interop test skipped", name, pkg)
	}
	return path
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// peerFiles writes a certificate and key for 127.0.0.1 and localhost.
func peerFiles(t testing.TB, dir string) (certFile, keyFile string) {
	return peerFilesOf(t, dir, certificate(t))
}

// peerFilesOf writes c and its key.
func peerFilesOf(t testing.TB, dir string, c tls.Certificate) (certFile, keyFile string) {
	t.Helper()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	der, err := x509.MarshalPKCS8PrivateKey(c.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Certificate[0]}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// peer is a server process under test.
type peer struct {
	cmd  *exec.Cmd
	port int
	out  *syncBuffer
	done chan struct{}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func (p *peer) target() Target { return Target{Host: "127.0.0.1", Port: p.port} }

// startPeer runs cmd until the test ends (SIGTERM to its process id, then
// SIGKILL after 5s) and waits until port accepts connections.
func startPeer(t testing.TB, port int, cmd *exec.Cmd) *peer {
	t.Helper()
	p := &peer{cmd: cmd, port: port, out: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if cmd.Stdin == nil {
		// s_server and gnutls-serv read standard input; keep it open.
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stdin = r
		t.Cleanup(func() { w.Close(); r.Close() })
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-p.done
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
		if err == nil {
			c.Close()
			return p
		}
		select {
		case <-p.done:
			t.Fatalf("%s exited: %s", cmd.Path, p.out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s does not listen on %d: %s", cmd.Path, port, p.out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// legacyOpenSSLConf lets OpenSSL do TLS 1.0 and 1.1, which Debian's
// /etc/ssl/openssl.cnf forbids (MinProtocol TLSv1.2, SECLEVEL 2).
const legacyOpenSSLConf = `openssl_conf = default_conf
[default_conf]
ssl_conf = ssl_sect
[ssl_sect]
system_default = system_default_sect
[system_default_sect]
MinProtocol = TLSv1
CipherString = DEFAULT:@SECLEVEL=0
`

func startOpenSSL(t testing.TB, legacy bool, extra ...string) *peer {
	return startOpenSSLWith(t, certificate(t), legacy, extra...)
}

// startOpenSSLWith runs s_server with the certificate c.
func startOpenSSLWith(t testing.TB, c tls.Certificate, legacy bool, extra ...string) *peer {
	bin := requireBinary(t, "openssl", "openssl")
	dir := t.TempDir()
	cert, key := peerFilesOf(t, dir, c)
	port := freePort(t)
	args := []string{"s_server", "-accept", fmt.Sprintf("127.0.0.1:%d", port), "-cert", cert, "-key", key, "-quiet"}
	args = append(args, extra...)
	cmd := exec.Command(bin, args...)
	if legacy {
		conf := filepath.Join(dir, "legacy.cnf")
		os.WriteFile(conf, []byte(legacyOpenSSLConf), 0o644)
		cmd.Env = append(os.Environ(), "OPENSSL_CONF="+conf)
	}
	return startPeer(t, port, cmd)
}

func startGnuTLS(t testing.TB) *peer { return startGnuTLSWith(t, certificate(t)) }

// startGnuTLSWith runs gnutls-serv with the certificate c.
func startGnuTLSWith(t testing.TB, c tls.Certificate) *peer {
	bin := requireBinary(t, "gnutls-serv", "gnutls-bin")
	cert, key := peerFilesOf(t, t.TempDir(), c)
	port := freePort(t)
	// gnutls-serv has no option to bind one address; it listens on all,
	// and the test connects to 127.0.0.1 only.
	return startPeer(t, port, exec.Command(bin, "-p", strconv.Itoa(port), "--x509certfile", cert, "--x509keyfile", key, "--echo", "-a"))
}

// nginx is an nginx master process with its configuration in a temporary
// directory; rotate rewrites the ticket keys and reloads it.
type nginx struct {
	*peer
	dir, conf string
	tmpl      string
}

const nginxConf = `daemon off;
master_process on;
worker_processes {{workers}};
{{user}}
pid {{dir}}/nginx.pid;
error_log {{dir}}/error.log notice;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path {{dir}}/body;
  proxy_temp_path {{dir}}/proxy;
  fastcgi_temp_path {{dir}}/fastcgi;
  uwsgi_temp_path {{dir}}/uwsgi;
  scgi_temp_path {{dir}}/scgi;
  server {
    listen 127.0.0.1:{{port}} ssl;
    ssl_certificate {{cert}};
    ssl_certificate_key {{key}};
    {{tls}}
    ssl_conf_command MinProtocol TLSv1;
    ssl_session_cache shared:SSL:1m;
    {{tickets}}
    location / { return 200 "ok\n"; }
  }
}
`

// startNginx starts nginx with the given ticket directives; {{dir}} in
// them is the configuration directory, which holds two random ticket keys,
// a.key and b.key.
func startNginx(t testing.TB, tickets string) *nginx {
	return startNginxWith(t, certificate(t), "", tickets, 1)
}

func startNginxWorkers(t testing.TB, tickets string, workers int) *nginx {
	return startNginxWith(t, certificate(t), "", tickets, workers)
}

// nginxTLS are the default protocol and cipher directives: TLS 1.0–1.3,
// everything OpenSSL can do.
const nginxTLS = "ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3; ssl_ciphers DEFAULT:@SECLEVEL=0;"

// startNginxWith runs nginx with the certificate c, the protocol and cipher
// directives tlsDirectives ("" means nginxTLS), and workers processes.
func startNginxWith(t testing.TB, c tls.Certificate, tlsDirectives, tickets string, workers int) *nginx {
	if tlsDirectives == "" {
		tlsDirectives = nginxTLS
	}
	bin := requireBinary(t, "nginx", "nginx")
	dir := t.TempDir()
	cert, key := peerFilesOf(t, dir, c)
	port := freePort(t)
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;" // workers would otherwise switch to nobody, who cannot read the temp dir
	}
	n := &nginx{dir: dir, conf: filepath.Join(dir, "nginx.conf")}
	for _, k := range []string{"a.key", "b.key"} {
		b := make([]byte, 80) // AES-256 ticket key: name, HMAC and AES keys
		rand.Read(b)
		if err := os.WriteFile(filepath.Join(dir, k), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	n.tmpl = strings.NewReplacer("{{tls}}", tlsDirectives, "{{user}}", user, "{{workers}}", strconv.Itoa(workers), "{{dir}}", dir, "{{port}}", strconv.Itoa(port),
		"{{cert}}", cert, "{{key}}", key).Replace(nginxConf)
	n.write(t, tickets)
	n.peer = startPeer(t, port, exec.Command(bin, "-p", dir, "-e", filepath.Join(dir, "error.log"), "-c", n.conf))
	return n
}

func (n *nginx) write(t testing.TB, tickets string) {
	t.Helper()
	conf := strings.ReplaceAll(strings.Replace(n.tmpl, "{{tickets}}", tickets, 1), "{{dir}}", n.dir)
	if err := os.WriteFile(n.conf, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
}

// reload rewrites the ticket directives and sends SIGHUP to the master,
// then waits until a new worker has started and the old ones have exited
// (until then an old worker may still take connections, with old keys).
func (n *nginx) reload(t testing.TB, tickets string) {
	t.Helper()
	count := func(s string) int {
		b, _ := os.ReadFile(filepath.Join(n.dir, "error.log"))
		return strings.Count(string(b), s)
	}
	started := count("start worker process ") // one line per worker ("processes" opens a batch)
	n.write(t, tickets)
	if err := n.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for count("start worker process ") <= started || count(" exited with code ") < started {
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not reload: %s", n.out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func probe(t testing.TB, target Target, st *State) *Result {
	t.Helper()
	// Servers answer close_notify at once; a long TicketWait only guards
	// the TLS 1.3 ticket counts on a loaded machine.
	r, err := Probe(context.Background(), target, Options{Timeout: 15 * time.Second, TicketWait: 2 * time.Second, State: st})
	if err != nil {
		t.Fatalf("probe: %v\nevidence %+v", err, r.Evidence)
	}
	t.Logf("%s: %s, %d connections", target.Addr(), r.Verdict.Status, r.Handshakes)
	return r
}

// opensslDefaults is what s_server with Debian's defaults shows (F1):
// tickets resumed without renewal, TLS 1.2 and 1.3.
var opensslDefaults = summary{
	Supported: "TLS 1.2,TLS 1.3", Negotiated: "TLS 1.3", Sentinel: "true",
	SessionID: "offered=true resumed=true",
	Ticket:    "issued=true hint=7200 resumed=true renewed=false",
	TLS13:     "tickets=2 lifetime=7200 resumed=true after=1 modes=psk_dhe_ke",
	Stable:    "true", SCSV: SCSVEnforced,
	Verdict: StatusNotExposed, Reason: ReasonNoRenewal,
}

// opensslLegacy is what s_server without TLS 1.3 shows, accepting the
// versions supported: the same, and TLS_FALLBACK_SCSV refused below the
// highest.
func opensslLegacy(supported string) summary {
	s := opensslDefaults
	vs := strings.Split(supported, ",")
	s.Supported, s.Negotiated, s.Sentinel, s.TLS13 = supported, vs[len(vs)-1], "-", "-"
	return s
}

func checkSummary(t testing.TB, want summary, r *Result) {
	t.Helper()
	if diff := cmp.Diff(want, summarize(r)); diff != "" {
		t.Errorf("(-want +got):\n%s\nevidence:\n%s", diff, evidenceText(r))
	}
}

func evidenceText(r *Result) string {
	var b strings.Builder
	for _, e := range r.Evidence {
		fmt.Fprintf(&b, "  %-22s %s %s %s\n", e.Step, e.Flow, e.Note, e.Error)
	}
	return b.String()
}

// TestInteropOpenSSL: s_server with Debian's defaults (F1) and without
// tickets (F2): tickets resumed without renewal.
func TestInteropOpenSSL(t *testing.T) {
	t.Parallel()
	s := startOpenSSL(t, false)
	r := probe(t, s.target(), nil)
	checkSummary(t, opensslDefaults, r)
	crossCheck(t, s.target(), r, false)
	if r.CertificateSkipped == nil || *r.CertificateSkipped {
		t.Errorf("certificate skipped: %s, want false", tri(r.CertificateSkipped))
	}

	n := startOpenSSL(t, false, "-no_ticket")
	r = probe(t, n.target(), nil)
	checkSummary(t, summary{
		Supported: "TLS 1.2,TLS 1.3", Negotiated: "TLS 1.3", Sentinel: "true",
		SessionID: "offered=true resumed=true",
		Ticket:    "issued=false resumed=false renewed=false",
		TLS13:     "tickets=2 lifetime=7200 resumed=true after=1 modes=psk_dhe_ke",
		Stable:    "true", SCSV: SCSVEnforced,
		Verdict: StatusNotExposed, Reason: ReasonNoTickets,
	}, r)
}

// TestInteropOpenSSLLegacy: TLS 1.0–1.2 only (F3): the TLS 1.1 fallback
// hello with TLS_FALLBACK_SCSV is refused.
func TestInteropOpenSSLLegacy(t *testing.T) {
	t.Parallel()
	s := startOpenSSL(t, true, "-min_protocol", "TLSv1", "-max_protocol", "TLSv1.2", "-cipher", "DEFAULT:@SECLEVEL=0")
	r := probe(t, s.target(), nil)
	checkSummary(t, opensslLegacy("TLS 1.0,TLS 1.1,TLS 1.2"), r)
	if got := scsvChecks(r); got != "TLS 1.1: inappropriate_fallback; TLS 1.0: inappropriate_fallback" {
		t.Errorf("SCSV checks %s, want them at TLS 1.1 and 1.0", got)
	}
}

// TestInteropGnuTLS: gnutls-serv (F4) resumes without renewal. GnuTLS 3.7
// breaks a TLS 1.3 handshake whose hello also offers a TLS 1.2 ticket (it
// skips its Certificate as if resuming): the version is not kept.
func TestInteropGnuTLS(t *testing.T) {
	t.Parallel()
	s := startGnuTLS(t)
	r := probe(t, s.target(), nil)
	checkSummary(t, summary{
		Supported: "TLS 1.0,TLS 1.1,TLS 1.2,TLS 1.3", Negotiated: "TLS 1.3", Sentinel: "true",
		SessionID: "offered=true resumed=true",
		Ticket:    "issued=true hint=21600 resumed=true renewed=false",
		TLS13:     "tickets=2 lifetime=21600 resumed=true after=2 modes=psk_dhe_ke",
		Stable:    "true", SCSV: SCSVEnforced,
		Verdict: StatusNotExposed, Reason: ReasonNoRenewal,
	}, r)
	crossCheck(t, s.target(), r, false)
	// GnuTLS 3.7 answers the TLS 1.3 hello that also offers the TLS 1.2
	// ticket with a TLS 1.3 handshake without a PSK and without its
	// Certificate, as if resuming the TLS 1.2 session: named for that, the
	// version of the resumed sessions is unchanged.
	if r.CertificateSkipped == nil || !*r.CertificateSkipped {
		t.Errorf("certificate skipped: %s, want true\n%s", tri(r.CertificateSkipped), evidenceText(r))
	}
	checkFlow(t, r, StepDefault, "{EncryptedExtensions Finished}")
}

// TestInteropNginx: ticket key A, then keys B,A and SIGHUP between two
// runs that share a state file (F5): the second run's replayed ticket is
// renewed — exposed after key rotation. Tickets off (F6): session IDs only.
func TestInteropNginx(t *testing.T) {
	t.Parallel()
	n := startNginx(t, "ssl_session_tickets on; ssl_session_ticket_key {{dir}}/a.key;")
	statePath := filepath.Join(t.TempDir(), "state.json")
	run := stateRunner(t, n.target(), statePath)
	steady := summary{
		Supported: "TLS 1.0,TLS 1.1,TLS 1.2,TLS 1.3", Negotiated: "TLS 1.3", Sentinel: "true",
		SessionID: "offered=true resumed=true",
		Ticket:    "issued=true hint=300 resumed=true renewed=false",
		TLS13:     "tickets=2 lifetime=300 resumed=true after=1 modes=psk_dhe_ke",
		Stable:    "true", SCSV: SCSVEnforced,
		Verdict: StatusNotExposed, Reason: ReasonNoRenewal,
	}
	r1 := run()
	checkSummary(t, steady, r1)
	// Before the rotation: s_client's saved session, for the cross-check.
	sess := filepath.Join(t.TempDir(), "sess")
	sClient(t, n.target(), "-tls1_2", "-sess_out", sess)

	// Rotate: B encrypts, A still decrypts (the first key is the current one).
	n.reload(t, "ssl_session_tickets on; ssl_session_ticket_key {{dir}}/b.key; ssl_session_ticket_key {{dir}}/a.key;")
	r2 := run()
	rotated := steady
	rotated.Verdict, rotated.Reason, rotated.Advisories = StatusExposedAfterRotation, ReasonRenewsAfterRotation, "MSA-3109853"
	checkSummary(t, rotated, r2)
	if s := r2.Ticket.Stored; s == nil || !s.Resumed || !s.Renewed || s.KeyName != r1.Ticket.KeyName || s.KeyName == r2.Ticket.KeyName {
		t.Errorf("stored ticket %+v; key names before %s, after %s", s, r1.Ticket.KeyName, r2.Ticket.KeyName)
	}
	// s_client agrees: the pre-rotation session is resumed with a
	// NewSessionTicket in the abbreviated handshake.
	out := sClient(t, n.target(), "-tls1_2", "-sess_in", sess)
	if got := parseSClient(out); !got.reused || !got.ticket {
		t.Errorf("s_client after rotation: %+v\n%s", got, out)
	}
	crossCheck(t, n.target(), r2, false)

	// A third run, with no rotation since the second: the stored ticket
	// (renewed under key B) resumes without renewal, but the renewal after
	// the rotation stays recorded in the state file, and so the verdict.
	r3 := run()
	checkSummary(t, rotated, r3)

	off := startNginx(t, "ssl_session_tickets off;")
	r := probe(t, off.target(), nil)
	checkSummary(t, summary{
		Supported: "TLS 1.0,TLS 1.1,TLS 1.2,TLS 1.3", Negotiated: "TLS 1.3", Sentinel: "true",
		SessionID: "offered=true resumed=true",
		Ticket:    "issued=false resumed=false renewed=false",
		TLS13:     "tickets=2 lifetime=300 resumed=true after=1 modes=psk_dhe_ke",
		Stable:    "true", SCSV: SCSVEnforced,
		Verdict: StatusNotExposed, Reason: ReasonNoTickets,
	}, r)
}

// TestInteropGoServer cross-checks a crypto/tls server (renews always) with
// s_client.
func TestInteropGoServer(t *testing.T) {
	t.Parallel()
	requireBinary(t, "openssl", "openssl")
	srv := startGoServer(t, &tls.Config{})
	r := probe(t, srv.Target(), nil)
	crossCheck(t, srv.Target(), r, true)
}

// TestInteropExpiredCertificate: servers whose certificate expired 35 days
// ago resume sessions as before, and the probe must still offer them
// (crypto/tls drops a cached session whose certificate has expired, even
// without verification). nginx renews the tickets of an older key.
func TestInteropExpiredCertificate(t *testing.T) {
	t.Parallel()
	expired := expiredCertificate(t)
	s := startOpenSSLWith(t, expired, false)
	r := probe(t, s.target(), nil)
	checkSummary(t, opensslDefaults, r)

	g := startGnuTLSWith(t, expired)
	r = probe(t, g.target(), nil)
	if !r.Ticket.Resumed || r.TLS13 == nil || !r.TLS13.Resumed {
		t.Errorf("gnutls-serv: ticket %+v, TLS 1.3 %+v\n%s", r.Ticket, r.TLS13, evidenceText(r))
	}

	n := startNginxWith(t, expired, "", "ssl_session_tickets on; ssl_session_ticket_key {{dir}}/a.key;", 1)
	run := stateRunner(t, n.target(), filepath.Join(t.TempDir(), "state.json"))
	if r := run(); r.Verdict.Status != StatusNotExposed || !r.Ticket.Resumed {
		t.Errorf("nginx before the rotation: %+v, ticket %+v\n%s", r.Verdict, r.Ticket, evidenceText(r))
	}
	n.reload(t, "ssl_session_tickets on; ssl_session_ticket_key {{dir}}/b.key; ssl_session_ticket_key {{dir}}/a.key;")
	if r := run(); r.Verdict.Status != StatusExposedAfterRotation {
		t.Errorf("nginx after the rotation: %+v, stored %+v\n%s", r.Verdict, r.Ticket.Stored, evidenceText(r))
	}
}

// TestInteropRSAKeyExchange: servers that offer only RSA key exchange
// (TLS_RSA_WITH_*), with an RSA certificate, TLS 1.0–1.2: the legacy
// population of advisory 3109853, which crypto/tls no longer speaks to by
// default (Go 1.22).
func TestInteropRSAKeyExchange(t *testing.T) {
	t.Parallel()
	const suites = "AES128-SHA:AES256-SHA:AES128-GCM-SHA256:AES256-GCM-SHA384:@SECLEVEL=0"
	s := startOpenSSLWith(t, rsaCertificate(t), true, "-min_protocol", "TLSv1", "-max_protocol", "TLSv1.2", "-cipher", suites)
	r := probe(t, s.target(), nil)
	checkSummary(t, opensslLegacy("TLS 1.0,TLS 1.1,TLS 1.2"), r)
	crossCheck(t, s.target(), r, false)

	// nginx with the same suites renews the tickets of an older key.
	n := startNginxWith(t, rsaCertificate(t), "ssl_protocols TLSv1 TLSv1.1 TLSv1.2; ssl_ciphers "+suites+";",
		"ssl_session_tickets on; ssl_session_ticket_key {{dir}}/a.key;", 1)
	run := stateRunner(t, n.target(), filepath.Join(t.TempDir(), "state.json"))
	if r := run(); r.Verdict.Status != StatusNotExposed || !r.Ticket.Resumed {
		t.Errorf("nginx before the rotation: %+v, ticket %+v\n%s", r.Verdict, r.Ticket, evidenceText(r))
	}
	n.reload(t, "ssl_session_tickets on; ssl_session_ticket_key {{dir}}/b.key; ssl_session_ticket_key {{dir}}/a.key;")
	if r := run(); r.Verdict.Status != StatusExposedAfterRotation || joinVersions(r.Verdict.FallbackVersions) != "TLS 1.1, TLS 1.0" {
		t.Errorf("nginx after the rotation: %+v\n%s", r.Verdict, evidenceText(r))
	}
}

// TestInteropUnrecognizedName: s_server with a second certificate for
// another name answers a hello for localhost with an unrecognized_name
// alert, a warning (the handshake goes on) or, with -servername_fatal, a
// fatal one. Neither says that a version is refused.
func TestInteropUnrecognizedName(t *testing.T) {
	t.Parallel()
	cert2, key2 := peerFilesOf(t, t.TempDir(), rsaCertificate(t))
	sni := func(p *peer) Target { tg := p.target(); tg.SNI = "localhost"; return tg }
	warn := startOpenSSL(t, false, "-cert2", cert2, "-key2", key2, "-servername", "other.example")
	r := probe(t, sni(warn), nil)
	checkSummary(t, opensslDefaults, r)

	fatal := startOpenSSL(t, false, "-cert2", cert2, "-key2", key2, "-servername", "other.example", "-servername_fatal")
	r, err := Probe(context.Background(), sni(fatal), Options{Timeout: 15 * time.Second})
	if err == nil || r.Verdict.Status != StatusUndetermined {
		t.Errorf("fatal unrecognized_name: %v, %+v", err, r.Verdict)
	}
	if len(r.Versions.NotSupported) > 0 || r.FallbackSCSV != SCSVUnknown {
		t.Errorf("fatal unrecognized_name: versions %+v, fallback_scsv %q\n%s", r.Versions, r.FallbackSCSV, evidenceText(r))
	}
}

// TestInteropOpenSSLTLS10And11: a TLS 1.0–1.1 server; the fallback from
// 1.1 to 1.0 with TLS_FALLBACK_SCSV is refused.
func TestInteropOpenSSLTLS10And11(t *testing.T) {
	t.Parallel()
	s := startOpenSSL(t, true, "-min_protocol", "TLSv1", "-max_protocol", "TLSv1.1", "-cipher", "DEFAULT:@SECLEVEL=0")
	r := probe(t, s.target(), nil)
	checkSummary(t, opensslLegacy("TLS 1.0,TLS 1.1"), r)
	if got := scsvChecks(r); got != "TLS 1.0: inappropriate_fallback" {
		t.Errorf("SCSV checks %s", got)
	}
}

// scsvChecks renders the RFC 7507 checks as "TLS 1.1: result; …".
func scsvChecks(r *Result) string {
	var s []string
	for _, c := range r.FallbackSCSVChecks {
		s = append(s, c.Version.String()+": "+c.Result)
	}
	return strings.Join(s, "; ")
}
