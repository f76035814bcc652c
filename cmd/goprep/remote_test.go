package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/goprep/goprep/internal/client"
)

// cli runs a goprep command as main would, with in as its standard input.
func cli(t *testing.T, in string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	old := stdin
	stdin = strings.NewReader(in)
	defer func() { stdin = old }()
	var o, e bytes.Buffer
	code = run(t.Context(), args, &o, &e)
	t.Logf("goprep %s → %d\n%s%s", strings.Join(args, " "), code, o.String(), e.String())
	return code, o.String(), e.String()
}

// postJSON posts body to the server and decodes the answer into out.
func postJSON(t *testing.T, url, token string, body any, out any) int {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	code, res := send(t, req, token)
	if out != nil {
		json.Unmarshal(res, out)
	}
	return code
}

// stageLines returns the stages the output listed, in order.
var stageLine = regexp.MustCompile(`(?m)^  (validate|build|test|race|leak|bench|score) +(pass|fail|skipped) +\d+ ms`)

func stagesOf(out string) []string {
	var names []string
	for _, m := range stageLine.FindAllStringSubmatch(out, -1) {
		names = append(names, m[1])
	}
	return names
}

// TestClientCommands drives the client commands against a real server with
// the catalog imported and a real judge: register over HTTP, login with the
// password on stdin, fetch, submit the starter and the reference, run the
// public tests, use an API key, and the ways it goes wrong.
func TestClientCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("real builds are skipped with -short")
	}
	dir := t.TempDir()
	cache := os.Getenv("GOPREP_JUDGE_TEST_DATA")
	if cache == "" {
		cache = filepath.Join(os.TempDir(), "goprep-judge-test") // shared with the judge's tests
	}
	t.Setenv("GOPREP_JUDGE_DATA", cache)
	t.Setenv("GOPREP_ADMIN_EMAIL", "cli-admin@example.com")
	t.Setenv("GOPREP_ADMIN_PASSWORD", "admin password 123")
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("GOPREP_SERVER", "")
	t.Setenv("GOPREP_TOKEN", "")
	os.MkdirAll(filepath.Join(dir, "kb"), 0o755)
	base, logs, _ := startServe(t, "--db", filepath.Join(dir, "goprep.db"), "--workers", "1", "--insecure-no-sandbox",
		"--problems-dir", filepath.Join("..", "..", "problems"), "--kb-dir", filepath.Join(dir, "kb"))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server logs:\n%s", logs.String())
		}
	})

	const email, password = "cli-user@example.com", "candidate password 1"
	if code := postJSON(t, base+"/api/v1/auth/register", "", map[string]string{"email": email, "password": password, "name": "Cli"}, nil); code != http.StatusCreated {
		t.Fatalf("register: %d", code)
	}

	t.Run("WrongPassword", func(t *testing.T) {
		code, _, stderr := cli(t, "not the password\n", "login", "--server", base, "--email", email)
		if code != 1 || !strings.Contains(stderr, "(HTTP 401)") || !strings.Contains(stderr, "Check the email and password") {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if _, err := credentialsPath(); err != nil {
			t.Fatal(err)
		}
		if c, _ := loadCredentials(); c != nil {
			t.Fatalf("credentials saved after a failed login: %+v", c)
		}
	})

	// Login with the email and the password on standard input.
	code, stdout, stderr := cli(t, email+"\n"+password+"\n", "login", "--server", base)
	if code != 0 || !strings.Contains(stdout, "Signed in to "+base+" as "+email+" (candidate)") {
		t.Fatalf("login: exit %d\n%s%s", code, stdout, stderr)
	}
	if strings.Contains(stdout+stderr, password) {
		t.Errorf("the password was echoed")
	}
	credPath := filepath.Join(dir, "config", "goprep", "credentials.json")
	fi, err := os.Stat(credPath)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("credentials file: %v %v", fi, err)
	}
	if di, err := os.Stat(filepath.Dir(credPath)); err != nil || di.Mode().Perm() != 0o700 {
		t.Fatalf("credentials dir: %v %v", di, err)
	}
	saved, err := loadCredentials()
	if err != nil || saved.Server != base || saved.Refresh == "" || saved.Access == "" {
		t.Fatalf("saved %+v %v", saved, err)
	}

	// A refused access token is renewed with the refresh token, which
	// rotates: the new one is saved.
	saved.Access = "not-a-token"
	if _, err := saveCredentials(saved); err != nil {
		t.Fatal(err)
	}
	if code, stdout, _ := cli(t, "", "submissions"); code != 0 || !strings.Contains(stdout, "No submissions yet") {
		t.Fatalf("submissions with a stale access token: exit %d", code)
	}
	if now, _ := loadCredentials(); now.Refresh == saved.Refresh || now.Access == "not-a-token" {
		t.Fatalf("the rotated tokens were not saved: %+v", now)
	}

	if code, stdout, _ := cli(t, "", "list", "--topic", "sync"); code != 0 || !strings.Contains(stdout, "safe-counter") || !strings.HasPrefix(stdout, "SLUG") {
		t.Fatalf("list: exit %d", code)
	}

	// Fetch.
	work := filepath.Join(dir, "work", "safe-counter")
	code, stdout, _ = cli(t, "", "fetch", "safe-counter", work)
	if code != 0 || !strings.Contains(stdout, "goprep submit safe-counter "+work) {
		t.Fatalf("fetch: exit %d", code)
	}
	for _, f := range []struct{ got, want string }{
		{"counter.go", "starter/counter.go"}, {"public_test.go", "tests/public_test.go"}, {"statement.md", "statement.md"},
	} {
		got, err := os.ReadFile(filepath.Join(work, f.got))
		want, _ := os.ReadFile(filepath.Join("..", "..", "problems", "safe-counter", f.want))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("fetched %s differs from %s (%v)", f.got, f.want, err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(work, "go.mod")); !strings.HasPrefix(string(b), "module goprep.local/counter\n") {
		t.Errorf("go.mod: %q", b)
	}
	if code, _, stderr := cli(t, "", "fetch", "safe-counter", work); code != 2 || !strings.Contains(stderr, "already exist") || !strings.Contains(stderr, "--force") {
		t.Errorf("fetch over existing files: exit %d", code)
	}
	if code, _, _ := cli(t, "", "fetch", "--lang", "zh", "--force", "safe-counter", work); code != 0 {
		t.Errorf("fetch --force: exit %d", code)
	}
	zh, _ := os.ReadFile(filepath.Join("..", "..", "problems", "safe-counter", "statement.zh.md"))
	if got, _ := os.ReadFile(filepath.Join(work, "statement.md")); !bytes.Equal(got, zh) {
		t.Errorf("--lang zh did not write the Chinese statement")
	}
	if code, _, stderr := cli(t, "", "fetch", "no-such-problem", filepath.Join(dir, "x")); code != 1 || !strings.Contains(stderr, "(HTTP 404)") || !strings.Contains(stderr, "goprep list") {
		t.Errorf("fetch of an unknown problem: exit %d %s", code, stderr)
	}

	// The starter is not accepted.
	code, stdout, _ = cli(t, "", "submit", "safe-counter", work)
	if code != 1 || !regexp.MustCompile(`verdict  (WA|RE)   score 0/100`).MatchString(stdout) {
		t.Fatalf("submit the starter: exit %d", code)
	}
	if got := stagesOf(stdout); len(got) < 3 || got[2] != "test" {
		t.Errorf("stages of the starter: %v", got)
	}

	// Missing and extra files are refused before anything is sent.
	os.WriteFile(filepath.Join(work, "helper.go"), []byte("package counter\n"), 0o644)
	if code, _, stderr := cli(t, "", "submit", "safe-counter", work); code != 2 || !strings.Contains(stderr, "not part of the problem: helper.go") {
		t.Errorf("extra file: exit %d", code)
	}
	os.Remove(filepath.Join(work, "helper.go"))
	os.Rename(filepath.Join(work, "counter.go"), filepath.Join(work, "counter.go.bak"))
	if code, _, stderr := cli(t, "", "submit", "safe-counter", work); code != 2 || !strings.Contains(stderr, "missing in "+work+": counter.go") {
		t.Errorf("missing file: exit %d", code)
	}

	// The reference is accepted; the stages are shown in pipeline order.
	ref, err := os.ReadFile(filepath.Join("..", "..", "problems", "safe-counter", "reference", "counter.go"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(work, "counter.go"), ref, 0o644)
	code, stdout, _ = cli(t, "", "submit", "safe-counter", work)
	if code != 0 || !strings.Contains(stdout, "verdict  AC   score 100/100") {
		t.Fatalf("submit the reference: exit %d", code)
	}
	if got, want := stagesOf(stdout), []string{"validate", "build", "test", "race", "leak", "bench", "score"}; !slices.Equal(got, want) {
		t.Errorf("stages %v, want %v", got, want)
	}
	if !strings.Contains(stdout, "benchmarks (medians of interleaved pairs)") || !strings.Contains(stdout, "ratio") {
		t.Errorf("the benchmark comparison is not shown")
	}

	// --run: the public tests only.
	code, stdout, _ = cli(t, "", "submit", "--run", "safe-counter", work)
	if code != 0 || !strings.Contains(stdout, "verdict  AC (public tests only, not scored)") || !strings.Contains(stdout, "run (public tests only)") {
		t.Fatalf("submit --run: exit %d", code)
	}

	// --json prints the final submission.
	code, stdout, _ = cli(t, "", "submit", "--run", "--json", "safe-counter", work)
	var sub struct {
		ID      int64  `json:"id"`
		Status  string `json:"status"`
		Verdict string `json:"verdict"`
		Kind    string `json:"kind"`
	}
	if err := json.Unmarshal([]byte(stdout), &sub); code != 0 || err != nil || sub.Status != "done" || sub.Verdict != "AC" || sub.Kind != "run" {
		t.Fatalf("submit --json: exit %d, %v, %+v", code, err, sub)
	}

	code, stdout, _ = cli(t, "", "submissions", "--problem", "safe-counter")
	if code != 0 || strings.Count(stdout, "safe-counter") != 4 || !strings.Contains(stdout, " AC ") || !regexp.MustCompile(` (WA|RE) `).MatchString(stdout) {
		t.Errorf("submissions: exit %d", code)
	}

	// An API key in GOPREP_TOKEN overrides the saved login.
	var admin struct {
		AccessToken string `json:"access_token"`
	}
	postJSON(t, base+"/api/v1/auth/login", "", map[string]string{"email": "cli-admin@example.com", "password": "admin password 123"}, &admin)
	var key struct {
		Key string `json:"key"`
	}
	if code := postJSON(t, base+"/api/v1/api-keys", admin.AccessToken, map[string]any{"name": "ci", "scopes": []string{"read", "submit"}}, &key); code != http.StatusCreated || !strings.HasPrefix(key.Key, "gp_") {
		t.Fatalf("api key: %d %+v", code, key)
	}
	t.Setenv("GOPREP_TOKEN", key.Key)
	code, _, _ = cli(t, "", "submit", "--run", "safe-counter", work)
	if code != 0 {
		t.Fatalf("submit with an API key: exit %d", code)
	}
	if code, stdout, _ = cli(t, "", "submissions"); code != 0 || strings.Count(stdout, "safe-counter") != 1 {
		t.Errorf("the API key's owner (the admin) should have one submission: exit %d", code)
	}
	t.Setenv("GOPREP_TOKEN", "gp_not_a_key")
	if code, _, stderr := cli(t, "", "submissions"); code != 1 || !strings.Contains(stderr, "The API key is invalid") || !strings.Contains(stderr, "GOPREP_TOKEN was refused") {
		t.Errorf("bad API key: exit %d", code)
	}
	t.Setenv("GOPREP_TOKEN", "")

	// A server that is down.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + l.Addr().String()
	l.Close()
	if code, _, stderr := cli(t, "", "submit", "--server", down, "safe-counter", work); code != 2 || !strings.Contains(stderr, "cannot reach the GoPrep server at "+down) {
		t.Errorf("server down: exit %d", code)
	}
	t.Setenv("GOPREP_SERVER", down)
	if code, _, stderr := cli(t, "", "list"); code != 2 || !strings.Contains(stderr, "Is it running?") {
		t.Errorf("GOPREP_SERVER down: exit %d", code)
	}
	t.Setenv("GOPREP_SERVER", "")

	// Logout revokes the session and deletes the file.
	refresh := mustLoad(t).Refresh
	if code, stdout, _ := cli(t, "", "logout"); code != 0 || !strings.Contains(stdout, "Signed out") {
		t.Fatalf("logout: exit %d", code)
	}
	if _, err := os.Stat(credPath); !os.IsNotExist(err) {
		t.Errorf("credentials remain: %v", err)
	}
	if code := postJSON(t, base+"/api/v1/auth/refresh", "", map[string]string{"refresh_token": refresh}, nil); code != http.StatusUnauthorized {
		t.Errorf("refresh after logout: %d", code)
	}
	if code, _, stderr := cli(t, "", "submissions", "--server", base); code != 1 || !strings.Contains(stderr, "You are not signed in") {
		t.Errorf("submissions after logout: exit %d", code)
	}
}

func mustLoad(t *testing.T) *credentials {
	t.Helper()
	c, err := loadCredentials()
	if err != nil || c == nil {
		t.Fatalf("credentials: %+v %v", c, err)
	}
	return c
}

// TestFollowFallsBackToPolling: when the event stream breaks, submit reads
// the submission with backoff until it is done.
func TestFollowFallsBackToPolling(t *testing.T) {
	var polls int
	srv := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/events"):
			w.Header().Set("Content-Type", "text/event-stream")
			io.WriteString(w, "event: status\ndata: {\"id\":7,\"status\":\"running\"}\n\nevent: stage\ndata: {\"stage\":\"validate\",\"status\":\"pass\",\"duration_ms\":3}\n\n")
			// and the connection drops
		case r.URL.Path == "/api/v1/submissions/7":
			polls++
			if polls < 3 {
				io.WriteString(w, `{"id":7,"status":"running","progress":[{"stage":"validate","status":"pass"},{"stage":"build","status":"pass","duration_ms":900},{"stage":"test","status":"running"}]}`)
				return
			}
			io.WriteString(w, `{"id":7,"status":"done","verdict":"WA","score":0,"result":{"verdict":"WA","max_score":100,"problem":"p","stages":[`+
				`{"name":"validate","status":"pass","duration_ms":3},{"name":"build","status":"pass","duration_ms":900},{"name":"test","status":"fail","duration_ms":40,"verdict":"WA"}],`+
				`"tests":[{"name":"TestX","status":"fail","message":"got 1, want 2"}]}}`)
		default:
			http.NotFound(w, r)
		}
	})
	old := pollBackoff
	pollBackoff.first, pollBackoff.max = 10e6, 20e6
	defer func() { pollBackoff = old }()
	r, err := newRemoteFor(srv)
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	f := &follower{c: r, id: 7, out: &out, errOut: &errOut}
	sub, err := f.wait(context.Background())
	if err != nil || sub.Verdict != "WA" {
		t.Fatalf("wait: %v %+v", err, sub)
	}
	f.printResult(sub)
	if !strings.Contains(errOut.String(), "the event stream broke") {
		t.Errorf("stderr: %s", errOut.String())
	}
	if got := stagesOf(out.String()); !slices.Equal(got, []string{"validate", "build", "test"}) {
		t.Errorf("stages %v in\n%s", got, out.String())
	}
	if !strings.Contains(out.String(), "got 1, want 2") {
		t.Errorf("failing test not shown:\n%s", out.String())
	}
}

