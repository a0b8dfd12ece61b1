// POST /api/guardrail/beta/litellm_basic_guardrail_api: LiteLLM's generic guardrail API.
// Hot path: the token check and the policy from memory (re-read every few seconds), the
// scan and decision in memory, one INSERT (which also links an already ingested event).
// The text is never stored.
import type { Db } from "../db/client";
import { scanTexts, scanText, type LocatedFinding, type ScanOptions } from "../scan";
import type { ScanText } from "../ingest/types";
import { decideWithFindings, failDecision, type Decision } from "./decide";
import { dropDuplicateMessageFindings, scanTargets } from "./extract";
import { cachedPolicy, lastKnownPolicy, policyUrl, type GuardrailPolicy } from "./policy";
import { describeIssues, GuardrailRequestSchema, type GuardrailRequest, type GuardrailResponse } from "./schema";
import { recordDecision, toStoredFinding, type DecisionRecord } from "./store";
import { verifyGuardrailToken } from "./token-cache";

/** Largest body accepted (LiteLLM sends the extracted texts, tools and messages as one JSON). */
export const MAX_GUARDRAIL_BODY_BYTES = 2 * 1024 * 1024;

export interface GuardrailHttpRequest {
  /** the Authorization header ("Bearer <guardrail token>") */
  authorization: string | null;
  /** the x-api-key header: recent LiteLLM versions send litellm_params.api_key there */
  apiKey?: string | null;
  bodyText: string;
  /** the Content-Length header, or the bytes read; checked before parsing */
  contentLength: number | null;
}

export interface GuardrailHttpResponse {
  status: number;
  body: GuardrailResponse | { error: string };
}

export interface HandlerOptions {
  /** replaces the scanner (tests inject failures) */
  scan?: (texts: ReadonlyArray<ScanText>, options: ScanOptions) => LocatedFinding[];
  /** policy cache TTL in ms (tests use 0) */
  policyTtlMs?: number;
  /** verified-token cache TTL in ms (tests use 0) */
  tokenTtlMs?: number;
}

const MAX_ERROR_CHARS = 500;

/** An error message fit to store: no sensitive value (in case a library quoted its input), bounded. */
function scrubError(e: unknown, options: ScanOptions | null): string {
  let msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  msg = msg.slice(0, MAX_ERROR_CHARS);
  try {
    const found = scanText(msg, options ?? { fingerprintKey: "error-scrub" });
    for (let i = found.length - 1; i >= 0; i--) msg = msg.slice(0, found[i]!.start) + `[REDACTED:${found[i]!.type}]` + msg.slice(found[i]!.end);
  } catch {
    msg = "internal error (message withheld)";
  }
  return msg;
}

function bytesOver(text: string, max: number): boolean {
  if (text.length > max) return true; // at least one byte per UTF-16 unit
  if (text.length * 3 <= max) return false; // at most three bytes per unit
  return Buffer.byteLength(text, "utf8") > max;
}

function metadataOf(req: GuardrailRequest | null) {
  const rd = req?.request_data;
  return {
    callId: req?.litellm_call_id ?? null,
    traceId: req?.litellm_trace_id ?? null,
    inputType: req?.input_type ?? "request",
    apiKeyHash: rd?.user_api_key_hash ?? null,
    apiKeyAlias: rd?.user_api_key_alias ?? null,
    proxyUserId: rd?.user_api_key_user_id ?? null,
  };
}

/** A body LiteLLM would send, or the reason it is not one. */
export function parseGuardrailBody(bodyText: string): { ok: true; request: GuardrailRequest } | { ok: false; error: string } {
  if (!bodyText.trim()) return { ok: false, error: "empty body: send LiteLLM's generic guardrail API request (JSON)" };
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    // the parser's message quotes the body: not echoed
    return { ok: false, error: "body is not valid JSON" };
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    return { ok: false, error: "body must be a JSON object with input_type, texts and request_data (LiteLLM generic guardrail API)" };
  }
  const parsed = GuardrailRequestSchema.safeParse(json);
  if (!parsed.success) return { ok: false, error: `not a LiteLLM generic guardrail API request: ${describeIssues(parsed.error)}` };
  return { ok: true, request: parsed.data };
}

