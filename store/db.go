package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/migrations"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver: pure Go, FTS5 built in
)

// DefaultSQLitePath is where the database lives when the DSN is empty.
const DefaultSQLitePath = "./data/goprep.db"

// Options tune Open. The zero value is usable.
type Options struct {
	// Migrate applies pending migrations before Open returns.
	Migrate bool
	// Readers is the number of SQLite read connections (default 4). The
	// writer is always a single connection.
	Readers int
	// MaxConns caps the Postgres pool (default 20).
	MaxConns int
	// BusyTimeout is how long a SQLite connection waits for a lock (default 5s).
	BusyTimeout time.Duration
	// Logger receives slow queries and driver warnings; nil discards them.
	Logger *slog.Logger
	// SlowQuery is the threshold above which a query is logged (default 200ms).
	SlowQuery time.Duration
	// Now is the clock for timestamps and leases (default goprep.Now); tests
	// pass a fake one.
	Now func() time.Time
}

// DB is an open database. It implements the root package's service
// interfaces; it is safe for concurrent use.
type DB struct {
	dialect string
	w       *gorm.DB // all writes and transactions
	r       *gorm.DB // reads outside transactions
	sqlW    *sql.DB
	sqlR    *sql.DB // == sqlW on Postgres
	// now is the clock; tests may replace it before use.
	now func() time.Time
}

// Compile-time checks that *DB implements the services.
var (
	_ goprep.UserService = (*DB)(nil)
	_ goprep.AuthService = (*DB)(nil)
)

// Open connects to the database named by dsn:
//
//   - "" opens SQLite at DefaultSQLitePath;
//   - "postgres://…" or "postgresql://…" opens PostgreSQL;
//   - "sqlite://PATH", "file:PATH[?…]" or a plain PATH opens SQLite at PATH,
//     creating its directory.
//
// An in-memory SQLite database is not supported: the writer and the readers
// are separate connections and would each see their own database.
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	if opts.Readers <= 0 {
		opts.Readers = 4
	}
	if opts.MaxConns <= 0 {
		opts.MaxConns = 20
	}
	if opts.BusyTimeout <= 0 {
		opts.BusyTimeout = 5 * time.Second
	}
	if opts.SlowQuery <= 0 {
		opts.SlowQuery = 200 * time.Millisecond
	}
	var db *DB
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db, err = openPostgres(ctx, dsn, opts)
	} else {
		db, err = openSQLite(ctx, dsn, opts)
	}
	if err != nil {
		return nil, err
	}
	if opts.Now != nil {
		clock := opts.Now
		db.now = func() time.Time { return micro(clock()) }
	}
	if opts.Migrate {
		if _, err := db.MigrateUp(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

func gormConfig(opts Options) *gorm.Config {
	lg := logger.Discard
	if opts.Logger != nil {
		lg = logger.NewSlogLogger(opts.Logger, logger.Config{
			SlowThreshold:             opts.SlowQuery,
			LogLevel:                  logger.Warn,
			IgnoreRecordNotFoundError: true,
			ParameterizedQueries:      true,
		})
	}
	return &gorm.Config{
		Logger:                 lg,
		SkipDefaultTransaction: true,
		PrepareStmt:            false,
		TranslateError:         false,
		NowFunc:                func() time.Time { return goprep.Now().UTC().Truncate(time.Microsecond) },
	}
}

// sqlitePath turns a DSN into a file path (and any query the caller gave).
func sqlitePath(dsn string) (path, query string, err error) {
	switch {
	case dsn == "":
		path = DefaultSQLitePath
	case strings.HasPrefix(dsn, "sqlite://"):
		path = strings.TrimPrefix(dsn, "sqlite://")
	case strings.HasPrefix(dsn, "file:"):
		path = strings.TrimPrefix(dsn, "file:")
		path = strings.TrimPrefix(path, "//")
	default:
		path = dsn
	}
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, query = path[:i], path[i+1:]
	}
	if path == "" || path == ":memory:" || strings.Contains(query, "mode=memory") {
		return "", "", goprep.Errorf(goprep.EINVALID, "in-memory SQLite is not supported; use a file path")
	}
	return path, query, nil
}

func openSQLite(ctx context.Context, dsn string, opts Options) (*DB, error) {
	path, query, err := sqlitePath(dsn)
	if err != nil {
		return nil, err
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("open sqlite: create directory: %w", err)
		}
	}
	base := url.Values{}
	if query != "" {
		if base, err = url.ParseQuery(query); err != nil {
			return nil, goprep.Errorf(goprep.EINVALID, "invalid SQLite DSN query: %v", err)
		}
	}
	common := func() url.Values {
		v := url.Values{}
		for k, vs := range base {
			v[k] = append([]string(nil), vs...)
		}
		v.Set("_busy_timeout", fmt.Sprint(opts.BusyTimeout.Milliseconds()))
		v.Add("_pragma", "foreign_keys(1)")
		v.Add("_pragma", "synchronous(NORMAL)")
		v.Set("_time_format", "sqlite")
		v.Set("_timezone", "UTC")
		return v
	}
	wq := common()
	wq.Add("_pragma", "journal_mode(WAL)")
	wq.Set("_txlock", "immediate")
	rq := common()
	rq.Set("_query_only", "1")

	db := &DB{dialect: migrations.SQLite, now: defaultNow}
	cfg := gormConfig(opts)
	db.w, err = gorm.Open(sqlite.New(sqlite.Config{DriverName: "sqlite", DSN: path + "?" + wq.Encode()}), cfg)
	if err != nil {
		return nil, fmt.Errorf("open sqlite writer: %w", err)
	}
	db.sqlW, err = db.w.DB()
	if err != nil {
		return nil, fmt.Errorf("open sqlite writer: %w", err)
	}
	db.sqlW.SetMaxOpenConns(1)
	db.sqlW.SetMaxIdleConns(1)
	db.sqlW.SetConnMaxIdleTime(0)
	db.sqlW.SetConnMaxLifetime(0)
	if err := db.sqlW.PingContext(ctx); err != nil {
		db.sqlW.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}

	db.r, err = gorm.Open(sqlite.New(sqlite.Config{DriverName: "sqlite", DSN: path + "?" + rq.Encode()}), cfg)
	if err != nil {
		db.sqlW.Close()
		return nil, fmt.Errorf("open sqlite readers: %w", err)
	}
	db.sqlR, err = db.r.DB()
	if err != nil {
		db.sqlW.Close()
		return nil, fmt.Errorf("open sqlite readers: %w", err)
	}
	db.sqlR.SetMaxOpenConns(opts.Readers)
	db.sqlR.SetMaxIdleConns(opts.Readers)
	if err := db.sqlR.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite readers %s: %w", path, err)
	}
	return db, nil
}

