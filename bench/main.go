// Command bench measures `affected scan` against the cost of merely
// validating its input, on generated .NET trees of growing size, and
// `affected why` on a graph with 2^40 paths. Run it from the module root:
//
//	go run ./bench                 # 1×, 2×, 4× trees, 5 runs each
//	go run ./bench -runs 9 -scales 1,4
//	go run ./bench -server         # affected server: ingest, re-match, page p99
//
// It generates the trees once with ../shared/bench/mkbig.py into a cache
// directory outside the repository (default: the user cache directory,
// affected-bench; -cache to change it), builds affected from the working
// tree and the floor program (../shared/bench/jsonfloor: json.Valid over
// every *.json file, on all cores), and then, for each tree, runs the scan
// (`affected scan --format json`, output to /dev/null) and the floor
// alternately, -runs times each, so that both see the same machine; then
// `affected why Microsoft.AspNetCore.Mvc.Core --format json` on the
// smallest lock tree the same way. It prints the median wall time, the
// throughput (MB/s of JSON input), the median CPU time (user + system,
// which a loaded machine disturbs less than the wall time), the median
// peak RSS (wait4's ru_maxrss), the ratios to the floor and the growth of
// the time from the smallest to the largest tree, as a Markdown table
// that can be pasted into a note.
//
// The figures are only comparable within one run: machines (and these
// shared ones especially) are noisy, so the ratios matter, not the seconds.
// Nothing here is a test: no threshold is checked, the targets are printed
// next to the figures.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench: error:", err)
		os.Exit(2)
	}
}

type options struct {
	cache     string
	shared    string
	runs      int
	scales    []int
	base      int
	trees     []string
	db        string
	dbRecords int
}

func run() error {
	var o options
	defCache := ""
	if d, err := os.UserCacheDir(); err == nil {
		defCache = filepath.Join(d, "affected-bench")
	}
	scales := flag.String("scales", "1,2,4", "tree sizes, as multiples of -base projects")
	trees := flag.String("trees", "assets,lock", "trees to scan: assets (obj/project.assets.json), lock (packages.lock.json)")
	flag.StringVar(&o.cache, "cache", defCache, "directory for the generated trees and the binaries")
	flag.StringVar(&o.shared, "shared", "../shared/bench", "directory of mkbig.py and jsonfloor/")
	flag.IntVar(&o.runs, "runs", 5, "runs of each program on each tree (the median is shown)")
	flag.IntVar(&o.base, "base", 200, "projects in the 1× tree")
	flag.StringVar(&o.db, "db", "", "advisory database for the scans (default: an empty one, so only the built-in advisories)")
	flag.IntVar(&o.dbRecords, "db-records", 5000, "also scan the 1× trees with a generated database of this many records (0: not)")
	var so serverOptions
	serverMode := flag.Bool("server", false, "benchmark affected server instead (bench/server.go): ingest, re-match, page latency")
	flag.StringVar(&so.database, "database", "postgres://127.0.0.1:5432/test?sslmode=disable", "-server: the PostgreSQL database (a schema is made in it and dropped)")
	flag.IntVar(&so.projects, "projects", 10000, "-server: generated projects to ingest")
	flag.IntVar(&so.perSource, "per-source", 100, "-server: projects per uploaded inventory")
	flag.IntVar(&so.uploaders, "uploaders", 2, "-server: concurrent uploads")
	flag.IntVar(&so.readers, "readers", 50, "-server: concurrent readers of the advisory page")
	flag.DurationVar(&so.duration, "duration", 10*time.Second, "-server: how long the readers read")
	flag.BoolVar(&so.keep, "keep", false, "-server: keep the schema")
	flag.Parse()
	if o.cache == "" {
		return errors.New("no cache directory: give -cache")
	}
	for _, s := range strings.Split(*scales, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return fmt.Errorf("-scales: %q is not a positive number", s)
		}
		o.scales = append(o.scales, n)
	}
	o.trees = strings.Split(*trees, ",")
	for _, t := range o.trees {
		if t != "assets" && t != "lock" {
			return fmt.Errorf("-trees: unknown tree %q", t)
		}
	}
	if o.runs < 1 {
		return errors.New("-runs must be at least 1")
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if !filepath.IsAbs(o.shared) {
		o.shared = filepath.Join(root, o.shared)
	}
	if _, err := os.Stat(filepath.Join(o.shared, "mkbig.py")); err != nil {
		return fmt.Errorf("%s: no mkbig.py (give -shared DIR)", o.shared)
	}
	if err := os.MkdirAll(filepath.Join(o.cache, "bin"), 0o755); err != nil {
		return err
	}
	if o.db == "" {
		o.db = filepath.Join(o.cache, "empty-db")
		if err := os.MkdirAll(o.db, 0o755); err != nil {
			return err
		}
	}

	status("building affected and the floor program")
	affected := filepath.Join(o.cache, "bin", "affected")
	if err := command(root, "go", "build", "-o", affected, "./cmd/affected"); err != nil {
		return err
	}
	if *serverMode {
		return runServerBench(o, so, affected, revision(root))
	}
	floor := filepath.Join(o.cache, "bin", "jsonfloor")
	if err := command(filepath.Join(o.shared, "jsonfloor"), "go", "build", "-o", floor, "."); err != nil {
		return err
	}
	rev := revision(root)

	var rows, dbRows []row
	for _, tree := range o.trees {
		for _, s := range o.scales {
			n := s * o.base
			dir, err := generate(o, tree, n)
			if err != nil {
				return err
			}
			status(fmt.Sprintf("measuring %s %d× (%d projects)", tree, s, n))
			r, err := measureTree(o, affected, floor, dir)
			if err != nil {
				return err
			}
			r.tree, r.scale, r.projects = tree, s, n
			rows = append(rows, r)
		}
	}
	if o.dbRecords > 0 {
		db, err := generateDB(o, affected)
		if err != nil {
			return err
		}
		withDB := o
		withDB.db = db
		for _, tree := range o.trees {
			n := o.scales[0] * o.base
			dir, err := generate(o, tree, n)
			if err != nil {
				return err
			}
			status(fmt.Sprintf("measuring %s %d× with a database of %d records", tree, o.scales[0], o.dbRecords))
			r, err := measureTree(withDB, affected, floor, dir)
			if err != nil {
				return err
			}
			r.tree, r.scale, r.projects, r.note = tree, o.scales[0], n, fmt.Sprintf(" + db of %d records", o.dbRecords)
			dbRows = append(dbRows, r)
		}
	}
	if slices.Contains(o.trees, "lock") {
		n := o.scales[0] * o.base
		dir, err := generate(o, "lock", n)
		if err != nil {
			return err
		}
		status(fmt.Sprintf("measuring why %s on lock %d×", whyPackage, o.scales[0]))
		r, err := measureAgainstFloor(o, affected, floor, dir, "why", whyPackage, dir, "--format", "json")
		if err != nil {
			return err
		}
		r.tree, r.scale, r.projects, r.note = "lock", o.scales[0], n, " why "+whyPackage
		dbRows = append(dbRows, r)
	}
	status("measuring why on a ladder of 40 diamonds")
	ladder := filepath.Join(o.cache, "ladder-40")
	if err := writeLadder(ladder, 40); err != nil {
		return err
	}
	w, err := measureWhy(o, affected, ladder)
	if err != nil {
		return err
	}
	report(os.Stdout, o, rev, append(rows, dbRows...), w)
	return nil
}

