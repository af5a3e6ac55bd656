package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/report"
	"github.com/affected-dev/affected/internal/server"
)

// receiver is a webhook receiver on loopback that checks signatures and
// records the findings and affected hosts it accepted; it refuses the
// first request (503) to make the server retry.
type receiver struct {
	t      testing.TB
	secret string
	mu     sync.Mutex
	seen   map[int64]int // finding id → accepted notifications
	hosts  map[int64]int // host verdict id → accepted notifications
	probes map[int64]int // endpoint exposure id → accepted notifications
	calls  int
	bad    int
	srv    *httptest.Server
}

func newReceiver(t testing.TB, secret string) *receiver {
	r := &receiver{t: t, secret: secret, seen: map[int64]int{}, hosts: map[int64]int{}, probes: map[int64]int{}}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.calls++
		if r.calls == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		sig := server.Sign(r.secret, req.Header.Get(server.HeaderTimestamp), body)
		if req.Header.Get(server.HeaderSignature) != sig {
			r.bad++
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var p struct {
			Event      string `json:"event"`
			FindingID  int64  `json:"finding_id"`
			Finding    report.Finding
			VerdictID  int64              `json:"verdict_id"`
			Host       string             `json:"host"`
			Verdict    report.HostVerdict `json:"verdict"`
			ExposureID int64              `json:"exposure_id"`
			Target     string             `json:"target"`
			Advisory   string             `json:"advisory"`
		}
		err := json.Unmarshal(body, &p)
		switch {
		case err == nil && p.Event == "finding.new" && p.Finding.Advisory.ID != "":
			r.seen[p.FindingID]++
		case err == nil && p.Event == "host.affected" && p.Host != "" && p.Verdict.Status == "affected":
			r.hosts[p.VerdictID]++
		case err == nil && p.Event == "endpoint.exposed" && p.Target != "" && p.Advisory != "":
			r.probes[p.ExposureID]++
		default:
			r.bad++
			w.WriteHeader(http.StatusBadRequest)
		}
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) accepted() (ids []int64, total int) { return r.count(r.seen) }

// acceptedHosts is accepted for the notifications of affected hosts.
func (r *receiver) acceptedHosts() (ids []int64, total int) { return r.count(r.hosts) }

// acceptedProbes is accepted for the notifications of exposed endpoints.
func (r *receiver) acceptedProbes() (ids []int64, total int) { return r.count(r.probes) }

func (r *receiver) count(m map[int64]int) (ids []int64, total int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for id, n := range m {
		ids = append(ids, id)
		total += n
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids, total
}

// TestImportRematches: an OSV record imported on the server for a
// package already in a stored inventory makes its findings appear without
// any new upload — the findings `affected scan` gives with that record —
// and the webhook receiver gets exactly one signed notification per new
// finding (after one refused attempt, retried).
func TestImportRematches(t *testing.T) {
	e := newEnv(t)
	examples := filepath.Join("..", "..", "examples")
	up := []string{"AFFECTED_TOKEN=" + e.token("upload")}
	e.run(1, up, "scan", examples, "--upload", e.base, "--source", "examples", "--format", "json")
	before := e.findingsOf("examples", "en")
	if len(before) == 0 {
		t.Fatal("no findings from the built-in advisories")
	}

	rec := newReceiver(t, "s3cret")
	var wh struct{ ID int64 }
	body, _ := json.Marshal(map[string]string{"url": rec.srv.URL, "secret": "s3cret"})
	if code := e.do("POST", e.base+"/api/v1/webhooks", e.admin, body, &wh); code != http.StatusCreated {
		t.Fatalf("registering the webhook: %d", code)
	}

	// The record, imported on the server; the same record in a local
	// database for the scan to compare with.
	record := filepath.Join(extracttest.Corpus(t), "advisories-osv", "GHSA-6xh7-4v2w-36q6.json")
	start := time.Now()
	out, _ := e.run(0, []string{"AFFECTED_TOKEN=" + e.admin}, "db", "import", "--server", e.base, record)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var want []report.Finding
	dbDir := t.TempDir()
	e.run(0, nil, "db", "import", "--db", dbDir, record)
	scanOut, _ := e.run(1, nil, "scan", examples, "--format", "json", "--db", dbDir)
	doc, err := report.ReadJSON(bytes.NewReader([]byte(scanOut)))
	if err != nil {
		t.Fatal(err)
	}
	want = doc.Findings
	newCount := 0
	for _, f := range want {
		if f.Advisory.ID == "GHSA-6xh7-4v2w-36q6" {
			newCount++
		}
	}
	if newCount < 10 {
		t.Fatalf("the record gives only %d findings: %s", newCount, out)
	}
	e.settle(ctx, func() bool { _, n := rec.accepted(); return n >= newCount })
	t.Logf("%d new findings re-matched and notified in %v (%s)", newCount, time.Since(start).Round(time.Millisecond), out)
	got := e.findingsOf("examples", "en")
	if d := cmp.Diff(string(normalized(t, want)), string(normalized(t, got))); d != "" {
		t.Errorf("findings after the import (-scan +server)\n%s", d)
	}

	// Exactly one notification per new finding: wait a little for
	// strays, then compare with the new findings' ids.
	time.Sleep(time.Second)
	var adv struct {
		Affected []struct{ ID int64 } `json:"affected"`
		Total    int
	}
	e.get("/api/v1/advisories/GHSA-6xh7-4v2w-36q6?limit=1000", &adv)
	var wantIDs []int64
	for _, a := range adv.Affected {
		wantIDs = append(wantIDs, a.ID)
	}
	sort.Slice(wantIDs, func(i, j int) bool { return wantIDs[i] < wantIDs[j] })
	ids, total := rec.accepted()
	if d := cmp.Diff(wantIDs, ids); d != "" || total != len(wantIDs) || len(wantIDs) != newCount {
		t.Errorf("notifications: %d for %d findings (want %d); ids (-findings +notified)\n%s", total, len(ids), newCount, d)
	}
	if rec.bad > 0 || rec.calls != total+1 {
		t.Errorf("%d badly signed or malformed, %d calls for %d notifications (one refused)", rec.bad, rec.calls, total)
	}

	// The same record again: nothing changes, nothing is sent.
	out, _ = e.run(0, []string{"AFFECTED_TOKEN=" + e.admin}, "db", "import", "--server", e.base, record)
	e.settle(ctx, nil)
	time.Sleep(500 * time.Millisecond)
	if _, n := rec.accepted(); n != total {
		t.Errorf("re-importing the same record sent %d more notifications (%s)", n-total, out)
	}
}
