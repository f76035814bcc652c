package goprep

import (
	"context"
	"time"
)

// Webhook delivery statuses.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)

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
}
