import { t } from "./i18n";

// A small, safe DOM builder: text is always set as text, never parsed as HTML.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") {
      el.addEventListener(k.slice(2).toLowerCase(), v);
    } else if (k === "class") {
      el.className = String(v);
    } else if (v === true) {
      el.setAttribute(k, "");
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Element): void {
  el.replaceChildren();
}

/**
 * onSubmit runs action when form is submitted: the page does not reload, msg
 * is cleared, the form's submit buttons are disabled while action runs (no
 * double submits), and an error it throws is shown in msg.
 */
export function onSubmit(form: HTMLFormElement, msg: HTMLElement, action: () => Promise<void>): void {
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    msg.replaceChildren();
    const buttons = [...form.querySelectorAll<HTMLButtonElement>("button[type=submit]")];
    for (const b of buttons) b.disabled = true;
    try {
      await action();
    } catch (e) {
      msg.replaceChildren(errorBox(e));
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  });
}

/** errorBox shows an API error's title and detail (and the invalid fields). */
export function errorBox(e: unknown): HTMLElement {
  const box = h("div", { class: "error", role: "alert" });
  if (e instanceof Error && e.name === "ApiError") {
    const ae = e as Error & { title: string; detail: string; fields: Record<string, string>; requestId: string; status: number; retryAfter: number };
    append(box, h("strong", {}, ae.title), ae.detail ? h("span", {}, " — ", ae.detail) : null);
    if (ae.retryAfter > 0) append(box, h("span", {}, t("common.tryAgainIn", { n: ae.retryAfter })));
    const fields = Object.entries(ae.fields ?? {});
    if (fields.length) {
      append(box, h("ul", {}, fields.map(([f, m]) => h("li", {}, h("code", {}, f), ": ", m))));
    }
    if (ae.requestId) append(box, h("small", { class: "muted" }, t("common.request", { id: ae.requestId })));
  } else {
    append(box, h("strong", {}, t("common.error")), " — ", e instanceof Error ? e.message : String(e));
  }
  return box;
}

export function loading(text = t("common.loading")): HTMLElement {
  return h("p", { class: "loading muted", "aria-busy": "true" }, text);
}
