package cli

import "runtime/debug"

// softMemoryLimit is the heap size past which the collector runs more
// often than GOGC=200 asks (debug.SetMemoryLimit), unless the environment
// sets GOMEMLIMIT.
const softMemoryLimit = 128 << 20

// tuneGC lets the heap grow to three times what is live before the next
// collection (GOGC=200) unless the environment sets GOGC. scan and why
// keep little alive, since each project's data is dropped once its graphs
// are matched: at Go's default the collector would run after every few
// megabytes read, a fifth of the CPU time of a large scan, to keep a few
// megabytes that the process returns anyway when it ends (measured on the
// bench trees: 20% less time for 8 MiB more peak memory).
//
// What stays alive grows a little with the tree (the report lists every
// project: about 600 bytes each), and three times it would be the peak:
// so past softMemoryLimit the collector keeps the heap near the limit
// instead. Measured on 100,000 generated projects without findings (2
// cores): peak 245 MB without the limit, 143 MB with it, the same CPU
// time (8.4 s and 7.9 s user); on the 10,000-project bench tree the limit
// is not reached.
func tuneGC(e *env) {
	if e.getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if e.getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
}
