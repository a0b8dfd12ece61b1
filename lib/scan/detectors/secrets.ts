import { charClassCount, codeAt, containsAny, isHighEntropy, shannonEntropy } from "../util";
import type { Confidence } from "../types";
import type { FindingType } from "../registry";
import type { ScanContext } from "./common";
import { maskValue } from "../mask";

/* ------------------------------------------------------------------ vendor tokens */

interface TokenRule {
  type: FindingType;
  /** cheap gate: the regex only runs when one of these literals occurs */
  prefixes: readonly string[];
  re: RegExp;
  /** returns null to reject the match */
  check?: (value: string, m: RegExpExecArray) => { confidence: Confidence; testData: boolean } | null;
}

/** body after the vendor prefix; very low entropy = a placeholder like "ghp_xxxxxxxx..." */
function placeholderBody(body: string): boolean {
  return body.length > 0 && shannonEntropy(body) < 2.5;
}

function defaultCheck(prefixLen: number) {
  return (value: string): { confidence: Confidence; testData: boolean } | null => {
    const body = value.slice(prefixLen);
    if (placeholderBody(body)) return null;
    return { confidence: "HIGH", testData: /EXAMPLE/.test(body) };
  };
}

const TOKEN_RULES: readonly TokenRule[] = [
  {
    type: "aws_access_key",
    prefixes: ["AKIA", "ASIA"],
    re: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
    check: defaultCheck(4),
  },
  {
    type: "github_token",
    prefixes: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
    re: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,247})(?![A-Za-z0-9_])/g,
    check: (v) => defaultCheck(v.startsWith("github_pat_") ? 11 : 4)(v),
  },
  {
    type: "gitlab_token",
    prefixes: ["glpat-"],
    re: /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,64}(?![A-Za-z0-9_-])/g,
    check: defaultCheck(6),
  },
  {
    type: "slack_token",
    prefixes: ["xoxa-", "xoxb-", "xoxp-", "xoxr-"],
    re: /(?<![A-Za-z0-9_-])xox[abpr]-[A-Za-z0-9-]{10,250}(?![A-Za-z0-9_-])/g,
    check: defaultCheck(5),
  },
  {
    type: "stripe_key",
    prefixes: ["k_live_", "k_test_"],
    re: /(?<![A-Za-z0-9_])[sr]k_(?:live|test)_[A-Za-z0-9]{10,247}(?![A-Za-z0-9_])/g,
    check: (v) => {
      const body = v.slice(8);
      if (placeholderBody(body)) return null;
      return { confidence: "HIGH", testData: v.includes("_test_") };
    },
  },
  {
    type: "anthropic_key",
    prefixes: ["sk-ant-"],
    re: /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,300}(?![A-Za-z0-9_-])/g,
    check: defaultCheck(7),
  },
  {
    type: "openai_key",
    prefixes: ["sk-"],
    re: /(?<![A-Za-z0-9_-])sk-(?!ant-)[A-Za-z0-9_-]{20,300}(?![A-Za-z0-9_-])/g,
    check: (v) => {
      const marked = v.includes("T3BlbkFJ");
      const prefixed = /^sk-(?:proj|svcacct|admin)-/.test(v);
      const body = v.replace(/^sk-(?:(?:proj|svcacct|admin)-)?/, "");
      if (placeholderBody(body)) return null;
      // "sk-some-descriptive-name" is not a key: real keys mix upper, lower and digits
      if (!marked && !(/[A-Z]/.test(body) && /[a-z]/.test(body) && /\d/.test(body))) return null;
      if (!marked && !isHighEntropy(body, 20)) return null;
      return { confidence: marked || prefixed ? "HIGH" : "MEDIUM", testData: /EXAMPLE/.test(body) };
    },
  },
  {
    type: "google_api_key",
    prefixes: ["AIza"],
    re: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g,
    check: defaultCheck(4),
  },
  {
    type: "jwt",
    prefixes: ["eyJ"],
    re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*(?![A-Za-z0-9_-])/g,
    check: (v) => {
      const header = v.slice(0, v.indexOf("."));
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
      } catch {
        return null;
      }
      if (typeof parsed !== "object" || parsed === null || typeof (parsed as Record<string, unknown>).alg !== "string") return null;
      return { confidence: "HIGH", testData: false };
    },
  },
];

