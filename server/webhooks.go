package server

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
)

// maxWebhooksPerUser bounds how many webhooks one user may have.
const maxWebhooksPerUser = 20

// webhookSecretPrefix starts every webhook secret.
const webhookSecretPrefix = "whsec_"

// webhookCreateRequest is the body of POST /webhooks.
type webhookCreateRequest struct {
	URL    string   `json:"url"`
	Events []string `json:"events"`
}

// webhookCreated answers POST /webhooks: the webhook and, once only, the
// secret that signs its deliveries.
type webhookCreated struct {
	*goprep.Webhook
	Secret string `json:"secret"`
}

// handleWebhookCreate answers POST /webhooks: an integration's endpoint.
// Deliveries are POSTed to the URL with X-GoPrep-Signature: sha256=<hex
// HMAC-SHA256 of the body keyed with the secret>.
func (s *Server) handleWebhookCreate(c *gin.Context) {
	var req webhookCreateRequest
	if err := decodeJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	if err := goprep.ValidateWebhookURL(req.URL); err != nil {
		writeError(c, err)
		return
	}
	for _, ev := range req.Events {
		if !slices.Contains(goprep.WebhookEvents, ev) {
			writeError(c, invalidField("events", "contains an unknown event; known: submission.graded (or leave events empty for all)"))
			return
		}
	}
	events := slices.Clone(req.Events)
	slices.Sort(events)
	events = slices.Compact(events)

	ctx := c.Request.Context()
	u := currentUser(c)
	existing, err := s.deps.Webhooks.ListWebhooks(ctx, u.ID)
	if err != nil {
		writeError(c, err)
		return
	}
	if len(existing) >= maxWebhooksPerUser {
		writeError(c, goprep.Errorf(goprep.ECONFLICT, "You have %d webhooks, the most allowed; delete one first.", len(existing)))
		return
	}
	w := &goprep.Webhook{OwnerID: u.ID, URL: req.URL, Secret: webhookSecretPrefix + randomToken(), Events: events, Active: true}
	if err := s.deps.Webhooks.CreateWebhook(ctx, w); err != nil {
		writeError(c, err)
		return
	}
	c.Header("Location", "/api/v1/webhooks/"+strconv.FormatInt(w.ID, 10))
	writeJSON(c, http.StatusCreated, webhookCreated{Webhook: w, Secret: w.Secret})
}

// handleWebhookList answers GET /webhooks: the caller's webhooks (admins:
// everyone's), without secrets.
func (s *Server) handleWebhookList(c *gin.Context) {
	u := currentUser(c)
	owner := u.ID
	if u.Role == goprep.RoleAdmin {
		owner = 0
	}
	hooks, err := s.deps.Webhooks.ListWebhooks(c.Request.Context(), owner)
	if err != nil {
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, newList(hooks, "", int64(len(hooks))))
}

// ownWebhook loads the webhook of the {id} path parameter when the caller
// owns it or is an admin; to anyone else it does not exist.
func (s *Server) ownWebhook(c *gin.Context) (*goprep.Webhook, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return nil, err
	}
	return ownedByCaller(c, "Webhook", id, s.deps.Webhooks.WebhookByID, func(w *goprep.Webhook) int64 { return w.OwnerID })
}

// handleWebhookDelete answers DELETE /webhooks/{id}: the webhook and its
// delivery log go.
func (s *Server) handleWebhookDelete(c *gin.Context) {
	w, err := s.ownWebhook(c)
	if err != nil {
		writeError(c, err)
		return
	}
	if err := s.deps.Webhooks.DeleteWebhook(c.Request.Context(), 0, w.ID); err != nil {
		writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// handleWebhookDeliveries answers GET /webhooks/{id}/deliveries: the
// delivery log, newest first.
func (s *Server) handleWebhookDeliveries(c *gin.Context) {
	w, err := s.ownWebhook(c)
	if err != nil {
		writeError(c, err)
		return
	}
	page, err := pageQuery(c)
	if err != nil {
		writeError(c, err)
		return
	}
	ds, next, total, err := s.deps.Webhooks.ListDeliveries(c.Request.Context(), w.ID, page)
	if err != nil {
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, newList(ds, next, total))
}

// webhookUpdateRequest is the body of PATCH /webhooks/{id}.
type webhookUpdateRequest struct {
	Active *bool `json:"active"`
}

// handleWebhookUpdate answers PATCH /webhooks/{id}: {"active": false} pauses
// the webhook (it gets no new deliveries, and queued ones fail), true
// resumes it.
func (s *Server) handleWebhookUpdate(c *gin.Context) {
	w, err := s.ownWebhook(c)
	if err != nil {
		writeError(c, err)
		return
	}
	var req webhookUpdateRequest
	if err := decodeJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	if req.Active == nil {
		writeError(c, invalidField("active", "is required"))
		return
	}
	w, err = s.deps.Webhooks.SetWebhookActive(c.Request.Context(), w.ID, *req.Active)
	if err != nil {
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, w)
}

// handleWebhookSecretRotate answers POST /webhooks/{id}/secret: a new
// secret, shown once, signs every later attempt; the old one stops working.
func (s *Server) handleWebhookSecretRotate(c *gin.Context) {
	w, err := s.ownWebhook(c)
	if err != nil {
		writeError(c, err)
		return
	}
	w.Secret = webhookSecretPrefix + randomToken()
	if err := s.deps.Webhooks.RotateWebhookSecret(c.Request.Context(), w.ID, w.Secret); err != nil {
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, webhookCreated{Webhook: w, Secret: w.Secret})
}

// handleWebhookRedeliver answers POST
// /webhooks/{id}/deliveries/{delivery_id}/redeliver: a new pending delivery
// of the same event and payload, with a fresh attempt counter.
func (s *Server) handleWebhookRedeliver(c *gin.Context) {
	w, err := s.ownWebhook(c)
	if err != nil {
		writeError(c, err)
		return
	}
	did, err := pathID(c, "delivery_id")
	if err != nil {
		writeError(c, err)
		return
	}
	d, err := s.deps.Webhooks.Redeliver(c.Request.Context(), w.ID, did)
	if err != nil {
		if goprep.ErrorCode(err) == goprep.ENOTFOUND {
			err = goprep.Errorf(goprep.ENOTFOUND, "Delivery %d not found.", did)
		}
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, d)
}
