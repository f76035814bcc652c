package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/store"
)

func TestOpenDSNForms(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	t.Chdir(dir)
	for _, c := range []struct {
		dsn, file string
	}{
		{"", filepath.Join(dir, "data", "goprep.db")},
		{"sqlite://" + filepath.Join(dir, "a", "x.db"), filepath.Join(dir, "a", "x.db")},
		{"file:" + filepath.Join(dir, "b", "y.db") + "?cache=private", filepath.Join(dir, "b", "y.db")},
		{"rel/z.db", filepath.Join(dir, "rel", "z.db")},
	} {
		t.Run(c.dsn, func(t *testing.T) {
			db, err := store.Open(ctx, c.dsn, store.Options{Migrate: true})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if db.Dialect() != "sqlite" {
				t.Errorf("dialect = %s", db.Dialect())
			}
			if err := db.Ping(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(c.file); err != nil {
				t.Errorf("database file: %v", err)
			}
			// The pragmas hold on the writer.
			u := &goprep.User{Email: "p@example.com", Name: "P"}
			if err := db.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			// Foreign keys are enforced.
			err = db.CreateRefreshToken(ctx, &goprep.RefreshToken{UserID: 999, FamilyID: "f", TokenHash: "h"})
			wantCode(t, err, goprep.EINVALID)
		})
	}
	for _, dsn := range []string{":memory:", "file::memory:", "file:x.db?mode=memory"} {
		_, err := store.Open(ctx, dsn, store.Options{})
		wantCode(t, err, goprep.EINVALID)
	}
}

func TestOpenWithoutMigrate(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "m.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := db.MigrationStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st {
		if s.Applied {
			t.Errorf("%s applied without Migrate", s.Name)
		}
	}
	if _, err := db.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	name, err := db.MigrateDown(ctx)
	if err != nil || name != st[len(st)-1].Name {
		t.Errorf("MigrateDown = %q, %v; want %s", name, err, st[len(st)-1].Name)
	}
}
