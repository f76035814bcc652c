package server_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goprep/goprep"
)

type leaderboardList struct {
	Items []goprep.LeaderboardRow `json:"items"`
	Total int64                   `json:"total"`
	Next  *string                 `json:"next"`
}

// grade queues a scored submission for u and finishes it as a judge would.
func (e *env) grade(u *user, slug string, v goprep.Verdict, score float64) int64 {
	e.t.Helper()
	q := e.submit(u, slug, "submissions", map[string]string{"x.go": "package x\n"})
	ctx := context.Background()
	if c, err := e.db.ClaimSubmission(ctx, "test-judge", time.Minute); err != nil || c.ID != q.ID {
		e.t.Fatalf("claim %d: %+v %v", q.ID, c, err)
	}
	if err := e.db.FinishSubmission(ctx, q.ID, "test-judge", goprep.StatusDone, v, score, nil); err != nil {
		e.t.Fatal(err)
	}
	return q.ID
}

func TestLeaderboard(t *testing.T) {
	e := newEnv(t)
	e.importProblems()
	ann := e.register(goprep.RoleCandidate)
	ben := e.register(goprep.RoleCandidate)
	cid := e.register(goprep.RoleCandidate)
	e.grade(ann, "safe-counter", goprep.VerdictAC, 100)
	e.grade(ben, "safe-counter", goprep.VerdictAC, 100)
	e.grade(ben, "ring-buffer", goprep.VerdictWA, 40)

	get := func(tok, query string) leaderboardList {
		t.Helper()
		res := e.do(req{Method: "GET", Path: "/api/v1/leaderboard" + query, Token: tok})
		if res.Status != http.StatusOK {
			t.Fatalf("leaderboard%s: %d %s", query, res.Status, res.Body)
		}
		var l leaderboardList
		res.JSON(t, &l)
		return l
	}
	type row struct {
		UserID int64
		Score  float64
		Solved int
		Rank   int64
	}
	rows := func(l leaderboardList) []row {
		var out []row
		for _, it := range l.Items {
			out = append(out, row{it.UserID, it.Score, it.Solved, it.Rank})
		}
		return out
	}
	want := []row{{ben.ID, 140, 1, 1}, {ann.ID, 100, 1, 2}}
	// Anonymous readers see the all-time and the weekly ranking.
	for _, q := range []string{"", "?period=all", "?period=week"} {
		l := get("", q)
		if diff := cmp.Diff(want, rows(l)); diff != "" || l.Total != 2 || l.Next != nil {
			t.Errorf("leaderboard%s (-want +got):\n%s total=%d", q, diff, l.Total)
		}
	}
	if l := get(cid.Access, "?limit=1"); len(l.Items) != 1 || l.Items[0].Rank != 1 || l.Next == nil {
		t.Errorf("first page: %+v", l)
	} else if l2 := get(cid.Access, "?limit=1&cursor="+*l.Next); len(l2.Items) != 1 || l2.Items[0].UserID != ann.ID || l2.Items[0].Rank != 2 {
		t.Errorf("second page by cursor: %+v", l2)
	}
	if l := get("", "?limit=1&page=2"); len(l.Items) != 1 || l.Items[0].UserID != ann.ID || l.Items[0].Rank != 2 {
		t.Errorf("page 2: %+v", l)
	}
	if l := get("", "?page=3&limit=1"); len(l.Items) != 0 || l.Total != 2 {
		t.Errorf("page past the end: %+v", l)
	}

	// Me: the caller's row and rank; 404 before any graded submission.
	res := e.do(req{Method: "GET", Path: "/api/v1/leaderboard/me", Token: ann.Access})
	var me goprep.LeaderboardRow
	res.JSON(t, &me)
	if res.Status != http.StatusOK || me.UserID != ann.ID || me.Rank != 2 || me.Score != 100 || me.Scope != "all" {
		t.Errorf("ann's row: %d %s", res.Status, res.Body)
	}
	res = e.do(req{Method: "GET", Path: "/api/v1/leaderboard/me?period=week", Token: ben.Access})
	res.JSON(t, &me)
	if res.Status != http.StatusOK || me.Rank != 1 || me.Scope != goprep.WeekScope(time.Now()) {
		t.Errorf("ben's weekly row: %d %s", res.Status, res.Body)
	}
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/leaderboard/me", Token: cid.Access}), http.StatusNotFound)
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/leaderboard/me"}), http.StatusUnauthorized)

	for _, q := range []string{"?period=month", "?set=x", "?set=0", "?page=0", "?page=x", "?limit=500", "?page=2&cursor=abc", "?set=1&period=week", "?cursor=zzz"} {
		t.Run(q, func(t *testing.T) {
			problem(t, e.with(t).do(req{Method: "GET", Path: "/api/v1/leaderboard" + q, Token: ann.Access}), http.StatusBadRequest)
		})
	}
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/leaderboard?set=1"}), http.StatusUnauthorized)
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/leaderboard?set=999", Token: ann.Access}), http.StatusNotFound)
}

// TestLeaderboardOfSet: a set's ranking counts submissions made within its
// assignments and is shown to the set's owner, admins and candidates only.
func TestLeaderboardOfSet(t *testing.T) {
	e := newEnv(t)
	e.importProblems()
	ctx := context.Background()
	iv := e.register(goprep.RoleInterviewer)
	otherIV := e.register(goprep.RoleInterviewer)
	admin := e.register(goprep.RoleAdmin)
	ann := e.register(goprep.RoleCandidate)
	outsider := e.register(goprep.RoleCandidate)
	set := &goprep.ProblemSet{OwnerID: iv.ID, Title: "Round 1", Problems: []string{"safe-counter"}}
	if err := e.db.CreateSet(ctx, set); err != nil {
		t.Fatal(err)
	}
	a := &goprep.Assignment{SetID: set.ID, CandidateID: ann.ID, Deadline: time.Now().Add(time.Hour)}
	if err := e.db.CreateAssignment(ctx, a); err != nil {
		t.Fatal(err)
	}
	// A submission linked to the assignment, finished by the judge.
	s := &goprep.Submission{UserID: ann.ID, ProblemSlug: "safe-counter", AssignmentID: &a.ID, Files: map[string]string{"x.go": "package x\n"}}
	if err := e.db.CreateSubmission(ctx, s); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.ClaimSubmission(ctx, "j", time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := e.db.FinishSubmission(ctx, s.ID, "j", goprep.StatusDone, goprep.VerdictAC, 100, nil); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/v1/leaderboard?set=%d", set.ID)
	for _, u := range []*user{iv, admin, ann} {
		res := e.do(req{Method: "GET", Path: path, Token: u.Access})
		var l leaderboardList
		res.JSON(t, &l)
		if res.Status != http.StatusOK || l.Total != 1 || l.Items[0].UserID != ann.ID || l.Items[0].Scope != goprep.SetScope(set.ID) {
			t.Errorf("user %d reads the set's board: %d %s", u.ID, res.Status, res.Body)
		}
	}
	res := e.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/leaderboard/me?set=%d", set.ID), Token: ann.Access})
	if res.Status != http.StatusOK {
		t.Errorf("ann's set row: %d %s", res.Status, res.Body)
	}
	for _, u := range []*user{otherIV, outsider} {
		problem(t, e.do(req{Method: "GET", Path: path, Token: u.Access}), http.StatusNotFound)
	}
}
