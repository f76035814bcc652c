package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/server"
)

const counterCode = "package counter\n\n// Counter counts.\ntype Counter struct{}\n"

type queued struct {
	ID     int64  `json:"id"`
	Status string `json:"status"`
}

// submit posts files to a problem's route (submissions or runs) and expects 202.
func (e *env) submit(u *user, slug, route string, files map[string]string) queued {
	e.t.Helper()
	res := e.do(req{Method: "POST", Path: "/api/v1/problems/" + slug + "/" + route, Token: u.Access,
		Body: map[string]any{"files": files}})
	if res.Status != http.StatusAccepted {
		e.t.Fatalf("%s %s: %d %s", route, slug, res.Status, res.Body)
	}
	var q queued
	res.JSON(e.t, &q)
	if q.Status != goprep.StatusQueued || q.ID == 0 || res.Header.Get("Location") != fmt.Sprintf("/api/v1/submissions/%d", q.ID) {
		e.t.Fatalf("%s: %+v, Location %q", route, q, res.Header.Get("Location"))
	}
	return q
}

func TestSubmissionCreate(t *testing.T) {
	var notified atomic.Int32
	e := newEnv(t, func(_ *server.Config, d *server.Deps) { d.NotifyJudge = func() { notified.Add(1) } })
	e.importProblems()
	u := e.register(goprep.RoleCandidate)
	files := map[string]string{"counter.go": counterCode, "helpers_2.go": "package counter\n"}

	q := e.submit(u, "safe-counter", "submissions", files)
	row, err := e.db.SubmissionByID(context.Background(), q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if row.Status != goprep.StatusQueued || row.Kind != goprep.KindSubmit || row.UserID != u.ID || row.ProblemSlug != "safe-counter" {
		t.Fatalf("row: %+v", row)
	}
	if diff := cmp.Diff(files, row.Files); diff != "" {
		t.Fatalf("stored files (-sent +stored):\n%s", diff)
	}
	r := e.submit(u, "safe-counter", "runs", files)
	if row, err := e.db.SubmissionByID(context.Background(), r.ID); err != nil || row.Kind != goprep.KindRun {
		t.Fatalf("run row: %+v %v", row, err)
	}
	if n := notified.Load(); n != 2 {
		t.Errorf("judge notified %d times, want 2", n)
	}
	if n, _ := e.db.QueueDepth(context.Background()); n != 2 {
		t.Errorf("queue depth %d, want 2", n)
	}
}

func TestSubmissionValidation(t *testing.T) {
	e := newEnv(t)
	e.importProblems()
	u := e.register(goprep.RoleCandidate)
	path := "/api/v1/problems/safe-counter/submissions"
	many := map[string]string{}
	for i := 0; i <= goprep.MaxSubmissionFiles; i++ {
		many[fmt.Sprintf("f%d.go", i)] = "package counter\n"
	}
	big := map[string]string{"a.go": strings.Repeat("x", goprep.MaxSubmissionBytes/2+1), "b.go": strings.Repeat("y", goprep.MaxSubmissionBytes/2)}
	for _, tt := range []struct {
		name   string
		body   any
		status int
	}{
		{"no files", map[string]any{"files": map[string]string{}}, 400},
		{"files missing", map[string]any{}, 400},
		{"upper case", map[string]any{"files": map[string]string{"Counter.go": counterCode}}, 400},
		{"test file", map[string]any{"files": map[string]string{"counter_test.go": counterCode}}, 400},
		{"path", map[string]any{"files": map[string]string{"../counter.go": counterCode}}, 400},
		{"not go", map[string]any{"files": map[string]string{"counter.txt": counterCode}}, 400},
		{"too many", map[string]any{"files": many}, 400},
		{"too big", map[string]any{"files": big}, 413},
		{"unknown field", map[string]any{"files": map[string]string{"counter.go": counterCode}, "lang": "go"}, 400},
		{"wrong type", map[string]any{"files": []string{"counter.go"}}, 400},
		{"body over the route limit", map[string]any{"files": map[string]string{"a.go": strings.Repeat("z", server.SubmissionMaxBodyBytes)}}, 413},
	} {
		t.Run(tt.name, func(t *testing.T) {
			problem(t, e.with(t).do(req{Method: "POST", Path: path, Token: u.Access, Body: tt.body}), tt.status)
		})
	}
	ok := map[string]any{"files": map[string]string{"counter.go": counterCode}}
	problem(t, e.do(req{Method: "POST", Path: path, Body: ok}), http.StatusUnauthorized)
	problem(t, e.do(req{Method: "POST", Path: "/api/v1/problems/no-such-problem/submissions", Token: u.Access, Body: ok}), http.StatusNotFound)
	problem(t, e.do(req{Method: "POST", Path: "/api/v1/problems/Bad_Slug/runs", Token: u.Access, Body: ok}), http.StatusBadRequest)
	problem(t, e.do(req{Method: "POST", Path: path, Token: u.Access, Body: "files=x", ContentType: "text/plain"}), http.StatusUnsupportedMediaType)
	if n, _ := e.db.QueueDepth(context.Background()); n != 0 {
		t.Errorf("invalid submissions queued %d rows", n)
	}
}

func TestSubmissionBackPressure(t *testing.T) {
	e := newEnv(t, func(c *server.Config, _ *server.Deps) { c.MaxQueueDepth = 1 })
	e.importProblems()
	u := e.register(goprep.RoleCandidate)
	files := map[string]string{"counter.go": counterCode}
	e.submit(u, "safe-counter", "submissions", files)
	res := e.do(req{Method: "POST", Path: "/api/v1/problems/safe-counter/runs", Token: u.Access, Body: map[string]any{"files": files}})
	problem(t, res, http.StatusServiceUnavailable)
	if res.Header.Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	if n, _ := e.db.QueueDepth(context.Background()); n != 1 {
		t.Errorf("queue depth %d after the refusal, want 1", n)
	}
}

type submissionList struct {
	Items []goprep.Submission `json:"items"`
	Total int64               `json:"total"`
	Next  *string             `json:"next"`
}

func TestSubmissionVisibility(t *testing.T) {
	e := newEnv(t)
	e.importProblems()
	alice := e.register(goprep.RoleCandidate)
	bob := e.register(goprep.RoleCandidate)
	admin := e.register(goprep.RoleAdmin)
	files := map[string]string{"counter.go": counterCode}
	a1 := e.submit(alice, "safe-counter", "submissions", files)
	e.submit(alice, "ring-buffer", "runs", map[string]string{"ring.go": "package ring\n"})
	path := fmt.Sprintf("/api/v1/submissions/%d", a1.ID)

	res := e.do(req{Method: "GET", Path: path, Token: alice.Access})
	var got goprep.Submission
	res.JSON(t, &got)
	if res.Status != http.StatusOK || got.ID != a1.ID || got.Files["counter.go"] != counterCode || got.Status != goprep.StatusQueued {
		t.Fatalf("owner get: %d %s", res.Status, res.Body)
	}
	problem(t, e.do(req{Method: "GET", Path: path, Token: bob.Access}), http.StatusNotFound)
	problem(t, e.do(req{Method: "GET", Path: path + "/events", Token: bob.Access}), http.StatusNotFound)
	problem(t, e.do(req{Method: "GET", Path: path}), http.StatusUnauthorized)
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/submissions/123456", Token: alice.Access}), http.StatusNotFound)
	if res := e.do(req{Method: "GET", Path: path, Token: admin.Access}); res.Status != http.StatusOK {
		t.Fatalf("admin get: %d %s", res.Status, res.Body)
	}

	list := func(u *user, query string) submissionList {
		t.Helper()
		res := e.do(req{Method: "GET", Path: "/api/v1/submissions?" + query, Token: u.Access})
		if res.Status != http.StatusOK {
			t.Fatalf("list %s: %d %s", query, res.Status, res.Body)
		}
		var l submissionList
		res.JSON(t, &l)
		return l
	}
	if l := list(alice, ""); l.Total != 2 || len(l.Items) != 2 || l.Items[0].UserID != alice.ID {
		t.Errorf("alice's list: %+v", l)
	}
	if l := list(alice, "problem=safe-counter"); l.Total != 1 || l.Items[0].ID != a1.ID {
		t.Errorf("alice's safe-counter list: %+v", l)
	}
	if l := list(alice, "limit=1"); len(l.Items) != 1 || l.Next == nil {
		t.Errorf("alice's first page: %+v", l)
	}
	if l := list(bob, ""); l.Total != 0 || len(l.Items) != 0 {
		t.Errorf("bob sees %d submissions", l.Total)
	}
	problem(t, e.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/submissions?user=%d", alice.ID), Token: bob.Access}), http.StatusForbidden)
	if l := list(admin, fmt.Sprintf("user=%d", alice.ID)); l.Total != 2 {
		t.Errorf("admin's list of alice: %+v", l)
	}
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/submissions?user=x", Token: admin.Access}), http.StatusBadRequest)
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/submissions?problem=nope-nope", Token: alice.Access}), http.StatusNotFound)
}

// nextEvent reads one server-sent event: its name and data line.
func nextEvent(t *testing.T, r *bufio.Reader) (name string, data []byte) {
	t.Helper()
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("event stream: %v", err)
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "" && name == "":
			// a keep-alive comment's end
		case line == "":
			return name, data
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = []byte(strings.TrimPrefix(line, "data: "))
		}
	}
}

