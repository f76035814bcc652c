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

// TestWebInvitation drives the invitation flow in headless Chromium: an
// interviewer assigns a set to an email that has no account (with "invite if
// no account", on by default), sees the invitation link once and copies it;
// the invited candidate opens the link, chooses a password and a name, is
// signed in and sees the assignment; the report then shows them as active.
func TestWebInvitation(t *testing.T) {
	ctx, blog := browser(t)
	needBuiltUI(t)
	e := newEnv(t)
	e.importProblems()
	iv := e.register(goprep.RoleInterviewer)
	set := e.createSet(t, iv, map[string]any{"title": "Invited round", "problems": []string{"safe-counter"}})
	base := e.ts.URL

	pg := &page{t: t, ctx: ctx, log: blog}
	step, text, eval, shot := pg.step, pg.text, pg.eval, pg.shot
	const email = "invitee@example.com"

	pg.signIn(base, iv.Email, iv.Password)
	step("invite by assigning", 30*time.Second,
		chromedp.Navigate(fmt.Sprintf("%s/sets/%d", base, set.ID)),
		visible(`[data-testid=assign-form] input[name=email]`),
		keys(`[data-testid=assign-form] input[name=email]`, email),
		keys(`[data-testid=assign-form] input[name=name]`, "Ivy Invitee"),
		click(`[data-testid=assign-form] button[type=submit]`),
		visible(`[data-testid=invitation] [data-testid=invite-url]`),
		visible(`[data-testid=report] tr[data-candidate="`+email+`"] [data-testid=invited]`),
	)
	url := eval(`[document.querySelector('[data-testid=invite-url]').value]`)[0]
	if !strings.HasPrefix(url, base+"/invite/") || len(url) != len(base+"/invite/")+43 {
		t.Fatalf("the invitation link is %q", url)
	}
	checked := eval(`[String(document.querySelector('[data-testid=assign-form] input[name=invite]').checked)]`)[0]
	if checked != "true" {
		t.Errorf("the invite checkbox is %s, want on by default", checked)
	}
	step("copy the link", 20*time.Second,
		click(`[data-testid=copy-invite]`),
		until(`document.querySelector('[data-testid=invitation] [aria-live]').textContent !== ''`),
	)
	shot("invitation")

	step("sign out", 20*time.Second,
		click(`[data-testid=sign-out]`),
		visible(`[data-testid=login-form]`),
	)
	step("accept the invitation", 30*time.Second,
		chromedp.Navigate(url),
		visible(`[data-testid=invite-form]`),
		keys(`[data-testid=invite-form] input[name=name]`, "Ivy I."),
		keys(`[data-testid=invite-form] input[name=password]`, "a long enough password"),
		click(`[data-testid=invite-form] button[type=submit]`),
		visible(`[data-testid=user-name]`),
		visible(`[data-testid=assignments] article.assignment`),
	)
	shot("invitation-accepted")
	if got := eval(`[location.pathname, document.querySelector('[data-testid=user-name]').textContent, document.querySelector('[data-testid=assignments] article h3').textContent]`); got[0] != "/assignments" || got[1] != "Ivy I." || got[2] != "Invited round" {
		t.Fatalf("after accepting: %q", got)
	}
	u, err := e.db.UserByEmail(context.Background(), email)
	if err != nil || u.State != goprep.UserActive {
		t.Fatalf("the invited user after accepting: %+v, %v", u, err)
	}

	// The link works once: opening it again shows the API's problem (the
	// browser logs the 410).
	pg.allow = []string{"status of 410"}
	step("reuse the link", 30*time.Second,
		click(`[data-testid=sign-out]`),
		visible(`[data-testid=login-form]`),
		chromedp.Navigate(url),
		keys(`[data-testid=invite-form] input[name=password]`, "another long password"),
		click(`[data-testid=invite-form] button[type=submit]`),
		visible(`[data-testid=invite-form] .error`),
	)
	if got := text(`[data-testid=invite-form] .error`); !strings.Contains(got, "new link") {
		t.Fatalf("reusing the link shows %q", got)
	}
}

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
