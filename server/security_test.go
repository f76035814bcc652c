package server_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/server"
)

// claims builds the claims of a valid access token for u, which each case
// then spoils.
func validClaims(u *user) jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{
		"iss":  server.TokenIssuer,
		"aud":  []string{server.TokenAudience},
		"sub":  strconv.FormatInt(u.ID, 10),
		"role": "admin",
		"iat":  now.Unix(),
		"exp":  now.Add(10 * time.Minute).Unix(),
		"jti":  "test",
	}
}

func sign(t *testing.T, m jwt.SigningMethod, key any, c jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(m, c).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func b64(v any) string {
	j, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(j)
}

func TestAccessTokenAttacks(t *testing.T) {
	e := newEnv(t)
	u := e.register(goprep.RoleCandidate)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	with := func(k string, v any) jwt.MapClaims {
		c := validClaims(u)
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		return c
	}
	parts := strings.Split(u.Access, ".")
	var payload map[string]any
	raw, _ := base64.RawURLEncoding.DecodeString(parts[1])
	_ = json.Unmarshal(raw, &payload)
	payload["role"] = "admin"

	// The control: a token we sign ourselves with the right key and claims works.
	control := sign(t, jwt.SigningMethodHS256, testSecret, validClaims(u))
	if res := e.do(req{Method: "GET", Path: "/api/v1/me", Token: control}); res.Status != http.StatusOK {
		t.Fatalf("control token refused: %d %s", res.Status, res.Body)
	}

	tests := []struct {
		name  string
		token string
	}{
		{"AlgNone", b64(map[string]string{"alg": "none", "typ": "JWT"}) + "." + b64(validClaims(u)) + "."},
		{"AlgNoneUnsafe", sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, validClaims(u))},
		{"OtherKey", sign(t, jwt.SigningMethodHS256, []byte("another-secret-another-secret-000000"), validClaims(u))},
		{"HS384SameKey", sign(t, jwt.SigningMethodHS384, testSecret, validClaims(u))},
		{"HS512SameKey", sign(t, jwt.SigningMethodHS512, testSecret, validClaims(u))},
		{"RS256", sign(t, jwt.SigningMethodRS256, rsaKey, validClaims(u))},
		{"ES256", sign(t, jwt.SigningMethodES256, ecKey, validClaims(u))},
		{"TamperedPayload", parts[0] + "." + b64(payload) + "." + parts[2]},
		{"Expired", sign(t, jwt.SigningMethodHS256, testSecret, with("exp", time.Now().Add(-time.Hour).Unix()))},
		{"NoExp", sign(t, jwt.SigningMethodHS256, testSecret, with("exp", nil))},
		{"IssuedInFuture", sign(t, jwt.SigningMethodHS256, testSecret, with("iat", time.Now().Add(time.Hour).Unix()))},
		{"NotYetValid", sign(t, jwt.SigningMethodHS256, testSecret, with("nbf", time.Now().Add(time.Hour).Unix()))},
		{"WrongAudience", sign(t, jwt.SigningMethodHS256, testSecret, with("aud", []string{"other-api"}))},
		{"NoAudience", sign(t, jwt.SigningMethodHS256, testSecret, with("aud", nil))},
		{"WrongIssuer", sign(t, jwt.SigningMethodHS256, testSecret, with("iss", "evil"))},
		{"NoIssuer", sign(t, jwt.SigningMethodHS256, testSecret, with("iss", nil))},
		{"UnknownUser", sign(t, jwt.SigningMethodHS256, testSecret, with("sub", "999999"))},
		{"BadSubject", sign(t, jwt.SigningMethodHS256, testSecret, with("sub", "admin"))},
		{"NotAJWT", "garbage"},
		{"UnknownAPIKey", "gp_" + strings.Repeat("A", 43)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := e.with(t)
			e.unchanged(func() {
				p := problem(t, e.do(req{Method: "GET", Path: "/api/v1/me", Token: tt.token}), http.StatusUnauthorized)
				if p.Type != "urn:goprep:error:unauthorized" {
					t.Errorf("type = %q", p.Type)
				}
				// Even with a token claiming admin, the admin route is closed.
				problem(t, e.do(req{Method: "GET", Path: "/api/v1/admin/users", Token: tt.token}), http.StatusUnauthorized)
			})
		})
	}

	t.Run("NoToken", func(t *testing.T) {
		e := e.with(t)
		res := e.do(req{Method: "GET", Path: "/api/v1/me"})
		problem(t, res, http.StatusUnauthorized)
		if h := res.Header.Get("WWW-Authenticate"); !strings.HasPrefix(h, "Bearer") {
			t.Errorf("WWW-Authenticate = %q", h)
		}
	})
	t.Run("BasicScheme", func(t *testing.T) {
		e := e.with(t)
		problem(t, e.do(req{Method: "GET", Path: "/api/v1/me", Header: map[string]string{"Authorization": "Basic dXNlcjpwYXNz"}}), http.StatusUnauthorized)
	})
}

