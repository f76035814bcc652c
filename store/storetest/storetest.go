// Package storetest opens throwaway, migrated databases for tests in other
// packages: a SQLite file in the test's temp directory, and — when
// GOPREP_TEST_POSTGRES names a Postgres database — a schema of its own in
// that database, dropped when the test ends.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/goprep/goprep/store"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx", to create and drop schemas
)

// Env is the variable that names the Postgres database for tests, e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const Env = "GOPREP_TEST_POSTGRES"

// SQLite opens a migrated SQLite database in t's temp directory, closed when
// the test ends. now may be nil (the real clock).
func SQLite(t testing.TB, now func() time.Time) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "goprep.db"), store.Options{Migrate: true, Now: now})
	if err != nil {
		t.Fatalf("storetest: open sqlite: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// PostgresDSN creates a schema for t in the database named by Env, drops it
// when the test ends, and returns a DSN whose search_path selects it (with
// public after it, where pg_trgm lives). It skips t when Env is unset.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(Env)
	if base == "" {
		t.Skip("set " + Env + "=postgres://postgres@127.0.0.1:5432/test?sslmode=disable to run the Postgres tests")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("storetest: open postgres: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	var b [6]byte
	rand.Read(b[:])
	schema := "goprep_test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("storetest: create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("storetest: drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("storetest: parse %s: %v", Env, err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String()
}

// Postgres opens a migrated database in a schema of t's own (see
// PostgresDSN), closed when the test ends; it skips t when Env is unset.
func Postgres(t testing.TB, now func() time.Time) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), PostgresDSN(t), store.Options{Migrate: true, Now: now})
	if err != nil {
		t.Fatalf("storetest: open postgres: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Each runs fn as subtests "sqlite" and "postgres" (skipped without Env),
// each with a fresh database.
func Each(t *testing.T, now func() time.Time, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t, now)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t, now)) })
}
