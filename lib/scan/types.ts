/** Classification levels, lowest first. The order is the policy's order. */
export const CLASSIFICATIONS = ["PUBLIC", "INTERNAL", "CONFIDENTIAL", "RESTRICTED"] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export function classificationRank(c: Classification): number {
  return CLASSIFICATIONS.indexOf(c);
}

export function atLeast(c: Classification, level: Classification): boolean {
  return classificationRank(c) >= classificationRank(level);
}

export type Confidence = "LOW" | "MEDIUM" | "HIGH";

/** One detector hit. Never carries the matched value itself. */
export interface Finding {
  /** e.g. "credit_card", "us_ssn", "aws_access_key" */
  type: string;
  /** detector id, e.g. "payment-card" */
  detector: string;
  detectorVersion: string;
  classification: Classification;
  /** JavaScript string indices into the scanned text */
  start: number;
  end: number;
  /** masked excerpt such as "4111 **** **** 1111" */
  excerpt: string;
  /** keyed HMAC-SHA256 (hex) of the normalised matched value */
  fingerprint: string;
  confidence: Confidence;
  /** well-known test values (e.g. 4111 1111 1111 1111) */
  testData: boolean;
}

/** A finding located inside a structured payload (messages[2].content, response, tool args...). */
export interface LocatedFinding extends Finding {
  location: string;
}

export interface ScanOptions {
  /** HMAC key for fingerprints */
  fingerprintKey: string;
  /** glob-like host patterns, e.g. "*.corp.example.com" */
  internalHostPatterns?: string[];
  /** per-type classification overrides (settings) */
  classificationOverrides?: Record<string, Classification>;
}

/**
 * The fields of a finding that may be stored, as an explicit whitelist: nothing else
 * of a finding (nor the scanned text) can slip into a row.
 */
export function storedFinding(f: LocatedFinding) {
  return {
    type: f.type,
    detector: f.detector,
    detectorVersion: f.detectorVersion,
    classification: f.classification,
    location: f.location,
    start: f.start,
    end: f.end,
    excerpt: f.excerpt,
    fingerprint: f.fingerprint,
    confidence: f.confidence,
    testData: f.testData,
  };
}
