package server_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/server"
)

// quiet drops the senders' logs of failed attempts, which some tests cause.
var quiet = slog.New(slog.DiscardHandler)

type webhookCreated struct {
	goprep.Webhook
	Secret string `json:"secret"`
}

type deliveryList struct {
	Items []goprep.WebhookDelivery `json:"items"`
	Total int64                    `json:"total"`
	Next  *string                  `json:"next"`
}

func (e *env) createWebhook(t *testing.T, u *user, url string, events ...string) webhookCreated {
	t.Helper()
	body := map[string]any{"url": url}
	if events != nil {
		body["events"] = events
	}
	res := e.do(req{Method: "POST", Path: "/api/v1/webhooks", Token: u.Access, Body: body})
	if res.Status != http.StatusCreated {
		t.Fatalf("create webhook: %d %s", res.Status, res.Body)
	}
	var w webhookCreated
	res.JSON(t, &w)
	if res.Header.Get("Location") != fmt.Sprintf("/api/v1/webhooks/%d", w.ID) {
		t.Errorf("Location = %q", res.Header.Get("Location"))
	}
	return w
}

func (e *env) deliveries(t *testing.T, u *user, id int64) deliveryList {
	t.Helper()
	res := e.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/webhooks/%d/deliveries", id), Token: u.Access})
	if res.Status != http.StatusOK {
		t.Fatalf("deliveries: %d %s", res.Status, res.Body)
	}
	var l deliveryList
	res.JSON(t, &l)
	return l
}

func TestWebhookRoutes(t *testing.T) {
	e := newEnv(t)
	iv := e.register(goprep.RoleInterviewer)
	other := e.register(goprep.RoleInterviewer)
	admin := e.register(goprep.RoleAdmin)
	cand := e.register(goprep.RoleCandidate)

	w := e.createWebhook(t, iv, "https://lms.example.com/goprep?x=1", "submission.graded", "submission.graded")
	if !strings.HasPrefix(w.Secret, "whsec_") || len(w.Secret) < 30 || !w.Active || len(w.Events) != 1 || w.OwnerID != iv.ID {
		t.Fatalf("created: %+v", w)
	}
	e.createWebhook(t, iv, "http://127.0.0.1:9/hook")
	for _, tt := range []struct {
		name string
		body any
	}{
		{"no url", map[string]any{}},
		{"ftp", map[string]any{"url": "ftp://example.com/x"}},
		{"javascript", map[string]any{"url": "javascript:alert(1)"}},
		{"file", map[string]any{"url": "file:///etc/passwd"}},
		{"relative", map[string]any{"url": "/hook"}},
		{"no host", map[string]any{"url": "http://"}},
		{"credentials", map[string]any{"url": "https://user:pw@example.com/"}},
		{"too long", map[string]any{"url": "https://example.com/" + strings.Repeat("a", 2000)}},
		{"unknown event", map[string]any{"url": "https://example.com/", "events": []string{"user.deleted"}}},
		{"unknown field", map[string]any{"url": "https://example.com/", "secret": "mine"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := problem(t, e.with(t).do(req{Method: "POST", Path: "/api/v1/webhooks", Token: iv.Access, Body: tt.body}), http.StatusBadRequest)
			if len(p.Errors) == 0 {
				t.Errorf("no field named: %+v", p)
			}
		})
	}
	problem(t, e.do(req{Method: "POST", Path: "/api/v1/webhooks", Token: cand.Access, Body: map[string]any{"url": "https://example.com/"}}), http.StatusForbidden)
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/webhooks"}), http.StatusUnauthorized)

	// Lists never show secrets; each sees their own, admins everyone's.
	res := e.do(req{Method: "GET", Path: "/api/v1/webhooks", Token: iv.Access})
	if res.Status != http.StatusOK || strings.Contains(string(res.Body), w.Secret) || strings.Contains(string(res.Body), "secret") ||
		!strings.Contains(string(res.Body), `"total":2`) {
		t.Fatalf("list: %d %s", res.Status, res.Body)
	}
	if res := e.do(req{Method: "GET", Path: "/api/v1/webhooks", Token: other.Access}); !strings.Contains(string(res.Body), `"total":0`) {
		t.Errorf("other's list: %s", res.Body)
	}
	if res := e.do(req{Method: "GET", Path: "/api/v1/webhooks", Token: admin.Access}); !strings.Contains(string(res.Body), `"total":2`) {
		t.Errorf("admin's list: %s", res.Body)
	}

	path := fmt.Sprintf("/api/v1/webhooks/%d", w.ID)
	problem(t, e.do(req{Method: "GET", Path: path + "/deliveries", Token: other.Access}), http.StatusNotFound)
	problem(t, e.do(req{Method: "DELETE", Path: path, Token: other.Access}), http.StatusNotFound)
	if l := e.deliveries(t, iv, w.ID); l.Total != 0 || len(l.Items) != 0 {
		t.Errorf("deliveries of a new webhook: %+v", l)
	}
	if l := e.deliveries(t, admin, w.ID); l.Total != 0 {
		t.Errorf("admin reads deliveries: %+v", l)
	}

	// API keys need the webhooks scope.
	readKey := e.createKey(t, iv, map[string]any{"name": "r", "scopes": []string{"read"}})
	hookKey := e.createKey(t, iv, map[string]any{"name": "w", "scopes": []string{"webhooks"}})
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/webhooks", Token: readKey.Key}), http.StatusForbidden)
	if res := e.do(req{Method: "GET", Path: "/api/v1/webhooks", Token: hookKey.Key}); res.Status != http.StatusOK {
		t.Errorf("webhooks key lists: %d %s", res.Status, res.Body)
	}

	if res := e.do(req{Method: "DELETE", Path: path, Token: iv.Access}); res.Status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", res.Status, res.Body)
	}
	problem(t, e.do(req{Method: "DELETE", Path: path, Token: iv.Access}), http.StatusNotFound)
	problem(t, e.do(req{Method: "GET", Path: path + "/deliveries", Token: iv.Access}), http.StatusNotFound)
}

