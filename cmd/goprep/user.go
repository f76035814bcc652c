package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/server"
	"github.com/goprep/goprep/store"
)

func init() {
	commands["user"] = command{summary: "manage accounts: user create --email E --role R", run: runUser}
}

// stdin is where user create reads a password from (tests replace it).
var stdin io.Reader = os.Stdin

func runUser(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "create" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprintln(stdout, "Usage: goprep user create --email EMAIL --role candidate|interviewer|admin [--name NAME] [--password PW] [flags]")
			return 0
		}
		fmt.Fprintln(stderr, "Usage: goprep user create --email EMAIL --role candidate|interviewer|admin [--name NAME] [--password PW] [flags]")
		return 2
	}
	return runUserCreate(ctx, args[1:], stdout, stderr)
}

func runUserCreate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cf, err := newCmdFlags("user create", "goprep user create --email EMAIL --role ROLE [--name NAME] [--password PW] [flags]",
		lookupEnv, "db", "log-level")
	if err != nil {
		fmt.Fprintf(stderr, "goprep user create: %v\n", err)
		return 2
	}
	var email, role, name, password string
	cf.fs.StringVar(&email, "email", "", "")
	cf.fs.StringVar(&role, "role", "", "")
	cf.fs.StringVar(&name, "name", "", "")
	cf.fs.StringVar(&password, "password", "", "")
	cf.notes = []string{
		"Creates an account and applies pending migrations first.",
		"  --email EMAIL    the login (required)",
		"  --role ROLE      candidate, interviewer or admin (required)",
		"  --name NAME      display name; default: the part of the email before @",
		"  --password PW    the password; better: GOPREP_USER_PASSWORD, or type it on standard input",
	}
	if err := cf.parse(args, stdout, stderr); err != nil {
		return exitCode(err)
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "goprep user create: "+format+"\n", a...)
		return 1
	}
	if email == "" || role == "" {
		fmt.Fprintln(stderr, "goprep user create: --email and --role are required")
		return 2
	}
	if !goprep.Role(role).Valid() {
		fmt.Fprintf(stderr, "goprep user create: --role must be candidate, interviewer or admin, not %q\n", role)
		return 2
	}
	email = goprep.NormalizeEmail(email)
	if name == "" {
		name, _, _ = strings.Cut(email, "@")
	}
	if password == "" {
		password, _ = lookupEnv("GOPREP_USER_PASSWORD")
	}
	if password == "" {
		fmt.Fprintf(stderr, "Password for %s: ", email)
		line, err := bufio.NewReader(io.LimitReader(stdin, goprep.MaxPasswordLen+2)).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fail("read password: %v", err)
		}
		fmt.Fprintln(stderr)
		password = strings.TrimRight(line, "\r\n")
	}
	u, err := newUser(email, password, name, goprep.Role(role))
	if err != nil {
		return fail("%s", describe(err))
	}
	db, err := store.Open(ctx, cf.cfg.DB, store.Options{Migrate: true, Logger: newLogger(stderr, cf.cfg.LogLevel)})
	if err != nil {
		return fail("open database: %v", err)
	}
	defer db.Close()
	if err := db.CreateUser(ctx, u); err != nil {
		if goprep.ErrorCode(err) == goprep.ECONFLICT {
			return fail("an account with email %s already exists", email)
		}
		return fail("%v", err)
	}
	fmt.Fprintf(stdout, "created %s %s (id %d)\n", u.Role, u.Email, u.ID)
	return 0
}

// newUser validates an account's fields and hashes its password.
func newUser(email, password, name string, role goprep.Role) (*goprep.User, error) {
	if err := goprep.ValidateRegistration(email, password, name); err != nil {
		return nil, err
	}
	hash, err := server.HashPassword(password, server.DefaultPasswordParams)
	if err != nil {
		return nil, err
	}
	return &goprep.User{Email: email, Name: strings.TrimSpace(name), Role: role, PasswordHash: hash}, nil
}

// describe renders a validation error with its fields, for a terminal.
func describe(err error) string {
	var e *goprep.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return goprep.ErrorMessage(err)
	}
	names := make([]string, 0, len(e.Fields))
	for f := range e.Fields {
		names = append(names, f)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, f := range names {
		parts[i] = f + " " + e.Fields[f]
	}
	return strings.Join(parts, "; ")
}
