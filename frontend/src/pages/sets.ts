// Problem sets and assignments: interviewers build sets from the catalog,
// assign them with a deadline and a time limit, and read the report;
// candidates see their assignments and start them.
import { get, query, request, user, type CodeProblem, type List } from "../api";
import { append, errorBox, h, loading, onSubmit } from "../dom";
import { navigate, type View } from "../router";
import { verdictBadge } from "../result";
import { lang } from "../prefs";
import { date, t, tOr, tParts, type Key } from "../i18n";

interface ProblemSet {
  id: number;
  owner_id: number;
  title: string;
  description: string;
  problems: string[];
  created_at: string;
}

interface Assignment {
  id: number;
  set_id: number;
  candidate_id: number;
  deadline: string;
  time_limit_seconds: number;
  started_at?: string;
  created_at: string;
}

/** AssignmentCreated answers an assignment; invitation is there (once) when an invited account got a link. */
interface AssignmentCreated extends Assignment {
  invitation?: { token: string; url: string; expires_at: string };
}

interface AssignmentView extends Assignment {
  state: "not_started" | "open" | "closed";
  ends_at: string;
  set: ProblemSet;
}

interface ReportRow {
  assignment: Assignment;
  candidate: { id: number; name: string; email: string; state?: "active" | "invited" };
  state: string;
  started_at: string | null;
  ends_at: string;
  score: number;
  solved: number;
  problems: { problem: string; best_verdict?: string; best_score: number; best_submission_id?: number; submission_ids: number[] }[];
}

function stateName(s: string): string {
  return tOr("state.", s);
}

function when(iso: string | null | undefined): string {
  return iso ? date(iso) : "—";
}

function duration(s: number): string {
  if (s <= 0) return t("common.none");
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  return hh ? (mm ? t("sets.hoursMinutes", { h: hh, m: mm }) : t("sets.hours", { h: hh })) : t("sets.minutes", { m: mm });
}

/** countdown keeps el showing the time left until iso, until signal aborts. */
function countdown(el: HTMLElement, iso: string, signal: AbortSignal): void {
  const end = new Date(iso).getTime();
  const tick = () => {
    const left = Math.max(0, Math.round((end - Date.now()) / 1000));
    const hh = Math.floor(left / 3600);
    const mm = Math.floor((left % 3600) / 60);
    const ss = left % 60;
    el.textContent = left ? t("sets.left", { time: `${hh ? `${hh}:` : ""}${String(mm).padStart(2, "0")}:${String(ss).padStart(2, "0")}` }) : t("sets.timeUp");
  };
  tick();
  const id = window.setInterval(tick, 1000);
  signal.addEventListener("abort", () => window.clearInterval(id));
}

function needSignIn(root: HTMLElement, what: Key): boolean {
  if (user()) return false;
  root.append(h("p", { class: "warning" }, ...tParts("auth.signInTo", { link: h("a", { href: `/login?next=${encodeURIComponent(location.pathname)}` }, t("common.signIn")), what: t(what) })));
  return true;
}

async function readAll<T>(path: string, signal: AbortSignal): Promise<T[]> {
  const out: T[] = [];
  let cursor = "";
  for (let i = 0; i < 20; i++) {
    const page = await get<List<T>>(`${path}${path.includes("?") ? "&" : "?"}${query({ limit: 100, cursor }).slice(1)}`, { signal });
    out.push(...page.items);
    if (!page.next) break;
    cursor = page.next;
  }
  return out;
}

// ---- candidates ----

