import { codeAt, isAlnumCode, isAlphaCode, isDigitCode, isWordCode } from "../util";
import type { ScanContext } from "./common";
import { ssnFromDashTail } from "./national-id";

/* ------------------------------------------------------------------ email */

function isLocalCode(c: number): boolean {
  // A-Z a-z 0-9 . _ % + -
  return isAlnumCode(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}

function isDomainCode(c: number): boolean {
  return isAlnumCode(c) || c === 46 || c === 45;
}

/** "TLDs" that are really file extensions ("icon@2x.png", "logo@3x.webp"). */
const FILE_EXTENSIONS: ReadonlySet<string> = new Set([
  "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "avif", "tiff",
  "js", "mjs", "cjs", "ts", "tsx", "jsx", "css", "scss", "less", "map", "json", "yaml", "yml",
  "md", "txt", "html", "htm", "lock", "vue", "rs", "py", "rb", "java", "kt", "swift", "wasm",
]);

/** RFC 2606 / 6761 reserved names: documentation addresses are test data. */
function isExampleDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  return (
    d === "example.com" || d === "example.org" || d === "example.net" ||
    d.endsWith(".example.com") || d.endsWith(".example.org") || d.endsWith(".example.net") ||
    d.endsWith(".example") || d.endsWith(".test") || d.endsWith(".invalid") || d.endsWith(".localhost")
  );
}

const ROLE_LOCALS = /^(?:no-?reply|do-?not-?reply|git|mailer-daemon|postmaster|bounce[s]?)$/i;

function validDomain(domain: string): boolean {
  if (domain.length > 253) return false;
  const labels = domain.split(".");
  if (labels.length < 2) return false;
  for (const l of labels) {
    if (l.length === 0 || l.length > 63) return false;
    if (l.charCodeAt(0) === 45 || l.charCodeAt(l.length - 1) === 45) return false;
  }
  const tld = labels[labels.length - 1];
  if (tld.length < 2 || tld.length > 24) return false;
  for (let i = 0; i < tld.length; i++) if (!isAlphaCode(tld.charCodeAt(i))) return false;
  return !FILE_EXTENSIONS.has(tld.toLowerCase());
}

export function detectEmails(ctx: ScanContext): void {
  const { text } = ctx;
  const n = text.length;
  let at = text.indexOf("@");
  while (at !== -1) {
    let next = at + 1;
    // local part, leftwards
    let s = at;
    while (s > 0 && at - s < 65 && isLocalCode(text.charCodeAt(s - 1))) s--;
    while (s < at && text.charCodeAt(s) === 46) s++; // no leading dot
    const localLen = at - s;
    if (localLen > 0 && localLen <= 64 && !isLocalCode(codeAt(text, s - 1))) {
      // domain, rightwards
      let e = at + 1;
      while (e < n && e - at <= 254 && isDomainCode(text.charCodeAt(e))) e++;
      while (e > at + 1 && (text.charCodeAt(e - 1) === 46 || text.charCodeAt(e - 1) === 45)) e--; // trailing "." / "-"
      const local = text.slice(s, at);
      const domain = text.slice(at + 1, e);
      const validLocal = local.charCodeAt(local.length - 1) !== 46 && !local.includes("..");
      // "scheme://user:pass@host" is a connection string, not an email address
      const inUrlCredentials = codeAt(text, s - 1) === 58 && text.lastIndexOf("://", s) > Math.max(-1, s - 128) && !/\s/.test(text.slice(Math.max(0, text.lastIndexOf("://", s)), s));
      if (validLocal && !inUrlCredentials && validDomain(domain) && !isWordCode(codeAt(text, e))) {
        ctx.out.push({
          type: "email",
          start: s,
          end: e,
          value: text.slice(s, e),
          // role and no-reply addresses (noreply@..., 123+user@users.noreply.github.com) identify no mailbox owner
          confidence: ROLE_LOCALS.test(local) || /(?:^|\.)no-?reply\./i.test(domain) ? "LOW" : "HIGH",
          testData: isExampleDomain(domain),
        });
        next = e;
      }
    }
    at = text.indexOf("@", next);
  }
}

/* ------------------------------------------------------------------ phone */

/**
 * North American numbers (and dashed SSNs, see national-id.ts), found from their
 * "-dddd" / ".dddd" line-number tail (a rare
 * shape in ordinary text, so the regex engine skips quickly) and checked backwards:
 * (415) 555-2671, (415)555-2671, 415-555-2671, 1-415-555-2671, 415.555.2671.
 */
const DASH_TAIL = /-\d\d\d\d(?![\w-])/g;
const DOT_PHONE = /\.\d\d\d\.\d\d\d\d(?![\w]|[.\-/]\d)/g;
const PHONE_CONTEXT = /(?:phone|tel\b|telephone|mobile|cell|call|fax|sms|whatsapp|contact)/i;

function digitsAt(text: string, i: number, n: number): boolean {
  if (i < 0) return false;
  for (let k = 0; k < n; k++) if (!isDigitCode(codeAt(text, i + k))) return false;
  return true;
}

function isSeparatorCode(c: number): boolean {
  return c === 32 || c === 45 || c === 46; // space - .
}

/** Fictional numbers: Ofcom drama range +44 20 7946 0xxx and NANP 555-0100..0199. */
function fictionalPhone(d: string): boolean {
  if (d.length === 12 && d.startsWith("442079460")) return true;
  if (d.length === 11 && d.charCodeAt(0) === 49 && d.slice(4, 9) === "55501") return true;
  return false;
}

/**
 * Parse an international number starting at the "+" at `plus`: digit groups separated
 * by single spaces, dots or dashes, optionally one parenthesised group ("+1 (415) ...",
 * "+44 (0)20 ..."; a "(0)" trunk prefix is not part of the E.164 digits).
 */
