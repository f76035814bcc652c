package server_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/server"
)

// testClock is a settable clock for Config.Now.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type reviewCard struct {
	Entry goprep.KBEntry      `json:"entry"`
	State *goprep.ReviewState `json:"state"`
}

type reviewQueue struct {
	Items []reviewCard `json:"items"`
	Total int64        `json:"total"`
	Next  *string      `json:"next"`
}

func TestReview(t *testing.T) {
	clock := &testClock{t: time.Now().UTC().Truncate(time.Second)}
	e := newEnv(t, func(c *server.Config, _ *server.Deps) { c.Now = clock.Now })
	e.importKB("atomics", "context")
	ann := e.register(goprep.RoleCandidate)
	ben := e.register(goprep.RoleCandidate)

	queue := func(u *user, query string) reviewQueue {
		t.Helper()
		res := e.do(req{Method: "GET", Path: "/api/v1/kb/review" + query, Token: u.Access})
		if res.Status != http.StatusOK {
			t.Fatalf("queue%s: %d %s", query, res.Status, res.Body)
		}
		var q reviewQueue
		res.JSON(t, &q)
		if q.Next != nil || int(q.Total) != len(q.Items) {
			t.Errorf("queue%s: next %v, total %d, %d items", query, q.Next, q.Total, len(q.Items))
		}
		return q
	}
	grade := func(u *user, id int64, g int) goprep.ReviewState {
		t.Helper()
		res := e.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/kb/entries/%d/review", id), Token: u.Access,
			Body: map[string]int{"grade": g}})
		if res.Status != http.StatusOK {
			t.Fatalf("grade %d: %d %s", g, res.Status, res.Body)
		}
		var st goprep.ReviewState
		res.JSON(t, &st)
		return st
	}

	// A new user's queue is entries never reviewed, by id.
	q := queue(ann, "?limit=3")
	if len(q.Items) != 3 {
		t.Fatalf("new queue: %d cards", len(q.Items))
	}
	for i, c := range q.Items {
		if c.State != nil || c.Entry.EN.Question == "" || (i > 0 && c.Entry.ID <= q.Items[i-1].Entry.ID) {
			t.Errorf("card %d: %+v", i, c)
		}
	}
	first, second := q.Items[0].Entry.ID, q.Items[1].Entry.ID

	st := grade(ann, first, 4)
	if st.EntryID != first || st.UserID != ann.ID || st.Reps != 1 || st.IntervalDay != 1 || st.Ease != 2.5 ||
		!st.DueAt.Equal(clock.Now().Add(24*time.Hour)) || st.LastGrade != 4 {
		t.Errorf("after grade 4: %+v", st)
	}
	grade(ann, second, 5)
	// Graded cards leave the queue until they are due; Ben's queue is his own.
	if q := queue(ann, "?limit=3"); q.Items[0].Entry.ID == first || q.Items[0].Entry.ID == second || q.Items[0].State != nil {
		t.Errorf("queue after grading: %+v", q.Items[0])
	}
	if q := queue(ben, "?limit=1"); q.Items[0].Entry.ID != first {
		t.Errorf("ben's queue starts with %d, want %d", q.Items[0].Entry.ID, first)
	}

	// A day later both are due, the more overdue first, ahead of new cards.
	clock.Advance(25 * time.Hour)
	e.login(ann) // the access token expired with the clock
	q = queue(ann, "?limit=3")
	if len(q.Items) != 3 || q.Items[0].Entry.ID != first || q.Items[0].State == nil || q.Items[1].Entry.ID != second ||
		q.Items[1].State == nil || q.Items[2].State != nil {
		t.Fatalf("due queue: %+v", q.Items)
	}
	// Forgetting a learned card is a lapse; it is due again in a day.
	st = grade(ann, first, 1)
	if st.Reps != 0 || st.Lapses != 1 || st.IntervalDay != 1 || st.Ease != 1.96 {
		t.Errorf("after grade 1: %+v", st)
	}
	st = grade(ann, second, 4)
	if st.Reps != 2 || st.IntervalDay != 6 {
		t.Errorf("second repetition: %+v", st)
	}

	// A topic narrows the queue, due and new cards alike.
	for _, c := range queue(ann, "?topic=context&limit=50").Items {
		if c.Entry.Topic != "context" {
			t.Errorf("card of topic %s in the context queue", c.Entry.Topic)
		}
	}

	// Validation, auth and scopes.
	path := fmt.Sprintf("/api/v1/kb/entries/%d/review", first)
	for _, tt := range []struct {
		name   string
		path   string
		body   any
		status int
	}{
		{"no grade", path, map[string]any{}, 400},
		{"grade too high", path, map[string]any{"grade": 6}, 400},
		{"negative grade", path, map[string]any{"grade": -1}, 400},
		{"grade not a number", path, map[string]any{"grade": "good"}, 400},
		{"fractional grade", path, map[string]any{"grade": 4.5}, 400},
		{"unknown field", path, map[string]any{"grade": 4, "quality": 4}, 400},
		{"bad id", "/api/v1/kb/entries/abc/review", map[string]any{"grade": 4}, 400},
		{"unknown entry", "/api/v1/kb/entries/999999/review", map[string]any{"grade": 4}, 404},
	} {
		t.Run(tt.name, func(t *testing.T) {
			problem(t, e.with(t).do(req{Method: "POST", Path: tt.path, Token: ann.Access, Body: tt.body}), tt.status)
		})
	}
	problem(t, e.do(req{Method: "POST", Path: path, Body: map[string]any{"grade": 4}}), http.StatusUnauthorized)
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/kb/review"}), http.StatusUnauthorized)
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/kb/review?topic=nope", Token: ann.Access}), http.StatusBadRequest)
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/kb/review?limit=0", Token: ann.Access}), http.StatusBadRequest)
	// Refused requests left the state as it was.
	if q := queue(ann, "?limit=1"); q.Items[0].State != nil && q.Items[0].State.LastGrade != 1 {
		t.Errorf("state changed by refused grades: %+v", q.Items[0].State)
	}

	iv := e.register(goprep.RoleInterviewer)
	read := e.createKey(t, iv, map[string]any{"name": "reader", "scopes": []string{"read"}})
	if res := e.do(req{Method: "GET", Path: "/api/v1/kb/review", Token: read.Key}); res.Status != http.StatusOK {
		t.Errorf("read key reads the queue: %d %s", res.Status, res.Body)
	}
	problem(t, e.do(req{Method: "POST", Path: path, Token: read.Key, Body: map[string]any{"grade": 4}}), http.StatusForbidden)
}
