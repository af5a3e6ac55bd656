package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/match"
	"github.com/affected-dev/affected/internal/scan"
)

// noAdvisories is a match.Source without advisories: the memory measured
// is the scan's own.
type noAdvisories struct{}

func (noAdvisories) ForPackage(string) []*advisory.Advisory { return nil }

// TestMemoryPerProject: the memory a scan holds grows by a few hundred
// bytes a project (the report lists every project), not by kilobytes
// (issue 10 point 8: 100,000 projects without findings took 337 MB,
// against 46 MB for 10,000). It scans a generated tree in this process
// and samples the live heap (what the last collection kept) while the
// scan runs: the peak, less what was live before, per project.
func TestMemoryPerProject(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 4,000 projects")
	}
	const n = 4000
	dir := t.TempDir()
	proj := []byte(`<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="Newtonsoft.Json" Version="13.0.3" /></ItemGroup>
</Project>
`)
	lock := []byte(`{"version": 1, "dependencies": {"net8.0": {"Newtonsoft.Json": {"type": "Direct", "requested": "[13.0.3, )", "resolved": "13.0.3", "contentHash": "x"}}}}`)
	for i := range n {
		d := filepath.Join(dir, fmt.Sprintf("g%02d", i/100), fmt.Sprintf("P%05d", i))
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, fmt.Sprintf("P%05d.csproj", i)), proj, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "packages.lock.json"), lock, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	live := func() uint64 {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	runtime.GC()
	before := live()
	// Collect often, so that the samples see what is live as it grows.
	defer func(p int) { debug.SetGCPercent(p) }(debug.SetGCPercent(5))
	var peak uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			if l := live(); l > peak {
				peak = l
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	ws, doc := scan.ScanPaths(context.Background(), []string{dir}, match.Source(noAdvisories{}), scan.Options{}, scan.ScanOptions{})
	runtime.GC()
	close(stop)
	wg.Wait()
	if l := live(); l > peak {
		peak = l
	}
	if len(ws.Projects) != n {
		t.Fatalf("%d projects, want %d", len(ws.Projects), n)
	}
	per := (peak - before) / n
	t.Logf("peak live heap %d KB more than before: %d bytes a project", (peak-before)>>10, per)
	const bound = 1500 // bytes; about 900 measured, 1,963 before
	if per > bound {
		t.Errorf("%d bytes a project, more than %d", per, bound)
	}
	runtime.KeepAlive(doc)
}
