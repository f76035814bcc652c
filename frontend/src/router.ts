// Client-side routing with the history API: the server answers every
// non-API path with index.html, and links inside the app are handled here.

export type Params = Record<string, string>;
export type View = (root: HTMLElement, params: Params, query: URLSearchParams, signal: AbortSignal) => void | Promise<void>;

interface Route {
  re: RegExp;
  keys: string[];
  view: View;
}

const routes: Route[] = [];
let notFound: View = () => {};
let current: AbortController | null = null;
let root: HTMLElement;

export function route(pattern: string, view: View): void {
  const keys: string[] = [];
  const re = new RegExp(
    "^" +
      pattern.replace(/\/:([a-z]+)/g, (_, k: string) => {
        keys.push(k);
        return "/([^/]+)";
      }) +
      "/?$",
  );
  routes.push({ re, keys, view });
}

export function fallback(view: View): void {
  notFound = view;
}

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  void render();
}

export async function render(): Promise<void> {
  current?.abort();
  const ctl = new AbortController();
  current = ctl;
  const path = location.pathname;
  const q = new URLSearchParams(location.search);
  root.replaceChildren();
  window.scrollTo(0, 0);
  for (const r of routes) {
    const m = r.re.exec(path);
    if (!m) continue;
    const params: Params = {};
    r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1] ?? "")));
    await r.view(root, params, q, ctl.signal);
    return;
  }
  await notFound(root, {}, q, ctl.signal);
}

export function start(el: HTMLElement): void {
  root = el;
  window.addEventListener("popstate", () => void render());
  document.addEventListener("click", (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.("a");
    if (!a || a.target || a.hasAttribute("download")) return;
    const href = a.getAttribute("href");
    if (!href || !href.startsWith("/") || href.startsWith("//") || href.startsWith("/api/")) return;
    e.preventDefault();
    navigate(href);
  });
  void render();
}
