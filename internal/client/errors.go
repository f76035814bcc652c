package client

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Error is an error response of the API: its problem+json body and the
// status, with a hint of what to do next.
type Error struct {
	Status    int
	Type      string // urn:goprep:error:<code>
	Title     string
	Detail    string
	RequestID string
	// Fields maps an invalid field of the request to what is wrong with it.
	Fields map[string]string
	// RetryAfter is the wait the server asked for (429, 503), or 0.
	RetryAfter time.Duration
	// Hint overrides the default advice of Error(); "" uses the default.
	Hint string
}

// Code is the GoPrep error code of the problem type ("unauthorized",
// "not_found", …), or "" when the body was not a GoPrep problem.
func (e *Error) Code() string {
	code, ok := strings.CutPrefix(e.Type, "urn:goprep:error:")
	if !ok {
		return ""
	}
	return code
}

// Error renders the problem for a person: the server's detail, the invalid
// fields, and what to do next.
func (e *Error) Error() string {
	var b strings.Builder
	detail := strings.TrimSpace(e.Detail)
	if detail == "" {
		detail = e.Title
	}
	if detail == "" {
		detail = http.StatusText(e.Status)
	}
	fmt.Fprintf(&b, "%s (HTTP %d)", strings.TrimSuffix(detail, "."), e.Status)
	if len(e.Fields) > 0 {
		names := make([]string, 0, len(e.Fields))
		for f := range e.Fields {
			names = append(names, f)
		}
		sort.Strings(names)
		for _, f := range names {
			fmt.Fprintf(&b, "\n  %s: %s", f, e.Fields[f])
		}
	}
	if h := e.hint(); h != "" {
		fmt.Fprintf(&b, "\n%s", h)
	}
	return b.String()
}

// hint is what the user can do about the error.
func (e *Error) hint() string {
	if e.Hint != "" {
		return e.Hint
	}
	wait := ""
	if e.RetryAfter > 0 {
		wait = fmt.Sprintf(" in %s", e.RetryAfter.Round(time.Second))
	}
	switch {
	case e.Status == http.StatusUnauthorized:
		return "Sign in with `goprep login`, or set GOPREP_TOKEN to a valid API key."
	case e.Status == http.StatusForbidden:
		return "Your account or API key may not do this: ask an admin for the role, or use a key with the scope."
	case e.Status == http.StatusTooManyRequests:
		return "Wait and try again" + wait + "."
	case e.Status == http.StatusServiceUnavailable:
		return "The server is busy or not ready: try again" + wait + "."
	case e.Status == http.StatusRequestEntityTooLarge:
		return "Make the files smaller."
	case e.Status >= 500:
		id := ""
		if e.RequestID != "" {
			id = " (request id " + e.RequestID + ")"
		}
		return "The server failed; try again later, and tell its admin if it persists" + id + "."
	}
	return ""
}

// ConnError is a server that could not be reached or did not answer.
type ConnError struct {
	URL string
	Err error
}

// Error says which server could not be reached and what to check.
func (e *ConnError) Error() string {
	return fmt.Sprintf("cannot reach the GoPrep server at %s: %v\nIs it running? Check --server or GOPREP_SERVER (or the server you signed in to with `goprep login`).", e.URL, e.Err)
}

// Unwrap returns the network error.
func (e *ConnError) Unwrap() error { return e.Err }

// maxErrorBody bounds how much of an error response is read.
const maxErrorBody = 64 << 10

// readError turns a non-2xx response into *Error. A body that is not
// problem+json (a proxy's page, say) keeps only the status.
func readError(res *http.Response) *Error {
	e := &Error{Status: res.StatusCode}
	body, _ := io.ReadAll(io.LimitReader(res.Body, maxErrorBody))
	var p struct {
		Type      string            `json:"type"`
		Title     string            `json:"title"`
		Detail    string            `json:"detail"`
		RequestID string            `json:"request_id"`
		Errors    map[string]string `json:"errors"`
	}
	if json.Unmarshal(body, &p) == nil {
		e.Type, e.Title, e.Detail, e.RequestID, e.Fields = p.Type, p.Title, p.Detail, p.RequestID, p.Errors
	}
	if e.RequestID == "" {
		e.RequestID = res.Header.Get("X-Request-Id")
	}
	if s := res.Header.Get("Retry-After"); s != "" {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n > 0 {
			e.RetryAfter = time.Duration(n) * time.Second
		} else if t, err := http.ParseTime(s); err == nil {
			if d := time.Until(t); d > 0 {
				e.RetryAfter = d
			}
		}
	}
	return e
}
