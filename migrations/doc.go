// Package migrations owns GoPrep's database schema: SQL migrations for SQLite
// (sqlite/*.sql) and PostgreSQL (postgres/*.sql), embedded in the binary and
// applied with goose. The schema comes only from here; the store never runs
// AutoMigrate. Both dialects carry the same tables and columns; each uses its
// own full-text index for the knowledge base (SQLite FTS5, Postgres pg_trgm
// and tsvector).
//
// Add a change as a new numbered file in both directories, with an Up and a
// Down section; never edit a migration that has shipped. A change that needs
// Go (a value the store computes, for rows that already exist) is a Go
// migration in gomigrations.go, registered for both dialects under a version
// no file uses.
package migrations
