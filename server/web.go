package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/frontend"
)

// webCSP is the Content-Security-Policy of the UI's pages: scripts and
// connections only from this origin, no inline scripts, no plugins, no
// framing. Inline styles stay allowed: the code editor sets them.
const webCSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// Cache lifetimes: the files under assets/ carry a content hash in their
// names, so they never change; everything else is revalidated.
const (
	webAssetsDir       = "assets/"
	webCacheImmutable  = "public, max-age=31536000, immutable"
	webCacheRevalidate = "no-cache"
)

// webTypes are content types Go's mime package may not know on every system.
var webTypes = map[string]string{
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".html":  "text/html; charset=utf-8",
	".svg":   "image/svg+xml",
	".json":  "application/json",
	".map":   "application/json",
	".woff2": "font/woff2",
	".woff":  "font/woff",
	".ico":   "image/x-icon",
	".txt":   "text/plain; charset=utf-8",
	".wasm":  "application/wasm",
}

// webCompressible lists the types worth gzipping.
var webCompressible = map[string]bool{".js": true, ".mjs": true, ".css": true, ".html": true, ".svg": true, ".json": true, ".map": true, ".txt": true}

// webRoutes serves the web UI (frontend/dist, embedded) for every path that
// no route matches. It is a NoRoute handler, not routes, so the route table
// stays exactly the API of openapi.json.
func (s *Server) webRoutes() { s.serveWeb(frontend.Dist()) }

// serveWeb serves the UI from fsys.
func (s *Server) serveWeb(fsys fs.FS) {
	ui := newWebUI(fsys)
	s.engine.NoRoute(func(c *gin.Context) {
		p := c.Request.URL.Path
		if p == "/api" || strings.HasPrefix(p, "/api/") {
			// Unknown API paths stay JSON problems, never the UI's page.
			writeError(c, goprep.Errorf(goprep.ENOTFOUND, "No route %s %s.", c.Request.Method, p))
			return
		}
		if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
			c.Header("Allow", "GET, HEAD")
			writeProblem(c, Problem{
				Type:   problemTypePrefix + "method_not_allowed",
				Title:  "Method not allowed",
				Status: http.StatusMethodNotAllowed,
				Detail: fmt.Sprintf("Method %s is not allowed on the web UI's pages; use GET.", c.Request.Method),
			})
			return
		}
		ui.serve(c.Writer, c.Request)
	})
}

// webUI serves the built UI: its files, and index.html for every other page
// (client-side routes).
type webUI struct {
	fsys  fs.FS
	built bool
	index []byte
	etag  string // of index.html

	mu   sync.Mutex
	gzip map[string]*webGzip // file name -> its gzipped bytes, made on first use
}

type webGzip struct {
	once sync.Once
	data []byte
	etag string
}

func newWebUI(fsys fs.FS) *webUI {
	ui := &webUI{fsys: fsys, gzip: map[string]*webGzip{}}
	if b, err := fs.ReadFile(fsys, "index.html"); err == nil && frontend.Built(fsys) {
		ui.built, ui.index, ui.etag = true, b, etagOf(b)
	}
	return ui
}

func etagOf(b []byte) string {
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// webNotBuilt is the page served when the binary was built without the UI.
const webNotBuilt = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GoPrep: web UI not built</title></head>
<body><h1>web UI not built: run <code>make frontend</code></h1>
<p>This GoPrep binary was built before the web UI (frontend/dist is empty). Run <code>make frontend</code>
(or <code>make build</code>, which does it) and start the server again.</p>
<p>The API works meanwhile: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p></body></html>
`

func (ui *webUI) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	if !ui.built {
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		w.WriteHeader(http.StatusServiceUnavailable)
		if r.Method != http.MethodHead {
			io.WriteString(w, webNotBuilt)
		}
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "index.html" {
		// One address for the app's entry: "/".
		http.Redirect(w, r, "/", http.StatusMovedPermanently)
		return
	}
	if name != "" {
		if st, err := fs.Stat(ui.fsys, name); err == nil && !st.IsDir() && !hiddenName(name) {
			ui.serveFile(w, r, name)
			return
		}
		// A missing file (an old hashed asset, a typo) is a plain 404: an HTML
		// page in its place would break as a script or a style sheet.
		if name+"/" == webAssetsDir || strings.HasPrefix(name, webAssetsDir) || strings.Contains(path.Base(name), ".") {
			h.Set("Cache-Control", "no-store")
			http.Error(w, "404 page not found", http.StatusNotFound)
			return
		}
	}
	// A page of the app: the client-side router draws it.
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", webCacheRevalidate)
	h.Set("Content-Security-Policy", webCSP)
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("ETag", ui.etag)
	http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(ui.index))
}

// hiddenName reports whether a path has a segment starting with a dot
// (dist/.gitkeep): such files are not served.
func hiddenName(name string) bool {
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}

// serveFile serves one file of the UI, gzipped when the client takes it.
func (ui *webUI) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	h := w.Header()
	ext := path.Ext(name)
	ct := webTypes[ext]
	if ct == "" {
		ct = mime.TypeByExtension(ext)
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	if strings.HasPrefix(name, webAssetsDir) {
		h.Set("Cache-Control", webCacheImmutable)
	} else {
		h.Set("Cache-Control", webCacheRevalidate)
	}
	if ext == ".html" || ext == ".svg" {
		h.Set("Content-Security-Policy", webCSP)
	}
	if webCompressible[ext] {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			if gz := ui.gzipped(name); gz != nil {
				h.Set("Content-Encoding", "gzip")
				h.Set("ETag", gz.etag)
				http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(gz.data))
				return
			}
		}
	}
	b, err := fs.ReadFile(ui.fsys, name)
	if err != nil {
		http.Error(w, "500 internal error", http.StatusInternalServerError)
		return
	}
	h.Set("ETag", etagOf(b))
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}

// gzipped returns name's gzipped bytes, compressing them once.
func (ui *webUI) gzipped(name string) *webGzip {
	ui.mu.Lock()
	g := ui.gzip[name]
	if g == nil {
		g = &webGzip{}
		ui.gzip[name] = g
	}
	ui.mu.Unlock()
	g.once.Do(func() {
		b, err := fs.ReadFile(ui.fsys, name)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(b)
		if zw.Close() != nil {
			return
		}
		g.data = buf.Bytes()
		g.etag = strings.TrimSuffix(etagOf(b), `"`) + `-gz"`
	})
	if g.data == nil {
		return nil
	}
	return g
}

// acceptsGzip reports whether the request's Accept-Encoding takes gzip.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
