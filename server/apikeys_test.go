package server_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goprep/goprep"
)

type createdKey struct {
	ID        int64          `json:"id"`
	Key       string         `json:"key"`
	Prefix    string         `json:"prefix"`
	Scopes    []goprep.Scope `json:"scopes"`
	ExpiresAt *time.Time     `json:"expires_at"`
}

func (e *env) createKey(t *testing.T, u *user, body map[string]any) createdKey {
	t.Helper()
	res := e.do(req{Method: "POST", Path: "/api/v1/api-keys", Token: u.Access, Body: body})
	if res.Status != http.StatusCreated {
		t.Fatalf("create key: %d %s", res.Status, res.Body)
	}
	var k createdKey
	res.JSON(t, &k)
	if res.Header.Get("Location") != "/api/v1/api-keys/"+strconv.FormatInt(k.ID, 10) {
		t.Errorf("Location = %q", res.Header.Get("Location"))
	}
	return k
}

func TestAPIKeyScopes(t *testing.T) {
	e := newEnv(t)
	iv := e.register(goprep.RoleInterviewer)
	admin := e.register(goprep.RoleAdmin)

	readKey := e.createKey(t, iv, map[string]any{"name": "LMS", "scopes": []string{"read", "grades", "read"}, "expires_in_days": 30})
	if !strings.HasPrefix(readKey.Key, "gp_") || !strings.HasPrefix(readKey.Key, readKey.Prefix) || len(readKey.Prefix) < 8 {
		t.Fatalf("key %q prefix %q", readKey.Key, readKey.Prefix)
	}
	if len(readKey.Scopes) != 2 {
		t.Errorf("scopes not de-duplicated: %v", readKey.Scopes)
	}
	if readKey.ExpiresAt == nil || time.Until(*readKey.ExpiresAt) < 29*24*time.Hour {
		t.Errorf("expires_at = %v", readKey.ExpiresAt)
	}
	gradesKey := e.createKey(t, iv, map[string]any{"name": "grades only", "scopes": []string{"grades"}})

	// The key authenticates as its owner.
	res := e.do(req{Method: "GET", Path: "/api/v1/me", Token: readKey.Key})
	if res.Status != http.StatusOK {
		t.Fatalf("me with key: %d %s", res.Status, res.Body)
	}
	var me goprep.User
	res.JSON(t, &me)
	if me.ID != iv.ID {
		t.Errorf("key authenticated as %d, want %d", me.ID, iv.ID)
	}
	e.unchanged(func() {
		// Without the read scope, /me is refused.
		problem(t, e.do(req{Method: "GET", Path: "/api/v1/me", Token: gradesKey.Key}), http.StatusForbidden)
		// A key cannot make keys, even one with every scope its owner may give.
		problem(t, e.do(req{Method: "POST", Path: "/api/v1/api-keys", Token: readKey.Key,
			Body: map[string]any{"name": "x", "scopes": []string{"read"}}}), http.StatusForbidden)
		// Interviewers cannot give the users scope; unknown scopes are invalid.
		problem(t, e.do(req{Method: "POST", Path: "/api/v1/api-keys", Token: iv.Access,
			Body: map[string]any{"name": "x", "scopes": []string{"users"}}}), http.StatusForbidden)
		p := problem(t, e.do(req{Method: "POST", Path: "/api/v1/api-keys", Token: iv.Access,
			Body: map[string]any{"name": "", "scopes": []string{"root"}, "expires_in_days": -1}}), http.StatusBadRequest)
		for _, f := range []string{"name", "scopes", "expires_in_days"} {
			if _, ok := p.Errors[f]; !ok {
				t.Errorf("field %s not reported: %+v", f, p.Errors)
			}
		}
	})

	// An admin key: the users scope opens the admin routes, its absence closes them.
	usersKey := e.createKey(t, admin, map[string]any{"name": "sync", "scopes": []string{"users"}})
	adminRead := e.createKey(t, admin, map[string]any{"name": "read", "scopes": []string{"read"}})
	if res := e.do(req{Method: "GET", Path: "/api/v1/admin/users", Token: usersKey.Key}); res.Status != http.StatusOK {
		t.Errorf("admin key with users scope: %d %s", res.Status, res.Body)
	}
	e.unchanged(func() {
		problem(t, e.do(req{Method: "GET", Path: "/api/v1/admin/users", Token: adminRead.Key}), http.StatusForbidden)
		// The interviewer's key never reaches admin routes: the owner's role decides.
		problem(t, e.do(req{Method: "GET", Path: "/api/v1/admin/users", Token: readKey.Key}), http.StatusForbidden)
	})

	// Listing shows the keys without secrets.
	res = e.do(req{Method: "GET", Path: "/api/v1/api-keys", Token: iv.Access})
	if res.Status != http.StatusOK || strings.Contains(string(res.Body), readKey.Key) || strings.Contains(string(res.Body), "hash") {
		t.Fatalf("list keys: %d %s", res.Status, res.Body)
	}
	var list struct {
		Items []createdKey `json:"items"`
		Total int64        `json:"total"`
	}
	res.JSON(t, &list)
	if list.Total != 2 || len(list.Items) != 2 {
		t.Errorf("listed %d keys (total %d), want 2", len(list.Items), list.Total)
	}

	// Revoking: others' keys are not found for an interviewer; the owner can.
	path := "/api/v1/api-keys/" + strconv.FormatInt(readKey.ID, 10)
	other := e.register(goprep.RoleInterviewer)
	e.unchanged(func() {
		problem(t, e.do(req{Method: "DELETE", Path: path, Token: other.Access}), http.StatusNotFound)
	})
	if res := e.do(req{Method: "DELETE", Path: path, Token: iv.Access}); res.Status != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", res.Status, res.Body)
	}
	e.unchanged(func() {
		problem(t, e.do(req{Method: "GET", Path: "/api/v1/me", Token: readKey.Key}), http.StatusUnauthorized)
	})
	// An admin may revoke anyone's key.
	if res := e.do(req{Method: "DELETE", Path: "/api/v1/api-keys/" + strconv.FormatInt(gradesKey.ID, 10), Token: admin.Access}); res.Status != http.StatusNoContent {
		t.Fatalf("admin revoke: %d %s", res.Status, res.Body)
	}
}

