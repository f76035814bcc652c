package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

// TestWebNotBuilt: a binary built without the UI says how to build it, on
// every page, and never pretends to be the app.
func TestWebNotBuilt(t *testing.T) {
	ui := newWebUI(fstest.MapFS{".gitkeep": {}})
	for _, p := range []string{"/", "/problems/x", "/assets/index-abc.js"} {
		rec := httptest.NewRecorder()
		ui.serve(rec, httptest.NewRequest("GET", p, nil))
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "web UI not built: run <code>make frontend</code>") ||
			!strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") || rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: %d %q %s", p, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
		}
	}
}

// TestWebFiles: types, caching and gzip negotiation of the UI's files.
func TestWebFiles(t *testing.T) {
	js := strings.Repeat("console.log('goprep');\n", 200)
	ui := newWebUI(fstest.MapFS{
		"index.html":           {Data: []byte(`<!doctype html><script type="module" src="/assets/app-1.js"></script>`)},
		"assets/app-1.js":      {Data: []byte(js)},
		"assets/font-1.woff2":  {Data: []byte("wOF2")},
		"favicon.svg":          {Data: []byte("<svg/>")},
		"assets/sub/dir/x.css": {Data: []byte("body{}")},
		".gitkeep":             {},
		"assets/.hidden.js":    {Data: []byte("x")},
	})
	get := func(p, enc string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", p, nil)
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc)
		}
		rec := httptest.NewRecorder()
		ui.serve(rec, req)
		return rec
	}
	cases := []struct {
		path, enc, ctype, cache, encoding string
		code                              int
	}{
		{"/assets/app-1.js", "", "text/javascript; charset=utf-8", webCacheImmutable, "", 200},
		{"/assets/app-1.js", "gzip, br", "text/javascript; charset=utf-8", webCacheImmutable, "gzip", 200},
		{"/assets/app-1.js", "br, gzip;q=0", "text/javascript; charset=utf-8", webCacheImmutable, "", 200},
		{"/assets/font-1.woff2", "gzip", "font/woff2", webCacheImmutable, "", 200},
		{"/assets/sub/dir/x.css", "", "text/css; charset=utf-8", webCacheImmutable, "", 200},
		{"/favicon.svg", "", "image/svg+xml", webCacheRevalidate, "", 200},
		{"/problems/safe-counter", "", "text/html; charset=utf-8", webCacheRevalidate, "", 200},
		// Paths are cleaned inside the embedded files: nothing else is reachable.
		{"/../../etc/passwd", "", "text/html; charset=utf-8", webCacheRevalidate, "", 200},
		{"/../../etc/hosts.txt", "", "text/plain; charset=utf-8", "no-store", "", 404},
		{"/assets/app-2.js", "", "text/plain; charset=utf-8", "no-store", "", 404},
		{"/.gitkeep", "", "text/plain; charset=utf-8", "no-store", "", 404},
		{"/assets/.hidden.js", "", "text/plain; charset=utf-8", "no-store", "", 404},
	}
	for _, c := range cases {
		rec := get(c.path, c.enc)
		if rec.Code != c.code || rec.Header().Get("Content-Type") != c.ctype || rec.Header().Get("Cache-Control") != c.cache ||
			rec.Header().Get("Content-Encoding") != c.encoding {
			t.Errorf("GET %s (%q): %d %q %q %q, want %d %q %q %q", c.path, c.enc, rec.Code, rec.Header().Get("Content-Type"),
				rec.Header().Get("Cache-Control"), rec.Header().Get("Content-Encoding"), c.code, c.ctype, c.cache, c.encoding)
		}
	}
	if rec := get("/assets/app-1.js", "gzip"); rec.Body.Len() >= len(js) || rec.Header().Get("ETag") == get("/assets/app-1.js", "").Header().Get("ETag") {
		t.Errorf("gzip: %d bytes of %d, ETag %q", rec.Body.Len(), len(js), rec.Header().Get("ETag"))
	}
	if csp := get("/kb", "").Header().Get("Content-Security-Policy"); csp != webCSP {
		t.Errorf("CSP %q", csp)
	}
}
