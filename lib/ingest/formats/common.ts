/**
 * Helpers shared by the gateway-log parsers. Pure functions, no I/O.
 */
import type { z } from "zod";
import { sha256Hex } from "./canonical";

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date);
}

/** Non-empty trimmed string, else null. */
export function str(v: unknown): string | null {
  if (typeof v !== "string") return null;
  const t = v.trim();
  return t === "" ? null : t;
}

/** A string, or a finite number written as a string (ids are sometimes numeric). */
export function idString(v: unknown): string | null {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v === "bigint") return v.toString();
  return str(v);
}

/** Finite number ≥ 0, also from a numeric string or bigint; else null. */
export function nonNegNumber(v: unknown): number | null {
  let n: number;
  if (typeof v === "number") n = v;
  else if (typeof v === "bigint") n = Number(v);
  else if (typeof v === "string" && v.trim() !== "" && /^[+]?\d*\.?\d+(e[+-]?\d+)?$/i.test(v.trim())) n = Number(v);
  else return null;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

export function nonNegInt(v: unknown): number | null {
  const n = nonNegNumber(v);
  return n === null ? null : Math.round(n);
}

/** If `v` is a string holding a JSON object or array, parse it; otherwise return `v`. */
export function maybeParseJson(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const t = v.trim();
  if (!(t.startsWith("{") || t.startsWith("["))) return v;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return v;
  }
}

// ---------------------------------------------------------------------------
// time

const MIN_TIME = Date.UTC(2000, 0, 1);
const MAX_TIME = Date.UTC(2100, 0, 1);

/**
 * A point in time from: a Date; epoch seconds (float, LiteLLM), milliseconds or microseconds
 * (chosen by magnitude); a numeric string; an ISO-8601 string; or a Postgres-style
 * "YYYY-MM-DD HH:MM:SS[.fff][+TZ]" string (no zone = UTC). Dates outside 2000–2100 are
 * treated as unusable (almost always a unit mistake).
 */
export function toDate(v: unknown): Date | null {
  let ms: number;
  if (v instanceof Date) ms = v.getTime();
  else if (typeof v === "number" || typeof v === "bigint") ms = epochToMs(Number(v));
  else if (typeof v === "string") {
    const t = v.trim();
    if (t === "") return null;
    if (/^\d+(\.\d+)?$/.test(t)) ms = epochToMs(Number(t));
    else ms = parseDateString(t);
  } else return null;
  if (!Number.isFinite(ms) || ms < MIN_TIME || ms > MAX_TIME) return null;
  return new Date(ms);
}

function epochToMs(n: number): number {
  if (!Number.isFinite(n)) return NaN;
  const abs = Math.abs(n);
  if (abs >= 1e14) return n / 1000; // microseconds
  if (abs >= 1e11) return n; // milliseconds
  return n * 1000; // seconds
}

const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

function parseDateString(s: string): number {
  const m = ISO_LIKE.exec(s);
  if (!m) return NaN;
  const [, y, mo, d, h = "00", mi = "00", sec = "00", frac = "", zone] = m;
  const year = Number(y), month = Number(mo), day = Number(d);
  const hour = Number(h), minute = Number(mi), second = Number(sec);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return NaN;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  let t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day) return NaN; // 2024-02-31
  if (zone && zone !== "Z" && zone !== "z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return NaN;
    t -= sign * (oh * 60 + om) * 60_000;
  }
  return t;
}

// ---------------------------------------------------------------------------
// identities

/**
 * A proxy credential reference that is safe to store. LiteLLM logs the SHA-256 of the
 * virtual key; if a raw key ("sk-…") turns up instead, store its SHA-256 (the same value
 * LiteLLM's hash_token computes), never the key itself.
 */
export function safeKeyHash(v: unknown): string | null {
  const s = str(v);
  if (s === null) return null;
  if (looksLikeRawKey(s)) return sha256Hex(s);
  return s;
}

export function looksLikeRawKey(s: string): boolean {
  return /^(sk|pk|rk)[-_][A-Za-z0-9_-]{8,}$/.test(s) || /^(sk-ant-|sk-proj-|AIza|xox[abp]-|ghp_|github_pat_)/.test(s);
}

export function looksLikeHash(s: string): boolean {
  return /^[0-9a-f]{32,128}$/i.test(s);
}

// ---------------------------------------------------------------------------
// repository and client tool

const REPO_SEGMENT = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * "owner/name" from "owner/name", "owner/name.git", "https://github.com/owner/name[/...]",
 * "git@github.com:owner/name.git"; null when it does not look like a repository.
 */
