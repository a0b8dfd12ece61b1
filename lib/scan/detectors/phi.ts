import { codeAt, isAlnumCode, luhnValid } from "../util";
import { detectSsnAfterContext } from "./national-id";
import type { Confidence } from "../types";
import type { ScanContext } from "./common";

/* ------------------------------------------------------------------ date of birth + ZIP */

const MONTHS = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const DATE_RE = new RegExp(
  `(?<!\\d)(?:(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})|(\\d{1,2})([-/.])(\\d{1,2})\\5(\\d{4}|\\d{2})|(${MONTHS})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})|(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTHS})\\.?,?\\s+(\\d{4}))(?!\\d)`,
  "i",
);
const MONTH_INDEX: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const ZIP_RE = /(?<![\d-])(\d{5})(?:-(\d{4}))?(?![\d-]|\.\d)/g;
const ZIP_CONTEXT = /(?:zip|postal|post\s*code|postcode)(?:[\s_-]*code)?[\s:#=."'-]*$/i;
const STATE_BEFORE =
  /\b(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|PR|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|GU|VI)\.?,?\s{1,3}$/;

interface ParsedDate {
  start: number;
  end: number;
  iso: string;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function validYmd(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  const dim = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= dim;
}

/** First plausible date in text[from, to). */
export function findDate(text: string, from: number, to: number): ParsedDate | null {
  const window = text.slice(from, to);
  const m = DATE_RE.exec(window);
  if (!m) return null;
  let y: number;
  let mo: number;
  let d: number;
  if (m[1] !== undefined) {
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
  } else if (m[4] !== undefined) {
    const a = Number(m[4]);
    const b = Number(m[6]);
    y = Number(m[7]);
    if (m[7].length === 2) y += y > 30 ? 1900 : 2000;
    // US order unless the first part cannot be a month
    if (a > 12) {
      d = a;
      mo = b;
    } else {
      mo = a;
      d = b;
    }
  } else if (m[8] !== undefined) {
    mo = MONTH_INDEX[m[8].slice(0, 3).toLowerCase()];
    d = Number(m[9]);
    y = Number(m[10]);
  } else {
    d = Number(m[11]);
    mo = MONTH_INDEX[m[12].slice(0, 3).toLowerCase()];
    y = Number(m[13]);
  }
  if (!validYmd(y, mo, d)) return null;
  return { start: from + m.index, end: from + m.index + m[0].length, iso: `${y}-${pad2(mo)}-${pad2(d)}` };
}

/** Nearest ZIP (with ZIP/postal context or a state abbreviation before it) around [start, end). */
function findZip(text: string, start: number, end: number): { start: number; end: number; zip: string; plus4: boolean } | null {
  const from = Math.max(0, start - 100);
  const to = Math.min(text.length, end + 100);
  const window = text.slice(from, to);
  ZIP_RE.lastIndex = 0;
  let best: { start: number; end: number; zip: string; plus4: boolean } | null = null;
  let bestDist = Infinity;
  let m: RegExpExecArray | null;
  while ((m = ZIP_RE.exec(window)) !== null) {
    const s = from + m.index;
    const e = s + m[0].length;
    if (s < end && e > start) continue; // inside the date itself
    const before = text.slice(Math.max(0, s - 24), s);
    if (!ZIP_CONTEXT.test(before) && !STATE_BEFORE.test(before)) continue;
    const dist = s >= end ? s - end : start - e;
    if (dist < bestDist) {
      bestDist = dist;
      best = { start: s, end: e, zip: m[1], plus4: m[2] !== undefined };
    }
  }
  return best;
}

/** date of birth after a DOB context word ending at ctxEnd, and a ZIP within ~100 characters of it */
function dobWithZipAfter(ctx: ScanContext, ctxEnd: number): number {
  const { text } = ctx;
  const date = findDate(text, ctxEnd, Math.min(text.length, ctxEnd + 40));
  if (!date) return ctxEnd;
  const zip = findZip(text, date.start, date.end);
  if (!zip) return ctxEnd;
  const start = Math.min(date.start, zip.start);
  const end = Math.max(date.end, zip.end);
  ctx.out.push({
    type: "dob_with_zip",
    start,
    end,
    value: text.slice(start, end),
    confidence: "HIGH",
    excerpt: `DOB ****-**-** + ZIP ${zip.plus4 ? "*****-****" : "*****"}`,
    normalised: `${date.iso}|${zip.zip}`,
  });
  return end;
}

/* ------------------------------------------------------------------ medical record number */

const MRN_RE =
  /(?:\bMRN|\bmedical[\s_-]*record(?:[\s_-]*(?:number|num|no\.?|#|id))?)[\s:#=."'-]{0,6}(?:(?:is|number|no\.?)[\s:#=.-]{1,4})?([A-Z]{0,3}-?\d[\d-]{3,14}\d)(?![\w-])/iy;

function countDigitChars(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** sticky match of an MRN context + value at `at`; returns the end of the value or -1 */
function mrnAt(ctx: ScanContext, at: number): number {
  const { text } = ctx;
  MRN_RE.lastIndex = at;
  const m = MRN_RE.exec(text);
  if (!m) return -1;
  const value = m[1];
  if (countDigitChars(value) < 5) return -1;
  const end = m.index + m[0].length;
  ctx.out.push({ type: "medical_record_number", start: end - value.length, end, value, confidence: "HIGH" });
  return end;
}

/* ------------------------------------------------------------------ health plan id */

const HPID_RE =
  /(?:\b(?:member|subscriber|beneficiary|medicaid|insurance|policy|health[\s_-]*plan(?:[\s_-]*(?:beneficiary|member))?)[\s_-]*(?:id(?:entification)?|#|no\.?|num(?:ber)?)(?![a-z]))[\s:#=."'-]{0,6}(?:(?:is|number|no\.?)[\s:#=.-]{1,4})?([A-Z]{0,4}-?\d[A-Z0-9-]{4,18})(?![\w-])/iy;
const HEALTH_CONTEXT = /(?:health|medic|insur|patient|benefit|plan|claim|clinic|hospital|pharm|dental|vision|hmo|ppo|aetna|cigna|humana|anthem|kaiser|blue\s*cross|blue\s*shield|united\s*health)/i;

function healthPlanIdAt(ctx: ScanContext, at: number): number {
  const { text } = ctx;
  HPID_RE.lastIndex = at;
  const m = HPID_RE.exec(text);
  if (!m) return -1;
  const value = m[1];
  if (value.endsWith("-") || countDigitChars(value) < 5) return -1;
  const end = m.index + m[0].length;
  const start = end - value.length;
  const healthy = HEALTH_CONTEXT.test(text.slice(Math.max(0, at - 80), start));
  ctx.out.push({ type: "health_plan_id", start, end, value, confidence: healthy ? "HIGH" : "MEDIUM" });
  return end;
}

/* ------------------------------------------------------------------ Medicare MBI */

/**
 * CMS MBI format: C A AN N A AN N A A N N (positions 1..11), where C = 1-9, N = 0-9,
 * A = letters except S, L, O, I, B, Z; printed with or without dashes after 4 and 7.
 */
const MBI_RE =
  /[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d(-?)[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d\1[AC-HJKMNP-RT-Y]{2}\d{2}(?![A-Za-z0-9-])/y;
const MBI_LETTER = /^[AC-HJKMNP-RT-Y]$/;
const MBI_CONTEXT = /(?:medicare|\bmbi\b|beneficiary|\bhicn\b|\bcms\b)/i;
/** the sample MBI in CMS's own documentation */
const EXAMPLE_MBIS: ReadonlySet<string> = new Set(["1EG4TE5MK73"]);

/**
 * MBI ending with the 4 characters at `tail` (A A N N, found by the caller's
 * upper-case anchor pass): the 7 characters before it (9 with dashes) are checked
 * with the full pattern. Returns the end, or -1.
 */
export function mbiFromTail(ctx: ScanContext, tail: number): number {
  const { text } = ctx;
  if (!MBI_LETTER.test(text[tail]) || !MBI_LETTER.test(text[tail + 1])) return -1;
  const dashed = codeAt(text, tail - 1) === 45;
  const start = tail - (dashed ? 9 : 7);
  if (start < 0) return -1;
  const before = codeAt(text, start - 1);
  if (isAlnumCode(before) || before === 45) return -1;
  MBI_RE.lastIndex = start;
  const m = MBI_RE.exec(text);
  if (!m) return -1;
  const end = start + m[0].length;
  const compact = m[0].replace(/-/g, "");
  const context = MBI_CONTEXT.test(text.slice(Math.max(0, start - 60), start));
  ctx.out.push({
    type: "medicare_mbi",
    start,
    end,
    value: m[0],
    confidence: context ? "HIGH" : "MEDIUM",
    testData: EXAMPLE_MBIS.has(compact),
    normalised: compact,
  });
  return end;
}

/* ------------------------------------------------------------------ NPI */

const NPI_RE =
  /(?:\bNPI|national[\s_-]*provider(?:[\s_-]*(?:identifier|id))?)(?:[\s_-]*(?:number|no\.?|#|id))?[\s:#=."'-]{0,6}(?:(?:is|number|no\.?)[\s:#=.-]{1,4})?([12]\d{9})(?![\w-])/iy;

/** NPI check digit: Luhn over "80840" + the 10 digits. */
export function npiValid(npi: string): boolean {
  return /^[12]\d{9}$/.test(npi) && luhnValid(`80840${npi}`);
}

function npiAt(ctx: ScanContext, at: number): number {
  const { text } = ctx;
  NPI_RE.lastIndex = at;
  const m = NPI_RE.exec(text);
  if (!m || !npiValid(m[1])) return -1;
  const end = m.index + m[0].length;
  ctx.out.push({ type: "npi", start: end - 10, end, value: m[1], confidence: "HIGH" });
  return end;
}

/* ------------------------------------------------------------------ DEA number */

const DEA_FIRST = /^[ABCDEFGHJKLMPRSTUX]$/;
const DEA_CONTEXT = /(?:\bdea\b|drug enforcement|prescriber|registration)/i;
/** DEA checksum: (d1+d3+d5) + 2*(d2+d4+d6), last digit = d7. */
export function deaValid(dea: string): boolean {
  if (!/^[A-Z][A-Z9]\d{7}$/.test(dea)) return false;
  const d = (i: number) => dea.charCodeAt(2 + i) - 48;
  const sum = d(0) + d(2) + d(4) + 2 * (d(1) + d(3) + d(5));
  return sum % 10 === d(6);
}

/**
 * DEA number starting at `start`: registrant type letter + (first letter of the
 * registrant's name or 9) + 7 digits with the checksum. Returns the end, or -1.
 */
export function deaAt(ctx: ScanContext, start: number): number {
  const { text } = ctx;
  if (!DEA_FIRST.test(text[start])) return -1;
  if (isAlnumCode(codeAt(text, start - 1)) || isAlnumCode(codeAt(text, start + 9))) return -1;
  const value = text.slice(start, start + 9);
  if (!deaValid(value)) return -1;
  // the checksum alone passes 1 in 10 random ids: without a DEA context this is weak
  const confidence: Confidence = DEA_CONTEXT.test(text.slice(Math.max(0, start - 48), start)) ? "HIGH" : "LOW";
  ctx.out.push({ type: "dea_number", start, end: start + 9, value, confidence });
  return start + 9;
}

/* ------------------------------------------------------------------ context pass */

/**
 * Every context-dependent PHI / national-id value has at least 5 digits in a row
 * (ZIP, MRN, member id, NPI, SSN) or a "d-dddd" / "d dddd" group: without one, the
 * context pass is skipped.
 */
const CONTEXT_GATE = /\d{5}|\d[- ]\d{4}/;
/**
 * All context words in one pass, factored by first letter (faster for the regex engine
 * than a flat alternation); the matched word is dispatched by its first letters.
 */
const CONTEXT_WORDS =
  /\b(?:b(?:irth|orn|eneficiary)|d(?:ob\b|\.o\.b|ate[\s_-]*of[\s_-]*birth)|m(?:rn|edical|ember|edicaid)|s(?:sn|s#|s no|ocial[\s_-]*security|oc\.?\s*sec|ubscriber)|insurance|policy|health[\s_-]*plan|n(?:pi|ational[\s_-]*provider)|taxpayer)/gi;

function detectContextual(ctx: ScanContext): void {
  const { text } = ctx;
  if (!CONTEXT_GATE.test(text)) return;
  CONTEXT_WORDS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CONTEXT_WORDS.exec(text)) !== null) {
    const at = m.index;
    const ctxEnd = at + m[0].length;
    const w = m[0].toLowerCase();
    const c0 = w.charCodeAt(0);
    let end = -1;
    if (w === "dob" || w === "d.o.b" || w.startsWith("date") || w === "birth" || w === "born") end = dobWithZipAfter(ctx, ctxEnd);
    else if (w === "mrn" || w === "medical") end = mrnAt(ctx, at);
    else if (c0 === 110 /* n */) end = npiAt(ctx, at);
    else if (w === "ssn" || w === "ss#" || w === "ss no" || w.startsWith("soc") || w === "taxpayer") detectSsnAfterContext(ctx, ctxEnd);
    else end = healthPlanIdAt(ctx, at);
    if (end > CONTEXT_WORDS.lastIndex) CONTEXT_WORDS.lastIndex = end;
  }
}

export function detectPhi(ctx: ScanContext): void {
  detectContextual(ctx);
}