func TestAPIKeyOfDisabledOwner(t *testing.T) {
	e := newEnv(t)
	iv := e.register(goprep.RoleInterviewer)
	k := e.createKey(t, iv, map[string]any{"name": "LMS", "scopes": []string{"read"}})
	u, _ := e.db.UserByID(context.Background(), iv.ID)
	u.Disabled = true
	if err := e.db.UpdateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/me", Token: k.Key}), http.StatusUnauthorized)
}

func TestAdminUsers(t *testing.T) {
	e := newEnv(t)
	admin := e.register(goprep.RoleAdmin)
	var users []*user
	for range 4 {
		users = append(users, e.register(goprep.RoleCandidate))
	}
	// Page through all five users two at a time.
	seen := map[int64]bool{}
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("pagination does not end")
		}
		path := "/api/v1/admin/users?limit=2"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		res := e.do(req{Method: "GET", Path: path, Token: admin.Access})
		if res.Status != http.StatusOK {
			t.Fatalf("list: %d %s", res.Status, res.Body)
		}
		var page struct {
			Items []goprep.User `json:"items"`
			Total int64         `json:"total"`
			Next  *string       `json:"next"`
		}
		res.JSON(t, &page)
		if page.Total != 5 || len(page.Items) > 2 {
			t.Fatalf("page: total %d, %d items", page.Total, len(page.Items))
		}
		for _, u := range page.Items {
			seen[u.ID] = true
		}
		if page.Next == nil {
			break
		}
		cursor = *page.Next
	}
	if len(seen) != 5 {
		t.Errorf("saw %d users, want 5", len(seen))
	}
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/admin/users?limit=1000", Token: admin.Access}), http.StatusBadRequest)

	// Disabling a user ends their sessions.
	target := users[0]
	res := e.do(req{Method: "PATCH", Path: "/api/v1/admin/users/" + strconv.FormatInt(target.ID, 10), Token: admin.Access,
		Body: map[string]any{"disabled": true, "name": "Renamed"}})
	if res.Status != http.StatusOK {
		t.Fatalf("disable: %d %s", res.Status, res.Body)
	}
	var got goprep.User
	res.JSON(t, &got)
	if !got.Disabled || got.Name != "Renamed" {
		t.Errorf("patched user = %+v", got)
	}
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/me", Token: target.Access}), http.StatusUnauthorized)
	problem(t, e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": target.Refresh}}), http.StatusUnauthorized)

	e.unchanged(func() {
		// Admins cannot lock themselves out; unknown users are 404.
		problem(t, e.do(req{Method: "PATCH", Path: "/api/v1/admin/users/" + strconv.FormatInt(admin.ID, 10), Token: admin.Access,
			Body: map[string]any{"role": "candidate"}}), http.StatusConflict)
		problem(t, e.do(req{Method: "PATCH", Path: "/api/v1/admin/users/999999", Token: admin.Access,
			Body: map[string]any{"disabled": true}}), http.StatusNotFound)
	})
}
