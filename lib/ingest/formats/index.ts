/**
 * Gateway-log parsers by ingest source. Each parser is a pure function of one record.
 */
import type { IngestSource, ParseResult } from "../types";
import { parseCloudflareLog } from "./cloudflare";
import { parseGenericRecord } from "./generic";
import { describeType, parseLiteLLMPayload } from "./litellm";
import { parseSpendLogRow } from "./litellm-spendlogs";
import { isObject } from "./common";

export type RecordParser = (value: unknown) => ParseResult;

/** Sources whose records come from files, pushes or the SpendLogs table (not the guardrail endpoint). */
export type LogSource = Exclude<IngestSource, "guardrail">;

export const PARSERS: Readonly<Record<LogSource, RecordParser>> = {
  litellm: parseLiteLLMPayload,
  "litellm-db": (value) =>
    isObject(value) ? parseSpendLogRow(value) : { ok: false, reason: `expected a row object, got ${describeType(value)}` },
  cloudflare: parseCloudflareLog,
  generic: parseGenericRecord,
};

const rejectGuardrail: RecordParser = () => ({
  ok: false,
  reason: "guardrail decisions are recorded by the guardrail endpoint, not parsed from a log file",
});

/**
 * The parser for a source. "guardrail" events are produced by the product's own guardrail
 * endpoint, not parsed from a log format: its parser rejects every record with a reason.
 */
export function parserFor(source: IngestSource): RecordParser {
  if (source === "guardrail") return rejectGuardrail;
  const parser = PARSERS[source];
  if (!parser) throw new Error(`unknown ingest source: ${String(source)}`);
  return parser;
}

export { parseCloudflareLog, parseGenericRecord, parseLiteLLMPayload, parseSpendLogRow };
export { canonicalJson, canonicalDigest, sha256Hex } from "./canonical";
