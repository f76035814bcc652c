package migrations

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed sqlite/*.sql postgres/*.sql
var files embed.FS

// The dialects, as the store names them.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// FS returns the migrations of one dialect, for tools that want to read them.
func FS(dialect string) (fs.FS, error) {
	switch dialect {
	case SQLite, Postgres:
		return fs.Sub(files, dialect)
	}
	return nil, fmt.Errorf("migrations: unknown dialect %q", dialect)
}

// Status is the state of one migration.
type Status struct {
	Version   int64
	Name      string    // the file name, e.g. "00001_accounts.sql"
	Applied   bool      // whether the database has it
	AppliedAt time.Time // zero unless Applied
}

// Migrator applies the embedded migrations of one dialect to a database.
type Migrator struct {
	p *goose.Provider
}

// New returns a Migrator for db, which must be a database of the given dialect
// ("sqlite" or "postgres"). For SQLite, pass a handle whose writes go through a
// single connection. On Postgres an advisory lock serializes migrations run by
// several processes at once (a server and judges starting together).
func New(db *sql.DB, dialect string) (*Migrator, error) {
	fsys, err := FS(dialect)
	if err != nil {
		return nil, err
	}
	var gd goose.Dialect
	var opts []goose.ProviderOption
	switch dialect {
	case SQLite:
		gd = goose.DialectSQLite3
	case Postgres:
		gd = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, fmt.Errorf("migrations: postgres locker: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	opts = append(opts, goose.WithGoMigrations(goMigrations(dialect)...))
	p, err := goose.NewProvider(gd, db, fsys, opts...)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return &Migrator{p: p}, nil
}

// Up applies every pending migration and returns the names of those it applied.
func (m *Migrator) Up(ctx context.Context) ([]string, error) {
	res, err := m.p.Up(ctx)
	names := make([]string, 0, len(res))
	for _, r := range res {
		if r.Error == nil {
			names = append(names, r.Source.Path)
		}
	}
	if err != nil {
		return names, fmt.Errorf("migrate up: %w", err)
	}
	return names, nil
}

// UpTo applies the pending migrations up to and including version, and
// returns the names of those it applied.
func (m *Migrator) UpTo(ctx context.Context, version int64) ([]string, error) {
	res, err := m.p.UpTo(ctx, version)
	names := make([]string, 0, len(res))
	for _, r := range res {
		if r.Error == nil {
			names = append(names, r.Source.Path)
		}
	}
	if err != nil {
		return names, fmt.Errorf("migrate up to %d: %w", version, err)
	}
	return names, nil
}

// Down rolls back the most recent migration and returns its name. It fails
// when no migration is applied.
func (m *Migrator) Down(ctx context.Context) (string, error) {
	r, err := m.p.Down(ctx)
	if err != nil {
		return "", fmt.Errorf("migrate down: %w", err)
	}
	return r.Source.Path, nil
}

// Status lists every migration in version order with whether it is applied.
func (m *Migrator) Status(ctx context.Context) ([]Status, error) {
	st, err := m.p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate status: %w", err)
	}
	out := make([]Status, 0, len(st))
	for _, s := range st {
		out = append(out, Status{
			Version:   s.Source.Version,
			Name:      s.Source.Path,
			Applied:   s.State == goose.StateApplied,
			AppliedAt: s.AppliedAt,
		})
	}
	return out, nil
}

// Version returns the highest applied version, 0 for an empty database.
func (m *Migrator) Version(ctx context.Context) (int64, error) {
	v, err := m.p.GetDBVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("migrate version: %w", err)
	}
	return v, nil
}
