import { ApiError, get, query, request, streamEvents, user, type CodeProblem, type List, type StageEvent, type Submission } from "../api";
import { append, errorBox, h, loading } from "../dom";
import { renderMarkdown } from "../markdown";
import { date, t, tOr, tParts } from "../i18n";
import { lang, type Lang } from "../prefs";
import { renderResult, StageBar, statusName, verdictBadge, type GoTo } from "../result";
import { navigate, type View } from "../router";
import { langToggle } from "./kb";

function title(p: CodeProblem, l: Lang): string {
  return (l === "zh" ? p.title_zh || p.title_en : p.title_en || p.title_zh) || p.slug;
}

export const problemListView: View = async (root, _p, q, signal) => {
  const l = lang();
  const difficulty = q.get("difficulty") ?? "";
  const topic = q.get("topic") ?? "";
  const body = h("div", {}, loading());
  root.append(h("div", { class: "page-head" }, h("h2", {}, t("problems.title"))), body);
  try {
    const items: CodeProblem[] = [];
    let cursor = "";
    // The catalog is small: read every page.
    for (let i = 0; i < 20; i++) {
      const page = await get<List<CodeProblem>>(`/problems${query({ limit: 100, cursor, difficulty, topic })}`, { signal });
      items.push(...page.items);
      if (!page.next) break;
      cursor = page.next;
    }
    const filters = h(
      "div",
      { class: "searchbar" },
      h(
        "select",
        { "aria-label": t("common.difficulty"), onchange: (ev: Event) => navigate(`/problems${query({ difficulty: (ev.target as HTMLSelectElement).value, topic })}`, true) },
        ["", "easy", "medium", "hard"].map((d) => h("option", { value: d, selected: d === difficulty }, d ? tOr("diff.", d) : t("common.anyDifficulty"))),
      ),
      topic ? h("span", { class: "tag" }, topic, " ", h("a", { href: `/problems${query({ difficulty })}`, "aria-label": t("common.anyTopic") }, "×")) : null,
    );
    if (!items.length) {
      body.replaceChildren(filters, h("p", { class: "empty" }, difficulty || topic ? t("problems.noMatch") : t("problems.none")));
      return;
    }
    body.replaceChildren(
      filters,
      h(
        "table",
        { class: "problems", "data-testid": "problem-list" },
        h("thead", {}, h("tr", {}, h("th", {}, t("problems.colProblem")), h("th", {}, t("problems.colKind")), h("th", {}, t("problems.colDifficulty")), h("th", {}, t("problems.colTopics")), h("th", {}, t("problems.colChecks")))),
        h(
          "tbody",
          {},
          items.map((p) =>
            h(
              "tr",
              { "data-slug": p.slug },
              h("td", {}, h("a", { href: `/problems/${encodeURIComponent(p.slug)}` }, title(p, l))),
              h("td", {}, tOr("pkind.", p.kind)),
              h("td", {}, h("span", { class: `tag diff-${p.difficulty}` }, tOr("diff.", p.difficulty))),
              h("td", {}, (p.topics ?? []).map((t) => h("a", { class: "tag", href: `/problems?topic=${encodeURIComponent(t)}` }, t))),
              h("td", {}, (p.checks ?? []).join(", ")),
            ),
          ),
        ),
      ),
    );
  } catch (e) {
    if (!signal.aborted) body.replaceChildren(errorBox(e));
  }
};

/**
 * follow shows a submission's progress from its event stream until it is
 * done, then its result. When the stream breaks it falls back to polling.
 */
async function follow(id: number, bar: StageBar, out: HTMLElement, goTo: GoTo | undefined, signal: AbortSignal): Promise<Submission | null> {
  let last: Submission | null = null;
  const onSub = (s: Submission) => {
    last = s;
    bar.setStatus(s.status === "queued" ? t("problems.queuedStatus") : s.status === "running" ? t("problems.judging") : statusName(s.status));
    if (s.status === "running") {
      bar.judging();
      // Polled submissions carry the stages so far.
      for (const st of s.progress ?? []) bar.stage(st);
    }
    if (s.status === "done" || s.status === "failed") {
      bar.finish(s.result?.stages);
      out.replaceChildren(renderResult(s, goTo));
    }
  };
  const done = () => last !== null && (last.status === "done" || last.status === "failed");
  try {
    await streamEvents(
      `/submissions/${id}/events`,
      (m) => {
        let data: unknown;
        try {
          data = JSON.parse(m.data);
        } catch {
          return;
        }
        if (m.event === "error") {
          out.replaceChildren(errorBox(new ApiError(500, t("problems.streamError"), (data as { detail?: string }).detail ?? "")));
          return;
        }
        const d = data as Partial<Submission & StageEvent>;
        if (m.event === "stage" || (typeof d.stage === "string" && d.id === undefined)) {
          bar.stage(d as StageEvent);
        } else if (typeof d.id === "number" && typeof d.status === "string") {
          onSub(d as Submission);
        }
      },
      signal,
    );
  } catch (e) {
    if (signal.aborted) return last;
    if (e instanceof ApiError && e.status !== 0) {
      out.replaceChildren(errorBox(e));
      return last;
    }
  }
  // The stream ended (or broke) before the end: poll.
  while (!done() && !signal.aborted) {
    await new Promise((r) => setTimeout(r, 1500));
    if (signal.aborted) break;
    try {
      onSub(await get<Submission>(`/submissions/${id}`, { signal }));
    } catch (e) {
      if (signal.aborted) break;
      out.replaceChildren(errorBox(e));
      break;
    }
  }
  return last;
}

