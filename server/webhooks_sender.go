package server

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/goprep/goprep"
)

// errPrivateAddress refuses a webhook connection to a non-public address.
var errPrivateAddress = errors.New("refused: the webhook's address is not public")

// refusePrivate is a net.Dialer Control that refuses loopback, private,
// link-local, shared (100.64.0.0/10), multicast and unspecified addresses.
func refusePrivate(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return errPrivateAddress
	}
	ip = ip.Unmap()
	if !ip.IsGlobalUnicast() || ip.IsPrivate() || sharedAddressSpace.Contains(ip) {
		return errPrivateAddress
	}
	return nil
}

// sharedAddressSpace is carrier-grade NAT space (RFC 6598), not public.
var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")

// Webhook delivery headers.
const (
	// HeaderWebhookSignature is "sha256=" + the hex HMAC-SHA256 of the
	// timestamp, "." and the body, keyed with the webhook's secret (see
	// SignWebhook).
	HeaderWebhookSignature = "X-GoPrep-Signature"
	// HeaderWebhookTimestamp is the Unix time (seconds) of the attempt.
	HeaderWebhookTimestamp = "X-GoPrep-Timestamp"
	// HeaderWebhookEvent names the event, e.g. submission.graded.
	HeaderWebhookEvent = "X-GoPrep-Event"
	// HeaderWebhookDelivery is the delivery's id: the same on every retry,
	// so a receiver can drop duplicates.
	HeaderWebhookDelivery = "X-GoPrep-Delivery"
)

// SignWebhook returns the X-GoPrep-Signature value of a delivery: "sha256="
// and the hex HMAC-SHA256, keyed with the webhook's secret, of the
// X-GoPrep-Timestamp value, a dot and the body. Signing the timestamp lets a
// receiver refuse old deliveries replayed by whoever saw one.
func SignWebhook(secret, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp))
	m.Write([]byte{'.'})
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// WebhookSenderConfig configures a WebhookSender. The zero value of each
// field but Store means its default.
type WebhookSenderConfig struct {
	// Store holds the webhooks and the delivery queue (required).
	Store goprep.WebhookService
	// Client sends the requests; default: no redirects followed, no proxy,
	// Timeout, and no connections to private networks unless
	// AllowPrivateNetworks.
	Client *http.Client
	// AllowPrivateNetworks lets the default client reach loopback, private,
	// link-local and other non-public addresses. Off, a webhook cannot make
	// the server call its own network (cloud metadata, internal services);
	// the address is checked when dialing, after DNS, so a name that
	// resolves to such an address is refused too.
	AllowPrivateNetworks bool
	// Timeout bounds one attempt; default 10 s.
	Timeout time.Duration
	// MaxAttempts is how many times a delivery is tried before it is
	// marked failed; default 8.
	MaxAttempts int
	// Backoff is the wait before the first retry, doubled for each further
	// one up to MaxBackoff; defaults 30 s and 1 h.
	Backoff, MaxBackoff time.Duration
	// Poll is how often the queue is read when nothing wakes the sender;
	// default 2 s.
	Poll time.Duration
	// Batch is how many deliveries one round claims; default 20.
	Batch int
	// Concurrency bounds the requests in flight; default 4.
	Concurrency int
	// Lease is how long a claimed delivery is kept from other senders;
	// default Timeout + 1 minute.
	Lease time.Duration
	// Logger receives failures; default slog.Default().
	Logger *slog.Logger
	// Now is the clock; default goprep.Now.
	Now func() time.Time
}

func (c WebhookSenderConfig) withDefaults() WebhookSenderConfig {
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	if c.Client == nil {
		dialer := &net.Dialer{Timeout: c.Timeout}
		if !c.AllowPrivateNetworks {
			dialer.Control = refusePrivate
		}
		c.Client = &http.Client{
			Timeout:   c.Timeout,
			Transport: &http.Transport{DialContext: dialer.DialContext, MaxIdleConnsPerHost: 2, IdleConnTimeout: time.Minute},
			// A redirect is an answer, not a delivery: the receiver's URL
			// is the one its owner registered.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 8
	}
	if c.Backoff <= 0 {
		c.Backoff = 30 * time.Second
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = time.Hour
	}
	if c.Poll <= 0 {
		c.Poll = 2 * time.Second
	}
	if c.Batch <= 0 {
		c.Batch = 20
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 4
	}
	if c.Lease <= 0 {
		c.Lease = c.Timeout + time.Minute
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = goprep.Now
	}
	return c
}

// WebhookSender delivers queued webhook deliveries: it claims due ones from
// the store (so several senders never take the same one), POSTs each signed
// with its webhook's secret, and records the outcome — delivered on a 2xx
// answer, else retried with exponential backoff until MaxAttempts, then
// failed. Start runs it in a goroutine that Close stops and waits for.
type WebhookSender struct {
	cfg  WebhookSenderConfig
	wake chan struct{}

	startOnce, closeOnce sync.Once
	cancel               context.CancelFunc
	done                 chan struct{}
}

// NewWebhookSender makes a sender; it panics without a store (a wiring bug).
func NewWebhookSender(cfg WebhookSenderConfig) *WebhookSender {
	if cfg.Store == nil {
		panic("server: WebhookSenderConfig.Store is required")
	}
	return &WebhookSender{cfg: cfg.withDefaults(), wake: make(chan struct{}, 1), done: make(chan struct{})}
}

// Start runs the sender in a goroutine until Close. Calling it again does
// nothing.
func (s *WebhookSender) Start() {
	s.startOnce.Do(func() {
		ctx, cancel := context.WithCancel(context.Background())
		s.cancel = cancel
		go s.run(ctx)
	})
}

// Notify wakes the sender to look for due deliveries now.
func (s *WebhookSender) Notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Close stops the sender and waits for its goroutine; requests in flight are
// cancelled and their deliveries retried after the lease. It is safe to call
// more than once, and without Start.
func (s *WebhookSender) Close() error {
	s.closeOnce.Do(func() {
		s.startOnce.Do(func() { close(s.done) }) // never started: nothing to wait for
		if s.cancel != nil {
			s.cancel()
		}
		<-s.done
	})
	return nil
}

func (s *WebhookSender) run(ctx context.Context) {
	defer close(s.done)
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-t.C:
		}
		for ctx.Err() == nil {
			n, err := s.SendDue(ctx)
			if err != nil && ctx.Err() == nil {
				s.cfg.Logger.Error("webhook deliveries", slog.String("error", err.Error()))
			}
			if err != nil || n < s.cfg.Batch {
				break
			}
		}
		t.Reset(s.cfg.Poll)
	}
}

