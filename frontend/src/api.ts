// The GoPrep REST API (server/openapi.json), with the session's tokens: the
// access token lives in memory only, the refresh token in localStorage so a
// reload keeps the user signed in. A request answered 401 refreshes once and
// is retried; refreshes are serialized because refresh tokens are single use.

import { t } from "./i18n";

export const API = "/api/v1";
const REFRESH_KEY = "goprep.refresh_token";

/** ApiError is an RFC 9457 problem+json answer (or a network failure). */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly fields: Record<string, string>;
  readonly requestId: string;
  readonly retryAfter: number;

  constructor(status: number, title: string, detail: string, fields: Record<string, string> = {}, requestId = "", retryAfter = 0) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = "ApiError";
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.fields = fields;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
  }
}

// ---- types of the API's answers (the parts the UI reads) ----

export interface User {
  id: number;
  email: string;
  name: string;
  role: "candidate" | "interviewer" | "admin";
  state?: "active" | "invited";
}

export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

export interface List<T> {
  items: T[];
  total: number;
  next: string | null;
}

export interface KBText {
  question?: string;
  short_answer?: string;
  answer?: string;
  follow_ups?: string;
  pitfalls?: string;
}

export interface KBEntry {
  id: number;
  slug: string;
  topic: string;
  difficulty: string;
  tags: string[] | null;
  go_version?: string;
  related_problems?: string[] | null;
  related_entries?: string[] | null;
  en: KBText;
  zh: KBText;
  version: number;
  updated_at: string;
}

export interface KBHit {
  entry: KBEntry;
  snippet: string;
  rank: number;
}

export interface KBTopic {
  slug: string;
  en: string;
  zh: string;
  seed: boolean;
  entries: number;
}

export interface CodeProblem {
  id: number;
  slug: string;
  title_en: string;
  title_zh: string;
  topics: string[] | null;
  difficulty: string;
  kind: string;
  statement_en: string;
  statement_zh: string;
  starter: Record<string, string> | null;
  public_tests: Record<string, string> | null;
  limits: { time_ms?: number; memory_bytes?: number; output_bytes?: number };
  checks: string[] | null;
}

export interface Submission {
  id: number;
  problem: string;
  kind: "submit" | "run";
  files?: Record<string, string> | null;
  status: "queued" | "running" | "done" | "failed";
  verdict?: string;
  score: number;
  result?: JudgeResult;
  attempts: number;
  created_at: string;
  started_at?: string;
  finished_at?: string;
  /** While running: the stages so far (as the event stream's stage events). */
  progress?: StageEvent[];
}

export interface Diagnostic {
  file: string;
  line?: number;
  col?: number;
  rule?: string;
  message: string;
}

export interface Frame {
  func: string;
  file: string;
  line: number;
  candidate?: boolean;
}

export interface BenchResult {
  name: string;
  candidate_ns: number;
  reference_ns: number;
  ratio: number;
  max_ratio: number;
  candidate_allocs: number;
  reference_allocs: number;
  max_allocs: number;
  pairs: number;
  status: string;
}

export interface StageResult {
  name: string;
  status: string;
  duration_ms: number;
  verdict?: string;
  message?: string;
}

export interface JudgeResult {
  verdict: string;
  score: number;
  max_score: number;
  message?: string;
  tests: { name: string; status: string; message?: string; stage?: string }[] | null;
  rejections?: Diagnostic[];
  compile_errors?: Diagnostic[];
  checks: {
    race?: { status: string; report?: { accesses: { header: string; location?: string; frames: Frame[] }[]; text: string } };
    leak?: { status: string; test?: string; goroutines?: string[] };
    bench?: { status: string; benchmarks?: BenchResult[]; message?: string };
  };
  stages: StageResult[] | null;
  crash?: { stage: string; kind: string; message: string; location?: string; goroutines?: string[]; output?: string };
  sandbox?: string;
  insecure?: boolean;
  time_ms?: number;
  memory_bytes?: number;
  judge_ms?: number;
  public_only?: boolean;
}

/** StageEvent is a judge stage's progress, when the event stream carries them. */
export interface StageEvent {
  stage: string;
  status: string;
  duration_ms?: number;
  verdict?: string;
  message?: string;
  final?: boolean;
  score?: number;
}

// ---- session ----

let accessToken = "";
let currentUser: User | null = null;
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<(u: User | null) => void>();

function storedRefresh(): string {
  try {
    return localStorage.getItem(REFRESH_KEY) ?? "";
  } catch {
    return "";
  }
}

function storeRefresh(tok: string): void {
  try {
    if (tok) localStorage.setItem(REFRESH_KEY, tok);
    else localStorage.removeItem(REFRESH_KEY);
  } catch {
    // Storage disabled: the session lasts until the page is closed.
  }
}

export function user(): User | null {
  return currentUser;
}

export function onUserChange(fn: (u: User | null) => void): void {
  listeners.add(fn);
}

function setUser(u: User | null): void {
  currentUser = u;
  for (const fn of listeners) fn(u);
}

function setTokens(t: TokenResponse): void {
  accessToken = t.access_token;
  storeRefresh(t.refresh_token);
}

function clearSession(): void {
  accessToken = "";
  storeRefresh("");
  if (currentUser) setUser(null);
}

