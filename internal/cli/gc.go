package cli

import (
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// The collector's soft memory limit (debug.SetMemoryLimit) follows what
// is live: memoryFloor while little is, twice what is live and some room
// above that, softMemoryLimit at most. Unless the environment sets
// GOMEMLIMIT.
const (
	memoryFloor     = 22 << 20
	memoryRoom      = 8 << 20
	softMemoryLimit = 128 << 20
)

// tuneGC lets the heap grow to three times what is live before the next
// collection (GOGC=200) unless the environment sets GOGC. scan and why
// keep little alive, since each project's data is dropped once its graphs
// are matched: at Go's default the collector would run after every few
// megabytes read, a fifth of the CPU time of a large scan, to keep a few
// megabytes that the process returns anyway when it ends (measured on the
// bench trees: 20% less time for 8 MiB more peak memory).
//
// The soft limit keeps the process small while little is live: with
// GOGC=200 alone, the pages of what was read and dropped stay mapped and
// peak memory grows with the tree though what is live hardly does (the
// 2,000-project lock tree: 45 MB against 36 MB for 200 projects). Under
// the limit the collector runs, and returns pages, before the heap passes
// it. Its floor is about what a scan of 200 projects reaches anyway
// (peak RSS 29 MiB, a third of it the program's own pages): from 24 MiB
// to 22 MiB, the 2,000-project lock tree went from 35 MiB to 34 MiB, 3%
// more CPU time; a lower floor, or less room above what is live, cost a
// scan with a 5,000-record database, which keeps more alive, 15% or more.
// The limit rises with what is live, so that a tree whose live data is
// large (the report lists every project: about 600 bytes each) is not
// collected over and over (a fixed 24 MiB limit cost the 10,000-project
// tree 55% more CPU time); past softMemoryLimit the collector keeps the
// heap near it (100,000 generated projects without findings: peak 245 MB
// without that bound, 143 MB with it, the same CPU time).
func tuneGC(e *env) {
	if e.getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if e.getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryFloor)
		followLive.Do(func() { go followLiveHeap() })
	}
}

var followLive sync.Once

// followLiveHeap sets the soft limit from the heap found live by the last
// collection, every few milliseconds, for the life of the process.
func followLiveHeap() {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	limit := int64(memoryFloor)
	for range time.Tick(5 * time.Millisecond) {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		want := min(max(2*int64(sample[0].Value.Uint64())+memoryRoom, memoryFloor), softMemoryLimit)
		if want != limit {
			limit = want
			debug.SetMemoryLimit(limit)
		}
	}
}