// The role in a token is not trusted: the stored role decides, so a promoted
// or demoted user's old token follows the change at once.
func TestRoleComesFromTheStore(t *testing.T) {
	e := newEnv(t)
	admin := e.register(goprep.RoleAdmin)
	u := e.register(goprep.RoleCandidate)
	e.unchanged(func() {
		problem(t, e.do(req{Method: "GET", Path: "/api/v1/admin/users", Token: u.Access}), http.StatusForbidden)
	})
	res := e.do(req{Method: "PATCH", Path: "/api/v1/admin/users/" + strconv.FormatInt(u.ID, 10), Token: admin.Access, Body: map[string]any{"role": "admin"}})
	if res.Status != http.StatusOK {
		t.Fatalf("promote: %d %s", res.Status, res.Body)
	}
	if res := e.do(req{Method: "GET", Path: "/api/v1/admin/users", Token: u.Access}); res.Status != http.StatusOK {
		t.Fatalf("promoted user's old token: %d %s", res.Status, res.Body)
	}
}

func TestCandidateCallsAdminRoutes(t *testing.T) {
	e := newEnv(t)
	c := e.register(goprep.RoleCandidate)
	iv := e.register(goprep.RoleInterviewer)
	for _, u := range []*user{c, iv} {
		e.unchanged(func() {
			problem(t, e.do(req{Method: "GET", Path: "/api/v1/admin/users", Token: u.Access}), http.StatusForbidden)
			problem(t, e.do(req{Method: "PATCH", Path: "/api/v1/admin/users/" + strconv.FormatInt(u.ID, 10), Token: u.Access,
				Body: map[string]any{"role": "admin"}}), http.StatusForbidden)
		})
	}
	e.unchanged(func() {
		problem(t, e.do(req{Method: "POST", Path: "/api/v1/api-keys", Token: c.Access,
			Body: map[string]any{"name": "k", "scopes": []string{"read"}}}), http.StatusForbidden)
	})
}

func TestBodyHygiene(t *testing.T) {
	e := newEnv(t)
	u := e.register(goprep.RoleAdmin)
	big := `{"email":"` + strings.Repeat("a", 2<<20) + `","password":"x"}`
	tests := []struct {
		name   string
		r      req
		status int
	}{
		{"OversizedBody", req{Method: "POST", Path: "/api/v1/auth/login", Body: big}, http.StatusRequestEntityTooLarge},
		{"OversizedChunked", req{Method: "POST", Path: "/api/v1/auth/register", Body: &chunked{s: big}}, http.StatusRequestEntityTooLarge},
		{"MalformedJSON", req{Method: "POST", Path: "/api/v1/auth/login", Body: `{"email":`}, http.StatusBadRequest},
		{"SyntaxError", req{Method: "POST", Path: "/api/v1/auth/register", Body: `{"email" "a"}`}, http.StatusBadRequest},
		{"TrailingData", req{Method: "POST", Path: "/api/v1/auth/login", Body: `{"email":"a@b.c","password":"x"} {}`}, http.StatusBadRequest},
		{"NotAnObject", req{Method: "POST", Path: "/api/v1/auth/register", Body: `["a"]`}, http.StatusBadRequest},
		{"WrongFieldType", req{Method: "POST", Path: "/api/v1/auth/login", Body: `{"email":1,"password":"x"}`}, http.StatusBadRequest},
		{"EmptyBody", req{Method: "POST", Path: "/api/v1/auth/login", Body: ``}, http.StatusBadRequest},
		{"UnknownField", req{Method: "POST", Path: "/api/v1/auth/register", Body: `{"email":"x@example.com","password":"long enough pw","name":"X","role":"admin"}`}, http.StatusBadRequest},
		{"WrongContentType", req{Method: "POST", Path: "/api/v1/auth/login", Body: `{"email":"a@b.c","password":"x"}`, ContentType: "text/plain"}, http.StatusUnsupportedMediaType},
		{"FormContentType", req{Method: "POST", Path: "/api/v1/auth/register", Body: `email=a`, ContentType: "application/x-www-form-urlencoded"}, http.StatusUnsupportedMediaType},
		{"NoContentType", req{Method: "POST", Path: "/api/v1/auth/login", Body: `{}`, ContentType: "-"}, http.StatusUnsupportedMediaType},
		{"Latin1JSON", req{Method: "POST", Path: "/api/v1/auth/login", Body: `{}`, ContentType: "application/json; charset=latin1"}, http.StatusUnsupportedMediaType},
		{"AdminPatchUnknownField", req{Method: "PATCH", Path: "/api/v1/admin/users/" + strconv.FormatInt(u.ID, 10), Token: u.Access, Body: `{"password_hash":"x"}`}, http.StatusBadRequest},
		{"AdminPatchBadRole", req{Method: "PATCH", Path: "/api/v1/admin/users/" + strconv.FormatInt(u.ID, 10), Token: u.Access, Body: `{"role":"root"}`}, http.StatusBadRequest},
		{"AdminPatchBadID", req{Method: "PATCH", Path: "/api/v1/admin/users/x", Token: u.Access, Body: `{"name":"x"}`}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := e.with(t)
			e.unchanged(func() {
				p := problem(t, e.do(tt.r), tt.status)
				if tt.name == "UnknownField" {
					if _, ok := p.Errors["role"]; !ok {
						t.Errorf("unknown field not named in errors: %+v", p)
					}
				}
			})
		})
	}
}

