package main

// The server benchmark (go run ./bench -server): what issue 13 asks of
// `affected server` on a generated estate.
//
//  1. ingest: the inventories of -projects generated projects (mkbig.py's
//     lock tree, scanned in this process into inventory documents of
//     -per-source projects each, gzipped as `scan --upload` sends them),
//     posted by -uploaders clients at once; projects per second, from the
//     first request to the last answer.
//  2. re-match: an OSV record on Microsoft.AspNetCore.Mvc.Core 1.1.0 —
//     the package every tenth generated project has, so 10% of them —
//     imported -runs times under new ids; the time from the import's
//     request until the server reports no re-matching work left, and the
//     findings it made (target: under 2 s).
//  3. reading: the page of MSA-4010983 (/advisories/MSA-4010983) and its
//     API form under -readers concurrent readers for -duration each,
//     with wrk when it is installed (Debian's wrk), else a Go load
//     generator of the same shape; requests per second and the
//     latency percentiles (target: p99 of the page).
//
// The server is the real program, started on a free port against a
// fresh schema of -database (dropped at the end); the load comes from
// this process or wrk on loopback. Figures are for one machine at one
// time: compare them within a run.

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/inventory"
	"github.com/affected-dev/affected/internal/scan"
)

// serverOptions are the flags of the server benchmark.
type serverOptions struct {
	database  string
	projects  int
	perSource int
	uploaders int
	readers   int
	duration  time.Duration
	keep      bool
}

