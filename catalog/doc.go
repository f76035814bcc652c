// Package catalog reads GoPrep's content from disk — knowledge-base entries
// in kb/ and problems in problems/ — and loads it into the database
// idempotently, versioned by content hash.
package catalog
