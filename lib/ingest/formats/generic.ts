/**
 * The documented generic JSONL schema for a home-made proxy (docs/generic-jsonl.md).
 * One JSON object per line; `id` and `timestamp` are required, everything else optional.
 * Unknown fields are ignored. Validation errors name the field and never echo its value.
 */
import { z } from "zod";
import type { GatewayAction, NormalisedEvent, ParseResult } from "../types";
import { canonicalDigest, sha256Hex } from "./canonical";
import {
  clientToolFromName,
  isObject,
  looksLikeHash,
  looksLikeRawKey,
  normaliseRepository,
  providerFromModel,
  str,
  stringList,
  toDate,
  zodReason,
} from "./common";
import { describeType } from "./litellm";
import { extractContent, extractResponse, TextSink, toolCallRecord } from "./payload-text";

const required = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? "required" : `expected ${what}`;

const optStr = z.string({ error: required("a string") }).nullish();
const count = z.number({ error: required("a number") }).int("expected an integer").nonnegative("must be ≥ 0").nullish();

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|z|[+-]\d{2}:?\d{2})?$/;

function isoProblem(v: string): string | null {
  if (!ISO_8601.test(v.trim()) || toDate(v) === null) return "invalid ISO-8601 date (expected e.g. 2025-05-01T12:34:56Z)";
  if (!/(?:Z|z|[+-]\d{2}:?\d{2})$/.test(v.trim())) return "invalid ISO-8601 date: a time zone (Z or ±hh:mm) is required";
  return null;
}

const timestamp = z.string({ error: required("an ISO-8601 string") }).superRefine((v, ctx) => {
  const problem = isoProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const Message = z.looseObject({
  role: z.string({ error: required("a string") }),
  content: z.union([z.string(), z.array(z.unknown()), z.null()], { error: "expected a string or a list of content blocks" }).optional(),
});

const ToolCall = z.looseObject({
  server: optStr,
  tool: z.string({ error: required("a string") }).min(1, "must not be empty"),
  arguments: z.unknown(),
});

export const GenericRecord = z.looseObject({
  id: z.string({ error: required("a string") }).min(1, "must not be empty"),
  timestamp,
  end_timestamp: timestamp.nullish(),
  trace_id: optStr,
  user: optStr,
  user_email: optStr,
  api_key_id: optStr,
  model: optStr,
  provider: optStr,
  tool: optStr,
  repository: optStr.refine((v) => v === null || v === undefined || normaliseRepository(v) !== null, {
    message: 'expected "owner/name"',
  }),
  tags: z.array(z.string({ error: "expected a string" }), { error: "expected a list of strings" }).nullish(),
  status: z.enum(["success", "failure"], { error: 'expected "success" or "failure"' }).nullish(),
  action: z.enum(["passed", "blocked", "masked"], { error: 'expected "passed", "blocked" or "masked"' }).nullish(),
  prompt_tokens: count,
  completion_tokens: count,
  cost_usd: z.number({ error: required("a number") }).nonnegative("must be ≥ 0").nullish(),
  messages: z.array(Message, { error: "expected a list of {role, content}" }).nullish(),
  response: z.string({ error: "expected a string" }).nullish(),
  tool_calls: z.array(ToolCall, { error: "expected a list of {server?, tool, arguments?}" }).nullish(),
});

export function parseGenericRecord(value: unknown): ParseResult {
  if (!isObject(value)) return { ok: false, reason: `expected a JSON object, got ${describeType(value)}` };
  const parsed = GenericRecord.safeParse(value);
  if (!parsed.success) return { ok: false, reason: zodReason(parsed.error) };
  const r = parsed.data;

  const occurredAt = toDate(r.timestamp);
  if (!occurredAt) return { ok: false, reason: "timestamp: invalid ISO-8601 date" };

  const sink = new TextSink();
  (r.messages ?? []).forEach((m, i) => {
    if (typeof m.content === "string") sink.add(`messages[${i}].content`, m.content);
    else if (Array.isArray(m.content)) extractContent(m.content, `messages[${i}].content`, sink, false);
  });
  if (typeof r.response === "string") extractResponse(r.response, "response", sink);
  const toolCalls = (r.tool_calls ?? []).flatMap((tc, i) => {
    sink.addJson(`tool_calls[${i}].arguments`, tc.arguments);
    const rec = toolCallRecord(tc.tool, tc.arguments, str(tc.server));
    return rec ? [rec] : [];
  });

  const keyRef = str(r.api_key_id);
  const keyIsHash = keyRef !== null && (looksLikeHash(keyRef) || looksLikeRawKey(keyRef));
  const status = r.status ?? null;
  let gatewayAction: GatewayAction;
  if (r.action === "blocked") gatewayAction = "BLOCKED";
  else if (r.action === "masked") gatewayAction = "MASKED";
  else if (r.action === "passed") gatewayAction = status === "failure" ? "FAILED" : "PASSED";
  else if (status === "success") gatewayAction = "PASSED";
  else if (status === "failure") gatewayAction = "FAILED";
  else gatewayAction = "UNKNOWN";

  const digest = canonicalDigest(value);
  const model = str(r.model);
  const event: NormalisedEvent = {
    source: "generic",
    naturalKey: r.id,
    callId: r.id,
    traceId: str(r.trace_id),
    occurredAt,
    endedAt: r.end_timestamp ? toDate(r.end_timestamp) : null,
    status,
    gatewayAction,
    guardrailStatus: r.action ?? null,
    model,
    provider: str(r.provider) ?? providerFromModel(model),
    apiKeyHash: keyIsHash ? (looksLikeRawKey(keyRef) ? sha256Hex(keyRef) : keyRef) : null,
    apiKeyAlias: keyIsHash ? null : keyRef,
    proxyUserId: str(r.user),
    proxyUserEmail: str(r.user_email),
    teamId: null,
    tags: stringList(r.tags),
    repository: normaliseRepository(r.repository),
    clientTool: clientToolFromName(r.tool),
    promptTokens: r.prompt_tokens ?? null,
    completionTokens: r.completion_tokens ?? null,
    cost: r.cost_usd ?? null,
    hasPayload: sink.texts.length > 0,
    payloadSha256: digest.sha256,
    payloadBytes: digest.bytes,
    texts: sink.texts,
    toolCalls,
  };
  return { ok: true, event };
}