// whyPackage is what `affected why` is asked on the lock tree: the
// package of MSA-4010983, which every tenth generated project has.
const whyPackage = "Microsoft.AspNetCore.Mvc.Core"

// row is the measurement of one tree.
type row struct {
	tree            string
	note            string // what else the scans had
	scale, projects int
	files           int
	bytes           int64
	scan, floor     sample
	exit            int
}

// sample is a program's median wall time, CPU time (user and system) and
// peak RSS over the runs, and the spread of the wall times.
type sample struct {
	wall, min, max time.Duration
	cpu            time.Duration
	rss            int64 // bytes
}

func measureTree(o options, affected, floor, dir string) (row, error) {
	return measureAgainstFloor(o, affected, floor, dir, "scan", dir, "--format", "json")
}

// measureAgainstFloor runs affected with args and the floor on dir
// alternately.
func measureAgainstFloor(o options, affected, floor, dir string, args ...string) (row, error) {
	var r row
	var scanT, floorT, scanC, floorC []time.Duration
	var scanM, floorM []int64
	for i := range o.runs {
		// Alternate which program goes first, so that neither always
		// meets a cold or a warm cache.
		order := []bool{true, false}
		if i%2 == 1 {
			order = []bool{false, true}
		}
		for _, isScan := range order {
			if isScan {
				res, err := measure(nil, []string{"AFFECTED_DB=" + o.db}, affected, args...)
				if err != nil {
					return r, err
				}
				if res.exit > 1 {
					return r, fmt.Errorf("affected %s: exit %d: %s", strings.Join(args, " "), res.exit, res.stderr)
				}
				r.exit = res.exit
				scanT, scanM, scanC = append(scanT, res.wall), append(scanM, res.rss), append(scanC, res.cpu)
			} else {
				var out bytes.Buffer
				res, err := measure(&out, nil, floor, dir)
				if err != nil {
					return r, err
				}
				if res.exit != 0 {
					return r, fmt.Errorf("jsonfloor %s: exit %d: %s", dir, res.exit, res.stderr)
				}
				// "N files B bytes 0 bad"
				f := strings.Fields(out.String())
				if len(f) >= 4 {
					r.files, _ = strconv.Atoi(f[0])
					r.bytes, _ = strconv.ParseInt(f[2], 10, 64)
				}
				floorT, floorM, floorC = append(floorT, res.wall), append(floorM, res.rss), append(floorC, res.cpu)
			}
		}
	}
	r.scan = summarize(scanT, scanM, scanC)
	r.floor = summarize(floorT, floorM, floorC)
	return r, nil
}

