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

// maxCached bounds the pages kept.
const maxCached = 256

// cachedPage is a page's own part and title.
type cachedPage struct {
	title   string
	content template.HTML
}

// pageCache holds pages of one generation.
type pageCache struct {
	mu    sync.Mutex
	gen   int64
	pages map[string]cachedPage
}

// get returns the page of key made at generation gen.
func (c *pageCache) get(gen int64, key string) (cachedPage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return cachedPage{}, false
	}
	p, ok := c.pages[key]
	return p, ok
}

// put keeps a page made from what was read at generation gen (a page
// read before a change is put under the generation before it, and never
// served after).
func (c *pageCache) put(gen int64, key string, p cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen < c.gen {
		return
	}
	if gen > c.gen || c.pages == nil || len(c.pages) >= maxCached {
		c.gen, c.pages = gen, map[string]cachedPage{}
	}
	c.pages[key] = p
}

// changed moves the generation: what was read before may be stale.
func (s *Server) changed() { s.gen.Add(1) }