/**
 * One pass that rules out almost every text: a tail of each vendor prefix chosen
 * to start with a rarer character than the prefix itself ("yJ" for "eyJ", "k-" for "sk-").
 */
const TOKEN_GATE = /A(?:KIA|SIA|Iza)|xox[abpr]-|yJ|k[-_]|lpat-|_(?<=gh[pousr]_|github_)/;

function detectTokens(ctx: ScanContext): void {
  const { text } = ctx;
  if (!TOKEN_GATE.test(text)) return;
  for (const rule of TOKEN_RULES) {
    if (!containsAny(text, rule.prefixes)) continue;
    const re = rule.re;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const verdict = rule.check ? rule.check(m[0], m) : { confidence: "HIGH" as Confidence, testData: false };
      if (!verdict) continue;
      ctx.out.push({ type: rule.type, start: m.index, end: m.index + m[0].length, value: m[0], ...verdict });
    }
  }
}

/* ------------------------------------------------------------------ private keys */

const PK_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ ){0,3})PRIVATE KEY(?: BLOCK)?-----/g;
const PK_END = /-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;
const PK_MAX = 64 * 1024;

function isBase64Code(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 61;
}

function detectPrivateKeys(ctx: ScanContext): void {
  const { text } = ctx;
  if (text.indexOf("-----BEGIN") === -1) return;
  PK_BEGIN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PK_BEGIN.exec(text)) !== null) {
    const start = m.index;
    const bodyStart = start + m[0].length;
    PK_END.lastIndex = bodyStart;
    const endM = PK_END.exec(text);
    let end: number;
    let bodyEnd: number;
    if (endM !== null && endM.index < nextBegin(text, bodyStart) && endM.index - bodyStart <= PK_MAX) {
      bodyEnd = endM.index;
      end = endM.index + endM[0].length;
    } else {
      // truncated block: the body runs while it looks like base64 / PEM headers / (escaped) newlines
      let i = bodyStart;
      while (i < text.length && i - bodyStart < PK_MAX) {
        const c = text.charCodeAt(i);
        if (isBase64Code(c) || c === 10 || c === 13 || c === 32 || c === 9 || c === 92 /* \ of "\n" */ || c === 58 || c === 44 || c === 45) i++;
        else break;
      }
      while (i > bodyStart && text.charCodeAt(i - 1) === 45) i--; // a following "-----" marker
      bodyEnd = i;
      end = i;
    }
    let b64 = 0;
    for (let i = bodyStart; i < bodyEnd; i++) if (isBase64Code(text.charCodeAt(i))) b64++;
    if (b64 < 40) {
      PK_BEGIN.lastIndex = bodyStart;
      continue; // "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----" placeholder
    }
    const value = text.slice(start, end);
    ctx.out.push({
      type: "private_key",
      start,
      end,
      value,
      confidence: "HIGH",
      excerpt: maskValue("private_key", value),
      normalised: text.slice(bodyStart, bodyEnd).replace(/\\[nr]|\s/g, ""),
    });
    PK_BEGIN.lastIndex = end;
  }
}

function nextBegin(text: string, from: number): number {
  const i = text.indexOf("-----BEGIN", from);
  return i === -1 ? Infinity : i;
}

/* ------------------------------------------------------------------ connection strings */

const PLACEHOLDER =
  /^(?:\$\{\{?[^}]*\}\}?|\$\(?[A-Za-z_][\w.]*\)?|%\(?[A-Za-z_]*\)?[sdv]?|\{\{.*\}\}|\{[^}]*\}|<[^>]*>|\[[^\]]*\]|\*+|[xX]{3,}|\.{3}|…|null|none|nil|undefined|true|false|redacted|\[redacted\]|your[-_ ]?[a-z_-]*|placeholder|todo|tbd|<redacted>|\?+)$/i;
const EXAMPLE_PASSWORDS = /^(?:password|passw0rd|pass|passwd|pwd|secret|changeme|change_me|mypassword|mysecretpassword|example|test|testing|admin|root|postgres|guest|user|demo|s3cret|hunter2)$/i;

function isSchemeCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 46 || c === 45;
}

function isAuthorityStop(c: number): boolean {
  // whitespace / " ' ` < > \ ( )   ("?" and "#" are handled after the "@": raw ones occur in passwords)
  return c <= 32 || c === 47 || c === 34 || c === 39 || c === 96 || c === 60 || c === 62 || c === 92 || c === 40 || c === 41;
}

