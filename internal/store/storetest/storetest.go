// Package storetest gives tests a fresh, empty PostgreSQL schema of
// their own on the machine's server (AFFECTED_TEST_DATABASE, default
// postgres://127.0.0.1:5432/test), dropped when the test ends. Tests skip
// when PostgreSQL is unreachable, except under CI=true, where they fail.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultURL is the database tests use unless AFFECTED_TEST_DATABASE says
// otherwise.
const DefaultURL = "postgres://127.0.0.1:5432/test?sslmode=disable"

// BaseURL returns the test database's URL.
func BaseURL() string {
	if u := os.Getenv("AFFECTED_TEST_DATABASE"); u != "" {
		return u
	}
	return DefaultURL
}

// Fresh creates a schema for the test and returns a URL whose
// search_path is that schema alone.
func Fresh(t testing.TB) string {
	t.Helper()
	base := BaseURL()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL unreachable at %s (CI=true): %v", base, err)
		}
		t.Skipf("PostgreSQL unreachable at %s: %v", base, err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "affected_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("dropping %s: %v", schema, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