function parseInternational(text: string, plus: number): { end: number; digits: string; separated: boolean } | null {
  let i = plus + 1;
  let digits = "";
  let separated = false;
  let lastEnd = -1;
  let parens = 0;
  let groups = 0;
  for (;;) {
    let open = false;
    if (codeAt(text, i) === 40 /* ( */) {
      if (groups === 0 || parens > 0) break;
      open = true;
      parens++;
      separated = true;
      i++;
    }
    const gs = i;
    while (i < text.length && isDigitCode(text.charCodeAt(i))) i++;
    if (i === gs || i - gs > 12) return lastEnd < 0 ? null : { end: lastEnd, digits, separated };
    const group = text.slice(gs, i);
    if (open) {
      if (codeAt(text, i) !== 41 /* ) */) return lastEnd < 0 ? null : { end: lastEnd, digits, separated };
      i++;
      if (!(group === "0" && groups === 1)) digits += group; // "+44 (0)20": trunk prefix
    } else digits += group;
    groups++;
    lastEnd = i;
    if (digits.length > 15) return null;
    const c = codeAt(text, i);
    if (open && isDigitCode(c)) continue; // "(0)20"
    if (c === 40) continue; // "+1(415)"
    if (isSeparatorCode(c) && (isDigitCode(codeAt(text, i + 1)) || codeAt(text, i + 1) === 40)) {
      separated = true;
      i++;
      continue;
    }
    break;
  }
  return lastEnd < 0 ? null : { end: lastEnd, digits, separated };
}

/** Phone numbers, and dashed US SSNs (one shared pass over "-dddd" tails). */
export function detectPhones(ctx: ScanContext): void {
  const { text } = ctx;
  // international: "+44 20 7946 0958", "+14155552671"
  let plus = text.indexOf("+");
  while (plus !== -1) {
    let next = plus + 1;
    const before = codeAt(text, plus - 1);
    const first = codeAt(text, plus + 1);
    if (first >= 49 && first <= 57 && !isWordCode(before) && before !== 41 && before !== 43) {
      const p = parseInternational(text, plus);
      if (p) {
        const after = codeAt(text, p.end);
        const minDigits = p.separated ? 8 : 10;
        const okEnd = !isWordCode(after) && !(after === 46 && isDigitCode(codeAt(text, p.end + 1)));
        if (okEnd && p.digits.length >= minDigits && p.digits.length <= 15) {
          const context = PHONE_CONTEXT.test(text.slice(Math.max(0, plus - 40), plus));
          ctx.out.push({
            type: "phone",
            start: plus,
            end: p.end,
            value: text.slice(plus, p.end),
            confidence: p.separated || context ? "HIGH" : "MEDIUM",
            testData: fictionalPhone(p.digits),
            normalised: `+${p.digits}`,
          });
          next = p.end;
        }
      }
    }
    plus = text.indexOf("+", next);
  }

  DASH_TAIL.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DASH_TAIL.exec(text)) !== null) {
    const t = m.index; // the "-" before the line number
    if (ssnFromDashTail(ctx, t)) continue;
    if (!digitsAt(text, t - 3, 3)) continue;
    const sep = codeAt(text, t - 4);
    let start = -1;
    let parens = false;
    if (sep === 45 /* - */ && digitsAt(text, t - 7, 3)) start = t - 7;
    else if (sep === 41 /* ) */ && codeAt(text, t - 8) === 40 && digitsAt(text, t - 7, 3)) {
      start = t - 8;
      parens = true;
    } else if (sep === 32 && codeAt(text, t - 5) === 41 && codeAt(text, t - 9) === 40 && digitsAt(text, t - 8, 3)) {
      start = t - 9;
      parens = true;
    }
    if (start < 0) continue;
    // optional trunk prefix "1-" / "1 "
    const p1 = codeAt(text, start - 1);
    if ((p1 === 45 || p1 === 32) && codeAt(text, start - 2) === 49 && !isPhoneBoundaryBlocker(codeAt(text, start - 3))) start -= 2;
    pushUsPhone(ctx, start, t + 5, parens);
  }
  DOT_PHONE.lastIndex = 0;
  while ((m = DOT_PHONE.exec(text)) !== null) {
    const start = m.index - 3;
    if (!digitsAt(text, start, 3)) continue;
    pushUsPhone(ctx, start, m.index + m[0].length, false);
  }
}

/** characters that make a digit group part of something else (a word, a decimal, a longer number) */
function isPhoneBoundaryBlocker(c: number): boolean {
  return isWordCode(c) || c === 46 || c === 43 || c === 45 || c === 47;
}

function pushUsPhone(ctx: ScanContext, start: number, end: number, parens: boolean): void {
  const { text } = ctx;
  if (isPhoneBoundaryBlocker(codeAt(text, start - 1))) return;
  const after = codeAt(text, end);
  if (isWordCode(after) || ((after === 46 || after === 45 || after === 47) && isDigitCode(codeAt(text, end + 1)))) return;
  const value = text.slice(start, end);
  let digits = "";
  for (let i = 0; i < value.length; i++) if (isDigitCode(value.charCodeAt(i))) digits += value[i];
  if (digits.length === 11) digits = digits.slice(1);
  // NANP: area code and exchange start with 2-9
  if (digits.length !== 10 || digits.charCodeAt(0) < 50 || digits.charCodeAt(3) < 50) return;
  const context = PHONE_CONTEXT.test(text.slice(Math.max(0, start - 40), start));
  ctx.out.push({
    type: "phone",
    start,
    end,
    value,
    confidence: parens || context ? "HIGH" : "MEDIUM",
    testData: fictionalPhone(`1${digits}`),
    normalised: `+1${digits}`,
  });

}
