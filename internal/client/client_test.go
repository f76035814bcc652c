package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goprep/goprep/internal/client"
)

// problem answers with a problem+json body the way the GoPrep server does.
func problem(w http.ResponseWriter, status int, code, detail string, fields map[string]string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"type": "urn:goprep:error:" + code, "title": http.StatusText(status),
		"status": status, "detail": detail, "instance": "/x", "request_id": "req-1", "errors": fields})
}

func TestErrorMessages(t *testing.T) {
	for _, tt := range []struct {
		name    string
		handler http.HandlerFunc
		code    string
		want    []string
	}{
		{"ErrInvalidFields", func(w http.ResponseWriter, r *http.Request) {
			problem(w, 400, "invalid", "Invalid request.", map[string]string{"files": "at most 16 files", "a": "is required"})
		}, "invalid", []string{"Invalid request (HTTP 400)\n  a: is required\n  files: at most 16 files"}},
		{"ErrQueueFull", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "30")
			problem(w, 503, "unavailable", "The judge is busy: too many submissions are waiting. Try again shortly.", nil)
		}, "unavailable", []string{"The judge is busy", "(HTTP 503)", "The judge's queue is full; nothing was submitted. Submit again in 30 s."}},
		{"ErrNotFound", func(w http.ResponseWriter, r *http.Request) {
			problem(w, 404, "not_found", `Problem "nope" not found.`, nil)
		}, "not_found", []string{`Problem "nope" not found (HTTP 404)`, "goprep list"}},
		{"ErrUnauthorized", func(w http.ResponseWriter, r *http.Request) {
			problem(w, 401, "unauthorized", "Authentication required: send Authorization: Bearer <token>.", nil)
		}, "unauthorized", []string{"(HTTP 401)", "You are not signed in: run `goprep login`, or set GOPREP_TOKEN"}},
		{"ErrInternal", func(w http.ResponseWriter, r *http.Request) {
			problem(w, 500, "internal", "Internal error.", nil)
		}, "internal", []string{"Internal error (HTTP 500)", "request id req-1"}},
		{"ErrNotProblemJSON", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "<html>bad gateway</html>", http.StatusBadGateway)
		}, "", []string{"Bad Gateway (HTTP 502)", "try again later"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			c, err := client.New(srv.URL, client.Tokens{})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Submit(t.Context(), "nope", map[string]string{"a.go": "package a"}, false)
			var e *client.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v, want *client.Error", err, err)
			}
			if e.Code() != tt.code {
				t.Errorf("code %q, want %q", e.Code(), tt.code)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message lacks %q:\n%s", w, err)
				}
			}
		})
	}
}

func TestConnError(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c, _ := client.New("http://"+addr, client.Tokens{})
	_, err = c.Problems(t.Context(), client.ProblemFilter{})
	var ce *client.ConnError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "cannot reach the GoPrep server at http://"+addr) ||
		!strings.Contains(err.Error(), "GOPREP_SERVER") {
		t.Fatalf("got %T %v", err, err)
	}
}

func TestNewRejectsBadURL(t *testing.T) {
	for _, u := range []string{"", "localhost:8080", "ftp://x", "http://"} {
		if _, err := client.New(u, client.Tokens{}); err == nil {
			t.Errorf("New(%q) accepted", u)
		}
	}
}

// authServer is a fake of the auth routes at the edge: it accepts one access
// token at a time and rotates refresh tokens.
type authServer struct {
	mu        sync.Mutex
	access    string
	refresh   string
	n         int
	refreshes int
	revoked   bool
}

func (a *authServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch r.URL.Path {
	case "/api/v1/auth/refresh":
		var body struct {
			RefreshToken string `json:"refresh_token"`
		}
		json.NewDecoder(r.Body).Decode(&body)
		if a.revoked || body.RefreshToken != a.refresh {
			problem(w, 401, "unauthorized", "The refresh token is invalid, expired or revoked.", nil)
			return
		}
		a.refreshes++
		a.n++
		a.access, a.refresh = fmt.Sprintf("access-%d", a.n), fmt.Sprintf("refresh-%d", a.n)
		json.NewEncoder(w).Encode(map[string]any{"access_token": a.access, "refresh_token": a.refresh, "expires_in": 900})
	case "/api/v1/me":
		if r.Header.Get("Authorization") != "Bearer "+a.access {
			problem(w, 401, "unauthorized", "The access token is invalid or expired.", nil)
			return
		}
		io.WriteString(w, `{"id":1,"email":"a@example.com","role":"candidate"}`)
	default:
		http.NotFound(w, r)
	}
}

