/**
 * A small GitHub REST client on `fetch` (no Octokit: no new dependency), with what a long
 * sync needs:
 *   - pagination by the `Link: <…>; rel="next"` header, only ever to the API's own origin
 *     (the token is never sent elsewhere);
 *   - primary rate limit: a 403/429 with `x-ratelimit-remaining: 0` waits until
 *     `x-ratelimit-reset`; a response that leaves 0 remaining waits before the next request;
 *   - secondary rate limit: `retry-after` is honoured (a 403/429 without either header waits
 *     a minute, as GitHub documents);
 *   - 5xx and network errors: retried with exponential backoff;
 *   - GitHub Enterprise Server: `apiUrl` = "https://ghe.example.com/api/v3".
 * Every wait is announced through `log` and goes through the injectable `sleep`/`now`, so
 * tests run without waiting. A running SHA-256 over the response bodies identifies what
 * a sync read.
 */
import { createHash } from "node:crypto";

export interface GitHubClientOptions {
  token?: string | null;
  /** default https://api.github.com */
  apiUrl?: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  log?: (message: string) => void;
  /** retries of one request after 5xx / network errors / rate limits (default 6) */
  maxRetries?: number;
  /** longest single wait for a rate limit reset before giving up (default 1 h 5 min) */
  maxWaitMs?: number;
}

export class GitHubError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly url: string,
  ) {
    super(message);
    this.name = "GitHubError";
  }
}

export interface GitHubResponse<T = unknown> {
  status: number;
  data: T;
  headers: Headers;
  next: string | null;
}

export const DEFAULT_API_URL = "https://api.github.com";

/** `<url>; rel="next"` from a Link header. */
export function nextLink(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(",")) {
    const m = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (m && m[2].split(/\s+/).includes("next")) return m[1];
  }
  return null;
}

export class GitHubClient {
  readonly apiUrl: string;
  private readonly origin: string;
  private readonly fetchFn: typeof fetch;
  private readonly sleepFn: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly log: (m: string) => void;
  private readonly maxRetries: number;
  private readonly maxWaitMs: number;
  private readonly hash = createHash("sha256");
  private blockedUntil = 0;
  requests = 0;
  waits: { reason: string; ms: number }[] = [];

  constructor(private readonly opts: GitHubClientOptions = {}) {
    this.apiUrl = (opts.apiUrl || DEFAULT_API_URL).replace(/\/+$/, "");
    const u = new URL(this.apiUrl);
    if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error(`unsupported API URL ${this.apiUrl}`);
    this.origin = u.origin;
    this.fetchFn = opts.fetch ?? fetch;
    this.sleepFn = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? (() => undefined);
    this.maxRetries = opts.maxRetries ?? 6;
    this.maxWaitMs = opts.maxWaitMs ?? 65 * 60_000;
  }

  /** SHA-256 (hex) over every response body read so far. */
  digest(): string {
    return this.hash.copy().digest("hex");
  }