func openPostgres(ctx context.Context, dsn string, opts Options) (*DB, error) {
	g, err := gorm.Open(postgres.New(postgres.Config{DSN: dsn}), gormConfig(opts))
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	sqlDB.SetMaxOpenConns(opts.MaxConns)
	sqlDB.SetMaxIdleConns(opts.MaxConns)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	return &DB{dialect: migrations.Postgres, w: g, r: g, sqlW: sqlDB, sqlR: sqlDB, now: defaultNow}, nil
}

func defaultNow() time.Time { return goprep.Now().UTC().Truncate(time.Microsecond) }

// Dialect returns "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect }

// Close closes every connection.
func (db *DB) Close() error {
	var errs []error
	if db.sqlR != nil && db.sqlR != db.sqlW {
		errs = append(errs, db.sqlR.Close())
	}
	if db.sqlW != nil {
		errs = append(errs, db.sqlW.Close())
	}
	return errors.Join(errs...)
}

// Ping checks that the database answers, for readiness probes.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.sqlW.PingContext(ctx); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	if db.sqlR != db.sqlW {
		if err := db.sqlR.PingContext(ctx); err != nil {
			return fmt.Errorf("ping database readers: %w", err)
		}
	}
	return nil
}

// migrator returns a goose migrator on the writer.
func (db *DB) migrator() (*migrations.Migrator, error) {
	return migrations.New(db.sqlW, db.dialect)
}

// MigrateUp applies every pending migration and returns their file names.
func (db *DB) MigrateUp(ctx context.Context) ([]string, error) {
	m, err := db.migrator()
	if err != nil {
		return nil, err
	}
	return m.Up(ctx)
}

// MigrateDown rolls back the most recent migration and returns its file name.
func (db *DB) MigrateDown(ctx context.Context) (string, error) {
	m, err := db.migrator()
	if err != nil {
		return "", err
	}
	return m.Down(ctx)
}

// MigrationStatus lists every migration and whether it is applied.
func (db *DB) MigrationStatus(ctx context.Context) ([]migrations.Status, error) {
	m, err := db.migrator()
	if err != nil {
		return nil, err
	}
	return m.Status(ctx)
}

// reader returns the handle for a read outside a transaction.
func (db *DB) reader(ctx context.Context) *gorm.DB { return db.r.WithContext(ctx) }

// writer returns the handle for a single write statement.
func (db *DB) writer(ctx context.Context) *gorm.DB { return db.w.WithContext(ctx) }

// tx runs fn in a transaction on the writer.
func (db *DB) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return db.w.WithContext(ctx).Transaction(fn)
}
