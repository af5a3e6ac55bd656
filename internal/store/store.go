// Package store keeps what `affected server` knows in PostgreSQL (13 or
// later): tokens and sessions, the inventories uploaded (sources,
// projects, dependency graphs and their packages; Windows hosts with the
// inventories they were combined from), advisories (indexed by the NuGet
// ids and the product keys they name), findings and host verdicts, the
// re-matching work queue and webhook deliveries. It is the only
// package that imports a SQL driver (pgx); every query is parameterised.
//
// The schema is versioned: Migrate applies the numbered files of
// migrations/ that the database has not seen, each in its own
// transaction, under an advisory lock so that several server processes
// starting at once apply each migration once.
//
// Cooperation between processes rests on PostgreSQL alone: uploads take a
// shared advisory lock and advisory imports an exclusive one, so that an
// upload either sees an import's records or is finished before the import
// queues its re-matching; work is claimed with FOR UPDATE SKIP LOCKED and
// done in the transaction that claimed it, so a process that dies leaves
// its work to the others; each source is changed only under its row lock.
//
// Store knows nothing of matching: the server gives it the matchers that
// turn graphs and advisories into findings, and hosts and advisories into
// verdicts.
package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/affected-dev/affected/internal/i18n"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is an open database. Its methods are safe for concurrent use.
type Store struct {
	pool *pgxpool.Pool
}

// Open connects to the database at url (a postgres:// URL or a
// "key=value" connection string), with at most maxConns connections
// (when 0: the URL's pool_max_conns, else 16). It does not fail when the database is
// down: the pool connects on first use, and every call then reports
// ErrUnavailable until the database answers.
func Open(ctx context.Context, url string, maxConns int) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, i18n.Errorf(MsgBadURL, redact(err))
	}
	switch {
	case maxConns > 0:
		cfg.MaxConns = int32(maxConns)
	case !strings.Contains(url, "pool_max_conns"):
		// pgx's default (4 on 2 cores) is too few for a server: one
		// connection listens for work, the re-matching workers hold one
		// each, and requests need the rest.
		cfg.MaxConns = max(cfg.MaxConns, 16)
	}
	cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	cfg.ConnConfig.RuntimeParams["application_name"] = "affected"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, i18n.Errorf(MsgBadURL, redact(err))
	}
	return &Store{pool: pool}, nil
}

// Close closes every connection.
func (s *Store) Close() { s.pool.Close() }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return wrap(s.pool.Ping(ctx)) }

// ErrUnavailable wraps every error that comes from the database not
// answering (down, restarting, unreachable): the server says 503 and
// tries again later.
var ErrUnavailable = errors.New("database unavailable")

// unavailable is a database error of the kind ErrUnavailable names.
type unavailable struct{ err error }

func (e unavailable) Error() string        { return e.err.Error() }
func (e unavailable) Unwrap() error        { return e.err }
func (e unavailable) Is(target error) bool { return target == ErrUnavailable }

// Localize renders the error without the connection details.
func (e unavailable) Localize(l i18n.Lang) string { return MsgUnavailable.Plain(l) }

// wrap marks errors of an absent database as ErrUnavailable.
func wrap(err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// Class 08 (connection exception), 57P01-57P03 (shutdown, cannot
		// connect now).
		if strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03" {
			return unavailable{err}
		}
		return err
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	if errors.As(err, &ne) || errors.As(err, &ce) || pgconn.SafeToRetry(err) || pgconn.Timeout(err) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, context.DeadlineExceeded) {
		return unavailable{err}
	}
	return err
}

// redact keeps a password out of an error about a connection string.
func redact(err error) string {
	s := err.Error()
	if i := strings.Index(s, "password="); i >= 0 {
		end := strings.IndexAny(s[i:], " &'\"")
		if end < 0 {
			end = len(s) - i
		}
		s = s[:i] + "password=xxxxx" + s[i+end:]
	}
	return s
}

// migrationLock is the advisory lock key Migrate holds.
const migrationLock = 0x61666665637465 // "affecte"

// Migrate applies the migrations the database lacks and returns how many
// it applied.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return 0, wrap(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", int64(migrationLock)); err != nil {
		return 0, wrap(err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(migrationLock))
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return 0, wrap(err)
	}
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return 0, err
	}
	sort.Strings(files)
	applied := 0
	for _, f := range files {
		name := strings.TrimPrefix(f, "migrations/")
		num, _, _ := strings.Cut(name, "_")
		version, err := strconv.Atoi(num)
		if err != nil {
			return applied, fmt.Errorf("migration %s: no version number", name)
		}
		var done bool
		if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)", version).Scan(&done); err != nil {
			return applied, wrap(err)
		}
		if done {
			continue
		}
		sql, err := migrations.ReadFile(f)
		if err != nil {
			return applied, err
		}
		err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, string(sql)); err != nil {
				return fmt.Errorf("migration %s: %w", name, err)
			}
			_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", version, name)
			return err
		})
		if err != nil {
			return applied, wrap(err)
		}
		applied++
	}
	return applied, nil
}