export function normaliseRepository(v: unknown): string | null {
  let s = str(v);
  if (s === null) return null;
  s = s.replace(/^git@[^:]+:/, "");
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]+@)?[^/]+\//i, "");
  s = s.replace(/^\/+/, "").replace(/[?#].*$/, "");
  const parts = s.split("/").filter((p) => p !== "");
  if (parts.length < 2) return null;
  const owner = parts[0];
  const name = parts[1].replace(/\.git$/i, "");
  if (!REPO_SEGMENT.test(owner) || !REPO_SEGMENT.test(name) || name === "." || name === "..") return null;
  return `${owner}/${name}`;
}

const REPO_TAG = /^(?:repo|repository|github|git[-_]?repo)\s*[:=]\s*(.+)$/i;
const TOOL_TAG = /^(?:tool|client|agent|client[-_]?tool|ai[-_]?tool)\s*[:=]\s*(.+)$/i;
const UA_TAG = /^user[-_ ]?agent\s*[:=]\s*(.+)$/i;

export function repositoryFromTags(tags: readonly string[]): string | null {
  for (const tag of tags) {
    const m = REPO_TAG.exec(tag.trim());
    if (m) {
      const repo = normaliseRepository(m[1]);
      if (repo) return repo;
    }
  }
  return null;
}

/** Known client tools, matched against user agents and declared tool names. */
const CLIENT_TOOLS: ReadonlyArray<[RegExp, string]> = [
  [/claude[-_ ]?(?:cli|code)/i, "claude-code"],
  [/\bcursor\b|cursor[-_/]/i, "cursor"],
  [/\baider\b|aider[-_/]/i, "aider"],
  [/codex/i, "codex"],
  [/copilot/i, "copilot"],
  [/roo[-_ ]?code|roocode|roo-cline/i, "roo-code"],
  [/kilo[-_ ]?code/i, "kilo-code"],
  [/\bcline\b|cline[-_/]/i, "cline"],
  [/windsurf|codeium/i, "windsurf"],
  [/gemini[-_ ]?cli|geminicli/i, "gemini-cli"],
  [/opencode/i, "opencode"],
  [/\bgoose\b|goose[-_/]/i, "goose"],
  [/\bcontinue(?:dev)?[-_/]/i, "continue"],
  [/\bdevin\b/i, "devin"],
  [/\bjules\b/i, "jules"],
  [/\bampcode\b|^amp\//i, "amp"],
  [/^zed\//i, "zed"],
];

/** Map a user agent (or a tool name) to a known client tool id, else null. */
export function clientToolFromUserAgent(ua: unknown): string | null {
  const s = str(ua);
  if (s === null) return null;
  for (const [re, tool] of CLIENT_TOOLS) if (re.test(s)) return tool;
  return null;
}

/** A declared tool name ("Claude Code", "claude-code", "cursor"): a known id, or a slug of it. */
export function clientToolFromName(name: unknown): string | null {
  const s = str(name);
  if (s === null) return null;
  const known = clientToolFromUserAgent(s);
  if (known) return known;
  const slug = s.toLowerCase().replace(/[\s_]+/g, "-");
  return /^[a-z0-9][a-z0-9.-]{0,63}$/.test(slug) ? slug : null;
}

export function clientToolFromTags(tags: readonly string[]): string | null {
  for (const tag of tags) {
    const m = TOOL_TAG.exec(tag.trim());
    if (m) {
      const tool = clientToolFromName(m[1]);
      if (tool) return tool;
    }
  }
  for (const tag of tags) {
    const m = UA_TAG.exec(tag.trim());
    if (m) {
      const tool = clientToolFromUserAgent(m[1]);
      if (tool) return tool;
    }
  }
  return null;
}

/** A header value from a headers object, case-insensitively. */
export function headerValue(headers: unknown, name: string): string | null {
  if (!isObject(headers)) return null;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === wanted) {
      if (Array.isArray(v)) return str(v[0]);
      return str(v);
    }
  }
  return null;
}

/** Strings of an array (others dropped); a single string becomes a one-element list. */
export function stringList(v: unknown): string[] {
  if (typeof v === "string") return str(v) ? [v.trim()] : [];
  if (!Array.isArray(v)) return [];
  const out: string[] = [];
  for (const item of v) {
    const s = str(item);
    if (s !== null) out.push(s);
  }
  return out;
}

export function uniq<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** Provider prefix of a "provider/model" name, else null. */
export function providerFromModel(model: string | null): string | null {
  if (!model) return null;
  const i = model.indexOf("/");
  if (i <= 0) return null;
  const p = model.slice(0, i).toLowerCase();
  return /^[a-z][a-z0-9_.-]{0,40}$/.test(p) ? p : null;
}

// ---------------------------------------------------------------------------
// zod

/**
 * A short reason for the first zod issue: "prompt_tokens: expected number, received string".
 * Never includes the offending value (it may be prompt text).
 */
export function zodReason(error: z.ZodError, prefix = "invalid record"): string {
  const issue = error.issues[0];
  if (!issue) return prefix;
  const path = issue.path.length ? formatPath(issue.path) : "record";
  return `${path}: ${issueMessage(issue)}`;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out;
}

type ZodIssue = z.ZodError["issues"][number];

function issueMessage(issue: ZodIssue): string {
  if (issue.code === "invalid_union") {
    const expected = new Set<string>();
    for (const branch of issue.errors) for (const sub of branch) if (sub.code === "invalid_type") expected.add(sub.expected);
    if (expected.size) {
      const received = /received (\w+)/.exec(issue.errors[0]?.[0]?.message ?? "")?.[1];
      return `expected ${[...expected].join(" or ")}${received ? `, received ${received}` : ""}`;
    }
    return "invalid value";
  }
  return issue.message.replace(/^Invalid input: /, "");
}
