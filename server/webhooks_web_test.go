package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/goprep/goprep"
)

// TestWebWebhookManagement drives the webhook page in headless Chromium:
// pause and resume, a rotated secret shown once, and a redelivery from the
// delivery log.
func TestWebWebhookManagement(t *testing.T) {
	ctx, blog := browser(t)
	needBuiltUI(t)
	e := newEnv(t)
	iv := e.register(goprep.RoleInterviewer)
	w := e.createWebhook(t, iv, "https://lms.example.com/hook")
	bg := context.Background()
	d := &goprep.WebhookDelivery{WebhookID: w.ID, Event: goprep.EventSubmissionGraded, Payload: `{"event":"submission.graded"}`,
		Attempt: 8, Status: goprep.DeliveryFailed, StatusCode: 500, Error: "HTTP 500"}
	if err := e.db.CreateDelivery(bg, d); err != nil {
		t.Fatal(err)
	}
	base := e.ts.URL
	pg := &page{t: t, ctx: ctx, log: blog}
	step, eval, text, shot := pg.step, pg.eval, pg.text, pg.shot
	pg.signIn(base, iv.Email, iv.Password)
	card := `[data-testid=webhooks] article`

	step("pause", 30*time.Second,
		chromedp.Navigate(base+"/webhooks"),
		visible(card+` [data-testid=webhook-toggle]`),
		click(card+` [data-testid=webhook-toggle]`),
		until(`document.querySelector('`+card+` .tag').textContent === 'paused'`),
	)
	if got, err := e.db.WebhookByID(bg, w.ID); err != nil || got.Active {
		t.Fatalf("after pausing: %+v %v", got, err)
	}
	step("resume", 30*time.Second,
		click(card+` [data-testid=webhook-toggle]`),
		until(`document.querySelector('`+card+` .tag').textContent === 'active'`),
	)
	if got, err := e.db.WebhookByID(bg, w.ID); err != nil || !got.Active {
		t.Fatalf("after resuming: %+v %v", got, err)
	}

	step("rotate the secret", 30*time.Second,
		chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`),
		click(card+` [data-testid=webhook-rotate]`),
		visible(card+` [data-testid=webhook-secret] code`),
	)
	secret := text(card + ` [data-testid=webhook-secret] code`)
	if got, err := e.db.WebhookByID(bg, w.ID); err != nil || got.Secret != secret || secret == w.Secret || !strings.HasPrefix(secret, "whsec_") {
		t.Fatalf("the page shows secret %q; stored %+v %v", secret, got, err)
	}

	step("redeliver", 30*time.Second,
		click(card+` .actions button`), // the delivery log
		visible(card+` [data-redeliver]`),
		click(card+` [data-redeliver]`),
		visible(card+` [data-testid=redelivered]`),
	)
	shot("webhook-redelivered")
	if got := eval(`[String(document.querySelectorAll('` + card + ` table.deliveries tbody tr').length)]`)[0]; got != "2" {
		t.Errorf("the log shows %s deliveries after a redelivery, want 2", got)
	}
}
