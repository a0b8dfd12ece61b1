/**
 * Cloudflare AI Gateway logs, in either shape:
 * - REST logs API items (`GET /accounts/{id}/ai-gateway/gateways/{gw}/logs` → `result[]`,
 *   or a log detail): snake_case fields id, created_at, provider, model, path, success,
 *   status_code, cached, tokens_in, tokens_out, cost, duration, metadata (a JSON string of
 *   the `cf-aig-metadata` custom metadata), request_head, …; exports may add the bodies as
 *   `request` / `response` (objects or JSON strings).
 * - Workers Logpush "AI Gateway" dataset lines: PascalCase fields (Id, CreatedAt, Provider,
 *   Model, StatusCode, TokensIn, …) where Metadata, RequestBody and ResponseBody are
 *   hybrid-encrypted ({key, iv, data} base64, RSA-OAEP + AES-GCM) unless decrypted first.
 *
 * Bodies that are absent, encrypted or opaque blobs give hasPayload = false (DC-3).
 * PascalCase keys are normalised to snake_case, so both shapes share one code path.
 */
import { z } from "zod";
import type { GatewayAction, NormalisedEvent, ParseResult } from "../types";
import { canonicalDigest } from "./canonical";
import {
  clientToolFromName,
  clientToolFromTags,
  clientToolFromUserAgent,
  headerValue,
  idString,
  isObject,
  looksLikeHash,
  looksLikeRawKey,
  maybeParseJson,
  nonNegInt,
  nonNegNumber,
  normaliseRepository,
  providerFromModel,
  safeKeyHash,
  str,
  stringList,
  toDate,
  zodReason,
  type JsonObject,
} from "./common";
import { describeType } from "./litellm";
import { extractRequestBody, extractResponse, looksLikeSse, TextSink } from "./payload-text";

const optStr = z.string().nullish();
const optNum = z.number().nullish();

const CloudflareLog = z.looseObject({
  id: z.union([z.string(), z.number()]).nullish(),
  created_at: z.union([z.string(), z.number(), z.date()]).nullish(),
  timestamp: z.union([z.string(), z.number(), z.date()]).nullish(),
  provider: optStr,
  model: optStr,
  path: optStr,
  success: z.boolean().nullish(),
  status_code: z.union([z.number(), z.string()]).nullish(),
  cached: z.boolean().nullish(),
  tokens_in: optNum,
  tokens_out: optNum,
  cost: optNum,
  duration: optNum,
  event_id: optStr,
});

export function parseCloudflareLog(value: unknown): ParseResult {
  if (!isObject(value)) return { ok: false, reason: `expected a JSON object, got ${describeType(value)}` };
  const log = snakeKeys(value);
  const parsed = CloudflareLog.safeParse(log);
  if (!parsed.success) return { ok: false, reason: zodReason(parsed.error) };

  const occurredAt = toDate(log.created_at) ?? toDate(log.timestamp);
  if (!occurredAt) return { ok: false, reason: "no usable time: created_at is missing or not a valid time" };
  const duration = nonNegNumber(log.duration);

  const digest = canonicalDigest(value);
  const id = idString(log.id);
  const metadata = decodeMetadata(log.metadata);

  const statusCode = nonNegInt(log.status_code);
  const status: "success" | "failure" | null =
    typeof log.success === "boolean"
      ? log.success
        ? "success"
        : "failure"
      : statusCode !== null
        ? statusCode < 400
          ? "success"
          : "failure"
        : null;

  const dlpAction = str(log.dlp_action) ?? (isObject(log.dlp) ? str(log.dlp.action) : null);
  const guardrailAction = str(log.guardrail_action) ?? (isObject(log.guardrails) ? str(log.guardrails.action) : null);
  let gatewayAction: GatewayAction;
  if ((dlpAction && /block/i.test(dlpAction)) || (guardrailAction && /block/i.test(guardrailAction))) gatewayAction = "BLOCKED";
  else if (guardrailAction && /mask|redact/i.test(guardrailAction)) gatewayAction = "MASKED";
  else if (status === "success") gatewayAction = "PASSED";
  else if (status === "failure") gatewayAction = "FAILED";
  else gatewayAction = "UNKNOWN";
  const guardrailStatus = dlpAction
    ? `dlp_${dlpAction.toLowerCase()}`
    : guardrailAction
      ? guardrailAction.toLowerCase()
      : null;

  const sink = new TextSink();
  const request = decodeBody(firstDefined(log, ["request_body", "request", "request_payload"]));
  const response = decodeBody(firstDefined(log, ["response_body", "response", "response_payload"]));
  if (request.kind === "value") extractRequestBody(request.value, "request", sink);
  if (response.kind === "value") extractResponse(response.value, "response", sink);

  const tags = metadata ? stringList(maybeSplit(metadata.tags)) : [];
  const model = str(log.model);
  const rawProvider = str(log.provider);
  const provider =
    rawProvider === null || rawProvider === "compat" || rawProvider === "universal"
      ? (providerFromModel(model) ?? rawProvider)
      : rawProvider;

  // a key reference in custom metadata: a hash (or, by mistake, a raw key: hashed) or an alias
  const keyRef = metadata ? idString(pick(metadata, ["api_key_hash", "key_hash", "api_key_id", "key_id"])) : null;
  const keyIsHash = keyRef !== null && (looksLikeHash(keyRef) || looksLikeRawKey(keyRef));
  const event: NormalisedEvent = {
    source: "cloudflare",
    naturalKey: id ?? `sha256:${digest.sha256}`,
    callId: id,
    traceId: str(log.event_id),
    occurredAt,
    endedAt: duration !== null ? new Date(occurredAt.getTime() + duration) : null,
    status,
    gatewayAction,
    guardrailStatus,
    model,
    provider,
    apiKeyHash: keyIsHash ? safeKeyHash(keyRef) : null,
    apiKeyAlias: (metadata ? idString(pick(metadata, ["api_key_alias", "key_alias", "key_name"])) : null) ?? (keyIsHash ? null : keyRef),
    proxyUserId: metadata ? idString(pick(metadata, ["user_id", "user", "userId", "username"])) : null,
    proxyUserEmail: metadata ? str(pick(metadata, ["user_email", "email"])) : null,
    teamId: metadata ? idString(pick(metadata, ["team_id", "team"])) : null,
    tags,
    repository: metadata ? normaliseRepository(pick(metadata, ["repository", "repo", "git_repository"])) : null,
    clientTool:
      clientToolFromTags(tags) ??
      (metadata ? clientToolFromName(pick(metadata, ["client_tool", "tool", "client", "agent"])) : null) ??
      clientToolFromUserAgent(userAgentOf(log)),
    promptTokens: nonNegInt(log.tokens_in),
    completionTokens: nonNegInt(log.tokens_out),
    cost: nonNegNumber(log.cost),
    hasPayload: sink.texts.length > 0,
    payloadSha256: digest.sha256,
    payloadBytes: digest.bytes,
    texts: sink.texts,
    toolCalls: sink.toolCalls,
  };
  return { ok: true, event };
}

