// Knowledge-base authoring for interviewers and admins: a new entry, or an
// edit with optimistic locking (the version edited travels with the change).
import { get, request, user, type KBEntry, type KBText, type KBTopic } from "../api";
import { errorBox, h, loading, onSubmit } from "../dom";
import { renderMarkdown } from "../markdown";
import { t, tOr, type Key } from "../i18n";
import { navigate, type View } from "../router";

const FIELDS: [keyof KBText, Key, number][] = [
  ["question", "kbedit.question", 2],
  ["short_answer", "kbedit.shortAnswer", 3],
  ["answer", "kbedit.answer", 12],
  ["pitfalls", "kbedit.pitfalls", 4],
  ["follow_ups", "kbedit.followUps", 4],
];

function list(s: string): string[] {
  return s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
}

export function canAuthor(): boolean {
  const r = user()?.role;
  return r === "interviewer" || r === "admin";
}

export const kbEditView: View = async (root, p, _q, signal) => {
  const id = p.id ?? "";
  root.append(h("h2", {}, id ? t("kbedit.editTitle") : t("kbedit.newTitle")));
  if (!canAuthor()) {
    root.append(h("p", { class: "warning" }, t("kbedit.only")));
    return;
  }
  let e: KBEntry | null = null;
  const wait = loading();
  root.append(wait);
  let topics: KBTopic[] = [];
  try {
    [topics, e] = await Promise.all([get<{ items: KBTopic[] }>("/kb/topics", { signal }).then((r) => r.items ?? []), id ? get<KBEntry>(`/kb/entries/${encodeURIComponent(id)}`, { signal }) : Promise.resolve(null)]);
  } catch (err) {
    if (!signal.aborted) wait.replaceWith(errorBox(err));
    return;
  }
  wait.remove();
  const slug = h("input", { type: "text", name: "slug", required: true, pattern: "[a-z0-9]+(-[a-z0-9]+)*", maxlength: 100, value: e?.slug ?? "", disabled: !!e });
  const topic = h("select", { name: "topic", required: true }, topics.map((t) => h("option", { value: t.slug, selected: t.slug === e?.topic }, `${t.en} / ${t.zh}`)));
  const difficulty = h("select", { name: "difficulty" }, ["easy", "medium", "hard"].map((d) => h("option", { value: d, selected: d === (e?.difficulty ?? "medium") }, tOr("diff.", d))));
  const tags = h("input", { type: "text", name: "tags", value: (e?.tags ?? []).join(", "), placeholder: t("kbedit.tagsPlaceholder") });
  const goVersion = h("input", { type: "text", name: "go_version", value: e?.go_version ?? "", placeholder: t("kbedit.goVersionPlaceholder") });
  const related = h("input", { type: "text", name: "related_problems", value: (e?.related_problems ?? []).join(", "), placeholder: t("kbedit.relatedPlaceholder") });
  const texts: Record<"en" | "zh", Map<keyof KBText, HTMLTextAreaElement>> = { en: new Map(), zh: new Map() };
  const column = (l: "en" | "zh") =>
    h(
      "div",
      { class: "kb-col" },
      h("h3", {}, l === "en" ? "English" : "中文"),
      FIELDS.map(([k, label, rows]) => {
        const ta = h("textarea", { name: `${l}.${k}`, rows, lang: l });
        ta.value = (e?.[l]?.[k] as string | undefined) ?? "";
        texts[l].set(k, ta);
        return h("label", { class: "field" }, h("span", {}, t(label)), ta);
      }),
    );
  const preview = h("div", { class: "markdown preview" });
  const previewBtn = h("button", { type: "button" }, t("kbedit.preview"));
  previewBtn.addEventListener("click", () => preview.replaceChildren(renderMarkdown(texts.en.get("answer")!.value)));
  const msg = h("div", {});
  const form = h(
    "form",
    { class: "card kb-form", "data-testid": "kb-form" },
    h(
      "div",
      { class: "inline-form" },
      h("label", { class: "field" }, h("span", {}, t("kbedit.slug")), slug),
      h("label", { class: "field" }, h("span", {}, t("common.topic")), topic),
      h("label", { class: "field" }, h("span", {}, t("common.difficulty")), difficulty),
      h("label", { class: "field" }, h("span", {}, t("kbedit.goVersion")), goVersion),
    ),
    h("label", { class: "field" }, h("span", {}, t("kbedit.tags")), tags),
    h("label", { class: "field" }, h("span", {}, t("kbedit.related")), related),
    h("div", { class: "kb-cols" }, column("en"), column("zh")),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, e ? t("common.save") : t("common.create")), previewBtn),
    msg,
    preview,
  );
  onSubmit(form, msg, async () => {
    const text = (l: "en" | "zh") => {
      const out: KBText = {};
      for (const [k, ta] of texts[l]) if (ta.value.trim()) out[k] = ta.value;
      return out;
    };
    const body: Record<string, unknown> = {
      slug: slug.value.trim(),
      topic: topic.value,
      difficulty: difficulty.value,
      tags: list(tags.value),
      go_version: goVersion.value.trim(),
      related_problems: list(related.value),
      related_entries: e?.related_entries ?? [],
      en: text("en"),
      zh: text("zh"),
    };
    if (e) {
      body.version = e.version;
      const saved = await request<KBEntry>("PUT", `/kb/entries/${e.id}`, body);
      navigate(`/kb/${saved.id}`);
    } else {
      const saved = await request<KBEntry>("POST", "/kb/entries", body);
      navigate(`/kb/${saved.id}`);
    }
  });
  root.append(form);
  if (e) {
    const del = h("button", { type: "button", class: "danger" }, t("kbedit.delete"));
    del.addEventListener("click", async () => {
      if (!e || !confirm(t("kbedit.deleteConfirm", { slug: e.slug }))) return;
      try {
        await request("DELETE", `/kb/entries/${e.id}`);
        navigate("/kb");
      } catch (err) {
        msg.replaceChildren(errorBox(err));
      }
    });
    root.append(h("p", {}, del));
  }
};
