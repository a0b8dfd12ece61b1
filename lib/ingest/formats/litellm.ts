/**
 * LiteLLM callback payloads (`StandardLoggingPayload`, one per call, as written by LiteLLM's
 * generic/S3/GCS loggers or pushed in batches). Every field is optional; unknown fields are
 * fine; wrong types for the fields used here make the record fail with a reason.
 *
 * Reference: https://docs.litellm.ai/docs/proxy/logging_spec and litellm/types/utils.py.
 */
import { z } from "zod";
import type { GatewayAction, NormalisedEvent, ParseResult, ToolCallRecord } from "../types";
import { canonicalDigest } from "./canonical";
import {
  clientToolFromName,
  clientToolFromTags,
  clientToolFromUserAgent,
  headerValue,
  idString,
  isObject,
  nonNegInt,
  nonNegNumber,
  normaliseRepository,
  providerFromModel,
  repositoryFromTags,
  safeKeyHash,
  str,
  stringList,
  toDate,
  zodReason,
  type JsonObject,
} from "./common";
import { extractMessages, extractResponse, TextSink, toolCallRecord } from "./payload-text";

const optStr = z.string().nullish();
const optNum = z.number().nullish();
const optTime = z.union([z.number(), z.string()]).nullish();

const GuardrailInfo = z.looseObject({
  guardrail_name: optStr,
  guardrail_status: optStr,
  guardrail_action: optStr,
});

const McpToolCall = z.looseObject({
  name: optStr,
  mcp_server_name: optStr,
  namespaced_tool_name: optStr,
});

const Metadata = z.looseObject({
  user_api_key_hash: optStr,
  user_api_key_alias: optStr,
  user_api_key_user_id: optStr,
  user_api_key_user_email: optStr,
  user_api_key_team_id: optStr,
  user_api_key_team_alias: optStr,
  team_id: optStr,
  user_agent: optStr,
  requester_metadata: z.record(z.string(), z.unknown()).nullish(),
  spend_logs_metadata: z.record(z.string(), z.unknown()).nullish(),
  mcp_tool_call_metadata: McpToolCall.nullish(),
  guardrail_information: z.union([z.array(GuardrailInfo), GuardrailInfo]).nullish(),
});

const ErrorInformation = z.looseObject({
  error_code: z.union([z.string(), z.number()]).nullish(),
  error_class: optStr,
  llm_provider: optStr,
  error_message: optStr,
});

const StandardLoggingPayload = z.looseObject({
  id: z.union([z.string(), z.number()]).nullish(),
  call_id: optStr,
  trace_id: optStr,
  status: optStr,
  status_fields: z.looseObject({ llm_api_status: optStr, guardrail_status: optStr }).nullish(),
  guardrail_information: z.union([z.array(GuardrailInfo), GuardrailInfo]).nullish(),
  response_cost: optNum,
  total_tokens: optNum,
  prompt_tokens: optNum,
  completion_tokens: optNum,
  startTime: optTime,
  endTime: optTime,
  completionStartTime: optTime,
  model: optStr,
  model_group: optStr,
  custom_llm_provider: optStr,
  metadata: Metadata.nullish(),
  request_tags: z.array(z.unknown()).nullish(),
  user_agent: optStr,
  mcp_tool_call_metadata: McpToolCall.nullish(),
  error_str: optStr,
  error_information: ErrorInformation.nullish(),
});

