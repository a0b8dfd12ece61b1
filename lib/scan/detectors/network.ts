import { codeAt, isHexCode, isWordCode, isDigitCode } from "../util";
import type { Confidence } from "../types";
import { lowerText, type ScanContext } from "./common";

/* ------------------------------------------------------------------ IPv4 */

const IPV4 = /(?<![\w.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w]|\.\d)/g;
/** "v1.2.3.4", "version 1.2.3.4", "AssemblyVersion(\"1.0.0.0\")" are versions, not addresses */
const VERSION_BEFORE = /(?:\bv|ver\.?|version)[\s:=@("'/]*$/i;

export function parseIPv4(s: string): number[] | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (p.length === 0 || p.length > 3) return null;
    if (p.length > 1 && p.charCodeAt(0) === 48) return null; // leading zero: ambiguous (octal) / not an address
    for (let i = 0; i < p.length; i++) if (!isDigitCode(p.charCodeAt(i))) return null;
    const v = Number(p);
    if (v > 255) return null;
    out.push(v);
  }
  return out;
}

function classifyIPv4(o: number[]): { confidence: Confidence; testData: boolean } {
  const [a, b, c] = o;
  // documentation ranges (RFC 5737)
  if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) {
    return { confidence: "MEDIUM", testData: true };
  }
  const privateOrSpecial =
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127) ||
    a >= 224;
  return { confidence: privateOrSpecial ? "LOW" : "HIGH", testData: false };
}

function detectIPv4(ctx: ScanContext): void {
  const { text } = ctx;
  IPV4.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = IPV4.exec(text)) !== null) {
    const octets = parseIPv4(m[0]);
    if (!octets) continue;
    const start = m.index;
    if (VERSION_BEFORE.test(text.slice(Math.max(0, start - 12), start))) continue;
    const { confidence, testData } = classifyIPv4(octets);
    ctx.out.push({ type: "ip_address", start, end: start + m[0].length, value: m[0], confidence, testData, normalised: octets.join(".") });
  }
}

/* ------------------------------------------------------------------ IPv6 */

/** Parse an IPv6 address (compressed forms, embedded IPv4 tail) into 8 hextets. */
export function parseIPv6(s: string): number[] | null {
  if (s.length < 2 || s.length > 45) return null;
  let body = s;
  let tail4: number[] | null = null;
  const lastColon = s.lastIndexOf(":");
  if (s.indexOf(".", lastColon) !== -1) {
    tail4 = parseIPv4(s.slice(lastColon + 1));
    if (!tail4) return null;
    body = s.slice(0, lastColon + 1) + "0:0"; // "::ffff:1.2.3.4" -> "::ffff:0:0", filled in below
  }
  if (body.includes(":::")) return null;
  const dbl = body.indexOf("::");
  if (dbl !== -1 && body.indexOf("::", dbl + 1) !== -1) return null;
  let head: string[];
  let tail: string[];
  if (dbl !== -1) {
    const h = body.slice(0, dbl);
    const t = body.slice(dbl + 2);
    head = h ? h.split(":") : [];
    tail = t ? t.split(":") : [];
    if (head.length + tail.length > 7) return null;
  } else {
    head = body.split(":");
    tail = [];
    if (head.length !== 8) return null;
  }
  const out: number[] = [];
  const push = (g: string): boolean => {
    if (g.length < 1 || g.length > 4) return false;
    for (let i = 0; i < g.length; i++) if (!isHexCode(g.charCodeAt(i))) return false;
    out.push(parseInt(g, 16));
    return true;
  };
  for (const g of head) if (!push(g)) return null;
  if (dbl !== -1) for (let i = head.length + tail.length; i < 8; i++) out.push(0);
  for (const g of tail) if (!push(g)) return null;
  if (tail4) {
    out[6] = tail4[0] * 256 + tail4[1];
    out[7] = tail4[2] * 256 + tail4[3];
  }
  return out.length === 8 ? out : null;
}

