package server

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
)

// codeStatus is the one table from goprep error codes to HTTP statuses.
var codeStatus = map[string]int{
	goprep.EINVALID:      http.StatusBadRequest,
	goprep.EUNAUTHORIZED: http.StatusUnauthorized,
	goprep.EFORBIDDEN:    http.StatusForbidden,
	goprep.ENOTFOUND:     http.StatusNotFound,
	goprep.ECONFLICT:     http.StatusConflict,
	goprep.EGONE:         http.StatusGone,
	goprep.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	goprep.EUNSUPPORTED:  http.StatusUnsupportedMediaType,
	goprep.ERATELIMIT:    http.StatusTooManyRequests,
	goprep.EINTERNAL:     http.StatusInternalServerError,
	goprep.EUNAVAILABLE:  http.StatusServiceUnavailable,
}

// codeTitle is the short, fixed summary of each code: the problem's "title".
var codeTitle = map[string]string{
	goprep.EINVALID:      "Invalid request",
	goprep.EUNAUTHORIZED: "Unauthorized",
	goprep.EFORBIDDEN:    "Forbidden",
	goprep.ENOTFOUND:     "Not found",
	goprep.ECONFLICT:     "Conflict",
	goprep.EGONE:         "Gone",
	goprep.ETOOLARGE:     "Payload too large",
	goprep.EUNSUPPORTED:  "Unsupported media type",
	goprep.ERATELIMIT:    "Too many requests",
	goprep.EINTERNAL:     "Internal error",
	goprep.EUNAVAILABLE:  "Service unavailable",
}

// ErrorStatus returns the HTTP status for a goprep error code; unknown codes
// are internal errors.
func ErrorStatus(code string) int {
	if s, ok := codeStatus[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// problemContentType is the media type of every error response (RFC 9457).
const problemContentType = "application/problem+json"

// problemTypePrefix prefixes the code to form the problem's "type" URI.
const problemTypePrefix = "urn:goprep:error:"

// Problem is the body of an error response: RFC 9457 problem details plus
// GoPrep's extension members.
type Problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	Instance  string `json:"instance"`
	RequestID string `json:"request_id"`
	// Errors maps an invalid field to what is wrong with it.
	Errors map[string]string `json:"errors,omitempty"`
	// Checks reports the readiness checks (only on /readyz).
	Checks map[string]string `json:"checks,omitempty"`
}

// writeError answers the request with err as problem+json. An error without
// a goprep code (or with EINTERNAL) is logged in full with the request id and
// answered "Internal error.".
func writeError(c *gin.Context, err error) {
	code := goprep.ErrorCode(err)
	if code == "" {
		code = goprep.EINTERNAL
	}
	status := ErrorStatus(code)
	p := Problem{
		Type:   problemTypePrefix + code,
		Title:  codeTitle[code],
		Status: status,
		Detail: goprep.ErrorMessage(err),
	}
	if status >= 500 {
		p.Detail = "Internal error."
		if code == goprep.EUNAVAILABLE {
			p.Detail = goprep.ErrorMessage(err)
		}
		logger(c).LogAttrs(c.Request.Context(), slog.LevelError, "request failed",
			slog.String("request_id", requestID(c)), slog.String("route", c.FullPath()),
			slog.String("error", errText(err)))
	}
	var ge *goprep.Error
	if errors.As(err, &ge) {
		if ge.RetryAfter > 0 {
			c.Header("Retry-After", strconv.Itoa(ge.RetryAfter))
		}
		if len(ge.Fields) > 0 && status < 500 {
			p.Errors = ge.Fields
		}
	}
	if status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="goprep"`)
	}
	writeProblem(c, p)
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// writeProblem fills the request-dependent members of p and writes it.
func writeProblem(c *gin.Context, p Problem) {
	if p.Type == "" {
		p.Type = "about:blank"
	}
	if p.Title == "" {
		p.Title = http.StatusText(p.Status)
	}
	p.Instance = c.Request.URL.Path
	p.RequestID = requestID(c)
	c.Header("Cache-Control", "no-store")
	c.Render(p.Status, problemRender{p})
	c.Abort()
}

// problemRender writes a Problem with the problem+json content type.
type problemRender struct{ p Problem }

// Render implements render.Render.
func (r problemRender) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	return encodeJSON(w, r.p)
}

// WriteContentType implements render.Render.
func (r problemRender) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", problemContentType)
}
