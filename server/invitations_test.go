package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/server"
)

// invited is the answer of an assignment with an invitation.
type invited struct {
	goprep.Assignment
	Invitation *struct {
		Token     string    `json:"token"`
		URL       string    `json:"url"`
		ExpiresAt time.Time `json:"expires_at"`
	} `json:"invitation"`
}

func TestInvitations(t *testing.T) {
	clock := &testClock{t: time.Now().UTC().Truncate(time.Second)}
	e := newEnv(t, func(c *server.Config, _ *server.Deps) {
		c.Now = clock.Now
		c.PublicURL = "https://goprep.example.com/"
	})
	e.importProblems()
	iv := e.register(goprep.RoleInterviewer)
	ann := e.register(goprep.RoleCandidate)
	key := e.createKey(t, iv, map[string]any{"name": "lms", "scopes": []string{"assignments", "grades"}})
	set := e.createSet(t, iv, map[string]any{"title": "Round 1", "problems": []string{"safe-counter"}})
	set2 := e.createSet(t, iv, map[string]any{"title": "Round 2", "problems": []string{"ring-buffer"}})
	assign := func(setID int64, body map[string]any) *response {
		t.Helper()
		if _, ok := body["deadline"]; !ok {
			body["deadline"] = clock.Now().Add(72 * time.Hour).Format(time.RFC3339)
		}
		return e.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/sets/%d/assignments", setID), Token: key.Key, Body: body})
	}
	accept := func(body map[string]any) *response {
		t.Helper()
		return e.do(req{Method: "POST", Path: "/api/v1/auth/invitations/accept", Body: body})
	}

	// Without invite, an unknown email is refused and the message says how to invite.
	p := problem(t, assign(set.ID, map[string]any{"email": "new@example.com"}), http.StatusBadRequest)
	if !strings.Contains(p.Detail, `"invite": true`) || !strings.Contains(p.Errors["email"], `"invite": true`) {
		t.Errorf("unknown email without invite: %+v", p)
	}
	// invite needs an email.
	problem(t, assign(set.ID, map[string]any{"user_id": ann.ID, "invite": true}), http.StatusBadRequest)

	// An active account with invite just gets the assignment, no link.
	res := assign(set.ID, map[string]any{"email": ann.Email, "invite": true})
	if res.Status != http.StatusCreated {
		t.Fatalf("invite an active account: %d %s", res.Status, res.Body)
	}
	var plain invited
	res.JSON(t, &plain)
	if plain.CandidateID != ann.ID || plain.Invitation != nil {
		t.Fatalf("invite an active account: %s", res.Body)
	}

	// An unknown email with invite: an invited account, the assignment, a link.
	res = assign(set.ID, map[string]any{"email": " New@Example.com", "name": "Nina", "invite": true})
	if res.Status != http.StatusCreated {
		t.Fatalf("invite: %d %s", res.Status, res.Body)
	}
	var first invited
	res.JSON(t, &first)
	if first.Invitation == nil || len(first.Invitation.Token) != 43 ||
		first.Invitation.URL != "https://goprep.example.com/invite/"+first.Invitation.Token ||
		!first.Invitation.ExpiresAt.Equal(clock.Now().Add(14*24*time.Hour)) {
		t.Fatalf("invitation: %s", res.Body)
	}
	nu, err := e.db.UserByEmail(context.Background(), "new@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if nu.ID != first.CandidateID || nu.State != goprep.UserInvited || nu.PasswordHash != "" || nu.Name != "Nina" || nu.Role != goprep.RoleCandidate {
		t.Fatalf("invited user: %+v", nu)
	}
	inv, err := e.db.InvitationByHash(context.Background(), sha256Hex(first.Invitation.Token))
	if err != nil || inv.UserID != nu.ID || inv.InvitedBy != iv.ID {
		t.Fatalf("stored invitation (by the token's SHA-256): %+v, %v", inv, err)
	}

	// The report shows the candidate as invited.
	rep := e.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/sets/%d/report", set.ID), Token: key.Key})
	if rep.Status != http.StatusOK || !strings.Contains(string(rep.Body), `"state":"invited"`) {
		t.Errorf("report: %d %s", rep.Status, rep.Body)
	}

	// Login before accepting: a clear error that points at the link.
	p = problem(t, e.do(req{Method: "POST", Path: "/api/v1/auth/login",
		Body: map[string]string{"email": "new@example.com", "password": "whatever whatever"}}), http.StatusForbidden)
	if !strings.Contains(p.Detail, "invitation link") {
		t.Errorf("login before accepting: %+v", p)
	}

	// Registering with the invited email points at the invitation.
	p = problem(t, e.do(req{Method: "POST", Path: "/api/v1/auth/register",
		Body: map[string]string{"email": "new@example.com", "password": "correct horse battery", "name": "Squatter"}}), http.StatusConflict)
	if !strings.Contains(p.Detail, "invitation link") {
		t.Errorf("register an invited email: %+v", p)
	}

	// The same set again: 409, the link stays valid.
	problem(t, assign(set.ID, map[string]any{"email": "new@example.com", "invite": true}), http.StatusConflict)
	// Another set: the same account, a fresh link; the old one is revoked.
	res = assign(set2.ID, map[string]any{"email": "new@example.com", "invite": true})
	if res.Status != http.StatusCreated {
		t.Fatalf("invite again: %d %s", res.Status, res.Body)
	}
	var second invited
	res.JSON(t, &second)
	if second.CandidateID != nu.ID || second.Invitation == nil || second.Invitation.Token == first.Invitation.Token {
		t.Fatalf("invite again: %s", res.Body)
	}
	p = problem(t, accept(map[string]any{"token": first.Invitation.Token, "password": "a long password"}), http.StatusGone)
	if !strings.Contains(p.Detail, "ask the person who invited you for a new link") && !strings.Contains(p.Detail, "Ask the person who invited you for a new link") {
		t.Errorf("revoked token: %+v", p)
	}

	// Validation: the password as at registration; the token is required.
	p = problem(t, accept(map[string]any{"token": second.Invitation.Token, "password": "short"}), http.StatusBadRequest)
	if p.Errors["password"] == "" {
		t.Errorf("short password: %+v", p)
	}
	problem(t, accept(map[string]any{"password": "a long password"}), http.StatusBadRequest)
	problem(t, accept(map[string]any{"token": "nope", "password": "a long password"}), http.StatusGone)

	// Accept: a session, the account active with its new name and password.
	res = accept(map[string]any{"token": second.Invitation.Token, "password": "a long password", "name": "Nina K"})
	if res.Status != http.StatusOK {
		t.Fatalf("accept: %d %s", res.Status, res.Body)
	}
	var tok tokenPair
	res.JSON(t, &tok)
	me := e.do(req{Method: "GET", Path: "/api/v1/me", Token: tok.AccessToken})
	var got goprep.User
	me.JSON(t, &got)
	if got.ID != nu.ID || got.State != goprep.UserActive || got.Name != "Nina K" {
		t.Fatalf("me after accepting: %s", me.Body)
	}
	mine := e.do(req{Method: "GET", Path: "/api/v1/assignments", Token: tok.AccessToken})
	if mine.Status != http.StatusOK || !strings.Contains(string(mine.Body), `"total":2`) {
		t.Errorf("assignments after accepting: %d %s", mine.Status, mine.Body)
	}
	// Single use.
	problem(t, accept(map[string]any{"token": second.Invitation.Token, "password": "another password"}), http.StatusGone)
	// The password works at login now.
	nuser := &user{ID: nu.ID, Email: "new@example.com", Password: "a long password"}
	e.login(nuser)
	// Inviting an active account again gives no link.
	set3 := e.createSet(t, iv, map[string]any{"title": "Round 3", "problems": []string{"safe-counter"}})
	res = assign(set3.ID, map[string]any{"email": "new@example.com", "invite": true})
	var third invited
	res.JSON(t, &third)
	if res.Status != http.StatusCreated || third.Invitation != nil {
		t.Errorf("assign the accepted account: %d %s", res.Status, res.Body)
	}

	ro := e.createKey(t, iv, map[string]any{"name": "ro", "scopes": []string{"read"}})
	// Expiry: 14 days.
	res = assign(set.ID, map[string]any{"email": "late@example.com", "invite": true})
	var late invited
	res.JSON(t, &late)
	if late.Invitation == nil {
		t.Fatalf("invite late: %d %s", res.Status, res.Body)
	}
	clock.Advance(14*24*time.Hour + time.Second)
	problem(t, accept(map[string]any{"token": late.Invitation.Token, "password": "a long password"}), http.StatusGone)

	// Without the assignments scope an API key cannot invite.
	problem(t, e.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/sets/%d/assignments", set.ID), Token: ro.Key,
		Body: map[string]any{"email": "x@example.com", "invite": true, "deadline": clock.Now().Add(time.Hour).Format(time.RFC3339)}}), http.StatusForbidden)
}

