package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/server"
	"github.com/goprep/goprep/store"
)

func TestUserCreate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "u.db")
	create := func(in string, args ...string) (int, string, string) {
		t.Helper()
		stdin = strings.NewReader(in)
		t.Cleanup(func() { stdin = nil })
		var stdout, stderr bytes.Buffer
		code := run(t.Context(), append([]string{"user", "create", "--db", db}, args...), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	// The password from standard input.
	code, out, errOut := create("correct horse battery\n", "--email", "Boss@Example.com", "--role", "admin")
	if code != 0 || !strings.Contains(out, "created admin boss@example.com") {
		t.Fatalf("create: %d %q %q", code, out, errOut)
	}
	// From GOPREP_USER_PASSWORD, with a name.
	t.Setenv("GOPREP_USER_PASSWORD", "another long password")
	if code, out, errOut = create("", "--email", "iv@example.com", "--role", "interviewer", "--name", "Ivy"); code != 0 {
		t.Fatalf("create from env: %d %q %q", code, out, errOut)
	}

	s, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, tt := range []struct {
		email, password, name string
		role                  goprep.Role
	}{
		{"boss@example.com", "correct horse battery", "boss", goprep.RoleAdmin},
		{"iv@example.com", "another long password", "Ivy", goprep.RoleInterviewer},
	} {
		u, err := s.UserByEmail(context.Background(), tt.email)
		if err != nil {
			t.Fatal(err)
		}
		if u.Role != tt.role || u.Name != tt.name {
			t.Errorf("%s: role %s name %q", tt.email, u.Role, u.Name)
		}
		if ok, err := server.CheckPassword(tt.password, u.PasswordHash); !ok || err != nil {
			t.Errorf("%s: password does not verify (%v)", tt.email, err)
		}
	}

	// Errors: duplicate, bad role, short password, missing flags.
	t.Setenv("GOPREP_USER_PASSWORD", "")
	for _, tt := range []struct {
		in   string
		args []string
		code int
		msg  string
	}{
		{"correct horse battery\n", []string{"--email", "boss@example.com", "--role", "admin"}, 1, "already exists"},
		{"correct horse battery\n", []string{"--email", "x@example.com", "--role", "root"}, 2, "--role"},
		{"short\n", []string{"--email", "x@example.com", "--role", "candidate"}, 1, "password"},
		{"", []string{"--role", "candidate"}, 2, "--email"},
	} {
		code, _, errOut := create(tt.in, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d mentioning %q", tt.args, code, errOut, tt.code, tt.msg)
		}
	}
}
