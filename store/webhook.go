package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/goprep/goprep"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

var _ goprep.WebhookService = (*DB)(nil)

type webhookRow struct {
	ID        int64 `gorm:"primaryKey"`
	OwnerID   int64
	URL       string `gorm:"column:url"`
	Secret    string
	Events    string
	Active    bool
	CreatedAt time.Time
}

func (webhookRow) TableName() string { return "webhooks" }

func (r *webhookRow) domain() (*goprep.Webhook, error) {
	ev, err := fromJSON[[]string](r.Events, "webhooks.events")
	if err != nil {
		return nil, err
	}
	return &goprep.Webhook{ID: r.ID, OwnerID: r.OwnerID, URL: r.URL, Secret: r.Secret, Events: nonNil(ev),
		Active: r.Active, CreatedAt: utc(r.CreatedAt)}, nil
}

func webhooksOf(rows []webhookRow) ([]*goprep.Webhook, error) {
	out := make([]*goprep.Webhook, 0, len(rows))
	for i := range rows {
		w, err := rows[i].domain()
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, nil
}

// CreateWebhook stores a webhook and sets w.ID and w.CreatedAt.
func (db *DB) CreateWebhook(ctx context.Context, w *goprep.Webhook) error {
	if w.OwnerID == 0 || w.URL == "" || w.Secret == "" {
		return goprep.Errorf(goprep.EINVALID, "a webhook needs an owner, a URL and a secret")
	}
	w.Events = nonNil(w.Events)
	now := db.now()
	r := webhookRow{OwnerID: w.OwnerID, URL: w.URL, Secret: w.Secret, Events: toJSON(w.Events, "[]"), Active: w.Active, CreatedAt: now}
	if err := db.writer(ctx).Select("*").Omit("id").Create(&r).Error; err != nil {
		return dbError(err, "create webhook", "webhook")
	}
	w.ID, w.CreatedAt = r.ID, now
	return nil
}

// WebhookByID returns a webhook.
func (db *DB) WebhookByID(ctx context.Context, id int64) (*goprep.Webhook, error) {
	var r webhookRow
	if err := db.reader(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return nil, dbError(err, fmt.Sprintf("webhook %d", id), "webhook")
	}
	return r.domain()
}

// ListWebhooks lists an owner's webhooks by id (ownerID 0: everyone's).
func (db *DB) ListWebhooks(ctx context.Context, ownerID int64) ([]*goprep.Webhook, error) {
	q := db.reader(ctx).Order("id").Limit(1000)
	if ownerID != 0 {
		q = q.Where("owner_id = ?", ownerID)
	}
	var rows []webhookRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, dbError(err, "list webhooks", "webhook")
	}
	return webhooksOf(rows)
}

// DeleteWebhook deletes a webhook owned by ownerID (0: any owner).
func (db *DB) DeleteWebhook(ctx context.Context, ownerID, id int64) error {
	q := db.writer(ctx).Where("id = ?", id)
	if ownerID != 0 {
		q = q.Where("owner_id = ?", ownerID)
	}
	res := q.Delete(&webhookRow{})
	if res.Error != nil {
		return dbError(res.Error, "delete webhook", "webhook")
	}
	if res.RowsAffected == 0 {
		return goprep.Errorf(goprep.ENOTFOUND, "webhook not found")
	}
	return nil
}

// ActiveWebhooks lists active webhooks subscribed to event (or to every event).
func (db *DB) ActiveWebhooks(ctx context.Context, event string) ([]*goprep.Webhook, error) {
	var rows []webhookRow
	if err := db.reader(ctx).Where("active = ?", true).Order("id").Find(&rows).Error; err != nil {
		return nil, dbError(err, "active webhooks", "webhook")
	}
	all, err := webhooksOf(rows)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, w := range all {
		if len(w.Events) == 0 || slices.Contains(w.Events, event) {
			out = append(out, w)
		}
	}
	return out, nil
}

type deliveryRow struct {
	ID            int64 `gorm:"primaryKey"`
	WebhookID     int64
	Event         string
	Payload       string
	Attempt       int
	Status        string
	StatusCode    int
	Error         string
	NextAttemptAt *time.Time
	CreatedAt     time.Time
	DeliveredAt   *time.Time
}

func (deliveryRow) TableName() string { return "webhook_deliveries" }

func (r *deliveryRow) domain() *goprep.WebhookDelivery {
	return &goprep.WebhookDelivery{ID: r.ID, WebhookID: r.WebhookID, Event: r.Event, Payload: r.Payload,
		Attempt: r.Attempt, Status: r.Status, StatusCode: r.StatusCode, Error: r.Error,
		NextAttempt: utcPtr(r.NextAttemptAt), CreatedAt: utc(r.CreatedAt), DeliveredAt: utcPtr(r.DeliveredAt)}
}

