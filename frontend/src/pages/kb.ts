import { get, query, type KBEntry, type KBHit, type KBText, type KBTopic, type List } from "../api";
import { append, errorBox, h, loading } from "../dom";
import { renderInline, renderMarkdown, renderSnippet } from "../markdown";
import { t as tr, tOr } from "../i18n";
import { lang, type Lang } from "../prefs";
import { navigate, type View } from "../router";
import { canAuthor } from "./kbedit";

let topicsCache: KBTopic[] | null = null;

async function topics(): Promise<KBTopic[]> {
  if (!topicsCache) topicsCache = (await get<{ items: KBTopic[] }>("/kb/topics")).items ?? [];
  return topicsCache;
}

function text(e: KBEntry, l: Lang): KBText {
  const t = l === "zh" ? e.zh : e.en;
  // An entry may exist in one language only: fall back to the other.
  return t?.question ? t : (l === "zh" ? e.en : e.zh) ?? {};
}

/**
 * langToggle switches the reading language of a page's content (an entry, a
 * statement) only; the top bar's switch sets the UI's language and the default.
 */
export function langToggle(current: Lang, onChange: (l: Lang) => void): HTMLElement {
  const mk = (l: Lang, label: string) =>
    h(
      "button",
      {
        type: "button",
        class: l === current ? "active" : "",
        "aria-pressed": l === current ? "true" : "false",
        "data-lang": l,
        lang: l,
        onclick: () => onChange(l),
      },
      label,
    );
  return h("div", { class: "segmented", role: "group", "aria-label": tr("kb.contentLang"), "data-testid": "content-lang" }, mk("en", "English"), mk("zh", "中文"));
}

export const kbSearchView: View = async (root, _p, q, signal) => {
  const l: Lang = q.get("lang") === "zh" || q.get("lang") === "en" ? (q.get("lang") as Lang) : lang();
  const qText = q.get("q") ?? "";
  const topic = q.get("topic") ?? "";
  const difficulty = q.get("difficulty") ?? "";

  const input = h("input", { type: "search", name: "q", value: qText, placeholder: tr("kb.searchPlaceholder"), maxlength: 200, "aria-label": tr("kb.search") });
  const topicSel = h("select", { name: "topic", "aria-label": tr("common.topic") }, h("option", { value: "" }, tr("common.allTopics")));
  const diffSel = h(
    "select",
    { name: "difficulty", "aria-label": tr("common.difficulty") },
    ["", "easy", "medium", "hard"].map((d) => h("option", { value: d, selected: d === difficulty }, d ? tOr("diff.", d) : tr("common.anyDifficulty"))),
  );
  const go = (overrides: Record<string, string> = {}) => {
    const params = { q: input.value.trim(), topic: topicSel.value, difficulty: diffSel.value, lang: l, ...overrides };
    navigate(`/kb${query(params)}`, true);
  };
  const form = h("form", { class: "searchbar", role: "search", "data-testid": "kb-search" }, input, topicSel, diffSel, h("button", { type: "submit", class: "primary" }, tr("kb.search")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    go();
  });
  topicSel.addEventListener("change", () => go());
  diffSel.addEventListener("change", () => go());
  const results = h("div", { class: "results", "data-testid": "kb-results" }, loading());
  root.append(
    h(
      "div",
      { class: "page-head" },
      h("h2", {}, tr("kb.title")),
      h("div", { class: "actions" }, canAuthor() ? h("a", { href: "/kb/new", class: "button", "data-testid": "kb-new" }, tr("kb.new")) : null, langToggle(l, (nl) => go({ lang: nl }))),
    ),
    form,
    results,
  );
  input.focus();

  topics()
    .then((ts) => {
      for (const t of ts) topicSel.append(h("option", { value: t.slug, selected: t.slug === topic }, `${l === "zh" ? t.zh || t.en : t.en || t.zh} (${t.entries})`));
    })
    .catch((e) => results.prepend(errorBox(e)));

  // Words in Chinese can only match the Chinese text: search that language
  // for them whatever the page's language (its snippets then show the match).
  const searchLang: Lang = /[\u3400-\u9fff\uf900-\ufaff]/.test(qText) ? "zh" : l;
  const loadPage = async (cursor: string) => {
    const page = await get<List<KBHit>>(`/kb/entries${query({ q: qText, topic, difficulty, lang: searchLang, limit: 20, cursor })}`, { signal });
    return page;
  };
  const drawHits = (page: List<KBHit>, into: HTMLElement) => {
    for (const hit of page.items) {
      const t = text(hit.entry, l);
      const snippet = hit.snippet ? renderSnippet(hit.snippet) : document.createTextNode(t.short_answer ?? "");
      append(
        into,
        h(
          "article",
          { class: "hit", "data-slug": hit.entry.slug },
          h("h3", {}, h("a", { href: `/kb/${hit.entry.id}?lang=${l}` }, renderInline(t.question ?? hit.entry.slug))),
          h("p", { class: "snippet" }, snippet),
          h("p", { class: "meta" }, h("span", { class: "tag" }, hit.entry.topic), h("span", { class: `tag diff-${hit.entry.difficulty}` }, tOr("diff.", hit.entry.difficulty)), (hit.entry.tags ?? []).map((tg) => h("span", { class: "tag muted" }, tg))),
        ),
      );
    }
  };
  try {
    const page = await loadPage("");
    results.replaceChildren(h("p", { class: "muted" }, tr(qText ? "kb.results" : "kb.entries", { n: page.total })));
    if (!page.items.length) results.append(h("p", { class: "empty" }, tr("kb.nothing")));
    const list = h("div", {});
    results.append(list);
    drawHits(page, list);
    let next = page.next;
    const more = h("button", { type: "button", class: "more" }, tr("common.more"));
    more.addEventListener("click", async () => {
      if (!next) return;
      more.disabled = true;
      try {
        const p = await loadPage(next);
        drawHits(p, list);
        next = p.next;
        if (!next) more.remove();
      } catch (e) {
        results.append(errorBox(e));
      } finally {
        more.disabled = false;
      }
    });
    if (next) results.append(more);
  } catch (e) {
    if (signal.aborted) return;
    results.replaceChildren(errorBox(e));
  }
};

