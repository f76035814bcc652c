// Renders a submission: live stage progress while it is judged, then the
// verdict, score, per-test table, compile errors or rejections, the race
// report, leaked goroutines, the benchmark comparison and any crash.
import type { BenchResult, Diagnostic, JudgeResult, StageEvent, StageResult, Submission } from "./api";
import { append, h } from "./dom";
import { t, tOr } from "./i18n";

export const STAGES = ["validate", "build", "test", "race", "leak", "bench", "score"] as const;

/** verdictName is a verdict code's name in the current language (the code itself when unknown). */
export function verdictName(v: string): string {
  return tOr("verdict.", v);
}

/** statusName is a status (queued, running, done, failed, pass, fail…) in the current language. */
export function statusName(s: string): string {
  return tOr("status.", s);
}

/** onGoTo, when set, jumps the editor to a candidate's file and line. */
export type GoTo = (file: string, line: number) => void;

export function verdictBadge(v: string | undefined): HTMLElement {
  if (!v) return h("span", { class: "badge" }, "—");
  return h("span", { class: `badge verdict-${v === "AC" ? "ok" : v === "IE" ? "warn" : "bad"}`, title: verdictName(v), "data-verdict": v }, v);
}

/** StageBar shows the pipeline, updated from the event stream. */
export class StageBar {
  readonly el: HTMLElement;
  private items = new Map<string, HTMLElement>();
  private status: HTMLElement;

  constructor() {
    this.status = h("span", { class: "stage-status", "data-testid": "submission-status" }, "");
    const list = h("ol", { class: "stages" });
    for (const s of STAGES) {
      const li = h("li", { class: "stage pending", "data-stage": s }, h("span", { class: "stage-name" }, t(`stage.${s}`)), h("span", { class: "stage-time" }));
      this.items.set(s, li);
      list.appendChild(li);
    }
    this.el = h("div", { class: "stagebar" }, list, this.status);
  }

  setStatus(text: string): void {
    this.status.textContent = text;
  }

  /** judging marks the pipeline as running when no stage events arrive. */
  judging(): void {
    this.el.classList.add("judging");
  }

  stage(e: StageEvent | StageResult): void {
    const li = this.items.get("name" in e ? e.name : e.stage);
    if (!li) return;
    const st = (e as StageEvent).status;
    li.className = `stage ${st}`;
    const ms = e.duration_ms ?? 0;
    li.querySelector(".stage-time")!.textContent = st === "running" ? "…" : ms ? `${ms} ms` : "";
    if (e.message) li.title = e.message;
  }

  finish(stages: StageResult[] | null | undefined): void {
    this.el.classList.remove("judging");
    const seen = new Set<string>();
    for (const s of stages ?? []) {
      this.stage(s);
      seen.add(s.name);
    }
    // Stages the judging did not reach (or a run of the public tests skips).
    for (const [name, li] of this.items) {
      if (!seen.has(name) && li.classList.contains("pending")) {
        li.className = "stage skipped";
        li.title = t("stage.notRun");
      }
    }
  }
}

function diagnostics(title: string, ds: Diagnostic[], goTo?: GoTo): HTMLElement {
  return h(
    "section",
    { class: "diagnostics" },
    h("h4", {}, title),
    h(
      "ul",
      {},
      ds.map((d) => {
        const where = `${d.file}${d.line ? `:${d.line}` : ""}${d.col ? `:${d.col}` : ""}`;
        const loc = goTo && d.line ? h("a", { href: "#", class: "loc", onclick: (ev: Event) => (ev.preventDefault(), goTo(d.file, d.line!)) }, where) : h("code", {}, where);
        return h("li", {}, loc, " ", d.rule ? h("span", { class: "muted" }, `[${d.rule}] `) : null, d.message);
      }),
    ),
  );
}

