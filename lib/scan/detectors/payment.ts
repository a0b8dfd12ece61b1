import { codeAt, isAlnumCode, isDigitCode, isWordCode, luhnValid } from "../util";
import type { ScanContext } from "./common";

/* ------------------------------------------------------------------ cards */

/**
 * Runs of at least 12 digits joined by single spaces or dashes, starting with a group
 * of 4 (every accepted card grouping starts with 4 digits, or is one bare run).
 * Written with explicit leading digits so that the regex engine's quick check
 * rejects most positions; linear: every repetition must consume a digit.
 */
const CARD_RUN = /\d\d\d\d[ -]?\d\d\d\d?(?:[ -]?\d){5,}/g;
const CARD_CONTEXT = /(?:card|credit|debit|visa|master ?card|amex|american express|discover|diners|jcb|unionpay|maestro|\bpan\b|\bcc\b|ccnum|cc_?number|cvv|cvc|expir|payment)/i;

/** Well-known test PANs (issuers' and processors' documentation). */
export const TEST_CARD_NUMBERS: ReadonlySet<string> = new Set([
  "4111111111111111",
  "4242424242424242",
  "4000056655665556",
  "4012888888881881",
  "4222222222222",
  "4111111111111",
  "4917610000000000",
  "4000000000000002",
  "4000000000000077",
  "4000000000000093",
  "4000000000003220",
  "4000002500003155",
  "5555555555554444",
  "5200828282828210",
  "5105105105105100",
  "5454545454545454",
  "2223003122003222",
  "2222400010000008",
  "378282246310005",
  "371449635398431",
  "378734493671000",
  "6011111111111117",
  "6011000990139424",
  "6011000400000000",
  "30569309025904",
  "38520000023237",
  "36227206271667",
  "3530111333300000",
  "3566002020360505",
  "6200000000000005",
  "6304000000000000",
  "6759649826438453",
]);

/** Rough issuer check on the first digits (IIN). */
function knownIssuerPrefix(d: string): boolean {
  const c = d.charCodeAt(0) - 48;
  if (c === 3 || c === 4 || c === 5 || c === 6) return true;
  if (c === 2) {
    const p4 = Number(d.slice(0, 4));
    return p4 >= 2221 && p4 <= 2720; // Mastercard 2-series
  }
  return false;
}

/** Accepted printed groupings of a card number. */
function validGrouping(groups: number[]): boolean {
  if (groups.length === 1) return true;
  if (groups[0] !== 4) return false;
  if (groups.length === 3 && groups[1] === 6 && (groups[2] === 5 || groups[2] === 4)) return true; // Amex 4-6-5, Diners 4-6-4
  for (let i = 1; i < groups.length - 1; i++) if (groups[i] !== 4) return false;
  const last = groups[groups.length - 1];
  return last >= 1 && last <= 4;
}

interface Group {
  start: number; // index in text
  end: number;
  sep: string; // separator before this group ("" for the first)
}

function splitGroups(text: string, start: number, end: number): Group[] {
  const groups: Group[] = [];
  let gs = start;
  let sep = "";
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isDigitCode(c)) {
      groups.push({ start: gs, end: i, sep });
      sep = text[i];
      gs = i + 1;
    }
  }
  groups.push({ start: gs, end, sep });
  return groups;
}

/** Try one candidate made of groups[i..j). */
function tryCard(ctx: ScanContext, groups: Group[], i: number, j: number): boolean {
  const { text } = ctx;
  const lens: number[] = [];
  let digits = "";
  const sep = j - i > 1 ? groups[i + 1].sep : "";
  for (let k = i; k < j; k++) {
    if (k > i && groups[k].sep !== sep) return false; // mixed separators
    lens.push(groups[k].end - groups[k].start);
    digits += text.slice(groups[k].start, groups[k].end);
  }
  if (digits.length < 12 || digits.length > 19) return false;
  if (!validGrouping(lens)) return false;
  if (!luhnValid(digits)) return false;
  const start = groups[i].start;
  const end = groups[j - 1].end;
  const testData = TEST_CARD_NUMBERS.has(digits);
  const context = CARD_CONTEXT.test(text.slice(Math.max(0, start - 48), start));
  if (!testData && !knownIssuerPrefix(digits) && !context) return false;
  // a bare 12-digit run is more often an id than a (Maestro) card: only with card context
  if (!testData && digits.length === 12 && j - i === 1 && !context) return false;
  // all-same digits ("0000 0000 0000 0000") are placeholders, not cards
  if (/^(\d)\1+$/.test(digits)) return false;
  const grouped = lens.length > 1;
  let confidence: "LOW" | "MEDIUM" | "HIGH";
  if (testData || (grouped && (context || knownIssuerPrefix(digits)))) confidence = "HIGH";
  else if (!knownIssuerPrefix(digits)) confidence = "LOW";
  else confidence = context ? "HIGH" : "MEDIUM";
  ctx.out.push({ type: "credit_card", start, end, value: text.slice(start, end), confidence, testData, normalised: digits });
  return true;
}

