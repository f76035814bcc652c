package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

// A route's own, smaller limit applies inside the global one, whether the
// client declares the length or streams the body.
func TestNestedBodyLimits(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.Use(limitBody(1 << 10))
	handler := func(c *gin.Context) {
		var v struct{ S string }
		if err := decodeJSON(c, &v); err != nil {
			writeError(c, err)
			return
		}
		c.Status(http.StatusNoContent)
	}
	e.POST("/small", limitBody(100), handler)
	e.POST("/default", handler)

	body := func(n int) string { return `{"S":"` + strings.Repeat("x", n) + `"}` }
	for _, tt := range []struct {
		path    string
		n       int
		chunked bool
		want    int
	}{
		{"/small", 50, false, http.StatusNoContent},
		{"/small", 200, false, http.StatusRequestEntityTooLarge},
		{"/small", 200, true, http.StatusRequestEntityTooLarge},
		{"/default", 200, true, http.StatusNoContent},
		{"/default", 2000, false, http.StatusRequestEntityTooLarge},
		{"/default", 2000, true, http.StatusRequestEntityTooLarge},
	} {
		var r io.Reader = strings.NewReader(body(tt.n))
		if tt.chunked {
			r = io.MultiReader(r) // hides the length
		}
		req := httptest.NewRequest("POST", tt.path, r)
		if tt.chunked {
			req.ContentLength = -1
		}
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		if w.Code != tt.want {
			t.Errorf("%s %d bytes (chunked %v): %d, want %d: %s", tt.path, tt.n, tt.chunked, w.Code, tt.want, w.Body)
		}
		if tt.want == http.StatusRequestEntityTooLarge && !strings.HasPrefix(w.Header().Get("Content-Type"), problemContentType) {
			t.Errorf("413 is not problem+json: %q", w.Header().Get("Content-Type"))
		}
	}
}
