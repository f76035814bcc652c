package goprep

import (
	"context"
	"net/url"
	"time"
)

// Webhook delivery statuses.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)

// Webhook events.
const (
	// EventSubmissionGraded is sent when a scored submission is judged
	// (status done), to the webhooks of admins, of the submitter, and of the
	// owner of the set whose assignment it was made in.
	EventSubmissionGraded = "submission.graded"
)

// WebhookEvents lists the events a webhook may subscribe to.
var WebhookEvents = []string{EventSubmissionGraded}

// MaxWebhookURLLen bounds a webhook's URL.
const MaxWebhookURLLen = 2000

// ValidateWebhookURL accepts absolute http and https URLs with a host and
// no credentials.
func ValidateWebhookURL(raw string) error {
	bad := func(msg string) error {
		return &Error{Code: EINVALID, Message: "Invalid webhook URL.", Fields: map[string]string{"url": msg}}
	}
	if raw == "" {
		return bad("is required")
	}
	if len(raw) > MaxWebhookURLLen {
		return bad("must be at most 2000 bytes")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return bad("is not a valid URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return bad("must be an http or https URL")
	}
	if u.Host == "" || u.Hostname() == "" {
		return bad("must name a host")
	}
	if u.User != nil {
		return bad("must not carry credentials")
	}
	if u.Fragment != "" {
		return bad("must not have a fragment")
	}
	return nil
}

// SubmissionGradedPayload is the body of a submission.graded delivery.
type SubmissionGradedPayload struct {
	Event      string              `json:"event"`
	OccurredAt time.Time           `json:"occurred_at"`
	Submission GradedSubmissionRef `json:"submission"`
}

// GradedSubmissionRef is what a submission.graded delivery tells about the
// submission: its grade, never its code.
type GradedSubmissionRef struct {
	ID           int64      `json:"id"`
	UserID       int64      `json:"user_id"`
	Problem      string     `json:"problem"`
	AssignmentID *int64     `json:"assignment_id,omitempty"`
	SetID        *int64     `json:"set_id,omitempty"`
	Status       string     `json:"status"`
	Verdict      Verdict    `json:"verdict"`
	Score        float64    `json:"score"`
	FinishedAt   *time.Time `json:"finished_at,omitempty"`
}

// WebhookService stores integrations' webhooks and the log of their deliveries.
type WebhookService interface {
	CreateWebhook(ctx context.Context, w *Webhook) error
	WebhookByID(ctx context.Context, id int64) (*Webhook, error)
	// ListWebhooks lists an owner's webhooks (ownerID 0: everyone's).
	ListWebhooks(ctx context.Context, ownerID int64) ([]*Webhook, error)
	// DeleteWebhook deletes a webhook and its deliveries; ENOTFOUND unless
	// ownerID owns it (admins pass 0).
	DeleteWebhook(ctx context.Context, ownerID, id int64) error
	// ActiveWebhooks lists the active webhooks subscribed to event (a webhook
	// with no events receives every event).
	ActiveWebhooks(ctx context.Context, event string) ([]*Webhook, error)

	// CreateDelivery queues a delivery (status pending unless set).
	CreateDelivery(ctx context.Context, d *WebhookDelivery) error
	// ClaimDueDeliveries takes up to limit pending deliveries whose
	// NextAttempt is due at now (oldest first) and moves their NextAttempt to
	// now+lease, so that no other sender takes them meanwhile.
	ClaimDueDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*WebhookDelivery, error)
	// UpdateDelivery saves Attempt, Status, StatusCode, Error, NextAttempt
	// and DeliveredAt of d.ID.
	UpdateDelivery(ctx context.Context, d *WebhookDelivery) error
	// ListDeliveries lists a webhook's deliveries, newest first.
	ListDeliveries(ctx context.Context, webhookID int64, p Page) ([]*WebhookDelivery, string, int64, error)

	// SetWebhookActive pauses (false) or resumes (true) a webhook and returns
	// it; a paused webhook gets no new deliveries. ENOTFOUND when it is gone.
	SetWebhookActive(ctx context.Context, id int64, active bool) (*Webhook, error)
	// RotateWebhookSecret replaces a webhook's secret; later attempts are
	// signed with the new one. ENOTFOUND when it is gone.
	RotateWebhookSecret(ctx context.Context, id int64, secret string) error
	// Redeliver queues a new pending delivery, due at once with a fresh
	// attempt counter, of the event and payload of delivery deliveryID of
	// webhook webhookID. ENOTFOUND when the webhook has no such delivery.
	Redeliver(ctx context.Context, webhookID, deliveryID int64) (*WebhookDelivery, error)
}
