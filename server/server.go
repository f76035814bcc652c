package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/goprep/goprep"
)

// Body limits.
const (
	// DefaultMaxBodyBytes caps every request body unless a route sets its own.
	DefaultMaxBodyBytes = 1 << 20
	// SubmissionMaxBodyBytes caps the body of a submission or a run.
	SubmissionMaxBodyBytes = 512 << 10
)

// Config is the server's configuration. The zero value of each field but
// JWTSecret means its default.
type Config struct {
	// Addr is the listen address of Run, default ":8080".
	Addr string
	// JWTSecret signs access tokens (HS256); at least MinJWTSecretLen bytes.
	JWTSecret []byte
	// CORSOrigins lists the origins allowed to call the API from a browser;
	// "*" allows any. Empty means no cross-origin access.
	CORSOrigins []string
	// TrustedProxies lists the proxies (IPs or CIDRs) whose X-Forwarded-For
	// is believed when finding the client's IP (rate limits, logs). Empty:
	// the peer address is the client.
	TrustedProxies []string
	// Logger receives access logs and errors; default slog.Default().
	Logger *slog.Logger
	// MaxBodyBytes caps request bodies; default DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// AccessTokenTTL defaults to AccessTokenTTL (15 minutes).
	AccessTokenTTL time.Duration
	// RefreshTokenTTL defaults to RefreshTokenTTL (30 days).
	RefreshTokenTTL time.Duration
	// LoginPerIP and LoginPerAccount limit login attempts; defaults: 20 at
	// once then one per 6 s per IP, 5 at once then one per minute per account.
	LoginPerIP, LoginPerAccount RateLimit
	// RegisterPerIP limits account creation; default 50 at once, then one
	// per 20 s per IP.
	RegisterPerIP RateLimit
	// RateLimitKeys bounds the memory of each limiter; default 10000 keys.
	RateLimitKeys int
	// Password sets the argon2id cost; default DefaultPasswordParams.
	Password PasswordParams
	// ShutdownTimeout bounds graceful shutdown in Run; default 15 s.
	ShutdownTimeout time.Duration
	// ReadyTimeout bounds each readiness check; default 2 s.
	ReadyTimeout time.Duration
	// Now is the clock; default goprep.Now.
	Now func() time.Time
	// MaxQueueDepth is the number of submissions waiting to be judged above
	// which new submissions and runs are refused with 503 and Retry-After;
	// default 1000.
	MaxQueueDepth int64
	// PublicURL is the base URL people open the web UI at (e.g.
	// https://goprep.example.com), used in links the API hands out
	// (invitations). Empty: the scheme and host of the request.
	PublicURL string
	// EventPoll is how often a submission's event stream reads its row;
	// default 500 ms.
	EventPoll time.Duration
}

