package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/server"
)

func TestRegisterLoginMe(t *testing.T) {
	e := newEnv(t, func(c *server.Config, _ *server.Deps) { c.Password = server.DefaultPasswordParams })
	res := e.do(req{Method: "POST", Path: "/api/v1/auth/register",
		Body: map[string]string{"email": "  Ada@Example.COM ", "password": "correct horse battery", "name": " Ada "}})
	if res.Status != http.StatusCreated {
		t.Fatalf("register: %d %s", res.Status, res.Body)
	}
	var created goprep.User
	res.JSON(t, &created)
	want := goprep.User{Email: "ada@example.com", Name: "Ada", Role: goprep.RoleCandidate, State: goprep.UserActive}
	if diff := cmp.Diff(want, created, cmpopts.IgnoreFields(goprep.User{}, "ID", "CreatedAt", "UpdatedAt")); diff != "" {
		t.Errorf("registered user (-want +got):\n%s", diff)
	}
	if strings.Contains(string(res.Body), "argon2") || strings.Contains(string(res.Body), "password") {
		t.Errorf("register response leaks the password hash: %s", res.Body)
	}
	stored, err := e.db.UserByID(context.Background(), created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stored.PasswordHash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("stored hash %q is not argon2id PHC", stored.PasswordHash)
	}

	res = e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": "ADA@example.com", "password": "correct horse battery"}})
	if res.Status != http.StatusOK {
		t.Fatalf("login: %d %s", res.Status, res.Body)
	}
	var tp tokenPair
	res.JSON(t, &tp)
	if tp.TokenType != "Bearer" || tp.ExpiresIn != 900 || tp.AccessToken == "" || len(tp.RefreshToken) != 43 {
		t.Errorf("token response = %+v", tp)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("token response Cache-Control = %q, want no-store", cc)
	}

	res = e.do(req{Method: "GET", Path: "/api/v1/me", Token: tp.AccessToken})
	if res.Status != http.StatusOK {
		t.Fatalf("me: %d %s", res.Status, res.Body)
	}
	var me goprep.User
	res.JSON(t, &me)
	if diff := cmp.Diff(created, me, cmpopts.EquateApproxTime(0)); diff != "" {
		t.Errorf("/me (-want +got):\n%s", diff)
	}
}

func TestRegisterErrors(t *testing.T) {
	e := newEnv(t)
	taken := e.register(goprep.RoleCandidate)
	tests := []struct {
		name   string
		body   map[string]string
		status int
		fields []string
	}{
		{"ErrEmailTaken", map[string]string{"email": strings.ToUpper(taken.Email), "password": "long enough pw", "name": "X"}, http.StatusConflict, []string{"email"}},
		{"ErrBadEmail", map[string]string{"email": "not-an-email", "password": "long enough pw", "name": "X"}, http.StatusBadRequest, []string{"email"}},
		{"ErrShortPassword", map[string]string{"email": "a@b.example", "password": "short", "name": "X"}, http.StatusBadRequest, []string{"password"}},
		{"ErrEverything", map[string]string{"email": "", "password": "", "name": ""}, http.StatusBadRequest, []string{"email", "name", "password"}},
		{"ErrLongPassword", map[string]string{"email": "a@b.example", "password": strings.Repeat("p", 257), "name": "X"}, http.StatusBadRequest, []string{"password"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := e.with(t)
			e.unchanged(func() {
				p := problem(t, e.do(req{Method: "POST", Path: "/api/v1/auth/register", Body: tt.body}), tt.status)
				var got []string
				for f := range p.Errors {
					got = append(got, f)
				}
				if diff := cmp.Diff(tt.fields, got, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
					t.Errorf("invalid fields (-want +got):\n%s", diff)
				}
			})
		})
	}
}

