// GoPrep's web UI: the shell (header, navigation, session) and the routes.
import "./style.css";
import { logout, onUserChange, restoreSession, user, type User } from "./api";
import { append, h } from "./dom";
import { accountView, adminUsersView } from "./pages/account";
import { loginView, registerView } from "./pages/auth";
import { leaderboardView, reviewView } from "./pages/more";
import { assignmentsView, setsView, setView } from "./pages/sets";
import { kbEntryView, kbSearchView } from "./pages/kb";
import { kbEditView } from "./pages/kbedit";
import { problemListView, problemView, submissionView } from "./pages/problems";
import { progressView } from "./pages/progress";
import { webhooksView } from "./pages/webhooks";
import { fallback, navigate, route, start } from "./router";

const nav = h("nav", { class: "nav" });
const account = h("div", { class: "account", "data-testid": "account" });
const main = h("main", { id: "main" });

function drawNav(u: User | null): void {
  nav.replaceChildren();
  append(
    nav,
    h("a", { href: "/problems" }, "Problems"),
    h("a", { href: "/kb" }, "Knowledge base"),
    h("a", { href: "/review" }, "Review"),
    h("a", { href: "/leaderboard" }, "Leaderboard"),
    u ? h("a", { href: "/progress" }, "Progress") : null,
    u ? h("a", { href: "/assignments" }, "Assignments") : null,
    u && (u.role === "interviewer" || u.role === "admin") ? h("a", { href: "/sets" }, "Sets") : null,
    u?.role === "admin" ? h("a", { href: "/admin/users" }, "Users") : null,
  );
}

function drawAccount(u: User | null): void {
  drawNav(u);
  if (u) {
    const out = h("button", { type: "button", class: "link" }, "Sign out");
    out.addEventListener("click", async () => {
      await logout();
      navigate("/login");
    });
    account.replaceChildren(h("a", { href: "/account", class: "who", "data-testid": "user-name", title: u.email }, u.name), out);
  } else {
    account.replaceChildren(h("a", { href: "/login" }, "Sign in"), h("a", { href: "/register", class: "button" }, "Register"));
  }
}

function shell(): void {
  const header = h("header", { class: "top" }, h("a", { href: "/", class: "brand" }, "GoPrep"), nav, account);
  document.body.replaceChildren(header, main, h("footer", {}, h("a", { href: "/api/v1/openapi.json" }, "API"), " · GoPrep"));
}

route("/", (root) => {
  root.append(
    h(
      "section",
      { class: "hero" },
      h("h1", {}, "Practise Go interviews"),
      h("p", {}, "Read and search the knowledge base in English and Chinese, then solve problems that are judged like a senior Go interviewer would: correct, race-free, leak-free and fast enough."),
      h("p", {}, h("a", { href: "/problems", class: "button primary" }, "Solve problems"), " ", h("a", { href: "/kb", class: "button" }, "Browse the knowledge base")),
    ),
  );
});
route("/login", loginView);
route("/register", registerView);
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
  root.append(h("h2", {}, "Not found"), h("p", {}, "There is no page at ", h("code", {}, location.pathname), ". ", h("a", { href: "/" }, "Home")));
});

async function boot(): Promise<void> {
  shell();
  onUserChange(drawAccount);
  drawAccount(null);
  main.append(h("p", { class: "muted" }, "Loading…"));
  await restoreSession();
  drawAccount(user());
  start(main);
}

void boot();