func summarize(ts []time.Duration, ms []int64, cs []time.Duration) sample {
	slices.Sort(ts)
	slices.Sort(ms)
	slices.Sort(cs)
	return sample{wall: ts[len(ts)/2], min: ts[0], max: ts[len(ts)-1], rss: ms[len(ms)/2], cpu: cs[len(cs)/2]}
}

// result is one run of a program.
type result struct {
	wall   time.Duration
	cpu    time.Duration // user and system
	rss    int64
	exit   int
	stderr string
}

// measure runs a program with stdout to out (or /dev/null) and returns its
// wall time and peak RSS.
func measure(out *bytes.Buffer, env []string, prog string, args ...string) (result, error) {
	cmd := exec.Command(prog, args...)
	cmd.Env = append(os.Environ(), env...)
	if out != nil {
		cmd.Stdout = out
	} else {
		null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			return result{}, err
		}
		defer null.Close()
		cmd.Stdout = null
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return result{}, err
	}
	res := result{wall: wall, exit: cmd.ProcessState.ExitCode(), stderr: strings.TrimSpace(stderr.String())}
	res.rss = maxRSS(cmd.ProcessState)
	res.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return res, nil
}

// whyResult is the measurement of `affected why` on the ladder.
type whyResult struct {
	text, json sample
	pathCount  string
	nodes      int
}

func measureWhy(o options, affected, dir string) (whyResult, error) {
	var w whyResult
	w.nodes = ladderNodes(40)
	for _, format := range []string{"text", "json"} {
		var ts, cs []time.Duration
		var ms []int64
		for range o.runs {
			var out bytes.Buffer
			res, err := measure(&out, nil, affected, "why", ladderTarget, dir, "--format", format)
			if err != nil {
				return w, err
			}
			if res.exit != 0 {
				return w, fmt.Errorf("affected why: exit %d: %s", res.exit, res.stderr)
			}
			ts, ms, cs = append(ts, res.wall), append(ms, res.rss), append(cs, res.cpu)
			if format == "json" {
				w.pathCount = jsonField(out.String(), "path_count")
			}
		}
		if format == "text" {
			w.text = summarize(ts, ms, cs)
		} else {
			w.json = summarize(ts, ms, cs)
		}
	}
	return w, nil
}

// jsonField finds `"name": value` in indented JSON output.
func jsonField(s, name string) string {
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if v, ok := strings.CutPrefix(line, `"`+name+`": `); ok {
			return strings.TrimSuffix(v, ",")
		}
	}
	return "?"
}