func validDeliveryStatus(s string) bool {
	return s == goprep.DeliveryPending || s == goprep.DeliveryDelivered || s == goprep.DeliveryFailed
}

// CreateDelivery queues a delivery and sets d.ID and d.CreatedAt; a pending
// delivery without NextAttempt is due at once.
func (db *DB) CreateDelivery(ctx context.Context, d *goprep.WebhookDelivery) error {
	if d.Status == "" {
		d.Status = goprep.DeliveryPending
	}
	if !validDeliveryStatus(d.Status) || d.WebhookID == 0 || d.Event == "" {
		return goprep.Errorf(goprep.EINVALID, "a delivery needs a webhook, an event and a valid status")
	}
	now := db.now()
	if d.Status == goprep.DeliveryPending && d.NextAttempt == nil {
		d.NextAttempt = &now
	}
	r := deliveryRow{WebhookID: d.WebhookID, Event: d.Event, Payload: d.Payload, Attempt: d.Attempt, Status: d.Status,
		StatusCode: d.StatusCode, Error: d.Error, NextAttemptAt: microPtr(d.NextAttempt), CreatedAt: now,
		DeliveredAt: microPtr(d.DeliveredAt)}
	if err := db.writer(ctx).Create(&r).Error; err != nil {
		return dbError(err, "create delivery", "delivery")
	}
	d.ID, d.CreatedAt, d.NextAttempt = r.ID, now, r.NextAttemptAt
	return nil
}

// ClaimDueDeliveries leases due pending deliveries until now+lease. On
// Postgres the rows are locked with FOR UPDATE SKIP LOCKED, so senders on
// several machines never take the same one.
func (db *DB) ClaimDueDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*goprep.WebhookDelivery, error) {
	limit = goprep.Page{Limit: limit}.Normalize().Limit
	now = micro(now)
	until := now.Add(lease)
	var out []*goprep.WebhookDelivery
	err := db.tx(ctx, func(tx *gorm.DB) error {
		q := tx.Where("status = ? AND next_attempt_at <= ?", goprep.DeliveryPending, now).Order("next_attempt_at, id").Limit(limit)
		if db.dialect == "postgres" {
			q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
		}
		var rows []deliveryRow
		if err := q.Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		ids := make([]int64, len(rows))
		for i := range rows {
			ids[i] = rows[i].ID
		}
		if err := tx.Model(&deliveryRow{}).Where("id IN ?", ids).Update("next_attempt_at", until).Error; err != nil {
			return err
		}
		for i := range rows {
			rows[i].NextAttemptAt = &until
			out = append(out, rows[i].domain())
		}
		return nil
	})
	if err != nil {
		return nil, dbError(err, "claim deliveries", "delivery")
	}
	return out, nil
}

// UpdateDelivery saves the outcome of an attempt.
func (db *DB) UpdateDelivery(ctx context.Context, d *goprep.WebhookDelivery) error {
	if !validDeliveryStatus(d.Status) {
		return goprep.Errorf(goprep.EINVALID, "unknown delivery status %q", d.Status)
	}
	res := db.writer(ctx).Model(&deliveryRow{}).Where("id = ?", d.ID).Updates(map[string]any{
		"attempt": d.Attempt, "status": d.Status, "status_code": d.StatusCode, "error": d.Error,
		"next_attempt_at": microPtr(d.NextAttempt), "delivered_at": microPtr(d.DeliveredAt),
	})
	if res.Error != nil {
		return dbError(res.Error, fmt.Sprintf("update delivery %d", d.ID), "delivery")
	}
	if res.RowsAffected == 0 {
		return goprep.Errorf(goprep.ENOTFOUND, "delivery not found")
	}
	return nil
}