/**
 * The endpoint's logic, independent of the HTTP framework:
 * 401 unknown token, 413 over MAX_GUARDRAIL_BODY_BYTES (before parsing), 400 for a body
 * that is not LiteLLM's request, 200 with NONE / BLOCKED / GUARDRAIL_INTERVENED otherwise.
 * An internal error answers per policy.failMode (closed: BLOCKED, open: NONE) and is
 * stored as a decision with `error`.
 */
export async function handleGuardrailRequest(db: Db, http: GuardrailHttpRequest, opts: HandlerOptions = {}): Promise<GuardrailHttpResponse> {
  const t0 = performance.now();

  let tokenId: string;
  try {
    const header = http.authorization ?? (http.apiKey ? `Bearer ${http.apiKey.trim()}` : null);
    const token = await verifyGuardrailToken(db, header, opts.tokenTtlMs);
    if (!token) return { status: 401, body: { error: "unknown or revoked guardrail token: send Authorization: Bearer <token> (npm run cli -- token create --kind guardrail)" } };
    tokenId = token.id;
  } catch (e) {
    // the token store is unreachable: the caller cannot be identified, but the prompt still needs an answer
    return failClosedOrOpen(db, null, null, e, t0);
  }

  if ((http.contentLength ?? 0) > MAX_GUARDRAIL_BODY_BYTES || bytesOver(http.bodyText, MAX_GUARDRAIL_BODY_BYTES)) {
    return { status: 413, body: { error: `body exceeds ${MAX_GUARDRAIL_BODY_BYTES} bytes` } };
  }

  const parsed = parseGuardrailBody(http.bodyText);
  if (!parsed.ok) return { status: 400, body: { error: parsed.error } };
  const req = parsed.request;

  let decision: Decision;
  let scanOptions: ScanOptions | null = null;
  try {
    const loaded = await cachedPolicy(db, opts.policyTtlMs);
    scanOptions = loaded.scanOptions;
    const targets = scanTargets(req);
    const found = dropDuplicateMessageFindings((opts.scan ?? scanTexts)(targets, loaded.scanOptions));
    decision = decideWithFindings(req.texts, found, loaded.policy, { inputType: req.input_type });
  } catch (e) {
    return failClosedOrOpen(db, req, tokenId, e, t0, scanOptions);
  }

  const record: DecisionRecord = {
    ...metadataOf(req),
    action: decision.response.action,
    types: decision.types,
    findings: decision.findings.map(toStoredFinding),
    maxClassification: decision.maxClassification,
    latencyMs: performance.now() - t0,
    error: null,
    tokenId,
  };
  try {
    // evidence must not be lost: the answer waits for the insert
    await recordDecision(db, record);
  } catch (e) {
    return failClosedOrOpen(db, req, tokenId, e, t0, scanOptions, decision);
  }
  return { status: 200, body: decision.response };
}

/**
 * Internal error: answer per fail mode (the last known policy's, else closed), and record
 * the event as a decision with `error`. When even that insert fails, the error goes to the
 * server log (without any text) so the miss is visible.
 */
async function failClosedOrOpen(
  db: Db,
  req: GuardrailRequest | null,
  tokenId: string | null,
  e: unknown,
  t0: number,
  scanOptions: ScanOptions | null = null,
  attempted?: Decision,
): Promise<GuardrailHttpResponse> {
  const known: GuardrailPolicy | null = lastKnownPolicy(db);
  const failMode = known?.failMode ?? "closed";
  let response = failDecision(failMode, known?.policyUrl ?? policyUrl());
  // a decision that was reached stands when it is the stricter one (a block is never
  // turned into a pass because its evidence could not be written)
  if (attempted && (failMode === "open" || attempted.response.action === "BLOCKED")) response = attempted.response;
  const error = scrubError(e, scanOptions);
  const record: DecisionRecord = {
    ...metadataOf(req),
    action: response.action,
    // findings of a completed scan are kept (no text in them); the action is the fail mode's
    types: attempted?.types ?? [],
    findings: attempted?.findings.map(toStoredFinding) ?? [],
    maxClassification: attempted?.maxClassification ?? null,
    latencyMs: performance.now() - t0,
    error: `fail ${failMode}: ${error}`,
    tokenId,
  };
  try {
    await recordDecision(db, record);
  } catch (storeError) {
    console.error(
      JSON.stringify({
        level: "error",
        msg: "guardrail decision could not be stored",
        callId: record.callId,
        action: record.action,
        types: record.types,
        error: record.error,
        storeError: scrubError(storeError, scanOptions),
      }),
    );
  }
  return { status: 200, body: response };
}
