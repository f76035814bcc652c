package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/goprep/goprep"
)

func TestReviewStates(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		db := e.db
		u := mustUser(t, db, "rev@example.com", goprep.RoleCandidate)
		entries := loadKB(t, db)
		now := e.clock.Now()

		_, err := db.ReviewStateOf(ctx, u.ID, entries["close-channel"].ID)
		wantCode(t, err, goprep.ENOTFOUND)
		fresh, err := db.NewReviewEntries(ctx, u.ID, "", 10)
		if err != nil || len(fresh) != 5 {
			t.Fatalf("new entries before any review: %d, %v", len(fresh), err)
		}

		s := &goprep.ReviewState{UserID: u.ID, EntryID: entries["close-channel"].ID, Ease: 2.5, IntervalDay: 1,
			Reps: 1, DueAt: now.Add(24 * time.Hour), LastGrade: 4}
		if err := db.SaveReviewState(ctx, s); err != nil {
			t.Fatal(err)
		}
		got, err := db.ReviewStateOf(ctx, u.ID, s.EntryID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(s, got); diff != "" {
			t.Errorf("ReviewStateOf (-want +got):\n%s", diff)
		}
		// Grading again replaces the state.
		s.Ease, s.IntervalDay, s.Reps, s.Lapses, s.DueAt, s.LastGrade = 2.36, 0, 0, 1, now.Add(-time.Minute), 1
		if err := db.SaveReviewState(ctx, s); err != nil {
			t.Fatal(err)
		}
		other := &goprep.ReviewState{UserID: u.ID, EntryID: entries["timer-go123"].ID, Ease: 2.5, DueAt: now.Add(-time.Hour)}
		later := &goprep.ReviewState{UserID: u.ID, EntryID: entries["errgroup-setlimit"].ID, Ease: 2.5, DueAt: now.Add(time.Hour)}
		for _, x := range []*goprep.ReviewState{other, later} {
			if err := db.SaveReviewState(ctx, x); err != nil {
				t.Fatal(err)
			}
		}
		due, err := db.DueReviews(ctx, u.ID, "", now, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(due) != 2 || due[0].EntryID != other.EntryID || due[1].EntryID != s.EntryID || due[1].Lapses != 1 {
			t.Errorf("due = %+v, want timer-go123 then close-channel", due)
		}
		topic := entries["close-channel"].Topic
		due, err = db.DueReviews(ctx, u.ID, topic, now, 10)
		if err != nil || len(due) != 1 || due[0].EntryID != s.EntryID {
			t.Errorf("due in %s = %+v, %v; want close-channel", topic, due, err)
		}
		fresh, err = db.NewReviewEntries(ctx, u.ID, "", 10)
		if err != nil || len(fresh) != 2 {
			t.Errorf("new entries after three reviews: %d, %v", len(fresh), err)
		}
		fresh, err = db.NewReviewEntries(ctx, u.ID, "map-syncmap", 10)
		if err != nil || len(fresh) != 1 || fresh[0].Slug != "syncmap-vs-map" {
			t.Errorf("new entries in map-syncmap: %v, %v", fresh, err)
		}
		wantCode(t, db.SaveReviewState(ctx, &goprep.ReviewState{UserID: u.ID, EntryID: 99999, DueAt: now}), goprep.EINVALID)
	})
}