export function parseLiteLLMPayload(value: unknown): ParseResult {
  if (!isObject(value)) {
    return { ok: false, reason: `expected a JSON object, got ${describeType(value)}` };
  }
  const parsed = StandardLoggingPayload.safeParse(value);
  if (!parsed.success) return { ok: false, reason: zodReason(parsed.error) };
  const p = value; // validated above; read the original (passthrough) object
  const meta: JsonObject = isObject(p.metadata) ? p.metadata : {};

  const occurredAt = toDate(p.startTime) ?? toDate(p.endTime);
  if (!occurredAt) return { ok: false, reason: "no usable time: startTime and endTime are missing or not a valid time" };

  const digest = canonicalDigest(value);
  const id = idString(p.id);
  const tags = stringList(p.request_tags);

  const statusFields = isObject(p.status_fields) ? p.status_fields : {};
  const status = normaliseStatus(p.status) ?? normaliseStatus(statusFields.llm_api_status);
  const guardrails = [...guardrailEntries(p.guardrail_information), ...guardrailEntries(meta.guardrail_information)];
  const { action, guardrailStatus } = litellmGatewayAction({
    status,
    guardrailStatus: str(statusFields.guardrail_status),
    guardrails,
    errorInformation: p.error_information,
    errorStr: p.error_str,
  });

  const sink = new TextSink();
  extractMessages(p.messages, "messages", sink);
  extractResponse(p.response, "response", sink);
  const toolCalls = [...sink.toolCalls];
  mcpToolCalls(p.mcp_tool_call_metadata, "mcp_tool_call_metadata", sink, toolCalls);
  if (!isObject(p.mcp_tool_call_metadata)) {
    mcpToolCalls(meta.mcp_tool_call_metadata, "metadata.mcp_tool_call_metadata", sink, toolCalls);
  }

  const model = str(p.model_group) ?? str(p.model);
  const errorInfo = isObject(p.error_information) ? p.error_information : {};
  const event: NormalisedEvent = {
    source: "litellm",
    naturalKey: id ?? `sha256:${digest.sha256}`,
    callId: str(p.call_id) ?? id,
    traceId: str(p.trace_id),
    occurredAt,
    endedAt: toDate(p.endTime),
    status,
    gatewayAction: action,
    guardrailStatus,
    model,
    provider: str(p.custom_llm_provider) ?? providerFromModel(str(p.model)) ?? str(errorInfo.llm_provider),
    ...litellmIdentity(meta),
    tags,
    repository: litellmRepository(tags, meta),
    clientTool: litellmClientTool(tags, meta, [p.user_agent]),
    promptTokens: nonNegInt(p.prompt_tokens),
    completionTokens: nonNegInt(p.completion_tokens),
    cost: nonNegNumber(p.response_cost),
    hasPayload: sink.texts.length > 0,
    payloadSha256: digest.sha256,
    payloadBytes: digest.bytes,
    texts: sink.texts,
    toolCalls,
  };
  return { ok: true, event };
}

// ---------------------------------------------------------------------------
// shared with the SpendLogs parser

export function describeType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

export function normaliseStatus(v: unknown): "success" | "failure" | null {
  const s = str(v)?.toLowerCase();
  if (s === "success" || s === "succeeded" || s === "ok") return "success";
  if (s === "failure" || s === "failed" || s === "error") return "failure";
  return null;
}

export function guardrailEntries(v: unknown): JsonObject[] {
  if (Array.isArray(v)) return v.filter(isObject);
  if (isObject(v)) return [v];
  return [];
}

const STATUS_RANK: Record<string, number> = {
  blocked: 6,
  guardrail_blocked: 6,
  guardrail_intervened: 5,
  intervened: 5,
  masked: 4,
  failure: 3,
  guardrail_failed_to_respond: 2,
  success: 1,
  not_run: 0,
};

/**
 * What the gateway did, from LiteLLM's status and guardrail fields:
 * - BLOCKED: a guardrail says blocked (status or action), or the call failed and a guardrail
 *   intervened / the error is a guardrail error;
 * - MASKED: a guardrail masked entities, or intervened and the call still succeeded;
 * - PASSED: success; FAILED: a failure not caused by a guardrail; UNKNOWN otherwise.
 */
