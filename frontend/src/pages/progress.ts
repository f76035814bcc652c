// The candidate's progress: per topic, the problems solved and the best
// scores, from their own submissions and the catalog.
import { get, query, user, type CodeProblem, type List, type Submission } from "../api";
import { errorBox, h, loading } from "../dom";
import { t, tParts } from "../i18n";
import { lang } from "../prefs";
import { verdictBadge } from "../result";
import { type View } from "../router";

async function readAll<T>(path: string, signal: AbortSignal, max = 50): Promise<T[]> {
  const out: T[] = [];
  let cursor = "";
  for (let i = 0; i < max; i++) {
    const page = await get<List<T>>(`${path}${query({ limit: 100, cursor })}`, { signal });
    out.push(...page.items);
    if (!page.next) break;
    cursor = page.next;
  }
  return out;
}

interface Best {
  score: number;
  verdict: string;
  id: number;
  tries: number;
}

export const progressView: View = async (root, _p, _q, signal) => {
  root.append(h("h2", {}, t("progress.title")));
  if (!user()) {
    root.append(h("p", { class: "warning" }, ...tParts("auth.signInTo", { link: h("a", { href: "/login?next=%2Fprogress" }, t("common.signIn")), what: t("auth.toProgress") })));
    return;
  }
  const body = h("div", { "data-testid": "progress" }, loading());
  root.append(body);
  let problems: CodeProblem[];
  let subs: Submission[];
  try {
    [problems, subs] = await Promise.all([readAll<CodeProblem>("/problems", signal), readAll<Submission>("/submissions", signal)]);
  } catch (e) {
    if (!signal.aborted) body.replaceChildren(errorBox(e));
    return;
  }
  // The best graded submission of each problem.
  const best = new Map<string, Best>();
  for (const s of subs) {
    if (s.kind !== "submit" || s.status !== "done") continue;
    const b = best.get(s.problem);
    const tries = (b?.tries ?? 0) + 1;
    if (!b || s.score > b.score || (s.score === b.score && s.verdict === "AC" && b.verdict !== "AC")) {
      best.set(s.problem, { score: s.score, verdict: s.verdict ?? "", id: s.id, tries });
    } else {
      b.tries = tries;
    }
  }
  const topics = new Map<string, CodeProblem[]>();
  for (const p of problems) for (const tp of p.topics?.length ? p.topics : ["other"]) topics.set(tp, [...(topics.get(tp) ?? []), p]);
  const solved = problems.filter((p) => best.get(p.slug)?.verdict === "AC").length;
  const l = lang();
  body.replaceChildren(
    h("p", { class: "card", "data-testid": "progress-summary" }, t("progress.summary", { solved, total: problems.length, attempted: best.size, subs: subs.filter((s) => s.kind === "submit").length })),
    h(
      "table",
      { class: "progress" },
      h("thead", {}, h("tr", {}, h("th", {}, t("progress.topic")), h("th", {}, t("progress.solved")), h("th", {}, ""), h("th", {}, t("progress.problems")))),
      h(
        "tbody",
        {},
        [...topics.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([tp, ps]) => {
            const n = ps.filter((p) => best.get(p.slug)?.verdict === "AC").length;
            return h(
              "tr",
              { "data-topic": tp },
              h("td", {}, h("a", { href: `/problems?topic=${encodeURIComponent(tp)}` }, tp === "other" ? t("progress.other") : tp)),
              h("td", { class: "num" }, `${n}/${ps.length}`),
              h("td", {}, h("progress", { max: ps.length, value: n })),
              h(
                "td",
                { class: "chips" },
                ps.map((p) => {
                  const b = best.get(p.slug);
                  const title = (l === "zh" ? p.title_zh || p.title_en : p.title_en || p.title_zh) || p.slug;
                  return h(
                    "span",
                    { class: "chip" },
                    h("a", { href: b ? `/submissions/${b.id}` : `/problems/${encodeURIComponent(p.slug)}`, title: b ? t("progress.best", { score: b.score, n: b.tries }) : t("progress.notAttempted") }, title),
                    " ",
                    b ? verdictBadge(b.verdict) : null,
                  );
                }),
              ),
            );
          }),
      ),
    ),
  );
};