// receiver is an httptest webhook endpoint that checks every request's
// signature with the secret it is given and answers from a script.
type receiver struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	secret string
	codes  []int // answers in order; 200 once they run out
	got    []received
	notify chan received
}

type received struct {
	Event, Delivery string
	Timestamp       time.Time
	Payload         goprep.SubmissionGradedPayload
	// The raw signature headers and body, to check them against other secrets.
	Signature, RawTimestamp string
	Body                    []byte
}

// signedWith says whether r's signature is that of secret.
func (r received) signedWith(secret string) bool {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(r.RawTimestamp + "."))
	mac.Write(r.Body)
	return hmac.Equal([]byte(r.Signature), []byte("sha256="+hex.EncodeToString(mac.Sum(nil))))
}

func newReceiver(t *testing.T, codes ...int) *receiver {
	r := &receiver{t: t, codes: codes, notify: make(chan received, 16)}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) setSecret(s string) {
	r.mu.Lock()
	r.secret = s
	r.mu.Unlock()
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		r.t.Errorf("receiver: %v", err)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	// Verify as an integration would: HMAC-SHA256 of the timestamp header, a
	// dot and the raw body.
	mac := hmac.New(sha256.New, []byte(r.secret))
	mac.Write([]byte(req.Header.Get("X-GoPrep-Timestamp") + "."))
	mac.Write(body)
	want := "sha256=" + hex.EncodeToString(mac.Sum(nil))
	if got := req.Header.Get("X-GoPrep-Signature"); !hmac.Equal([]byte(got), []byte(want)) {
		r.t.Errorf("signature %q, want %q", got, want)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json" {
		r.t.Errorf("request %s %s", req.Method, req.Header.Get("Content-Type"))
	}
	ts, err := strconv.ParseInt(req.Header.Get("X-GoPrep-Timestamp"), 10, 64)
	if err != nil {
		r.t.Errorf("timestamp %q", req.Header.Get("X-GoPrep-Timestamp"))
	}
	rec := received{Event: req.Header.Get("X-GoPrep-Event"), Delivery: req.Header.Get("X-GoPrep-Delivery"), Timestamp: time.Unix(ts, 0),
		Signature: req.Header.Get("X-GoPrep-Signature"), RawTimestamp: req.Header.Get("X-GoPrep-Timestamp"), Body: body}
	if err := json.Unmarshal(body, &rec.Payload); err != nil {
		r.t.Errorf("payload %s: %v", body, err)
	}
	code := http.StatusOK
	if len(r.codes) > 0 {
		code, r.codes = r.codes[0], r.codes[1:]
	}
	r.got = append(r.got, rec)
	w.WriteHeader(code)
	select {
	case r.notify <- rec:
	default:
	}
}

