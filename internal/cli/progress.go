package cli

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/affected-dev/affected/internal/i18n"
)

// progress shows how far a long scan is ("scanned 120 of 800 projects") on
// one line of stderr that it rewrites, when stderr is a terminal: nothing
// is shown for the first second (most scans are over by then), nor ever
// when stderr is a file or a pipe (CI logs stay clean), nor with --quiet.
// The line is cleared before the command writes anything else.
type progress struct {
	w     io.Writer
	lang  i18n.Lang
	start time.Time

	done, total atomic.Int64

	mu    sync.Mutex
	shown bool // a line is on the screen

	stop chan struct{}
	once sync.Once
	wg   sync.WaitGroup
}

// progressDelay is how long a scan runs before its progress shows, and
// progressEvery how often the line is rewritten.
const (
	progressDelay = time.Second
	progressEvery = 100 * time.Millisecond
)

// startProgress starts the indicator, or returns nil when it must not show;
// a nil *progress does nothing.
func startProgress(e *env, quiet bool) *progress {
	if quiet || !e.terminal(e.stderr) {
		return nil
	}
	p := &progress{w: e.stderr, lang: e.lang, start: time.Now(), stop: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(progressEvery)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case now := <-t.C:
				p.render(now)
			}
		}
	}()
	return p
}

// update records how many projects are read; the scan calls it from its
// goroutines.
func (p *progress) update(done, total int) {
	if p == nil {
		return
	}
	p.done.Store(int64(done))
	p.total.Store(int64(total))
}

// callback returns update as the scan wants it, nil when there is nothing
// to show.
func (p *progress) callback() func(done, total int) {
	if p == nil {
		return nil
	}
	return p.update
}

// render rewrites the line, once the scan has run for progressDelay.
func (p *progress) render(now time.Time) {
	total := p.total.Load()
	if now.Sub(p.start) < progressDelay || total == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	// \r goes back to the start of the line; \x1b[K clears what a longer
	// earlier line left.
	fmt.Fprintf(p.w, "\r%s\x1b[K", msgProgress.Sprintf(p.lang, p.done.Load(), total))
	p.shown = true
}

// close stops the goroutine that rewrites the line.
func (p *progress) close() {
	p.once.Do(func() { close(p.stop) })
	p.wg.Wait()
}

// finish stops the indicator and clears its line.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.close()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

var msgProgress = i18n.Define("scan.progress",
	"scanned %d of %d {project|projects}",
	"프로젝트 %[2]d개 중 %[1]d개 검사함",
	"已掃描 %[2]d 個專案中的 %[1]d 個")
