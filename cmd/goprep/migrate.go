package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/goprep/goprep/store"
)

func init() {
	commands["migrate"] = command{summary: "apply, roll back or list database migrations: migrate up|down|status", run: runMigrate}
}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cf, err := newCmdFlags("migrate", "goprep migrate up|down|status [flags]", lookupEnv, "db", "log-level")
	if err != nil {
		fmt.Fprintf(stderr, "goprep migrate: %v\n", err)
		return 2
	}
	cf.notes = []string{
		"  up      apply every pending migration",
		"  down    roll back the most recent migration",
		"  status  list the migrations and which are applied",
	}
	// The action may come before or after the flags.
	var action string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		action, args = args[0], args[1:]
	}
	if err := cf.parse(args, stdout, stderr); err != nil {
		return exitCode(err)
	}
	if action == "" && cf.fs.NArg() > 0 {
		action = cf.fs.Arg(0)
	} else if cf.fs.NArg() > 0 {
		fmt.Fprintf(stderr, "goprep migrate: unexpected argument %q\n", cf.fs.Arg(0))
		return 2
	}
	if action != "up" && action != "down" && action != "status" {
		fmt.Fprintln(stderr, "goprep migrate: say up, down or status")
		cf.usage(stderr)
		return 2
	}
	db, err := store.Open(ctx, cf.cfg.DB, store.Options{Logger: newLogger(stderr, cf.cfg.LogLevel)})
	if err != nil {
		fmt.Fprintf(stderr, "goprep migrate: open database: %v\n", err)
		return 1
	}
	defer db.Close()
	switch action {
	case "up":
		applied, err := db.MigrateUp(ctx)
		for _, name := range applied {
			fmt.Fprintf(stdout, "applied %s\n", name)
		}
		if err != nil {
			fmt.Fprintf(stderr, "goprep migrate up: %v\n", err)
			return 1
		}
		if len(applied) == 0 {
			fmt.Fprintln(stdout, "no pending migrations")
		}
	case "down":
		name, err := db.MigrateDown(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "goprep migrate down: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "rolled back %s\n", name)
	case "status":
		st, err := db.MigrationStatus(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "goprep migrate status: %v\n", err)
			return 1
		}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "VERSION\tMIGRATION\tAPPLIED")
		for _, s := range st {
			applied := "pending"
			if s.Applied {
				applied = s.AppliedAt.UTC().Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\n", s.Version, s.Name, applied)
		}
		tw.Flush()
	}
	return 0
}