func runServerBench(o options, so serverOptions, affected, rev string) error {
	if so.projects <= 0 || so.perSource <= 0 || so.uploaders <= 0 || so.readers <= 0 {
		return errors.New("-projects, -per-source, -uploaders and -readers must be positive")
	}
	dir, err := generate(o, "lock", so.projects)
	if err != nil {
		return err
	}
	status(fmt.Sprintf("scanning %d projects into inventories of %d projects each", so.projects, so.perSource))
	bodies, graphs, raw, err := inventories(dir, so.perSource)
	if err != nil {
		return err
	}
	dbURL, drop, err := freshSchema(so.database)
	if err != nil {
		return err
	}
	if !so.keep {
		defer drop()
	} else {
		status("keeping the schema: " + dbURL)
	}
	srv, err := startServer(affected, dbURL)
	if err != nil {
		return err
	}
	defer srv.stop()

	status(fmt.Sprintf("ingest: %d sources by %d uploaders", len(bodies), so.uploaders))
	ing, err := ingest(srv, bodies, so.uploaders)
	if err != nil {
		return err
	}
	if err := srv.settle(10 * time.Minute); err != nil {
		return err
	}

	var rematches []rematch
	for i := range o.runs {
		status(fmt.Sprintf("re-match %d/%d", i+1, o.runs))
		r, err := importAndSettle(srv, fmt.Sprintf("GHSA-bench-rematch-%d", i))
		if err != nil {
			return err
		}
		rematches = append(rematches, r)
	}

	var loads []load
	for _, target := range []string{"/advisories/MSA-4010983", "/api/v1/advisories/MSA-4010983"} {
		status(fmt.Sprintf("reading %s: %d readers for %v", target, so.readers, so.duration))
		l, err := readLoad(srv, target, so.readers, so.duration)
		if err != nil {
			return err
		}
		loads = append(loads, l)
	}
	var cnt struct {
		Advisories []struct {
			ID                 string
			Projects, Findings int
		}
	}
	if err := srv.getJSON("/api/v1/advisories?affected=true&limit=5", &cnt); err != nil {
		return err
	}
	fmt.Printf("affected %s · %s/%s · %d cores (GOMAXPROCS %d) · %s · %s\n", rev, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(),
		runtime.GOMAXPROCS(0), runtime.Version(), time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Printf("server and PostgreSQL %s on this machine; load on loopback\n\n", serverVersion(dbURL))
	fmt.Println("| step | figure |")
	fmt.Println("| --- | --- |")
	fmt.Printf("| ingest | %d projects (%d graphs, %.0f MB of inventory JSON, %.0f MB gzipped) in %d sources by %d uploaders: %.1f s, **%.0f projects/s** (%d findings) |\n",
		so.projects, graphs, float64(raw)/1e6, float64(ing.sent)/1e6, len(bodies), so.uploaders, ing.wall.Seconds(), float64(so.projects)/ing.wall.Seconds(), ing.findings)
	var walls []time.Duration
	for _, r := range rematches {
		walls = append(walls, r.wall)
	}
	slices.Sort(walls)
	r0 := rematches[0]
	fmt.Printf("| re-match | an advisory touching %d of %d projects (10%%): %d new findings; median **%.2f s** (min %.2f, max %.2f, %d runs; target < 2 s) |\n",
		r0.projects, so.projects, r0.findings, walls[len(walls)/2].Seconds(), walls[0].Seconds(), walls[len(walls)-1].Seconds(), len(walls))
	for _, l := range loads {
		fmt.Printf("| %s | %d readers, %v, %s: %.0f req/s; p50 %.1f ms, p90 %.1f ms, **p99 %.1f ms**; %d errors |\n",
			l.target, so.readers, so.duration, l.tool, l.rps, ms(l.p50), ms(l.p90), ms(l.p99), l.errors)
	}
	fmt.Println()
	for _, a := range cnt.Advisories {
		fmt.Printf("%s: %d projects, %d findings\n", a.ID, a.Projects, a.Findings)
	}
	return nil
}

// inventories scans the tree's projects in batches of per and returns
// each batch's inventory, encoded and gzipped, with the number of graphs
// and of uncompressed bytes.
func inventories(dir string, per int) (bodies [][]byte, graphs int, raw int64, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, 0, 0, err
	}
	var projects []string
	for _, e := range entries {
		if e.IsDir() {
			projects = append(projects, filepath.Join(dir, e.Name()))
		}
	}
	for i := 0; i < len(projects); i += per {
		batch := projects[i:min(i+per, len(projects))]
		_, _, inv := scan.ScanInventoryPaths(context.Background(), batch, noAdvisories{}, scan.Options{Base: dir}, scan.ScanOptions{})
		if len(inv.Errors) > 0 {
			return nil, 0, 0, fmt.Errorf("scanning %s: %s", batch[0], inv.Errors[0].Message)
		}
		inv.Source = fmt.Sprintf("bench-%05d", i/per)
		inv.Tool = "affected bench"
		data, err := inventory.Encode(inv)
		if err != nil {
			return nil, 0, 0, err
		}
		for _, p := range inv.Projects {
			graphs += len(p.Targets)
		}
		raw += int64(len(data))
		var zb bytes.Buffer
		zw := gzip.NewWriter(&zb)
		zw.Write(data)
		zw.Close()
		bodies = append(bodies, zb.Bytes())
	}
	return bodies, graphs, raw, nil
}

// noAdvisories matches nothing: the inventory alone is wanted.
type noAdvisories struct{}

func (noAdvisories) ForPackage(string) []*advisory.Advisory { return nil }

// freshSchema makes a schema of its own in the database and returns the
// URL that uses it, and the function that drops it.
func freshSchema(base string) (string, func(), error) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return "", nil, fmt.Errorf("connecting to %s (give -database): %w", base, err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "affected_bench_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		return "", nil, err
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	drop := func() {
		c, err := pgx.Connect(ctx, base)
		if err != nil {
			status("dropping " + schema + ": " + err.Error())
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			status("dropping " + schema + ": " + err.Error())
		}
	}
	return u.String(), drop, nil
}

func serverVersion(dbURL string) string {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return "PostgreSQL"
	}
	defer conn.Close(ctx)
	var v string
	if conn.QueryRow(ctx, "SHOW server_version").Scan(&v) != nil {
		return "PostgreSQL"
	}
	return "PostgreSQL " + strings.Fields(v)[0]
}

// benchServer is a running `affected server` with its tokens.
type benchServer struct {
	base          string
	admin, upload string
	read          string
	cmd           *exec.Cmd
	client        *http.Client
}

