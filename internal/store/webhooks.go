package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// Webhook is a registered receiver of notifications.
type Webhook struct {
	ID        int64     `json:"id"`
	URL       string    `json:"url"`
	CreatedAt time.Time `json:"created_at"`
}

// CreateWebhook registers a receiver; secret signs its payloads.
func (s *Store) CreateWebhook(ctx context.Context, url, secret string) (Webhook, error) {
	w := Webhook{URL: url}
	err := s.pool.QueryRow(ctx, "INSERT INTO webhooks (url, secret) VALUES ($1, $2) RETURNING id, created_at", url, secret).Scan(&w.ID, &w.CreatedAt)
	return w, wrap(err)
}

// Webhooks lists the receivers.
func (s *Store) Webhooks(ctx context.Context) ([]Webhook, error) {
	rows, err := s.pool.Query(ctx, "SELECT id, url, created_at FROM webhooks ORDER BY id")
	if err != nil {
		return nil, wrap(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Webhook, error) {
		var w Webhook
		err := r.Scan(&w.ID, &w.URL, &w.CreatedAt)
		return w, err
	})
	return out, wrap(err)
}

// DeleteWebhook removes a receiver and its pending deliveries.
func (s *Store) DeleteWebhook(ctx context.Context, id int64) error {
	tag, err := s.pool.Exec(ctx, "DELETE FROM webhooks WHERE id = $1", id)
	if err == nil && tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return wrap(err)
}

// Delivery is a notification to send.
type Delivery struct {
	ID       int64
	URL      string
	Secret   string
	Payload  []byte
	Attempts int // before this one
}

// Outcome is how a delivery attempt went: Err nil when the receiver took
// it; else Retry is when to try again (zero: give up).
type Outcome struct {
	Err   error
	Retry time.Duration
}

// Deliver claims a due delivery, if any, sends it with send, and records
// the outcome, all in the transaction that claimed it: two processes never
// send the same delivery at once. It reports whether it found one.
func (s *Store) Deliver(ctx context.Context, send func(Delivery) Outcome) (bool, error) {
	found := false
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		found = false
		var d Delivery
		err := tx.QueryRow(ctx, `SELECT d.id, w.url, w.secret, d.payload, d.attempts FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id
			WHERE d.delivered_at IS NULL AND d.failed_at IS NULL AND d.next_attempt <= now()
			ORDER BY d.next_attempt, d.id LIMIT 1 FOR UPDATE OF d SKIP LOCKED`).Scan(&d.ID, &d.URL, &d.Secret, &d.Payload, &d.Attempts)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		out := send(d)
		switch {
		case out.Err == nil:
			_, err = tx.Exec(ctx, "UPDATE deliveries SET attempts = attempts + 1, delivered_at = now(), last_error = '' WHERE id = $1", d.ID)
		case out.Retry <= 0:
			_, err = tx.Exec(ctx, "UPDATE deliveries SET attempts = attempts + 1, failed_at = now(), last_error = $2 WHERE id = $1", d.ID, out.Err.Error())
		default:
			_, err = tx.Exec(ctx, "UPDATE deliveries SET attempts = attempts + 1, next_attempt = now() + $2 * interval '1 millisecond', last_error = $3 WHERE id = $1",
				d.ID, out.Retry.Milliseconds(), out.Err.Error())
		}
		return err
	})
	return found, wrap(err)
}

// NextDelivery returns how long until the next delivery is due (ok false
// when none is waiting).
func (s *Store) NextDelivery(ctx context.Context) (time.Duration, bool, error) {
	var ms *float64
	err := s.pool.QueryRow(ctx, `SELECT extract(epoch FROM min(next_attempt) - now()) * 1000 FROM deliveries
		WHERE delivered_at IS NULL AND failed_at IS NULL`).Scan(&ms)
	if err != nil || ms == nil {
		return 0, false, wrap(err)
	}
	return max(0, time.Duration(*ms)*time.Millisecond), true, nil
}
