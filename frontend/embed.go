// Package frontend holds GoPrep's web UI (Vite + TypeScript, sources in
// src/) and embeds its built files, dist/, into the binary. Build them with
// `make frontend` (npm ci && npm run build here); until then dist/ holds only
// .gitkeep and the server answers the UI's pages with a page that says so.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist returns the built UI: index.html, favicon.svg and the hashed files of
// assets/.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a valid path: cannot happen
	}
	return sub
}

// Built reports whether fsys holds a built UI (an index.html).
func Built(fsys fs.FS) bool {
	st, err := fs.Stat(fsys, "index.html")
	return err == nil && !st.IsDir()
}
