package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/goprep/goprep"
	"github.com/goprep/goprep/store"
)

func mustProblem(t testing.TB, db *store.DB, slug string) *goprep.Problem {
	t.Helper()
	p := &goprep.Problem{Slug: slug, TitleEN: "Problem " + slug, TitleZH: "题目 " + slug,
		Topics: []string{"sync"}, Difficulty: goprep.DifficultyEasy, Kind: "implement",
		Starter: map[string]string{"main.go": "package x\n"}, Limits: goprep.Limits{TimeMS: 1000},
		Checks: []string{"tests", "race"}, Spec: []byte(`{"slug":"` + slug + `"}`)}
	if _, err := db.UpsertProblem(context.Background(), p); err != nil {
		t.Fatalf("upsert problem %s: %v", slug, err)
	}
	return p
}

func mustSubmit(t testing.TB, db *store.DB, userID int64, slug, kind string) *goprep.Submission {
	t.Helper()
	s := &goprep.Submission{UserID: userID, ProblemSlug: slug, Kind: kind,
		Files: map[string]string{"solution.go": "package x\n\nfunc F() {}\n"}}
	if err := db.CreateSubmission(context.Background(), s); err != nil {
		t.Fatalf("create submission: %v", err)
	}
	return s
}

func TestSubmissionCreateAndList(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		db := e.db
		u := mustUser(t, db, "sub@example.com", goprep.RoleCandidate)
		v := mustUser(t, db, "other@example.com", goprep.RoleCandidate)
		p := mustProblem(t, db, "safe-counter")
		q := mustProblem(t, db, "worker-pool")

		s := mustSubmit(t, db, u.ID, "safe-counter", "")
		if s.ID == 0 || s.Status != goprep.StatusQueued || s.Kind != goprep.KindSubmit || s.ProblemID != p.ID {
			t.Fatalf("created = %+v", s)
		}
		got, err := db.SubmissionByID(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(s, got); diff != "" {
			t.Errorf("SubmissionByID (-want +got):\n%s", diff)
		}
		_, err = db.SubmissionByID(ctx, s.ID+100)
		wantCode(t, err, goprep.ENOTFOUND)
		err = db.CreateSubmission(ctx, &goprep.Submission{UserID: u.ID, ProblemSlug: "nope"})
		wantCode(t, err, goprep.ENOTFOUND)
		err = db.CreateSubmission(ctx, &goprep.Submission{UserID: u.ID, ProblemSlug: "safe-counter", Kind: "grade"})
		wantCode(t, err, goprep.EINVALID)

		mustSubmit(t, db, u.ID, "worker-pool", goprep.KindRun)
		mustSubmit(t, db, u.ID, "safe-counter", goprep.KindSubmit)
		mustSubmit(t, db, v.ID, "safe-counter", goprep.KindSubmit)

		for _, c := range []struct {
			name string
			f    goprep.SubmissionFilter
			want int64
		}{
			{"all", goprep.SubmissionFilter{}, 4},
			{"user", goprep.SubmissionFilter{UserID: u.ID}, 3},
			{"user+problem", goprep.SubmissionFilter{UserID: u.ID, ProblemID: p.ID}, 2},
			{"problem", goprep.SubmissionFilter{ProblemID: q.ID}, 1},
			{"kind", goprep.SubmissionFilter{Kind: goprep.KindRun}, 1},
		} {
			t.Run(c.name, func(t *testing.T) {
				var ids []int64
				cursor := ""
				for range 10 {
					items, next, total, err := db.ListSubmissions(ctx, c.f, goprep.Page{Limit: 1, Cursor: cursor})
					if err != nil {
						t.Fatal(err)
					}
					if total != c.want {
						t.Errorf("total = %d, want %d", total, c.want)
					}
					for _, it := range items {
						if it.ProblemSlug == "" || it.Files != nil {
							t.Errorf("listed submission %+v: want a slug and no files", it)
						}
						ids = append(ids, it.ID)
					}
					if next == "" {
						break
					}
					cursor = next
				}
				if int64(len(ids)) != c.want {
					t.Fatalf("paged %d ids, want %d", len(ids), c.want)
				}
				for i := 1; i < len(ids); i++ {
					if ids[i] >= ids[i-1] {
						t.Errorf("ids not newest first: %v", ids)
					}
				}
			})
		}
	})
}