// newFakeServer is an httptest server at the edge, for what the real server
// does not do on demand (a stream that breaks).
func newFakeServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func newRemoteFor(srv *httptest.Server) (*client.Client, error) {
	return client.New(srv.URL, client.Tokens{Access: "token"})
}

// TestSubmitQueueFull: a 503 with Retry-After says that nothing was
// submitted and when to try again.
func TestSubmitQueueFull(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("GOPREP_TOKEN", "gp_test")
	srv := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/problems/p":
			io.WriteString(w, `{"slug":"p","starter":{"p.go":"package p\n"},"public_tests":{}}`)
		case "/api/v1/problems/p/submissions":
			w.Header().Set("Content-Type", "application/problem+json")
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, `{"type":"urn:goprep:error:unavailable","title":"Service unavailable","status":503,"detail":"The judge is busy: too many submissions are waiting. Try again shortly."}`)
		default:
			http.NotFound(w, r)
		}
	})
	os.WriteFile(filepath.Join(dir, "p.go"), []byte("package p\n"), 0o644)
	code, _, stderr := cli(t, "", "submit", "--server", srv.URL, "p", dir)
	if code != 1 || !strings.Contains(stderr, "The judge is busy") || !strings.Contains(stderr, "nothing was submitted. Submit again in 30 s.") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}
