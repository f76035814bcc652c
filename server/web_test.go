package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/catalog"
	"github.com/goprep/goprep/frontend"
	"github.com/goprep/goprep/judge"
	"github.com/goprep/goprep/judge/sandbox"
	"github.com/goprep/goprep/server"
)

// chromiumPath is Debian's Chromium (apt-get install -y chromium).
const chromiumPath = "/usr/bin/chromium"

// needBuiltUI fails the test when frontend/dist has no index.html.
func needBuiltUI(t *testing.T) {
	t.Helper()
	if !frontend.Built(frontend.Dist()) {
		t.Fatal("the web UI is not built (frontend/dist/index.html is missing): run make frontend, then run the tests again")
	}
}

// TestWebServesUI: the embedded UI's pages, files and headers, and unknown
// API paths staying JSON problems.
func TestWebServesUI(t *testing.T) {
	needBuiltUI(t)
	e := newEnv(t)
	get := func(path string, hdr ...string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", e.ts.URL+path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		// The transport would add and strip gzip itself: ask explicitly.
		if req.Header.Get("Accept-Encoding") == "" {
			req.Header.Set("Accept-Encoding", "identity")
		}
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}

	index, _ := get("/")
	for _, p := range []string{"/", "/problems/safe-counter", "/kb", "/kb/12", "/login"} {
		res, body := get(p)
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || !strings.Contains(body, `<script type="module"`) {
			t.Fatalf("GET %s: %d %s %.200s", p, res.StatusCode, res.Header.Get("Content-Type"), body)
		}
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline';") && strings.Contains(csp, "script-src 'self' 'unsafe-inline'") {
			t.Errorf("GET %s: CSP %q", p, csp)
		}
		if res.Header.Get("Cache-Control") != "no-cache" || res.Header.Get("ETag") == "" || res.Header.Get("ETag") != index.Header.Get("ETag") {
			t.Errorf("GET %s: Cache-Control %q ETag %q", p, res.Header.Get("Cache-Control"), res.Header.Get("ETag"))
		}
		if strings.Contains(body, "<script>") {
			t.Errorf("GET %s: an inline script", p)
		}
	}
	// Revalidation.
	if res, _ := get("/", "If-None-Match", index.Header.Get("ETag")); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", res.StatusCode)
	}

	// The hashed assets the page names: long-lived, with their types, gzipped on request.
	_, html := get("/")
	var assets []string
	for _, part := range strings.Split(html, `"`) {
		if strings.HasPrefix(part, "/assets/") {
			assets = append(assets, part)
		}
	}
	if len(assets) < 2 {
		t.Fatalf("index.html names %d assets: %s", len(assets), html)
	}
	types := map[string]string{".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
	for _, a := range assets {
		res, body := get(a)
		if res.StatusCode != 200 || len(body) == 0 {
			t.Fatalf("GET %s: %d", a, res.StatusCode)
		}
		if want := types[filepath.Ext(a)]; want != "" && res.Header.Get("Content-Type") != want {
			t.Errorf("GET %s: Content-Type %q, want %q", a, res.Header.Get("Content-Type"), want)
		}
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
			t.Errorf("GET %s: Cache-Control %q", a, cc)
		}
		gz, zbody := get(a, "Accept-Encoding", "gzip")
		if gz.Header.Get("Content-Encoding") != "gzip" || len(zbody) >= len(body) || !strings.Contains(gz.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("GET %s with gzip: %q, %d bytes of %d", a, gz.Header.Get("Content-Encoding"), len(zbody), len(body))
		}
	}

	// Missing files are plain 404s, not the page; unknown API paths are problems.
	for _, p := range []string{"/assets/index-nope.js", "/assets", "/robots.txt"} {
		if res, body := get(p); res.StatusCode != 404 || strings.Contains(body, "<script") {
			t.Errorf("GET %s: %d %.100s", p, res.StatusCode, body)
		}
	}
	for _, p := range []string{"/api/v1/nope", "/api/v2/problems", "/api"} {
		res, body := get(p)
		if res.StatusCode != 404 || res.Header.Get("Content-Type") != "application/problem+json" || !strings.Contains(body, `"title":"Not found"`) && !strings.Contains(body, `"status":404`) {
			t.Errorf("GET %s: %d %s %s", p, res.StatusCode, res.Header.Get("Content-Type"), body)
		}
	}
	if res, _ := get("/index.html"); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/" {
		t.Errorf("GET /index.html: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	req, _ := http.NewRequest("POST", e.ts.URL+"/problems", strings.NewReader("{}"))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("POST /problems: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	// The API keeps its own headers.
	if res, _ := get("/api/v1/problems"); res.StatusCode != 200 || res.Header.Get("Content-Security-Policy") != "" {
		t.Errorf("API: %d CSP %q", res.StatusCode, res.Header.Get("Content-Security-Policy"))
	}
}

