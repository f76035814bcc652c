package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/server"
)

func TestRequestID(t *testing.T) {
	e := newEnv(t)
	res := e.do(req{Method: "GET", Path: "/healthz", Header: map[string]string{"X-Request-ID": "abc-123.X_y:z"}})
	if got := res.Header.Get("X-Request-ID"); got != "abc-123.X_y:z" {
		t.Errorf("valid incoming id not kept: %q", got)
	}
	for _, bad := range []string{"", "has space", strings.Repeat("a", 65), "quote\"", "semi;colon"} {
		res := e.do(req{Method: "GET", Path: "/healthz", Header: map[string]string{"X-Request-ID": bad}})
		got := res.Header.Get("X-Request-ID")
		if got == bad || len(got) != 24 {
			t.Errorf("incoming id %q: answered %q, want a fresh id", bad, got)
		}
	}
	// The access log carries the id, as JSON.
	e.do(req{Method: "GET", Path: "/healthz", Header: map[string]string{"X-Request-ID": "find-me-in-the-log"}})
	found := false
	sc := bufio.NewScanner(strings.NewReader(e.logs.String()))
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("log line is not JSON: %s", sc.Text())
		}
		if line["request_id"] == "find-me-in-the-log" && line["msg"] == "http request" {
			found = line["route"] == "/healthz" && line["status"] == float64(200)
		}
	}
	if !found {
		t.Errorf("no access log line for the request:\n%s", e.logs.String())
	}
}

func TestUnknownRouteAndMethod(t *testing.T) {
	e := newEnv(t)
	p := problem(t, e.do(req{Method: "GET", Path: "/api/v1/nope"}), http.StatusNotFound)
	if p.Instance != "/api/v1/nope" {
		t.Errorf("instance = %q", p.Instance)
	}
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/me/"}), http.StatusNotFound)
	res := e.do(req{Method: "DELETE", Path: "/api/v1/auth/login"})
	problem(t, res, http.StatusMethodNotAllowed)
	if res.Header.Get("Allow") != "POST" {
		t.Errorf("Allow = %q", res.Header.Get("Allow"))
	}
}

func TestPanicRecovered(t *testing.T) {
	e := newEnv(t)
	e.validate = false // a test-only route, not in openapi.json
	e.srv.Engine().GET("/test/panic", func(*gin.Context) { panic("secret internal detail") })
	res := e.do(req{Method: "GET", Path: "/test/panic"})
	p := problem(t, res, http.StatusInternalServerError)
	if p.Detail != "Internal error." || strings.Contains(string(res.Body), "secret") {
		t.Errorf("panic leaked: %s", res.Body)
	}
	if !strings.Contains(e.logs.String(), "secret internal detail") || !strings.Contains(e.logs.String(), p.RequestID) {
		t.Errorf("panic not logged with its request id")
	}
	// The server still serves.
	if res := e.do(req{Method: "GET", Path: "/healthz"}); res.Status != http.StatusOK {
		t.Errorf("after panic: %d", res.Status)
	}
}

func TestInternalErrorsAreHidden(t *testing.T) {
	e := newEnv(t)
	e.register(goprep.RoleCandidate)
	// Closing the database makes every store call fail with a driver error.
	e.db.Close()
	res := e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": "user@example.com", "password": "whatever pw"}})
	p := problem(t, res, http.StatusInternalServerError)
	if p.Detail != "Internal error." || strings.Contains(strings.ToLower(string(res.Body)), "sql") {
		t.Errorf("internal error leaked: %s", res.Body)
	}
	if !strings.Contains(e.logs.String(), p.RequestID) {
		t.Errorf("internal error not logged with request id %s", p.RequestID)
	}
	// And readiness reports the database down.
	p = problem(t, e.do(req{Method: "GET", Path: "/readyz"}), http.StatusServiceUnavailable)
	if p.Checks["database"] != "unavailable" {
		t.Errorf("checks = %v", p.Checks)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	var warm atomic.Bool
	e := newEnv(t)
	e.srv.AddReadinessCheck(server.ReadinessCheck{Name: "judge", Check: func(ctx context.Context) error {
		if !warm.Load() {
			return goprep.Errorf(goprep.EUNAVAILABLE, "warming the build cache")
		}
		return nil
	}})
	if res := e.do(req{Method: "GET", Path: "/healthz"}); res.Status != http.StatusOK {
		t.Errorf("healthz: %d", res.Status)
	}
	p := problem(t, e.do(req{Method: "GET", Path: "/readyz"}), http.StatusServiceUnavailable)
	if p.Checks["judge"] != "warming the build cache" || p.Checks["database"] != "ok" {
		t.Errorf("checks = %v", p.Checks)
	}
	warm.Store(true)
	res := e.do(req{Method: "GET", Path: "/readyz"})
	if res.Status != http.StatusOK {
		t.Fatalf("readyz: %d %s", res.Status, res.Body)
	}
}

func TestReadinessHidesInternalErrors(t *testing.T) {
	e := newEnv(t, func(_ *server.Config, d *server.Deps) {
		d.Ready = append(d.Ready, server.ReadinessCheck{Name: "queue", Check: func(context.Context) error {
			return errors.New("dial tcp 10.0.0.7:5432: secret host")
		}})
	})
	res := e.do(req{Method: "GET", Path: "/readyz"})
	p := problem(t, res, http.StatusServiceUnavailable)
	if p.Checks["queue"] != "unavailable" || strings.Contains(string(res.Body), "secret") {
		t.Errorf("readyz leaked: %s", res.Body)
	}
}

func TestMetrics(t *testing.T) {
	e := newEnv(t)
	e.do(req{Method: "GET", Path: "/healthz"})
	// Unknown API paths: everything outside /api is the web UI's (its
	// single-page fallback answers 200 there).
	e.do(req{Method: "GET", Path: "/api/v1/no/such/path/1"})
	e.do(req{Method: "GET", Path: "/api/v1/no/such/path/2"})
	res := e.do(req{Method: "GET", Path: "/metrics"})
	body := string(res.Body)
	for _, want := range []string{
		`goprep_http_requests_total{method="GET",route="/healthz",status="200"} 1`,
		`goprep_http_requests_total{method="GET",route="unmatched",status="404"} 2`,
		`goprep_http_request_duration_seconds_bucket{route="/healthz",le="+Inf"} 1`,
		"# HELP go_goroutines",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(body, "/no/such/path") {
		t.Errorf("unmatched paths leaked into labels")
	}
}

func TestCORS(t *testing.T) {
	e := newEnv(t, func(c *server.Config, _ *server.Deps) { c.CORSOrigins = []string{"https://app.example"} })
	e.validate = false // preflights are not API operations
	res := e.do(req{Method: "OPTIONS", Path: "/api/v1/auth/login", Header: map[string]string{
		"Origin": "https://app.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}})
	if res.Status != http.StatusNoContent || res.Header.Get("Access-Control-Allow-Origin") != "https://app.example" ||
		!strings.Contains(res.Header.Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Errorf("allowed preflight: %d %v", res.Status, res.Header)
	}
	res = e.do(req{Method: "OPTIONS", Path: "/api/v1/auth/login", Header: map[string]string{
		"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}})
	if res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("foreign origin allowed: %v", res.Header)
	}
	res = e.do(req{Method: "GET", Path: "/healthz", Header: map[string]string{"Origin": "https://app.example"}})
	if res.Header.Get("Access-Control-Allow-Origin") != "https://app.example" || !strings.Contains(res.Header.Get("Vary"), "Origin") {
		t.Errorf("simple request: %v", res.Header)
	}
}