const HOST_RE = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::\d{1,5})?(?:,(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::\d{1,5})?)*$/;

function detectConnectionStrings(ctx: ScanContext): void {
  const { text } = ctx;
  let p = text.indexOf("://");
  while (p !== -1) {
    let next = p + 3;
    // scheme, leftwards
    let s = p;
    while (s > 0 && p - s < 32 && isSchemeCode(text.charCodeAt(s - 1))) s--;
    const sc = codeAt(text, s);
    if (s < p && ((sc >= 65 && sc <= 90) || (sc >= 97 && sc <= 122))) {
      // authority, rightwards
      let e = p + 3;
      while (e < text.length && e - p < 512 && !isAuthorityStop(text.charCodeAt(e))) {
        // the next "://" starts another URL: keeps the total work linear on "a://b://c://..."
        if (text.charCodeAt(e) === 58 && text.charCodeAt(e + 1) === 47 && text.charCodeAt(e + 2) === 47) break;
        e++;
      }
      const authority = text.slice(p + 3, e);
      const at = authority.lastIndexOf("@");
      if (at > 0) {
        const userinfo = authority.slice(0, at);
        const colon = userinfo.indexOf(":");
        let host = authority.slice(at + 1);
        const q = host.search(/[?#]/);
        if (q !== -1) host = host.slice(0, q);
        // strip trailing punctuation of prose ("...@db.example.com.")
        while (host.length > 0 && ".,;:".includes(host[host.length - 1])) host = host.slice(0, -1);
        // the user part is plain ("example.com?next=a:b@c" is a query string, not credentials)
        const password = colon >= 0 && !/[?#=&]/.test(userinfo.slice(0, colon)) ? userinfo.slice(colon + 1) : "";
        if (password.length > 0 && host.length > 0 && HOST_RE.test(host) && !PLACEHOLDER.test(password)) {
          const end = p + 3 + at + 1 + host.length;
          const example = EXAMPLE_PASSWORDS.test(password);
          const value = text.slice(s, end);
          ctx.out.push({
            type: "connection_string_password",
            start: s,
            end,
            value,
            confidence: example ? "LOW" : "HIGH",
            testData: example,
            normalised: password,
          });
          next = end;
        }
      }
    }
    p = text.indexOf("://", next);
  }
}

/* ------------------------------------------------------------------ env lines and generic assignments */

/** a secret-ish word, the rest of the identifier, then an assignment operator */
const KW_ASSIGN = /(?:pass|pwd|secret|token|credential|key)[A-Za-z0-9_.-]{0,60}["']?[ \t]{0,3}(?::=|=>|[=:])/gi;
/** "Authorization:" headers; kept out of KW_ASSIGN ("auth" would make that pass much slower) */
const AUTH_NAME = /(?:proxy-)?authorization["']?[ \t]{0,3}[:=]/gi;

const ENV_WORDS: ReadonlySet<string> = new Set([
  "key", "keys", "secret", "secrets", "token", "tokens", "password", "passwd", "pwd", "pass", "passphrase",
  "credential", "credentials", "auth", "apikey", "salt", "pat",
]);
const GENERIC_LAST: ReadonlySet<string> = new Set([
  "password", "passwords", "passwd", "pwd", "pass", "passphrase", "secret", "secrets", "token", "tokens",
  "credential", "credentials", "apikey",
]);
const KEY_QUALIFIERS: ReadonlySet<string> = new Set([
  "api", "secret", "private", "access", "auth", "signing", "encryption", "master", "client", "app", "service",
  "license", "session", "account", "admin", "webhook", "subscription", "x",
]);

function isIdentCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;
}

/** "DB_PASSWORD" -> ["db","password"], "clientSecret" -> ["client","secret"], "x-api-key" -> ["x","api","key"] */
export function identifierSegments(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[\s_.\-]+/)
    .filter((x) => x.length > 0);
}

/** necessary (not sufficient) condition for genericName(), checked on the raw name */
const GENERIC_END = /(?:pass(?:word|wd|phrase)?|pwd|secret|token|credential|apikey|key)s?$/i;

function genericName(segments: string[]): boolean {
  const n = segments.length;
  if (n === 0) return false;
  const last = segments[n - 1];
  if (GENERIC_LAST.has(last)) return true;
  if ((last === "key" || last === "keys") && n >= 2 && KEY_QUALIFIERS.has(segments[n - 2])) return true;
  return false;
}

function envName(segments: string[]): boolean {
  for (const s of segments) if (ENV_WORDS.has(s)) return true;
  return false;
}

/** is position i the start of a line (start of text, after a newline, or after a JSON-escaped "\n")? */
function atLineStart(text: string, i: number): boolean {
  let k = i;
  while (k > 0 && (text.charCodeAt(k - 1) === 32 || text.charCodeAt(k - 1) === 9)) k--;
  if (k < i && k >= 6 && text.slice(k - 6, k) === "export") {
    k -= 6;
    while (k > 0 && (text.charCodeAt(k - 1) === 32 || text.charCodeAt(k - 1) === 9)) k--;
  }
  if (k === 0) return true;
  const c = text.charCodeAt(k - 1);
  if (c === 10 || c === 13) return true;
  if (k >= 2 && text.charCodeAt(k - 2) === 92 && (c === 110 || c === 114)) return true; // "\n" "\r" escapes
  return c === 34 || c === 39 || c === 96; // first line of a quoted blob: "API_KEY=...
}

const CODE_VALUE = /(?:process\.env|os\.environ|getenv|\benv\(|ENV\[|secrets\.|vault:|ssm:|arn:aws|\bfunction\b|=>)/;
const IDENT_PATH = /^[A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)*(?:\(\))?$/;

interface Value {
  start: number;
  end: number;
  quoted: boolean;
}

function readValue(text: string, i: number, lineMode: boolean): Value | null {
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  const q = codeAt(text, i);
  if (q === 34 || q === 39 || q === 96) {
    const s = i + 1;
    let e = s;
    while (e < text.length && e - s <= 512) {
      const c = text.charCodeAt(e);
      if (c === q) break;
      if (c === 10 || c === 13) return null;
      if (c === 92) e++; // escape
      e++;
    }
    if (codeAt(text, e) !== q) return null;
    return { start: s, end: e, quoted: true };
  }
  // JSON-escaped quotes inside a JSON string: \"value\"
  if (q === 92 && (codeAt(text, i + 1) === 34 || codeAt(text, i + 1) === 39)) {
    const s = i + 2;
    const close = text.indexOf(text[i + 1], s);
    if (close === -1 || close - s > 512 || codeAt(text, close - 1) !== 92) return null;
    return { start: s, end: close - 1, quoted: true };
  }
  const s = i;
  let e = s;
  while (e < text.length && e - s <= 512) {
    const c = text.charCodeAt(e);
    if (c === 10 || c === 13) break;
    if (c === 92 && (codeAt(text, e + 1) === 110 || codeAt(text, e + 1) === 114)) break; // escaped newline
    if (!lineMode && (c === 32 || c === 9 || c === 44 || c === 59 || c === 41 || c === 125 || c === 93 || c === 34 || c === 39 || c === 96)) break;
    if (lineMode && (c === 34 || c === 39 || c === 96)) break;
    e++;
  }
  if (lineMode) {
    // strip an inline comment and trailing blanks
    const hash = text.indexOf(" #", s);
    if (hash !== -1 && hash < e) e = hash;
    while (e > s && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
  }
  if (e === s) return null;
  return { start: s, end: e, quoted: false };
}

function acceptableSecretValue(v: string, quoted: boolean): boolean {
  if (v.length < 8 || v.length > 512) return false;
  // cheapest and most selective checks first
  if (!quoted) {
    if (!/\d/.test(v)) return false;
    if (v.includes("(")) return false;
    if (IDENT_PATH.test(v)) return false; // config.db.password, getToken()
  }
  if (/\s/.test(v)) return false;
  if (charClassCount(v) < 2) return false;
  if (PLACEHOLDER.test(v) || CODE_VALUE.test(v)) return false;
  if (/^(.)\1+$/.test(v)) return false;
  if (!isHighEntropy(v)) return false;
  // URLs are left to the connection string detector
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return false;
  return true;
}

const AWS_NAME = /aws|secret_?access|secretaccess/i;
const AWS_SECRET_SHAPE = /^[A-Za-z0-9/+]{40}$/;
const AWS_CONTEXT = /(?:aws|amazon|secret[_\s-]?access)/i;

function awsSecretShape(v: string): boolean {
  return AWS_SECRET_SHAPE.test(v) && /[A-Z]/.test(v) && /[a-z]/.test(v) && /\d/.test(v) && shannonEntropy(v) >= 3.5;
}

function detectAssignments(ctx: ScanContext): void {
  const { text } = ctx;
  KW_ASSIGN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = KW_ASSIGN.exec(text)) !== null) {
    const kw = m.index;
    let is = kw;
    while (is > 0 && kw - is < 80 && isIdentCode(text.charCodeAt(is - 1))) {
      // stop at a JSON escape: "\nAPI_KEY=..." (the n belongs to "\n")
      const c = text.charCodeAt(is - 1);
      if ((c === 110 || c === 114 || c === 116) && codeAt(text, is - 2) === 92) break;
      is--;
    }
    let ie = kw;
    while (ie < text.length && isIdentCode(text.charCodeAt(ie))) ie++;
    // name, optional closing quote, blanks, operator
    let j = ie;
    const nameQuote = codeAt(text, is - 1);
    if ((nameQuote === 34 || nameQuote === 39) && codeAt(text, j) === nameQuote) j++;
    else if (nameQuote === 34 && codeAt(text, is - 2) === 92 && codeAt(text, j) === 92 && codeAt(text, j + 1) === 34) j += 2; // \"name\"
    const spaceBefore = codeAt(text, j) === 32 || codeAt(text, j) === 9;
    while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
    let op = "";
    if (text.startsWith(":=", j)) op = ":=";
    else if (text.startsWith("=>", j)) op = "=>";
    else if (text.charCodeAt(j) === 61) op = "=";
    else if (text.charCodeAt(j) === 58) op = ":";
    if (!op) continue;
    const afterOp = codeAt(text, j + op.length);
    if ((op === "=" && afterOp === 61) || (op === ":" && afterOp === 58)) continue; // ==, ::
    const name = text.slice(is, ie);
    const lineStart = op === "=" && atLineStart(text, is);
    if (!lineStart && !GENERIC_END.test(name)) continue; // cheap rejection before segmenting the name
    // cheap rejections first: most keyword hits are "max_tokens": 1024, token = await ...
    const firstValueCode = codeAt(text, j + op.length) === 32 ? codeAt(text, j + op.length + 1) : codeAt(text, j + op.length);
    if (firstValueCode === -1 || firstValueCode === 10 || firstValueCode === 123 /* { */ || firstValueCode === 91 /* [ */) continue;
    const envShape = lineStart && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && (!spaceBefore || name === name.toUpperCase());
    let val = readValue(text, j + op.length, envShape);
    if (!val || val.end - val.start < 8) continue;
    const segments = identifierSegments(name);
    const isEnv = envShape && envName(segments);
    if (!isEnv && !genericName(segments)) continue;
    if (envShape && !isEnv) {
      val = readValue(text, j + op.length, false); // generic values end at blanks, commas...
      if (!val || val.end - val.start < 8) continue;
    }
    let vs = val.start;
    let ve = val.end;
    let quoted = val.quoted;
    // .env values may be quoted: API_KEY="..."
    if (isEnv && !quoted && ve - vs >= 2) {
      const c0 = text.charCodeAt(vs);
      if ((c0 === 34 || c0 === 39) && text.charCodeAt(ve - 1) === c0) {
        vs++;
        ve--;
        quoted = true;
      }
    }
    const value = text.slice(vs, ve);
    KW_ASSIGN.lastIndex = Math.max(KW_ASSIGN.lastIndex, ve);
    if (awsSecretShape(value) && (AWS_NAME.test(name) || AWS_CONTEXT.test(text.slice(Math.max(0, is - 100), is)))) {
      ctx.out.push({ type: "aws_secret_key", start: vs, end: ve, value, confidence: "HIGH", testData: /EXAMPLE/.test(value) });
      continue;
    }
    if (!acceptableSecretValue(value, quoted || isEnv)) continue;
    const type = isEnv ? "env_secret" : "generic_secret";
    const shownName = name.length > 48 ? `${name.slice(0, 45)}...` : name;
    ctx.out.push({
      type,
      start: vs,
      end: ve,
      value,
      confidence: isEnv || quoted ? "HIGH" : "MEDIUM",
      testData: EXAMPLE_PASSWORDS.test(value) || /example/i.test(value),
      excerpt: `${shownName}${op === ":" ? ": " : op}${maskValue(type, value)}`,
    });
  }
}

/* ------------------------------------------------------------------ Authorization: Bearer / Basic */

const AUTH_VALUE = /[ \t]*(?:\\?["'`])?[ \t]*(bearer|basic|token)[ \t]+([A-Za-z0-9._~+/-]{12,1024}={0,2})(?![A-Za-z0-9._~+/=-])/iy;

/** "Authorization: Bearer <token>" (HTTP headers, curl -H, fetch options), found by the keyword pass. */
function detectAuthorizationHeaders(ctx: ScanContext): void {
  const { text } = ctx;
  if (text.indexOf("zation") === -1 && text.indexOf("ZATION") === -1) return; // "z" is rare: cheaper than "uthorization"
  AUTH_NAME.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = AUTH_NAME.exec(text)) !== null) {
    authorizationValue(ctx, m[0].slice(0, m[0].search(/["' \t:=]/)), m.index + m[0].length);
  }
}

function authorizationValue(ctx: ScanContext, name: string, at: number): void {
  const { text } = ctx;
  AUTH_VALUE.lastIndex = at;
  const m = AUTH_VALUE.exec(text);
  if (!m) return;
  const scheme = m[1];
  const value = m[2];
  const end = m.index + m[0].length;
  const start = end - value.length;
  if (PLACEHOLDER.test(value) || /^[A-Z_]+$/.test(value) || CODE_VALUE.test(value)) return;
  if (scheme.toLowerCase() === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    if (!/^[\x20-\x7e]+:[\x20-\x7e]+$/.test(decoded)) return;
  } else if (!isHighEntropy(value, 16) || charClassCount(value) < 2) return;
  ctx.out.push({
    type: "generic_secret",
    start,
    end,
    value,
    confidence: "HIGH",
    testData: false,
    excerpt: `${name}: ${scheme} ${maskValue("generic_secret", value)}`,
  });
}

/* ------------------------------------------------------------------ AWS secret keys near an AWS context */

const AWS_GATE = ["aws", "AWS", "Aws"];
const AWS_SECRET_IN_WINDOW = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const MAX_AWS_CONTEXTS = 2000;
const AWS_WINDOW = 240;

function detectAwsSecretsNearContext(ctx: ScanContext): void {
  const { text } = ctx;
  const n = text.length;
  // "ws" (rarer first letter than "aws") rules out most texts before the exact check
  if (text.indexOf("ws") === -1 && text.indexOf("WS") === -1) return;
  if (text.indexOf("aws") === -1 && text.indexOf("AWS") === -1 && text.indexOf("Aws") === -1) return;
  const positions: number[] = [];
  for (const word of AWS_GATE) {
    let p = text.indexOf(word);
    while (p !== -1 && positions.length < MAX_AWS_CONTEXTS) {
      positions.push(p);
      p = text.indexOf(word, p + word.length);
    }
  }
  if (positions.length === 0) return;
  positions.sort((a, b) => a - b);
  let i = 0;
  while (i < positions.length) {
    const from = positions[i];
    let to = Math.min(n, from + AWS_WINDOW);
    while (i + 1 < positions.length && positions[i + 1] <= to) {
      i++;
      to = Math.min(n, positions[i] + AWS_WINDOW);
    }
    i++;
    // do not cut a candidate in two at the window's end
    const limit = Math.min(n, to + 64);
    while (to < limit && isBase64Code(text.charCodeAt(to))) to++;
    const window = text.slice(from, to);
    AWS_SECRET_IN_WINDOW.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = AWS_SECRET_IN_WINDOW.exec(window)) !== null) {
      const s = from + m.index;
      if (m.index === 0 && isBase64Code(codeAt(text, s - 1))) continue;
      if (!awsSecretShape(m[0])) continue;
      ctx.out.push({ type: "aws_secret_key", start: s, end: s + 40, value: m[0], confidence: "HIGH", testData: /EXAMPLE/.test(m[0]) });
    }
  }
}

export function detectSecrets(ctx: ScanContext): void {
  detectTokens(ctx);
  detectPrivateKeys(ctx);
  detectConnectionStrings(ctx);
  detectAssignments(ctx);
  detectAuthorizationHeaders(ctx);
  detectAwsSecretsNearContext(ctx);
}
