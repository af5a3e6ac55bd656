package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/advisory/db"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/inventory"
	"github.com/affected-dev/affected/internal/report"
	"github.com/affected-dev/affected/internal/scan"
)

// TestConcurrency: two server processes on one database take 50
// concurrent uploads (50 sources, on both servers) while an advisory
// import runs on one of them; afterwards every source has exactly the
// findings a scan with all the advisories gives — none doubled, none
// lost — and no request failed (a deadlock would have failed one).
func TestConcurrency(t *testing.T) {
	e := newEnv(t)
	bases := []string{e.base, e.start()}
	upload := e.token("upload")
	examples := filepath.Join("..", "..", "examples")
	osvDir := filepath.Join(extracttest.Corpus(t), "advisories-osv")

	wd, _ := os.Getwd() // paths relative to it, as the command line shows them
	_, _, inv := scan.ScanInventoryPaths(context.Background(), []string{examples}, nil2{}, scan.Options{Base: wd}, scan.ScanOptions{})
	recs, errs := db.Read([]string{osvDir})
	if len(errs) > 0 || len(recs) != 30 {
		t.Fatalf("%d records, errors %v", len(recs), errs)
	}
	importBody, _ := json.Marshal(map[string][]*advisory.Advisory{"advisories": recs})

	// What a scan with every advisory finds in the examples.
	dbDir := t.TempDir()
	e.run(0, nil, "db", "import", "--db", dbDir, osvDir)
	out, _ := e.run(1, nil, "scan", examples, "--format", "json", "--db", dbDir)
	doc, err := report.ReadJSON(bytes.NewReader([]byte(out)))
	if err != nil {
		t.Fatal(err)
	}
	want := normalized(t, doc.Findings)

	const uploads = 50
	var wg sync.WaitGroup
	failures := make(chan string, uploads+1)
	client := &http.Client{Timeout: 2 * time.Minute}
	post := func(url, token string, body []byte) {
		req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			failures <- err.Error()
			return
		}
		resp.Body.Close()
		if resp.StatusCode >= 300 {
			failures <- fmt.Sprintf("%s: %d", url, resp.StatusCode)
		}
	}
	start := time.Now()
	for i := range uploads {
		doc := *inv
		doc.Source = fmt.Sprintf("repo-%02d", i)
		body, err := inventory.Encode(&doc)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			post(bases[i%2]+"/api/v1/inventories", upload, body)
		}()
		if i == uploads/3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				post(bases[1]+"/api/v1/advisories", e.admin, importBody)
			}()
		}
	}
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Errorf("request failed: %s", f)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	e.settle(ctx, nil)
	t.Logf("%d uploads and an import of %d records on 2 servers settled in %v", uploads, len(recs), time.Since(start).Round(time.Millisecond))

	var srcs struct {
		Sources []struct {
			Name     string
			Findings int
		}
		Total int
	}
	e.get("/api/v1/sources?limit=1000", &srcs)
	if srcs.Total != uploads {
		t.Errorf("%d sources, want %d", srcs.Total, uploads)
	}
	total := 0
	for _, s := range srcs.Sources {
		total += s.Findings
		got := normalized(t, e.findingsOf(s.Name, "en"))
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %d findings differ from the scan's %d", s.Name, s.Findings, len(doc.Findings))
		}
	}
	if total != uploads*len(doc.Findings) {
		t.Errorf("%d findings in all, want %d × %d", total, uploads, len(doc.Findings))
	}
	t.Logf("%d findings in all (%d × %d), none doubled or lost", total, uploads, len(doc.Findings))
}

// nil2 is an advisory source with nothing: the inventory alone is needed.
type nil2 struct{}

func (nil2) ForPackage(string) []*advisory.Advisory { return nil }
