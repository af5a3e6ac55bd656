package server

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/affected-dev/affected/internal/store"
)

// Signature headers of a webhook delivery. The signature is
// HMAC-SHA256, keyed with the webhook's secret, of the timestamp, a dot
// and the body: "sha256=" and its hex.
const (
	HeaderSignature = "X-Affected-Signature"
	HeaderTimestamp = "X-Affected-Timestamp"
	HeaderDelivery  = "X-Affected-Delivery"
)

// Sign returns the signature header value of a delivery.
func Sign(secret, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// poke wakes this process's worker.
func (s *Server) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run does the background work until ctx ends: it stores the built-in
// advisories, then splits re-matching jobs into tasks, runs tasks and
// sends webhook deliveries, woken by the database's notifications (from
// any process) and, failing those, every Poll; with UpdateEvery set, it
// also runs the scheduled advisory update. Database outages are waited
// out.
func (s *Server) Run(ctx context.Context) {
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { s.listen(ctx) })
	wg.Go(func() { s.schedule(ctx) })
	builtinsDone := false
	t := time.NewTicker(s.cfg.Poll)
	defer t.Stop()
	for {
		if !builtinsDone {
			if err := s.ImportBuiltins(ctx); err != nil {
				s.logWork("storing the built-in advisories", err)
			} else {
				builtinsDone = true
			}
		}
		for ctx.Err() == nil && s.workOnce(ctx) {
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-t.C:
		}
	}
}

// workOnce does a round of work of each kind and reports whether there
// may be more: a job split, the re-matching tasks there are (Workers at
// a time), a webhook delivery.
func (s *Server) workOnce(ctx context.Context) bool {
	split, err := s.store.SplitJob(ctx, taskSources)
	s.logWork("splitting a re-matching job", err)
	more := split
	if s.runTasks(ctx) {
		more = true
	}
	sent, err := s.store.Deliver(ctx, s.send)
	s.logWork("delivering a webhook", err)
	more = more || sent
	return more && err == nil
}

// taskSources is the number of sources per re-matching task: small
// enough that a job's tasks spread over the workers of every process, and
// that a task holds few sources' locks.
const taskSources = 10

// runTasks runs re-matching tasks on Workers goroutines until none is
// left (or the database fails), and reports whether it ran any.
func (s *Server) runTasks(ctx context.Context) bool {
	var ran atomic.Bool
	var wg sync.WaitGroup
	for range s.cfg.Workers {
		wg.Go(func() {
			m := newRematcher(s.cfg.MaxPaths)
			for ctx.Err() == nil {
				start := time.Now()
				found, ch, err := s.store.RunTask(ctx, m)
				s.logWork("re-matching", err)
				if !found || err != nil {
					return
				}
				ran.Store(true)
				s.changed()
				s.log.Info("re-matched", "new", ch.New, "updated", ch.Updated, "removed", ch.Removed, "ms", time.Since(start).Milliseconds())
			}
		})
	}
	wg.Wait()
	return ran.Load()
}

func (s *Server) logWork(what string, err error) {
	switch {
	case err == nil, errors.Is(err, context.Canceled):
	case errors.Is(err, store.ErrUnavailable):
		s.log.Warn(what+": database unavailable, will retry", "err", err.Error())
	default:
		s.log.Error(what, "err", err.Error())
	}
}

// listen relays the database's notifications to the worker, reconnecting
// after outages.
func (s *Server) listen(ctx context.Context) {
	backoff := time.Second
	for ctx.Err() == nil {
		err := s.store.Listen(ctx, func(changed bool) {
			if changed {
				s.changed()
			} else {
				s.poke()
			}
		})
		if ctx.Err() != nil {
			return
		}
		s.logWork("listening for work", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 30*time.Second)
	}
}

// send posts one delivery, signed, and says whether and when to retry.
func (s *Server) send(d store.Delivery) store.Outcome {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.WebhookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(d.Payload))
	if err != nil {
		return store.Outcome{Err: err} // a URL that cannot work: give up
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "affected-server")
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderDelivery, strconv.FormatInt(d.ID, 10))
	req.Header.Set(HeaderSignature, Sign(d.Secret, ts, d.Payload))
	resp, err := s.cfg.Client.Do(req)
	if err == nil {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			return store.Outcome{}
		}
		err = fmt.Errorf("status %d", resp.StatusCode)
	}
	if d.Attempts+1 >= s.cfg.WebhookAttempts {
		return store.Outcome{Err: err}
	}
	wait := s.cfg.WebhookBackoff << min(d.Attempts, 20)
	return store.Outcome{Err: err, Retry: min(wait, time.Hour)}
}