export const assignmentsView: View = async (root, _p, _q, signal) => {
  root.append(h("h2", {}, t("sets.myAssignments")));
  if (needSignIn(root, "auth.toAssignments")) return;
  const body = h("div", { "data-testid": "assignments" }, loading());
  root.append(body);
  const draw = async () => {
    let items: AssignmentView[];
    try {
      items = await readAll<AssignmentView>("/assignments", signal);
    } catch (e) {
      if (!signal.aborted) body.replaceChildren(errorBox(e));
      return;
    }
    if (!items.length) {
      body.replaceChildren(h("p", { class: "empty" }, t("sets.noAssignments")));
      return;
    }
    body.replaceChildren(
      ...items.map((a) => {
        const msg = h("div", {});
        const start = h("button", { type: "button", class: "primary", "data-testid": "start" }, t("sets.start"));
        start.addEventListener("click", async () => {
          if (a.time_limit_seconds && !confirm(t("sets.startConfirm", { title: a.set.title, time: duration(a.time_limit_seconds) }))) return;
          start.disabled = true;
          try {
            await request("POST", `/assignments/${a.id}/start`);
            await draw();
          } catch (e) {
            msg.replaceChildren(errorBox(e));
            start.disabled = false;
          }
        });
        const left = h("span", { class: "countdown", "data-testid": "time-left" });
        if (a.state === "open") countdown(left, a.ends_at, signal);
        return h(
          "article",
          { class: "card assignment", "data-assignment": String(a.id), "data-state": a.state },
          h("div", { class: "page-head" }, h("h3", {}, a.set.title), h("span", { class: `tag state-${a.state}`, "data-testid": "state", "data-state": a.state }, stateName(a.state))),
          a.set.description ? h("p", {}, a.set.description) : null,
          h("p", { class: "muted small" }, t("sets.deadlineLine", { deadline: when(a.deadline), limit: duration(a.time_limit_seconds) }), a.started_at ? t("sets.startedLine", { when: when(a.started_at) }) : "", a.state !== "not_started" ? t("sets.endsLine", { when: when(a.ends_at) }) : ""),
          a.state === "open" ? h("p", {}, left, h("span", { class: "muted" }, t("sets.counts"))) : null,
          h(
            "ol",
            { class: "set-problems" },
            a.set.problems.map((s) => h("li", {}, a.state === "not_started" ? h("code", {}, s) : h("a", { href: `/problems/${encodeURIComponent(s)}` }, s))),
          ),
          a.state === "not_started" ? start : null,
          msg,
        );
      }),
    );
  };
  await draw();
};

// ---- interviewers ----

function isInterviewer(): boolean {
  const r = user()?.role;
  return r === "interviewer" || r === "admin";
}

export const setsView: View = async (root, _p, _q, signal) => {
  root.append(h("h2", {}, t("sets.title")));
  if (needSignIn(root, "auth.toSets")) return;
  if (!isInterviewer()) {
    root.append(h("p", { class: "warning" }, t("sets.forInterviewers"), h("a", { href: "/assignments" }, t("sets.yourAssignments")), t("sets.areHere")));
    return;
  }
  const list = h("div", { "data-testid": "sets" }, loading());
  // The form to build a set from the catalog.
  const title = h("input", { type: "text", name: "title", required: true, maxlength: 200, placeholder: t("sets.titlePlaceholder") });
  const desc = h("textarea", { name: "description", rows: 2, maxlength: 10000, placeholder: t("sets.descPlaceholder") });
  const picks = h("div", { class: "picks" }, loading(t("sets.loadingCatalog")));
  const msg = h("div", {});
  const form = h(
    "form",
    { class: "card", "data-testid": "set-form" },
    h("h3", {}, t("sets.new")),
    h("label", { class: "field" }, h("span", {}, t("common.title")), title),
    h("label", { class: "field" }, h("span", {}, t("common.description")), desc),
    h("fieldset", {}, h("legend", {}, t("sets.problemsLegend")), picks),
    msg,
    h("button", { type: "submit", class: "primary" }, t("sets.create")),
  );
  const order: string[] = [];
  onSubmit(form, msg, async () => {
    const s = await request<ProblemSet>("POST", "/sets", { title: title.value.trim(), description: desc.value.trim(), problems: order });
    navigate(`/sets/${s.id}`);
  });
  root.append(list, form);

  readAll<CodeProblem>("/problems", signal)
    .then((ps) => {
      picks.replaceChildren(
        ...ps.map((p) => {
          const cb = h("input", { type: "checkbox", value: p.slug, name: "problem" });
          cb.addEventListener("change", () => {
            const i = order.indexOf(p.slug);
            if (cb.checked && i < 0) order.push(p.slug);
            if (!cb.checked && i >= 0) order.splice(i, 1);
          });
          return h("label", { class: "pick" }, cb, " ", (lang() === "zh" ? p.title_zh || p.title_en : p.title_en || p.title_zh) || p.slug, " ", h("span", { class: `tag diff-${p.difficulty}` }, tOr("diff.", p.difficulty)));
        }),
      );
    })
    .catch((e) => picks.replaceChildren(errorBox(e)));

  try {
    const sets = await readAll<ProblemSet>("/sets", signal);
    list.replaceChildren(
      sets.length
        ? h(
            "table",
            {},
            h("thead", {}, h("tr", {}, h("th", {}, t("sets.colSet")), h("th", {}, t("sets.colProblems")), h("th", {}, t("sets.colCreated")))),
            h("tbody", {}, sets.map((s) => h("tr", {}, h("td", {}, h("a", { href: `/sets/${s.id}` }, s.title)), h("td", {}, s.problems.join(", ")), h("td", { class: "muted" }, when(s.created_at))))),
          )
        : h("p", { class: "empty" }, t("sets.none")),
    );
  } catch (e) {
    if (!signal.aborted) list.replaceChildren(errorBox(e));
  }
};