// ListDeliveries lists a webhook's deliveries, newest first.
func (db *DB) ListDeliveries(ctx context.Context, webhookID int64, p goprep.Page) ([]*goprep.WebhookDelivery, string, int64, error) {
	p = p.Normalize()
	before, err := decodeKeyCursor(p.Cursor)
	if err != nil {
		return nil, "", 0, err
	}
	var total int64
	if err := db.reader(ctx).Model(&deliveryRow{}).Where("webhook_id = ?", webhookID).Count(&total).Error; err != nil {
		return nil, "", 0, dbError(err, "count deliveries", "delivery")
	}
	q := db.reader(ctx).Where("webhook_id = ?", webhookID)
	if before > 0 {
		q = q.Where("id < ?", before)
	}
	var rows []deliveryRow
	if err := q.Order("id DESC").Limit(p.Limit + 1).Find(&rows).Error; err != nil {
		return nil, "", 0, dbError(err, "list deliveries", "delivery")
	}
	next := ""
	if len(rows) > p.Limit {
		rows = rows[:p.Limit]
		next = keyCursor(rows[len(rows)-1].ID)
	}
	out := make([]*goprep.WebhookDelivery, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, next, total, nil
}

// enqueueSubmissionGraded queues a submission.graded delivery of a finished
// submission to each active webhook that may see it: those of admins, of the
// submitter, and of the owner of the set whose assignment it was made in.
// It runs inside FinishSubmission's transaction.
func (db *DB) enqueueSubmissionGraded(tx *gorm.DB, id int64, now time.Time) error {
	var r submissionRow
	if err := tx.Table("submissions").Select(submissionListColumns).
		Joins("JOIN problems ON problems.id = submissions.problem_id").
		Where("submissions.id = ?", id).Take(&r).Error; err != nil {
		return err
	}
	ref := goprep.GradedSubmissionRef{ID: r.ID, UserID: r.UserID, Problem: r.ProblemSlug, AssignmentID: r.AssignmentID,
		Status: r.Status, Verdict: goprep.Verdict(r.Verdict), Score: r.Score, FinishedAt: utcPtr(r.FinishedAt)}
	var setOwner int64
	if r.AssignmentID != nil {
		var sets []struct {
			ID      int64
			OwnerID int64
		}
		if err := tx.Raw(`SELECT problem_sets.id AS id, problem_sets.owner_id AS owner_id FROM assignments
			JOIN problem_sets ON problem_sets.id = assignments.set_id WHERE assignments.id = ?`, *r.AssignmentID).
			Scan(&sets).Error; err != nil {
			return err
		}
		if len(sets) == 1 {
			ref.SetID, setOwner = &sets[0].ID, sets[0].OwnerID
		}
	}
	var hooks []webhookRow
	if err := tx.Table("webhooks").Select("webhooks.*").
		Joins("JOIN users ON users.id = webhooks.owner_id").
		Where("webhooks.active = ? AND users.disabled = ?", true, false).
		Where("users.role = ? OR webhooks.owner_id = ? OR webhooks.owner_id = ?", string(goprep.RoleAdmin), r.UserID, setOwner).
		Order("webhooks.id").Find(&hooks).Error; err != nil {
		return err
	}
	if len(hooks) == 0 {
		return nil
	}
	body, err := json.Marshal(goprep.SubmissionGradedPayload{Event: goprep.EventSubmissionGraded, OccurredAt: now, Submission: ref})
	if err != nil {
		return fmt.Errorf("webhook payload: %w", err)
	}
	var rows []deliveryRow
	for i := range hooks {
		w, err := hooks[i].domain()
		if err != nil {
			return err
		}
		if len(w.Events) > 0 && !slices.Contains(w.Events, goprep.EventSubmissionGraded) {
			continue
		}
		due := now
		rows = append(rows, deliveryRow{WebhookID: w.ID, Event: goprep.EventSubmissionGraded, Payload: string(body),
			Status: goprep.DeliveryPending, NextAttemptAt: &due, CreatedAt: now})
	}
	if len(rows) == 0 {
		return nil
	}
	return tx.Create(&rows).Error
}

// SetWebhookActive pauses or resumes a webhook and returns it.
func (db *DB) SetWebhookActive(ctx context.Context, id int64, active bool) (*goprep.Webhook, error) {
	res := db.writer(ctx).Model(&webhookRow{}).Where("id = ?", id).Update("active", active)
	if res.Error != nil {
		return nil, dbError(res.Error, fmt.Sprintf("set webhook %d active", id), "webhook")
	}
	if res.RowsAffected == 0 {
		return nil, goprep.Errorf(goprep.ENOTFOUND, "webhook not found")
	}
	return db.WebhookByID(ctx, id)
}

// RotateWebhookSecret replaces a webhook's secret.
func (db *DB) RotateWebhookSecret(ctx context.Context, id int64, secret string) error {
	if secret == "" {
		return goprep.Errorf(goprep.EINVALID, "a webhook needs a secret")
	}
	res := db.writer(ctx).Model(&webhookRow{}).Where("id = ?", id).Update("secret", secret)
	if res.Error != nil {
		return dbError(res.Error, fmt.Sprintf("rotate webhook %d secret", id), "webhook")
	}
	if res.RowsAffected == 0 {
		return goprep.Errorf(goprep.ENOTFOUND, "webhook not found")
	}
	return nil
}

// Redeliver queues a copy of a webhook's delivery, pending and due at once.
func (db *DB) Redeliver(ctx context.Context, webhookID, deliveryID int64) (*goprep.WebhookDelivery, error) {
	var r deliveryRow
	if err := db.reader(ctx).Where("id = ? AND webhook_id = ?", deliveryID, webhookID).Take(&r).Error; err != nil {
		return nil, dbError(err, fmt.Sprintf("delivery %d of webhook %d", deliveryID, webhookID), "delivery")
	}
	d := &goprep.WebhookDelivery{WebhookID: r.WebhookID, Event: r.Event, Payload: r.Payload}
	if err := db.CreateDelivery(ctx, d); err != nil {
		return nil, err
	}
	return d, nil
}
