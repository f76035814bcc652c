package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/server"
)

type assignmentView struct {
	goprep.Assignment
	State  string            `json:"state"`
	EndsAt time.Time         `json:"ends_at"`
	Set    goprep.ProblemSet `json:"set"`
}

type setReport struct {
	Items []struct {
		Assignment goprep.Assignment `json:"assignment"`
		Candidate  struct {
			ID    int64  `json:"id"`
			Email string `json:"email"`
		} `json:"candidate"`
		State     string                 `json:"state"`
		StartedAt *time.Time             `json:"started_at"`
		EndsAt    time.Time              `json:"ends_at"`
		Score     float64                `json:"score"`
		Solved    int                    `json:"solved"`
		Problems  []goprep.ProblemReport `json:"problems"`
	} `json:"items"`
	Total int64   `json:"total"`
	Next  *string `json:"next"`
}

func (e *env) createSet(t *testing.T, u *user, body map[string]any) goprep.ProblemSet {
	t.Helper()
	res := e.do(req{Method: "POST", Path: "/api/v1/sets", Token: u.Access, Body: body})
	if res.Status != http.StatusCreated {
		t.Fatalf("create set: %d %s", res.Status, res.Body)
	}
	var s goprep.ProblemSet
	res.JSON(t, &s)
	if res.Header.Get("Location") != fmt.Sprintf("/api/v1/sets/%d", s.ID) {
		t.Errorf("Location = %q", res.Header.Get("Location"))
	}
	return s
}

