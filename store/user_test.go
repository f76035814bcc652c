package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/goprep/goprep"
)

func TestUsers(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		db := e.db
		u := &goprep.User{Email: "  Ada@Example.COM ", Name: "Ada", Role: goprep.RoleInterviewer, PasswordHash: "h1"}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || u.Email != "ada@example.com" || u.CreatedAt.IsZero() {
			t.Fatalf("created user = %+v", u)
		}

		t.Run("ByIDAndEmail", func(t *testing.T) {
			got, err := db.UserByID(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(u, got); diff != "" {
				t.Errorf("UserByID (-want +got):\n%s", diff)
			}
			got, err = db.UserByEmail(ctx, "ADA@example.com")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(u, got); diff != "" {
				t.Errorf("UserByEmail (-want +got):\n%s", diff)
			}
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			_, err := db.UserByID(ctx, u.ID+1000)
			wantCode(t, err, goprep.ENOTFOUND)
			_, err = db.UserByEmail(ctx, "nobody@example.com")
			wantCode(t, err, goprep.ENOTFOUND)
			err = db.UpdateUser(ctx, &goprep.User{ID: u.ID + 1000, Email: "x@example.com", Name: "X", Role: goprep.RoleCandidate})
			wantCode(t, err, goprep.ENOTFOUND)
		})

		t.Run("ErrEmailTaken", func(t *testing.T) {
			err := db.CreateUser(ctx, &goprep.User{Email: "ADA@example.com", Name: "Other", Role: goprep.RoleCandidate})
			wantCode(t, err, goprep.ECONFLICT)
			v := mustUser(t, db, "bob@example.com", goprep.RoleCandidate)
			v.Email = "ada@example.com"
			wantCode(t, db.UpdateUser(ctx, v), goprep.ECONFLICT)
		})

		t.Run("ErrInvalidRole", func(t *testing.T) {
			err := db.CreateUser(ctx, &goprep.User{Email: "r@example.com", Name: "R", Role: "root"})
			wantCode(t, err, goprep.EINVALID)
		})

		t.Run("Update", func(t *testing.T) {
			e.clock.Advance(time.Minute)
			v, err := db.UserByID(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			v.Name, v.Role, v.Disabled, v.PasswordHash = "Ada L.", goprep.RoleAdmin, true, "h2"
			if err := db.UpdateUser(ctx, v); err != nil {
				t.Fatal(err)
			}
			got, err := db.UserByID(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(v, got); diff != "" {
				t.Errorf("after update (-want +got):\n%s", diff)
			}
		})

		t.Run("List", func(t *testing.T) {
			for _, m := range []string{"c@example.com", "d@example.com", "e@example.com"} {
				mustUser(t, db, m, goprep.RoleCandidate)
			}
			var emails []string
			cursor := ""
			for page := 0; ; page++ {
				users, next, total, err := db.ListUsers(ctx, goprep.Page{Limit: 2, Cursor: cursor})
				if err != nil {
					t.Fatal(err)
				}
				if total != 5 {
					t.Errorf("total = %d, want 5", total)
				}
				for _, u := range users {
					emails = append(emails, u.Email)
				}
				if next == "" {
					break
				}
				if page > 5 {
					t.Fatal("pagination does not end")
				}
				cursor = next
			}
			want := []string{"ada@example.com", "bob@example.com", "c@example.com", "d@example.com", "e@example.com"}
			if diff := cmp.Diff(want, emails); diff != "" {
				t.Errorf("paged emails (-want +got):\n%s", diff)
			}
			_, _, _, err := db.ListUsers(ctx, goprep.Page{Cursor: "garbage!"})
			wantCode(t, err, goprep.EINVALID)
		})
	})
}
