package server_test

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/affected-dev/affected/internal/extract/extracttest"
)

// archiveServer serves an OSV archive on loopback, as osv.dev serves
// NuGet/all.zip, and counts the downloads.
type archiveServer struct {
	mu        sync.Mutex
	zip       []byte
	downloads atomic.Int64
	srv       *httptest.Server
}

func newArchiveServer(t *testing.T, zip []byte) *archiveServer {
	a := &archiveServer{zip: zip}
	a.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.downloads.Add(1)
		a.mu.Lock()
		data := a.zip
		a.mu.Unlock()
		w.Header().Set("Content-Type", "application/zip")
		w.Write(data)
	}))
	t.Cleanup(a.srv.Close)
	return a
}

func (a *archiveServer) set(zip []byte) {
	a.mu.Lock()
	a.zip = zip
	a.mu.Unlock()
}

func (a *archiveServer) url() string { return a.srv.URL + "/NuGet/all.zip" }

// osvZip makes an archive of the corpus's OSV records and extra ones.
func osvZip(t *testing.T, extra map[string]string) []byte {
	dir := filepath.Join(extracttest.Corpus(t), "advisories-osv")
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no OSV records in %s: %v", dir, err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	add := func(name string, data []byte) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		add(filepath.Base(f), data)
	}
	for name, data := range extra {
		add(name, []byte(data))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// mvcRecord is an OSV record on the seed package, 1.1.0.
func mvcRecord(id string) string {
	return `{"schema_version": "1.6.0", "id": "` + id + `", "modified": "2026-12-01T00:00:00Z",
		"summary": "A record of the update test",
		"affected": [{"package": {"ecosystem": "NuGet", "name": "Microsoft.AspNetCore.Mvc.Core"},
			"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "1.1.0"}, {"fixed": "1.1.1"}]}]}]}`
}

type statusBody struct {
	Pending    int
	LastUpdate *struct {
		Source string
		Result struct {
			Read                       int
			Added, Replaced, Unchanged []string
			Rematch                    []string
			Error                      string
		}
	} `json:"last_update"`
}

// TestUpdateFromSource: `affected db update --server` has the server
// read its source (an OSV archive on loopback standing for osv.dev):
// the records are stored and what they touch is re-matched (the stored
// examples get the findings of GHSA-6xh7-4v2w-36q6 without an upload);
// the same archive again changes nothing; a refused archive is a 502
// that says why and keeps what was stored; an upload token may not ask.
// Then two servers with --update-every 1s share the schedule: a record
// added to the archive appears on its own, and the archive is fetched
// about once a second, not twice.
func TestUpdateFromSource(t *testing.T) {
	e := newEnv(t)
	arch := newArchiveServer(t, osvZip(t, nil))
	base := e.start("--update-source", arch.url())
	examples := filepath.Join("..", "..", "examples")
	upload := e.token("upload")
	e.run(1, []string{"AFFECTED_TOKEN=" + upload}, "scan", examples, "--upload", base, "--source", "examples", "--format", "json")
	admin := []string{"AFFECTED_TOKEN=" + e.admin}

	out, _ := e.run(0, admin, "db", "update", "--server", base)
	if !strings.Contains(out, "the server read 30 advisories from "+arch.url()+": 30 added, 0 replaced, 0 unchanged") {
		t.Errorf("db update --server: %q", out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	e.settle(ctx, nil)
	var d struct{ Total int }
	e.getFrom(base, "/api/v1/advisories/GHSA-6xh7-4v2w-36q6", &d)
	if d.Total < 10 {
		t.Errorf("GHSA-6xh7-4v2w-36q6 after the update: %d findings in the stored examples", d.Total)
	}
	var st statusBody
	e.getFrom(base, "/api/v1/status", &st)
	if st.LastUpdate == nil || st.LastUpdate.Source != arch.url() || len(st.LastUpdate.Result.Added) != 30 {
		t.Errorf("status after the update: %+v", st.LastUpdate)
	}

	out, _ = e.run(0, admin, "db", "update", "--server", base, "--lang", "ko")
	if !strings.Contains(out, "추가 0, 교체 0, 변경 없음 30; 패키지 0개와 제품 0개 다시 대조") {
		t.Errorf("the same archive again: %q", out)
	}

	// A refused archive: 502, the reason, nothing changed.
	arch.set([]byte("not a zip"))
	_, stderr := e.run(2, admin, "db", "update", "--server", base)
	if !strings.Contains(stderr, "502") || !strings.Contains(stderr, arch.url()) {
		t.Errorf("refused archive: %q", stderr)
	}
	e.getFrom(base, "/api/v1/status", &st)
	if st.LastUpdate == nil || st.LastUpdate.Result.Error == "" {
		t.Errorf("the failed update is not recorded: %+v", st.LastUpdate)
	}
	e.getFrom(base, "/api/v1/advisories/GHSA-6xh7-4v2w-36q6", &d)
	if d.Total < 10 {
		t.Errorf("a refused archive removed findings: %d left", d.Total)
	}
	if code := e.do("POST", base+"/api/v1/advisories/update", upload, nil, nil); code != http.StatusForbidden {
		t.Errorf("update with an upload token: %d", code)
	}

	// The schedule, shared by two processes.
	arch.set(osvZip(t, map[string]string{"GHSA-sched-0001.json": mvcRecord("GHSA-sched-0001")}))
	arch.downloads.Store(0)
	start := time.Now()
	sched := []string{e.start("--update-source", arch.url(), "--update-every", "1s"), e.start("--update-source", arch.url(), "--update-every", "1s")}
	for {
		var a struct{ Total int }
		code := e.do("GET", sched[0]+"/api/v1/advisories/GHSA-sched-0001", e.admin, nil, &a)
		if code == http.StatusOK && a.Total == 5 {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("the scheduled update did not bring GHSA-sched-0001 (%d, %d findings)", code, a.Total)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("a record added to the archive was stored and matched by the schedule in %v", time.Since(start).Round(time.Millisecond))
	time.Sleep(3 * time.Second)
	elapsed := time.Since(start).Seconds()
	if n := arch.downloads.Load(); float64(n) > elapsed+2 {
		t.Errorf("%d downloads in %.1f s by two processes updating every second: the schedule is not shared", n, elapsed)
	} else {
		t.Logf("%d downloads in %.1f s by two processes updating every second", n, elapsed)
	}
}
