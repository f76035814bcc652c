// The leaderboard and the knowledge base's flash-card review.
import { ApiError, get, query, request, user, type KBEntry, type KBTopic, type List } from "../api";
import { append, errorBox, h, loading } from "../dom";
import { renderInline, renderMarkdown } from "../markdown";
import { date, t, tOr, tParts, type Key } from "../i18n";
import { lang } from "../prefs";
import { navigate, type View } from "../router";

interface LeaderboardRow {
  scope: string;
  user_id: number;
  name: string;
  score: number;
  solved: number;
  updated_at: string;
  rank: number;
}

export const leaderboardView: View = async (root, _p, q, signal) => {
  const set = /^[1-9][0-9]*$/.test(q.get("set") ?? "") ? q.get("set")! : "";
  const period = set ? undefined : q.get("period") === "week" ? "week" : "all";
  const tab = (p: string, label: string) =>
    h("button", { type: "button", class: p === period ? "active" : "", "aria-pressed": p === period ? "true" : "false", onclick: () => navigate(`/leaderboard?period=${p}`, true) }, label);
  const me = h("div", { class: "me" });
  const body = h("div", { "data-testid": "leaderboard" }, loading());
  root.append(
    h("div", { class: "page-head" }, h("h2", {}, set ? t("lb.setTitle", { id: set }) : t("lb.title")), set ? h("a", { href: "/leaderboard" }, t("lb.everyone")) : h("div", { class: "segmented" }, tab("all", t("lb.allTime")), tab("week", t("lb.thisWeek")))),
    me,
    body,
  );

  let next: string | null = null;
  const tbody = h("tbody", {});
  const more = h("button", { type: "button", class: "more" }, t("common.more"));
  const load = async (cursor: string) => {
    const page = await get<List<LeaderboardRow>>(`/leaderboard${query({ set, period, limit: 50, cursor })}`, { signal });
    const uid = user()?.id;
    for (const r of page.items) {
      append(
        tbody,
        h(
          "tr",
          { class: r.user_id === uid ? "mine" : "" },
          h("td", { class: "num" }, String(r.rank)),
          h("td", {}, r.name),
          h("td", { class: "num" }, r.score.toFixed(1)),
          h("td", { class: "num" }, String(r.solved)),
          h("td", { class: "muted" }, date(r.updated_at)),
        ),
      );
    }
    next = page.next;
    more.hidden = !next;
    return page;
  };
  more.addEventListener("click", async () => {
    if (!next) return;
    more.disabled = true;
    try {
      await load(next);
    } catch (e) {
      body.append(errorBox(e));
    } finally {
      more.disabled = false;
    }
  });
  try {
    const page = await load("");
    if (!page.items.length) {
      body.replaceChildren(h("p", { class: "empty" }, period === "week" ? t("lb.noneWeek") : t("lb.none")));
    } else {
      body.replaceChildren(
        h("table", { class: "leaderboard" }, h("thead", {}, h("tr", {}, (["lb.rank", "lb.name", "lb.score", "lb.solved", "lb.last"] as const).map((k) => h("th", {}, t(k))))), tbody),
        more,
      );
    }
  } catch (e) {
    if (!signal.aborted) body.replaceChildren(errorBox(e));
    return;
  }
  if (user()) {
    try {
      const r = await get<LeaderboardRow>(`/leaderboard/me${query({ set, period })}`, { signal });
      me.replaceChildren(h("p", { class: "card" }, t("lb.me", { rank: r.rank, score: r.score.toFixed(1), solved: r.solved })));
    } catch (e) {
      // 404 until a graded submission puts the user on the board.
      if (e instanceof ApiError && e.status === 404) me.replaceChildren(h("p", { class: "muted" }, t("lb.notOn")));
      else if (!signal.aborted) me.replaceChildren(errorBox(e));
    }
  }
};

interface ReviewCard {
  entry: KBEntry;
  state: { due_at: string; interval_days: number; reps: number; lapses: number } | null;
}

const GRADES: [number, Key][] = [
  [0, "review.g0"],
  [2, "review.g2"],
  [3, "review.g3"],
  [4, "review.g4"],
  [5, "review.g5"],
];