// browser starts headless Chromium for a test, or skips the test when it is
// not installed and GOPREP_REQUIRE_BROWSER is unset.
func browser(t *testing.T) (context.Context, *browserLog) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("GOPREP_REQUIRE_BROWSER") == "" {
			t.Skipf("Chromium is not installed at %s (apt-get install -y chromium): the browser test of the web UI is skipped; set GOPREP_REQUIRE_BROWSER=1 to make this a failure", chromiumPath)
		}
		t.Fatalf("GOPREP_REQUIRE_BROWSER is set but Chromium is not installed at %s: apt-get install -y chromium", chromiumPath)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		// Without these Chromium reaches for the network at start and hangs
		// on a closed one.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// The UI's language defaults to the browser's: the tests read English
		// labels whatever the machine's locale (web_i18n_test.go switches).
		chromedp.Flag("lang", "en-US"),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancel)
	// The first call starts the browser, for the life of ctx.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	bl := &browserLog{}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			// The failed sign-in of the test is meant to fail, and
			// /leaderboard/me is 404 until the user is on the board.
			expected := strings.Contains(m.String(), "status of 401") && strings.Contains(m.URL, "/api/v1/auth/login") ||
				strings.Contains(m.String(), "status of 404") && strings.Contains(m.URL, "/api/v1/leaderboard/me")
			if (m.Type == chromedp.ConsoleError || m.IsException()) && !expected {
				bl.add(m.String() + " " + m.URL)
			}
		}
	}()
	return ctx, bl
}

// browserLog collects the page's errors: exceptions, console.error and the
// browser's own error log (CSP violations, failed loads).
type browserLog struct {
	mu   sync.Mutex
	errs []string
}

func (l *browserLog) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errs = append(l.errs, s)
}

// take returns the errors so far and forgets them.
func (l *browserLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.errs
	l.errs = nil
	return e
}

// startJudge runs a judge pool on the env's store, as serve does.
func startJudge(t *testing.T, e *env) {
	t.Helper()
	pkgs, err := judge.LoadCatalog(filepath.Join("..", "problems"))
	if err != nil || len(pkgs) == 0 {
		t.Fatalf("load the problems: %d, %v", len(pkgs), err)
	}
	runner, err := sandbox.New(sandbox.Options{Insecure: true})
	if err != nil {
		t.Fatalf("sandbox: %v", err)
	}
	cache := os.Getenv("GOPREP_JUDGE_TEST_DATA")
	if cache == "" {
		cache = filepath.Join(os.TempDir(), "goprep-judge-test") // shared with the judge's tests
	}
	j, err := judge.New(judge.Config{DataDir: cache, Runner: runner})
	if err != nil {
		runner.Close()
		t.Fatalf("judge: %v", err)
	}
	pool, err := judge.NewPool(judge.PoolConfig{Judge: j, Store: e.db, Problems: judge.NewCatalog(pkgs), Workers: 1, Poll: 200 * time.Millisecond})
	if err != nil {
		runner.Close()
		t.Fatalf("pool: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		pool.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		runner.Close()
	})
}

// page drives one browser tab in a test: each step fails the test on an
// error, a timeout, or an error the page logged.
type page struct {
	t   *testing.T
	ctx context.Context
	log *browserLog
	// allow lists substrings of page errors that a test expects.
	allow []string
}

// dump is the page's <main>, for failure messages.
func (p *page) dump() string {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	html, _ := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("main")))
	if len(html) > 4000 {
		html = html[:4000] + "…"
	}
	return html
}

// step runs a step's actions, and fails on errors the page logged.
func (p *page) step(name string, timeout time.Duration, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, timeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatalf("%s: %v\npage errors: %q\n<main>: %s", name, err, p.log.take(), p.dump())
	}
	var errs []string
	for _, e := range p.log.take() {
		if !slices.ContainsFunc(p.allow, func(a string) bool { return strings.Contains(e, a) }) {
			errs = append(errs, e)
		}
	}
	if len(errs) > 0 {
		p.t.Fatalf("%s: the page logged errors: %q\n<main>: %s", name, errs, p.dump())
	}
}