func TestRefreshOn401(t *testing.T) {
	a := &authServer{access: "access-0", refresh: "refresh-0"}
	srv := httptest.NewServer(a)
	defer srv.Close()
	// The client's access token is stale (the server moved on).
	c, _ := client.New(srv.URL, client.Tokens{Access: "stale", Refresh: "refresh-0", Expiry: time.Now().Add(time.Hour)})
	var saved []client.Tokens
	c.OnTokens = func(t client.Tokens) error { saved = append(saved, t); return nil }
	u, err := c.Me(t.Context())
	if err != nil || u.Email != "a@example.com" {
		t.Fatalf("Me: %v %v", u, err)
	}
	if a.refreshes != 1 || len(saved) != 1 || saved[0].Refresh != "refresh-1" || saved[0].Access != "access-1" || saved[0].Expiry.IsZero() {
		t.Fatalf("refreshes %d, saved %+v", a.refreshes, saved)
	}
	// The new token works without another refresh.
	if _, err := c.Me(t.Context()); err != nil || a.refreshes != 1 {
		t.Fatalf("second Me: %v, refreshes %d", err, a.refreshes)
	}
	// An expired access token is renewed before the call.
	c2, _ := client.New(srv.URL, client.Tokens{Access: "access-1", Refresh: "refresh-1", Expiry: time.Now().Add(-time.Minute)})
	if _, err := c2.Me(t.Context()); err != nil || a.refreshes != 2 || c2.Tokens().Refresh != "refresh-2" {
		t.Fatalf("expired: %v, refreshes %d, tokens %+v", err, a.refreshes, c2.Tokens())
	}
}

func TestRefreshOnlyOnce(t *testing.T) {
	// A server that refuses every access token: the client refreshes once,
	// then reports the 401.
	var refreshes int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/auth/refresh" {
			refreshes++
			json.NewEncoder(w).Encode(map[string]any{"access_token": "a", "refresh_token": fmt.Sprint("r", refreshes), "expires_in": 900})
			return
		}
		problem(w, 401, "unauthorized", "The account does not exist or is disabled.", nil)
	}))
	defer srv.Close()
	c, _ := client.New(srv.URL, client.Tokens{Access: "x", Refresh: "r0"})
	_, err := c.Me(t.Context())
	var e *client.Error
	if !errors.As(err, &e) || e.Status != 401 || refreshes != 1 {
		t.Fatalf("err %v, refreshes %d", err, refreshes)
	}
}

func TestRevokedSessionSaysLogin(t *testing.T) {
	a := &authServer{access: "access-0", refresh: "refresh-0", revoked: true}
	srv := httptest.NewServer(a)
	defer srv.Close()
	c, _ := client.New(srv.URL, client.Tokens{Access: "stale", Refresh: "refresh-0"})
	_, err := c.Me(context.Background())
	if err == nil || !strings.Contains(err.Error(), "Your session expired or was revoked: run `goprep login` again.") {
		t.Fatalf("got %v", err)
	}
}

func TestStaticTokenNoRefresh(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("Authorization")
		problem(w, 401, "unauthorized", "The API key is invalid, expired or revoked.", nil)
	}))
	defer srv.Close()
	c, _ := client.New(srv.URL+"/", client.Tokens{Access: "gp_key"})
	_, err := c.Me(t.Context())
	if got != "Bearer gp_key" || err == nil || !strings.Contains(err.Error(), "The API key is invalid, expired or revoked (HTTP 401)") ||
		!strings.Contains(err.Error(), "goprep login") {
		t.Fatalf("auth %q, err %v", got, err)
	}
}

func TestFollowStalls(t *testing.T) {
	old := client.StallTimeout
	client.StallTimeout = 200 * time.Millisecond
	defer func() { client.StallTimeout = old }()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, ": hi\n\nevent: stage\ndata: {\"stage\":\"validate\",\n")
		fmt.Fprint(w, "data: \"status\":\"pass\"}\n\n")
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c, _ := client.New(srv.URL, client.Tokens{Access: "a"})
	var events []client.Event
	err := c.Follow(t.Context(), 1, func(ev client.Event) error { events = append(events, ev); return nil })
	if !errors.Is(err, client.ErrStreamStalled) {
		t.Fatalf("err %v", err)
	}
	if len(events) != 1 || events[0].Name != "stage" || string(events[0].Data) != "{\"stage\":\"validate\",\n\"status\":\"pass\"}" {
		t.Fatalf("events %q", events)
	}
}

func TestConcurrentCallsRefreshOnce(t *testing.T) {
	a := &authServer{access: "access-0", refresh: "refresh-0"}
	srv := httptest.NewServer(a)
	defer srv.Close()
	c, _ := client.New(srv.URL, client.Tokens{Access: "stale", Refresh: "refresh-0"})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			_, err := c.Me(t.Context())
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if a.refreshes != 1 {
		t.Errorf("%d refreshes, want 1", a.refreshes)
	}
}