// SendDue claims the deliveries due now (up to Batch), attempts each once,
// and returns how many it attempted.
func (s *WebhookSender) SendDue(ctx context.Context) (int, error) {
	ds, err := s.cfg.Store.ClaimDueDeliveries(ctx, s.cfg.Now(), s.cfg.Lease, s.cfg.Batch)
	if err != nil {
		return 0, fmt.Errorf("claim deliveries: %w", err)
	}
	hooks := map[int64]*goprep.Webhook{}
	for _, d := range ds {
		if _, ok := hooks[d.WebhookID]; ok {
			continue
		}
		w, err := s.cfg.Store.WebhookByID(ctx, d.WebhookID)
		if err != nil && goprep.ErrorCode(err) != goprep.ENOTFOUND {
			return 0, fmt.Errorf("webhook %d: %w", d.WebhookID, err)
		}
		hooks[d.WebhookID] = w // nil when deleted meanwhile
	}
	sem := make(chan struct{}, s.cfg.Concurrency)
	var wg sync.WaitGroup
	for _, d := range ds {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			s.attempt(ctx, hooks[d.WebhookID], d)
		}()
	}
	wg.Wait()
	return len(ds), nil
}

// maxErrorLen bounds the error text kept with a delivery.
const maxErrorLen = 300

// attempt sends one delivery and stores the outcome.
func (s *WebhookSender) attempt(ctx context.Context, w *goprep.Webhook, d *goprep.WebhookDelivery) {
	log := s.cfg.Logger.With(slog.Int64("delivery_id", d.ID), slog.Int64("webhook_id", d.WebhookID))
	d.Attempt++
	d.StatusCode, d.Error = 0, ""
	switch {
	case w == nil || !w.Active:
		d.Error = "the webhook was deleted or deactivated"
	default:
		status, err := s.post(ctx, w, d)
		if ctx.Err() != nil {
			return // shutting down: not the receiver's fault; retried after the lease
		}
		d.StatusCode = status
		if err != nil {
			d.Error = err.Error()
		} else if status < 200 || status > 299 {
			d.Error = "HTTP " + strconv.Itoa(status)
		}
	}
	now := s.cfg.Now()
	switch {
	case d.Error == "":
		d.Status, d.NextAttempt, d.DeliveredAt = goprep.DeliveryDelivered, nil, &now
	case w == nil || !w.Active || d.Attempt >= s.cfg.MaxAttempts:
		d.Status, d.NextAttempt = goprep.DeliveryFailed, nil
	default:
		next := now.Add(s.backoff(d.Attempt))
		d.Status, d.NextAttempt = goprep.DeliveryPending, &next
	}
	if len(d.Error) > maxErrorLen {
		d.Error = d.Error[:maxErrorLen]
	}
	if err := s.cfg.Store.UpdateDelivery(context.WithoutCancel(ctx), d); err != nil && goprep.ErrorCode(err) != goprep.ENOTFOUND {
		log.Error("record webhook delivery", slog.String("error", err.Error()))
		return
	}
	if d.Status != goprep.DeliveryDelivered {
		log.Warn("webhook delivery failed", slog.Int("attempt", d.Attempt), slog.String("status", d.Status),
			slog.String("error", d.Error))
	}
}

// backoff is the wait after the attempt-th failed attempt.
func (s *WebhookSender) backoff(attempt int) time.Duration {
	b := s.cfg.Backoff
	for i := 1; i < attempt && b < s.cfg.MaxBackoff; i++ {
		b *= 2
	}
	return min(b, s.cfg.MaxBackoff)
}

// post sends the delivery's payload to the webhook and returns the status.
func (s *WebhookSender) post(ctx context.Context, w *goprep.Webhook, d *goprep.WebhookDelivery) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	body := []byte(d.Payload)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("bad webhook URL: %w", err)
	}
	h := req.Header
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", "GoPrep-Webhook/1")
	h.Set(HeaderWebhookEvent, d.Event)
	h.Set(HeaderWebhookDelivery, strconv.FormatInt(d.ID, 10))
	ts := strconv.FormatInt(s.cfg.Now().Unix(), 10)
	h.Set(HeaderWebhookTimestamp, ts)
	h.Set(HeaderWebhookSignature, SignWebhook(w.Secret, ts, body))
	res, err := s.cfg.Client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	return res.StatusCode, nil
}
