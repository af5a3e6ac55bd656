package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// page reads a page with the admin token, expecting 200.
func (e *env) page(base, path string) string {
	e.t.Helper()
	req, _ := http.NewRequest("GET", base+path, nil)
	req.Header.Set("Authorization", "Bearer "+e.admin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	return string(body)
}

// probeServer starts `affected tls serve` on a free loopback port (it
// renews tickets in every abbreviated handshake, as Go's crypto/tls does)
// and returns its address; it is stopped by its process id.
func (e *env) probeServer() string {
	e.t.Helper()
	addrFile := filepath.Join(e.t.TempDir(), "addr")
	cmd := exec.Command(e.bin, "tls", "serve", "--listen", "127.0.0.1:0", "--addr-file", addrFile)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if b, err := os.ReadFile(addrFile); err == nil && len(strings.TrimSpace(string(b))) > 0 {
			return strings.TrimSpace(string(b))
		}
	}
	e.t.Fatal("the probe server did not start")
	return ""
}

type exposureBody struct {
	Endpoints []struct {
		ID          int64
		Source      string
		Target      string
		Check       string
		Verdict     struct{ Status, Reason string }
		Summary     string
		Consequence []string
	}
	Total int
}

// TestEndpoints: a real probe of the probe server on loopback, uploaded
// by `affected tls --upload`, is stored as an endpoint exposed to
// MSA-3109853 (its behaviour check, decided by the probe's own code from
// what was measured): the advisory counts it, lists it with the verdict in
// the reader's language (the probe's own words) and shows it on its page.
// The JSON of `affected tls --format json` posted as it is counts the
// same, also on the page of a second server on the database, which had
// kept the page before the upload. A record with the same behaviour check imported afterwards finds
// both endpoints without a new upload, with one signed notification each.
func TestEndpoints(t *testing.T) {
	e := newEnv(t)
	target := e.probeServer()
	up := "AFFECTED_TOKEN=" + e.token("upload")
	out, stderr := e.run(1, []string{up}, "tls", target, "--format", "json", "--lang", "ko", "--upload", e.base, "--source", "lab")
	if !strings.Contains(stderr, "uploaded 1 endpoint as lab: 1 exposed; 1 new exposure") && !strings.Contains(stderr, "엔드포인트 1개를 lab으로 올림: 노출 1개") {
		t.Errorf("the upload said: %s", stderr)
	}
	var probed struct {
		Results []struct{ Target, Summary string }
	}
	if err := json.Unmarshal([]byte(out), &probed); err != nil || len(probed.Results) != 1 {
		t.Fatalf("affected tls: %v %s", err, out)
	}

	var x exposureBody
	e.getValid("/api/v1/advisories/MSA-3109853/endpoints?lang=ko", "/api/v1/advisories/{id}/endpoints", &x)
	if x.Total != 1 || len(x.Endpoints) != 1 {
		t.Fatalf("MSA-3109853's endpoints: %+v", x)
	}
	got := x.Endpoints[0]
	if got.Source != "lab" || got.Target != target || got.Check != "tls.ticket-renewed-in-abbreviated-handshake" ||
		got.Verdict.Status != "exposed" || got.Summary != probed.Results[0].Summary || len(got.Consequence) == 0 {
		t.Errorf("the exposure: %+v; the probe said %q", got, probed.Results[0].Summary)
	}

	// The page, from a second server on the database: one endpoint (and
	// the page kept for the next readers).
	second := e.start()
	if n := strings.Count(e.page(second, "/advisories/MSA-3109853?lang=zh-TW"), `<li class="endpoint"`); n != 1 {
		t.Errorf("the page lists %d endpoints, want 1", n)
	}
	// The API's answer, kept by both servers for the next readers.
	var before struct{ Endpoints int }
	for _, base := range []string{e.base, second} {
		e.getFrom(base, "/api/v1/advisories/MSA-3109853", &before)
		if before.Endpoints != 1 {
			t.Errorf("%s: the API counts %d endpoints, want 1", base, before.Endpoints)
		}
	}

	// The probe's own JSON, posted with a source.
	status := e.do("POST", e.base+"/api/v1/inventories?source=direct", strings.TrimPrefix(up, "AFFECTED_TOKEN="), []byte(out), nil)
	var eb struct{ Error struct{ Pointer string } }
	refused := e.do("POST", e.base+"/api/v1/inventories", strings.TrimPrefix(up, "AFFECTED_TOKEN="), []byte(out), &eb)
	if status != http.StatusCreated || refused != http.StatusBadRequest || eb.Error.Pointer != "?source" {
		t.Errorf("posting affected tls's JSON: %d with a source, %d (%q) without", status, refused, eb.Error.Pointer)
	}
	var adv struct{ Endpoints int }
	e.getValid("/api/v1/advisories/MSA-3109853", "/api/v1/advisories/{id}", &adv)
	var list struct {
		Endpoints []struct {
			Source, Status string
			Advisories     []string
		}
	}
	e.getValid("/api/v1/endpoints", "/api/v1/endpoints", &list)
	if adv.Endpoints != 2 || len(list.Endpoints) != 2 || list.Endpoints[1].Status != "exposed" || strings.Join(list.Endpoints[1].Advisories, ",") != "MSA-3109853" {
		t.Errorf("MSA-3109853 counts %d endpoints; listed: %+v", adv.Endpoints, list)
	}
	page := e.page(e.base, "/advisories/MSA-3109853?lang=zh-TW")
	if !strings.Contains(page, `data-target="`+target+`" data-status="exposed"`) || !strings.Contains(page, "暴露的 TLS 端點") {
		t.Errorf("the advisory page does not list the endpoint:\n%s", page)
	}
	// The second server's page and API answer follow the upload made on
	// the first (told by PostgreSQL), not what it kept.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		n := strings.Count(e.page(second, "/advisories/MSA-3109853?lang=zh-TW"), `<li class="endpoint"`)
		var after struct{ Endpoints int }
		e.getFrom(second, "/api/v1/advisories/MSA-3109853", &after)
		if n == 2 && after.Endpoints == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the second server lists %d endpoints on the page and %d in the API after the upload, want 2", n, after.Endpoints)
		}
	}

	// A new record with the same behaviour: found without an upload.
	rec := newReceiver(t, "s3cret")
	body, _ := json.Marshal(map[string]string{"url": rec.srv.URL, "secret": "s3cret"})
	if code := e.do("POST", e.base+"/api/v1/webhooks", e.admin, body, nil); code != http.StatusCreated {
		t.Fatalf("registering the webhook: %d", code)
	}
	record := `{"advisories": [{"id": "TEST-RENEWAL-1", "source": "test", "texts": [{"lang": "en", "title": "A client that fails renewed tickets"}],
		"behaviours": [{"check": "tls.ticket-renewed-in-abbreviated-handshake"}]}]}`
	var imp struct{ Added []string }
	if code := e.do("POST", e.base+"/api/v1/advisories", e.admin, []byte(record), &imp); code != http.StatusOK || len(imp.Added) != 1 {
		t.Fatalf("importing the record: %d %+v", code, imp)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	e.settle(ctx, func() bool { _, n := rec.acceptedProbes(); return n >= 2 })
	e.getValid("/api/v1/advisories/TEST-RENEWAL-1/endpoints", "/api/v1/advisories/{id}/endpoints", &x)
	time.Sleep(500 * time.Millisecond) // for strays
	ids, n := rec.acceptedProbes()
	if x.Total != 2 || n != 2 || len(ids) != 2 || ids[0] != x.Endpoints[0].ID && ids[0] != x.Endpoints[1].ID || rec.bad > 0 {
		t.Errorf("TEST-RENEWAL-1: %d endpoints, %d notifications %v (%d bad)", x.Total, n, ids, rec.bad)
	}
}
