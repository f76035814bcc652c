package main

import (
	"context"
	"fmt"
	"io"

	"github.com/goprep/goprep/catalog"
	"github.com/goprep/goprep/store"
)

func init() {
	commands["import"] = command{summary: "load the problem catalog and the knowledge base into the database", run: runImport}
}

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cf, err := newCmdFlags("import", "goprep import [flags]", lookupEnv, "db", "problems-dir", "kb-dir", "log-level")
	if err != nil {
		fmt.Fprintf(stderr, "goprep import: %v\n", err)
		return 2
	}
	cf.notes = []string{"Loads problems and knowledge-base entries, versioned by content hash: unchanged",
		"files are skipped, edited files update their rows, and entries edited through the API",
		"are never overwritten (each is reported as a conflict). Migrates the database first."}
	if err := cf.parse(args, stdout, stderr); err != nil {
		return exitCode(err)
	}
	if cf.fs.NArg() > 0 {
		fmt.Fprintf(stderr, "goprep import: unexpected argument %q\n", cf.fs.Arg(0))
		return 2
	}
	db, err := store.Open(ctx, cf.cfg.DB, store.Options{Migrate: true, Logger: newLogger(stderr, cf.cfg.LogLevel)})
	if err != nil {
		fmt.Fprintf(stderr, "goprep import: open database: %v\n", err)
		return 1
	}
	defer db.Close()
	r, err := catalog.Import(ctx, cf.cfg.ProblemsDir, cf.cfg.KBDir, db, db)
	r.Print(stdout)
	if err != nil {
		fmt.Fprintf(stderr, "goprep import: %v\n", err)
		return 1
	}
	if len(r.Conflicts) > 0 {
		fmt.Fprintf(stderr, "goprep import: %d entries edited through the API were not overwritten; edit them through the API or delete them to take the files' version\n", len(r.Conflicts))
		return 3
	}
	return 0
}
