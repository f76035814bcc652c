package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/goprep/goprep"
)

// TestSubmissionGradedDeliveries: finishing a scored submission queues a
// submission.graded delivery, in the same transaction, for the webhooks that
// may see it — the submitter's, the set owner's, admins' — and no other.
func TestSubmissionGradedDeliveries(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		db := e.db
		cand := mustUser(t, db, "cand@example.com", goprep.RoleCandidate)
		iv := mustUser(t, db, "iv@example.com", goprep.RoleInterviewer)
		stranger := mustUser(t, db, "stranger@example.com", goprep.RoleInterviewer)
		admin := mustUser(t, db, "admin@example.com", goprep.RoleAdmin)
		mustProblem(t, db, "p1")
		hook := func(owner *goprep.User, active bool, events ...string) int64 {
			w := &goprep.Webhook{OwnerID: owner.ID, URL: "https://example.com/hook", Secret: "s", Events: events, Active: active}
			if err := db.CreateWebhook(ctx, w); err != nil {
				t.Fatal(err)
			}
			return w.ID
		}
		hCand := hook(cand, true)
		hIV := hook(iv, true, goprep.EventSubmissionGraded)
		hook(iv, true, "something.else")
		hook(iv, false)
		hook(stranger, true)
		hAdmin := hook(admin, true)

		set := &goprep.ProblemSet{OwnerID: iv.ID, Title: "s", Problems: []string{"p1"}}
		if err := db.CreateSet(ctx, set); err != nil {
			t.Fatal(err)
		}
		a := &goprep.Assignment{SetID: set.ID, CandidateID: cand.ID, Deadline: e.clock.Now().Add(time.Hour)}
		if err := db.CreateAssignment(ctx, a); err != nil {
			t.Fatal(err)
		}
		finish := func(kind string, assignment *int64, status string, v goprep.Verdict) int64 {
			t.Helper()
			s := &goprep.Submission{UserID: cand.ID, ProblemSlug: "p1", Kind: kind, AssignmentID: assignment, Files: map[string]string{"x.go": "package x\n"}}
			if err := db.CreateSubmission(ctx, s); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ClaimSubmission(ctx, "w", time.Minute); err != nil {
				t.Fatal(err)
			}
			if err := db.FinishSubmission(ctx, s.ID, "w", status, v, 75, nil); err != nil {
				t.Fatal(err)
			}
			return s.ID
		}
		pending := func() map[int64][]goprep.SubmissionGradedPayload {
			t.Helper()
			out := map[int64][]goprep.SubmissionGradedPayload{}
			ds, err := db.ClaimDueDeliveries(ctx, e.clock.Now(), time.Minute, 100)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				var p goprep.SubmissionGradedPayload
				if err := json.Unmarshal([]byte(d.Payload), &p); err != nil || d.Event != goprep.EventSubmissionGraded {
					t.Fatalf("delivery %+v: %v", d, err)
				}
				out[d.WebhookID] = append(out[d.WebhookID], p)
			}
			return out
		}

		// Runs, internal errors and failures send nothing.
		finish(goprep.KindRun, nil, goprep.StatusDone, goprep.VerdictAC)
		finish(goprep.KindSubmit, nil, goprep.StatusFailed, goprep.VerdictIE)
		if got := pending(); len(got) != 0 {
			t.Fatalf("deliveries for ungraded submissions: %v", got)
		}

		// Practice: the candidate's and the admin's webhooks.
		id := finish(goprep.KindSubmit, nil, goprep.StatusDone, goprep.VerdictWA)
		got := pending()
		if len(got) != 2 || len(got[hCand]) != 1 || len(got[hAdmin]) != 1 {
			t.Fatalf("practice deliveries: %v", got)
		}
		p := got[hCand][0]
		now := e.clock.Now()
		want := goprep.SubmissionGradedPayload{Event: goprep.EventSubmissionGraded, OccurredAt: now,
			Submission: goprep.GradedSubmissionRef{ID: id, UserID: cand.ID, Problem: "p1", Status: goprep.StatusDone,
				Verdict: goprep.VerdictWA, Score: 75, FinishedAt: &now}}
		if diff := cmp.Diff(want, p); diff != "" {
			t.Errorf("payload (-want +got):\n%s", diff)
		}

		// Within an assignment, the set's owner hears of it too.
		id = finish(goprep.KindSubmit, &a.ID, goprep.StatusDone, goprep.VerdictAC)
		got = pending()
		if len(got) != 3 || len(got[hIV]) != 1 || got[hIV][0].Submission.ID != id ||
			got[hIV][0].Submission.SetID == nil || *got[hIV][0].Submission.SetID != set.ID {
			t.Fatalf("assignment deliveries: %v", got)
		}
	})
}
