package server

import (
	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
)

// routes registers every route. Each one must also be in openapi.json.
//
// Later resources follow the same shape: a file per resource with
// handle<Resource><Action> methods, registered here on s.api (public) or on
// the authed group with requireRole/requireScope, and a route-specific body
// limit (limitBody) where the default does not fit.
func (s *Server) routes() {
	e := s.engine
	e.GET("/healthz", s.handleHealthz)
	e.GET("/readyz", s.handleReadyz)
	e.GET("/metrics", s.metrics.handler())

	s.api = e.Group("/api/v1", noStore)
	api := s.api
	api.GET("/openapi.json", handleOpenAPI)

	auth := api.Group("/auth")
	auth.POST("/register", s.handleRegister)
	auth.POST("/login", s.handleLogin)
	auth.POST("/refresh", s.handleRefresh)
	auth.POST("/logout", s.handleLogout)
	auth.POST("/invitations/accept", s.handleInvitationAccept)

	// Reading the knowledge base and the catalog is open to everyone.
	open := api.Group("", s.optionalAuth)
	open.GET("/kb/entries", s.handleKBSearch)
	open.GET("/kb/entries/:id", s.handleKBGet)
	open.GET("/kb/topics", s.handleKBTopics)
	open.GET("/problems", s.handleProblemList)
	open.GET("/problems/:slug", s.handleProblemGet)
	open.GET("/leaderboard", s.handleLeaderboardList)

	authed := api.Group("", s.authenticate)
	kbAuthor := authed.Group("/kb/entries", requireRole(goprep.RoleInterviewer), requireScope(goprep.ScopeAssign))
	kbAuthor.POST("", s.handleKBCreate)
	kbAuthor.PUT("/:id", s.handleKBUpdate)
	kbAuthor.DELETE("/:id", s.handleKBDelete)
	authed.GET("/me", requireScope(goprep.ScopeRead), s.handleMe)
	authed.GET("/leaderboard/me", requireScope(goprep.ScopeRead), s.handleLeaderboardMe)
	authed.GET("/kb/review", requireScope(goprep.ScopeRead), s.handleReviewQueue)
	authed.POST("/kb/entries/:id/review", requireScope(goprep.ScopeSubmit), s.handleReviewGrade)

	submit := authed.Group("/problems/:slug", requireScope(goprep.ScopeSubmit), limitBody(SubmissionMaxBodyBytes))
	submit.POST("/submissions", s.handleSubmissionCreate)
	submit.POST("/runs", s.handleRunCreate)
	subs := authed.Group("/submissions", requireScope(goprep.ScopeRead))
	subs.GET("", s.handleSubmissionList)
	subs.GET("/:id", s.handleSubmissionGet)
	subs.GET("/:id/events", s.handleSubmissionEvents)

	sets := authed.Group("/sets", requireRole(goprep.RoleInterviewer))
	sets.POST("", requireScope(goprep.ScopeAssign), s.handleSetCreate)
	sets.GET("", requireScope(goprep.ScopeAssign), s.handleSetList)
	sets.GET("/:id", requireScope(goprep.ScopeAssign), s.handleSetGet)
	sets.POST("/:id/assignments", requireScope(goprep.ScopeAssign), s.handleAssignmentCreate)
	sets.GET("/:id/report", requireScope(goprep.ScopeGrades), s.handleSetReport)
	assignments := authed.Group("/assignments")
	assignments.GET("", requireScope(goprep.ScopeRead), s.handleAssignmentList)
	assignments.POST("/:id/start", requireScope(goprep.ScopeSubmit), s.handleAssignmentStart)
	assignments.POST("/:id/invitation", requireRole(goprep.RoleInterviewer), requireScope(goprep.ScopeAssign), s.handleAssignmentInvitation)

	keys := authed.Group("/api-keys", requireSession, requireRole(goprep.RoleInterviewer))
	keys.POST("", s.handleAPIKeyCreate)
	keys.GET("", s.handleAPIKeyList)
	keys.DELETE("/:id", s.handleAPIKeyDelete)

	hooks := authed.Group("/webhooks", requireRole(goprep.RoleInterviewer), requireScope(goprep.ScopeWebhooks))
	hooks.POST("", s.handleWebhookCreate)
	hooks.GET("", s.handleWebhookList)
	hooks.PATCH("/:id", s.handleWebhookUpdate)
	hooks.DELETE("/:id", s.handleWebhookDelete)
	hooks.POST("/:id/secret", s.handleWebhookSecretRotate)
	hooks.GET("/:id/deliveries", s.handleWebhookDeliveries)
	hooks.POST("/:id/deliveries/:delivery_id/redeliver", s.handleWebhookRedeliver)

	admin := authed.Group("/admin", requireRole(goprep.RoleAdmin), requireScope(goprep.ScopeAdminUsers))
	admin.GET("/users", s.handleAdminUserList)
	admin.PATCH("/users/:id", s.handleAdminUserUpdate)

	s.webRoutes()
}

// noStore keeps API answers (tokens, personal data) out of caches.
func noStore(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Next()
}