func TestLoginFailures(t *testing.T) {
	e := newEnv(t)
	u := e.register(goprep.RoleCandidate)
	e.unchanged(func() {
		wrong := problem(t, e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": u.Email, "password": "wrong password"}}), http.StatusUnauthorized)
		unknown := problem(t, e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": "nobody@example.com", "password": "wrong password"}}), http.StatusUnauthorized)
		if wrong.Detail != unknown.Detail {
			t.Errorf("wrong password and unknown email differ: %q vs %q", wrong.Detail, unknown.Detail)
		}
		problem(t, e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": u.Email}}), http.StatusBadRequest)
	})

	// A disabled account cannot sign in, even with the right password.
	du, _ := e.db.UserByID(context.Background(), u.ID)
	du.Disabled = true
	if err := e.db.UpdateUser(context.Background(), du); err != nil {
		t.Fatal(err)
	}
	e.unchanged(func() {
		problem(t, e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": u.Email, "password": u.Password}}), http.StatusForbidden)
		// ...and its existing access token stops working at once.
		problem(t, e.do(req{Method: "GET", Path: "/api/v1/me", Token: u.Access}), http.StatusUnauthorized)
	})
}

func TestRefreshRotates(t *testing.T) {
	e := newEnv(t)
	u := e.register(goprep.RoleCandidate)
	res := e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": u.Refresh}})
	if res.Status != http.StatusOK {
		t.Fatalf("refresh: %d %s", res.Status, res.Body)
	}
	var tp tokenPair
	res.JSON(t, &tp)
	if tp.RefreshToken == u.Refresh || tp.RefreshToken == "" {
		t.Fatalf("refresh token not rotated: %+v", tp)
	}
	if res := e.do(req{Method: "GET", Path: "/api/v1/me", Token: tp.AccessToken}); res.Status != http.StatusOK {
		t.Fatalf("me with refreshed token: %d %s", res.Status, res.Body)
	}
	// The new one rotates again.
	res = e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": tp.RefreshToken}})
	if res.Status != http.StatusOK {
		t.Fatalf("second refresh: %d %s", res.Status, res.Body)
	}
}

func TestRefreshReplayRevokesFamily(t *testing.T) {
	e := newEnv(t)
	u := e.register(goprep.RoleCandidate)
	other := e.register(goprep.RoleCandidate) // another session that must survive

	res := e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": u.Refresh}})
	if res.Status != http.StatusOK {
		t.Fatalf("refresh: %d %s", res.Status, res.Body)
	}
	var next tokenPair
	res.JSON(t, &next)

	before := e.snapshot()
	// Replaying the spent token: 401, and the family is revoked.
	problem(t, e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": u.Refresh}}), http.StatusUnauthorized)
	after := e.snapshot()
	if after.Tokens != before.Tokens {
		t.Errorf("a replay created tokens: %d -> %d", before.Tokens, after.Tokens)
	}
	if after.Revoked != before.Revoked+2 {
		t.Errorf("revoked tokens %d -> %d, want the family's 2 revoked", before.Revoked, after.Revoked)
	}
	// The newer token of the family no longer works either.
	e.unchanged(func() {
		problem(t, e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": next.RefreshToken}}), http.StatusUnauthorized)
	})
	// Another user's session is untouched.
	if res := e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": other.Refresh}}); res.Status != http.StatusOK {
		t.Errorf("another family was affected: %d %s", res.Status, res.Body)
	}
}

func TestRefreshUnknownAndMalformed(t *testing.T) {
	e := newEnv(t)
	e.register(goprep.RoleCandidate)
	e.unchanged(func() {
		problem(t, e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": "made-up"}}), http.StatusUnauthorized)
		problem(t, e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": strings.Repeat("x", 300)}}), http.StatusUnauthorized)
		p := problem(t, e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{}}), http.StatusBadRequest)
		if _, ok := p.Errors["refresh_token"]; !ok {
			t.Errorf("missing refresh_token not named: %+v", p)
		}
	})
}

func TestLogoutRevokesFamily(t *testing.T) {
	e := newEnv(t)
	u := e.register(goprep.RoleCandidate)
	res := e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": u.Refresh}})
	var next tokenPair
	res.JSON(t, &next)

	// Logging out with the current token ends the session.
	if res := e.do(req{Method: "POST", Path: "/api/v1/auth/logout", Body: map[string]string{"refresh_token": next.RefreshToken}}); res.Status != http.StatusNoContent {
		t.Fatalf("logout: %d %s", res.Status, res.Body)
	}
	problem(t, e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": next.RefreshToken}}), http.StatusUnauthorized)
	// Logging out twice, or with an unknown token, is fine and changes nothing.
	e.unchanged(func() {
		for _, tok := range []string{next.RefreshToken, "unknown"} {
			if res := e.do(req{Method: "POST", Path: "/api/v1/auth/logout", Body: map[string]string{"refresh_token": tok}}); res.Status != http.StatusNoContent {
				t.Errorf("logout %q: %d %s", tok, res.Status, res.Body)
			}
		}
	})
}
