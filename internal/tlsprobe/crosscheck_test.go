package tlsprobe

// The cross-check of the probe's verdicts against `openssl s_client -msg`
// with -sess_out/-sess_in on the same server (../shared/research/tls.md §3
// lists the s_client gotchas handled here: -sess_out is not rewritten
// after a resumed TLS 1.2 handshake, so every resumption starts from the
// file of a full handshake; session-ID resumption needs -tls1_2 -no_ticket;
// alert 86 is read from "SSL alert number 86").

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sClient runs openssl s_client against target with -msg and args, its
// standard input empty, and returns its output.
func sClient(t testing.TB, target Target, args ...string) string {
	t.Helper()
	bin := requireBinary(t, "openssl", "openssl")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	all := append([]string{"s_client", "-connect", target.Addr(), "-msg"}, args...)
	out, _ := exec.CommandContext(ctx, bin, all...).CombinedOutput() // exits 1 on an alert
	return string(out)
}

// sClientResult is what an s_client run showed.
type sClientResult struct {
	reused   bool // "Reused, TLSv1.2, …"
	ticket   bool // a TLS 1.2 NewSessionTicket from the server
	alert86  bool // inappropriate_fallback
	protocol string
}

func parseSClient(out string) sClientResult {
	var r sClientResult
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(line, "Reused,"):
			r.reused = true
		case strings.HasPrefix(line, "<<< TLS 1.2, Handshake") && strings.HasSuffix(line, "NewSessionTicket"):
			r.ticket = true
		case strings.Contains(line, "SSL alert number 86") || strings.Contains(line, "inappropriate_fallback"):
			r.alert86 = true
		case strings.HasPrefix(strings.TrimSpace(line), "Protocol  :"):
			r.protocol = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "Protocol  :"))
		}
	}
	return r
}

// crossCheck compares a probe result with what s_client shows of the same
// server: ticket issued, resumed, renewed in the abbreviated handshake,
// session-ID resumption, and TLS_FALLBACK_SCSV at TLS 1.2.
func crossCheck(t *testing.T, target Target, r *Result, renewAlways bool) {
	t.Helper()
	dir := t.TempDir()
	sess, ids := filepath.Join(dir, "ticket.sess"), filepath.Join(dir, "id.sess")
	full := parseSClient(sClient(t, target, "-tls1_2", "-sess_out", sess))
	out := sClient(t, target, "-tls1_2", "-sess_in", sess)
	resumed := parseSClient(out)
	got := fmt.Sprintf("issued=%t resumed=%t renewed=%t", full.ticket, resumed.reused, resumed.reused && resumed.ticket)
	want := fmt.Sprintf("issued=%t resumed=%t renewed=%t", r.Ticket.Issued, r.Ticket.Resumed, r.Ticket.RenewedInAbbreviatedHandshake)
	if got != want {
		t.Errorf("s_client shows %s, the probe %s\n%s", got, want, out)
	}
	if renewAlways != r.Ticket.RenewedInAbbreviatedHandshake {
		t.Errorf("renewed = %t, want %t", r.Ticket.RenewedInAbbreviatedHandshake, renewAlways)
	}

	sClient(t, target, "-tls1_2", "-no_ticket", "-sess_out", ids)
	idResumed := parseSClient(sClient(t, target, "-tls1_2", "-no_ticket", "-sess_in", ids)).reused
	if idResumed != r.SessionIDResumption.Resumed {
		t.Errorf("session-ID resumption: s_client %t, probe %t", idResumed, r.SessionIDResumption.Resumed)
	}

	if r.Versions.has(0x0304) && r.Versions.has(0x0303) {
		refused := parseSClient(sClient(t, target, "-tls1_2", "-fallback_scsv")).alert86
		probeRefused := false
		for _, c := range r.FallbackSCSVChecks {
			if c.Version == 0x0303 {
				probeRefused = c.Result == "inappropriate_fallback"
			}
		}
		if refused != probeRefused {
			t.Errorf("TLS 1.2 + TLS_FALLBACK_SCSV refused: s_client %t, probe %t", refused, probeRefused)
		}
	}
}
