// The code editor: CodeMirror 6 with Go highlighting, one document per file
// and a tab for each.
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { go } from "@codemirror/lang-go";
import { bracketMatching, defaultHighlightStyle, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { EditorState } from "@codemirror/state";
import { EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import { h } from "./dom";

export interface FileEditor {
  el: HTMLElement;
  /** files returns every file's current text. */
  files(): Record<string, string>;
  /** reset puts the given files back (e.g. the starter code). */
  reset(files: Record<string, string>): void;
  /** goTo shows file and puts the cursor on line. */
  goTo(file: string, line: number): void;
  destroy(): void;
}

/** Shortcuts of the problem page: Mod-Enter runs the public tests, Mod-Shift-Enter submits. */
export interface EditorActions {
  run?: () => void;
  submit?: () => void;
}

function newState(doc: string, onChange: () => void, actions: EditorActions): EditorState {
  return EditorState.create({
    doc,
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      indentUnit.of("\t"),
      EditorState.tabSize.of(4),
      go(),
      keymap.of([
        { key: "Mod-Enter", run: () => (actions.run?.(), true) },
        { key: "Mod-Shift-Enter", run: () => (actions.submit?.(), true) },
      ]),
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, indentWithTab]),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) onChange();
      }),
    ],
  });
}

/**
 * fileEditor edits the files; storageKey, when set, keeps drafts in
 * localStorage so a reload does not lose work.
 */
export function fileEditor(initial: Record<string, string>, storageKey = "", actions: EditorActions = {}): FileEditor {
  const names = Object.keys(initial).sort();
  const states = new Map<string, EditorState>();
  let saveTimer = 0;
  const save = () => {
    if (!storageKey) return;
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(() => {
      try {
        localStorage.setItem(storageKey, JSON.stringify(files()));
      } catch {
        // Drafts are a convenience.
      }
    }, 400);
  };
  let draft: Record<string, string> = {};
  if (storageKey) {
    try {
      draft = JSON.parse(localStorage.getItem(storageKey) ?? "{}") as Record<string, string>;
    } catch {
      draft = {};
    }
  }
  for (const n of names) {
    const text = typeof draft[n] === "string" ? draft[n] : initial[n] ?? "";
    states.set(n, newState(text, save, actions));
  }
  let active = names[0] ?? "";
  const view = new EditorView({ state: states.get(active) ?? newState("", save, actions) });
  view.dom.setAttribute("data-testid", "editor");
  const tabs = h("div", { class: "tabs", role: "tablist" });
  const drawTabs = () => {
    tabs.replaceChildren(
      ...names.map((n) =>
        h(
          "button",
          {
            type: "button",
            role: "tab",
            class: n === active ? "tab active" : "tab",
            "aria-selected": n === active ? "true" : "false",
            onclick: () => show(n),
          },
          n,
        ),
      ),
    );
  };
  const show = (n: string) => {
    if (n === active || !states.has(n)) return;
    states.set(active, view.state);
    active = n;
    view.setState(states.get(n)!);
    drawTabs();
  };
  function files(): Record<string, string> {
    states.set(active, view.state);
    const out: Record<string, string> = {};
    for (const [n, s] of states) out[n] = s.doc.toString();
    return out;
  }
  drawTabs();
  const el = h("div", { class: "editor" }, names.length > 1 ? tabs : h("div", { class: "tabs" }, h("span", { class: "tab active" }, active)), view.dom);
  return {
    el,
    files,
    reset(fs) {
      for (const n of names) states.set(n, newState(fs[n] ?? "", save, actions));
      view.setState(states.get(active)!);
      save();
    },
    goTo(file, line) {
      if (!states.has(file)) return;
      show(file);
      const doc = view.state.doc;
      const ln = doc.line(Math.min(Math.max(line, 1), doc.lines));
      view.dispatch({ selection: { anchor: ln.from }, scrollIntoView: true });
      view.focus();
    },
    destroy() {
      window.clearTimeout(saveTimer);
      view.destroy();
    },
  };
}
