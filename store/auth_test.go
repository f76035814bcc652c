package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/goprep/goprep"
)

func TestRefreshTokens(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		db := e.db
		u := mustUser(t, db, "rt@example.com", goprep.RoleCandidate)
		exp := e.clock.Now().Add(30 * 24 * time.Hour)

		first := &goprep.RefreshToken{UserID: u.ID, FamilyID: "fam-1", TokenHash: "h1", ExpiresAt: exp}
		if err := db.CreateRefreshToken(ctx, first); err != nil {
			t.Fatal(err)
		}
		got, err := db.RefreshTokenByHash(ctx, "h1")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(first, got); diff != "" {
			t.Errorf("RefreshTokenByHash (-want +got):\n%s", diff)
		}
		_, err = db.RefreshTokenByHash(ctx, "nope")
		wantCode(t, err, goprep.ENOTFOUND)
		wantCode(t, db.CreateRefreshToken(ctx, &goprep.RefreshToken{UserID: u.ID, FamilyID: "f", TokenHash: "h1", ExpiresAt: exp}), goprep.ECONFLICT)

		// Rotation: h1 -> h2 in the same family.
		e.clock.Advance(time.Minute)
		second := &goprep.RefreshToken{TokenHash: "h2", ExpiresAt: exp}
		if err := db.RotateRefreshToken(ctx, first.ID, second); err != nil {
			t.Fatal(err)
		}
		if second.ID == 0 || second.FamilyID != "fam-1" || second.UserID != u.ID {
			t.Fatalf("rotated token = %+v", second)
		}
		old, err := db.RefreshTokenByHash(ctx, "h1")
		if err != nil {
			t.Fatal(err)
		}
		if old.UsedAt == nil || !old.UsedAt.Equal(e.clock.Now()) || old.ReplacedBy != second.ID {
			t.Errorf("old token after rotation = %+v", old)
		}

		// Replay: rotating h1 again fails and stores nothing.
		third := &goprep.RefreshToken{TokenHash: "h3", ExpiresAt: exp}
		wantCode(t, db.RotateRefreshToken(ctx, first.ID, third), goprep.ECONFLICT)
		_, err = db.RefreshTokenByHash(ctx, "h3")
		wantCode(t, err, goprep.ENOTFOUND)

		// The family is revoked: h2 can no longer rotate.
		if err := db.RevokeRefreshFamily(ctx, "fam-1"); err != nil {
			t.Fatal(err)
		}
		h2, err := db.RefreshTokenByHash(ctx, "h2")
		if err != nil {
			t.Fatal(err)
		}
		if h2.RevokedAt == nil {
			t.Error("h2 not revoked with its family")
		}
		wantCode(t, db.RotateRefreshToken(ctx, second.ID, &goprep.RefreshToken{TokenHash: "h4", ExpiresAt: exp}), goprep.ECONFLICT)

		// Another family of the same user survives until the user's tokens are revoked.
		other := &goprep.RefreshToken{UserID: u.ID, FamilyID: "fam-2", TokenHash: "o1", ExpiresAt: exp}
		if err := db.CreateRefreshToken(ctx, other); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.RefreshTokenByHash(ctx, "o1"); got == nil || got.RevokedAt != nil {
			t.Fatalf("fam-2 token = %+v, want live", got)
		}
		if err := db.RevokeUserRefreshTokens(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.RefreshTokenByHash(ctx, "o1"); got == nil || got.RevokedAt == nil {
			t.Fatalf("fam-2 token = %+v, want revoked", got)
		}
	})
}

func TestRefreshRotationRace(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		u := mustUser(t, e.db, "race@example.com", goprep.RoleCandidate)
		tok := &goprep.RefreshToken{UserID: u.ID, FamilyID: "fam", TokenHash: "start", ExpiresAt: e.clock.Now().Add(time.Hour)}
		if err := e.db.CreateRefreshToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				next := &goprep.RefreshToken{TokenHash: "next-" + string(rune('a'+i)), ExpiresAt: e.clock.Now().Add(time.Hour)}
				errs[i] = e.db.RotateRefreshToken(ctx, tok.ID, next)
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch goprep.ErrorCode(err) {
			case "":
				ok++
			case goprep.ECONFLICT:
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d concurrent rotations succeeded, want exactly 1", ok)
		}
	})
}

func TestAPIKeys(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		db := e.db
		alice := mustUser(t, db, "alice@example.com", goprep.RoleInterviewer)
		bob := mustUser(t, db, "bob@example.com", goprep.RoleInterviewer)
		exp := e.clock.Now().Add(90 * 24 * time.Hour)

		k := &goprep.APIKey{UserID: alice.ID, Name: "lms", Prefix: "gp_abcd", KeyHash: "kh1",
			Scopes: []goprep.Scope{goprep.ScopeRead, goprep.ScopeGrades}, ExpiresAt: &exp}
		if err := db.CreateAPIKey(ctx, k); err != nil {
			t.Fatal(err)
		}
		got, err := db.APIKeyByHash(ctx, "kh1")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(k, got); diff != "" {
			t.Errorf("APIKeyByHash (-want +got):\n%s", diff)
		}
		if !got.HasScope(goprep.ScopeGrades) || got.HasScope(goprep.ScopeAdminUsers) {
			t.Errorf("scopes = %v", got.Scopes)
		}
		wantCode(t, db.CreateAPIKey(ctx, &goprep.APIKey{UserID: alice.ID, KeyHash: "kh2", Scopes: []goprep.Scope{"root"}}), goprep.EINVALID)
		wantCode(t, db.CreateAPIKey(ctx, &goprep.APIKey{UserID: bob.ID, KeyHash: "kh1"}), goprep.ECONFLICT)

		k2 := &goprep.APIKey{UserID: bob.ID, Name: "ci", Prefix: "gp_efgh", KeyHash: "kh3"}
		if err := db.CreateAPIKey(ctx, k2); err != nil {
			t.Fatal(err)
		}
		list, err := db.ListAPIKeys(ctx, alice.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].ID != k.ID {
			t.Errorf("alice's keys = %+v", list)
		}
		all, err := db.ListAPIKeys(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 {
			t.Errorf("all keys: %d, want 2", len(all))
		}

		at := e.clock.Now().Add(time.Hour)
		if err := db.TouchAPIKey(ctx, k.ID, at); err != nil {
			t.Fatal(err)
		}
		// Bob cannot revoke Alice's key; Alice can, twice; an admin (0) can revoke Bob's.
		wantCode(t, db.RevokeAPIKey(ctx, bob.ID, k.ID), goprep.ENOTFOUND)
		if err := db.RevokeAPIKey(ctx, alice.ID, k.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.RevokeAPIKey(ctx, alice.ID, k.ID); err != nil {
			t.Fatalf("second revoke: %v", err)
		}
		if err := db.RevokeAPIKey(ctx, 0, k2.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.RevokeAPIKey(ctx, 0, 99999), goprep.ENOTFOUND)
		got, err = db.APIKeyByHash(ctx, "kh1")
		if err != nil {
			t.Fatal(err)
		}
		if got.RevokedAt == nil || got.LastUsedAt == nil || !got.LastUsedAt.Equal(at) {
			t.Errorf("key after touch and revoke = %+v", got)
		}
	})
}
