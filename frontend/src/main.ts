// GoPrep's web UI: the shell (header, navigation, session) and the routes.
import "./style.css";
import { logout, onUserChange, restoreSession, user, type User } from "./api";
import { append, h } from "./dom";
import { applyLang, onLangChange, switchLang, t, tParts } from "./i18n";
import { lang, type Lang } from "./prefs";
import { accountView, adminUsersView } from "./pages/account";
import { inviteView, loginView, registerView } from "./pages/auth";
import { leaderboardView, reviewView } from "./pages/more";
import { assignmentsView, setsView, setView } from "./pages/sets";
import { kbEntryView, kbSearchView } from "./pages/kb";
import { kbEditView } from "./pages/kbedit";
import { problemListView, problemView, submissionView } from "./pages/problems";
import { progressView } from "./pages/progress";
import { webhooksView } from "./pages/webhooks";
import { fallback, navigate, render, route, start } from "./router";

const nav = h("nav", { class: "nav" });
const account = h("div", { class: "account", "data-testid": "account" });
const main = h("main", { id: "main" });

function drawNav(u: User | null): void {
  nav.replaceChildren();
  append(
    nav,
    h("a", { href: "/problems", "data-testid": "nav-problems" }, t("nav.problems")),
    h("a", { href: "/kb", "data-testid": "nav-kb" }, t("nav.kb")),
    h("a", { href: "/review", "data-testid": "nav-review" }, t("nav.review")),
    h("a", { href: "/leaderboard", "data-testid": "nav-leaderboard" }, t("nav.leaderboard")),
    u ? h("a", { href: "/progress", "data-testid": "nav-progress" }, t("nav.progress")) : null,
    u ? h("a", { href: "/assignments", "data-testid": "nav-assignments" }, t("nav.assignments")) : null,
    u && (u.role === "interviewer" || u.role === "admin") ? h("a", { href: "/sets", "data-testid": "nav-sets" }, t("nav.sets")) : null,
    u?.role === "admin" ? h("a", { href: "/admin/users", "data-testid": "nav-users" }, t("nav.users")) : null,
  );
}

/** langSwitch is the top bar's 中文 / English switch. */
function langSwitch(): HTMLElement {
  const cur = lang();
  const mk = (l: Lang, label: string) =>
    h("button", { type: "button", class: l === cur ? "active" : "", "aria-pressed": l === cur ? "true" : "false", "data-lang": l, lang: l, onclick: () => l !== lang() && switchLang(l) }, label);
  return h("div", { class: "segmented lang-switch", role: "group", "aria-label": t("nav.language"), "data-testid": "lang-switch" }, mk("zh", "中文"), mk("en", "English"));
}

function drawAccount(u: User | null): void {
  drawNav(u);
  if (u) {
    const out = h("button", { type: "button", class: "link", "data-testid": "sign-out" }, t("nav.signOut"));
    out.addEventListener("click", async () => {
      await logout();
      navigate("/login");
    });
    account.replaceChildren(h("a", { href: "/account", class: "who", "data-testid": "user-name", title: u.email }, u.name), out, langSwitch());
  } else {
    account.replaceChildren(h("a", { href: "/login", "data-testid": "sign-in" }, t("nav.signIn")), h("a", { href: "/register", class: "button", "data-testid": "register" }, t("nav.register")), langSwitch());
  }
}

function shell(): void {
  const header = h("header", { class: "top" }, h("a", { href: "/", class: "brand" }, "GoPrep"), nav, account);
  document.body.replaceChildren(header, main, h("footer", {}, h("a", { href: "/api/v1/openapi.json" }, "API"), " · GoPrep"));
  document.title = "GoPrep";
}

route("/", (root) => {
  root.append(
    h(
      "section",
      { class: "hero" },
      h("h1", {}, t("home.title")),
      h("p", {}, t("home.lead")),
      h("p", {}, h("a", { href: "/problems", class: "button primary" }, t("home.solve")), " ", h("a", { href: "/kb", class: "button" }, t("home.browse"))),
    ),
  );
});
route("/login", loginView);
route("/register", registerView);
route("/invite/:token", inviteView);
route("/kb", kbSearchView);
route("/kb/new", kbEditView);
route("/kb/:id", kbEntryView);
route("/kb/:id/edit", kbEditView);
route("/problems", problemListView);
route("/problems/:slug", problemView);
route("/submissions/:id", submissionView);
route("/leaderboard", leaderboardView);
route("/review", reviewView);
route("/assignments", assignmentsView);
route("/sets", setsView);
route("/sets/:id", setView);
route("/account", accountView);
route("/progress", progressView);
route("/webhooks", webhooksView);
route("/admin/users", adminUsersView);
fallback((root) => {
  root.append(h("h2", {}, t("notFound.title")), h("p", {}, ...tParts("notFound.body", { path: h("code", {}, location.pathname) }), " ", h("a", { href: "/" }, t("notFound.home"))));
});

// A switch of the language redraws the top bar and the current page; a page
// whose address names a reading language (?lang=) follows the switch.
onLangChange((l) => {
  const u = new URL(location.href);
  if (u.searchParams.has("lang")) {
    u.searchParams.set("lang", l);
    history.replaceState(null, "", u.pathname + u.search + u.hash);
  }
  drawAccount(user());
  void render();
});

async function boot(): Promise<void> {
  applyLang();
  shell();
  onUserChange(drawAccount);
  drawAccount(null);
  main.append(h("p", { class: "muted" }, t("common.loading")));
  await restoreSession();
  drawAccount(user());
  start(main);
}

void boot();
