package store_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/store"
	"github.com/goprep/goprep/store/storetest"
)

// clock is a fake time source shared by a test and its store.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is one test's database.
type env struct {
	db    *store.DB
	clock *clock
	dsn   string
}

// forEachDB runs fn against a fresh, migrated SQLite database and, when
// GOPREP_TEST_POSTGRES is set, against a fresh schema in that Postgres.
func forEachDB(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, openSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, openPostgres(t)) })
}

func openSQLite(t testing.TB) *env {
	t.Helper()
	c := newClock()
	dsn := filepath.Join(t.TempDir(), "sub", "goprep.db")
	db, err := store.Open(context.Background(), dsn, store.Options{Migrate: true, Now: c.Now})
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return &env{db: db, clock: c, dsn: dsn}
}

func openPostgres(t testing.TB) *env {
	t.Helper()
	dsn := storetest.PostgresDSN(t)
	c := newClock()
	db, err := store.Open(context.Background(), dsn, store.Options{Migrate: true, Now: c.Now})
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return &env{db: db, clock: c, dsn: dsn}
}

// wantCode fails the test unless err carries the goprep code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := goprep.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// mustUser creates a user.
func mustUser(t testing.TB, db *store.DB, email string, role goprep.Role) *goprep.User {
	t.Helper()
	u := &goprep.User{Email: email, Name: "User " + email, Role: role, PasswordHash: "hash"}
	if err := db.CreateUser(context.Background(), u); err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	return u
}
