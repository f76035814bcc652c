// The language (en or zh) of the UI, and the default reading language of the
// knowledge base and statements: the stored choice, else the browser's.
export type Lang = "en" | "zh";
const KEY = "goprep.lang";
// The choice of this page load, for browsers that refuse localStorage.
let chosen: Lang | null = null;

export function lang(): Lang {
  if (chosen) return chosen;
  try {
    const v = localStorage.getItem(KEY);
    if (v === "en" || v === "zh") return v;
  } catch {
    // Fall through to the browser's language.
  }
  return navigator.language.toLowerCase().startsWith("zh") ? "zh" : "en";
}

export function setLang(l: Lang): void {
  chosen = l;
  try {
    localStorage.setItem(KEY, l);
  } catch {
    // Not remembered.
  }
}
