/**
 * Rows of LiteLLM's `LiteLLM_SpendLogs` table, read over a read-only Postgres connection.
 *
 * Column values may arrive as the driver returns them: timestamps as Date objects or
 * strings ("2025-05-01 12:00:00.123", no zone = UTC), JSON columns as parsed values or as
 * JSON text, numbers as numbers, numeric strings or bigints. `messages` / `response` are
 * `{}` unless the proxy stores prompts (`store_prompts_in_spend_logs`); such rows have
 * hasPayload = false (DC-3). When `messages` is empty but `proxy_server_request` holds the
 * request body, that body is scanned instead.
 */
import { z } from "zod";
import type { NormalisedEvent, ParseResult } from "../types";
import { canonicalDigest } from "./canonical";
import {
  idString,
  isObject,
  maybeParseJson,
  nonNegInt,
  nonNegNumber,
  providerFromModel,
  safeKeyHash,
  str,
  stringList,
  toDate,
  zodReason,
  type JsonObject,
} from "./common";
import {
  describeType,
  guardrailEntries,
  litellmClientTool,
  litellmGatewayAction,
  litellmIdentity,
  litellmRepository,
  mcpToolCalls,
  normaliseStatus,
} from "./litellm";
import { extractMessages, extractRequestBody, extractResponse, TextSink } from "./payload-text";

const JSON_COLUMNS = ["metadata", "request_tags", "messages", "response", "proxy_server_request"] as const;

const optStr = z.string().nullish();
const numeric = z.union([z.number(), z.string(), z.bigint()]).nullish();
const time = z.union([z.date(), z.string(), z.number()]).nullish();

const SpendLogRow = z.looseObject({
  request_id: z.union([z.string(), z.number()]),
  call_type: optStr,
  api_key: optStr,
  spend: numeric,
  total_tokens: numeric,
  prompt_tokens: numeric,
  completion_tokens: numeric,
  startTime: time,
  endTime: time,
  model: optStr,
  model_group: optStr,
  custom_llm_provider: optStr,
  user: optStr,
  team_id: optStr,
  end_user: optStr,
  session_id: optStr,
  status: optStr,
  metadata: z.record(z.string(), z.unknown()).nullish(),
  request_tags: z.array(z.unknown()).nullish(),
});

export function parseSpendLogRow(row: Record<string, unknown>): ParseResult {
  if (!isObject(row)) return { ok: false, reason: `expected a row object, got ${describeType(row)}` };
  const r: JsonObject = { ...row };
  for (const col of JSON_COLUMNS) if (col in r) r[col] = maybeParseJson(r[col]);

  if (r.request_id === undefined || r.request_id === null) return { ok: false, reason: "request_id: missing" };
  const parsed = SpendLogRow.safeParse(r);
  if (!parsed.success) return { ok: false, reason: zodReason(parsed.error) };

  const requestId = idString(r.request_id);
  if (requestId === null) return { ok: false, reason: "request_id: missing or empty" };
  const occurredAt = toDate(r.startTime) ?? toDate(r.endTime);
  if (!occurredAt) return { ok: false, reason: "no usable time: startTime and endTime are missing or not a valid time" };

  const meta: JsonObject = isObject(r.metadata) ? r.metadata : {};
  const tags = stringList(r.request_tags);
  const status = normaliseStatus(r.status) ?? normaliseStatus(meta.status);
  const statusFields = isObject(meta.status_fields) ? meta.status_fields : {};
  const { action, guardrailStatus } = litellmGatewayAction({
    status,
    guardrailStatus: str(statusFields.guardrail_status) ?? str(meta.guardrail_status),
    guardrails: guardrailEntries(meta.guardrail_information),
    errorInformation: meta.error_information,
    errorStr: meta.error_str,
  });

  const sink = new TextSink();
  extractMessages(r.messages, "messages", sink);
  if (sink.texts.length === 0 && r.proxy_server_request !== undefined && r.proxy_server_request !== null) {
    const psr = r.proxy_server_request;
    const body = isObject(psr) && isObject(psr.body) ? psr.body : psr;
    extractRequestBody(body, isObject(psr) && isObject(psr.body) ? "proxy_server_request.body" : "proxy_server_request", sink);
  }
  extractResponse(r.response, "response", sink);
  const toolCalls = [...sink.toolCalls];
  mcpToolCalls(meta.mcp_tool_call_metadata, "metadata.mcp_tool_call_metadata", sink, toolCalls);

  const identity = litellmIdentity(meta);
  const digest = canonicalDigest(r);
  const errorInfo = isObject(meta.error_information) ? meta.error_information : {};
  const event: NormalisedEvent = {
    source: "litellm-db",
    naturalKey: requestId,
    callId: requestId,
    traceId: str(r.session_id) ?? str(meta.trace_id),
    occurredAt,
    endedAt: toDate(r.endTime),
    status,
    gatewayAction: action,
    guardrailStatus,
    model: str(r.model_group) ?? str(r.model),
    provider: str(r.custom_llm_provider) ?? providerFromModel(str(r.model)) ?? str(errorInfo.llm_provider),
    apiKeyHash: safeKeyHash(r.api_key) ?? safeKeyHash(meta.user_api_key) ?? identity.apiKeyHash,
    apiKeyAlias: identity.apiKeyAlias,
    proxyUserId: str(r.user) ?? identity.proxyUserId,
    proxyUserEmail: identity.proxyUserEmail,
    teamId: str(r.team_id) ?? identity.teamId,
    tags,
    repository: litellmRepository(tags, meta),
    clientTool: litellmClientTool(tags, meta),
    promptTokens: nonNegInt(r.prompt_tokens),
    completionTokens: nonNegInt(r.completion_tokens),
    cost: nonNegNumber(r.spend),
    hasPayload: sink.texts.length > 0,
    payloadSha256: digest.sha256,
    payloadBytes: digest.bytes,
    texts: sink.texts,
    toolCalls,
  };
  return { ok: true, event };
}
