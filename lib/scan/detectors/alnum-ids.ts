import { isDigitCode } from "../util";
import type { ScanContext } from "./common";
import { ibanAt } from "./payment";
import { deaAt, mbiFromTail } from "./phi";

/**
 * One pass for the identifiers made of upper-case letters and digits: an upper-case
 * letter, a letter or digit, then two digits. That shape starts an IBAN ("GB82"),
 * a DEA number ("AB12...") and ends a Medicare MBI ("...MK73"); it is rare in
 * ordinary text, so the three validators run only a few times per document.
 */
const UPPER_ANCHOR = /[A-Z][A-Z0-9]\d\d/g;

export function detectUpperCaseIds(ctx: ScanContext): void {
  const { text } = ctx;
  UPPER_ANCHOR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = UPPER_ANCHOR.exec(text)) !== null) {
    const p = m.index;
    const second = text.charCodeAt(p + 1);
    let end = -1;
    if (second >= 65 && second <= 90) end = ibanAt(ctx, p);
    if (end < 0 && (second === 57 || (second >= 65 && second <= 90)) && isDigitCode(text.charCodeAt(p + 4))) end = deaAt(ctx, p);
    if (end < 0 && second >= 65 && second <= 90) end = mbiFromTail(ctx, p);
    UPPER_ANCHOR.lastIndex = end > 0 ? end : p + 1;
  }
}