/** invitationBox shows an invitation link once, with a button that copies it. */
function invitationBox(email: string, url: string, expires: string, line: Key = "sets.invitedLine"): HTMLElement {
  const link = h("input", { type: "text", readonly: true, value: url, class: "secret", "data-testid": "invite-url", size: Math.min(url.length, 80) });
  const copied = h("span", { class: "muted small", "aria-live": "polite" });
  const copy = h("button", { type: "button", "data-testid": "copy-invite" }, t("sets.copyLink"));
  copy.addEventListener("click", async () => {
    link.select();
    try {
      await navigator.clipboard.writeText(url);
      copied.textContent = t("sets.copied");
    } catch {
      copied.textContent = t("sets.copyByHand");
    }
  });
  return h(
    "div",
    { class: "warning", "data-testid": "invitation" },
    h("p", {}, t(line, { email, expires: date(expires) })),
    h("p", {}, link, " ", copy, " ", copied),
  );
}

/** localInput formats a date for <input type="datetime-local">. */
function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export const setView: View = async (root, p, _q, signal) => {
  if (needSignIn(root, "auth.toSet")) return;
  root.append(loading());
  let s: ProblemSet;
  try {
    s = await get<ProblemSet>(`/sets/${encodeURIComponent(p.id ?? "")}`, { signal });
  } catch (e) {
    if (!signal.aborted) root.replaceChildren(errorBox(e), h("p", {}, h("a", { href: "/sets" }, t("sets.all"))));
    return;
  }
  const report = h("div", { "data-testid": "report" }, loading());
  // reinviteButton asks for a new invitation link for a candidate who has
  // not accepted theirs (the older links stop working) and shows it once.
  const reinviteButton = (r: ReportRow): HTMLElement => {
    const out = h("div", {});
    const b = h("button", { type: "button", class: "small", "data-testid": "reinvite", title: t("sets.reinviteHint") }, t("sets.reinvite"));
    b.addEventListener("click", async () => {
      b.disabled = true;
      try {
        const a = await request<AssignmentCreated>("POST", `/assignments/${r.assignment.id}/invitation`);
        if (a.invitation) out.replaceChildren(invitationBox(r.candidate.email, a.invitation.url, a.invitation.expires_at, "sets.reinvitedLine"));
      } catch (e) {
        b.disabled = false;
        out.replaceChildren(b, errorBox(e));
      }
    });
    out.append(b);
    return out;
  };
  const drawReport = async () => {
    try {
      const rows = await readAll<ReportRow>(`/sets/${s.id}/report`, signal);
      if (!rows.length) {
        report.replaceChildren(h("p", { class: "empty" }, t("sets.nobody")));
        return;
      }
      report.replaceChildren(
        h(
          "table",
          { class: "report" },
          h("thead", {}, h("tr", {}, h("th", {}, t("sets.colCandidate")), h("th", {}, t("sets.colState")), h("th", {}, t("sets.colStarted")), h("th", {}, t("sets.colEnds")), h("th", {}, t("sets.colScore")), h("th", {}, t("sets.colSolved")), s.problems.map((slug) => h("th", {}, slug)))),
          h(
            "tbody",
            {},
            rows.map((r) =>
              h(
                "tr",
                { "data-candidate": r.candidate.email },
                h(
                  "td",
                  {},
                  r.candidate.name,
                  r.candidate.state === "invited" ? [" ", h("span", { class: "tag", "data-testid": "invited", title: t("sets.invitedHint") }, t("sets.invited"))] : null,
                  h("br", {}),
                  h("span", { class: "muted small" }, r.candidate.email),
                  r.candidate.state === "invited" ? reinviteButton(r) : null,
                ),
                h("td", { "data-testid": "state", "data-state": r.state }, stateName(r.state)),
                h("td", {}, when(r.started_at)),
                h("td", {}, when(r.ends_at)),
                h("td", { class: "num" }, r.score.toFixed(1)),
                h("td", { class: "num" }, String(r.solved)),
                r.problems.map((pr) =>
                  h(
                    "td",
                    {},
                    pr.best_verdict ? verdictBadge(pr.best_verdict) : h("span", { class: "muted" }, "—"),
                    " ",
                    pr.best_submission_id ? h("a", { href: `/submissions/${pr.best_submission_id}` }, pr.best_score.toFixed(1)) : null,
                    pr.submission_ids.length ? h("span", { class: "muted small" }, t("sets.tries", { n: pr.submission_ids.length })) : null,
                  ),
                ),
              ),
            ),
          ),
        ),
      );
    } catch (e) {
      if (!signal.aborted) report.replaceChildren(errorBox(e));
    }
  };

  const email = h("input", { type: "email", name: "email", required: true, placeholder: "candidate@example.com" });
  const deadline = h("input", { type: "datetime-local", name: "deadline", required: true, value: localInput(new Date(Date.now() + 7 * 86400e3)) });
  const limit = h("input", { type: "number", name: "time_limit_minutes", min: 0, max: 10080, value: 90 });
  const invite = h("input", { type: "checkbox", name: "invite", checked: true });
  const inviteName = h("input", { type: "text", name: "name", maxlength: 100, placeholder: t("sets.inviteNamePlaceholder") });
  const msg = h("div", {});
  const form = h(
    "form",
    { class: "card inline-form", "data-testid": "assign-form" },
    h("h3", {}, t("sets.assignTitle")),
    h("label", { class: "field" }, h("span", {}, t("common.email")), email),
    h("label", { class: "field" }, h("span", {}, t("sets.deadline")), deadline),
    h("label", { class: "field" }, h("span", {}, t("sets.timeLimit")), limit),
    h("label", { class: "field" }, h("span", {}, t("sets.inviteName")), inviteName),
    h("label", { class: "pick", title: t("sets.inviteHint") }, invite, " ", t("sets.invite")),
    h("button", { type: "submit", class: "primary" }, t("sets.assign")),
    msg,
  );
  onSubmit(form, msg, async () => {
    const d = new Date(deadline.value);
    if (Number.isNaN(d.getTime())) {
      msg.replaceChildren(h("p", { class: "error" }, t("sets.pickDeadline")));
      return;
    }
    const body: Record<string, unknown> = { email: email.value.trim(), deadline: d.toISOString(), time_limit_seconds: Math.round(Number(limit.value || 0) * 60) };
    if (invite.checked) {
      body.invite = true;
      if (inviteName.value.trim()) body.name = inviteName.value.trim();
    }
    const a = await request<AssignmentCreated>("POST", `/sets/${s.id}/assignments`, body);
    const who = email.value.trim();
    email.value = "";
    inviteName.value = "";
    msg.replaceChildren(a.invitation ? invitationBox(who, a.invitation.url, a.invitation.expires_at) : h("p", { class: "muted" }, t("sets.assigned")));
    await drawReport();
  });

  root.replaceChildren();
  append(
    root,
    h("p", {}, h("a", { href: "/sets" }, t("sets.back"))),
    h("h2", {}, s.title),
    s.description ? h("p", {}, s.description) : null,
    h("ol", { class: "set-problems" }, s.problems.map((slug) => h("li", {}, h("a", { href: `/problems/${encodeURIComponent(slug)}` }, slug)))),
    form,
    h("h3", {}, t("sets.report")),
    report,
  );
  append(root, h("p", { class: "muted small" }, h("a", { href: `/leaderboard?set=${s.id}` }, t("sets.leaderboard"))));
  await drawReport();
};
