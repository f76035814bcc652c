package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/goprep/goprep"
)

func TestSetsAndAssignments(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		db := e.db
		iv := mustUser(t, db, "iv@example.com", goprep.RoleInterviewer)
		cand := mustUser(t, db, "cand@example.com", goprep.RoleCandidate)
		other := mustUser(t, db, "other@example.com", goprep.RoleCandidate)
		for _, slug := range []string{"a", "b", "c"} {
			mustProblem(t, db, slug)
		}

		s := &goprep.ProblemSet{OwnerID: iv.ID, Title: "Concurrency", Description: "round 1", Problems: []string{"c", "a", "b"}}
		if err := db.CreateSet(ctx, s); err != nil {
			t.Fatal(err)
		}
		got, err := db.SetByID(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(s, got); diff != "" {
			t.Errorf("SetByID (-want +got):\n%s", diff)
		}
		_, err = db.SetByID(ctx, s.ID+10)
		wantCode(t, err, goprep.ENOTFOUND)
		wantCode(t, db.CreateSet(ctx, &goprep.ProblemSet{OwnerID: iv.ID, Title: "x", Problems: []string{"a", "zzz"}}), goprep.EINVALID)
		wantCode(t, db.CreateSet(ctx, &goprep.ProblemSet{OwnerID: iv.ID, Title: "x", Problems: []string{"a", "a"}}), goprep.EINVALID)
		wantCode(t, db.CreateSet(ctx, &goprep.ProblemSet{OwnerID: iv.ID, Title: " "}), goprep.EINVALID)

		deadline := e.clock.Now().Add(48 * time.Hour)
		a := &goprep.Assignment{SetID: s.ID, CandidateID: cand.ID, Deadline: deadline, TimeLimitS: 3600}
		if err := db.CreateAssignment(ctx, a); err != nil {
			t.Fatal(err)
		}
		gotA, err := db.AssignmentByID(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(a, gotA); diff != "" {
			t.Errorf("AssignmentByID (-want +got):\n%s", diff)
		}
		wantCode(t, db.CreateAssignment(ctx, &goprep.Assignment{SetID: s.ID, CandidateID: cand.ID, Deadline: deadline}), goprep.ECONFLICT)
		wantCode(t, db.CreateAssignment(ctx, &goprep.Assignment{SetID: s.ID + 99, CandidateID: cand.ID, Deadline: deadline}), goprep.EINVALID)
		late := &goprep.Assignment{SetID: s.ID, CandidateID: other.ID, Deadline: e.clock.Now().Add(time.Hour)}
		if err := db.CreateAssignment(ctx, late); err != nil {
			t.Fatal(err)
		}

		list, next, total, err := db.ListAssignments(ctx, cand.ID, goprep.Page{})
		if err != nil || total != 1 || next != "" || len(list) != 1 || list[0].ID != a.ID {
			t.Errorf("ListAssignments(cand) = %v, %q, %d, %v", list, next, total, err)
		}
		all, next, total, err := db.ListAssignments(ctx, 0, goprep.Page{Limit: 1})
		if err != nil || total != 2 || next == "" || len(all) != 1 || all[0].ID != late.ID {
			t.Errorf("ListAssignments(all) first page = %v, %q, %d, %v", all, next, total, err)
		}

		byset, _, total, err := db.ListSetAssignments(ctx, s.ID, goprep.Page{})
		if err != nil || total != 2 || len(byset) != 2 || byset[0].ID != a.ID || byset[1].ID != late.ID {
			t.Errorf("ListSetAssignments = %v, %d, %v", byset, total, err)
		}
		s2 := &goprep.ProblemSet{OwnerID: iv.ID, Title: "Generics", Problems: []string{"b"}}
		if err := db.CreateSet(ctx, s2); err != nil {
			t.Fatal(err)
		}
		sets, next, total, err := db.ListSets(ctx, iv.ID, goprep.Page{Limit: 1})
		if err != nil || total != 2 || next == "" || len(sets) != 1 || sets[0].ID != s2.ID || len(sets[0].Problems) != 1 {
			t.Errorf("ListSets first page = %+v, %q, %d, %v", sets, next, total, err)
		}
		if sets, _, total, err := db.ListSets(ctx, cand.ID, goprep.Page{}); err != nil || total != 0 || len(sets) != 0 {
			t.Errorf("candidate's sets = %v, %d, %v", sets, total, err)
		}

		// Only the candidate can start it; starting twice keeps the first time.
		_, err = db.StartAssignment(ctx, a.ID, other.ID, e.clock.Now())
		wantCode(t, err, goprep.ENOTFOUND)
		start := e.clock.Now().Add(time.Minute)
		st, err := db.StartAssignment(ctx, a.ID, cand.ID, start)
		if err != nil {
			t.Fatal(err)
		}
		if st.StartedAt == nil || !st.StartedAt.Equal(start) {
			t.Errorf("started = %+v", st)
		}
		st, err = db.StartAssignment(ctx, a.ID, cand.ID, start.Add(time.Hour))
		if err != nil || !st.StartedAt.Equal(start) {
			t.Errorf("second start = %+v, %v; want the first start time", st, err)
		}
		// Past its deadline an unstarted assignment is gone.
		_, err = db.StartAssignment(ctx, late.ID, other.ID, e.clock.Now().Add(2*time.Hour))
		wantCode(t, err, goprep.EGONE)

		// Submissions for an assignment are listed by set.
		sub := &goprep.Submission{UserID: cand.ID, ProblemSlug: "a", AssignmentID: &a.ID, Files: map[string]string{"a.go": "package a"}}
		if err := db.CreateSubmission(ctx, sub); err != nil {
			t.Fatal(err)
		}
		mustSubmit(t, db, cand.ID, "a", goprep.KindSubmit) // practice, outside the set
		subs, _, total, err := db.ListSubmissions(ctx, goprep.SubmissionFilter{SetID: s.ID}, goprep.Page{})
		if err != nil || total != 1 || len(subs) != 1 || subs[0].ID != sub.ID || subs[0].AssignmentID == nil {
			t.Errorf("submissions of the set = %+v, %d, %v", subs, total, err)
		}
	})
}

