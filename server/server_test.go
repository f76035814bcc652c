package server_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/server"
	"github.com/goprep/goprep/store"
)

// testSecret signs the access tokens of every test server.
var testSecret = []byte("test-secret-0123456789abcdef0123456789")

// openapiRouter is the OpenAPI document loaded once, for validating responses.
var (
	openapiOnce   sync.Once
	openapiDoc    *openapi3.T
	openapiRoutes routers.Router
	openapiErr    error
)

func loadOpenAPI(t testing.TB) (*openapi3.T, routers.Router) {
	t.Helper()
	openapiOnce.Do(func() {
		loader := openapi3.NewLoader()
		openapiDoc, openapiErr = loader.LoadFromData(server.OpenAPIDocument)
		if openapiErr != nil {
			return
		}
		if openapiErr = openapiDoc.Validate(loader.Context); openapiErr != nil {
			return
		}
		openapiRoutes, openapiErr = legacy.NewRouter(openapiDoc)
	})
	if openapiErr != nil {
		t.Fatalf("openapi.json: %v", openapiErr)
	}
	return openapiDoc, openapiRoutes
}

// env is a server on a real SQLite store in a temp dir, behind httptest.
type env struct {
	t      testing.TB
	dbPath string
	db     *store.DB
	srv    *server.Server
	ts     *httptest.Server
	logs   *syncBuffer
	// validate checks every response against openapi.json (default on).
	validate bool
}

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newEnv starts a test server; opts adjust the config and deps.
func newEnv(t testing.TB, opts ...func(*server.Config, *server.Deps)) *env {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "goprep.db")
	db, err := store.Open(ctx, path, store.Options{Migrate: true})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	logs := &syncBuffer{}
	cfg := server.Config{
		JWTSecret: testSecret,
		// A cheap argon2id cost keeps the suite fast under -race; the
		// default cost is exercised by TestRegisterLoginMe.
		Password: server.PasswordParams{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		// Generous login limits; the rate-limit test sets its own.
		LoginPerIP:      server.RateLimit{Every: time.Millisecond, Burst: 1000},
		LoginPerAccount: server.RateLimit{Every: time.Millisecond, Burst: 1000},
		RegisterPerIP:   server.RateLimit{Every: time.Millisecond, Burst: 1000},
		Logger:          slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	deps := server.Deps{
		Users: db, Auth: db, Problems: db, Submissions: db, KB: db, Sets: db, Leaderboard: db, Reviews: db, Webhooks: db, Invitations: db,
		Ready: []server.ReadinessCheck{{Name: "database", Check: db.Ping}},
	}
	for _, o := range opts {
		o(&cfg, &deps)
	}
	srv := server.New(cfg, deps)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	t.Cleanup(func() { srv.Close() })
	return &env{t: t, dbPath: path, db: db, srv: srv, ts: ts, logs: logs, validate: true}
}

// with returns a copy of e that reports to t (a fuzz target's or subtest's).
func (e *env) with(t testing.TB) *env {
	c := *e
	c.t = t
	return &c
}

// response is a finished HTTP exchange.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test when it is not JSON.
func (r *response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("response body is not JSON (%v): %s", err, r.Body)
	}
}

// req describes a request for env.do.
type req struct {
	Method, Path string
	Body         any // string or []byte are sent as is; anything else as JSON
	Token        string
	ContentType  string // default application/json when there is a body
	Header       map[string]string
}