func TestClaimLeaseFinish(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		db := e.db
		u := mustUser(t, db, "q@example.com", goprep.RoleCandidate)
		mustProblem(t, db, "safe-counter")

		_, err := db.ClaimSubmission(ctx, "w1", time.Minute)
		wantCode(t, err, goprep.ENOTFOUND)

		a := mustSubmit(t, db, u.ID, "safe-counter", goprep.KindSubmit)
		b := mustSubmit(t, db, u.ID, "safe-counter", goprep.KindSubmit)
		if n, err := db.QueueDepth(ctx); err != nil || n != 2 {
			t.Fatalf("QueueDepth = %d, %v; want 2", n, err)
		}

		// Oldest first.
		c1, err := db.ClaimSubmission(ctx, "w1", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if c1.ID != a.ID || c1.Status != goprep.StatusRunning || c1.Attempts != 1 || c1.LeaseOwner != "w1" ||
			c1.LeaseUntil == nil || !c1.LeaseUntil.Equal(e.clock.Now().Add(time.Minute)) || c1.StartedAt == nil {
			t.Fatalf("first claim = %+v", c1)
		}
		if len(c1.Files) != 1 {
			t.Errorf("claimed submission has files %v", c1.Files)
		}
		c2, err := db.ClaimSubmission(ctx, "w2", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if c2.ID != b.ID {
			t.Fatalf("second claim took %d, want %d", c2.ID, b.ID)
		}
		_, err = db.ClaimSubmission(ctx, "w3", time.Minute)
		wantCode(t, err, goprep.ENOTFOUND)
		if n, _ := db.QueueDepth(ctx); n != 0 {
			t.Errorf("QueueDepth with two live leases = %d", n)
		}

		// Only the owner renews; a renewal keeps the lease alive past the first expiry.
		wantCode(t, db.RenewLease(ctx, a.ID, "w2", time.Minute), goprep.ECONFLICT)
		e.clock.Advance(50 * time.Second)
		if err := db.RenewLease(ctx, a.ID, "w1", time.Minute); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(30 * time.Second) // b's lease expired, a's did not
		if n, _ := db.QueueDepth(ctx); n != 1 {
			t.Errorf("QueueDepth with one expired lease = %d, want 1", n)
		}
		re, err := db.ClaimSubmission(ctx, "w3", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if re.ID != b.ID || re.Attempts != 2 || re.LeaseOwner != "w3" {
			t.Fatalf("re-claim = %+v, want b with 2 attempts", re)
		}
		// The worker that lost the lease can neither finish, renew nor release it.
		wantCode(t, db.FinishSubmission(ctx, b.ID, "w2", goprep.StatusDone, goprep.VerdictAC, 100, nil), goprep.ECONFLICT)
		wantCode(t, db.RenewLease(ctx, b.ID, "w2", time.Minute), goprep.ECONFLICT)
		wantCode(t, db.ReleaseSubmission(ctx, b.ID, "w2"), goprep.ECONFLICT)

		// Finish once.
		result := json.RawMessage(`{"tests":[{"name":"TestAdd","pass":true}]}`)
		if err := db.FinishSubmission(ctx, b.ID, "w3", goprep.StatusDone, goprep.VerdictAC, 100, result); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.FinishSubmission(ctx, b.ID, "w3", goprep.StatusDone, goprep.VerdictAC, 100, result), goprep.ECONFLICT)
		done, err := db.SubmissionByID(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != goprep.StatusDone || done.Verdict != goprep.VerdictAC || done.Score != 100 ||
			done.FinishedAt == nil || done.LeaseOwner != "" || done.LeaseUntil != nil {
			t.Errorf("finished = %+v", done)
		}
		var gotRes, wantRes any
		json.Unmarshal(done.Result, &gotRes)
		json.Unmarshal(result, &wantRes)
		if diff := cmp.Diff(wantRes, gotRes); diff != "" {
			t.Errorf("result (-want +got):\n%s", diff)
		}

		// Release puts a back in the queue; the next claim takes it again.
		if err := db.ReleaseSubmission(ctx, a.ID, "w1"); err != nil {
			t.Fatal(err)
		}
		again, err := db.ClaimSubmission(ctx, "w4", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if again.ID != a.ID || again.Attempts != 2 {
			t.Fatalf("claim after release = %+v", again)
		}

		wantCode(t, db.FinishSubmission(ctx, a.ID, "w4", "queued", "", 0, nil), goprep.EINVALID)
		wantCode(t, db.FinishSubmission(ctx, a.ID, "w4", goprep.StatusDone, "MAYBE", 0, nil), goprep.EINVALID)
		wantCode(t, db.FinishSubmission(ctx, a.ID, "w4", goprep.StatusDone, goprep.VerdictWA, 0, json.RawMessage("{")), goprep.EINVALID)
	})
}

// TestSubmissionProgress: the stages a worker records are read back in
// order, only the lease holder records them, a finish keeps them and a
// release or a claim after a lease expired clears them.
func TestSubmissionProgress(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		db := e.db
		u := mustUser(t, db, "progress@example.com", goprep.RoleCandidate)
		mustProblem(t, db, "safe-counter")
		progress := func(id int64) []goprep.StageProgress {
			t.Helper()
			s, err := db.SubmissionByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return s.Progress
		}

		a := mustSubmit(t, db, u.ID, "safe-counter", goprep.KindSubmit)
		if got := progress(a.ID); got != nil {
			t.Errorf("a queued submission's progress = %v, want none", got)
		}
		wantCode(t, db.RecordProgress(ctx, a.ID, "w1", []goprep.StageProgress{{Stage: "validate", Status: "running"}}), goprep.ECONFLICT)
		if _, err := db.ClaimSubmission(ctx, "w1", time.Minute); err != nil {
			t.Fatal(err)
		}
		steps := [][]goprep.StageProgress{
			{{Stage: "validate", Status: "running"}},
			{{Stage: "validate", Status: "pass", DurationMS: 3}, {Stage: "build", Status: "running"}},
			{{Stage: "validate", Status: "pass", DurationMS: 3}, {Stage: "build", Status: "fail", DurationMS: 812,
				Verdict: goprep.VerdictCE, Message: "counter.go:3:1: syntax error: 非声明语句"}},
		}
		for i, st := range steps {
			if err := db.RecordProgress(ctx, a.ID, "w1", st); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(st, progress(a.ID)); diff != "" {
				t.Errorf("progress after step %d (-want +got):\n%s", i, diff)
			}
		}
		// Another worker's progress is refused and changes nothing.
		wantCode(t, db.RecordProgress(ctx, a.ID, "w2", nil), goprep.ECONFLICT)
		// A long message is cut at a character boundary; too many stages are refused.
		long := "a" + strings.Repeat("é", goprep.MaxProgressMessage) // the limit falls inside an é
		if err := db.RecordProgress(ctx, a.ID, "w1", []goprep.StageProgress{{Stage: "test", Status: "fail", Message: long}}); err != nil {
			t.Fatal(err)
		}
		if got := progress(a.ID)[0].Message; len(got) != goprep.MaxProgressMessage-1 || !utf8.ValidString(got) || !strings.HasPrefix(long, got) {
			t.Errorf("a long message was stored as %d bytes (valid UTF-8: %v)", len(got), utf8.ValidString(got))
		}
		wantCode(t, db.RecordProgress(ctx, a.ID, "w1", make([]goprep.StageProgress, goprep.MaxProgressStages+1)), goprep.EINVALID)
		if err := db.RecordProgress(ctx, a.ID, "w1", steps[2]); err != nil {
			t.Fatal(err)
		}

		// A finish keeps the progress; the row then takes none.
		if err := db.FinishSubmission(ctx, a.ID, "w1", goprep.StatusDone, goprep.VerdictCE, 0, json.RawMessage(`{}`)); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(steps[2], progress(a.ID)); diff != "" {
			t.Errorf("progress after the finish (-want +got):\n%s", diff)
		}
		wantCode(t, db.RecordProgress(ctx, a.ID, "w1", steps[0]), goprep.ECONFLICT)
		// Lists leave it out.
		items, _, _, err := db.ListSubmissions(ctx, goprep.SubmissionFilter{UserID: u.ID}, goprep.Page{})
		if err != nil || len(items) != 1 || items[0].Progress != nil {
			t.Errorf("listed: %v %v", items, err)
		}

		// A release clears it.
		b := mustSubmit(t, db, u.ID, "safe-counter", goprep.KindSubmit)
		if _, err := db.ClaimSubmission(ctx, "w1", time.Minute); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordProgress(ctx, b.ID, "w1", steps[1]); err != nil {
			t.Fatal(err)
		}
		if err := db.ReleaseSubmission(ctx, b.ID, "w1"); err != nil {
			t.Fatal(err)
		}
		if got := progress(b.ID); got != nil {
			t.Errorf("progress after a release = %v, want none", got)
		}

		// A claim after the lease expired starts with none; the worker that
		// lost the lease can no longer record any.
		if _, err := db.ClaimSubmission(ctx, "w1", time.Minute); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordProgress(ctx, b.ID, "w1", steps[1]); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(2 * time.Minute)
		re, err := db.ClaimSubmission(ctx, "w2", time.Minute)
		if err != nil || re.ID != b.ID || re.Attempts != 3 {
			t.Fatalf("re-claim = %+v, %v", re, err)
		}
		if re.Progress != nil {
			t.Errorf("re-claimed with progress %v, want none", re.Progress)
		}
		wantCode(t, db.RecordProgress(ctx, b.ID, "w1", steps[2]), goprep.ECONFLICT)
		if err := db.RecordProgress(ctx, b.ID, "w2", steps[0]); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(steps[0], progress(b.ID)); diff != "" {
			t.Errorf("the new claim's progress (-want +got):\n%s", diff)
		}
	})
}