export function detectPaymentCards(ctx: ScanContext): void {
  const { text } = ctx;
  CARD_RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CARD_RUN.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    // boundaries: not inside a word/hex token or a longer digit run, not a decimal fraction, not a phone "+..."
    const before = codeAt(text, start - 1);
    if (isWordCode(before) || before === 46 /* . */ || before === 43 /* + */) continue;
    // the last group of a UUID or another hyphenated id: "...-a59f-413727545902"
    if (before === 45 && isAlnumCode(codeAt(text, start - 2)) && !isDigitCode(codeAt(text, start - 2))) continue;
    const after = codeAt(text, end);
    if (isWordCode(after)) continue;
    if (after === 46 && isDigitCode(codeAt(text, end + 1))) continue;
    const groups = splitGroups(text, start, end);
    if (tryCard(ctx, groups, 0, groups.length)) continue;
    if (groups.length < 2) continue;
    // a longer run ("4111 1111 1111 1111 12 25"): try consecutive group windows, earliest and longest first
    let i = 0;
    while (i < groups.length) {
      let found = false;
      for (let j = Math.min(groups.length, i + 6); j > i; j--) {
        if (tryCard(ctx, groups, i, j)) {
          i = j;
          found = true;
          break;
        }
      }
      if (!found) i++;
    }
  }
}

/* ------------------------------------------------------------------ IBAN */

/** IBAN lengths by country (SWIFT IBAN registry). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18,
  GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32,
  LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24,
  PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28,
  TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

/** Documentation examples (Wikipedia, bank docs). */
const TEST_IBANS: ReadonlySet<string> = new Set([
  "GB82WEST12345698765432",
  "GB33BUKB20201555555555",
  "DE89370400440532013000",
  "FR1420041010050500013M02606",
  "NL91ABNA0417164300",
  "CH9300762011623852957",
  "ES9121000418450200051332",
  "IT60X0542811101000000123456",
  "BE68539007547034",
]);

const IBAN_CONTEXT = /(?:iban|bank|account|acct|konto|sepa|swift|bic|transfer)/i;

/** ISO 13616 mod-97 check over a compact IBAN. */
export function ibanChecksumValid(iban: string): boolean {
  const s = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return false;
  }
  return rem === 1;
}

/**
 * IBAN starting at `start` (two upper-case letters and two check digits, already seen
 * by the caller): exactly the country's length of alphanumerics, single spaces allowed
 * between them, then mod-97. Returns the end, or -1.
 */
export function ibanAt(ctx: ScanContext, start: number): number {
  const { text } = ctx;
  if (isAlnumCode(codeAt(text, start - 1))) return -1;
  const len = IBAN_LENGTHS[text.slice(start, start + 2)];
  if (len === undefined) return -1;
  let compact = "";
  let i = start;
  let spaced = false;
  while (i < text.length && compact.length < len) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90)) compact += text[i];
    else if (c === 32 && compact.length > 0 && isAlnumCode(codeAt(text, i + 1))) spaced = true;
    else break;
    i++;
  }
  const end = i;
  if (compact.length !== len || isAlnumCode(codeAt(text, end))) return -1;
  if (!ibanChecksumValid(compact)) return -1;
  const context = IBAN_CONTEXT.test(text.slice(Math.max(0, start - 40), start));
  ctx.out.push({
    type: "iban",
    start,
    end,
    value: text.slice(start, end),
    confidence: spaced || context ? "HIGH" : "MEDIUM",
    testData: TEST_IBANS.has(compact),
    normalised: compact,
  });
  return end;
}
