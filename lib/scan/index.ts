/**
 * Detector library: pure functions over strings (no I/O, no database).
 *
 * scanText() runs the detectors over one text and returns findings that carry
 * offsets, a masked excerpt and a keyed fingerprint, never the matched value
 * (see DESIGN.md, "Privacy principle").
 *
 * Speed: every detector is behind a cheap prefilter (a digit probe for the numeric
 * detectors, one gate regex for all vendor-token prefixes, indexOf for "@", "://",
 * "-----BEGIN"...), regular expressions are anchored on shapes that are rare in
 * ordinary text and are linear (no nested ambiguous quantifiers). See README.md.
 */
import type { Classification, Finding, LocatedFinding, ScanOptions } from "./types";
import { DETECTOR_TYPES, detectorInfo, type DetectorTypeInfo } from "./registry";
import { fingerprint, maskValue, normaliseValue } from "./mask";
import type { Detector, RawMatch, ScanContext } from "./detectors/common";
import { detectPaymentCards } from "./detectors/payment";
import { detectUpperCaseIds } from "./detectors/alnum-ids";
import { detectEmails, detectPhones } from "./detectors/contact";
import { detectPhi } from "./detectors/phi";
import { detectSecrets } from "./detectors/secrets";
import { detectInternalHostnames, detectIpAddresses } from "./detectors/network";

export type { Classification, Confidence, Finding, LocatedFinding, ScanOptions } from "./types";
export { CLASSIFICATIONS, atLeast, classificationRank } from "./types";
export { DETECTOR_TYPES, FINDING_TYPES, defaultClassification, detectorInfo } from "./registry";
export type { DetectorTypeInfo, DetectorFamily, FindingType } from "./registry";
export { fingerprint, maskValue, normaliseValue } from "./mask";
export { luhnValid, shannonEntropy } from "./util";

/**
 * Digit prefilter. Every numeric detector (cards, SSN, phones, IBAN, MBI, DEA, PHI ids)
 * needs two digits in a row; IP addresses need at least one digit ("1.2.3.4", "::1").
 * On text without, those detectors do not run at all.
 */
const DIGIT = /\d/;
const DIGIT_PAIR = /\d\d/;

const NUMERIC_DETECTORS: readonly Detector[] = [detectPaymentCards, detectUpperCaseIds, detectPhones, detectPhi];
const TEXT_DETECTORS: readonly Detector[] = [detectEmails, detectSecrets, detectInternalHostnames];

function classificationFor(type: string, info: DetectorTypeInfo | undefined, options: ScanOptions): Classification {
  return options.classificationOverrides?.[type] ?? info?.classification ?? "RESTRICTED";
}

/**
 * Overlapping findings: the more specific type wins (registry priority, then the
 * longer span, then the earlier one). Composite findings (dob_with_zip) only
 * conflict with findings of their own type.
 */
function resolveOverlaps(matches: RawMatch[]): RawMatch[] {
  if (matches.length <= 1) return matches;
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: RawMatch[] = [];
  let i = 0;
  while (i < matches.length) {
    // a cluster of transitively overlapping matches (almost always size 1)
    let j = i + 1;
    let clusterEnd = matches[i].end;
    while (j < matches.length && matches[j].start < clusterEnd) {
      clusterEnd = Math.max(clusterEnd, matches[j].end);
      j++;
    }
    if (j - i === 1) {
      out.push(matches[i]);
    } else if (j - i > 64) {
      // pathological input (thousands of chained overlaps): linear sweep instead of the exact pass
      for (let k = i; k < j; k++) {
        const c = matches[k];
        const last = out.length > 0 ? out[out.length - 1] : undefined;
        if (last === undefined || c.start >= last.end) out.push(c);
        else if ((detectorInfo(c.type)?.priority ?? 0) > (detectorInfo(last.type)?.priority ?? 0)) out[out.length - 1] = c;
      }
    } else {
      const cluster = matches.slice(i, j);
      cluster.sort((a, b) => {
        const pa = detectorInfo(a.type)?.priority ?? 0;
        const pb = detectorInfo(b.type)?.priority ?? 0;
        return pb - pa || b.end - b.start - (a.end - a.start) || a.start - b.start;
      });
      const kept: RawMatch[] = [];
      for (const c of cluster) {
        const cComposite = detectorInfo(c.type)?.composite === true;
        let conflict = false;
        for (const k of kept) {
          if (c.start >= k.end || k.start >= c.end) continue;
          const kComposite = detectorInfo(k.type)?.composite === true;
          if ((cComposite || kComposite) && c.type !== k.type) continue;
          conflict = true;
          break;
        }
        if (!conflict) kept.push(c);
      }
      kept.sort((a, b) => a.start - b.start || a.end - b.end);
      for (const k of kept) out.push(k);
    }
    i = j;
  }
  return out;
}

