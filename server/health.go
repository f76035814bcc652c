package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
)

// handleHealthz answers 200 while the process is alive.
func (s *Server) handleHealthz(c *gin.Context) {
	writeJSON(c, http.StatusOK, gin.H{"status": "ok"})
}

// handleReadyz runs every readiness check concurrently, each with a timeout,
// and answers 200 when all pass, else 503 problem+json with each check's state.
func (s *Server) handleReadyz(c *gin.Context) {
	s.readyMu.RLock()
	checks := append([]ReadinessCheck(nil), s.ready...)
	s.readyMu.RUnlock()

	results := make(map[string]string, len(checks))
	var (
		mu     sync.Mutex
		wg     sync.WaitGroup
		failed bool
	)
	for _, ch := range checks {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.ReadyTimeout)
			defer cancel()
			err := ch.Check(ctx)
			state := "ok"
			if err != nil {
				var ge *goprep.Error
				if errors.As(err, &ge) && ge.Code != goprep.EINTERNAL {
					state = ge.Message
				} else {
					state = "unavailable"
					logger(c).LogAttrs(ctx, slog.LevelWarn, "readiness check failed",
						slog.String("request_id", requestID(c)), slog.String("check", ch.Name), slog.String("error", err.Error()))
				}
			}
			mu.Lock()
			defer mu.Unlock()
			results[ch.Name] = state
			failed = failed || err != nil
		})
	}
	wg.Wait()
	if failed {
		writeProblem(c, Problem{
			Type:   problemTypePrefix + goprep.EUNAVAILABLE,
			Title:  codeTitle[goprep.EUNAVAILABLE],
			Status: http.StatusServiceUnavailable,
			Detail: "Not ready.",
			Checks: results,
		})
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"status": "ready", "checks": results})
}
