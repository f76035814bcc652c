package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer collects the server's log lines from its goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServe runs the serve command as main would: it migrates a fresh
// database, creates the admin from the environment, generates the JWT secret,
// serves, and stops cleanly when its context is cancelled.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("GOPREP_ADMIN_EMAIL", "root@example.com")
	t.Setenv("GOPREP_ADMIN_PASSWORD", "admin password 123")
	addrc := make(chan net.Addr, 1)
	onListen = func(a net.Addr) { addrc <- a }
	t.Cleanup(func() { onListen = nil })

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout bytes.Buffer
	stderr := &lockedBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "db", "goprep.db")}, &stdout, stderr)
	}()
	var base string
	select {
	case a := <-addrc:
		base = "http://" + a.String()
	case code := <-done:
		t.Fatalf("serve exited %d before listening: %s", code, stderr.String())
	}

	post := func(path, body, token string) (int, []byte) {
		t.Helper()
		req, _ := http.NewRequest("POST", base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		return send(t, req, token)
	}
	get := func(path, token string) (int, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		return send(t, req, token)
	}
	if code, body := get("/readyz", ""); code != 200 {
		t.Fatalf("readyz: %d %s", code, body)
	}
	code, body := post("/api/v1/auth/login", `{"email":"root@example.com","password":"admin password 123"}`, "")
	if code != 200 {
		t.Fatalf("admin login: %d %s", code, body)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	json.Unmarshal(body, &tok)
	if code, body := get("/api/v1/admin/users", tok.AccessToken); code != 200 || !strings.Contains(string(body), `"role":"admin"`) {
		t.Fatalf("admin route: %d %s", code, body)
	}
	// The generated secret sits next to the database, private.
	fi, err := os.Stat(filepath.Join(dir, "db", "jwt-secret"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("jwt secret: %v %v", fi, err)
	}

	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d: %s", code, stderr.String())
	}
	logs := stderr.String()
	for _, want := range []string{`"msg":"created admin account"`, `"msg":"shutting down"`, `"msg":"stopped"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, "admin password 123") {
		t.Errorf("the admin password reached the logs")
	}
}

func TestServeRefusesBadConfig(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"--jwt-secret", "short"}, "at least 32 bytes"},
		{map[string]string{"GOPREP_ADMIN_EMAIL": "a@example.com"}, nil, "GOPREP_ADMIN_PASSWORD"},
		{map[string]string{"GOPREP_ADMIN_EMAIL": "a@example.com", "GOPREP_ADMIN_PASSWORD": "short"}, nil, "password"},
	} {
		for k, v := range tt.env {
			t.Setenv(k, v)
		}
		var stderr bytes.Buffer
		args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "x.db")}, tt.args...)
		if code := run(t.Context(), args, io.Discard, &stderr); code != 1 || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%v %v: exit %d, stderr %s", tt.env, tt.args, code, stderr.String())
		}
		for k := range tt.env {
			os.Unsetenv(k)
		}
	}
}

func send(t *testing.T, req *http.Request, token string) (int, []byte) {
	t.Helper()
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}