// readEvent reads one server-sent event carrying a submission.
func readEvent(t *testing.T, r *bufio.Reader) (string, goprep.Submission) {
	t.Helper()
	name, data := nextEvent(t, r)
	var sub goprep.Submission
	if err := json.Unmarshal(data, &sub); err != nil {
		t.Fatalf("event data %q: %v", data, err)
	}
	return name, sub
}

func TestSubmissionEvents(t *testing.T) {
	e := newEnv(t, func(c *server.Config, _ *server.Deps) { c.EventPoll = 5 * time.Millisecond })
	e.importProblems()
	u := e.register(goprep.RoleCandidate)
	q := e.submit(u, "safe-counter", "submissions", map[string]string{"counter.go": counterCode})

	hr, _ := http.NewRequestWithContext(t.Context(), "GET", fmt.Sprintf("%s/api/v1/submissions/%d/events", e.ts.URL, q.ID), nil)
	hr.Header.Set("Authorization", "Bearer "+u.Access)
	res, err := e.ts.Client().Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	r := bufio.NewReader(res.Body)
	if name, sub := readEvent(t, r); name != "status" || sub.Status != goprep.StatusQueued || sub.ID != q.ID {
		t.Fatalf("first event %s %+v", name, sub)
	}

	// A worker claims and finishes it; the stream reports both changes.
	ctx := context.Background()
	claimed, err := e.db.ClaimSubmission(ctx, "test-worker", time.Minute)
	if err != nil || claimed.ID != q.ID {
		t.Fatalf("claim: %+v %v", claimed, err)
	}
	if name, sub := readEvent(t, r); name != "status" || sub.Status != goprep.StatusRunning {
		t.Fatalf("second event %s %+v", name, sub)
	}
	if err := e.db.FinishSubmission(ctx, q.ID, "test-worker", goprep.StatusDone, goprep.VerdictWA, 0, json.RawMessage(`{"tests":[]}`)); err != nil {
		t.Fatal(err)
	}
	if name, sub := readEvent(t, r); name != "status" || sub.Status != goprep.StatusDone || sub.Verdict != goprep.VerdictWA {
		t.Fatalf("last event %s %+v", name, sub)
	}
	if rest, err := r.ReadString('\n'); rest != "" || err == nil {
		t.Fatalf("the stream went on after done: %q %v", rest, err)
	}

	// A finished submission's stream is one event.
	hr, _ = http.NewRequestWithContext(t.Context(), "GET", fmt.Sprintf("%s/api/v1/submissions/%d/events", e.ts.URL, q.ID), nil)
	hr.Header.Set("Authorization", "Bearer "+u.Access)
	res2, err := e.ts.Client().Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	defer res2.Body.Close()
	r = bufio.NewReader(res2.Body)
	if name, sub := readEvent(t, r); name != "status" || sub.Status != goprep.StatusDone {
		t.Fatalf("finished stream: %s %+v", name, sub)
	}
	if rest, err := r.ReadString('\n'); rest != "" || err == nil {
		t.Fatalf("the finished stream went on: %q %v", rest, err)
	}
}

