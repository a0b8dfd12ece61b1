import { codeAt, isDigitCode, isWordCode } from "../util";
import type { ScanContext } from "./common";

/** bare nine digits or "ddd dd dddd": only reported after an SSN context word */
const SSN_NEAR_CONTEXT = /(?<![\w-])(?:\d{9}|\d{3} \d{2} \d{4})(?![\w-])/g;
export const SSN_CONTEXT = /(?:\bssn|\bss#|\bss no|social[\s_-]*security|soc\.?\s*sec|\bssan\b|\btaxpayer)/i;

/**
 * Published numbers that are not anyone's SSN (Woolworth wallet card 078-05-1120,
 * the 1940s advertising number 219-09-9999, the canonical example 123-45-6789).
 * Decision: they are reported (a prompt containing them still looks like SSN data
 * being handled) but with testData: true, like the well-known test card numbers.
 */
export const EXAMPLE_SSNS: ReadonlySet<string> = new Set(["078051120", "219099999", "123456789"]);

/** SSA validity rules for a 9-digit string. */
export function ssnValid(d: string): boolean {
  if (d.length !== 9) return false;
  const area = Number(d.slice(0, 3));
  const group = Number(d.slice(3, 5));
  const serial = Number(d.slice(5));
  if (area === 0 || area === 666 || area >= 900) return false;
  if (group === 0 || serial === 0) return false;
  if (/^(\d)\1{8}$/.test(d)) return false;
  return true;
}

/**
 * Dashed SSN ending at the "-dddd" tail whose "-" is at `t` (123-45-6789). The tail
 * pass is shared with North American phone numbers (see contact.ts), since both end
 * in "-dddd", a rare shape in ordinary text. "123-45 6789" (mixed delimiters) never
 * matches. HIGH confidence: the dashed 3-2-4 shape is specific.
 */
export function ssnFromDashTail(ctx: ScanContext, t: number): boolean {
  const { text } = ctx;
  const start = t - 6;
  if (start < 0 || text.charCodeAt(t - 3) !== 45) return false;
  if (!isDigitCode(text.charCodeAt(t - 2)) || !isDigitCode(text.charCodeAt(t - 1))) return false;
  if (!isDigitCode(text.charCodeAt(start)) || !isDigitCode(text.charCodeAt(start + 1)) || !isDigitCode(text.charCodeAt(start + 2))) return false;
  const before = codeAt(text, start - 1);
  if (isWordCode(before) || before === 45) return false;
  const end = t + 5;
  const value = text.slice(start, end);
  const digits = value.slice(0, 3) + value.slice(4, 6) + value.slice(7);
  if (!ssnValid(digits)) return false;
  ctx.out.push({ type: "us_ssn", start, end, value, confidence: "HIGH", testData: EXAMPLE_SSNS.has(digits), normalised: digits });
  return true;
}

/**
 * Bare ("123456789") and space-separated ("123 45 6789") SSNs within 40 characters
 * after an SSN context word found at [ctxStart, ctxEnd). Called by the context pass.
 */
export function detectSsnAfterContext(ctx: ScanContext, ctxEnd: number): void {
  const { text } = ctx;
  const to = Math.min(text.length, ctxEnd + 40);
  const window = text.slice(ctxEnd, to);
  SSN_NEAR_CONTEXT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SSN_NEAR_CONTEXT.exec(window)) !== null) {
    const start = ctxEnd + m.index;
    const end = start + m[0].length;
    if (m.index === 0 && isWordCode(codeAt(text, start - 1))) continue;
    if (end === to && isWordCode(codeAt(text, end))) continue;
    const digits = m[0].replace(/ /g, "");
    if (!ssnValid(digits)) continue;
    ctx.out.push({
      type: "us_ssn",
      start,
      end,
      value: m[0],
      confidence: m.index <= 12 ? "HIGH" : "MEDIUM",
      testData: EXAMPLE_SSNS.has(digits),
      normalised: digits,
    });
  }
}