function submissionsTable(subs: Submission[]): HTMLElement {
  return h(
    "table",
    { class: "subs" },
    h("thead", {}, h("tr", {}, h("th", {}, "#"), h("th", {}, t("subs.when")), h("th", {}, t("subs.kind")), h("th", {}, t("subs.status")), h("th", {}, t("subs.verdict")), h("th", {}, t("subs.score")))),
    h(
      "tbody",
      {},
      subs.map((s) =>
        h(
          "tr",
          {},
          h("td", {}, h("a", { href: `/submissions/${s.id}` }, `#${s.id}`)),
          h("td", {}, date(s.created_at)),
          h("td", {}, tOr("kind.", s.kind)),
          h("td", {}, statusName(s.status)),
          h("td", {}, verdictBadge(s.verdict)),
          h("td", { class: "num" }, s.kind === "run" ? "—" : String(s.score)),
        ),
      ),
    ),
  );
}

export const problemView: View = async (root, p, _q, signal) => {
  const slug = p.slug ?? "";
  root.append(loading());
  let prob: CodeProblem;
  try {
    prob = await get<CodeProblem>(`/problems/${encodeURIComponent(slug)}`, { signal });
  } catch (e) {
    if (signal.aborted) return;
    root.replaceChildren(errorBox(e), h("p", {}, h("a", { href: "/problems" }, t("problems.all"))));
    return;
  }
  const statement = h("div", { class: "markdown statement", "data-testid": "statement" });
  const l0 = lang();
  const head = h("div", { class: "page-head" });
  const drawStatement = (l: Lang) => {
    head.replaceChildren(h("h2", {}, title(prob, l)), langToggle(l, drawStatement));
    statement.replaceChildren(renderMarkdown((l === "zh" ? prob.statement_zh || prob.statement_en : prob.statement_en || prob.statement_zh) ?? ""));
  };
  drawStatement(l0);
  const limits = prob.limits ?? {};
  const meta = h(
    "p",
    { class: "meta" },
    h("span", { class: `tag diff-${prob.difficulty}` }, tOr("diff.", prob.difficulty)),
    h("span", { class: "tag" }, tOr("pkind.", prob.kind)),
    (prob.topics ?? []).map((t) => h("span", { class: "tag muted" }, t)),
    limits.time_ms ? h("span", { class: "muted" }, t("problems.time", { s: limits.time_ms / 1000 })) : null,
    limits.memory_bytes ? h("span", { class: "muted" }, t("problems.memory", { mib: Math.round(limits.memory_bytes / (1 << 20)) })) : null,
    prob.checks?.length ? h("span", { class: "muted" }, t("problems.checks", { list: prob.checks.join(", ") })) : null,
  );
  const publicTests = Object.entries(prob.public_tests ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const testsBox = publicTests.length
    ? h("details", { class: "public-tests" }, h("summary", {}, t("problems.publicTests", { n: publicTests.length })), publicTests.map(([n, code]) => h("div", {}, h("h5", {}, n), h("pre", { class: "code" }, code))))
    : null;

  const runBtn = h("button", { type: "button", "data-testid": "run", title: "Ctrl/⌘+Enter" }, t("problems.run"));
  const submitBtn = h("button", { type: "button", class: "primary", "data-testid": "submit", title: "Ctrl/⌘+Shift+Enter" }, t("problems.submit"));
  const starter = prob.starter ?? {};
  // CodeMirror is loaded with the first problem page, not with the app.
  const { fileEditor } = await import("../editor");
  if (signal.aborted) return;
  const ed = fileEditor(Object.keys(starter).length ? starter : { "solution.go": "package main\n" }, `goprep.draft.${slug}`, {
    run: () => runBtn.click(),
    submit: () => submitBtn.click(),
  });
  signal.addEventListener("abort", () => ed.destroy());
  const goTo: GoTo = (f, line) => ed.goTo(f, line);

  let bar = new StageBar();
  const out = h("div", { class: "result-area", "data-testid": "result-area" });
  const progress = h("div", { class: "progress", hidden: true }, bar.el);
  const history = h("div", { class: "history" });
  const resetBtn = h("button", { type: "button", class: "link", "data-testid": "reset" }, t("problems.reset"));
  resetBtn.addEventListener("click", () => {
    if (confirm(t("problems.resetConfirm"))) ed.reset(starter);
  });
  let judging: AbortController | null = null;
  signal.addEventListener("abort", () => judging?.abort());

  const loadHistory = async () => {
    if (!user()) {
      history.replaceChildren();
      return;
    }
    try {
      const list = await get<List<Submission>>(`/submissions${query({ problem: slug, limit: 10 })}`, { signal });
      history.replaceChildren(list.items.length ? h("details", {}, h("summary", {}, t("problems.yourSubmissions", { n: list.total })), submissionsTable(list.items)) : "");
    } catch (e) {
      // The history is secondary: the page works without it, and says why it is missing.
      if (!signal.aborted) history.replaceChildren(errorBox(e));
    }
  };

  const send = async (kind: "submissions" | "runs") => {
    out.replaceChildren();
    if (!user()) {
      out.replaceChildren(h("p", { class: "warning" }, ...tParts("auth.signInTo", { link: h("a", { href: `/login?next=${encodeURIComponent(location.pathname)}` }, t("common.signIn")), what: t("auth.toRunSubmit") })));
      return;
    }
    judging?.abort();
    judging = new AbortController();
    runBtn.disabled = submitBtn.disabled = true;
    const fresh = new StageBar();
    bar.el.replaceWith(fresh.el);
    bar = fresh;
    progress.hidden = false;
    bar.setStatus(t("problems.sending"));
    try {
      const q = await request<{ id: number; status: string }>("POST", `/problems/${encodeURIComponent(slug)}/${kind}`, { files: ed.files() }, { signal: judging.signal });
      const what = t(kind === "runs" ? "problems.runN" : "problems.submissionN", { id: q.id });
      bar.setStatus(`${what} ${statusName(q.status)}`);
      out.replaceChildren(h("p", { class: "muted", "data-testid": "queued", "data-id": String(q.id) }, t("problems.isStatus", { what, status: statusName(q.status) }), h("a", { href: `/submissions/${q.id}` }, t("problems.open"))));
      await follow(q.id, bar, out, goTo, judging.signal);
      void loadHistory();
    } catch (e) {
      if (!judging.signal.aborted) {
        progress.hidden = true;
        out.replaceChildren(errorBox(e));
      }
    } finally {
      runBtn.disabled = submitBtn.disabled = false;
    }
  };
  runBtn.addEventListener("click", () => void send("runs"));
  submitBtn.addEventListener("click", () => void send("submissions"));

  root.replaceChildren(
    h("p", {}, h("a", { href: "/problems" }, t("problems.back"))),
    head,
    meta,
    h(
      "div",
      { class: "problem-layout" },
      h("div", { class: "problem-left" }, statement, testsBox),
      h(
        "div",
        { class: "problem-right" },
        ed.el,
        h("div", { class: "actions" }, runBtn, submitBtn, resetBtn, user() ? null : h("span", { class: "muted" }, t("problems.signInHint"))),
        progress,
        out,
        history,
      ),
    ),
  );
  void loadHistory();
};

export const submissionView: View = async (root, p, _q, signal) => {
  root.append(loading());
  const id = Number(p.id);
  if (!user()) {
    root.replaceChildren(h("p", { class: "warning" }, ...tParts("auth.signInTo", { link: h("a", { href: `/login?next=${encodeURIComponent(location.pathname)}` }, t("common.signIn")), what: t("auth.toSeeSubmissions") })));
    return;
  }
  let s: Submission;
  try {
    s = await get<Submission>(`/submissions/${id}`, { signal });
  } catch (e) {
    if (!signal.aborted) root.replaceChildren(errorBox(e));
    return;
  }
  const bar = new StageBar();
  const out = h("div", { class: "result-area", "data-testid": "result-area" });
  // The code, line by line, so the report's file:line links can show a line.
  const files = Object.entries(s.files ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const code = h(
    "details",
    { class: "code-files", "data-testid": "code" },
    h("summary", {}, t("problems.code", { n: files.length })),
    files.map(([n, c]) =>
      h(
        "div",
        { "data-file": n },
        h("h5", {}, n),
        h(
          "pre",
          { class: "code numbered" },
          c.split("\n").map((line, i) => h("span", { class: "ln", "data-line": String(i + 1) }, line)),
        ),
      ),
    ),
  );
  const goTo: GoTo = (file, line) => {
    const el = [...code.querySelectorAll<HTMLElement>("[data-file]")].find((f) => f.dataset.file === file)?.querySelector<HTMLElement>(`[data-line="${line}"]`);
    if (!el) return;
    code.open = true;
    code.querySelectorAll(".ln.hl").forEach((x) => x.classList.remove("hl"));
    el.classList.add("hl");
    el.scrollIntoView({ block: "center" });
  };
  root.replaceChildren(
    h("p", {}, h("a", { href: `/problems/${encodeURIComponent(s.problem)}` }, `← ${s.problem}`)),
    h("h2", {}, t(s.kind === "run" ? "problems.runN" : "problems.submissionN", { id: s.id })),
    h("p", { class: "muted" }, date(s.created_at)),
    bar.el,
    out,
    code,
  );
  if (s.status === "done" || s.status === "failed") {
    bar.finish(s.result?.stages);
    bar.setStatus(statusName(s.status));
    append(out, renderResult(s, goTo));
  } else {
    await follow(s.id, bar, out, goTo, signal);
  }
};
