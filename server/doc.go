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
// Adding a resource: write a file per resource with handlers named
// handle<Resource><Action> on *Server, register them in routes.go, and
// document every route in openapi.json — a test fails when the registered
// routes and the documented ones differ.
package server