func startServer(affected, dbURL string) (*benchServer, error) {
	s := &benchServer{client: &http.Client{Timeout: 10 * time.Minute}}
	for _, t := range []struct {
		scope string
		dst   *string
	}{{"admin", &s.admin}, {"upload", &s.upload}, {"read", &s.read}} {
		out, err := exec.Command(affected, "server", "token", "create", "--scope", t.scope, "--database", dbURL).Output()
		if err != nil {
			return nil, fmt.Errorf("token create: %w", err)
		}
		*t.dst = strings.TrimSpace(string(out))
	}
	addrFile := filepath.Join(os.TempDir(), fmt.Sprintf("affected-bench-addr-%d", os.Getpid()))
	os.Remove(addrFile)
	s.cmd = exec.Command(affected, "server", "--database", dbURL, "--listen", "127.0.0.1:0", "--addr-file", addrFile,
		"--max-upload", "1024", "--poll", "500ms")
	s.cmd.Stdout = io.Discard
	s.cmd.Stderr = io.Discard // one line per request: a cost of its own, not measured here
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if b, err := os.ReadFile(addrFile); err == nil && len(bytes.TrimSpace(b)) > 0 {
			s.base = "http://" + strings.TrimSpace(string(b))
			os.Remove(addrFile)
			// The built-in advisories are stored by then.
			return s, s.settle(time.Minute)
		}
	}
	s.stop()
	return nil, errors.New("the server did not start")
}

// stop interrupts the server and waits for it, by its process id.
func (s *benchServer) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