// text is the visible text of the first element that matches sel.
func (p *page) text(sel string) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		p.t.Fatalf("read %s: %v\n<main>: %s", sel, err, p.dump())
	}
	return s
}

// eval evaluates a script whose value is a list of strings.
func (p *page) eval(expr string) []string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](expr))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// shot keeps a screenshot of the page in $GOPREP_WEB_SCREENSHOTS, when set.
func (p *page) shot(name string) {
	dir := os.Getenv("GOPREP_WEB_SCREENSHOTS")
	if dir == "" {
		return
	}
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
}

// signIn signs in through the login page.
func (p *page) signIn(base, email, password string) {
	p.t.Helper()
	p.step("sign in as "+email, 30*time.Second,
		chromedp.Navigate(base+"/login"),
		keys(`[data-testid=login-form] input[name=email]`, email),
		keys(`[data-testid=login-form] input[name=password]`, password),
		click(`[data-testid=login-form] button[type=submit]`),
		visible(`[data-testid=user-name]`),
	)
}

func css(sel string) chromedp.CSS { return chromedp.CSS(sel) }

func visible(sel string) chromedp.Action[chromedp.Void] { return chromedp.WaitVisible(css(sel)) }

func click(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(css(sel), chromedp.NodeVisible)
}

func keys(sel, v string) chromedp.Action[chromedp.Void] {
	return chromedp.SendKeys(css(sel), v, chromedp.NodeVisible)
}