  private resolve(pathOrUrl: string): string {
    const url = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${this.apiUrl}${pathOrUrl.startsWith("/") ? "" : "/"}${pathOrUrl}`;
    if (new URL(url).origin !== this.origin) throw new GitHubError(`refusing to follow ${url}: not the API origin ${this.origin}`, null, url);
    return url;
  }

  private async wait(ms: number, reason: string) {
    const capped = Math.max(0, Math.ceil(ms));
    if (capped > this.maxWaitMs) throw new GitHubError(`${reason}: would wait ${Math.round(capped / 1000)} s, more than allowed`, null, "");
    this.waits.push({ reason, ms: capped });
    this.log(`GitHub ${reason}: waiting ${Math.round(capped / 1000)} s`);
    if (capped > 0) await this.sleepFn(capped);
  }

  private rateLimitWait(res: Response): { ms: number; reason: string } | null {
    const retryAfter = res.headers.get("retry-after");
    if (retryAfter !== null) {
      const secs = Number(retryAfter);
      if (Number.isFinite(secs)) return { ms: secs * 1000, reason: `rate limit (retry-after ${secs} s)` };
      const at = Date.parse(retryAfter);
      if (!Number.isNaN(at)) return { ms: at - this.now(), reason: "rate limit (retry-after)" };
    }
    if (res.headers.get("x-ratelimit-remaining") === "0") {
      const reset = Number(res.headers.get("x-ratelimit-reset"));
      if (Number.isFinite(reset) && reset > 0) {
        return { ms: reset * 1000 - this.now() + 1000, reason: `rate limit exhausted (resets ${new Date(reset * 1000).toISOString()})` };
      }
      return { ms: 60_000, reason: "rate limit exhausted" };
    }
    return null;
  }

  async get<T = unknown>(pathOrUrl: string): Promise<GitHubResponse<T>> {
    const url = this.resolve(pathOrUrl);
    let attempt = 0;
    for (;;) {
      if (this.blockedUntil > this.now()) await this.wait(this.blockedUntil - this.now(), "rate limit reached");
      this.blockedUntil = 0;
      let res: Response;
      try {
        this.requests++;
        res = await this.fetchFn(url, {
          headers: {
            accept: "application/vnd.github+json",
            "x-github-api-version": "2022-11-28",
            "user-agent": "ai-sdlc-evidence",
            ...(this.opts.token ? { authorization: `Bearer ${this.opts.token}` } : {}),
          },
        });
      } catch (e) {
        if (++attempt > this.maxRetries) throw new GitHubError(`GET ${url}: ${(e as Error).message}`, null, url);
        await this.wait(1000 * 2 ** (attempt - 1), `network error (${(e as Error).message}), retry ${attempt}/${this.maxRetries}`);
        continue;
      }
      if (res.status === 403 || res.status === 429) {
        const rl = this.rateLimitWait(res);
        const text = await res.text().catch(() => "");
        const secondary = /secondary rate limit|abuse/i.test(text);
        if (rl || res.status === 429 || secondary) {
          if (++attempt > this.maxRetries) throw new GitHubError(`GET ${url}: rate limited ${attempt - 1} times`, res.status, url);
          const w = rl ?? { ms: 60_000, reason: "secondary rate limit" };
          await this.wait(w.ms, w.reason);
          continue;
        }
        throw new GitHubError(`GET ${url}: ${res.status} ${messageOf(text)}`, res.status, url);
      }
      if (res.status >= 500) {
        await res.text().catch(() => "");
        if (++attempt > this.maxRetries) throw new GitHubError(`GET ${url}: ${res.status} after ${attempt - 1} retries`, res.status, url);
        await this.wait(1000 * 2 ** (attempt - 1), `${res.status} from the API, retry ${attempt}/${this.maxRetries}`);
        continue;
      }
      const text = await res.text();
      if (res.status >= 400) throw new GitHubError(`GET ${url}: ${res.status} ${messageOf(text)}`, res.status, url);
      this.hash.update(text);
      if (res.headers.get("x-ratelimit-remaining") === "0") {
        const reset = Number(res.headers.get("x-ratelimit-reset"));
        if (Number.isFinite(reset) && reset > 0) this.blockedUntil = reset * 1000 + 1000;
      }
      let data: T;
      try {
        data = (text ? JSON.parse(text) : null) as T;
      } catch {
        throw new GitHubError(`GET ${url}: response is not JSON`, res.status, url);
      }
      const next = nextLink(res.headers.get("link"));
      return { status: res.status, data, headers: res.headers, next: next ? this.resolve(next) : null };
    }
  }

  /** Every page of a list endpoint, following Link headers. */
  async *pages<T = unknown>(pathOrUrl: string): AsyncGenerator<GitHubResponse<T[]> & { url: string }> {
    let url: string | null = this.resolve(pathOrUrl);
    while (url) {
      const res: GitHubResponse<T[]> = await this.get<T[]>(url);
      if (!Array.isArray(res.data)) throw new GitHubError(`GET ${url}: expected a list`, res.status, url);
      yield { ...res, url };
      url = res.next;
    }
  }

  /** All items of a (short) list endpoint. */
  async all<T = unknown>(pathOrUrl: string, limit = 10_000): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.pages<T>(pathOrUrl)) {
      out.push(...page.data);
      if (out.length >= limit) break;
    }
    return out;
  }
}

function messageOf(text: string): string {
  try {
    const j = JSON.parse(text) as { message?: string };
    if (j.message) return j.message;
  } catch {
    // not JSON
  }
  return text.slice(0, 200);
}