/** Canonical text of an IP address (v4 dotted decimal, v6 fully expanded lower-case), or null. */
export function canonicalIp(s: string): string | null {
  if (s.includes(":")) {
    const h = parseIPv6(s);
    return h ? h.map((x) => x.toString(16).padStart(4, "0")).join(":") : null;
  }
  const v4 = parseIPv4(s);
  return v4 ? v4.join(".") : null;
}

function classifyIPv6(h: number[]): { confidence: Confidence; testData: boolean } {
  if (h[0] === 0x2001 && h[1] === 0x0db8) return { confidence: "MEDIUM", testData: true };
  const allZeroHead = h[0] === 0 && h[1] === 0 && h[2] === 0 && h[3] === 0 && h[4] === 0;
  if (allZeroHead && h[5] === 0xffff) return classifyIPv4([h[6] >> 8, h[6] & 255, h[7] >> 8, h[7] & 255]);
  const loopbackOrUnspecified = allZeroHead && h[5] === 0 && h[6] === 0 && h[7] <= 1;
  const linkLocal = (h[0] & 0xffc0) === 0xfe80;
  const uniqueLocal = (h[0] & 0xfe00) === 0xfc00;
  const multicast = (h[0] & 0xff00) === 0xff00;
  return { confidence: loopbackOrUnspecified || linkLocal || uniqueLocal || multicast ? "LOW" : "HIGH", testData: false };
}

function isV6Code(c: number): boolean {
  return isHexCode(c) || c === 58;
}

function detectIPv6(ctx: ScanContext): void {
  const { text } = ctx;
  let colon = text.indexOf(":");
  while (colon !== -1) {
    let next = colon + 1;
    const a = codeAt(text, colon + 1);
    const b = codeAt(text, colon - 1);
    if ((isHexCode(a) || a === 58) && (isHexCode(b) || a === 58)) {
      let s = colon;
      while (s > 0 && colon - s < 40 && isV6Code(text.charCodeAt(s - 1))) s--;
      let e = colon + 1;
      while (e < text.length && e - s < 46 && (isV6Code(text.charCodeAt(e)) || text.charCodeAt(e) === 46)) e++;
      // trim a trailing "." and a single trailing ":" (not "::")
      while (e > s && text.charCodeAt(e - 1) === 46) e--;
      if (text.charCodeAt(e - 1) === 58 && text.charCodeAt(e - 2) !== 58) e--;
      next = Math.max(next, e);
      const before = codeAt(text, s - 1);
      const after = codeAt(text, e);
      if (!isWordCode(before) && before !== 46 && !isWordCode(after) && !(after === 46 && isDigitCode(codeAt(text, e + 1)))) {
        // cheap shape check before parsing: 8 groups, or a "::"
        let colons = 0;
        let dbl = false;
        let dot = false;
        for (let i = s; i < e; i++) {
          const c = text.charCodeAt(i);
          if (c === 58) {
            colons++;
            if (text.charCodeAt(i + 1) === 58) dbl = true;
          } else if (c === 46) dot = true;
        }
        const cand = colons === 7 || (colons === 6 && dot) || (dbl && e - s > 2) ? text.slice(s, e) : "";
        const hextets = cand === "" ? null : parseIPv6(cand);
        if (hextets) {
          // reject "a::b", "1::2" (C++ scopes, Python slices): need a digit and 4+ hex digits, or "::1"
          let hexDigits = 0;
          let hasDigit = false;
          for (let i = 0; i < cand.length; i++) {
            const c = cand.charCodeAt(i);
            if (isHexCode(c)) hexDigits++;
            if (isDigitCode(c)) hasDigit = true;
          }
          if (cand === "::1" || (hasDigit && hexDigits >= 4)) {
            const { confidence, testData } = classifyIPv6(hextets);
            ctx.out.push({
              type: "ip_address",
              start: s,
              end: e,
              value: cand,
              confidence,
              testData,
              normalised: hextets.map((x) => x.toString(16).padStart(4, "0")).join(":"),
            });
          }
        }
      }
    }
    colon = text.indexOf(":", next);
  }
}

export function detectIpAddresses(ctx: ScanContext): void {
  detectIPv4(ctx);
  detectIPv6(ctx);
}

/* ------------------------------------------------------------------ internal host names */