func (r *receiver) received() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

// TestWebhookDelivery: a graded submission reaches the webhook of the set's
// owner signed with its secret; a failed attempt is retried after the
// backoff, and the log shows each outcome.
func TestWebhookDelivery(t *testing.T) {
	e := newEnv(t)
	e.importProblems()
	ctx := context.Background()
	iv := e.register(goprep.RoleInterviewer)
	stranger := e.register(goprep.RoleInterviewer)
	cand := e.register(goprep.RoleCandidate)
	rcv := newReceiver(t, http.StatusInternalServerError) // fails once, then succeeds
	w := e.createWebhook(t, iv, rcv.srv.URL+"/hooks/goprep")
	rcv.setSecret(w.Secret)
	silent := newReceiver(t)
	e.createWebhook(t, stranger, silent.srv.URL)

	// The candidate works within the interviewer's set.
	set := &goprep.ProblemSet{OwnerID: iv.ID, Title: "r1", Problems: []string{"safe-counter"}}
	if err := e.db.CreateSet(ctx, set); err != nil {
		t.Fatal(err)
	}
	a := &goprep.Assignment{SetID: set.ID, CandidateID: cand.ID, Deadline: time.Now().Add(time.Hour)}
	if err := e.db.CreateAssignment(ctx, a); err != nil {
		t.Fatal(err)
	}
	if res := e.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/assignments/%d/start", a.ID), Token: cand.Access}); res.Status != http.StatusOK {
		t.Fatalf("start: %d %s", res.Status, res.Body)
	}
	subID := e.grade(cand, "safe-counter", goprep.VerdictAC, 100)

	clock := &testClock{t: time.Now().UTC().Add(time.Second)}
	sender := server.NewWebhookSender(server.WebhookSenderConfig{Store: e.db, Logger: quiet, AllowPrivateNetworks: true, Now: clock.Now, Backoff: time.Minute,
		MaxAttempts: 3, Timeout: 5 * time.Second})
	defer sender.Close()

	// First attempt: 500, kept pending for a minute.
	if n, err := sender.SendDue(ctx); err != nil || n != 1 {
		t.Fatalf("first round: %d %v", n, err)
	}
	l := e.deliveries(t, iv, w.ID)
	if l.Total != 1 {
		t.Fatalf("log: %+v", l)
	}
	d := l.Items[0]
	if d.Status != goprep.DeliveryPending || d.Attempt != 1 || d.StatusCode != 500 || d.Error != "HTTP 500" ||
		d.NextAttempt == nil || !d.NextAttempt.Equal(clock.Now().Add(time.Minute).Truncate(time.Microsecond)) {
		t.Fatalf("after a 500: %+v", d)
	}
	// Not due yet: nothing is sent.
	if n, err := sender.SendDue(ctx); err != nil || n != 0 {
		t.Fatalf("round before the backoff: %d %v", n, err)
	}
	clock.Advance(time.Minute)
	if n, err := sender.SendDue(ctx); err != nil || n != 1 {
		t.Fatalf("retry round: %d %v", n, err)
	}
	d = e.deliveries(t, iv, w.ID).Items[0]
	if d.Status != goprep.DeliveryDelivered || d.Attempt != 2 || d.StatusCode != 200 || d.Error != "" || d.DeliveredAt == nil || d.NextAttempt != nil {
		t.Fatalf("after the retry: %+v", d)
	}
	got := rcv.received()
	if len(got) != 2 || got[0].Delivery != got[1].Delivery || got[1].Delivery != strconv.FormatInt(d.ID, 10) {
		t.Fatalf("received %+v", got)
	}
	p := got[1].Payload
	if got[1].Event != goprep.EventSubmissionGraded || p.Event != goprep.EventSubmissionGraded || p.Submission.ID != subID ||
		p.Submission.UserID != cand.ID || p.Submission.Verdict != goprep.VerdictAC || p.Submission.Score != 100 ||
		p.Submission.Problem != "safe-counter" || p.Submission.SetID == nil || *p.Submission.SetID != set.ID {
		t.Errorf("payload %+v", p)
	}
	if !got[1].Timestamp.Equal(clock.Now().Truncate(time.Second)) {
		t.Errorf("timestamp %v, want %v", got[1].Timestamp, clock.Now())
	}
	if len(silent.received()) != 0 {
		t.Errorf("a stranger's webhook heard of the submission")
	}
}

