package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/server"
	"github.com/goprep/goprep/store"
)

func init() {
	commands["serve"] = command{summary: "run the API server (migrates the database first)", run: runServe}
}

// serveOptions are the flags of serve.
var serveOptions = []string{"addr", "db", "data-dir", "jwt-secret", "cors-origins", "trusted-proxies", "public-url", "log-level",
	"workers", "problems-dir", "kb-dir", "judge-data", "insecure-no-sandbox"}

// onListen, when set (by tests), learns the address serve listens on.
var onListen func(net.Addr)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cf, err := newCmdFlags("serve", "goprep serve [flags]", lookupEnv, serveOptions...)
	if err != nil {
		fmt.Fprintf(stderr, "goprep serve: %v\n", err)
		return 2
	}
	cf.notes = []string{
		"Serves the API and, unless --workers is -1, judges submissions in this process. Applies pending migrations first,",
		"then imports --problems-dir and --kb-dir (a broken file is logged; the rest still loads).",
		"GOPREP_ADMIN_EMAIL and GOPREP_ADMIN_PASSWORD, when both are set, create that admin account if it does not exist.",
		"Sends queued webhook deliveries; GOPREP_WEBHOOK_ALLOW_PRIVATE=1 lets them reach loopback and private addresses.",
		"Stops gracefully on SIGINT or SIGTERM.",
	}
	if err := cf.parse(args, stdout, stderr); err != nil {
		return exitCode(err)
	}
	if cf.fs.NArg() > 0 {
		fmt.Fprintf(stderr, "goprep serve: unexpected argument %q\n", cf.fs.Arg(0))
		return 2
	}
	cfg := cf.cfg
	log := newLogger(stderr, cfg.LogLevel)
	if err := serve(ctx, cfg, log); err != nil {
		log.Error("serve failed", slog.String("error", err.Error()))
		return 1
	}
	return 0
}

// serve opens and migrates the store, makes sure of the first admin, and
// runs the server until ctx is cancelled.
func serve(ctx context.Context, cfg *config, log *slog.Logger) error {
	db, err := store.Open(ctx, cfg.DB, store.Options{Migrate: true, Logger: log})
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer db.Close()
	log.Info("database ready", slog.String("dialect", db.Dialect()))

	if err := ensureAdmin(ctx, db, log); err != nil {
		return err
	}
	secret, err := jwtSecret(cfg, log)
	if err != nil {
		return err
	}
	importCatalog(ctx, cfg, db, log)
	notifier := &judgeNotifier{}
	deps := server.Deps{
		Users:       db,
		Auth:        db,
		Problems:    db,
		Submissions: db,
		KB:          db,
		Sets:        db,
		Leaderboard: db,
		Reviews:     db,
		Webhooks:    db,
		Invitations: db,
		NotifyJudge: notifier.notify,
		Ready:       []server.ReadinessCheck{{Name: "database", Check: db.Ping}},
	}
	srv := server.New(server.Config{
		Addr:           cfg.Addr,
		JWTSecret:      secret,
		CORSOrigins:    cfg.CORSOrigins,
		TrustedProxies: cfg.TrustedProxies,
		PublicURL:      cfg.PublicURL,
		Logger:         log,
	}, deps)
	defer srv.Close()
	// Graded submissions queue webhook deliveries in the database (from this
	// process's judge or from goprep judge elsewhere); this sends them.
	// GOPREP_WEBHOOK_ALLOW_PRIVATE=1 lets webhooks reach private networks
	// (an LMS on the same host or LAN); by default only public addresses.
	allowPrivate, _ := lookupEnv("GOPREP_WEBHOOK_ALLOW_PRIVATE")
	sender := server.NewWebhookSender(server.WebhookSenderConfig{Store: db, Logger: log.With("component", "webhooks"),
		AllowPrivateNetworks: allowPrivate == "1" || allowPrivate == "true"})
	sender.Start()
	defer sender.Close()
	stopJudge := startJudge(ctx, cfg, db, srv, notifier, log)
	defer stopJudge()

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	if onListen != nil {
		onListen(ln.Addr())
	}
	return srv.Serve(ctx, ln)
}

// jwtSecret returns the configured secret, or the one kept in the data dir
// (generated on first start).
func jwtSecret(cfg *config, log *slog.Logger) ([]byte, error) {
	if cfg.JWTSecret != "" {
		if len(cfg.JWTSecret) < server.MinJWTSecretLen {
			return nil, fmt.Errorf("the JWT secret (GOPREP_JWT_SECRET or --jwt-secret) must be at least %d bytes", server.MinJWTSecretLen)
		}
		return []byte(cfg.JWTSecret), nil
	}
	secret, created, err := server.LoadOrCreateSecret(cfg.dataDir())
	if err != nil {
		return nil, err
	}
	if created {
		log.Warn("no JWT secret configured: generated one and stored it (mode 0600); set GOPREP_JWT_SECRET to share one between servers",
			slog.String("dir", cfg.dataDir()))
	} else {
		log.Info("using the JWT secret stored in the data dir", slog.String("dir", cfg.dataDir()))
	}
	return secret, nil
}

// ensureAdmin creates the admin named by GOPREP_ADMIN_EMAIL and
// GOPREP_ADMIN_PASSWORD when both are set and no account has that email. An
// existing account is left as it is.
func ensureAdmin(ctx context.Context, users goprep.UserService, log *slog.Logger) error {
	email, hasEmail := lookupEnv("GOPREP_ADMIN_EMAIL")
	password, hasPassword := lookupEnv("GOPREP_ADMIN_PASSWORD")
	if !hasEmail && !hasPassword {
		return nil
	}
	if email == "" || password == "" {
		return errors.New("set both GOPREP_ADMIN_EMAIL and GOPREP_ADMIN_PASSWORD, or neither")
	}
	email = goprep.NormalizeEmail(email)
	_, err := users.UserByEmail(ctx, email)
	switch {
	case err == nil:
		log.Info("admin account exists", slog.String("email", email))
		return nil
	case goprep.ErrorCode(err) != goprep.ENOTFOUND:
		return fmt.Errorf("look up admin: %w", err)
	}
	u, err := newUser(email, password, "Admin", goprep.RoleAdmin)
	if err != nil {
		return fmt.Errorf("GOPREP_ADMIN_EMAIL/PASSWORD: %s", describe(err))
	}
	if err := users.CreateUser(ctx, u); err != nil {
		if goprep.ErrorCode(err) == goprep.ECONFLICT { // another server created it first
			return nil
		}
		return fmt.Errorf("create admin: %w", err)
	}
	log.Info("created admin account", slog.String("email", email), slog.Int64("id", u.ID))
	return nil
}