func (c Config) withDefaults() Config {
	if c.Addr == "" {
		c.Addr = ":8080"
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.AccessTokenTTL <= 0 {
		c.AccessTokenTTL = AccessTokenTTL
	}
	if c.RefreshTokenTTL <= 0 {
		c.RefreshTokenTTL = RefreshTokenTTL
	}
	if c.LoginPerIP == (RateLimit{}) {
		c.LoginPerIP = RateLimit{Every: 6 * time.Second, Burst: 20}
	}
	if c.LoginPerAccount == (RateLimit{}) {
		c.LoginPerAccount = RateLimit{Every: time.Minute, Burst: 5}
	}
	if c.RegisterPerIP == (RateLimit{}) {
		c.RegisterPerIP = RateLimit{Every: 20 * time.Second, Burst: 50}
	}
	if c.RateLimitKeys <= 0 {
		c.RateLimitKeys = 10000
	}
	if c.Password == (PasswordParams{}) {
		c.Password = DefaultPasswordParams
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = 15 * time.Second
	}
	if c.ReadyTimeout <= 0 {
		c.ReadyTimeout = 2 * time.Second
	}
	if c.Now == nil {
		c.Now = goprep.Now
	}
	if c.MaxQueueDepth <= 0 {
		c.MaxQueueDepth = 1000
	}
	if c.EventPoll <= 0 {
		c.EventPoll = 500 * time.Millisecond
	}
	return c
}

// ReadinessCheck is one condition of /readyz: the database answers, the judge
// is warm. Check returns nil when ready; a *goprep.Error's message is shown to
// the caller, any other error is logged and shown as "unavailable".
type ReadinessCheck struct {
	Name  string
	Check func(ctx context.Context) error
}

// Deps are the services the handlers use. Users and Auth are required; the
// others are for the resources that later handlers serve and may be nil
// until then.
type Deps struct {
	Users       goprep.UserService
	Auth        goprep.AuthService
	Problems    goprep.ProblemService
	Submissions goprep.SubmissionService
	KB          goprep.KBService
	Sets        goprep.SetService
	Leaderboard goprep.LeaderboardService
	Reviews     goprep.ReviewService
	Webhooks    goprep.WebhookService
	// Invitations lets interviewers invite candidates who have no account
	// yet; without it "invite": true is refused.
	Invitations goprep.InvitationService
	// NotifyJudge, when set, is called after a submission is queued so an
	// in-process judge pool starts on it at once (judge.Pool.Notify).
	NotifyJudge func()
	// Ready lists the readiness checks of /readyz (the database's ping
	// first). More can be added later with AddReadinessCheck.
	Ready []ReadinessCheck
}

// Server is the HTTP API. Create it with New; serve it with Run, or mount
// Handler in a test.
type Server struct {
	cfg     Config
	deps    Deps
	log     *slog.Logger
	engine  *gin.Engine
	api     *gin.RouterGroup
	metrics *metrics
	tokens  *tokens

	loginIP, loginAccount, registerIP *keyedLimiter
	dummyHash                         string // hashed when an email is unknown, to spend the same time

	readyMu sync.RWMutex
	ready   []ReadinessCheck

	closeOnce sync.Once
	closing   chan struct{}
}

// New builds the server and registers every route. It panics when a required
// dependency is missing or the secret is too short: those are wiring bugs.
func New(cfg Config, deps Deps) *Server {
	cfg = cfg.withDefaults()
	if deps.Users == nil || deps.Auth == nil {
		panic("server: Deps.Users and Deps.Auth are required")
	}
	if len(cfg.JWTSecret) < MinJWTSecretLen {
		panic(fmt.Sprintf("server: JWT secret must be at least %d bytes", MinJWTSecretLen))
	}
	dummy, err := HashPassword(randomToken(), cfg.Password)
	if err != nil {
		panic(fmt.Sprintf("server: %v", err))
	}
	s := &Server{
		cfg:          cfg,
		deps:         deps,
		log:          cfg.Logger,
		metrics:      newMetrics(),
		tokens:       newTokens(cfg.JWTSecret, cfg.AccessTokenTTL, cfg.Now),
		loginIP:      newKeyedLimiter(cfg.LoginPerIP, cfg.RateLimitKeys),
		loginAccount: newKeyedLimiter(cfg.LoginPerAccount, cfg.RateLimitKeys),
		registerIP:   newKeyedLimiter(cfg.RegisterPerIP, cfg.RateLimitKeys),
		dummyHash:    dummy,
		ready:        append([]ReadinessCheck(nil), deps.Ready...),
		closing:      make(chan struct{}),
	}
	s.engine = s.newEngine()
	s.routes()
	return s
}

// newEngine makes the Gin engine with the global middleware, in order: panic
// recovery innermost of the logging so a panic still gets its access log line.
func (s *Server) newEngine() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.RedirectTrailingSlash = false
	e.RedirectFixedPath = false
	e.ContextWithFallback = true
	if err := e.SetTrustedProxies(s.cfg.TrustedProxies); err != nil {
		panic(fmt.Sprintf("server: trusted proxies: %v", err))
	}
	if len(s.cfg.TrustedProxies) == 0 {
		e.ForwardedByClientIP = false
	}
	e.Use(s.withRequestID, s.accessLog, s.metrics.observe, s.recoverPanic, securityHeaders, s.cors,
		limitBody(s.cfg.MaxBodyBytes))
	e.NoRoute(func(c *gin.Context) {
		writeError(c, goprep.Errorf(goprep.ENOTFOUND, "No route %s %s.", c.Request.Method, c.Request.URL.Path))
	})
	e.NoMethod(func(c *gin.Context) {
		writeProblem(c, Problem{
			Type:   problemTypePrefix + "method_not_allowed",
			Title:  "Method not allowed",
			Status: http.StatusMethodNotAllowed,
			Detail: fmt.Sprintf("Method %s is not allowed here; use %s.", c.Request.Method, c.Writer.Header().Get("Allow")),
		})
	})
	return e
}

// Handler returns the HTTP handler of the whole API.
func (s *Server) Handler() http.Handler { return s.engine }

// Engine returns the Gin engine, for code in this module that registers
// further routes (e.g. the embedded web UI). Routes added under /api/v1 must
// also be documented in openapi.json.
func (s *Server) Engine() *gin.Engine { return s.engine }

// Registry returns the server's Prometheus registry, served at /metrics, so
// other parts (the judge pool) can register their collectors.
func (s *Server) Registry() *prometheus.Registry { return s.metrics.registry }

// AddReadinessCheck adds a check to /readyz, e.g. the judge's warm-up.
func (s *Server) AddReadinessCheck(c ReadinessCheck) {
	s.readyMu.Lock()
	defer s.readyMu.Unlock()
	s.ready = append(s.ready, c)
}

// Closing is closed when the server starts shutting down. Long-lived
// handlers (server-sent events) must return when it is, since
// http.Server.Shutdown waits for them.
func (s *Server) Closing() <-chan struct{} { return s.closing }

// Close tells long-lived handlers to finish. It is safe to call more than
// once; Run calls it on shutdown.
func (s *Server) Close() error {
	s.closeOnce.Do(func() { close(s.closing) })
	return nil
}

// Run listens on cfg.Addr and serves until ctx is cancelled, then shuts down
// gracefully: it stops accepting, closes Closing, and waits up to
// ShutdownTimeout for requests in flight.
func (s *Server) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", s.cfg.Addr, err)
	}
	return s.Serve(ctx, ln)
}

// Serve is Run on a listener the caller opened (tests use port 0).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.engine,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		// No WriteTimeout: event streams stay open. Handlers that write
		// slowly rely on the client, and shutdown closes them via Closing.
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	hs.RegisterOnShutdown(func() { s.Close() })
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	s.log.Info("serving", slog.String("addr", ln.Addr().String()))
	select {
	case err := <-errc:
		s.Close()
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", slog.Duration("timeout", s.cfg.ShutdownTimeout))
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ShutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	s.Close()
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		hs.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	s.log.Info("stopped")
	return nil
}