// TestWebBrowser drives the real UI in headless Chromium against the real
// server and store, with the catalog loaded and a judge running: register,
// sign out and in, survive a reload, search the knowledge base and open an
// entry, open a problem and see its starter code in the editor, run the
// public tests and see the verdict, submit and see the submission queued and
// then graded, see the leaderboard, and grade a flash card; an interviewer
// writes and edits a knowledge-base entry, builds a set, assigns it, makes
// an API key and registers a webhook, and the candidate starts
// the set; an admin lists the users.
func TestWebBrowser(t *testing.T) {
	ctx, blog := browser(t)
	needBuiltUI(t)
	e := newEnv(t)
	if _, err := catalog.Import(context.Background(), filepath.Join("..", "problems"), filepath.Join("..", "kb"), e.db, e.db); err != nil {
		t.Fatalf("import the catalog: %v", err)
	}
	if err := e.db.OptimizeSearch(context.Background()); err != nil {
		t.Fatalf("optimize search: %v", err)
	}
	startJudge(t, e)
	base := e.ts.URL

	pg := &page{t: t, ctx: ctx, log: blog}
	step, text, eval, shot := pg.step, pg.text, pg.eval, pg.shot

	// Register: the app signs the new account in and shows its name.
	const name, email, password = "Browser Tester", "browser@example.com", "correct horse battery"
	step("register", 30*time.Second,
		chromedp.Navigate(base+"/register"),
		keys(`[data-testid=register-form] input[name=name]`, name),
		keys(`[data-testid=register-form] input[name=email]`, email),
		keys(`[data-testid=register-form] input[name=password]`, password),
		click(`[data-testid=register-form] button[type=submit]`),
		visible(`[data-testid=user-name]`),
		visible(`[data-testid=problem-list]`),
	)
	if got := text(`[data-testid=user-name]`); got != name {
		t.Fatalf("signed in as %q, want %q", got, name)
	}

	// Sign out, fail to sign in (the API's problem is shown), then sign in.
	step("sign out", 20*time.Second,
		click(`[data-testid=sign-out]`),
		visible(`[data-testid=login-form]`),
		chromedp.WaitNotPresent(css(`[data-testid=user-name]`)),
	)
	step("wrong password", 20*time.Second,
		keys(`[data-testid=login-form] input[name=email]`, email),
		keys(`[data-testid=login-form] input[name=password]`, "not the password"),
		click(`[data-testid=login-form] button[type=submit]`),
		visible(`[data-testid=login-form] .error`),
	)
	if got := text(`[data-testid=login-form] .error`); !strings.Contains(got, "Unauthorized") || !strings.Contains(got, "Invalid email or password") {
		t.Fatalf("the failed login shows %q, want the problem's title and detail", got)
	}
	step("sign in", 20*time.Second,
		chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid=login-form] input[name=password]').value = ''`),
		keys(`[data-testid=login-form] input[name=password]`, password),
		click(`[data-testid=login-form] button[type=submit]`),
		visible(`[data-testid=user-name]`),
	)
	// A reload keeps the session: the refresh token is traded for a new access token.
	step("reload", 20*time.Second, chromedp.Reload(), visible(`[data-testid=user-name]`))

	// Search the knowledge base: results with the matches marked, and nothing
	// but <mark> from the snippets in the page.
	step("search the knowledge base", 30*time.Second,
		chromedp.Navigate(base+"/kb?lang=en"),
		keys(`[data-testid=kb-search] input[name=q]`, "slice"),
		click(`[data-testid=kb-search] button[type=submit]`),
		visible(`[data-testid=kb-results] .hit .snippet mark`),
	)
	hits := eval(`[...document.querySelectorAll('[data-testid=kb-results] .hit')].map(h => h.dataset.slug)`)
	marks := eval(`[...document.querySelectorAll('[data-testid=kb-results] .snippet mark')].map(m => m.textContent)`)
	tags := eval(`[...new Set([...document.querySelectorAll('[data-testid=kb-results] .snippet *')].map(n => n.tagName))]`)
	loc := eval(`[location.pathname + location.search]`)
	if len(hits) == 0 || len(marks) == 0 || !strings.Contains(strings.ToLower(strings.Join(marks, " ")), "slice") || !strings.Contains(loc[0], "q=slice") {
		t.Fatalf("search: hits %v, marks %v, at %v", hits, marks, loc)
	}
	shot("kb-search")
	if len(tags) != 1 || tags[0] != "MARK" {
		t.Fatalf("snippets hold elements %v, want only MARK", tags)
	}
	// Chinese words on the English page search the Chinese text: the match
	// is marked in the snippet.
	step("search Chinese words from the English page", 30*time.Second,
		chromedp.Navigate(base+"/kb?lang=en&q=%E6%89%A9%E5%AE%B9"),
		visible(`[data-testid=kb-results] .hit[data-slug=slice-growth-strategy] .snippet mark`),
	)
	if marks := eval(`[...document.querySelectorAll('[data-testid=kb-results] .snippet mark')].map(m => m.textContent)`); !strings.Contains(strings.Join(marks, " "), "扩容") {
		t.Fatalf("Chinese search from the English page: marks %v, want 扩容", marks)
	}
	// Chinese, with the topic filter; then the entry, its Markdown rendered.
	step("search in Chinese", 30*time.Second,
		chromedp.Navigate(base+"/kb?lang=zh&topic=slices&q=%E5%88%87%E7%89%87%20%E6%89%A9%E5%AE%B9"),
		visible(`[data-testid=kb-results] .hit[data-slug=slice-growth-strategy] h3 a`),
	)
	step("open an entry", 30*time.Second,
		click(`[data-testid=kb-results] .hit[data-slug=slice-growth-strategy] h3 a`),
		visible(`[data-testid=kb-entry] .markdown p`),
	)
	shot("kb-entry")
	if got := text(`[data-testid=kb-entry] h2`); !strings.Contains(got, "切片") {
		t.Fatalf("the entry's title is %q, want the Chinese question", got)
	}

	// The problem list, then a problem: statement and the starter code in the editor.
	p, err := e.db.ProblemBySlug(context.Background(), "safe-counter")
	if err != nil {
		t.Fatal(err)
	}
	step("open a problem", 30*time.Second,
		chromedp.Navigate(base+"/problems"),
		click(`[data-testid=problem-list] tr[data-slug=safe-counter] a`),
		visible(`[data-testid=editor] .cm-content`),
		visible(`[data-testid=statement] p`),
		// The statement's Go code is highlighted.
		visible(`[data-testid=statement] code[data-highlighted=go] .tok-keyword`),
	)
	// The editor draws the lines in view: they are the starter's first lines.
	lines := eval(`[...document.querySelectorAll('[data-testid=editor] .cm-line')].map(l => l.textContent)`)
	want := strings.Split(p.Starter["counter.go"], "\n")
	if len(lines) < 10 || len(lines) > len(want) || strings.Join(lines, "\n") != strings.Join(want[:len(lines)], "\n") {
		t.Fatalf("the editor shows:\n%s\nwant the starter:\n%s", strings.Join(lines, "\n"), p.Starter["counter.go"])
	}

	// Run the public tests: the judge's verdict and the per-test table come back.
	step("run the public tests", 8*time.Minute,
		click(`[data-testid=run]`),
		visible(`[data-testid=queued]`),
		visible(`[data-testid=verdict]`),
	)
	shot("run")
	verdict := text(`[data-testid=verdict]`)
	v, _, _ := strings.Cut(verdict, " ")
	if !goprep.Verdict(v).Valid() || v == string(goprep.VerdictIE) {
		t.Fatalf("run verdict %q\n<main>: %s", verdict, pg.dump())
	}
	stages := eval(`[...document.querySelectorAll('.stagebar .stage')].map(s => s.dataset.stage + ':' + s.className.replace('stage ', ''))`)
	t.Logf("run of the starter: %s; stages %v", verdict, stages)
	if !slices.Contains(stages, "build:pass") {
		t.Errorf("the stage bar shows %v, want build passed", stages)
	}
	if v != string(goprep.VerdictCE) && v != string(goprep.VerdictRejected) {
		if rows := eval(`[...document.querySelectorAll('[data-testid=tests-table] tbody tr')].map(r => r.textContent)`); len(rows) == 0 {
			t.Errorf("no per-test rows for %s:\n%s", verdict, pg.dump())
		}
	}

	// Submit: the submission is queued and its progress is shown.
	step("submit", 30*time.Second,
		click(`[data-testid=submit]`),
		visible(`[data-testid=queued]`),
		visible(`[data-testid=submission-status]`),
	)
	shot("submitted")
	if got := text(`[data-testid=queued]`); !strings.Contains(got, "Submission #") {
		t.Fatalf("after submit: %q", got)
	}
	subs, _, _, err := e.db.ListSubmissions(context.Background(), goprep.SubmissionFilter{ProblemID: p.ID, Kind: goprep.KindSubmit}, goprep.Page{Limit: 10})
	if err != nil || len(subs) != 1 {
		t.Fatalf("stored submissions: %d, %v", len(subs), err)
	}
	// The graded submission's verdict and score.
	step("submission verdict", 8*time.Minute, visible(`[data-testid=result] [data-testid=score]`))
	shot("graded")
	verdict = text(`[data-testid=verdict]`)
	if v, _, _ := strings.Cut(verdict, " "); !goprep.Verdict(v).Valid() || v == string(goprep.VerdictIE) {
		t.Fatalf("submission verdict %q", verdict)
	}
	t.Logf("submission of the starter: %s, %s", verdict, text(`[data-testid=score]`))

	// Progress by topic counts the graded submission.
	step("progress", 30*time.Second,
		click(`nav a[href="/progress"]`),
		visible(`[data-testid=progress-summary]`),
		visible(`[data-testid=progress] tr[data-topic=mutex] .chip .badge`),
	)
	if got := text(`[data-testid=progress-summary]`); !strings.HasPrefix(got, "0 of ") || !strings.Contains(got, "problems solved · 1 attempted · 1 submissions") {
		t.Fatalf("progress: %q", got)
	}

	// The leaderboard draws (a ranking, or says it is empty).
	step("leaderboard", 30*time.Second,
		click(`nav a[href="/leaderboard"]`),
		visible(`[data-testid=leaderboard] table, [data-testid=leaderboard] .empty`),
	)
	// Review a flash card: reveal the answer, grade it, and the next card comes.
	step("review", 30*time.Second,
		click(`nav a[href="/review"]`),
		visible(`[data-testid=review] .flashcard`),
	)
	first := eval(`[document.querySelector('[data-testid=review] .flashcard').dataset.entry]`)[0]
	step("grade a card", 30*time.Second,
		click(`[data-testid=reveal]`),
		visible(`[data-testid=review] .answer`),
		click(`[data-testid=review] .grades button[data-grade="4"]`),
		visible(`[data-testid=review] .flashcard:not([data-entry="`+first+`"])`),
	)
	shot("review")

	// An interviewer builds a set, assigns it to the candidate, and sees them
	// in the report; the candidate starts it.
	iv := e.register(goprep.RoleInterviewer)
	signIn := func(who, email, password string) {
		t.Helper()
		step("sign in as "+who, 20*time.Second,
			click(`[data-testid=sign-out]`),
			visible(`[data-testid=login-form]`),
			keys(`[data-testid=login-form] input[name=email]`, email),
			keys(`[data-testid=login-form] input[name=password]`, password),
			click(`[data-testid=login-form] button[type=submit]`),
			visible(`[data-testid=user-name]`),
		)
	}
	signIn("the interviewer", iv.Email, iv.Password)
	step("create a set", 30*time.Second,
		click(`nav a[href="/sets"]`),
		keys(`[data-testid=set-form] input[name=title]`, "Browser round"),
		click(`[data-testid=set-form] input[value=safe-counter]`),
		click(`[data-testid=set-form] input[value=ring-buffer]`),
		click(`[data-testid=set-form] button[type=submit]`),
		visible(`[data-testid=assign-form] input[name=email]`),
	)
	step("assign the set", 30*time.Second,
		keys(`[data-testid=assign-form] input[name=email]`, email),
		click(`[data-testid=assign-form] button[type=submit]`),
		visible(`[data-testid=report] tr[data-candidate="`+email+`"]`),
	)
	shot("set")
	if got := text(`[data-testid=report] tr[data-candidate="` + email + `"] [data-testid=state]`); got != "not started" {
		t.Fatalf("the report shows the candidate %q", got)
	}
	// The interviewer writes a knowledge-base entry, then edits it. Its
	// inline handlers are refused by the page's CSP already when the
	// sanitizer parses them (Chromium logs that), and then removed.
	pg.allow = []string{"Executing inline event handler violates the following Content Security Policy directive 'script-src 'self''"}
	step("write an entry", 30*time.Second,
		click(`nav a[href="/kb"]`),
		click(`[data-testid=kb-new]`),
		keys(`[data-testid=kb-form] input[name=slug]`, "browser-written-entry"),
		keys(`[data-testid=kb-form] textarea[name="en.question"]`, "What does the browser test write?"),
		// Markdown with HTML that must not run.
		keys(`[data-testid=kb-form] textarea[name="en.answer"]`, "It writes **Markdown**.\n\n"+
			`<img src="/favicon.svg" onload="window.__xss=1"> <script>window.__xss=2</script> [click](javascript:window.__xss=3) <a href="/kb" onclick="window.__xss=4">kb</a>`),
		click(`[data-testid=kb-form] button[type=submit]`),
		visible(`[data-testid=kb-entry] .markdown strong`),
	)
	xss := eval(`[String(window.__xss), String(document.querySelectorAll('main script, main [onload], main [onclick]').length),
		String([...document.querySelectorAll('[data-testid=kb-entry] a')].some(a => /^javascript:/i.test(a.getAttribute('href') || '')))]`)
	if strings.Join(xss, " ") != "undefined 0 false" {
		t.Fatalf("the entry's HTML was not sanitized: window.__xss, scripts and handlers, javascript: links = %v\n%s", xss, pg.dump())
	}
	step("edit the entry", 30*time.Second,
		click(`[data-testid=kb-edit]`),
		keys(`[data-testid=kb-form] textarea[name="en.question"]`, " Edited."),
		click(`[data-testid=kb-form] button[type=submit]`),
		visible(`[data-testid=kb-entry] [data-testid=kb-edit]`),
	)
	if got := text(`[data-testid=kb-entry] h2`); got != "What does the browser test write? Edited." {
		t.Fatalf("the edited entry's question is %q", got)
	}
	pg.allow = nil

	// The interviewer's account page makes an API key, shown once.
	step("create an API key", 30*time.Second,
		click(`[data-testid=user-name]`),
		keys(`[data-testid=key-form] input[name=name]`, "LMS"),
		click(`[data-testid=key-form] button[type=submit]`),
		visible(`[data-testid=new-key] code`),
		visible(`[data-testid=api-keys] table`),
	)
	if got := text(`[data-testid=new-key] code`); !strings.HasPrefix(got, "gp_") {
		t.Fatalf("the new key shows %q", got)
	}
	// And registers a webhook: its secret is shown once, its log is empty.
	step("register a webhook", 30*time.Second,
		click(`[data-testid=webhooks-link]`),
		keys(`[data-testid=webhook-form] input[name=url]`, "https://lms.example.com/goprep"),
		click(`[data-testid=webhook-form] button[type=submit]`),
		visible(`[data-testid=webhook-secret] code`),
		click(`[data-testid=webhooks] article button`),
		visible(`[data-testid=webhooks] article .empty`),
	)
	if got := text(`[data-testid=webhooks] article code`); got != "https://lms.example.com/goprep" {
		t.Fatalf("the webhook shows %q", got)
	}
	signIn("the candidate", email, password)
	step("start the assignment", 30*time.Second,
		click(`nav a[href="/assignments"]`),
		visible(`[data-testid=assignments] [data-state=not_started] [data-testid=start]`),
		// Starting asks to confirm the time limit.
		chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`),
		click(`[data-testid=assignments] [data-state=not_started] [data-testid=start]`),
		visible(`[data-testid=assignments] [data-state=open] [data-testid=time-left]`),
		visible(`[data-testid=assignments] [data-state=open] a[href="/problems/ring-buffer"]`),
	)
	shot("assignments")
	if got := text(`[data-testid=assignments] [data-state=open] [data-testid=time-left]`); !strings.HasSuffix(got, " left") {
		t.Fatalf("the open assignment shows %q", got)
	}

	// An admin sees the accounts.
	admin := e.register(goprep.RoleAdmin)
	signIn("an admin", admin.Email, admin.Password)
	step("list the users", 30*time.Second,
		click(`nav a[href="/admin/users"]`),
		visible(`[data-testid=users] table`),
	)
	if rows := eval(`[...document.querySelectorAll('[data-testid=users] tbody tr')].map(r => r.cells[1].textContent)`); !slices.Contains(rows, email) || !slices.Contains(rows, iv.Email) {
		t.Fatalf("the admin's user list: %v", rows)
	}
}

// TestWebResultView: an expired access token is refreshed once, and a
// finished submission's page shows every part of the judge's report: verdict and score, stages, per-test results, the race
// report with links to the candidate's lines, leaked goroutines and the
// benchmark comparison.
func TestWebResultView(t *testing.T) {
	ctx, blog := browser(t)
	needBuiltUI(t)
	clock := &testClock{t: time.Now().UTC()}
	e := newEnv(t, func(c *server.Config, _ *server.Deps) { c.Now = clock.Now })
	bg := context.Background()
	if _, err := catalog.Import(bg, filepath.Join("..", "problems"), "", e.db, e.db); err != nil {
		t.Fatalf("import the problems: %v", err)
	}
	u := e.register(goprep.RoleCandidate)
	sub := &goprep.Submission{UserID: u.ID, ProblemSlug: "safe-counter", Kind: goprep.KindSubmit,
		Files: map[string]string{"counter.go": strings.Repeat("// line\n", 30)}}
	if err := e.db.CreateSubmission(bg, sub); err != nil {
		t.Fatal(err)
	}
	res := judge.Result{
		Verdict: goprep.VerdictRace, Score: 60, MaxScore: 100, Message: "a data race in Inc",
		Tests: []judge.TestResult{{Name: "TestInc", Status: judge.TestPass}, {Name: "TestSnapshot", Status: judge.TestFail, Message: "want 2, got 1"}},
		Checks: judge.Checks{
			Race: &judge.RaceCheck{Status: judge.StatusFail, Report: &judge.RaceReport{
				Text: "WARNING: DATA RACE\n...",
				Accesses: []judge.RaceAccess{
					{Header: "Write at 0x00c000012345 by goroutine 8", Location: "counter.go:15", Frames: []judge.Frame{
						{Func: "counter.(*Counter).Inc", File: "counter.go", Line: 15, Candidate: true},
						{Func: "counter_test.TestInc.func1", File: "hidden_test.go", Line: 30},
					}},
					{Header: "Previous read at 0x00c000012345 by goroutine 7", Location: "counter.go:22", Frames: []judge.Frame{
						{Func: "counter.(*Counter).Get", File: "counter.go", Line: 22, Candidate: true},
					}},
				},
			}},
			Leak: &judge.LeakCheck{Status: judge.StatusFail, Test: "TestLeakInc", Goroutines: []string{"goroutine 12 [chan receive]:\ncounter.(*Counter).loop()\n\tcounter.go:40"}},
			Bench: &judge.BenchCheck{Status: judge.StatusFail, Benchmarks: []judge.BenchResult{{
				Name: "BenchmarkInc", CandidateNs: 412.5, ReferenceNs: 100, Ratio: 4.125, MaxRatio: 1.5,
				CandidateAllocs: 2, ReferenceAllocs: 0, MaxAllocs: 0, Pairs: 10, Status: judge.StatusFail,
			}}},
		},
		Stages: []judge.StageResult{
			{Name: judge.StageValidate, Status: judge.StatusPass, DurationMS: 3},
			{Name: judge.StageBuild, Status: judge.StatusPass, DurationMS: 900},
			{Name: judge.StageTest, Status: judge.StatusFail, DurationMS: 40},
			{Name: judge.StageRace, Status: judge.StatusFail, DurationMS: 1200},
			{Name: judge.StageLeak, Status: judge.StatusFail, DurationMS: 30},
			{Name: judge.StageBench, Status: judge.StatusFail, DurationMS: 2000},
			{Name: judge.StageScore, Status: judge.StatusPass},
		},
	}
	raw, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	claimed, err := e.db.ClaimSubmission(bg, "web-test", time.Minute)
	if err != nil || claimed.ID != sub.ID {
		t.Fatalf("claim: %v", err)
	}
	if err := e.db.FinishSubmission(bg, sub.ID, "web-test", goprep.StatusDone, res.Verdict, res.Score, raw); err != nil {
		t.Fatal(err)
	}

	pg := &page{t: t, ctx: ctx, log: blog}
	pg.signIn(e.ts.URL, u.Email, u.Password)
	// The access token expires: the first request answered 401 refreshes
	// the session once and is sent again.
	clock.Advance(server.AccessTokenTTL + time.Minute)
	pg.allow = []string{fmt.Sprintf("status of 401 (Unauthorized) %s/api/v1/submissions/%d", e.ts.URL, sub.ID)}
	pg.step("open the submission", 30*time.Second,
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`history.pushState(null, "", "/submissions/%d"); dispatchEvent(new PopStateEvent("popstate"))`, sub.ID)),
		visible(`[data-testid=result] [data-testid=verdict]`),
	)
	pg.allow = nil
	var denied, refreshed int
	for _, line := range strings.Split(e.logs.String(), "\n") {
		if strings.Contains(line, fmt.Sprintf(`"path":"/api/v1/submissions/%d"`, sub.ID)) && strings.Contains(line, `"status":401`) {
			denied++
		}
		if strings.Contains(line, `"path":"/api/v1/auth/refresh"`) && strings.Contains(line, `"status":200`) {
			refreshed++
		}
	}
	if denied != 1 || refreshed != 1 {
		t.Errorf("expired token: %d requests denied, %d refreshes; want one each", denied, refreshed)
	}
	pg.shot("result")
	if got := pg.text(`[data-testid=verdict]`); !strings.HasPrefix(got, "RACE") {
		t.Errorf("verdict %q", got)
	}
	if got := pg.text(`[data-testid=score]`); got != "score 60 / 100" {
		t.Errorf("score %q", got)
	}
	stages := pg.eval(`[...document.querySelectorAll('.stagebar .stage')].map(s => s.dataset.stage + ':' + s.className.replace('stage ', '') + ':' + s.querySelector('.stage-time').textContent)`)
	if strings.Join(stages, " ") != "validate:pass:3 ms build:pass:900 ms test:fail:40 ms race:fail:1200 ms leak:fail:30 ms bench:fail:2000 ms score:pass:" {
		t.Errorf("stages %v", stages)
	}
	tests := pg.eval(`[...document.querySelectorAll('[data-testid=tests-table] tbody tr')].map(r => [...r.cells].map(c => c.textContent).join('|'))`)
	if strings.Join(tests, "\n") != "TestInc|pass|\nTestSnapshot|fail|want 2, got 1" {
		t.Errorf("tests %q", tests)
	}
	cand := pg.eval(`[...document.querySelectorAll('[data-check=race] .frame.candidate')].map(f => f.textContent)`)
	if strings.Join(cand, "\n") != "counter.(*Counter).Inc counter.go:15\ncounter.(*Counter).Get counter.go:22" {
		t.Errorf("race: the candidate's frames %q", cand)
	}
	// A frame's link shows that line of the submitted code.
	pg.step("go to the racy line", 10*time.Second,
		click(`[data-check=race] .frame.candidate a.loc`),
		visible(`[data-testid=code] [data-file="counter.go"] .ln.hl`),
	)
	if got := pg.eval(`[document.querySelector('[data-testid=code] .ln.hl').dataset.line]`); got[0] != "15" {
		t.Errorf("the highlighted line is %v, want 15", got)
	}
	if got := pg.text(`[data-check=leak] pre.stack`); !strings.Contains(got, "counter.(*Counter).loop()") {
		t.Errorf("leak: %q", got)
	}
	bench := pg.eval(`[...document.querySelectorAll('[data-testid=bench-table] tbody td')].map(c => c.textContent)`)
	if strings.Join(bench, "|") != "BenchmarkInc|412.5 ns|100.0 ns|4.13× (≤ 1.50×)|2|0 (≤ 0)|10|fail" {
		t.Errorf("bench %q", bench)
	}
}
