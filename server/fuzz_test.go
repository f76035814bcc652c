package server_test

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/http/httpguts"
)

// FuzzAuthDecoding throws arbitrary bodies and content types at the auth
// routes: the answer is never a 5xx, never a panic, and every error is
// problem+json. Without -fuzz it runs the seed corpus as a normal test.
func FuzzAuthDecoding(f *testing.F) {
	seeds := []struct{ route, ct, body string }{
		{"login", "application/json", `{"email":"a@example.com","password":"correct horse battery"}`},
		{"login", "application/json", `{"email":`},
		{"login", "application/json", `{"email":1}`},
		{"login", "application/json", `null`},
		{"login", "application/json", `[]`},
		{"login", "application/json", `{"email":"a@example.com","password":"x"}{}`},
		{"register", "application/json", `{"email":"new@example.com","password":"correct horse battery","name":"N"}`},
		{"register", "application/json", `{"email":"\u0000@x","password":"\ud800","name":"\u202e"}`},
		{"register", "application/json; charset=utf-8", `{"name":"` + strings.Repeat("名", 200) + `"}`},
		{"register", "text/plain", `{}`},
		{"register", "application/json", `{"email":"a@b.c","extra":{"deep":[[[[[[]]]]]]}}`},
		{"refresh", "application/json", `{"refresh_token":"` + strings.Repeat("A", 43) + `"}`},
		{"refresh", "application/json", `{"refresh_token":null}`},
		{"logout", "application/json", `{"refresh_token":""}`},
		{"logout", "application/json;;", `{}`},
		{"login", "application/json", "\xff\xfe{}"},
		{"login", "", ""},
	}
	for _, s := range seeds {
		f.Add(s.route, s.ct, s.body)
	}
	e := newEnv(f)
	e.validate = false // checked below; arbitrary content types fall outside the document
	f.Fuzz(func(t *testing.T, route, ct, body string) {
		switch route {
		case "login", "register", "refresh", "logout":
		default:
			route = "login"
		}
		if ct == "" {
			ct = "-"
		}
		if !httpguts.ValidHeaderFieldValue(ct) {
			return // not a header a client can send
		}
		res := e.with(t).do(req{Method: "POST", Path: "/api/v1/auth/" + route, ContentType: ct, Body: body})
		if res.Status >= 500 {
			t.Fatalf("%s with %q %q: %d %s", route, ct, body, res.Status, res.Body)
		}
		if res.Status >= 400 {
			problem(t, res, res.Status)
		}
		if res.Status == http.StatusOK && route == "login" && !strings.Contains(string(res.Body), "access_token") {
			t.Fatalf("login 200 without a token: %s", res.Body)
		}
	})
}
