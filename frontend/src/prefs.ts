// The reading language (en or zh) of the knowledge base and statements.
export type Lang = "en" | "zh";
const KEY = "goprep.lang";

export function lang(): Lang {
  try {
    const v = localStorage.getItem(KEY);
    if (v === "en" || v === "zh") return v;
  } catch {
    // Fall through to the browser's language.
  }
  return navigator.language.toLowerCase().startsWith("zh") ? "zh" : "en";
}

export function setLang(l: Lang): void {
  try {
    localStorage.setItem(KEY, l);
  } catch {
    // Not remembered.
  }
}
