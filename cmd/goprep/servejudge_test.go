package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// startServe runs serve with args in the background and returns its base URL,
// its log and a function that stops it and returns its exit code.
func startServe(t *testing.T, args ...string) (base string, logs *lockedBuffer, stop func() int) {
	t.Helper()
	addrc := make(chan net.Addr, 1)
	onListen = func(a net.Addr) { addrc <- a }
	t.Cleanup(func() { onListen = nil })
	ctx, cancel := context.WithCancel(t.Context())
	logs = &lockedBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), &bytes.Buffer{}, logs)
	}()
	select {
	case a := <-addrc:
		base = "http://" + a.String()
	case code := <-done:
		cancel()
		t.Fatalf("serve exited %d before listening: %s", code, logs.String())
	}
	stopped := false
	stop = func() int {
		if stopped {
			return 0
		}
		stopped = true
		cancel()
		return <-done
	}
	t.Cleanup(func() { stop() })
	return base, logs, stop
}

// TestServeImportsCatalog: serve loads the real problems and knowledge base at
// start, so they can be searched and listed at once; --workers -1 runs no judge.
func TestServeImportsCatalog(t *testing.T) {
	dir := t.TempDir()
	// A broken entry is logged but does not stop the rest.
	kb := filepath.Join(dir, "kb")
	for _, tp := range []string{"slices", "context"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "kb", tp, "*.md"))
		if len(files) == 0 {
			t.Fatalf("no kb/%s files", tp)
		}
		os.MkdirAll(filepath.Join(kb, tp), 0o755)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(kb, tp, filepath.Base(f)), b, 0o644)
		}
	}
	os.WriteFile(filepath.Join(kb, "slices", "broken.md"), []byte("no front matter"), 0o644)

	base, logs, stop := startServe(t, "--db", filepath.Join(dir, "goprep.db"), "--workers", "-1",
		"--problems-dir", filepath.Join("..", "..", "problems"), "--kb-dir", kb)
	get := func(path string) (int, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		return send(t, req, "")
	}
	code, body := get("/api/v1/kb/entries?q=" + url.QueryEscape("切片 扩容"))
	var hits struct {
		Items []struct {
			Entry struct{ Slug string } `json:"entry"`
		} `json:"items"`
	}
	json.Unmarshal(body, &hits)
	if code != 200 || len(hits.Items) == 0 || hits.Items[0].Entry.Slug != "slice-growth-strategy" {
		t.Fatalf("kb search after start: %d %s", code, body)
	}
	if code, body := get("/api/v1/problems/safe-counter"); code != 200 || !strings.Contains(string(body), `"slug":"safe-counter"`) {
		t.Fatalf("problem after start: %d %s", code, body)
	}
	if code, body := get("/readyz"); code != 200 {
		t.Fatalf("readyz without a judge: %d %s", code, body)
	}
	if code := stop(); code != 0 {
		t.Fatalf("serve exited %d: %s", code, logs.String())
	}
	l := logs.String()
	for _, want := range []string{`"msg":"catalog imported"`, `"msg":"catalog import incomplete: some files did not load"`, "broken.md", `no judge in this process`} {
		if !strings.Contains(l, want) {
			t.Errorf("logs lack %s:\n%s", want, l)
		}
	}
}

