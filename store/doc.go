// Package store is GoPrep's persistence: it implements the service interfaces
// of the root package (UserService, AuthService, ProblemService,
// SubmissionService, KBService, SetService) on SQLite or PostgreSQL through
// GORM. It is the only package that imports GORM or a database driver.
//
// Open picks the dialect from the DSN. On SQLite (the embedded default, via
// the pure-Go modernc.org/sqlite driver) writes go through one writer
// connection and reads through a separate pool of read-only connections, with
// WAL, a busy timeout, foreign keys and synchronous=NORMAL. On PostgreSQL one
// pool serves both.
//
// The schema comes from package migrations; the store never runs AutoMigrate.
// Errors carry goprep codes: a missing row is ENOTFOUND, a unique violation
// ECONFLICT, anything else is wrapped with what was being done (EINTERNAL).
package store