func TestProblems(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		db := e.db
		p := &goprep.Problem{Slug: "safe-counter", TitleEN: "Safe counter", TitleZH: "并发安全计数器",
			Topics: []string{"sync", "mutex"}, Difficulty: goprep.DifficultyEasy, Kind: "implement",
			StatementEN: "Make it safe.", Starter: map[string]string{"counter.go": "package counter\n"},
			PublicTests: map[string]string{"counter_test.go": "package counter_test\n"},
			Limits:      goprep.Limits{TimeMS: 2000, MemoryBytes: 256 << 20, OutputBytes: 1 << 20},
			Checks:      []string{"tests", "race", "leak"}, Spec: []byte(`{"slug": "safe-counter", "bench": {"ratio": 1.5}}`),
			ContentHash: "v1", Source: "catalog"}
		changed, err := db.UpsertProblem(ctx, p)
		if err != nil || !changed || p.ID == 0 {
			t.Fatalf("insert: changed=%v id=%d err=%v", changed, p.ID, err)
		}
		got, err := db.ProblemBySlug(ctx, "safe-counter")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(p, got); diff != "" {
			t.Errorf("ProblemBySlug (-want +got):\n%s", diff)
		}
		if changed, err := db.UpsertProblem(ctx, p); err != nil || changed {
			t.Errorf("same hash: changed=%v err=%v", changed, err)
		}
		e.clock.Advance(time.Minute)
		p2 := *p
		p2.ID, p2.TitleEN, p2.ContentHash = 0, "Safe counter (v2)", "v2"
		if changed, err := db.UpsertProblem(ctx, &p2); err != nil || !changed || p2.ID != p.ID {
			t.Errorf("new hash: changed=%v id=%d err=%v", changed, p2.ID, err)
		}
		got, err = db.ProblemBySlug(ctx, "safe-counter")
		if err != nil || got.TitleEN != "Safe counter (v2)" || !got.UpdatedAt.After(got.CreatedAt) {
			t.Errorf("after update: %+v, %v", got, err)
		}
		_, err = db.ProblemBySlug(ctx, "nope")
		wantCode(t, err, goprep.ENOTFOUND)
		_, err = db.UpsertProblem(ctx, &goprep.Problem{Slug: "x", TitleEN: "X", Difficulty: "extreme"})
		wantCode(t, err, goprep.EINVALID)

		mustProblem(t, db, "worker-pool") // topics: sync, easy
		hard := &goprep.Problem{Slug: "lru-cache", TitleEN: "LRU cache", TitleZH: "LRU 缓存", Topics: []string{"generics"}, Difficulty: goprep.DifficultyHard}
		if _, err := db.UpsertProblem(ctx, hard); err != nil {
			t.Fatal(err)
		}
		if hard.ContentHash == "" {
			t.Error("no content hash computed")
		}
		for _, c := range []struct {
			f    goprep.ProblemFilter
			want []string
		}{
			{goprep.ProblemFilter{}, []string{"safe-counter", "worker-pool", "lru-cache"}},
			{goprep.ProblemFilter{Topic: "sync"}, []string{"safe-counter", "worker-pool"}},
			{goprep.ProblemFilter{Topic: "mutex"}, []string{"safe-counter"}},
			{goprep.ProblemFilter{Difficulty: "hard"}, []string{"lru-cache"}},
			{goprep.ProblemFilter{Q: "缓存"}, []string{"lru-cache"}},
			{goprep.ProblemFilter{Q: "COUNTER"}, []string{"safe-counter"}},
			{goprep.ProblemFilter{Q: "%"}, nil},
		} {
			var got []string
			cursor := ""
			for range 5 {
				items, next, total, err := db.ListProblems(ctx, c.f, goprep.Page{Limit: 1, Cursor: cursor})
				if err != nil {
					t.Fatal(err)
				}
				if int(total) != len(c.want) {
					t.Errorf("%+v: total %d, want %d", c.f, total, len(c.want))
				}
				for _, it := range items {
					if it.Spec != nil {
						t.Errorf("list leaks the spec of %s", it.Slug)
					}
					got = append(got, it.Slug)
				}
				if next == "" {
					break
				}
				cursor = next
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("ListProblems(%+v) (-want +got):\n%s", c.f, diff)
			}
		}
	})
}

