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

// TestWebhookManagement: a paused webhook is no longer active and gets no
// deliveries until resumed; a rotated secret is stored; a redelivery copies
// the event and payload of the webhook's own delivery with a fresh counter.
func TestWebhookManagement(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		db := e.db
		iv := mustUser(t, db, "iv@example.com", goprep.RoleInterviewer)
		w := &goprep.Webhook{OwnerID: iv.ID, URL: "https://example.com/hook", Secret: "old", Active: true}
		other := &goprep.Webhook{OwnerID: iv.ID, URL: "https://example.com/other", Secret: "s", Active: true}
		for _, h := range []*goprep.Webhook{w, other} {
			if err := db.CreateWebhook(ctx, h); err != nil {
				t.Fatal(err)
			}
		}
		activeIDs := func() []int64 {
			t.Helper()
			hooks, err := db.ActiveWebhooks(ctx, goprep.EventSubmissionGraded)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, h := range hooks {
				ids = append(ids, h.ID)
			}
			return ids
		}

		got, err := db.SetWebhookActive(ctx, w.ID, false)
		if err != nil || got.Active || got.ID != w.ID {
			t.Fatalf("pause: %+v %v", got, err)
		}
		if diff := cmp.Diff([]int64{other.ID}, activeIDs()); diff != "" {
			t.Errorf("active after pause (-want +got):\n%s", diff)
		}
		if got, err := db.SetWebhookActive(ctx, w.ID, true); err != nil || !got.Active {
			t.Fatalf("resume: %+v %v", got, err)
		}
		if diff := cmp.Diff([]int64{w.ID, other.ID}, activeIDs()); diff != "" {
			t.Errorf("active after resume (-want +got):\n%s", diff)
		}
		if _, err := db.SetWebhookActive(ctx, 9999, true); goprep.ErrorCode(err) != goprep.ENOTFOUND {
			t.Errorf("pause a missing webhook: %v", err)
		}

		if err := db.RotateWebhookSecret(ctx, w.ID, "new"); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.WebhookByID(ctx, w.ID); got.Secret != "new" {
			t.Errorf("secret after rotation %q", got.Secret)
		}
		if err := db.RotateWebhookSecret(ctx, 9999, "x"); goprep.ErrorCode(err) != goprep.ENOTFOUND {
			t.Errorf("rotate a missing webhook: %v", err)
		}
		if err := db.RotateWebhookSecret(ctx, w.ID, ""); goprep.ErrorCode(err) != goprep.EINVALID {
			t.Errorf("rotate to an empty secret: %v", err)
		}

		now := e.clock.Now()
		orig := &goprep.WebhookDelivery{WebhookID: w.ID, Event: goprep.EventSubmissionGraded, Payload: `{"x":1}`,
			Attempt: 8, Status: goprep.DeliveryFailed, StatusCode: 500, Error: "HTTP 500"}
		if err := db.CreateDelivery(ctx, orig); err != nil {
			t.Fatal(err)
		}
		again, err := db.Redeliver(ctx, w.ID, orig.ID)
		if err != nil {
			t.Fatal(err)
		}
		if again.ID == orig.ID || again.WebhookID != w.ID || again.Event != orig.Event || again.Payload != orig.Payload ||
			again.Attempt != 0 || again.Status != goprep.DeliveryPending || again.StatusCode != 0 || again.Error != "" ||
			again.NextAttempt == nil {
			t.Fatalf("redelivery %+v", again)
		}
		claimed, err := db.ClaimDueDeliveries(ctx, now.Add(time.Second), time.Minute, 10)
		if err != nil || len(claimed) != 1 || claimed[0].ID != again.ID {
			t.Fatalf("claimed %+v %v", claimed, err)
		}
		if _, err := db.Redeliver(ctx, other.ID, orig.ID); goprep.ErrorCode(err) != goprep.ENOTFOUND {
			t.Errorf("redeliver another webhook's delivery: %v", err)
		}
		if _, err := db.Redeliver(ctx, w.ID, 9999); goprep.ErrorCode(err) != goprep.ENOTFOUND {
			t.Errorf("redeliver a missing delivery: %v", err)
		}
	})
}
