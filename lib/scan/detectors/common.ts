import type { Confidence, ScanOptions } from "../types";
import type { FindingType } from "../registry";

/**
 * A detector hit before it becomes a Finding. `value` is the matched sensitive
 * text: it never leaves the library (only its mask and keyed fingerprint do).
 */
export interface RawMatch {
  type: FindingType;
  start: number;
  end: number;
  /** the sensitive value (used for the excerpt and the fingerprint, then dropped) */
  value: string;
  confidence: Confidence;
  testData?: boolean;
  /** excerpt override (already masked), for composite or structured values */
  excerpt?: string;
  /** normalised value override for the fingerprint */
  normalised?: string;
}

export interface ScanContext {
  text: string;
  options: ScanOptions;
  out: RawMatch[];
  /** lazily computed lower-case copy (null when lower-casing changes the length, e.g. "İ") */
  lower?: string | null;
}

/** Lower-case copy of the text with the same indices, or null if there is none. */
export function lowerText(ctx: ScanContext): string | null {
  if (ctx.lower === undefined) {
    const l = ctx.text.toLowerCase();
    ctx.lower = l.length === ctx.text.length ? l : null;
  }
  return ctx.lower;
}

export type Detector = (ctx: ScanContext) => void;