// chunked is a body without a length, so the limit is met while reading.
type chunked struct {
	s string
	n int
}

func (c *chunked) Read(p []byte) (int, error) {
	if c.n >= len(c.s) {
		return 0, io.EOF
	}
	k := copy(p, c.s[c.n:])
	c.n += k
	return k, nil
}

func TestLoginRateLimit(t *testing.T) {
	e := newEnv(t, func(c *server.Config, _ *server.Deps) {
		c.LoginPerAccount = server.RateLimit{Every: time.Hour, Burst: 3}
		c.LoginPerIP = server.RateLimit{Every: time.Hour, Burst: 6}
	})
	victim := &user{Email: "victim@example.com", Password: "correct horse battery"}
	if res := e.do(req{Method: "POST", Path: "/api/v1/auth/register", Body: map[string]string{"email": victim.Email, "password": victim.Password, "name": "V"}}); res.Status != http.StatusCreated {
		t.Fatalf("register: %d", res.Status)
	}
	attempt := func(email, pw string) *response {
		return e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": email, "password": pw}})
	}
	e.unchanged(func() {
		for i := range 3 {
			problem(t, attempt(victim.Email, "wrong password"), http.StatusUnauthorized)
			_ = i
		}
		// Per account: the fourth attempt is refused, even with the right password.
		res := attempt(victim.Email, victim.Password)
		problem(t, res, http.StatusTooManyRequests)
		ra, err := strconv.Atoi(res.Header.Get("Retry-After"))
		if err != nil || ra < 1 || ra > 3600 {
			t.Errorf("Retry-After = %q", res.Header.Get("Retry-After"))
		}
		// Another account from the same IP still gets through until the IP's
		// budget (6, of which 4 are spent) runs out.
		problem(t, attempt("someone@example.com", "wrong password"), http.StatusUnauthorized)
		problem(t, attempt("else@example.com", "wrong password"), http.StatusUnauthorized)
		problem(t, attempt("third@example.com", "wrong password"), http.StatusTooManyRequests)
	})
}

func TestRegisterRateLimit(t *testing.T) {
	e := newEnv(t, func(c *server.Config, _ *server.Deps) {
		c.RegisterPerIP = server.RateLimit{Every: time.Hour, Burst: 2}
	})
	reg := func(email string) *response {
		return e.do(req{Method: "POST", Path: "/api/v1/auth/register",
			Body: map[string]string{"email": email, "password": "correct horse battery", "name": "N"}})
	}
	for _, em := range []string{"a1@example.com", "a2@example.com"} {
		if res := reg(em); res.Status != http.StatusCreated {
			t.Fatalf("register %s: %d %s", em, res.Status, res.Body)
		}
	}
	e.unchanged(func() {
		res := reg("a3@example.com")
		problem(t, res, http.StatusTooManyRequests)
		if ra, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || ra < 1 {
			t.Errorf("Retry-After = %q", res.Header.Get("Retry-After"))
		}
	})
}