func TestWebhooks(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		db := e.db
		iv := mustUser(t, db, "lms@example.com", goprep.RoleInterviewer)
		other := mustUser(t, db, "other@example.com", goprep.RoleInterviewer)

		w := &goprep.Webhook{OwnerID: iv.ID, URL: "https://lms.example.com/hook", Secret: "s3cret", Events: []string{"submission.graded"}, Active: true}
		if err := db.CreateWebhook(ctx, w); err != nil {
			t.Fatal(err)
		}
		got, err := db.WebhookByID(ctx, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("WebhookByID (-want +got):\n%s", diff)
		}
		all := &goprep.Webhook{OwnerID: other.ID, URL: "https://x.example.com", Secret: "k", Active: true}
		off := &goprep.Webhook{OwnerID: other.ID, URL: "https://y.example.com", Secret: "k", Active: false}
		for _, x := range []*goprep.Webhook{all, off} {
			if err := db.CreateWebhook(ctx, x); err != nil {
				t.Fatal(err)
			}
		}
		act, err := db.ActiveWebhooks(ctx, "submission.graded")
		if err != nil || len(act) != 2 {
			t.Errorf("active for submission.graded = %v, %v", act, err)
		}
		act, err = db.ActiveWebhooks(ctx, "assignment.started")
		if err != nil || len(act) != 1 || act[0].ID != all.ID {
			t.Errorf("active for assignment.started = %v, %v", act, err)
		}
		mine, err := db.ListWebhooks(ctx, other.ID)
		if err != nil || len(mine) != 2 {
			t.Errorf("ListWebhooks(other) = %v, %v", mine, err)
		}

		// Deliveries: due now, claimed once, retried later, delivered.
		d1 := &goprep.WebhookDelivery{WebhookID: w.ID, Event: "submission.graded", Payload: `{"id":1}`}
		d2 := &goprep.WebhookDelivery{WebhookID: w.ID, Event: "submission.graded", Payload: `{"id":2}`}
		for _, d := range []*goprep.WebhookDelivery{d1, d2} {
			if err := db.CreateDelivery(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		now := e.clock.Now()
		claimed, err := db.ClaimDueDeliveries(ctx, now, time.Minute, 10)
		if err != nil || len(claimed) != 2 {
			t.Fatalf("claimed %v, %v", claimed, err)
		}
		again, err := db.ClaimDueDeliveries(ctx, now, time.Minute, 10)
		if err != nil || len(again) != 0 {
			t.Fatalf("claimed twice: %v, %v", again, err)
		}
		retry := now.Add(30 * time.Second)
		d1.Attempt, d1.StatusCode, d1.Error, d1.NextAttempt = 1, 500, "server error", &retry
		if err := db.UpdateDelivery(ctx, d1); err != nil {
			t.Fatal(err)
		}
		delivered := now.Add(time.Second)
		d2.Attempt, d2.Status, d2.StatusCode, d2.NextAttempt, d2.DeliveredAt = 1, goprep.DeliveryDelivered, 204, nil, &delivered
		if err := db.UpdateDelivery(ctx, d2); err != nil {
			t.Fatal(err)
		}
		due, err := db.ClaimDueDeliveries(ctx, now.Add(31*time.Second), time.Minute, 10)
		if err != nil || len(due) != 1 || due[0].ID != d1.ID || due[0].Attempt != 1 {
			t.Fatalf("due after the retry delay = %v, %v", due, err)
		}
		list, next, total, err := db.ListDeliveries(ctx, w.ID, goprep.Page{Limit: 1})
		if err != nil || total != 2 || next == "" || len(list) != 1 || list[0].ID != d2.ID || list[0].StatusCode != 204 {
			t.Errorf("ListDeliveries = %+v, %q, %d, %v", list, next, total, err)
		}
		wantCode(t, db.UpdateDelivery(ctx, &goprep.WebhookDelivery{ID: 9999, Status: goprep.DeliveryFailed}), goprep.ENOTFOUND)

		wantCode(t, db.DeleteWebhook(ctx, other.ID, w.ID), goprep.ENOTFOUND)
		if err := db.DeleteWebhook(ctx, iv.ID, w.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.WebhookByID(ctx, w.ID)
		wantCode(t, err, goprep.ENOTFOUND)
		if _, _, total, _ := db.ListDeliveries(ctx, w.ID, goprep.Page{}); total != 0 {
			t.Errorf("deliveries outlived their webhook: %d", total)
		}
	})
}
