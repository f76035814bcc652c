package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/goprep/goprep"
)

// TestWebInvitationResend drives a new invitation link in headless Chromium:
// the set's report offers "new invitation link" next to an invited
// candidate, shows the new link once with a copy button, and the first link
// stops working while the new one lets the candidate in.
func TestWebInvitationResend(t *testing.T) {
	ctx, blog := browser(t)
	needBuiltUI(t)
	e := newEnv(t)
	e.importProblems()
	iv := e.register(goprep.RoleInterviewer)
	set := e.createSet(t, iv, map[string]any{"title": "Resent round", "problems": []string{"safe-counter"}})
	const email = "late@example.com"
	res := e.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/sets/%d/assignments", set.ID), Token: iv.Access,
		Body: map[string]any{"email": email, "invite": true, "deadline": time.Now().Add(72 * time.Hour).Format(time.RFC3339)}})
	var first invited
	res.JSON(t, &first)
	if first.Invitation == nil {
		t.Fatalf("invite: %d %s", res.Status, res.Body)
	}
	base := e.ts.URL

	pg := &page{t: t, ctx: ctx, log: blog}
	step, eval, shot := pg.step, pg.eval, pg.shot
	pg.signIn(base, iv.Email, iv.Password)
	row := `[data-testid=report] tr[data-candidate="` + email + `"]`
	step("new invitation link", 30*time.Second,
		chromedp.Navigate(fmt.Sprintf("%s/sets/%d", base, set.ID)),
		visible(row+` [data-testid=invited]`),
		click(row+` [data-testid=reinvite]`),
		visible(row+` [data-testid=invitation] [data-testid=invite-url]`),
		visible(row+` [data-testid=copy-invite]`),
	)
	shot("invitation-resent")
	url := eval(`[document.querySelector('` + row + ` [data-testid=invite-url]').value]`)[0]
	if !strings.HasPrefix(url, base+"/invite/") || len(url) != len(base+"/invite/")+43 || strings.HasSuffix(url, first.Invitation.Token) {
		t.Fatalf("the new invitation link is %q", url)
	}
	ctxb := context.Background()
	if inv, err := e.db.InvitationByHash(ctxb, sha256Hex(first.Invitation.Token)); err != nil || inv.RevokedAt == nil {
		t.Fatalf("the first link after a new one: %+v, %v", inv, err)
	}
	if inv, err := e.db.InvitationByHash(ctxb, sha256Hex(url[strings.LastIndex(url, "/")+1:])); err != nil || inv.RevokedAt != nil || inv.UsedAt != nil {
		t.Fatalf("the new link: %+v, %v", inv, err)
	}
}
