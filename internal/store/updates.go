package store

import (
	"context"
	"encoding/json"
	"strconv"
	"time"
)

// ClaimUpdate claims the scheduled advisory update when the last one
// started at least every ago (or none ever did): it reports whether this
// process is to run it now. Of several processes, one wins per period.
func (s *Store) ClaimUpdate(ctx context.Context, every time.Duration) (bool, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE advisory_updates SET started_at = now()
		WHERE id = 1 AND (started_at IS NULL OR started_at <= now() - $1::interval)`,
		strconv.FormatInt(every.Milliseconds(), 10)+" milliseconds")
	if err != nil {
		return false, wrap(err)
	}
	return tag.RowsAffected() == 1, nil
}

// UpdateRecord is the outcome of the last advisory update.
type UpdateRecord struct {
	StartedAt  *time.Time      `json:"started_at,omitempty"`
	FinishedAt *time.Time      `json:"finished_at,omitempty"`
	Source     string          `json:"source,omitempty"`
	Result     json.RawMessage `json:"result,omitempty"`
}

// FinishUpdate records the outcome of an update that started at start
// (result is its JSON: what was added, replaced, or why it failed).
func (s *Store) FinishUpdate(ctx context.Context, start time.Time, source string, result any) error {
	data, err := json.Marshal(result)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `UPDATE advisory_updates SET started_at = greatest(started_at, $1), finished_at = now(), source = $2, result = $3
		WHERE id = 1`, start, source, string(data))
	return wrap(err)
}

// LastUpdate returns the outcome of the last advisory update.
func (s *Store) LastUpdate(ctx context.Context) (UpdateRecord, error) {
	var u UpdateRecord
	var result []byte
	err := s.pool.QueryRow(ctx, "SELECT started_at, finished_at, source, result FROM advisory_updates WHERE id = 1").
		Scan(&u.StartedAt, &u.FinishedAt, &u.Source, &result)
	if len(result) > 2 {
		u.Result = result
	}
	return u, wrap(err)
}