func TestClaimGivesUpAfterMaxClaims(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		u := mustUser(t, e.db, "crash@example.com", goprep.RoleCandidate)
		mustProblem(t, e.db, "safe-counter")
		s := mustSubmit(t, e.db, u.ID, "safe-counter", goprep.KindSubmit)
		for i := 1; i <= store.MaxClaims; i++ {
			c, err := e.db.ClaimSubmission(ctx, fmt.Sprintf("w%d", i), time.Second)
			if err != nil {
				t.Fatalf("claim %d: %v", i, err)
			}
			if c.Attempts != i {
				t.Fatalf("claim %d: attempts = %d", i, c.Attempts)
			}
			e.clock.Advance(2 * time.Second) // the worker "crashed"
		}
		_, err := e.db.ClaimSubmission(ctx, "w-last", time.Second)
		wantCode(t, err, goprep.ENOTFOUND)
		got, err := e.db.SubmissionByID(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != goprep.StatusFailed || got.Verdict != goprep.VerdictIE {
			t.Errorf("after %d crashed claims: %+v, want failed/IE", store.MaxClaims, got)
		}
	})
}

// TestConcurrentClaims has several workers drain the queue at once: every
// submission must be claimed by exactly one of them.
func TestConcurrentClaims(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		u := mustUser(t, e.db, "many@example.com", goprep.RoleCandidate)
		mustProblem(t, e.db, "safe-counter")
		const n, workers = 60, 6
		for range n {
			mustSubmit(t, e.db, u.ID, "safe-counter", goprep.KindSubmit)
		}
		var mu sync.Mutex
		claimedBy := map[int64]string{}
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Go(func() {
				owner := fmt.Sprintf("worker-%d", w)
				for {
					s, err := e.db.ClaimSubmission(ctx, owner, time.Minute)
					if goprep.ErrorCode(err) == goprep.ENOTFOUND {
						return
					}
					if err != nil {
						errs <- err
						return
					}
					mu.Lock()
					prev, dup := claimedBy[s.ID]
					claimedBy[s.ID] = owner
					mu.Unlock()
					if dup {
						errs <- fmt.Errorf("submission %d claimed by %s and %s", s.ID, prev, owner)
						return
					}
					if err := e.db.FinishSubmission(ctx, s.ID, owner, goprep.StatusDone, goprep.VerdictWA, 0, nil); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if len(claimedBy) != n {
			t.Errorf("%d submissions claimed, want %d", len(claimedBy), n)
		}
	})
}

func TestBestScoreAndLeaderboard(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		db := e.db
		ann := mustUser(t, db, "ann@example.com", goprep.RoleCandidate)
		ben := mustUser(t, db, "ben@example.com", goprep.RoleCandidate)
		mustProblem(t, db, "p1")
		mustProblem(t, db, "p2")

		judge := func(u *goprep.User, slug, kind string, v goprep.Verdict, score float64) {
			t.Helper()
			s := mustSubmit(t, db, u.ID, slug, kind)
			c, err := db.ClaimSubmission(ctx, "w", time.Minute)
			if err != nil || c.ID != s.ID {
				t.Fatalf("claim: %v, %+v", err, c)
			}
			if err := db.FinishSubmission(ctx, s.ID, "w", goprep.StatusDone, v, score, nil); err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(time.Second)
		}
		week := goprep.WeekScope(e.clock.Now())

		judge(ann, "p1", goprep.KindSubmit, goprep.VerdictWA, 40)
		judge(ann, "p1", goprep.KindSubmit, goprep.VerdictAC, 100) // +60, solved
		judge(ann, "p1", goprep.KindSubmit, goprep.VerdictAC, 100) // no gain
		judge(ann, "p1", goprep.KindSubmit, goprep.VerdictRace, 50)
		judge(ann, "p2", goprep.KindRun, goprep.VerdictAC, 100) // runs are never scored
		judge(ben, "p1", goprep.KindSubmit, goprep.VerdictAC, 100)
		judge(ben, "p2", goprep.KindSubmit, goprep.VerdictAC, 90)
		// An IE is the judge's fault: never scored.
		judge(ann, "p2", goprep.KindSubmit, goprep.VerdictIE, 100)

		// Next week Ann improves p2; only that gain shows in the new week.
		e.clock.Advance(7 * 24 * time.Hour)
		nextWeek := goprep.WeekScope(e.clock.Now())
		if nextWeek == week {
			t.Fatal("the clock did not reach the next week")
		}
		judge(ann, "p2", goprep.KindSubmit, goprep.VerdictAC, 100)

		type row struct {
			Name   string
			Score  float64
			Solved int
		}
		board := func(scope string) []row {
			t.Helper()
			items, next, total, err := db.Leaderboard(ctx, scope, goprep.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if next != "" || int(total) != len(items) {
				t.Errorf("%s: next=%q total=%d items=%d", scope, next, total, len(items))
			}
			var out []row
			for _, it := range items {
				out = append(out, row{it.Name, it.Score, it.Solved})
			}
			return out
		}
		for _, c := range []struct {
			scope string
			want  []row
		}{
			{goprep.LeaderboardScopeAll, []row{{"User ann@example.com", 200, 2}, {"User ben@example.com", 190, 2}}},
			{week, []row{{"User ben@example.com", 190, 2}, {"User ann@example.com", 100, 1}}},
			{nextWeek, []row{{"User ann@example.com", 100, 1}}},
		} {
			if diff := cmp.Diff(c.want, board(c.scope)); diff != "" {
				t.Errorf("leaderboard %s (-want +got):\n%s", c.scope, diff)
			}
		}
		r, rank, err := db.LeaderboardRank(ctx, week, ann.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rank != 2 || r.Score != 100 {
			t.Errorf("ann in %s: rank %d, row %+v", week, rank, r)
		}
		_, _, err = db.LeaderboardRank(ctx, nextWeek, ben.ID)
		wantCode(t, err, goprep.ENOTFOUND)
	})
}

// TestSetLeaderboard: submissions made within an assignment count on the
// set's leaderboard by their best per problem within the assignment; practice
// submissions do not. Ranks follow the order, and Offset skips rows.
func TestSetLeaderboard(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		db := e.db
		iv := mustUser(t, db, "iv@example.com", goprep.RoleInterviewer)
		ann := mustUser(t, db, "ann@example.com", goprep.RoleCandidate)
		ben := mustUser(t, db, "ben@example.com", goprep.RoleCandidate)
		mustProblem(t, db, "p1")
		mustProblem(t, db, "p2")
		set := &goprep.ProblemSet{OwnerID: iv.ID, Title: "round 1", Problems: []string{"p1", "p2"}}
		if err := db.CreateSet(ctx, set); err != nil {
			t.Fatal(err)
		}
		assign := func(u *goprep.User) int64 {
			a := &goprep.Assignment{SetID: set.ID, CandidateID: u.ID, Deadline: e.clock.Now().Add(48 * time.Hour)}
			if err := db.CreateAssignment(ctx, a); err != nil {
				t.Fatal(err)
			}
			return a.ID
		}
		annA, benA := assign(ann), assign(ben)
		judge := func(u *goprep.User, slug string, assignment int64, v goprep.Verdict, score float64) {
			t.Helper()
			s := &goprep.Submission{UserID: u.ID, ProblemSlug: slug, Files: map[string]string{"x.go": "package x\n"}}
			if assignment != 0 {
				s.AssignmentID = &assignment
			}
			if err := db.CreateSubmission(ctx, s); err != nil {
				t.Fatal(err)
			}
			if c, err := db.ClaimSubmission(ctx, "w", time.Minute); err != nil || c.ID != s.ID {
				t.Fatalf("claim: %v, %+v", err, c)
			}
			if err := db.FinishSubmission(ctx, s.ID, "w", goprep.StatusDone, v, score, nil); err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(time.Second)
		}
		// Ann practised p1 to 100 before; within the assignment she starts over.
		judge(ann, "p1", 0, goprep.VerdictAC, 100)
		judge(ann, "p1", annA, goprep.VerdictWA, 30)
		judge(ann, "p1", annA, goprep.VerdictAC, 100) // +70, solved
		judge(ann, "p1", annA, goprep.VerdictAC, 100) // nothing
		judge(ann, "p2", annA, goprep.VerdictIE, 100) // never scored
		judge(ben, "p1", benA, goprep.VerdictAC, 100)
		judge(ben, "p2", benA, goprep.VerdictSlow, 60)

		items, next, total, err := db.Leaderboard(ctx, goprep.SetScope(set.ID), goprep.Page{})
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			UserID int64
			Score  float64
			Solved int
			Rank   int64
		}
		var got []row
		for _, it := range items {
			got = append(got, row{it.UserID, it.Score, it.Solved, it.Rank})
		}
		want := []row{{ben.ID, 160, 1, 1}, {ann.ID, 100, 1, 2}}
		if diff := cmp.Diff(want, got); diff != "" || next != "" || total != 2 {
			t.Errorf("set leaderboard (-want +got):\n%s next=%q total=%d", diff, next, total)
		}
		// The all-time board counts Ann's practice too, once.
		if r, rank, err := db.LeaderboardRank(ctx, goprep.LeaderboardScopeAll, ann.ID); err != nil || r.Score != 100 || rank != 2 || r.Rank != 2 {
			t.Errorf("ann all-time: %+v rank %d %v", r, rank, err)
		}
		// Offset: the second row alone, ranked 2.
		items, _, _, err = db.Leaderboard(ctx, goprep.SetScope(set.ID), goprep.Page{Limit: 1, Offset: 1})
		if err != nil || len(items) != 1 || items[0].UserID != ann.ID || items[0].Rank != 2 {
			t.Errorf("offset 1: %+v %v", items, err)
		}
		// A cursor continues where the first page stopped, with ranks.
		items, next, _, err = db.Leaderboard(ctx, goprep.SetScope(set.ID), goprep.Page{Limit: 1})
		if err != nil || len(items) != 1 || items[0].Rank != 1 || next == "" {
			t.Fatalf("first page: %+v %q %v", items, next, err)
		}
		items, _, _, err = db.Leaderboard(ctx, goprep.SetScope(set.ID), goprep.Page{Limit: 1, Cursor: next})
		if err != nil || len(items) != 1 || items[0].UserID != ann.ID || items[0].Rank != 2 {
			t.Errorf("second page: %+v %v", items, err)
		}
		_, _, _, err = db.Leaderboard(ctx, goprep.SetScope(set.ID), goprep.Page{Offset: -1})
		wantCode(t, err, goprep.EINVALID)

		got1, err := db.CandidateAssignment(ctx, set.ID, ben.ID)
		if err != nil || got1.ID != benA {
			t.Errorf("CandidateAssignment: %+v %v", got1, err)
		}
		_, err = db.CandidateAssignment(ctx, set.ID, iv.ID)
		wantCode(t, err, goprep.ENOTFOUND)
	})
}