// openEvents opens the event stream of submission id as u.
func (e *env) openEvents(u *user, id int64) *bufio.Reader {
	e.t.Helper()
	hr, _ := http.NewRequestWithContext(e.t.Context(), "GET", fmt.Sprintf("%s/api/v1/submissions/%d/events", e.ts.URL, id), nil)
	hr.Header.Set("Authorization", "Bearer "+u.Access)
	res, err := e.ts.Client().Do(hr)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { res.Body.Close() })
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("events: %d", res.StatusCode)
	}
	return bufio.NewReader(res.Body)
}

// wantEvents reads len(want) events and compares them, written as
// "status <status>" and "stage <stage> <status> <duration_ms> <verdict>".
func wantEvents(t *testing.T, r *bufio.Reader, want ...string) {
	t.Helper()
	var got []string
	for range want {
		name, data := nextEvent(t, r)
		switch name {
		case "status":
			var sub goprep.Submission
			if err := json.Unmarshal(data, &sub); err != nil {
				t.Fatalf("status event %s: %v", data, err)
			}
			got = append(got, "status "+sub.Status)
		case "stage":
			var st struct {
				Stage      string `json:"stage"`
				Status     string `json:"status"`
				DurationMS int64  `json:"duration_ms"`
				Verdict    string `json:"verdict"`
			}
			if err := json.Unmarshal(data, &st); err != nil {
				t.Fatalf("stage event %s: %v", data, err)
			}
			got = append(got, strings.TrimSpace(fmt.Sprintf("stage %s %s %d %s", st.Stage, st.Status, st.DurationMS, st.Verdict)))
		default:
			got = append(got, name+" "+string(data))
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("events (-want +got):\n%s", diff)
	}
}

// TestSubmissionEventsStages: the stages a worker records on the row (as a
// judge in another process does) reach the stream as stage events, in
// order, after the running status and before the final one; a judging that
// starts over after its lease expired is shown again from its first stage.
func TestSubmissionEventsStages(t *testing.T) {
	e := newEnv(t, func(c *server.Config, _ *server.Deps) { c.EventPoll = 5 * time.Millisecond })
	e.importProblems()
	u := e.register(goprep.RoleCandidate)
	q := e.submit(u, "safe-counter", "submissions", map[string]string{"counter.go": counterCode})
	r := e.openEvents(u, q.ID)
	wantEvents(t, r, "status queued")

	ctx := context.Background()
	record := func(owner string, stages ...goprep.StageProgress) {
		t.Helper()
		if err := e.db.RecordProgress(ctx, q.ID, owner, stages); err != nil {
			t.Fatal(err)
		}
	}
	running := func(stage string) goprep.StageProgress { return goprep.StageProgress{Stage: stage, Status: "running"} }
	validated := goprep.StageProgress{Stage: "validate", Status: "pass", DurationMS: 3}
	built := goprep.StageProgress{Stage: "build", Status: "pass", DurationMS: 900}
	tested := goprep.StageProgress{Stage: "test", Status: "fail", DurationMS: 40, Verdict: goprep.VerdictWA, Message: "TestSnapshot: want 2, got 1"}
	scored := goprep.StageProgress{Stage: "score", Status: "pass", Verdict: goprep.VerdictWA}

	// A worker claims it with a lease it lets expire.
	if _, err := e.db.ClaimSubmission(ctx, "w1", time.Millisecond); err != nil {
		t.Fatal(err)
	}
	wantEvents(t, r, "status running")
	record("w1", running("validate"))
	wantEvents(t, r, "stage validate running 0")
	record("w1", validated, running("build"))
	wantEvents(t, r, "stage validate pass 3", "stage build running 0")

	// Another worker takes it over: the stages start again.
	time.Sleep(5 * time.Millisecond)
	if c, err := e.db.ClaimSubmission(ctx, "w2", time.Minute); err != nil || c.ID != q.ID || c.Attempts != 2 {
		t.Fatalf("re-claim: %+v %v", c, err)
	}
	record("w2", running("validate"))
	wantEvents(t, r, "stage validate running 0")
	record("w2", validated, built, tested, running("race"))
	wantEvents(t, r, "stage validate pass 3", "stage build pass 900", "stage test fail 40 WA", "stage race running 0")

	// A client that polls sees the same stages on the submission.
	progressOf := func() []goprep.StageProgress {
		t.Helper()
		res := e.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/submissions/%d", q.ID), Token: u.Access})
		var sub goprep.Submission
		res.JSON(t, &sub)
		return sub.Progress
	}
	if diff := cmp.Diff([]goprep.StageProgress{validated, built, tested, running("race")}, progressOf()); diff != "" {
		t.Fatalf("progress of a running submission (-want +got):\n%s", diff)
	}

	// A stream opened now shows the stages so far after the status.
	late := e.openEvents(u, q.ID)
	wantEvents(t, late, "status running", "stage validate pass 3", "stage build pass 900", "stage test fail 40 WA", "stage race running 0")

	// The last stages and the result land at once: the stages come first.
	record("w2", validated, built, tested, goprep.StageProgress{Stage: "race", Status: "pass", DurationMS: 1200}, scored)
	if err := e.db.FinishSubmission(ctx, q.ID, "w2", goprep.StatusDone, goprep.VerdictWA, 0, json.RawMessage(`{"tests":[]}`)); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*bufio.Reader{r, late} {
		wantEvents(t, r, "stage race pass 1200", "stage score pass 0 WA", "status done")
		if rest, err := r.ReadString('\n'); rest != "" || err == nil {
			t.Fatalf("the stream went on after done: %q %v", rest, err)
		}
	}
	// A finished submission's stream is its status alone, without progress:
	// the result holds the stages.
	done := e.openEvents(u, q.ID)
	if name, data := nextEvent(t, done); name != "status" || strings.Contains(string(data), "progress") {
		t.Fatalf("the finished stream's first event: %s %s", name, data)
	}
	if p := progressOf(); p != nil {
		t.Fatalf("a finished submission shows progress %+v", p)
	}
}

// TestResourceKeyScopes: an API key reads the catalog and its owner's
// submissions with the read scope and submits only with the submit scope.
func TestResourceKeyScopes(t *testing.T) {
	e := newEnv(t)
	e.importProblems()
	iv := e.register(goprep.RoleInterviewer)
	grades := e.createKey(t, iv, map[string]any{"name": "grades only", "scopes": []string{"grades"}})
	read := e.createKey(t, iv, map[string]any{"name": "reader", "scopes": []string{"read"}})
	submit := e.createKey(t, iv, map[string]any{"name": "submitter", "scopes": []string{"read", "submit"}})
	body := map[string]any{"files": map[string]string{"counter.go": counterCode}}
	sub := "/api/v1/problems/safe-counter/submissions"

	problem(t, e.do(req{Method: "GET", Path: "/api/v1/problems", Token: grades.Key}), http.StatusForbidden)
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/kb/topics", Token: grades.Key}), http.StatusForbidden)
	if res := e.do(req{Method: "GET", Path: "/api/v1/problems", Token: read.Key}); res.Status != http.StatusOK {
		t.Fatalf("read key lists problems: %d %s", res.Status, res.Body)
	}
	problem(t, e.do(req{Method: "POST", Path: sub, Token: read.Key, Body: body}), http.StatusForbidden)
	problem(t, e.do(req{Method: "POST", Path: "/api/v1/kb/entries", Token: submit.Key,
		Body: map[string]any{"slug": "x", "topic": "sync", "difficulty": "easy", "en": map[string]string{"question": "q"}}}), http.StatusForbidden)
	res := e.do(req{Method: "POST", Path: sub, Token: submit.Key, Body: body})
	if res.Status != http.StatusAccepted {
		t.Fatalf("submit key: %d %s", res.Status, res.Body)
	}
	var q queued
	res.JSON(t, &q)
	row, err := e.db.SubmissionByID(context.Background(), q.ID)
	if err != nil || row.UserID != iv.ID {
		t.Fatalf("the key's submission belongs to %+v (%v), want user %d", row, err, iv.ID)
	}
	if res := e.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/submissions/%d", q.ID), Token: read.Key}); res.Status != http.StatusOK {
		t.Fatalf("read key gets its owner's submission: %d %s", res.Status, res.Body)
	}
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/submissions", Token: grades.Key}), http.StatusForbidden)
}
