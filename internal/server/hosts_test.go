package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/report"
)

// hostsOf reads every host of a source through the API, each with all
// its verdicts, keyed by the name the API gives it.
func (e *env) hostsOf(source, lang string) map[string]report.HostEntry {
	e.t.Helper()
	var list struct {
		Hosts []struct{ Name string }
		Total int
	}
	e.getValid("/api/v1/hosts?limit=1000&source="+url.QueryEscape(source), "/api/v1/hosts", &list)
	if list.Total != len(list.Hosts) {
		e.t.Fatalf("%d hosts listed of %d", len(list.Hosts), list.Total)
	}
	out := map[string]report.HostEntry{}
	for _, h := range list.Hosts {
		var d struct {
			Host  report.HostEntry
			Total int
		}
		e.getValid("/api/v1/host?limit=1000&lang="+lang+"&source="+url.QueryEscape(source)+"&name="+url.QueryEscape(h.Name), "/api/v1/host", &d)
		if d.Total != len(d.Host.Verdicts) {
			e.t.Fatalf("host %s: %d verdicts of %d", h.Name, len(d.Host.Verdicts), d.Total)
		}
		out[h.Name] = d.Host
	}
	return out
}

// keyed names the hosts of a report as the server does: a second host of
// one name is "NAME (2)".
func keyed(hosts []report.HostEntry) map[string]report.HostEntry {
	out := map[string]report.HostEntry{}
	seen := map[string]int{}
	for _, h := range hosts {
		seen[h.Name]++
		k := h.Name
		if seen[h.Name] > 1 {
			k += " (" + strconv.Itoa(seen[h.Name]) + ")"
		}
		out[k] = h
	}
	return out
}

// hostReport runs `affected host --format json` on the validation
// samples with a database and returns its document.
func (e *env) hostReport(dbDir, lang string, extra ...string) *report.HostDocument {
	e.t.Helper()
	args := append([]string{"host", "--format", "json", "--db", dbDir, "--lang", lang, validation(e.t)}, extra...)
	out, _ := e.run(2, nil, args...) // 6 of the 61 files are refused (with their reason)
	var doc report.HostDocument
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		e.t.Fatal(err)
	}
	return &doc
}

func validation(t testing.TB) string {
	return filepath.Join(extracttest.Corpus(t), "windows", "wesng", "validation")
}

// sameHosts compares the hosts of a report with the server's.
func sameHosts(t *testing.T, what string, want *report.HostDocument, got map[string]report.HostEntry) {
	t.Helper()
	w := keyed(want.Hosts)
	if len(w) < 30 {
		t.Fatalf("%s: only %d hosts in the report", what, len(w))
	}
	if d := cmp.Diff(w, got); d != "" {
		t.Errorf("%s: hosts (-affected host +server)\n%s", what, d)
	}
}

// TestHostsMatchCLI: wesng's validation samples (61 inventories of 35
// machines: systeminfo in six languages, wmic qfe, UTF-16), uploaded by
// `affected host --upload`, give through the API every host exactly as
// `affected host --format json` shows it — product, updates, counts,
// the updates to install, and every verdict with its evidence. Then Microsoft's bulletin MS16-007 (its Korean and
// Chinese documents) imported on the server re-matches the stored hosts
// of its products without any upload: the hosts equal the command's with
// the bulletin in its database (in Korean this time), and a webhook receiver gets exactly one
// signed notification per newly affected host.
func TestHostsMatchCLI(t *testing.T) {
	e := newEnv(t)
	empty := t.TempDir() // the built-in advisories only, as on the new server
	up := "AFFECTED_TOKEN=" + e.token("upload")
	_, stderr := e.run(2, []string{up}, "host", "--format", "json", "--db", empty, "--upload", e.base, "--source", "validation", validation(t))
	if !strings.Contains(stderr, "uploaded 35 hosts as validation: 2 affected") {
		t.Errorf("the upload said: %s", stderr)
	}
	sameHosts(t, "built-in advisories", e.hostReport(empty, "en"), e.hostsOf("validation", "en"))

	rec := newReceiver(t, "s3cret")
	body, _ := json.Marshal(map[string]string{"url": rec.srv.URL, "secret": "s3cret"})
	if code := e.do("POST", e.base+"/api/v1/webhooks", e.admin, body, nil); code != http.StatusCreated {
		t.Fatalf("registering the webhook: %d", code)
	}
	bulletin := filepath.Join(extracttest.Corpus(t), "msdocs")
	docs := []string{filepath.Join(bulletin, "ko-kr", "security-updates", "SecurityBulletins", "2016", "ms16-007.md"),
		filepath.Join(bulletin, "zh-tw", "security-updates", "SecurityBulletins", "2016", "ms16-007.md")}
	start := time.Now()
	out, _ := e.run(0, []string{"AFFECTED_TOKEN=" + e.admin}, append([]string{"db", "import", "--server", e.base}, docs...)...)
	withBulletin := t.TempDir()
	e.run(0, nil, append([]string{"db", "import", "--db", withBulletin}, docs...)...)
	want := e.hostReport(withBulletin, "ko")
	var affected []string
	for name, h := range keyed(want.Hosts) {
		for _, v := range h.Verdicts {
			if v.Advisory == "MS16-007" && v.Status == "affected" {
				affected = append(affected, name)
			}
		}
	}
	if len(affected) < 3 {
		t.Fatalf("MS16-007 affects only %v", affected)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	e.settle(ctx, func() bool { _, n := rec.acceptedHosts(); return n >= len(affected) })
	t.Logf("MS16-007 re-matched on %d affected hosts and notified in %v (%s)", len(affected), time.Since(start).Round(time.Millisecond), strings.TrimSpace(out))
	sameHosts(t, "with MS16-007 [ko]", want, e.hostsOf("validation", "ko"))

	// The advisory's affected hosts, with the update to install: one
	// notification each, for exactly those verdicts.
	time.Sleep(time.Second) // for strays
	var adv struct {
		Hosts []struct {
			ID      int64
			Host    string
			Verdict report.HostVerdict
		}
		Total int
	}
	e.getValid("/api/v1/advisories/MS16-007/hosts?limit=1000", "/api/v1/advisories/{id}/hosts", &adv)
	var ids []int64
	var names []string
	for _, h := range adv.Hosts {
		ids = append(ids, h.ID)
		names = append(names, h.Host)
		if h.Verdict.Status != "affected" || len(h.Verdict.Rows) == 0 || h.Verdict.Rows[0].Install == "" {
			t.Errorf("%s: %+v", h.Host, h.Verdict)
		}
	}
	sort.Strings(affected)
	sort.Strings(names)
	if d := cmp.Diff(affected, names); d != "" {
		t.Errorf("MS16-007's affected hosts (-affected host +server)\n%s", d)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	got, total := rec.acceptedHosts()
	if d := cmp.Diff(ids, got); d != "" || total != len(ids) {
		t.Errorf("notifications: %d for %d verdicts (want %d); ids (-verdicts +notified)\n%s", total, len(got), len(ids), d)
	}
	if rec.bad > 0 {
		t.Errorf("%d notifications badly signed or malformed", rec.bad)
	}
	var summary struct {
		Hosts int
	}
	e.getValid("/api/v1/advisories/MS16-007", "/api/v1/advisories/{id}", &summary)
	if summary.Hosts != len(affected) {
		t.Errorf("MS16-007 counts %d affected hosts, want %d", summary.Hosts, len(affected))
	}
}