export const kbEntryView: View = async (root, p, q, signal) => {
  root.append(loading());
  let e: KBEntry;
  try {
    e = await get<KBEntry>(`/kb/entries/${encodeURIComponent(p.id ?? "")}`, { signal });
  } catch (err) {
    if (signal.aborted) return;
    root.replaceChildren(errorBox(err), h("p", {}, h("a", { href: "/kb" }, tr("kb.backLong"))));
    return;
  }
  const draw = (l: Lang) => {
    const t = text(e, l);
    const section = (title: string, md: string | undefined) => (md ? h("section", { class: "md-section" }, h("h3", {}, title), h("div", { class: "markdown" }, renderMarkdown(md))) : null);
    root.replaceChildren(
      h("p", {}, h("a", { href: `/kb?lang=${l}` }, tr("kb.back"))),
      h(
        "article",
        { class: "entry", "data-testid": "kb-entry" },
        h("div", { class: "page-head" }, h("h2", {}, renderInline(t.question ?? e.slug)), langToggle(l, (nl) => draw(nl))),
        h(
          "p",
          { class: "meta" },
          h("a", { class: "tag", href: `/kb?topic=${encodeURIComponent(e.topic)}&lang=${l}` }, e.topic),
          h("span", { class: `tag diff-${e.difficulty}` }, tOr("diff.", e.difficulty)),
          e.go_version ? h("span", { class: "tag muted" }, `Go ${e.go_version}`) : null,
          (e.tags ?? []).map((tg) => h("span", { class: "tag muted" }, tg)),
        ),
        canAuthor() ? h("p", {}, h("a", { href: `/kb/${e.id}/edit`, "data-testid": "kb-edit" }, tr("kb.edit")), h("span", { class: "muted small" }, ` · v${e.version}`)) : null,
        t.short_answer ? h("div", { class: "short-answer markdown" }, renderMarkdown(t.short_answer)) : null,
        section(tr("kb.answer"), t.answer),
        section(tr("kb.pitfalls"), t.pitfalls),
        section(tr("kb.followUps"), t.follow_ups),
        e.related_problems?.length
          ? h("section", {}, h("h3", {}, tr("kb.practice")), h("ul", {}, e.related_problems.map((s) => h("li", {}, h("a", { href: `/problems/${encodeURIComponent(s)}` }, s)))))
          : null,
      ),
    );
  };
  const ql = q.get("lang");
  draw(ql === "zh" || ql === "en" ? ql : lang());
};
