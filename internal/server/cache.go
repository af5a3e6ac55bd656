package server

import (
	"html/template"
	"sync"
)

// The pages' cache. A page's own part (its "content" template: what the
// database says, in one language) is kept for the next readers until
// something it may show changes: every change to findings, host
// verdicts, endpoint exposures or advisories — in this process or another
// one sharing the database, which announces it through PostgreSQL —
// moves the generation, and entries of an older one are never served.
// A reader right after a change made by another process may be served
// the previous page for the few milliseconds the announcement takes. The
// layout (the reader's sign-in, the language switch) is rendered for
// every request.

// The bounds of a cache: entries, and bytes of what they hold.
const (
	maxCached      = 256
	maxCachedBytes = 64 << 20
)

// cachedPage is a page's own part and title.
type cachedPage struct {
	title   string
	content template.HTML
}

func (p cachedPage) size() int { return len(p.title) + len(p.content) }

// cachedJSON is an API answer as it is written.
type cachedJSON []byte

func (b cachedJSON) size() int { return len(b) }

// genCache holds what was made at one generation: pages, or the API's
// answers that are read most (an advisory's affected list).
type genCache[V interface{ size() int }] struct {
	mu    sync.Mutex
	gen   int64
	bytes int
	m     map[string]V
}

// get returns the entry of key made at generation gen.
func (c *genCache[V]) get(gen int64, key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		var zero V
		return zero, false
	}
	v, ok := c.m[key]
	return v, ok
}

// put keeps an entry made from what was read at generation gen (one read
// before a change is put under the generation before it, and never
// served after). When full, the cache starts again empty.
func (c *genCache[V]) put(gen int64, key string, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen < c.gen || v.size() > maxCachedBytes/4 {
		return
	}
	if gen > c.gen || c.m == nil || len(c.m) >= maxCached || c.bytes+v.size() > maxCachedBytes {
		c.gen, c.m, c.bytes = gen, map[string]V{}, 0
	}
	if old, ok := c.m[key]; ok {
		c.bytes -= old.size()
	}
	c.m[key] = v
	c.bytes += v.size()
}

// changed moves the generation: what was read before may be stale.
func (s *Server) changed() { s.gen.Add(1) }