func TestSetsAndAssignments(t *testing.T) {
	clock := &testClock{t: time.Now().UTC().Truncate(time.Second)}
	e := newEnv(t, func(c *server.Config, _ *server.Deps) { c.Now = clock.Now })
	e.importProblems()
	iv := e.register(goprep.RoleInterviewer)
	other := e.register(goprep.RoleInterviewer)
	admin := e.register(goprep.RoleAdmin)
	ann := e.register(goprep.RoleCandidate)
	ben := e.register(goprep.RoleCandidate)

	set := e.createSet(t, iv, map[string]any{"title": "  Concurrency round ", "description": "Two problems.",
		"problems": []string{"safe-counter", "ring-buffer"}})
	if set.Title != "Concurrency round" || set.OwnerID != iv.ID || !cmp.Equal(set.Problems, []string{"safe-counter", "ring-buffer"}) {
		t.Fatalf("set: %+v", set)
	}
	setPath := fmt.Sprintf("/api/v1/sets/%d", set.ID)

	// Set validation.
	long := strings.Repeat("x", 201)
	many := make([]string, 51)
	for i := range many {
		many[i] = fmt.Sprintf("p%d", i)
	}
	for _, tt := range []struct {
		name  string
		body  any
		field string
	}{
		{"no title", map[string]any{"problems": []string{"safe-counter"}}, "title"},
		{"long title", map[string]any{"title": long, "problems": []string{"safe-counter"}}, "title"},
		{"no problems", map[string]any{"title": "t", "problems": []string{}}, "problems"},
		{"unknown slug", map[string]any{"title": "t", "problems": []string{"safe-counter", "no-such-problem"}}, "problems"},
		{"bad slug", map[string]any{"title": "t", "problems": []string{"Bad Slug"}}, "problems"},
		{"twice", map[string]any{"title": "t", "problems": []string{"safe-counter", "safe-counter"}}, "problems"},
		{"too many", map[string]any{"title": "t", "problems": many}, "problems"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := problem(t, e.with(t).do(req{Method: "POST", Path: "/api/v1/sets", Token: iv.Access, Body: tt.body}), http.StatusBadRequest)
			if p.Errors[tt.field] == "" {
				t.Errorf("field %s not named: %+v", tt.field, p)
			}
		})
	}
	problem(t, e.do(req{Method: "POST", Path: "/api/v1/sets", Token: ann.Access,
		Body: map[string]any{"title": "t", "problems": []string{"safe-counter"}}}), http.StatusForbidden)

	// Reading: the owner and admins; to other interviewers it does not exist.
	for _, u := range []*user{iv, admin} {
		if res := e.do(req{Method: "GET", Path: setPath, Token: u.Access}); res.Status != http.StatusOK {
			t.Errorf("user %d reads the set: %d %s", u.ID, res.Status, res.Body)
		}
	}
	problem(t, e.do(req{Method: "GET", Path: setPath, Token: other.Access}), http.StatusNotFound)
	problem(t, e.do(req{Method: "GET", Path: setPath, Token: ann.Access}), http.StatusForbidden)
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/sets/0", Token: iv.Access}), http.StatusBadRequest)
	res := e.do(req{Method: "GET", Path: "/api/v1/sets", Token: iv.Access})
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"total":1`) {
		t.Errorf("list sets: %d %s", res.Status, res.Body)
	}
	if res := e.do(req{Method: "GET", Path: "/api/v1/sets", Token: other.Access}); !strings.Contains(string(res.Body), `"total":0`) {
		t.Errorf("another interviewer's list: %s", res.Body)
	}

	// Assigning.
	deadline := clock.Now().Add(48 * time.Hour)
	assign := func(body map[string]any) goprep.Assignment {
		t.Helper()
		res := e.do(req{Method: "POST", Path: setPath + "/assignments", Token: iv.Access, Body: body})
		if res.Status != http.StatusCreated {
			t.Fatalf("assign %v: %d %s", body, res.Status, res.Body)
		}
		var a goprep.Assignment
		res.JSON(t, &a)
		return a
	}
	aAnn := assign(map[string]any{"email": strings.ToUpper(ann.Email), "deadline": deadline.Format(time.RFC3339), "time_limit_seconds": 3600})
	if aAnn.CandidateID != ann.ID || aAnn.SetID != set.ID || !aAnn.Deadline.Equal(deadline) || aAnn.TimeLimitS != 3600 || aAnn.StartedAt != nil {
		t.Fatalf("ann's assignment: %+v", aAnn)
	}
	aBen := assign(map[string]any{"user_id": ben.ID, "deadline": deadline.Format(time.RFC3339)})
	past := clock.Now().Add(-time.Minute).Format(time.RFC3339)
	for _, tt := range []struct {
		name   string
		body   any
		status int
		field  string
	}{
		{"deadline in the past", map[string]any{"user_id": admin.ID, "deadline": past}, 400, "deadline"},
		{"deadline missing", map[string]any{"user_id": admin.ID}, 400, "deadline"},
		{"deadline not RFC 3339", map[string]any{"user_id": admin.ID, "deadline": "tomorrow"}, 400, "deadline"},
		{"deadline years ahead", map[string]any{"user_id": admin.ID, "deadline": clock.Now().AddDate(2, 0, 0).Format(time.RFC3339)}, 400, "deadline"},
		{"time limit too short", map[string]any{"user_id": admin.ID, "deadline": deadline.Format(time.RFC3339), "time_limit_seconds": 30}, 400, "time_limit_seconds"},
		{"time limit too long", map[string]any{"user_id": admin.ID, "deadline": deadline.Format(time.RFC3339), "time_limit_seconds": 8 * 24 * 3600}, 400, "time_limit_seconds"},
		{"negative time limit", map[string]any{"user_id": admin.ID, "deadline": deadline.Format(time.RFC3339), "time_limit_seconds": -1}, 400, "time_limit_seconds"},
		{"no candidate", map[string]any{"deadline": deadline.Format(time.RFC3339)}, 400, "user_id"},
		{"both", map[string]any{"user_id": admin.ID, "email": ann.Email, "deadline": deadline.Format(time.RFC3339)}, 400, "email"},
		{"unknown user", map[string]any{"user_id": 999999, "deadline": deadline.Format(time.RFC3339)}, 400, "user_id"},
		{"unknown email", map[string]any{"email": "nobody@example.com", "deadline": deadline.Format(time.RFC3339)}, 400, "email"},
		{"bad email", map[string]any{"email": "not an email", "deadline": deadline.Format(time.RFC3339)}, 400, "email"},
		{"already assigned", map[string]any{"user_id": ann.ID, "deadline": deadline.Format(time.RFC3339)}, 409, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := problem(t, e.with(t).do(req{Method: "POST", Path: setPath + "/assignments", Token: iv.Access, Body: tt.body}), tt.status)
			if tt.field != "" && p.Errors[tt.field] == "" {
				t.Errorf("field %s not named: %+v", tt.field, p)
			}
		})
	}
	problem(t, e.do(req{Method: "POST", Path: setPath + "/assignments", Token: other.Access,
		Body: map[string]any{"user_id": admin.ID, "deadline": deadline.Format(time.RFC3339)}}), http.StatusNotFound)

	// The candidate sees the assignment with its set, and starts it.
	res = e.do(req{Method: "GET", Path: "/api/v1/assignments", Token: ann.Access})
	var mine struct {
		Items []assignmentView `json:"items"`
		Total int64            `json:"total"`
	}
	res.JSON(t, &mine)
	if res.Status != http.StatusOK || mine.Total != 1 || mine.Items[0].ID != aAnn.ID || mine.Items[0].State != goprep.AssignmentNotStarted ||
		mine.Items[0].Set.Title != set.Title || !mine.Items[0].EndsAt.Equal(deadline) {
		t.Fatalf("ann's assignments: %d %s", res.Status, res.Body)
	}
	// Before the start, submissions are practice.
	practice := e.submit(ann, "safe-counter", "submissions", map[string]string{"x.go": "package x\n"})
	startPath := fmt.Sprintf("/api/v1/assignments/%d/start", aAnn.ID)
	problem(t, e.do(req{Method: "POST", Path: startPath, Token: ben.Access}), http.StatusNotFound)
	start := func(u *user, path string) assignmentView {
		t.Helper()
		res := e.do(req{Method: "POST", Path: path, Token: u.Access})
		if res.Status != http.StatusOK {
			t.Fatalf("start: %d %s", res.Status, res.Body)
		}
		var v assignmentView
		res.JSON(t, &v)
		return v
	}
	v := start(ann, startPath)
	if v.State != goprep.AssignmentOpen || v.StartedAt == nil || !v.StartedAt.Equal(clock.Now()) || !v.EndsAt.Equal(clock.Now().Add(time.Hour)) {
		t.Fatalf("started: %+v", v)
	}
	clock.Advance(time.Minute)
	if again := start(ann, startPath); !again.StartedAt.Equal(*v.StartedAt) {
		t.Errorf("a second start moved the clock: %v", again.StartedAt)
	}

	// While open, submissions to the set's problems belong to the assignment.
	grade := func(id int64, v goprep.Verdict, score float64) {
		t.Helper()
		ctx := context.Background()
		if c, err := e.db.ClaimSubmission(ctx, "j", time.Minute); err != nil || c.ID != id {
			t.Fatalf("claim %d: %+v %v", id, c, err)
		}
		if err := e.db.FinishSubmission(ctx, id, "j", goprep.StatusDone, v, score, nil); err != nil {
			t.Fatal(err)
		}
	}
	grade(practice.ID, goprep.VerdictAC, 100)
	s1 := e.submit(ann, "safe-counter", "submissions", map[string]string{"x.go": "package x\n"})
	grade(s1.ID, goprep.VerdictWA, 40)
	s2 := e.submit(ann, "safe-counter", "submissions", map[string]string{"x.go": "package x\n"})
	grade(s2.ID, goprep.VerdictAC, 100)
	s3 := e.submit(ann, "ring-buffer", "submissions", map[string]string{"x.go": "package x\n"})
	grade(s3.ID, goprep.VerdictRace, 50)
	s4 := e.submit(ann, "ring-buffer", "submissions", map[string]string{"x.go": "package x\n"}) // still queued
	run := e.submit(ann, "ring-buffer", "runs", map[string]string{"x.go": "package x\n"})
	for id, want := range map[int64]bool{practice.ID: false, s1.ID: true, s4.ID: true, run.ID: false} {
		sub, err := e.db.SubmissionByID(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if got := sub.AssignmentID != nil && *sub.AssignmentID == aAnn.ID; got != want {
			t.Errorf("submission %d (%s) in the assignment: %v, want %v", id, sub.Kind, got, want)
		}
	}
	// The set's owner reads submissions made within it; other interviewers do not.
	if res := e.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/submissions/%d", s2.ID), Token: iv.Access}); res.Status != http.StatusOK {
		t.Errorf("owner reads a set submission: %d %s", res.Status, res.Body)
	}
	problem(t, e.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/submissions/%d", s2.ID), Token: other.Access}), http.StatusNotFound)
	problem(t, e.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/submissions/%d", practice.ID), Token: iv.Access}), http.StatusNotFound)

	// The owner lists them by set, anyone's or one candidate's.
	for _, query := range []string{fmt.Sprintf("set=%d", set.ID), fmt.Sprintf("set=%d&user=%d", set.ID, ann.ID)} {
		res := e.do(req{Method: "GET", Path: "/api/v1/submissions?" + query, Token: iv.Access})
		var l submissionList
		res.JSON(t, &l)
		if res.Status != http.StatusOK || l.Total != 4 || l.Items[0].ID != s4.ID || l.Items[3].ID != s1.ID {
			t.Errorf("submissions?%s: %d %s", query, res.Status, res.Body)
		}
	}
	if res := e.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/submissions?set=%d&user=%d", set.ID, ben.ID), Token: iv.Access}); !strings.Contains(string(res.Body), `"total":0`) {
		t.Errorf("ben's set submissions: %s", res.Body)
	}
	problem(t, e.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/submissions?set=%d", set.ID), Token: other.Access}), http.StatusNotFound)
	problem(t, e.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/submissions?set=%d", set.ID), Token: ann.Access}), http.StatusNotFound)
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/submissions?set=x", Token: iv.Access}), http.StatusBadRequest)
	problem(t, e.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/submissions?user=%d", ann.ID), Token: iv.Access}), http.StatusForbidden)

	// After the hour, submissions are practice again.
	clock.Advance(time.Hour)
	e.login(ann)
	late := e.submit(ann, "safe-counter", "submissions", map[string]string{"x.go": "package x\n"})
	if sub, _ := e.db.SubmissionByID(context.Background(), late.ID); sub.AssignmentID != nil {
		t.Errorf("a submission after the time limit joined the assignment")
	}

	// The report: per candidate, per problem in the set's order.
	for _, u := range []*user{iv, admin, other, ann} {
		e.login(u) // the access tokens expired with the clock
	}
	res = e.do(req{Method: "GET", Path: setPath + "/report", Token: iv.Access})
	if res.Status != http.StatusOK {
		t.Fatalf("report: %d %s", res.Status, res.Body)
	}
	var rep setReport
	res.JSON(t, &rep)
	if rep.Total != 2 || len(rep.Items) != 2 || rep.Next != nil {
		t.Fatalf("report: %s", res.Body)
	}
	a, b := rep.Items[0], rep.Items[1]
	if a.Candidate.ID != ann.ID || a.Assignment.ID != aAnn.ID || a.State != goprep.AssignmentClosed || a.StartedAt == nil ||
		a.Score != 150 || a.Solved != 1 {
		t.Errorf("ann's row: %+v", a)
	}
	id := func(n int64) *int64 { return &n }
	wantProblems := []goprep.ProblemReport{
		{Problem: "safe-counter", BestVerdict: goprep.VerdictAC, BestScore: 100, BestSubmissionID: id(s2.ID), SubmissionIDs: []int64{s1.ID, s2.ID}},
		{Problem: "ring-buffer", BestVerdict: goprep.VerdictRace, BestScore: 50, BestSubmissionID: id(s3.ID), SubmissionIDs: []int64{s3.ID, s4.ID}},
	}
	if diff := cmp.Diff(wantProblems, a.Problems); diff != "" {
		t.Errorf("ann's problems (-want +got):\n%s", diff)
	}
	if b.Candidate.ID != ben.ID || b.Assignment.ID != aBen.ID || b.State != goprep.AssignmentNotStarted || b.StartedAt != nil ||
		len(b.Problems) != 2 || b.Problems[0].BestSubmissionID != nil || len(b.Problems[0].SubmissionIDs) != 0 {
		t.Errorf("ben's row: %+v", b)
	}
	if res := e.do(req{Method: "GET", Path: setPath + "/report?limit=1", Token: admin.Access}); res.Status != http.StatusOK ||
		!strings.Contains(string(res.Body), `"next":"`) {
		t.Errorf("admin's first report page: %d %s", res.Status, res.Body)
	}
	problem(t, e.do(req{Method: "GET", Path: setPath + "/report", Token: other.Access}), http.StatusNotFound)
	problem(t, e.do(req{Method: "GET", Path: setPath + "/report", Token: ann.Access}), http.StatusForbidden)
	// The set's leaderboard counts the assignment's submissions only.
	res = e.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/leaderboard?set=%d", set.ID), Token: iv.Access})
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"score":150`) {
		t.Errorf("set leaderboard: %d %s", res.Status, res.Body)
	}

	// API keys: the report needs the grades scope, assigning the assignments scope.
	grades := e.createKey(t, iv, map[string]any{"name": "lms grades", "scopes": []string{"grades"}})
	assignKey := e.createKey(t, iv, map[string]any{"name": "lms enrol", "scopes": []string{"assignments"}})
	if res := e.do(req{Method: "GET", Path: setPath + "/report", Token: grades.Key}); res.Status != http.StatusOK {
		t.Errorf("grades key reads the report: %d %s", res.Status, res.Body)
	}
	problem(t, e.do(req{Method: "GET", Path: setPath + "/report", Token: assignKey.Key}), http.StatusForbidden)
	problem(t, e.do(req{Method: "POST", Path: setPath + "/assignments", Token: grades.Key,
		Body: map[string]any{"user_id": admin.ID, "deadline": clock.Now().Add(time.Hour).Format(time.RFC3339)}}), http.StatusForbidden)
	if res := e.do(req{Method: "POST", Path: setPath + "/assignments", Token: assignKey.Key,
		Body: map[string]any{"user_id": admin.ID, "deadline": clock.Now().Add(time.Hour).Format(time.RFC3339)}}); res.Status != http.StatusCreated {
		t.Errorf("assignments key enrols: %d %s", res.Status, res.Body)
	}

	// Past the deadline an assignment that was never started cannot start.
	clock.Advance(48 * time.Hour)
	e.login(ben)
	problem(t, e.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/assignments/%d/start", aBen.ID), Token: ben.Access}), http.StatusGone)
}