// The link's base defaults to the request's scheme and host.
func TestInvitationURLFromRequest(t *testing.T) {
	e := newEnv(t)
	e.importProblems()
	iv := e.register(goprep.RoleInterviewer)
	set := e.createSet(t, iv, map[string]any{"title": "Round", "problems": []string{"safe-counter"}})
	res := e.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/sets/%d/assignments", set.ID), Token: iv.Access,
		Body: map[string]any{"email": "someone@example.com", "invite": true, "deadline": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)}})
	var got invited
	res.JSON(t, &got)
	if res.Status != http.StatusCreated || got.Invitation == nil || got.Invitation.URL != e.ts.URL+"/invite/"+got.Invitation.Token {
		t.Fatalf("invite: %d %s (server %s)", res.Status, res.Body, e.ts.URL)
	}
}

// Accepting is rate limited per client IP with the registration limiter.
func TestInvitationAcceptRateLimited(t *testing.T) {
	e := newEnv(t, func(c *server.Config, _ *server.Deps) { c.RegisterPerIP = server.RateLimit{Every: time.Hour, Burst: 2} })
	for i := range 3 {
		res := e.do(req{Method: "POST", Path: "/api/v1/auth/invitations/accept", Body: map[string]any{"token": "nope", "password": "a long password"}})
		want := http.StatusGone
		if i == 2 {
			want = http.StatusTooManyRequests
		}
		problem(t, res, want)
	}
}