// Scope is what a token allows.
type Scope string

// Scopes: upload inventories; read the API and pages; admin (everything,
// and advisory imports and webhooks).
const (
	ScopeUpload Scope = "upload"
	ScopeRead   Scope = "read"
	ScopeAdmin  Scope = "admin"
)

// ParseScope checks a scope name.
func ParseScope(s string) (Scope, bool) {
	switch Scope(s) {
	case ScopeUpload, ScopeRead, ScopeAdmin:
		return Scope(s), true
	}
	return "", false
}

// Allows reports whether a token of scope s may do what needs scope want.
func (s Scope) Allows(want Scope) bool { return s == want || s == ScopeAdmin }

// Token is a stored token (never its secret).
type Token struct {
	ID    int64
	Scope Scope
	Name  string
}

// ErrNotFound is a token, session or record that does not exist.
var ErrNotFound = errors.New("not found")

// tokenPrefix starts every secret, so that a leaked one is recognisable.
const tokenPrefix = "aff_"

// newSecret returns a random secret with the prefix and its hash.
func newSecret(prefix string) (string, []byte) {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	secret := prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, hash(secret)
}

func hash(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// CreateToken makes a token and returns its secret, which is not stored
// (only its SHA-256 hash is): it is shown once.
func (s *Store) CreateToken(ctx context.Context, scope Scope, name string) (string, Token, error) {
	secret, h := newSecret(tokenPrefix)
	t := Token{Scope: scope, Name: name}
	err := s.pool.QueryRow(ctx, "INSERT INTO tokens (hash, scope, name) VALUES ($1, $2, $3) RETURNING id", h, string(scope), name).Scan(&t.ID)
	if err != nil {
		return "", Token{}, wrap(err)
	}
	return secret, t, nil
}

// LookupToken returns the token of a secret, or ErrNotFound.
func (s *Store) LookupToken(ctx context.Context, secret string) (Token, error) {
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 100 {
		return Token{}, ErrNotFound
	}
	var t Token
	var scope string
	err := s.pool.QueryRow(ctx, "UPDATE tokens SET last_used = now() WHERE hash = $1 RETURNING id, scope, name", hash(secret)).Scan(&t.ID, &scope, &t.Name)
	if errors.Is(err, pgx.ErrNoRows) {
		return Token{}, ErrNotFound
	}
	t.Scope = Scope(scope)
	return t, wrap(err)
}

// CreateSession signs a token in for the web pages: it returns the
// session's secret (for the cookie) and the CSRF token of its forms.
func (s *Store) CreateSession(ctx context.Context, tokenID int64, ttl time.Duration) (secret, csrf string, err error) {
	secret, h := newSecret("ses_")
	csrf, _ = newSecret("")
	_, err = s.pool.Exec(ctx, "INSERT INTO sessions (hash, token_id, csrf, expires_at) VALUES ($1, $2, $3, now() + $4::interval)",
		h, tokenID, csrf, strconv.Itoa(int(ttl.Seconds()))+" seconds")
	if err != nil {
		return "", "", wrap(err)
	}
	// Expired sessions go as new ones come.
	s.pool.Exec(ctx, "DELETE FROM sessions WHERE expires_at < now()")
	return secret, csrf, nil
}

// LookupSession returns the token and CSRF token of a live session.
func (s *Store) LookupSession(ctx context.Context, secret string) (Token, string, error) {
	if !strings.HasPrefix(secret, "ses_") || len(secret) > 100 {
		return Token{}, "", ErrNotFound
	}
	var t Token
	var scope, csrf string
	err := s.pool.QueryRow(ctx, `SELECT t.id, t.scope, t.name, s.csrf FROM sessions s JOIN tokens t ON t.id = s.token_id
		WHERE s.hash = $1 AND s.expires_at > now()`, hash(secret)).Scan(&t.ID, &scope, &t.Name, &csrf)
	if errors.Is(err, pgx.ErrNoRows) {
		return Token{}, "", ErrNotFound
	}
	t.Scope = Scope(scope)
	return t, csrf, wrap(err)
}

// DeleteSession signs a session out.
func (s *Store) DeleteSession(ctx context.Context, secret string) error {
	_, err := s.pool.Exec(ctx, "DELETE FROM sessions WHERE hash = $1", hash(secret))
	return wrap(err)
}

// Messages of the store.
var (
	MsgBadURL = i18n.Define("store.bad-url",
		"the database address cannot be used: %s",
		"데이터베이스 주소를 사용할 수 없음: %s",
		"無法使用資料庫位址：%s")
	MsgUnavailable = i18n.Define("store.unavailable",
		"the database is not answering; try again shortly",
		"데이터베이스가 응답하지 않음; 잠시 후 다시 시도하세요",
		"資料庫沒有回應；請稍後再試")
)
