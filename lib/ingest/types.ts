import type { LocatedFinding } from "../scan/types";

/** What the gateway did with a request, as far as its log says. */
export type GatewayAction = "BLOCKED" | "MASKED" | "PASSED" | "FAILED" | "UNKNOWN";

export type IngestSource = "litellm" | "litellm-db" | "cloudflare" | "generic" | "guardrail";

/** A piece of prompt/completion text to scan in memory, then drop. */
export interface ScanText {
  /** where in the payload: "messages[1].content", "messages[2].tool_calls[0].function.arguments", "response.choices[0].message.content" */
  location: string;
  text: string;
}

export interface ToolCallRecord {
  /** MCP server name or "function" for plain tool calls */
  server: string | null;
  tool: string;
  /** host the call sends data to, when the payload says */
  destination: string | null;
}

/**
 * One gateway log record, normalised from any source format.
 * Holds NO prompt or completion text except in `texts`, which the store scans and drops.
 */
export interface NormalisedEvent {
  source: IngestSource;
  /** stable id within the source (call id, log id); falls back to payload hash */
  naturalKey: string;
  callId: string | null;
  traceId: string | null;
  occurredAt: Date;
  endedAt: Date | null;
  status: "success" | "failure" | null;
  gatewayAction: GatewayAction;
  guardrailStatus: string | null;
  model: string | null;
  provider: string | null;
  apiKeyHash: string | null;
  apiKeyAlias: string | null;
  proxyUserId: string | null;
  proxyUserEmail: string | null;
  teamId: string | null;
  tags: string[];
  /** "owner/name" when a request tag or metadata names the repository */
  repository: string | null;
  /** client tool when known: "claude-code", "cursor", "aider"... (from user agent / tags) */
  clientTool: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  cost: number | null;
  /** true when the record carried prompt/response bodies that could be scanned */
  hasPayload: boolean;
  /** SHA-256 hex of the canonical payload (JSON with sorted keys) when present */
  payloadSha256: string | null;
  payloadBytes: number;
  texts: ScanText[];
  toolCalls: ToolCallRecord[];
}

export type ParseResult = { ok: true; event: NormalisedEvent } | { ok: false; reason: string };

export type { LocatedFinding };