// do sends r and validates the response against openapi.json.
func (e *env) do(r req) *response {
	e.t.Helper()
	var body io.Reader
	switch b := r.Body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	case io.Reader:
		body = b
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		body = bytes.NewReader(j)
	}
	hr, err := http.NewRequest(r.Method, e.ts.URL+r.Path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		ct := r.ContentType
		if ct == "" {
			ct = "application/json"
		}
		if ct != "-" {
			hr.Header.Set("Content-Type", ct)
		}
	}
	if r.Token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.Token)
	}
	for k, v := range r.Header {
		hr.Header.Set(k, v)
	}
	res, err := e.ts.Client().Do(hr)
	if err != nil {
		e.t.Fatalf("%s %s: %v", r.Method, r.Path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	out := &response{Status: res.StatusCode, Header: res.Header, Body: b}
	if e.validate {
		validateResponse(e.t, hr, out)
	}
	return out
}

// validateResponse checks a response against the OpenAPI operation of its
// request. Requests to undocumented routes (404/405 tests) only get the
// problem+json shape check.
func validateResponse(t testing.TB, hr *http.Request, res *response) {
	t.Helper()
	_, router := loadOpenAPI(t)
	vr := hr.Clone(context.Background())
	vr.URL.Host, vr.URL.Scheme, vr.Host = "", "", ""
	unrouted := res.Status == http.StatusNotFound || res.Status == http.StatusMethodNotAllowed
	route, params, err := router.FindRoute(vr)
	if err != nil {
		if !unrouted {
			t.Errorf("%s %s: not in openapi.json (%v) but answered %d", hr.Method, hr.URL.Path, err, res.Status)
		}
		return
	}
	if unrouted && route.Operation.Responses.Status(res.Status) == nil {
		return // the document's router is laxer than Gin's (trailing slashes)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: vr, PathParams: params, Route: route},
		Status:                 res.Status,
		Header:                 res.Header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(res.Body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s → %d does not match openapi.json: %v\nbody: %s", hr.Method, hr.URL.Path, res.Status, err, res.Body)
	}
}

// problem asserts that res is a problem+json response with status and
// returns it decoded.
func problem(t testing.TB, res *response, status int) server.Problem {
	t.Helper()
	if res.Status != status {
		t.Fatalf("status = %d, want %d; body: %s", res.Status, status, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("Content-Type = %q, want application/problem+json", ct)
	}
	var p server.Problem
	dec := json.NewDecoder(bytes.NewReader(res.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("problem body %s: %v", res.Body, err)
	}
	if p.Status != status || p.Title == "" || p.Detail == "" || p.Type == "" || p.Instance == "" || p.RequestID == "" {
		t.Fatalf("problem lacks members: %+v", p)
	}
	if got := res.Header.Get("X-Request-ID"); got != p.RequestID {
		t.Fatalf("problem request_id %q != X-Request-ID %q", p.RequestID, got)
	}
	return p
}

// user is a registered account with a session.
type user struct {
	ID       int64
	Email    string
	Password string
	Access   string
	Refresh  string
}

type tokenPair struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
}

var userSeq struct {
	sync.Mutex
	n int
}

// register creates an account through the API and signs it in.
func (e *env) register(role goprep.Role) *user {
	e.t.Helper()
	userSeq.Lock()
	userSeq.n++
	n := userSeq.n
	userSeq.Unlock()
	u := &user{Email: fmt.Sprintf("user%d@example.com", n), Password: "correct horse battery"}
	res := e.do(req{Method: "POST", Path: "/api/v1/auth/register",
		Body: map[string]string{"email": u.Email, "password": u.Password, "name": fmt.Sprintf("User %d", n)}})
	if res.Status != http.StatusCreated {
		e.t.Fatalf("register: %d %s", res.Status, res.Body)
	}
	var got goprep.User
	res.JSON(e.t, &got)
	u.ID = got.ID
	if role != goprep.RoleCandidate {
		du, err := e.db.UserByID(context.Background(), u.ID)
		if err != nil {
			e.t.Fatal(err)
		}
		du.Role = role
		if err := e.db.UpdateUser(context.Background(), du); err != nil {
			e.t.Fatal(err)
		}
	}
	e.login(u)
	return u
}

// login signs u in and stores its tokens.
func (e *env) login(u *user) {
	e.t.Helper()
	res := e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": u.Email, "password": u.Password}})
	if res.Status != http.StatusOK {
		e.t.Fatalf("login: %d %s", res.Status, res.Body)
	}
	var tp tokenPair
	res.JSON(e.t, &tp)
	u.Access, u.Refresh = tp.AccessToken, tp.RefreshToken
}

// snapshot is the part of the database that the auth routes may change.
type snapshot struct {
	Users, Tokens, Revoked, Used, Keys, RevokedKeys int
	UserState                                       string
}

func (e *env) snapshot() snapshot {
	e.t.Helper()
	db, err := sql.Open("sqlite", "file:"+e.dbPath+"?mode=ro")
	if err != nil {
		e.t.Fatal(err)
	}
	defer db.Close()
	var s snapshot
	q := func(dst any, query string) {
		if err := db.QueryRow(query).Scan(dst); err != nil {
			e.t.Fatalf("%s: %v", query, err)
		}
	}
	q(&s.Users, "SELECT count(*) FROM users")
	q(&s.Tokens, "SELECT count(*) FROM refresh_tokens")
	q(&s.Revoked, "SELECT count(*) FROM refresh_tokens WHERE revoked_at IS NOT NULL")
	q(&s.Used, "SELECT count(*) FROM refresh_tokens WHERE used_at IS NOT NULL")
	q(&s.Keys, "SELECT count(*) FROM api_keys")
	q(&s.RevokedKeys, "SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL")
	q(&s.UserState, "SELECT coalesce(group_concat(id || ':' || email || ':' || role || ':' || disabled || ':' || name, ','), '') FROM users")
	return s
}

// unchanged runs f and fails when it changed the database.
func (e *env) unchanged(f func()) {
	e.t.Helper()
	before := e.snapshot()
	f()
	if after := e.snapshot(); after != before {
		e.t.Fatalf("data changed:\nbefore %+v\nafter  %+v", before, after)
	}
}