func (s *benchServer) request(method, path, token string, body []byte, gz bool) (*http.Response, error) {
	req, err := http.NewRequest(method, s.base+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	if gz {
		req.Header.Set("Content-Encoding", "gzip")
	}
	return s.client.Do(req)
}

func (s *benchServer) getJSON(path string, out any) error {
	resp, err := s.request("GET", path, s.read, nil, false)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// settle waits until the server has no re-matching work left.
func (s *benchServer) settle(limit time.Duration) error {
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var st struct{ Pending int }
		if err := s.getJSON("/api/v1/status", &st); err == nil && st.Pending == 0 {
			return nil
		}
	}
	return fmt.Errorf("work still pending after %v", limit)
}

type ingestResult struct {
	wall     time.Duration
	sent     int64
	findings int
}

func ingest(s *benchServer, bodies [][]byte, uploaders int) (ingestResult, error) {
	var res ingestResult
	var next, findings atomic.Int64
	var firstErr error
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	for range uploaders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(bodies) {
					return
				}
				resp, err := s.request("POST", "/api/v1/inventories", s.upload, bodies[i], true)
				if err == nil {
					var out struct {
						Findings struct{ New int }
					}
					if resp.StatusCode >= 300 {
						b, _ := io.ReadAll(resp.Body)
						err = fmt.Errorf("upload %d: %d %s", i, resp.StatusCode, b)
					} else {
						err = json.NewDecoder(resp.Body).Decode(&out)
						findings.Add(int64(out.Findings.New))
					}
					resp.Body.Close()
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	res.wall = time.Since(start)
	for _, b := range bodies {
		res.sent += int64(len(b))
	}
	res.findings = int(findings.Load())
	return res, firstErr
}

type rematch struct {
	wall               time.Duration
	projects, findings int
}

// importAndSettle imports an OSV record on Microsoft.AspNetCore.Mvc.Core
// 1.1.0 under id and waits for the re-matching to end.
func importAndSettle(s *benchServer, id string) (rematch, error) {
	rec := map[string]any{
		"schema_version": "1.6.0", "id": id, "modified": "2026-12-01T00:00:00Z", "published": "2026-12-01T00:00:00Z",
		"summary": "A generated advisory for the server benchmark",
		"affected": []any{map[string]any{
			"package": map[string]any{"ecosystem": "NuGet", "name": "Microsoft.AspNetCore.Mvc.Core"},
			"ranges": []any{map[string]any{"type": "ECOSYSTEM", "events": []any{
				map[string]any{"introduced": "1.1.0"}, map[string]any{"fixed": "1.1.1"},
			}}},
		}},
	}
	body, _ := json.Marshal(rec)
	start := time.Now()
	resp, err := s.request("POST", "/api/v1/advisories", s.admin, body, false)
	if err != nil {
		return rematch{}, err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return rematch{}, fmt.Errorf("import: %d %s", resp.StatusCode, b)
	}
	if err := s.settle(5 * time.Minute); err != nil {
		return rematch{}, err
	}
	r := rematch{wall: time.Since(start)}
	var d struct{ Total int }
	if err := s.getJSON("/api/v1/advisories/"+id+"?limit=1", &d); err != nil {
		return r, err
	}
	r.findings = d.Total
	var list struct {
		Advisories []struct {
			ID       string
			Projects int
		}
	}
	if err := s.getJSON("/api/v1/advisories?affected=true&limit=1000", &list); err != nil {
		return r, err
	}
	for _, a := range list.Advisories {
		if a.ID == id {
			r.projects = a.Projects
		}
	}
	return r, nil
}

type load struct {
	target, tool  string
	rps           float64
	p50, p90, p99 time.Duration
	errors        int
}

// readLoad reads target with n concurrent readers for d: with wrk when
// installed, else from this process.
func readLoad(s *benchServer, target string, n int, d time.Duration) (load, error) {
	// Warm up: the token cache and PostgreSQL's.
	for range 20 {
		if resp, err := s.request("GET", target, s.read, nil, false); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	if wrk, err := exec.LookPath("wrk"); err == nil {
		return wrkLoad(wrk, s, target, n, d)
	}
	return goLoad(s, target, n, d)
}

func wrkLoad(wrk string, s *benchServer, target string, n int, d time.Duration) (load, error) {
	l := load{target: target, tool: "wrk -t2"}
	out, err := exec.Command(wrk, "-t2", "-c"+strconv.Itoa(n), "-d"+strconv.Itoa(int(d.Seconds()))+"s", "--latency", "--timeout", "60s",
		"-H", "Authorization: Bearer "+s.read, s.base+target).CombinedOutput()
	if err != nil {
		return l, fmt.Errorf("wrk: %v: %s", err, out)
	}
	// "     99%   12.34ms", "Requests/sec:   1234.56", "Non-2xx or 3xx responses: 3"
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && f[0] == "50%":
			l.p50 = wrkDuration(f[1])
		case len(f) == 2 && f[0] == "90%":
			l.p90 = wrkDuration(f[1])
		case len(f) == 2 && f[0] == "99%":
			l.p99 = wrkDuration(f[1])
		case len(f) == 2 && f[0] == "Requests/sec:":
			l.rps, _ = strconv.ParseFloat(f[1], 64)
		case len(f) == 5 && f[0] == "Non-2xx":
			l.errors, _ = strconv.Atoi(f[4])
		}
	}
	if l.p99 == 0 {
		return l, fmt.Errorf("wrk printed no latency distribution:\n%s", out)
	}
	return l, nil
}

// wrkDuration reads wrk's "12.34ms", "1.02s", "850.00us".
func wrkDuration(s string) time.Duration {
	for _, u := range []struct {
		suffix string
		unit   time.Duration
	}{{"us", time.Microsecond}, {"ms", time.Millisecond}, {"m", time.Minute}, {"s", time.Second}} {
		if v, ok := strings.CutSuffix(s, u.suffix); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return time.Duration(f * float64(u.unit))
		}
	}
	return 0
}

func goLoad(s *benchServer, target string, n int, d time.Duration) (load, error) {
	l := load{target: target, tool: "Go client"}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	tr := &http.Transport{MaxIdleConnsPerHost: n, MaxConnsPerHost: n}
	client := &http.Client{Transport: tr}
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			errs := 0
			for ctx.Err() == nil {
				req, _ := http.NewRequestWithContext(ctx, "GET", s.base+target, nil)
				req.Header.Set("Authorization", "Bearer "+s.read)
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						errs++
					}
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					errs++
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			l.errors += errs
			mu.Unlock()
		}()
	}
	wg.Wait()
	if len(lat) == 0 {
		return l, errors.New("no request answered")
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	l.p50, l.p90, l.p99 = pct(0.50), pct(0.90), pct(0.99)
	l.rps = float64(len(lat)) / d.Seconds()
	return l, nil
}
