// Package server is GoPrep's HTTP API: the Gin engine, its middleware
// (request ids, access logs, panic recovery, body limits, CORS, metrics,
// authentication, roles and scopes), the handlers of /api/v1, the OpenAPI
// document and the health endpoints.
//
// It speaks to the rest of the program only through the service interfaces
// of package goprep (see Deps); it never imports the store or GORM. Errors
// from those services carry a goprep error code, which errors.go maps to one
// HTTP status and an RFC 9457 application/problem+json body. Internal error
// text is logged with the request id and never sent to a client.
//
// # Wiring
//
//	srv := server.New(server.Config{JWTSecret: secret, Logger: log}, server.Deps{
//		Users: db, Auth: db, Problems: db, Submissions: db, KB: db, Sets: db,
//		Leaderboard: db, Reviews: db, Webhooks: db, Invitations: db,
//		Ready: []server.ReadinessCheck{{Name: "database", Check: db.Ping}},
//	})
//	sender := server.NewWebhookSender(server.WebhookSenderConfig{Store: db, Logger: log})
//	sender.Start()
//	defer sender.Close()
//	srv.AddReadinessCheck(server.ReadinessCheck{Name: "judge", Check: judgeWarm})
//	pool, err := judge.NewPool(judge.PoolConfig{Registerer: srv.Registry(), …}) // its metrics join /metrics
//	err = srv.Run(ctx) // graceful shutdown when ctx ends
//
// A readiness check that returns a *goprep.Error shows its message in
// /readyz ("warming the build cache"); any other error shows "unavailable"
// and is logged.
//
// # Adding a resource
//
// Write a file per resource with handlers named handle<Resource><Action> on
// *Server (bind with decodeJSON, validate, one service call, writeJSON or
// writeError), register them in routes.go on s.api (public) or the authed
// group with requireRole, requireScope and, where the default 1 MiB does not
// fit, limitBody (submissions: SubmissionMaxBodyBytes), and document every
// route in openapi.json — a test fails when the registered routes and the
// documented ones differ, and the handler tests validate responses against it.
//
// # Webhooks
//
// The store queues a submission.graded delivery in the transaction that
// stores a grade (whichever process judged it); WebhookSender, run by
// `goprep serve`, claims due deliveries, POSTs them with X-GoPrep-Signature
// (sha256=<hex HMAC-SHA256 of the body keyed with the webhook's secret>) and
// X-GoPrep-Timestamp, and retries failures with exponential backoff up to
// MaxAttempts. Every attempt's outcome is in GET /webhooks/{id}/deliveries.
// Its default client dials public addresses only (AllowPrivateNetworks).
//
// # Event streams
//
// The http.Server has no write timeout, so server-sent events can stay open.
// An SSE handler sets Content-Type text/event-stream, flushes with
// c.Writer.Flush(), and returns when c.Request.Context() is done or when
// Closing() is closed — Run closes it when shutdown begins, since
// http.Server.Shutdown waits for handlers to return.
package server
