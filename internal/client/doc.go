// Package client is a typed HTTP client for the GoPrep REST API (/api/v1),
// made for the goprep CLI: sign in, list and fetch problems, submit, follow a
// submission's event stream and read results.
//
// It owns the session handling of a command-line client: the access token
// is sent as a Bearer token and, when the server answers 401, renewed once
// with the refresh token (which rotates: OnTokens is told the new pair so it
// can be saved). An API key (gp_…) or a bare access token works as a static
// token without a refresh token.
//
// Error responses (RFC 9457 application/problem+json) become *Error, whose
// message says what went wrong and what to do next; a server that cannot be
// reached becomes *ConnError.
package client