// TestOpenAssignmentAndReportSubmissions: a submission belongs to the
// assignment that is open for its problem; the report reads an assignment's
// scored submissions oldest first.
func TestOpenAssignmentAndReportSubmissions(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		db := e.db
		iv := mustUser(t, db, "iv@example.com", goprep.RoleInterviewer)
		cand := mustUser(t, db, "cand@example.com", goprep.RoleCandidate)
		for _, slug := range []string{"a", "b", "c"} {
			mustProblem(t, db, slug)
		}
		mkSet := func(problems ...string) *goprep.ProblemSet {
			s := &goprep.ProblemSet{OwnerID: iv.ID, Title: "set", Problems: problems}
			if err := db.CreateSet(ctx, s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		s1, s2 := mkSet("a", "b"), mkSet("b")
		now := e.clock.Now()
		a1 := &goprep.Assignment{SetID: s1.ID, CandidateID: cand.ID, Deadline: now.Add(2 * time.Hour), TimeLimitS: 3600}
		a2 := &goprep.Assignment{SetID: s2.ID, CandidateID: cand.ID, Deadline: now.Add(24 * time.Hour)}
		for _, a := range []*goprep.Assignment{a1, a2} {
			if err := db.CreateAssignment(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		open := func(slug string) int64 {
			t.Helper()
			a, err := db.OpenAssignment(ctx, cand.ID, slug, e.clock.Now())
			if goprep.ErrorCode(err) == goprep.ENOTFOUND {
				return 0
			}
			if err != nil {
				t.Fatal(err)
			}
			return a.ID
		}
		// Nothing is open before a start.
		if id := open("a"); id != 0 {
			t.Fatalf("open before start: %d", id)
		}
		if _, err := db.StartAssignment(ctx, a1.ID, cand.ID, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		if got := open("a"); got != a1.ID {
			t.Errorf("a: open %d, want %d", got, a1.ID)
		}
		if got := open("c"); got != 0 {
			t.Errorf("c is in no set, open %d", got)
		}
		e.clock.Advance(time.Minute)
		if _, err := db.StartAssignment(ctx, a2.ID, cand.ID, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		// b is in both: the later start wins.
		if got := open("b"); got != a2.ID {
			t.Errorf("b: open %d, want %d", got, a2.ID)
		}
		// a1's hour runs out before its deadline.
		e.clock.Advance(time.Hour)
		if got := open("a"); got != 0 {
			t.Errorf("a after the time limit: open %d", got)
		}
		if got := open("b"); got != a2.ID {
			t.Errorf("b after a1 closed: open %d, want %d", got, a2.ID)
		}
		// Past a2's deadline nothing is open.
		e.clock.Advance(24 * time.Hour)
		if got := open("b"); got != 0 {
			t.Errorf("b after the deadline: open %d", got)
		}

		sub := func(slug string, a *goprep.Assignment, kind string) int64 {
			s := &goprep.Submission{UserID: cand.ID, ProblemSlug: slug, Kind: kind, Files: map[string]string{"x.go": "package x\n"}}
			if a != nil {
				s.AssignmentID = &a.ID
			}
			if err := db.CreateSubmission(ctx, s); err != nil {
				t.Fatal(err)
			}
			return s.ID
		}
		x1 := sub("a", a1, goprep.KindSubmit)
		sub("a", nil, goprep.KindSubmit)
		sub("b", a1, goprep.KindRun)
		x2 := sub("b", a2, goprep.KindSubmit)
		x3 := sub("b", a1, goprep.KindSubmit)
		got, err := db.AssignmentSubmissions(ctx, []int64{a1.ID, a2.ID})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, s := range got {
			ids = append(ids, s.ID)
			if s.Files != nil || s.ProblemSlug == "" || s.AssignmentID == nil {
				t.Errorf("report submission %+v", s)
			}
		}
		if diff := cmp.Diff([]int64{x1, x2, x3}, ids); diff != "" {
			t.Errorf("AssignmentSubmissions (-want +got):\n%s", diff)
		}
		if got, err := db.AssignmentSubmissions(ctx, nil); err != nil || len(got) != 0 {
			t.Errorf("no assignments: %v %v", got, err)
		}
	})
}
