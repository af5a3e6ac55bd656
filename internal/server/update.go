package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/affected-dev/affected/internal/advisory/db"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/store"
)

// UpdateResult is the outcome of an advisory update from the server's
// source (POST /api/v1/advisories/update, and the schedule).
type UpdateResult struct {
	Source string `json:"source"`
	// Read counts the records of the archive.
	Read int `json:"read"`
	ImportResult
	// Error says why the update failed (nothing was stored then).
	Error string `json:"error,omitempty"`
}

// Update fetches the OSV archive of the configured source (osv.dev's
// NuGet archive by default) as `affected db update` does and stores its
// records; those that changed are re-matched against the stored
// inventories like an import. Records with a built-in record's id are
// left out. The outcome is recorded (GET /api/v1/status shows it).
func (s *Server) Update(ctx context.Context) (UpdateResult, error) {
	start := time.Now()
	res := UpdateResult{Source: s.cfg.UpdateSource}
	if res.Source == "" {
		res.Source = db.DefaultSource
	}
	recs, rep, err := db.Fetch(ctx, "", res.Source, s.cfg.UpdateClient)
	res.Read = rep.Read
	if err == nil {
		kept := recs[:0]
		for _, a := range recs {
			if checkAdvisory(a) == nil {
				kept = append(kept, a)
			}
		}
		var ir store.ImportResult
		if ir, err = s.store.PutAdvisories(ctx, kept, mergeStored); err == nil {
			res.ImportResult = ImportResult{Added: nonNil(ir.Added), Replaced: nonNil(ir.Replaced), Unchanged: nonNil(ir.Unchanged), Rematch: nonNil(ir.Names),
				RematchProducts: nonNil(ir.Platforms)}
			if len(ir.Added)+len(ir.Replaced) > 0 {
				s.changed()
			}
			if ir.JobID != 0 {
				s.poke()
			}
		}
	}
	if err != nil {
		res.Error = i18n.Localize(err, i18n.En)
		if len(rep.Errors) > 0 {
			res.Error += ": " + i18n.Localize(rep.Errors[0], i18n.En)
		}
	}
	if ferr := s.store.FinishUpdate(context.WithoutCancel(ctx), start, res.Source, res); ferr != nil && err == nil {
		err = ferr
	}
	return res, err
}

func (s *Server) postUpdate(w http.ResponseWriter, r *http.Request) {
	res, err := s.Update(r.Context())
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, res)
	case errors.Is(err, store.ErrUnavailable), errors.Is(err, context.Canceled):
		s.failStore(w, r, err)
	default:
		// The source is at fault (unreachable, refused archive): a bad
		// gateway, with the reason in the request's language.
		s.failDetail(w, r, http.StatusBadGateway, ErrorDetail{Code: "update_failed", Message: MsgUpdateFailed.Plain(langOf(r), res.Source, err)})
	}
}

// schedule runs the scheduled update every UpdateEvery: each process
// looks often enough and the one that claims the period in the database
// runs it.
func (s *Server) schedule(ctx context.Context) {
	every := s.cfg.UpdateEvery
	if every <= 0 {
		return
	}
	t := time.NewTicker(min(every, time.Minute))
	defer t.Stop()
	for {
		claimed, err := s.store.ClaimUpdate(ctx, every)
		s.logWork("claiming the scheduled update", err)
		if claimed {
			start := time.Now()
			res, err := s.Update(ctx)
			if err != nil {
				s.logWork("the scheduled update", err)
			} else {
				s.log.Info("scheduled update", "source", res.Source, "read", res.Read, "added", len(res.Added),
					"replaced", len(res.Replaced), "rematch", strings.Join(res.Rematch, ","), "ms", time.Since(start).Milliseconds())
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// lastUpdate reads the last update's outcome for the status.
func (s *Server) lastUpdate(ctx context.Context) (*store.UpdateRecord, error) {
	u, err := s.store.LastUpdate(ctx)
	if err != nil || u.StartedAt == nil {
		return nil, err
	}
	return &u, nil
}

// MsgUpdateFailed says why an update from the server's source failed.
var MsgUpdateFailed = i18n.Define("server.update-failed",
	"updating the advisories from %s failed: %v",
	"%s에서 권고를 업데이트하지 못함: %v",
	"無法從 %s 更新公告：%v")
