// Package store is GoPrep's persistence: it implements the service interfaces
// of the root package (UserService, AuthService, ProblemService,
// SubmissionService, KBService, SetService, LeaderboardService,
// ReviewService, WebhookService) on SQLite or PostgreSQL through GORM. It is
// the only package that imports GORM or a database driver.
//
// # Opening
//
//	db, err := store.Open(ctx, dsn, store.Options{Migrate: true})
//
// The DSN picks the dialect: "" is SQLite at ./data/goprep.db; a path,
// "sqlite://PATH" or "file:PATH[?…]" is SQLite at PATH (its directory is
// created); "postgres://…" or "postgresql://…" is PostgreSQL. On SQLite (the
// pure-Go modernc.org/sqlite driver, FTS5 built in, no build tags) writes go
// through one writer connection (BEGIN IMMEDIATE) and reads through a pool of
// read-only connections, all with WAL, busy_timeout, foreign_keys=ON and
// synchronous=NORMAL. In-memory SQLite is refused (writer and readers would
// see different databases). On PostgreSQL one pool serves both.
//
// # Migrations
//
// The schema comes from package migrations (goose, embedded SQL, one set per
// dialect); the store never runs AutoMigrate. Options.Migrate applies pending
// migrations in Open; MigrateUp, MigrateDown (one step) and MigrationStatus
// serve `goprep migrate up|down|status`. After a bulk load of the knowledge
// base call OptimizeSearch.
//
// # Errors
//
// Errors carry goprep codes: a missing row is ENOTFOUND, a unique violation
// ECONFLICT, a foreign-key or check violation EINVALID; anything else is
// wrapped with what was being done and reads as EINTERNAL.
//
// # Tests
//
// The tests run one suite against a temp-file SQLite database and, when
// GOPREP_TEST_POSTGRES holds a DSN (e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable), against that
// Postgres too, each test in a schema of its own that is dropped afterwards;
// without the variable the Postgres variants skip with that hint. Package
// storetest offers the same databases to other packages' tests.
package store
