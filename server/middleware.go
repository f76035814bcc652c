package server

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
)

// Context keys set by the middleware.
const (
	ctxRequestID = "goprep.request_id"
	ctxLogger    = "goprep.logger"
	ctxPrincipal = "goprep.principal"
)

// headerRequestID carries the request id in and out.
const headerRequestID = "X-Request-ID"

// maxRequestIDLen bounds an incoming request id.
const maxRequestIDLen = 64

// validRequestID accepts ids of letters, digits and ._:- up to 64 bytes, so a
// client-chosen id cannot inject anything into logs or headers.
func validRequestID(s string) bool {
	if s == "" || len(s) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9':
		case ch == '.', ch == '_', ch == ':', ch == '-':
		default:
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// requestID returns the request's id (set by withRequestID).
func requestID(c *gin.Context) string { return c.GetString(ctxRequestID) }

// logger returns the request's logger, which carries its id.
func logger(c *gin.Context) *slog.Logger {
	if l, ok := c.Get(ctxLogger); ok {
		return l.(*slog.Logger)
	}
	return slog.Default()
}

// withRequestID takes a valid X-Request-ID from the request or makes one,
// and echoes it in the response.
func (s *Server) withRequestID(c *gin.Context) {
	id := c.GetHeader(headerRequestID)
	if !validRequestID(id) {
		id = newRequestID()
	}
	c.Set(ctxRequestID, id)
	c.Set(ctxLogger, s.log)
	c.Header(headerRequestID, id)
	c.Next()
}

// accessLog writes one structured line per request.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	status := c.Writer.Status()
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	} else if status >= 400 {
		level = slog.LevelWarn
	}
	attrs := []slog.Attr{
		slog.String("request_id", requestID(c)),
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.Path),
		slog.String("route", routeLabel(c)),
		slog.Int("status", status),
		slog.Int("bytes", c.Writer.Size()),
		slog.Duration("duration", time.Since(start)),
		slog.String("client_ip", c.ClientIP()),
	}
	if p := principal(c); p != nil {
		attrs = append(attrs, slog.Int64("user_id", p.User.ID))
		if p.Key != nil {
			attrs = append(attrs, slog.Int64("api_key_id", p.Key.ID))
		}
	}
	s.log.LogAttrs(c.Request.Context(), level, "http request", attrs...)
}

// recoverPanic turns a panic in a handler into a logged 500 problem.
func (s *Server) recoverPanic(c *gin.Context) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			panic(v)
		}
		s.log.LogAttrs(c.Request.Context(), slog.LevelError, "panic in handler",
			slog.String("request_id", requestID(c)), slog.String("route", c.FullPath()),
			slog.String("panic", fmt.Sprint(v)), slog.String("stack", string(debug.Stack())))
		if c.Writer.Written() {
			c.Abort()
			return
		}
		writeProblem(c, Problem{
			Type:   problemTypePrefix + goprep.EINTERNAL,
			Title:  codeTitle[goprep.EINTERNAL],
			Status: http.StatusInternalServerError,
			Detail: "Internal error.",
		})
	}()
	c.Next()
}

// securityHeaders sets headers that make API responses inert in a browser.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	c.Next()
}

// limitBody caps the request body at n bytes: a declared Content-Length over
// the limit is refused at once with 413, and reading past it fails (the JSON
// decoder turns that into 413 too). Nested limits keep the smallest.
func limitBody(n int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.ContentLength > n {
			writeError(c, tooLarge(n))
			return
		}
		if c.Request.Body != nil && c.Request.Body != http.NoBody {
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, n)
		}
		c.Next()
	}
}

func tooLarge(n int64) error {
	return goprep.Errorf(goprep.ETOOLARGE, "The request body exceeds the limit of %d bytes.", n)
}

// cors answers preflight requests and sets the CORS headers for allowed
// origins. An origin not in the list gets no CORS headers, so a browser
// refuses the response.
func (s *Server) cors(c *gin.Context) {
	origin := c.GetHeader("Origin")
	if origin == "" {
		c.Next()
		return
	}
	h := c.Writer.Header()
	h.Add("Vary", "Origin")
	allowed := slices.Contains(s.cfg.CORSOrigins, "*") || slices.Contains(s.cfg.CORSOrigins, origin)
	preflight := c.Request.Method == http.MethodOptions && c.GetHeader("Access-Control-Request-Method") != ""
	if allowed {
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Expose-Headers", "X-Request-ID, Retry-After, Location")
	}
	if preflight {
		if allowed {
			h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-ID")
			h.Set("Access-Control-Max-Age", strconv.Itoa(int((10 * time.Minute).Seconds())))
		}
		c.AbortWithStatus(http.StatusNoContent)
		return
	}
	c.Next()
}
