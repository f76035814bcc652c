package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/goprep/goprep"
)

func TestInvitations(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		db := e.db
		iv := mustUser(t, db, "iv@example.com", goprep.RoleInterviewer)
		active := mustUser(t, db, "active@example.com", goprep.RoleCandidate)
		if active.State != goprep.UserActive {
			t.Fatalf("new user state = %q, want active", active.State)
		}
		mustProblem(t, db, "a")
		mustProblem(t, db, "b")
		s1 := &goprep.ProblemSet{OwnerID: iv.ID, Title: "one", Problems: []string{"a"}}
		s2 := &goprep.ProblemSet{OwnerID: iv.ID, Title: "two", Problems: []string{"b"}}
		for _, s := range []*goprep.ProblemSet{s1, s2} {
			if err := db.CreateSet(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		now := e.clock.Now()
		deadline := now.Add(48 * time.Hour)
		exp := now.Add(goprep.InvitationTTL)

		// Create: a new invited account, its invitation and its assignment.
		u := &goprep.User{Email: " New@Example.com ", Name: "New"}
		inv1 := &goprep.Invitation{InvitedBy: iv.ID, TokenHash: "t1", ExpiresAt: exp}
		a1 := &goprep.Assignment{SetID: s1.ID, Deadline: deadline}
		if err := db.Invite(ctx, u, inv1, a1); err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || u.Email != "new@example.com" || u.State != goprep.UserInvited || u.PasswordHash != "" || u.Role != goprep.RoleCandidate {
			t.Fatalf("invited user = %+v", u)
		}
		if a1.ID == 0 || a1.CandidateID != u.ID || inv1.ID == 0 || inv1.UserID != u.ID {
			t.Fatalf("assignment = %+v, invitation = %+v", a1, inv1)
		}
		got, err := db.InvitationByHash(ctx, "t1")
		if err != nil {
			t.Fatal(err)
		}
		if got.UserID != u.ID || got.InvitedBy != iv.ID || !got.ExpiresAt.Equal(exp) || got.UsedAt != nil || got.RevokedAt != nil {
			t.Fatalf("stored invitation = %+v", got)
		}
		if as, _, _, err := db.ListAssignments(ctx, u.ID, goprep.Page{}); err != nil || len(as) != 1 {
			t.Fatalf("assignments of the invited user = %v, %v", as, err)
		}

		// An active account cannot be invited; a failed invite stores nothing.
		wantCode(t, db.Invite(ctx, &goprep.User{Email: active.Email, Name: "x"},
			&goprep.Invitation{TokenHash: "tx", ExpiresAt: exp}, &goprep.Assignment{SetID: s1.ID, Deadline: deadline}), goprep.ECONFLICT)
		_, err = db.InvitationByHash(ctx, "tx")
		wantCode(t, err, goprep.ENOTFOUND)

		// The same set again conflicts and leaves the first invitation live.
		wantCode(t, db.Invite(ctx, &goprep.User{Email: "new@example.com", Name: "New"},
			&goprep.Invitation{TokenHash: "t-dup", ExpiresAt: exp}, &goprep.Assignment{SetID: s1.ID, Deadline: deadline}), goprep.ECONFLICT)
		if got, _ := db.InvitationByHash(ctx, "t1"); got.RevokedAt != nil {
			t.Fatal("a failed invite revoked the live invitation")
		}

		// Reuse: another set for the invited user, a fresh invitation, the old one revoked.
		e.clock.Advance(time.Hour)
		again := &goprep.User{Email: "new@example.com", Name: "Other name"}
		inv2 := &goprep.Invitation{InvitedBy: iv.ID, TokenHash: "t2", ExpiresAt: e.clock.Now().Add(goprep.InvitationTTL)}
		a2 := &goprep.Assignment{SetID: s2.ID, Deadline: deadline}
		if err := db.Invite(ctx, again, inv2, a2); err != nil {
			t.Fatal(err)
		}
		if again.ID != u.ID || again.Name != "New" || a2.CandidateID != u.ID {
			t.Fatalf("reinvited user = %+v, assignment = %+v", again, a2)
		}
		if got, _ := db.InvitationByHash(ctx, "t1"); got.RevokedAt == nil {
			t.Fatal("the old invitation is still live")
		}

		// A revoked token cannot be accepted.
		_, err = db.AcceptInvitation(ctx, "t1", "hash", "", e.clock.Now())
		wantCode(t, err, goprep.EGONE)
		_, err = db.AcceptInvitation(ctx, "unknown", "hash", "", e.clock.Now())
		wantCode(t, err, goprep.EGONE)

		// Accept: password set, state active, name changed, token used once.
		acc, err := db.AcceptInvitation(ctx, "t2", "hash2", " Ada ", e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if acc.ID != u.ID || acc.State != goprep.UserActive || acc.PasswordHash != "hash2" || acc.Name != "Ada" {
			t.Fatalf("accepted user = %+v", acc)
		}
		if got, _ := db.InvitationByHash(ctx, "t2"); got.UsedAt == nil || !got.UsedAt.Equal(e.clock.Now()) {
			t.Fatalf("used invitation = %+v", got)
		}
		_, err = db.AcceptInvitation(ctx, "t2", "hash3", "", e.clock.Now())
		wantCode(t, err, goprep.EGONE)
		if got, _ := db.UserByID(ctx, u.ID); got.PasswordHash != "hash2" {
			t.Fatal("a second use changed the password")
		}
		// Once active, the account cannot be invited again.
		wantCode(t, db.Invite(ctx, &goprep.User{Email: "new@example.com", Name: "x"},
			&goprep.Invitation{TokenHash: "t3", ExpiresAt: exp}, nil), goprep.ECONFLICT)

		// Expiry: an invitation is dead at its expiry time.
		late := &goprep.User{Email: "late@example.com", Name: "Late"}
		if err := db.Invite(ctx, late, &goprep.Invitation{TokenHash: "t4", ExpiresAt: e.clock.Now().Add(time.Hour)}, nil); err != nil {
			t.Fatal(err)
		}
		_, err = db.AcceptInvitation(ctx, "t4", "hash", "", e.clock.Now().Add(time.Hour))
		wantCode(t, err, goprep.EGONE)
		if got, _ := db.UserByID(ctx, late.ID); got.State != goprep.UserInvited || got.PasswordHash != "" {
			t.Fatalf("user after an expired accept = %+v", got)
		}

		// A disabled invited account cannot accept.
		late.Disabled = true
		if err := db.UpdateUser(ctx, late); err != nil {
			t.Fatal(err)
		}
		if err := db.Invite(ctx, late, &goprep.Invitation{TokenHash: "t5", ExpiresAt: exp}, nil); err != nil {
			t.Fatal(err)
		}
		_, err = db.AcceptInvitation(ctx, "t5", "hash", "", e.clock.Now())
		wantCode(t, err, goprep.EFORBIDDEN)
	})
}

// TestReinvite: a fresh invitation for a still-invited account revokes the
// older ones; once the account accepted, ECONFLICT.
func TestReinvite(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		db := e.db
		iv := mustUser(t, db, "iv@example.com", goprep.RoleInterviewer)
		active := mustUser(t, db, "active@example.com", goprep.RoleCandidate)
		now := e.clock.Now()
		exp := now.Add(goprep.InvitationTTL)
		u := &goprep.User{Email: "new@example.com", Name: "New", Role: goprep.RoleCandidate}
		if err := db.Invite(ctx, u, &goprep.Invitation{InvitedBy: iv.ID, TokenHash: "r1", ExpiresAt: exp}, nil); err != nil {
			t.Fatal(err)
		}
		inv := &goprep.Invitation{UserID: u.ID, InvitedBy: iv.ID, TokenHash: "r2", ExpiresAt: exp}
		if err := db.Reinvite(ctx, inv); err != nil {
			t.Fatal(err)
		}
		if inv.ID == 0 || inv.UsedAt != nil || inv.RevokedAt != nil {
			t.Fatalf("reinvitation = %+v", inv)
		}
		if old, err := db.InvitationByHash(ctx, "r1"); err != nil || old.RevokedAt == nil {
			t.Fatalf("the older invitation is not revoked: %+v %v", old, err)
		}
		if got, err := db.InvitationByHash(ctx, "r2"); err != nil || got.RevokedAt != nil || got.UserID != u.ID || got.InvitedBy != iv.ID {
			t.Fatalf("the new invitation = %+v %v", got, err)
		}
		_, err := db.AcceptInvitation(ctx, "r1", "hash", "", now)
		wantCode(t, err, goprep.EGONE)
		if _, err := db.AcceptInvitation(ctx, "r2", "hash", "", now); err != nil {
			t.Fatal(err)
		}

		wantCode(t, db.Reinvite(ctx, &goprep.Invitation{UserID: u.ID, TokenHash: "r3", ExpiresAt: exp}), goprep.ECONFLICT)
		wantCode(t, db.Reinvite(ctx, &goprep.Invitation{UserID: active.ID, TokenHash: "r4", ExpiresAt: exp}), goprep.ECONFLICT)
		wantCode(t, db.Reinvite(ctx, &goprep.Invitation{UserID: 99999, TokenHash: "r5", ExpiresAt: exp}), goprep.ENOTFOUND)
		wantCode(t, db.Reinvite(ctx, &goprep.Invitation{UserID: u.ID, ExpiresAt: exp}), goprep.EINVALID)
		for _, h := range []string{"r3", "r4", "r5"} {
			if _, err := db.InvitationByHash(ctx, h); goprep.ErrorCode(err) != goprep.ENOTFOUND {
				t.Errorf("invitation %s was stored: %v", h, err)
			}
		}
	})
}
