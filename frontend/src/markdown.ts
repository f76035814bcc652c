// Markdown (knowledge-base answers, problem statements) is rendered in the
// browser with marked and sanitized with DOMPurify before it reaches the DOM.
import DOMPurify from "dompurify";
import { Marked } from "marked";

const md = new Marked({ gfm: true, breaks: false, async: false });

DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  // Links leave the app in a new tab, without the opener.
  if (node.tagName === "A" && node.getAttribute("href")) {
    const href = node.getAttribute("href") ?? "";
    if (/^https?:/i.test(href)) {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
  }
});

/** renderMarkdown returns a sanitized fragment of the Markdown text. */
export function renderMarkdown(src: string): DocumentFragment {
  const html = md.parse(src ?? "") as string;
  const frag = DOMPurify.sanitize(html, {
    RETURN_DOM_FRAGMENT: true,
    FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "iframe", "object", "embed"],
    FORBID_ATTR: ["style"],
  });
  // Go code blocks are highlighted once the highlighter has loaded; the
  // elements are the same wherever the fragment was put by then.
  const blocks = [...frag.querySelectorAll<HTMLElement>("pre > code.language-go")];
  if (blocks.length) {
    import("./highlight")
      .then((m) => m.highlightGo(blocks))
      .catch(() => {
        // Plain code is fine.
      });
  }
  return frag;
}

/** renderSnippet keeps only the <mark> tags of a search snippet; everything else is text. */
export function renderSnippet(snippet: string): DocumentFragment {
  return DOMPurify.sanitize(snippet ?? "", { ALLOWED_TAGS: ["mark"], ALLOWED_ATTR: [], RETURN_DOM_FRAGMENT: true });
}

/** renderInline renders one line of Markdown (a question, a title) without blocks. */
export function renderInline(src: string): DocumentFragment {
  const html = md.parseInline(src ?? "") as string;
  return DOMPurify.sanitize(html, { ALLOWED_TAGS: ["code", "em", "strong", "del", "mark"], ALLOWED_ATTR: [], RETURN_DOM_FRAGMENT: true });
}
