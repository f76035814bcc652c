import { defineConfig } from "vite";

// The Go server embeds dist/ (frontend/embed.go) and serves it with index.html
// as the fallback of every non-API path. `npm run dev` proxies the API to a
// `goprep serve` on :8080.
export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    // dist/ is emptied on each build; public/.gitkeep is copied back, so
    // the committed dist/.gitkeep (which lets `go build` embed dist/ on a
    // fresh clone) survives.
    emptyOutDir: true,
    assetsDir: "assets",
    // Never inline assets as data: URLs, so the CSP stays strict.
    assetsInlineLimit: 0,
    sourcemap: false,
    target: "es2022",
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: {
      "/api": { target: "http://127.0.0.1:8080", changeOrigin: false },
    },
  },
});
