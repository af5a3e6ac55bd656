package tlsprobe

import (
	"context"
	"crypto/tls"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkProbe measures full probes of a local crypto/tls server (TLS
// 1.2 and 1.3, tickets renewed): probes per second and the connections
// one probe costs.
//
//	go test -run '^$' -bench 'BenchmarkProbe$' ./internal/tlsprobe
func BenchmarkProbe(b *testing.B) {
	srv := startGoServer(b, &tls.Config{})
	ctx := context.Background()
	var handshakes int
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		r, err := Probe(ctx, srv.Target(), Options{})
		if err != nil {
			b.Fatal(err)
		}
		handshakes = r.Handshakes
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "probes/s")
	b.ReportMetric(float64(handshakes), "handshakes/probe")
}

// BenchmarkProbeNginx probes an nginx (2 workers, tickets on, TLS 1.0–1.3)
// as 1, 10 and 100 targets at once (the same address, concurrency = the
// number of targets): probes per second.
//
//	go test -run '^$' -bench 'BenchmarkProbeNginx$' -benchtime 3x ./internal/tlsprobe
func BenchmarkProbeNginx(b *testing.B) {
	n := startNginxWorkers(b, "ssl_session_tickets on; ssl_session_ticket_key {{dir}}/a.key;", 2)
	for _, targets := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("targets=%d", targets), func(b *testing.B) {
			list := make([]Target, targets)
			for i := range list {
				list[i] = n.target()
			}
			var probes int
			start := time.Now()
			for b.Loop() {
				for _, r := range ProbeAll(context.Background(), list, Options{Timeout: 60 * time.Second}, targets) {
					if r.Err != nil {
						b.Fatal(r.Err)
					}
				}
				probes += targets
			}
			b.ReportMetric(float64(probes)/time.Since(start).Seconds(), "probes/s")
		})
	}
}

// BenchmarkProbeNginxMemory probes 1,000 targets (the nginx of
// BenchmarkProbeNginx, 100 at a time) and reports the peak heap in use.
//
//	go test -run '^$' -bench 'BenchmarkProbeNginxMemory' -benchtime 1x ./internal/tlsprobe
func BenchmarkProbeNginxMemory(b *testing.B) {
	n := startNginxWorkers(b, "ssl_session_tickets on; ssl_session_ticket_key {{dir}}/a.key;", 2)
	list := make([]Target, 1000)
	for i := range list {
		list[i] = n.target()
	}
	for b.Loop() {
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		var peak atomic.Uint64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			var m runtime.MemStats
			for {
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
				select {
				case <-stop:
					return
				case <-time.After(5 * time.Millisecond):
				}
			}
		})
		start := time.Now()
		res := ProbeAll(context.Background(), list, Options{Timeout: 60 * time.Second}, 100)
		took := time.Since(start)
		close(stop)
		wg.Wait()
		for _, r := range res {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
		}
		b.ReportMetric(float64(peak.Load()-min(peak.Load(), base.HeapInuse))/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(len(list))/took.Seconds(), "probes/s")
	}
}
