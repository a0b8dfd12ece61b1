// The gateway's push endpoint: LiteLLM's generic logger sends JSON arrays of
// StandardLoggingPayload; JSON Lines and {"logs": [...]} bodies are accepted too.
import { createHash } from "node:crypto";
import type { Db } from "../db/client";
import { describeJsonError } from "./framing";
import { ingestValues, type GatewayIngestResult } from "./gateway-ingest";

export const MAX_PUSH_BYTES = 20 * 1024 * 1024;

export type PushOutcome = { status: number; body: Record<string, unknown>; result?: GatewayIngestResult };

export function splitPushBody(text: string): { lineNumber: number; value?: unknown; error?: string }[] | { error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { error: "empty body: send a JSON array of log records or JSON Lines" };
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      const list = Array.isArray(parsed)
        ? parsed
        : parsed && typeof parsed === "object" && Array.isArray((parsed as { logs?: unknown }).logs)
          ? (parsed as { logs: unknown[] }).logs
          : [parsed];
      return list.map((value, i) => ({ lineNumber: i + 1, value }));
    } catch {
      // not one JSON document: fall through to JSON Lines
    }
  }
  return trimmed.split(/\r?\n/).flatMap((line, i): { lineNumber: number; value?: unknown; error?: string }[] => {
    if (!line.trim()) return [];
    try {
      return [{ lineNumber: i + 1, value: JSON.parse(line) as unknown }];
    } catch {
      // Node's own message quotes the input: never let prompt text into a reason
      return [{ lineNumber: i + 1, error: `invalid JSON: ${describeJsonError(line)}` }];
    }
  });
}

export async function handlePush(db: Db, tokenName: string, text: string): Promise<PushOutcome> {
  if (Buffer.byteLength(text) > MAX_PUSH_BYTES) return { status: 413, body: { error: `body exceeds ${MAX_PUSH_BYTES} bytes: send smaller batches` } };
  const records = splitPushBody(text);
  if ("error" in records) return { status: 400, body: { error: records.error } };
  const sha256 = createHash("sha256").update(text).digest("hex");
  const result = await ingestValues(db, "litellm", `push:${tokenName}`, records, sha256);
  return {
    status: 200,
    body: { runId: result.runId, read: result.read, stored: result.stored, duplicate: result.duplicate, quarantined: result.quarantined },
    result,
  };
}