interface HostMatcher {
  /** the pattern's longest literal part, lower-case */
  literal: string;
  /** the whole pattern, anchored, case-insensitive */
  full: RegExp;
}

interface HostMatchers {
  /** every pattern's literal part, lower-case, longest first */
  literals: string[];
  /** finds any pattern's literal part, case-insensitive, in one pass (fallback) */
  finder: RegExp;
  matchers: HostMatcher[];
}

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** Glob-like host pattern to a matcher. "*." at the start = one or more labels; "*" elsewhere = part of a label. */
export function compileHostPattern(pattern: string): HostMatcher | null {
  const p = pattern.trim().toLowerCase();
  if (!p) return null;
  let re = "";
  let i = 0;
  if (p.startsWith("*.")) {
    re += `(?:${LABEL}\\.)+`;
    i = 2;
  }
  for (; i < p.length; i++) {
    const ch = p[i];
    if (ch === "*") re += "[a-z0-9-]*";
    else if (ch === "?") re += "[a-z0-9-]";
    else re += escapeRe(ch);
  }
  const literals = p.split(/[*?]/).filter((x) => x.length > 0);
  const literal = literals.sort((x, y) => y.length - x.length)[0];
  if (!literal || literal.replace(/\./g, "").length < 2) return null; // "*" alone would match every word
  return { literal, full: new RegExp(`^${re}$`, "i") };
}

const hostCache = new Map<string, HostMatchers | null>();

function hostMatchers(patterns: readonly string[]): HostMatchers | null {
  const key = patterns.join("\n");
  let hm = hostCache.get(key);
  if (hm === undefined) {
    const matchers = patterns.map(compileHostPattern).filter((x): x is HostMatcher => x !== null);
    const literals = [...new Set(matchers.map((m) => m.literal))].sort((a, b) => b.length - a.length);
    hm = matchers.length === 0 ? null : { literals, finder: new RegExp(literals.map(escapeRe).join("|"), "gi"), matchers };
    if (hostCache.size > 64) hostCache.clear();
    hostCache.set(key, hm);
  }
  return hm;
}

function isHostCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46;
}

export function detectInternalHostnames(ctx: ScanContext): void {
  const patterns = ctx.options.internalHostPatterns;
  if (!patterns || patterns.length === 0) return;
  const hm = hostMatchers(patterns);
  if (!hm) return;
  const { text } = ctx;
  const lower = lowerText(ctx);
  if (lower !== null) {
    // lower-cased copy + indexOf: much faster than a case-insensitive regex
    for (const literal of hm.literals) {
      let p = lower.indexOf(literal);
      while (p !== -1) {
        const e = hostAround(ctx, hm, p, p + literal.length);
        p = lower.indexOf(literal, Math.max(e, p + 1));
      }
    }
    return;
  }
  const finder = hm.finder;
  finder.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = finder.exec(text)) !== null) {
    const e = hostAround(ctx, hm, m.index, m.index + m[0].length);
    finder.lastIndex = Math.max(finder.lastIndex, e);
  }
}

/** Expand an occurrence of a pattern literal at [ls, le) to the whole host name and check it. Returns its end. */
function hostAround(ctx: ScanContext, hm: HostMatchers, ls: number, le: number): number {
  const { text } = ctx;
  {
    let s = ls;
    let e = le;
    while (s > 0 && s > ls - 253 && isHostCode(text.charCodeAt(s - 1))) s--;
    while (e < text.length && e - s < 253 && isHostCode(text.charCodeAt(e))) e++;
    while (s < e && (text.charCodeAt(s) === 46 || text.charCodeAt(s) === 45)) s++;
    while (e > s && (text.charCodeAt(e - 1) === 46 || text.charCodeAt(e - 1) === 45)) e--;
    if (isWordCode(codeAt(text, s - 1)) || isWordCode(codeAt(text, e))) return e; // part of a bigger token (host_name_x)
    const host = text.slice(s, e);
    if (!hm.matchers.some((x) => x.full.test(host))) return e;
    ctx.out.push({ type: "internal_hostname", start: s, end: e, value: host, confidence: "HIGH", normalised: host.toLowerCase() });
    return e;
  }
}