export function litellmGatewayAction(input: {
  status: "success" | "failure" | null;
  guardrailStatus: string | null;
  guardrails: JsonObject[];
  errorInformation?: unknown;
  errorStr?: unknown;
}): { action: GatewayAction; guardrailStatus: string | null } {
  const statuses = [input.guardrailStatus, ...input.guardrails.map((g) => str(g.guardrail_status))]
    .filter((s): s is string => s !== null)
    .map((s) => s.toLowerCase());
  const actions = input.guardrails
    .map((g) => str(g.guardrail_action))
    .filter((s): s is string => s !== null)
    .map((s) => s.toLowerCase());

  const blocked = statuses.some((s) => s.includes("block")) || actions.some((a) => /block|deny|reject/.test(a));
  const intervened = statuses.some((s) => s === "guardrail_intervened" || s === "intervened");
  // older LiteLLM versions logged guardrail_status "failure" when a guardrail raised
  const guardrailRaised = intervened || statuses.includes("failure");
  const masked =
    statuses.some((s) => /mask|redact|anonymi/.test(s)) ||
    actions.some((a) => /mask|redact|anonymi/.test(a)) ||
    input.guardrails.some((g) => maskedCount(g.masked_entity_count) > 0);

  const info = isObject(input.errorInformation) ? input.errorInformation : {};
  const errText = [str(info.error_class), str(info.error_message), str(input.errorStr)].filter(Boolean).join(" ");
  const guardrailError = /guardrail|blocked by|content[ _-]?(?:policy|filter)|policy violation|violated .*polic|moderation|prompt[ _-]?injection|\bpii\b|BlockedPiiEntityError/i.test(
    errText,
  );

  let guardrailStatus = input.guardrailStatus;
  if (guardrailStatus === null && statuses.length) {
    guardrailStatus = [...statuses].sort((a, b) => (STATUS_RANK[b] ?? 1) - (STATUS_RANK[a] ?? 1))[0];
  }

  let action: GatewayAction;
  if (blocked) action = "BLOCKED";
  else if (input.status === "failure") action = guardrailRaised || guardrailError ? "BLOCKED" : "FAILED";
  else if (masked || (intervened && input.status === "success")) action = "MASKED";
  else if (input.status === "success") action = "PASSED";
  else action = "UNKNOWN";
  return { action, guardrailStatus };
}

function maskedCount(v: unknown): number {
  if (!isObject(v)) return 0;
  let n = 0;
  for (const c of Object.values(v)) if (typeof c === "number" && c > 0) n += c;
  return n;
}

/** Key hash / alias, proxy user and team from LiteLLM metadata. */
export function litellmIdentity(meta: JsonObject): Pick<
  NormalisedEvent,
  "apiKeyHash" | "apiKeyAlias" | "proxyUserId" | "proxyUserEmail" | "teamId"
> {
  return {
    apiKeyHash: safeKeyHash(meta.user_api_key_hash),
    apiKeyAlias: str(meta.user_api_key_alias),
    proxyUserId: str(meta.user_api_key_user_id),
    proxyUserEmail: str(meta.user_api_key_user_email),
    teamId: str(meta.user_api_key_team_id) ?? str(meta.team_id),
  };
}

const REPO_KEYS = ["repository", "repo", "git_repository", "github_repository", "git_repo"];
const TOOL_KEYS = ["client_tool", "tool", "agent", "client"];

function fromKeys(obj: unknown, keys: readonly string[]): unknown {
  if (!isObject(obj)) return undefined;
  for (const k of keys) if (obj[k] !== undefined && obj[k] !== null) return obj[k];
  return undefined;
}

export function litellmRepository(tags: readonly string[], meta: JsonObject): string | null {
  return (
    repositoryFromTags(tags) ??
    normaliseRepository(fromKeys(meta.requester_metadata, REPO_KEYS)) ??
    normaliseRepository(fromKeys(meta.spend_logs_metadata, REPO_KEYS)) ??
    normaliseRepository(fromKeys(meta, REPO_KEYS))
  );
}

export function litellmClientTool(tags: readonly string[], meta: JsonObject, extraUserAgents: unknown[] = []): string | null {
  const fromTags = clientToolFromTags(tags);
  if (fromTags) return fromTags;
  const declared =
    clientToolFromName(fromKeys(meta.requester_metadata, TOOL_KEYS)) ??
    clientToolFromName(fromKeys(meta.spend_logs_metadata, TOOL_KEYS));
  if (declared) return declared;
  const agents = [
    ...extraUserAgents,
    meta.user_agent,
    headerValue(meta.requester_custom_headers, "user-agent"),
    headerValue(meta.headers, "user-agent"),
    isObject(meta.requester_metadata) ? meta.requester_metadata.user_agent : undefined,
  ];
  for (const ua of agents) {
    const tool = clientToolFromUserAgent(ua);
    if (tool) return tool;
  }
  return null;
}

/** LiteLLM's MCP tool call metadata: one call made through the proxy's MCP gateway. */
export function mcpToolCalls(v: unknown, loc: string, sink: TextSink, out: ToolCallRecord[]): void {
  if (!isObject(v)) return;
  const rec = toolCallRecord(v.name ?? v.namespaced_tool_name, v.arguments, str(v.mcp_server_name));
  if (rec) out.push(rec);
  sink.addJson(`${loc}.arguments`, v.arguments);
  sink.addJson(`${loc}.result`, v.result);
}