// sha256Hex is how tokens are stored.
func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestInvitationResend: the set's owner (or an admin) gets a new link for a
// still-invited candidate, which revokes the older one; once the candidate
// accepted, 409; anyone else sees no such assignment.
func TestInvitationResend(t *testing.T) {
	clock := &testClock{t: time.Now().UTC().Truncate(time.Second)}
	e := newEnv(t, func(c *server.Config, _ *server.Deps) {
		c.Now = clock.Now
		c.PublicURL = "https://goprep.example.com"
	})
	e.importProblems()
	iv := e.register(goprep.RoleInterviewer)
	other := e.register(goprep.RoleInterviewer)
	admin := e.register(goprep.RoleAdmin)
	ann := e.register(goprep.RoleCandidate)
	set := e.createSet(t, iv, map[string]any{"title": "Round 1", "problems": []string{"safe-counter"}})
	deadline := clock.Now().Add(72 * time.Hour).Format(time.RFC3339)
	res := e.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/sets/%d/assignments", set.ID), Token: iv.Access,
		Body: map[string]any{"email": "nina@example.com", "invite": true, "deadline": deadline}})
	if res.Status != http.StatusCreated {
		t.Fatalf("invite: %d %s", res.Status, res.Body)
	}
	var first invited
	res.JSON(t, &first)
	res = e.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/sets/%d/assignments", set.ID), Token: iv.Access,
		Body: map[string]any{"user_id": ann.ID, "deadline": deadline}})
	if res.Status != http.StatusCreated {
		t.Fatalf("assign: %d %s", res.Status, res.Body)
	}
	var plain invited
	res.JSON(t, &plain)
	path := fmt.Sprintf("/api/v1/assignments/%d/invitation", first.ID)

	readKey := e.createKey(t, iv, map[string]any{"name": "r", "scopes": []string{"read"}})
	problem(t, e.do(req{Method: "POST", Path: path, Token: other.Access}), http.StatusNotFound)
	problem(t, e.do(req{Method: "POST", Path: path, Token: ann.Access}), http.StatusForbidden)
	problem(t, e.do(req{Method: "POST", Path: path, Token: readKey.Key}), http.StatusForbidden)
	problem(t, e.do(req{Method: "POST", Path: path}), http.StatusUnauthorized)
	problem(t, e.do(req{Method: "POST", Path: "/api/v1/assignments/999999/invitation", Token: iv.Access}), http.StatusNotFound)
	problem(t, e.do(req{Method: "POST", Path: "/api/v1/assignments/x/invitation", Token: iv.Access}), http.StatusBadRequest)

	resend := func(token string) invited {
		t.Helper()
		res := e.do(req{Method: "POST", Path: path, Token: token})
		if res.Status != http.StatusCreated {
			t.Fatalf("resend: %d %s", res.Status, res.Body)
		}
		var got invited
		res.JSON(t, &got)
		if got.ID != first.ID || got.Invitation == nil || len(got.Invitation.Token) != 43 ||
			got.Invitation.URL != "https://goprep.example.com/invite/"+got.Invitation.Token ||
			!got.Invitation.ExpiresAt.Equal(clock.Now().Add(goprep.InvitationTTL)) {
			t.Fatalf("resent: %s", res.Body)
		}
		return got
	}
	clock.Advance(time.Minute)
	second := resend(iv.Access)
	key := e.createKey(t, iv, map[string]any{"name": "lms", "scopes": []string{"assignments"}})
	third := resend(key.Key)
	fourth := resend(admin.Access)
	if second.Invitation.Token == first.Invitation.Token || third.Invitation.Token == second.Invitation.Token || fourth.Invitation.Token == third.Invitation.Token {
		t.Fatal("a resent link repeats an older one")
	}
	accept := func(token string) *response {
		return e.do(req{Method: "POST", Path: "/api/v1/auth/invitations/accept",
			Body: map[string]any{"token": token, "password": "a long enough password"}})
	}
	for _, old := range []invited{first, second, third} {
		problem(t, accept(old.Invitation.Token), http.StatusGone)
	}
	if res := accept(fourth.Invitation.Token); res.Status != http.StatusOK {
		t.Fatalf("accept the newest link: %d %s", res.Status, res.Body)
	}

	// Accepted, or never invited: nothing to resend.
	p := problem(t, e.do(req{Method: "POST", Path: path, Token: iv.Access}), http.StatusConflict)
	if !strings.Contains(p.Detail, "already accepted") {
		t.Errorf("after acceptance: %+v", p)
	}
	problem(t, e.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/assignments/%d/invitation", plain.ID), Token: iv.Access}), http.StatusConflict)
}
