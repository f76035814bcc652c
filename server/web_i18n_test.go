package server_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/goprep/goprep/catalog"
)

// until waits for a JavaScript predicate to hold.
func until(js string) chromedp.Action[chromedp.Void] { return chromedp.Poll[chromedp.Void](js) }

// TestWebLanguageSwitch: the top bar's 中文 / English switch turns the UI's
// own labels (the navigation, the problem page's buttons, the knowledge
// base's search page) into Chinese and back, sets <html lang>, and the
// choice survives a reload.
func TestWebLanguageSwitch(t *testing.T) {
	ctx, blog := browser(t)
	needBuiltUI(t)
	e := newEnv(t)
	if _, err := catalog.Import(context.Background(), filepath.Join("..", "problems"), filepath.Join("..", "kb"), e.db, e.db); err != nil {
		t.Fatalf("import the catalog: %v", err)
	}
	base := e.ts.URL
	pg := &page{t: t, ctx: ctx, log: blog}

	nav := func() []string {
		return pg.eval(`[...document.querySelectorAll('nav.nav a')].map(a => a.textContent)
			.concat([document.querySelector('[data-testid=sign-in]').textContent, document.querySelector('[data-testid=register]').textContent])`)
	}
	htmlLang := func() string { return pg.eval(`[document.documentElement.lang]`)[0] }

	// Without a stored choice the browser's language decides.
	pg.step("open the problems", 30*time.Second,
		chromedp.Navigate(base+"/problems"),
		visible(`[data-testid=problem-list]`),
		visible(`[data-testid=lang-switch]`),
	)
	want := pg.eval(`[navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en']`)[0]
	if got := htmlLang(); got != want {
		t.Fatalf("<html lang> is %q with navigator.language %v, want %q", got, pg.eval(`[navigator.language]`), want)
	}

	// Switch to Chinese: the top bar and the page are drawn again.
	pg.step("switch to Chinese", 20*time.Second,
		click(`[data-testid=lang-switch] button[data-lang=zh]`),
		until(`document.documentElement.lang === 'zh' && document.querySelector('main h2')?.textContent === '题目'`),
		visible(`[data-testid=problem-list]`),
	)
	if got, want := nav(), []string{"题目", "知识库", "闪卡复习", "排行榜", "登录", "注册"}; !slices.Equal(got, want) {
		t.Fatalf("the Chinese navigation is %q, want %q", got, want)
	}
	if got := pg.eval(`[...document.querySelectorAll('[data-testid=problem-list] thead th')].map(th => th.textContent)`); !slices.Equal(got, []string{"题目", "类型", "难度", "主题", "检查项"}) {
		t.Errorf("the Chinese problem table's head is %q", got)
	}
	if got := pg.eval(`[document.querySelector('[data-testid=lang-switch] button[data-lang=zh]').getAttribute('aria-pressed')]`)[0]; got != "true" {
		t.Errorf("the 中文 button is not pressed: aria-pressed=%q", got)
	}

	// The problem page's buttons, and the choice after a reload.
	pg.step("open a problem in Chinese", 30*time.Second,
		click(`[data-testid=problem-list] tr[data-slug=safe-counter] a`),
		visible(`[data-testid=editor] .cm-content`),
	)
	buttons := func() []string {
		return pg.eval(`['run', 'submit', 'reset'].map(id => document.querySelector('[data-testid=' + id + ']').textContent)`)
	}
	if got, want := buttons(), []string{"运行公开测试", "提交", "恢复初始代码"}; !slices.Equal(got, want) {
		t.Fatalf("the problem page's buttons are %q, want %q", got, want)
	}
	pg.step("reload in Chinese", 30*time.Second,
		chromedp.Reload(),
		visible(`[data-testid=editor] .cm-content`),
	)
	if got := htmlLang(); got != "zh" {
		t.Fatalf("after a reload <html lang> is %q, want zh", got)
	}
	if got, want := buttons(), []string{"运行公开测试", "提交", "恢复初始代码"}; !slices.Equal(got, want) {
		t.Fatalf("after a reload the problem page's buttons are %q, want %q", got, want)
	}
	if got := nav(); len(got) == 0 || got[0] != "题目" {
		t.Fatalf("after a reload the navigation is %q", got)
	}

	// The knowledge base's search page.
	pg.step("open the knowledge base in Chinese", 30*time.Second,
		click(`[data-testid=nav-kb]`),
		visible(`[data-testid=kb-search] button[type=submit]`),
		visible(`[data-testid=kb-results] .hit`),
	)
	kb := func() []string {
		return pg.eval(`[document.querySelector('main h2').textContent,
			document.querySelector('[data-testid=kb-search] button[type=submit]').textContent,
			document.querySelector('[data-testid=kb-search] input[name=q]').placeholder,
			document.querySelector('[data-testid=kb-search] select[name=topic] option').textContent,
			document.querySelector('[data-testid=kb-search] select[name=difficulty] option').textContent]`)
	}
	if got, want := kb(), []string{"知识库", "搜索", "搜索：例如 切片 扩容", "全部主题", "全部难度"}; !slices.Equal(got, want) {
		t.Fatalf("the Chinese knowledge-base search page shows %q, want %q", got, want)
	}
	pg.shot("kb-zh")

	// Back to English, on the knowledge base, and after a reload.
	pg.step("switch back to English", 20*time.Second,
		click(`[data-testid=lang-switch] button[data-lang=en]`),
		until(`document.documentElement.lang === 'en' && document.querySelector('main h2')?.textContent === 'Knowledge base'`),
		visible(`[data-testid=kb-search] button[type=submit]`),
	)
	if got, want := kb(), []string{"Knowledge base", "Search", "Search: e.g. slice growth", "All topics", "Any difficulty"}; !slices.Equal(got, want) {
		t.Fatalf("the English knowledge-base search page shows %q, want %q", got, want)
	}
	if got, want := nav(), []string{"Problems", "Knowledge base", "Review", "Leaderboard", "Sign in", "Register"}; !slices.Equal(got, want) {
		t.Fatalf("the English navigation is %q, want %q", got, want)
	}
	pg.step("reload in English", 30*time.Second,
		chromedp.Reload(),
		visible(`[data-testid=kb-search] button[type=submit]`),
	)
	if got := htmlLang(); got != "en" {
		t.Fatalf("after a reload <html lang> is %q, want en", got)
	}
	if got := pg.eval(`[localStorage.getItem('goprep.lang')]`); got[0] != "en" {
		t.Fatalf("the stored language is %q, want en", got)
	}
}

// TestWebLanguageDefault: with no stored choice, a browser whose language is
// Chinese gets the Chinese UI.
func TestWebLanguageDefault(t *testing.T) {
	ctx, blog := browser(t)
	needBuiltUI(t)
	e := newEnv(t)
	pg := &page{t: t, ctx: ctx, log: blog}
	ua := pg.eval(`[navigator.userAgent]`)[0]
	pg.step("open the home page in a Chinese browser", 30*time.Second,
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: "zh-CN"})
			return err
		}),
		chromedp.Navigate(e.ts.URL+"/"),
		visible(`[data-testid=nav-problems]`),
	)
	if nl := pg.eval(`[navigator.language]`)[0]; nl != "zh-CN" {
		t.Fatalf("navigator.language is %q, want the emulated zh-CN", nl)
	}
	if got := pg.eval(`[document.documentElement.lang, document.querySelector('[data-testid=nav-problems]').textContent, document.querySelector('main h1').textContent]`); !slices.Equal(got, []string{"zh", "题目", "练习 Go 面试"}) {
		t.Fatalf("with a Chinese browser the page shows %q, want lang zh and the Chinese labels", got)
	}
}