/** "CreatedAt" → "created_at", "ID" → "id", "TokensIn" → "tokens_in"; snake_case keys unchanged. */
function snakeKeys(obj: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) {
    const snake = k
      .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
      .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
      .toLowerCase();
    if (!(snake in out) || k === snake) out[snake] = v;
  }
  return out;
}

function firstDefined(obj: JsonObject, keys: readonly string[]): unknown {
  for (const k of keys) if (obj[k] !== undefined && obj[k] !== null) return obj[k];
  return undefined;
}

function pick(obj: JsonObject, keys: readonly string[]): unknown {
  return firstDefined(obj, keys);
}

type Body = { kind: "absent" } | { kind: "encrypted" } | { kind: "value"; value: unknown };

/** An encrypted Logpush field: {key, iv, data} (base64), or an explicit encrypted marker. */
function isEncryptedEnvelope(v: JsonObject): boolean {
  if (v.encrypted === true || v.type === "encrypted") return true;
  return typeof v.data === "string" && (typeof v.iv === "string" || typeof v.key === "string");
}

/** A long base64 string with no structure: ciphertext, not text we could scan. */
const OPAQUE_BLOB = /^[A-Za-z0-9+/_-]{64,}={0,2}$/;

function decodeBody(v: unknown): Body {
  if (v === undefined || v === null) return { kind: "absent" };
  if (typeof v === "string") {
    const t = v.trim();
    if (t === "") return { kind: "absent" };
    const parsed = maybeParseJson(t);
    if (parsed !== t) return decodeBody(parsed);
    if (looksLikeSse(t)) return { kind: "value", value: t };
    if (OPAQUE_BLOB.test(t.replace(/\s+/g, ""))) return { kind: "encrypted" };
    return { kind: "value", value: t };
  }
  if (isObject(v)) {
    if (Object.keys(v).length === 0) return { kind: "absent" };
    if (isEncryptedEnvelope(v)) return { kind: "encrypted" };
    return { kind: "value", value: v };
  }
  if (Array.isArray(v)) return v.length ? { kind: "value", value: v } : { kind: "absent" };
  return { kind: "absent" };
}

/** Custom metadata: an object or its JSON text; null when absent or encrypted. */
function decodeMetadata(v: unknown): JsonObject | null {
  const parsed = maybeParseJson(v);
  if (!isObject(parsed) || isEncryptedEnvelope(parsed)) return null;
  return parsed;
}

function maybeSplit(v: unknown): unknown {
  return typeof v === "string" ? v.split(",").map((s) => s.trim()) : v;
}

function userAgentOf(log: JsonObject): string | null {
  const direct = str(log.user_agent);
  if (direct) return direct;
  for (const key of ["request_head", "request_headers"]) {
    const head = maybeParseJson(log[key]);
    if (isObject(head)) {
      const ua = headerValue(head, "user-agent") ?? (isObject(head.headers) ? headerValue(head.headers, "user-agent") : null);
      if (ua) return ua;
    } else if (typeof head === "string") {
      const m = /^user-agent:\s*(.+)$/im.exec(head);
      if (m) return m[1].trim();
    }
  }
  return null;
}