// TestWebhookGivesUp: a receiver that keeps failing gets MaxAttempts tries,
// spaced by doubling backoff, then the delivery is failed; a receiver that
// does not answer in time is a failed attempt.
func TestWebhookGivesUp(t *testing.T) {
	e := newEnv(t)
	e.importProblems()
	ctx := context.Background()
	me := e.register(goprep.RoleInterviewer)
	rcv := newReceiver(t, 500, 502, 503, 504)
	release := make(chan struct{})
	stall := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		select { // answers only after the sender gave up, or at the end
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer stall.Close()
	defer close(release)
	w := e.createWebhook(t, me, rcv.srv.URL)
	rcv.setSecret(w.Secret)
	slow := e.createWebhook(t, me, stall.URL)
	e.grade(me, "safe-counter", goprep.VerdictWA, 10) // the interviewer's own submission

	clock := &testClock{t: time.Now().UTC().Add(time.Second)}
	sender := server.NewWebhookSender(server.WebhookSenderConfig{Store: e.db, Logger: quiet, AllowPrivateNetworks: true, Now: clock.Now, Backoff: time.Minute,
		MaxBackoff: 3 * time.Minute, MaxAttempts: 4, Timeout: 200 * time.Millisecond})
	defer sender.Close()
	var waits []time.Duration
	for attempt := 1; attempt <= 4; attempt++ {
		if n, err := sender.SendDue(ctx); err != nil || n != 2 {
			t.Fatalf("attempt %d: %d deliveries, %v", attempt, n, err)
		}
		d := e.deliveries(t, me, w.ID).Items[0]
		if d.Attempt != attempt {
			t.Fatalf("attempt %d: %+v", attempt, d)
		}
		if attempt == 4 {
			if d.Status != goprep.DeliveryFailed || d.NextAttempt != nil || d.StatusCode != 504 {
				t.Fatalf("after the last attempt: %+v", d)
			}
			break
		}
		wait := d.NextAttempt.Sub(clock.Now()).Round(time.Second)
		waits = append(waits, wait)
		// Not due before its time.
		if n, err := sender.SendDue(ctx); err != nil || n != 0 {
			t.Fatalf("attempt %d: sent %d before the backoff (%v)", attempt, n, err)
		}
		clock.Advance(wait)
	}
	if want := []time.Duration{time.Minute, 2 * time.Minute, 3 * time.Minute}; !cmp.Equal(want, waits) {
		t.Errorf("backoff %v, want %v", waits, want)
	}
	if n, err := sender.SendDue(ctx); err != nil || n != 0 {
		t.Errorf("failed deliveries were claimed again: %d %v", n, err)
	}
	d := e.deliveries(t, me, slow.ID).Items[0]
	if d.Status != goprep.DeliveryFailed || d.Attempt != 4 || d.StatusCode != 0 || !strings.Contains(d.Error, "deadline exceeded") {
		t.Errorf("the stalling receiver's delivery: %+v", d)
	}
}

// TestWebhookSenderRuns: started, the sender delivers on its own; Close
// stops it and waits for its goroutine.
func TestWebhookSenderRuns(t *testing.T) {
	e := newEnv(t)
	e.importProblems()
	admin := e.register(goprep.RoleAdmin)
	cand := e.register(goprep.RoleCandidate)
	rcv := newReceiver(t)
	w := e.createWebhook(t, admin, rcv.srv.URL)
	rcv.setSecret(w.Secret)
	sender := server.NewWebhookSender(server.WebhookSenderConfig{Store: e.db, Logger: quiet, AllowPrivateNetworks: true, Poll: time.Hour})
	sender.Start()
	sender.Start() // a second start is a no-op
	id := e.grade(cand, "safe-counter", goprep.VerdictAC, 100)
	sender.Notify()
	select {
	case r := <-rcv.notify:
		if r.Payload.Submission.ID != id {
			t.Errorf("delivered %+v", r.Payload)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("nothing delivered within 30 s")
	}
	if err := sender.Close(); err != nil {
		t.Fatal(err)
	}
	sender.Close()
	// Never started: Close returns at once.
	server.NewWebhookSender(server.WebhookSenderConfig{Store: e.db, Logger: quiet, AllowPrivateNetworks: true}).Close()
}

// TestWebhookRefusesPrivateNetworks: by default the sender does not connect
// to loopback or private addresses, whatever the URL's host name.
func TestWebhookRefusesPrivateNetworks(t *testing.T) {
	e := newEnv(t)
	e.importProblems()
	admin := e.register(goprep.RoleAdmin)
	rcv := newReceiver(t)
	port := rcv.srv.URL[strings.LastIndex(rcv.srv.URL, ":")+1:]
	byIP := e.createWebhook(t, admin, rcv.srv.URL)
	byName := e.createWebhook(t, admin, "http://localhost:"+port+"/hook")
	e.grade(admin, "safe-counter", goprep.VerdictAC, 100)
	sender := server.NewWebhookSender(server.WebhookSenderConfig{Store: e.db, Logger: quiet, MaxAttempts: 1})
	defer sender.Close()
	if n, err := sender.SendDue(context.Background()); err != nil || n != 2 {
		t.Fatalf("round: %d %v", n, err)
	}
	for _, w := range []webhookCreated{byIP, byName} {
		d := e.deliveries(t, admin, w.ID).Items[0]
		if d.Status != goprep.DeliveryFailed || !strings.Contains(d.Error, "not public") {
			t.Errorf("delivery to %s: %+v", w.URL, d)
		}
	}
	if got := rcv.received(); len(got) != 0 {
		t.Errorf("the private receiver was reached: %+v", got)
	}
}

// TestWebhookManagement: a paused webhook hears of nothing and a resumed one
// does again; after a rotation deliveries verify only with the new secret;
// a redelivery arrives again as a new delivery of the same payload.
func TestWebhookManagement(t *testing.T) {
	e := newEnv(t)
	e.importProblems()
	ctx := context.Background()
	iv := e.register(goprep.RoleInterviewer)
	other := e.register(goprep.RoleInterviewer)
	admin := e.register(goprep.RoleAdmin)
	cand := e.register(goprep.RoleCandidate)
	rcv := newReceiver(t)
	w := e.createWebhook(t, iv, rcv.srv.URL)
	rcv.setSecret(w.Secret)
	second := e.createWebhook(t, iv, "https://example.com/second", "submission.graded")
	if _, err := e.db.SetWebhookActive(ctx, second.ID, false); err != nil { // stays out of the rounds below
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/v1/webhooks/%d", w.ID)
	sender := server.NewWebhookSender(server.WebhookSenderConfig{Store: e.db, Logger: quiet, AllowPrivateNetworks: true, Timeout: 5 * time.Second})
	defer sender.Close()
	patch := func(token string, body any) *response {
		t.Helper()
		return e.do(req{Method: "PATCH", Path: path, Token: token, Body: body})
	}

	// Only the owner (or an admin) manages a webhook; API keys need the scope.
	readKey := e.createKey(t, iv, map[string]any{"name": "r", "scopes": []string{"read"}})
	for _, tt := range []struct {
		name, token string
		status      int
	}{
		{"stranger", other.Access, http.StatusNotFound},
		{"candidate", cand.Access, http.StatusForbidden},
		{"read key", readKey.Key, http.StatusForbidden},
		{"anonymous", "", http.StatusUnauthorized},
	} {
		t.Run(tt.name, func(t *testing.T) {
			problem(t, patch(tt.token, map[string]any{"active": false}), tt.status)
			problem(t, e.do(req{Method: "POST", Path: path + "/secret", Token: tt.token}), tt.status)
			problem(t, e.do(req{Method: "POST", Path: path + "/deliveries/1/redeliver", Token: tt.token}), tt.status)
		})
	}
	problem(t, patch(iv.Access, map[string]any{}), http.StatusBadRequest)
	problem(t, patch(iv.Access, map[string]any{"active": "no"}), http.StatusBadRequest)
	problem(t, patch(iv.Access, map[string]any{"active": false, "url": "https://x.example/"}), http.StatusBadRequest)

	// Paused: the graded submission queues nothing for it.
	res := patch(iv.Access, map[string]any{"active": false})
	var got goprep.Webhook
	if res.Status != http.StatusOK {
		t.Fatalf("pause: %d %s", res.Status, res.Body)
	}
	res.JSON(t, &got)
	if got.Active || got.ID != w.ID || strings.Contains(string(res.Body), "secret") {
		t.Fatalf("paused: %s", res.Body)
	}
	e.grade(iv, "safe-counter", goprep.VerdictAC, 100)
	if n, err := sender.SendDue(ctx); err != nil || n != 0 {
		t.Fatalf("round while paused: %d %v", n, err)
	}
	if l := e.deliveries(t, iv, w.ID); l.Total != 0 || len(rcv.received()) != 0 {
		t.Fatalf("a paused webhook got deliveries: %+v", l)
	}

	// Resumed (here by an admin): it hears of the next one.
	if res := patch(admin.Access, map[string]any{"active": true}); res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"active":true`) {
		t.Fatalf("resume: %d %s", res.Status, res.Body)
	}
	subID := e.grade(iv, "safe-counter", goprep.VerdictWA, 20)
	if n, err := sender.SendDue(ctx); err != nil || n != 1 {
		t.Fatalf("round after resuming: %d %v", n, err)
	}
	first := e.deliveries(t, iv, w.ID).Items[0]
	if first.Status != goprep.DeliveryDelivered || len(rcv.received()) != 1 || !rcv.received()[0].signedWith(w.Secret) {
		t.Fatalf("after resuming: %+v", first)
	}

	// Rotation: a new secret, shown once, signs what follows.
	res = e.do(req{Method: "POST", Path: path + "/secret", Token: iv.Access})
	var rotated webhookCreated
	if res.Status != http.StatusOK {
		t.Fatalf("rotate: %d %s", res.Status, res.Body)
	}
	res.JSON(t, &rotated)
	if rotated.ID != w.ID || !strings.HasPrefix(rotated.Secret, "whsec_") || rotated.Secret == w.Secret || len(rotated.Secret) < 30 {
		t.Fatalf("rotated: %+v", rotated)
	}
	if res := e.do(req{Method: "GET", Path: "/api/v1/webhooks", Token: iv.Access}); strings.Contains(string(res.Body), rotated.Secret) {
		t.Errorf("the list shows the new secret")
	}
	rcv.setSecret(rotated.Secret)

	// Redelivery: the same payload again, as a new delivery.
	problem(t, e.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/webhooks/%d/deliveries/%d/redeliver", second.ID, first.ID), Token: iv.Access}), http.StatusNotFound)
	problem(t, e.do(req{Method: "POST", Path: path + "/deliveries/999999/redeliver", Token: iv.Access}), http.StatusNotFound)
	problem(t, e.do(req{Method: "POST", Path: path + "/deliveries/x/redeliver", Token: iv.Access}), http.StatusBadRequest)
	res = e.do(req{Method: "POST", Path: fmt.Sprintf("%s/deliveries/%d/redeliver", path, first.ID), Token: iv.Access})
	var again goprep.WebhookDelivery
	if res.Status != http.StatusCreated {
		t.Fatalf("redeliver: %d %s", res.Status, res.Body)
	}
	res.JSON(t, &again)
	if again.ID == first.ID || again.Status != goprep.DeliveryPending || again.Attempt != 0 || again.Event != first.Event {
		t.Fatalf("redelivery: %+v", again)
	}
	if n, err := sender.SendDue(ctx); err != nil || n != 1 {
		t.Fatalf("round after the redelivery: %d %v", n, err)
	}
	rs := rcv.received()
	if len(rs) != 2 {
		t.Fatalf("received %d deliveries", len(rs))
	}
	r := rs[1]
	if r.Delivery != strconv.FormatInt(again.ID, 10) || r.Payload.Submission.ID != subID || string(r.Body) != string(rs[0].Body) {
		t.Errorf("redelivered %+v", r)
	}
	if !r.signedWith(rotated.Secret) || r.signedWith(w.Secret) {
		t.Errorf("after rotation: signed with the new secret %v, with the old %v", r.signedWith(rotated.Secret), r.signedWith(w.Secret))
	}
	l := e.deliveries(t, iv, w.ID)
	if l.Total != 2 || l.Items[0].ID != again.ID || l.Items[0].Status != goprep.DeliveryDelivered || l.Items[0].Attempt != 1 {
		t.Errorf("log after the redelivery: %+v", l)
	}
}