export const reviewView: View = async (root, _p, q, signal) => {
  if (!user()) {
    root.append(h("h2", {}, t("review.title")), h("p", { class: "warning" }, ...tParts("auth.signInTo", { link: h("a", { href: `/login?next=${encodeURIComponent("/review")}` }, t("common.signIn")), what: t("auth.toReview") })));
    return;
  }
  const topic = q.get("topic") ?? "";
  const l = lang();
  const topicSel = h("select", { "aria-label": t("common.topic") }, h("option", { value: "" }, t("common.allTopics")));
  topicSel.addEventListener("change", () => navigate(`/review${query({ topic: topicSel.value })}`, true));
  const stage = h("div", { class: "review", "data-testid": "review" }, loading());
  root.append(h("div", { class: "page-head" }, h("h2", {}, t("review.title")), topicSel), stage);
  get<{ items: KBTopic[] }>("/kb/topics", { signal })
    .then((ts) => {
      for (const t of ts.items ?? []) topicSel.append(h("option", { value: t.slug, selected: t.slug === topic }, l === "zh" ? t.zh || t.en : t.en || t.zh));
    })
    .catch((e) => {
      if (!signal.aborted) stage.before(errorBox(e));
    });

  let cards: ReviewCard[] = [];
  let done = 0;
  const fetchCards = async () => {
    const page = await get<List<ReviewCard>>(`/kb/review${query({ topic, limit: 20 })}`, { signal });
    cards = page.items;
  };
  const show = () => {
    const card = cards.shift();
    if (!card) {
      stage.replaceChildren(h("p", { class: "empty" }, done ? t("review.done", { n: done }) : t("review.nothing")));
      return;
    }
    const e = card.entry;
    const tx = (l === "zh" ? e.zh : e.en)?.question ? (l === "zh" ? e.zh : e.en) : l === "zh" ? e.en : e.zh;
    const answer = h(
      "div",
      { class: "answer", hidden: true },
      tx.short_answer ? h("div", { class: "short-answer markdown" }, renderMarkdown(tx.short_answer)) : null,
      tx.answer ? h("details", {}, h("summary", {}, t("review.fullAnswer")), h("div", { class: "markdown" }, renderMarkdown(tx.answer))) : null,
    );
    const grades = h(
      "div",
      { class: "grades", hidden: true },
      h("span", { class: "muted" }, t("review.how")),
      GRADES.map(([g, label]) =>
        h(
          "button",
          {
            type: "button",
            "data-grade": String(g),
            onclick: async (ev: Event) => {
              const btn = ev.currentTarget as HTMLButtonElement;
              grades.querySelectorAll("button").forEach((b) => (b.disabled = true));
              try {
                await request("POST", `/kb/entries/${e.id}/review`, { grade: g });
                done++;
                if (!cards.length) await fetchCards();
                show();
              } catch (err) {
                btn.after(errorBox(err));
                grades.querySelectorAll("button").forEach((b) => (b.disabled = false));
              }
            },
          },
          `${g} · ${t(label)}`,
        ),
      ),
    );
    const reveal = h("button", { type: "button", class: "primary", "data-testid": "reveal" }, t("review.reveal"));
    reveal.addEventListener("click", () => {
      answer.hidden = false;
      grades.hidden = false;
      reveal.remove();
    });
    stage.replaceChildren(
      h(
        "article",
        { class: "card flashcard", "data-entry": String(e.id) },
        h("p", { class: "meta" }, h("span", { class: "tag" }, e.topic), h("span", { class: `tag diff-${e.difficulty}` }, tOr("diff.", e.difficulty)), card.state ? h("span", { class: "muted" }, t("review.due", { date: date(card.state.due_at, true) })) : h("span", { class: "tag muted" }, t("review.new"))),
        h("h3", {}, renderInline(tx.question ?? e.slug)),
        reveal,
        answer,
        grades,
        h("p", { class: "small" }, h("a", { href: `/kb/${e.id}` }, t("review.open"))),
      ),
    );
  };
  try {
    await fetchCards();
    show();
  } catch (e) {
    if (!signal.aborted) stage.replaceChildren(errorBox(e));
  }
};
