// Static highlighting of the Go code blocks of rendered Markdown, with the
// editor's Go parser. Loaded on demand: pages without Go code never fetch it.
import { goLanguage } from "@codemirror/lang-go";
import { classHighlighter, highlightCode } from "@lezer/highlight";

export function highlightGo(blocks: HTMLElement[]): void {
  for (const code of blocks) {
    if (code.dataset.highlighted) continue;
    const text = code.textContent ?? "";
    const out = document.createDocumentFragment();
    highlightCode(
      text,
      goLanguage.parser.parse(text),
      classHighlighter,
      (t, cls) => {
        if (!cls) {
          out.append(t);
          return;
        }
        const span = document.createElement("span");
        span.className = cls;
        span.textContent = t;
        out.append(span);
      },
      () => out.append("\n"),
    );
    code.replaceChildren(out);
    code.dataset.highlighted = "go";
  }
}