function fmtNs(ns: number): string {
  if (!ns) return "0";
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(1)} ns`;
}

function benchTable(bs: BenchResult[]): HTMLElement {
  return h(
    "table",
    { class: "bench", "data-testid": "bench-table" },
    h("thead", {}, h("tr", {}, [t("bench.name"), t("bench.youNs"), t("bench.refNs"), t("bench.ratio"), t("bench.youAllocs"), t("bench.refAllocs"), t("bench.pairs"), ""].map((s) => h("th", {}, s)))),
    h(
      "tbody",
      {},
      bs.map((b) =>
        h(
          "tr",
          { class: b.status === "pass" ? "pass" : "fail" },
          h("td", {}, h("code", {}, b.name)),
          h("td", { class: "num" }, fmtNs(b.candidate_ns)),
          h("td", { class: "num" }, fmtNs(b.reference_ns)),
          h("td", { class: "num" }, `${b.ratio.toFixed(2)}× (≤ ${b.max_ratio.toFixed(2)}×)`),
          h("td", { class: "num" }, String(b.candidate_allocs)),
          h("td", { class: "num" }, `${b.reference_allocs} (≤ ${b.max_allocs})`),
          h("td", { class: "num" }, String(b.pairs)),
          h("td", {}, statusName(b.status)),
        ),
      ),
    ),
  );
}

function checkHead(name: string, status: string): HTMLElement {
  return h("h4", {}, `${name}: `, h("span", { class: `check-${status}` }, statusName(status)));
}

/** renderResult draws a finished submission. */
export function renderResult(sub: Submission, goTo?: GoTo): HTMLElement {
  const box = h("div", { class: "result", "data-testid": "result" });
  if (sub.status === "failed") {
    append(box, h("p", { class: "error" }, t("result.gaveUp")));
  }
  const r: JudgeResult | undefined = sub.result;
  const verdict = sub.verdict || r?.verdict;
  append(
    box,
    h(
      "div",
      { class: "verdict-line" },
      verdictBadge(verdict),
      h("span", { class: "verdict-name", "data-testid": "verdict" }, verdict ? `${verdict} — ${verdictName(verdict)}` : statusName(sub.status)),
      sub.kind === "run" || r?.public_only
        ? h("span", { class: "muted" }, t("result.publicOnly"))
        : h("span", { class: "score", "data-testid": "score" }, t("result.score", { score: `${sub.score}${r?.max_score ? ` / ${r.max_score}` : ""}` })),
    ),
  );
  if (!r) return box;
  if (r.message) append(box, h("p", { class: "verdict-message" }, r.message));
  const facts: string[] = [];
  if (r.time_ms) facts.push(t("result.maxTime", { ms: r.time_ms }));
  if (r.memory_bytes) facts.push(t("result.peakMemory", { mib: (r.memory_bytes / (1 << 20)).toFixed(1) }));
  if (r.judge_ms) facts.push(t("result.judgedIn", { s: (r.judge_ms / 1000).toFixed(1) }));
  if (r.sandbox) facts.push(t("result.sandbox", { name: r.sandbox }));
  if (facts.length) append(box, h("p", { class: "muted small" }, facts.join(" · ")));
  if (r.insecure) append(box, h("p", { class: "warning" }, t("result.insecure")));

  if (r.rejections?.length) append(box, diagnostics(t("result.rejected"), r.rejections, goTo));
  if (r.compile_errors?.length) append(box, diagnostics(t("result.compileErrors"), r.compile_errors, goTo));

  if (r.tests?.length) {
    append(
      box,
      h(
        "section",
        {},
        h("h4", {}, t("result.tests", { pass: r.tests.filter((x) => x.status === "pass").length, n: r.tests.length })),
        h(
          "table",
          { class: "tests", "data-testid": "tests-table" },
          h("thead", {}, h("tr", {}, h("th", {}, t("result.colTest")), h("th", {}, t("result.colStatus")), h("th", {}, t("result.colMessage")))),
          h(
            "tbody",
            {},
            r.tests.map((x) =>
              h("tr", { class: x.status }, h("td", {}, h("code", {}, x.name)), h("td", { "data-status": x.status }, statusName(x.status)), h("td", {}, x.message ? h("pre", {}, x.message) : "")),
            ),
          ),
        ),
      ),
    );
  }

  const race = r.checks?.race;
  if (race) {
    const sec = h("section", { class: "check", "data-check": "race" }, checkHead(t("result.race"), race.status));
    if (race.report) {
      for (const a of race.report.accesses ?? []) {
        append(
          sec,
          h("h5", {}, a.header, a.location ? h("span", { class: "muted" }, t("result.at", { loc: a.location })) : null),
          h(
            "ol",
            { class: "frames" },
            (a.frames ?? []).map((f) =>
              h(
                "li",
                { class: f.candidate ? "frame candidate" : "frame" },
                h("code", {}, f.func),
                " ",
                f.candidate && goTo
                  ? h("a", { href: "#", class: "loc", onclick: (ev: Event) => (ev.preventDefault(), goTo(f.file, f.line)) }, `${f.file}:${f.line}`)
                  : h("span", { class: "muted" }, `${f.file}:${f.line}`),
              ),
            ),
          ),
        );
      }
      if (race.report.text) append(sec, h("details", {}, h("summary", {}, t("result.fullReport")), h("pre", {}, race.report.text)));
    }
    append(box, sec);
  }

  const leak = r.checks?.leak;
  if (leak) {
    const sec = h("section", { class: "check", "data-check": "leak" }, checkHead(t("result.leaks"), leak.status));
    if (leak.test) append(sec, h("p", {}, t("result.leakedIn"), h("code", {}, leak.test)));
    for (const g of leak.goroutines ?? []) append(sec, h("pre", { class: "stack" }, g));
    append(box, sec);
  }

  const bench = r.checks?.bench;
  if (bench) {
    const sec = h("section", { class: "check", "data-check": "bench" }, checkHead(t("result.bench"), bench.status));
    if (bench.message) append(sec, h("p", {}, bench.message));
    if (bench.benchmarks?.length) append(sec, benchTable(bench.benchmarks));
    append(box, sec);
  }

  if (r.crash) {
    const c = r.crash;
    const sec = h("section", { class: "check crash" }, h("h4", {}, t("result.crash", { stage: tOr("stage.", c.stage), kind: c.kind })), h("pre", {}, c.message));
    if (c.location) {
      const m = /^(.+\.go):(\d+)/.exec(c.location);
      append(sec, h("p", {}, t("result.crashAt"), m && goTo ? h("a", { href: "#", class: "loc", onclick: (ev: Event) => (ev.preventDefault(), goTo(m[1]!, Number(m[2]))) }, c.location) : h("code", {}, c.location)));
    }
    if (c.goroutines?.length) append(sec, h("details", {}, h("summary", {}, t("result.goroutines", { n: c.goroutines.length })), c.goroutines.map((g) => h("pre", { class: "stack" }, g))));
    if (c.output) append(sec, h("details", {}, h("summary", {}, t("result.output")), h("pre", {}, c.output)));
    append(box, sec);
  }
  return box;
}