// TestServeJudges: a submission made through the API is judged by the pool
// serve runs in-process; its event stream shows each stage the pool records
// on the row and ends with the verdict.
func TestServeJudges(t *testing.T) {
	if testing.Short() {
		t.Skip("real builds are skipped with -short")
	}
	dir := t.TempDir()
	cache := os.Getenv("GOPREP_JUDGE_TEST_DATA")
	if cache == "" {
		cache = filepath.Join(os.TempDir(), "goprep-judge-test") // shared with the judge's tests
	}
	t.Setenv("GOPREP_JUDGE_DATA", cache)
	t.Setenv("GOPREP_ADMIN_EMAIL", "judge-admin@example.com")
	t.Setenv("GOPREP_ADMIN_PASSWORD", "admin password 123")
	os.MkdirAll(filepath.Join(dir, "kb"), 0o755)
	base, logs, stop := startServe(t, "--db", filepath.Join(dir, "goprep.db"), "--workers", "1", "--insecure-no-sandbox",
		"--problems-dir", filepath.Join("..", "..", "problems"), "--kb-dir", filepath.Join(dir, "kb"))

	req, _ := http.NewRequest("POST", base+"/api/v1/auth/login", strings.NewReader(`{"email":"judge-admin@example.com","password":"admin password 123"}`))
	req.Header.Set("Content-Type", "application/json")
	code, body := send(t, req, "")
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	json.Unmarshal(body, &tok)
	if code != 200 || tok.AccessToken == "" {
		t.Fatalf("login: %d %s", code, body)
	}
	ref, err := os.ReadFile(filepath.Join("..", "..", "problems", "safe-counter", "reference", "counter.go"))
	if err != nil {
		t.Fatal(err)
	}
	sub, _ := json.Marshal(map[string]any{"files": map[string]string{"counter.go": string(ref)}})
	req, _ = http.NewRequest("POST", base+"/api/v1/problems/safe-counter/submissions", bytes.NewReader(sub))
	req.Header.Set("Content-Type", "application/json")
	code, body = send(t, req, tok.AccessToken)
	var q struct {
		ID int64 `json:"id"`
	}
	json.Unmarshal(body, &q)
	if code != http.StatusAccepted || q.ID == 0 {
		t.Fatalf("submit: %d %s", code, body)
	}

	// Follow the event stream to the end.
	ereq, _ := http.NewRequestWithContext(t.Context(), "GET", base+"/api/v1/submissions/"+strconv.FormatInt(q.ID, 10)+"/events", nil)
	ereq.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	res, err := http.DefaultClient.Do(ereq)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var last struct {
		Status  string `json:"status"`
		Verdict string `json:"verdict"`
		Score   float64
	}
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	// events are "status <status>" and "stage <stage> <status>", in order.
	var events []string
	event := ""
	for sc.Scan() {
		if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
			event = name
		}
		data, ok := strings.CutPrefix(sc.Text(), "data: ")
		if !ok {
			continue
		}
		switch event {
		case "status":
			if err := json.Unmarshal([]byte(data), &last); err != nil {
				t.Fatalf("event %q: %v", data, err)
			}
			events = append(events, "status "+last.Status)
		case "stage":
			var st struct{ Stage, Status string }
			if err := json.Unmarshal([]byte(data), &st); err != nil {
				t.Fatalf("stage event %q: %v", data, err)
			}
			events = append(events, "stage "+st.Stage+" "+st.Status)
		default:
			t.Fatalf("event %q: %s", event, data)
		}
	}
	if last.Status != "done" || last.Verdict != "AC" || last.Score <= 0 {
		t.Fatalf("events %v, last %+v\nlogs:\n%s", events, last, logs.String())
	}
	// The pool records each stage on the row; the stream shows every stage's
	// end, in pipeline order, while the submission runs and before the result.
	if events[0] != "status done" {
		var ended []string
		for i, ev := range events {
			stage, ok := strings.CutPrefix(ev, "stage ")
			if !ok {
				continue
			}
			if !slices.Contains(events[:i], "status running") || i == len(events)-1 {
				t.Errorf("stage event %q outside the running status: %v", ev, events)
			}
			if name, status, _ := strings.Cut(stage, " "); status != "running" {
				if status != "pass" && status != "skipped" {
					t.Errorf("stage %s: %s", name, status)
				}
				ended = append(ended, name)
			}
		}
		if want := []string{"validate", "build", "test", "race", "leak", "bench", "score"}; !slices.Equal(ended, want) {
			t.Errorf("stages ended %v, want %v (events %v)", ended, want, events)
		}
		t.Logf("events: %v", events)
	}
	if code := stop(); code != 0 {
		t.Fatalf("serve exited %d", code)
	}
	if l := logs.String(); !strings.Contains(l, `"msg":"judge started"`) || !strings.Contains(l, "judge stopped") {
		t.Errorf("logs lack the judge's start and stop:\n%s", l)
	}
}