/** refresh trades the stored refresh token for new tokens, once at a time. */
function refresh(): Promise<boolean> {
  if (refreshing) return refreshing;
  const tok = storedRefresh();
  if (!tok) return Promise.resolve(false);
  refreshing = (async () => {
    try {
      const t = await request<TokenResponse>("POST", "/auth/refresh", { refresh_token: tok }, { auth: false });
      setTokens(t);
      return true;
    } catch (e) {
      // A refused token ends the session; a network error keeps it for later.
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) clearSession();
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** restoreSession signs the user back in from a stored refresh token. */
export async function restoreSession(): Promise<User | null> {
  if (!storedRefresh()) return null;
  if (!(await refresh())) return null;
  try {
    setUser(await request<User>("GET", "/me"));
  } catch {
    // Shown as signed out; the next action that needs a session asks again.
  }
  return currentUser;
}

export async function login(email: string, password: string): Promise<User> {
  const t = await request<TokenResponse>("POST", "/auth/login", { email, password }, { auth: false });
  setTokens(t);
  const u = await request<User>("GET", "/me");
  setUser(u);
  return u;
}

/** acceptInvitation chooses the invited account's password (and name) with the invitation's token and signs in. */
export async function acceptInvitation(token: string, password: string, name: string): Promise<User> {
  const body: Record<string, string> = { token, password };
  if (name) body.name = name;
  const t = await request<TokenResponse>("POST", "/auth/invitations/accept", body, { auth: false });
  setTokens(t);
  const u = await request<User>("GET", "/me");
  setUser(u);
  return u;
}

export async function register(name: string, email: string, password: string): Promise<User> {
  await request<unknown>("POST", "/auth/register", { name, email, password }, { auth: false });
  return login(email, password);
}

export async function logout(): Promise<void> {
  const tok = storedRefresh();
  try {
    if (tok) await request<unknown>("POST", "/auth/logout", { refresh_token: tok });
  } catch {
    // Signed out locally either way.
  } finally {
    clearSession();
  }
}

// ---- requests ----

interface RequestOptions {
  auth?: boolean;
  signal?: AbortSignal;
}

async function problemFrom(res: Response): Promise<ApiError> {
  const retry = Number(res.headers.get("Retry-After") ?? 0) || 0;
  let title = res.statusText || `HTTP ${res.status}`;
  let detail = "";
  let fields: Record<string, string> = {};
  let rid = res.headers.get("X-Request-ID") ?? "";
  try {
    const ct = res.headers.get("Content-Type") ?? "";
    if (ct.includes("json")) {
      const p = (await res.json()) as { title?: string; detail?: string; errors?: Record<string, string>; request_id?: string };
      if (p.title) title = p.title;
      if (p.detail) detail = p.detail;
      if (p.errors) fields = p.errors;
      if (p.request_id) rid = p.request_id;
    } else {
      detail = (await res.text()).slice(0, 300);
    }
  } catch {
    // Keep the status line.
  }
  return new ApiError(res.status, title, detail, fields, rid, retry);
}

async function send(method: string, path: string, body: unknown, opt: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (opt.auth !== false && accessToken) headers["Authorization"] = `Bearer ${accessToken}`;
  try {
    return await fetch(API + path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      signal: opt.signal ?? null,
      credentials: "same-origin",
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, t("api.networkError"), t("api.networkErrorDetail"));
  }
}

/** raw sends a request, refreshing the session once on 401; it returns the OK response. */
export async function raw(method: string, path: string, body?: unknown, opt: RequestOptions = {}): Promise<Response> {
  const authed = opt.auth !== false;
  if (authed && !accessToken && storedRefresh()) await refresh();
  const hadToken = authed && accessToken !== "";
  let res = await send(method, path, body, opt);
  if (res.status === 401 && authed && storedRefresh()) {
    if (await refresh()) res = await send(method, path, body, opt);
  }
  if (res.status === 401 && hadToken && !storedRefresh()) {
    // The session is over: the routes open to everyone (the knowledge base,
    // the catalog) still answer without it.
    accessToken = "";
    res = await send(method, path, body, opt);
  }
  if (res.status === 401 && authed) {
    // The session is gone: say so, and let the page offer to sign in.
    if (currentUser) clearSession();
  }
  if (!res.ok) throw await problemFrom(res);
  return res;
}

export async function request<T>(method: string, path: string, body?: unknown, opt: RequestOptions = {}): Promise<T> {
  const res = await raw(method, path, body, opt);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(path: string, opt?: RequestOptions): Promise<T> => request<T>("GET", path, undefined, opt);

/** query builds "?a=b&…" from the non-empty values. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

// ---- server-sent events ----

export interface SSEMessage {
  event: string;
  data: string;
}

/**
 * streamEvents reads a text/event-stream with fetch (EventSource cannot send
 * the Authorization header) and calls onMessage for each event. It resolves
 * when the stream ends.
 */
export async function streamEvents(path: string, onMessage: (m: SSEMessage) => void, signal: AbortSignal): Promise<void> {
  const res = await raw("GET", path, undefined, { signal });
  if (!res.body) return;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  let event = "";
  let data: string[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value;
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      let line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.endsWith("\r")) line = line.slice(0, -1);
      if (line === "") {
        if (data.length) onMessage({ event: event || "message", data: data.join("\n") });
        event = "";
        data = [];
      } else if (line.startsWith(":")) {
        // A comment: keep-alive.
      } else {
        const i = line.indexOf(":");
        const field = i < 0 ? line : line.slice(0, i);
        let val = i < 0 ? "" : line.slice(i + 1);
        if (val.startsWith(" ")) val = val.slice(1);
        if (field === "event") event = val;
        else if (field === "data") data.push(val);
      }
    }
  }
}
