package storetest_test

import (
	"context"
	"testing"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/store"
	"github.com/goprep/goprep/store/storetest"
)

func TestEach(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Ping(ctx); err != nil {
			t.Fatal(err)
		}
		u := &goprep.User{Email: "a@example.com", Name: "A", Role: goprep.RoleCandidate}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		// Each database is fresh and migrated: the first user gets the first id.
		if u.ID != 1 {
			t.Errorf("first user id = %d, want 1 in a fresh database", u.ID)
		}
		st, err := db.MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range st {
			if !s.Applied {
				t.Errorf("migration %s not applied", s.Name)
			}
		}
	})
}