function toFinding(m: RawMatch, options: ScanOptions, fpCache: Map<string, string> | null): Finding {
  const info = detectorInfo(m.type);
  const normalised = normaliseValue(m.type, m.normalised ?? m.value);
  let fp: string | undefined;
  if (fpCache !== null) {
    // repeats within one text (the same author email on every commit) are hashed once;
    // the cache lives only as long as this call, like the text itself
    fp = fpCache.get(normalised);
    if (fp === undefined) {
      fp = fingerprint(options.fingerprintKey, m.type, normalised);
      fpCache.set(normalised, fp);
    }
  } else fp = fingerprint(options.fingerprintKey, m.type, normalised);
  return {
    type: m.type,
    detector: info?.detector ?? "unknown",
    detectorVersion: info?.version ?? "0",
    classification: classificationFor(m.type, info, options),
    start: m.start,
    end: m.end,
    excerpt: m.excerpt ?? maskValue(m.type, m.value),
    fingerprint: fp,
    confidence: m.confidence,
    testData: m.testData === true,
  };
}

/**
 * Scan one text. Findings are sorted by start offset (JavaScript string indices);
 * overlapping findings are resolved in favour of the more specific type.
 */
export function scanText(text: string, options: ScanOptions): Finding[] {
  if (typeof text !== "string" || text.length === 0) return [];
  const ctx: ScanContext = { text, options, out: [] };
  if (DIGIT.test(text)) {
    detectIpAddresses(ctx);
    if (DIGIT_PAIR.test(text)) for (const d of NUMERIC_DETECTORS) d(ctx);
  }
  for (const d of TEXT_DETECTORS) d(ctx);
  if (ctx.out.length === 0) return [];
  const resolved = resolveOverlaps(ctx.out);
  const findings = new Array<Finding>(resolved.length);
  const fpCache = resolved.length > 1 ? new Map<string, string>() : null;
  for (let i = 0; i < resolved.length; i++) findings[i] = toFinding(resolved[i], options, fpCache);
  // drop the raw values as soon as possible
  ctx.out.length = 0;
  return findings;
}

/** Scan several located texts (messages[2].content, response, tool_result...). */
export function scanTexts(texts: ReadonlyArray<{ location: string; text: string }>, options: ScanOptions): LocatedFinding[] {
  const out: LocatedFinding[] = [];
  for (const t of texts) {
    for (const f of scanText(t.text, options)) out.push({ ...f, location: t.location });
  }
  return out;
}

/** The highest classification among findings (PUBLIC when there are none). */
export function highestClassification(findings: ReadonlyArray<Pick<Finding, "classification">>): Classification {
  let best: Classification = "PUBLIC";
  const order = ["PUBLIC", "INTERNAL", "CONFIDENTIAL", "RESTRICTED"];
  for (const f of findings) if (order.indexOf(f.classification) > order.indexOf(best)) best = f.classification;
  return best;
}

/** ids of all detectors with their versions, e.g. for recording which rules produced a scan */
export function detectorVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of DETECTOR_TYPES) out[d.detector] = d.version;
  return out;
}