func report(w *os.File, o options, rev string, rows []row, why whyResult) {
	fmt.Fprintf(w, "affected %s · %s/%s · %d cores (GOMAXPROCS %d) · %s · %s\n",
		rev, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(w, "median of %d runs each, scan and floor interleaved; floor = json.Valid of every *.json file on all cores\n\n", o.runs)
	fmt.Fprintln(w, "CPU s is user + system time (median): steadier than wall time on a loaded machine")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| tree | projects | files | MB | scan s (min–max) | scan MB/s | scan CPU s | scan RSS MiB | floor s (min–max) | floor CPU s | floor RSS MiB | scan/floor | CPU scan/floor |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |")
	for _, r := range rows {
		mb := float64(r.bytes) / 1e6
		fmt.Fprintf(w, "| %s %d×%s | %d | %d | %.1f | %.3f (%.3f–%.3f) | %.0f | %.3f | %.1f | %.3f (%.3f–%.3f) | %.3f | %.1f | %.2f | %.2f |\n",
			r.tree, r.scale, r.note, r.projects, r.files, mb,
			r.scan.wall.Seconds(), r.scan.min.Seconds(), r.scan.max.Seconds(), mb/r.scan.wall.Seconds(), r.scan.cpu.Seconds(), mib(r.scan.rss),
			r.floor.wall.Seconds(), r.floor.min.Seconds(), r.floor.max.Seconds(), r.floor.cpu.Seconds(), mib(r.floor.rss),
			r.scan.wall.Seconds()/r.floor.wall.Seconds(), r.scan.cpu.Seconds()/r.floor.cpu.Seconds())
	}
	fmt.Fprintln(w)
	for _, tree := range o.trees {
		var first, last *row
		for i := range rows {
			if rows[i].tree == tree && rows[i].note == "" {
				if first == nil {
					first = &rows[i]
				}
				last = &rows[i]
			}
		}
		if first == nil || first == last {
			continue
		}
		fmt.Fprintf(w, "growth %s %d×/%d×: input %.2f×, scan time %.2f×, floor time %.2f×, scan RSS %.2f×\n",
			tree, last.scale, first.scale, float64(last.bytes)/float64(first.bytes),
			last.scan.wall.Seconds()/first.scan.wall.Seconds(), last.floor.wall.Seconds()/first.floor.wall.Seconds(),
			float64(last.scan.rss)/float64(first.scan.rss))
	}
	fmt.Fprintf(w, "why %s on a ladder of 40 diamonds (%d packages, path_count %s): text %.1f ms (%.1f–%.1f), json %.1f ms (%.1f–%.1f), RSS %.1f MiB\n",
		ladderTarget, why.nodes, why.pathCount,
		ms(why.text.wall), ms(why.text.min), ms(why.text.max), ms(why.json.wall), ms(why.json.min), ms(why.json.max), mib(why.text.rss))
	fmt.Fprintln(w, "targets (issue 14): scan/floor ≤ 1.3 on lock 1× and 4×, ≤ 1.15 on assets 1× and 4×, ≤ 1.5 with a database of 5,000 records; why on lock 1× ≤ 1.3; scan RSS ≤ 40 MiB on lock 10× (-scales 1,10), the same as 1× ± 5 MiB; why --format json on the ladder ≤ 25 ms")
}

func mib(b int64) float64        { return float64(b) / (1 << 20) }
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
func status(s string)            { fmt.Fprintln(os.Stderr, "bench:", s) }
func command(dir string, args ...string) error {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w", strings.Join(args, " "), err)
	}
	return nil
}

// generate returns the directory of a generated tree, writing it first
// when the cache lacks it (a marker file says it is complete).
func generate(o options, tree string, n int) (string, error) {
	flagName := map[string]string{"assets": "--big", "lock": "--biglock"}[tree]
	dir := filepath.Join(o.cache, fmt.Sprintf("%s-%d", tree, n))
	marker := filepath.Join(o.cache, fmt.Sprintf(".%s-%d.done", tree, n))
	if _, err := os.Stat(marker); err == nil {
		return dir, nil
	}
	status(fmt.Sprintf("generating the %s tree of %d projects in %s", tree, n, dir))
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	if err := command(o.cache, "python3", filepath.Join(o.shared, "mkbig.py"), flagName, dir, strconv.Itoa(n)); err != nil {
		return "", err
	}
	return dir, os.WriteFile(marker, nil, 0o644)
}

// generateDB imports writeOSV's records into a database in the cache,
// once.
func generateDB(o options, affected string) (string, error) {
	db := filepath.Join(o.cache, fmt.Sprintf("db-%d", o.dbRecords))
	marker := filepath.Join(o.cache, fmt.Sprintf(".db-%d.done", o.dbRecords))
	if _, err := os.Stat(marker); err == nil {
		return db, nil
	}
	status(fmt.Sprintf("generating a database of %d records in %s", o.dbRecords, db))
	src := filepath.Join(o.cache, fmt.Sprintf("osv-%d", o.dbRecords))
	for _, d := range []string{db, src} {
		if err := os.RemoveAll(d); err != nil {
			return "", err
		}
	}
	if err := writeOSV(src, o.dbRecords); err != nil {
		return "", err
	}
	res, err := measure(nil, []string{"AFFECTED_DB=" + db}, affected, "db", "import", src)
	if err != nil {
		return "", err
	}
	if res.exit != 0 {
		return "", fmt.Errorf("affected db import: exit %d: %s", res.exit, res.stderr)
	}
	return db, os.WriteFile(marker, nil, 0o644)
}

// moduleRoot finds the directory of go.mod from the working directory up.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("not inside the module: run from the repository")
		}
		dir = parent
	}
}

// revision names the working tree's commit, marked when it has changes.
func revision(root string) string {
	out, err := exec.Command("git", "-C", root, "describe", "--always", "--dirty").Output()
	if err != nil {
		return "devel"
	}
	return strings.TrimSpace(string(out))
}
