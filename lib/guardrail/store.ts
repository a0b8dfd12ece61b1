// Guardrail decisions as evidence: stored without any text, and joined to the gateway
// event with the same LiteLLM call id (AiEvent.guardrailDecisionId), whichever arrives first.
import { randomUUID } from "node:crypto";
import { Prisma, type Db } from "../db/client";
import { storedFinding, type Classification } from "../scan/types";
import type { DecidedFinding } from "./decide";
import type { GuardrailResponseAction } from "./schema";

/** What is kept of one finding: never the text, only its masked excerpt and keyed fingerprint. */
export interface StoredFinding {
  type: string;
  detector: string;
  detectorVersion: string;
  classification: Classification;
  location: string;
  start: number;
  end: number;
  excerpt: string;
  fingerprint: string;
  confidence: string;
  testData: boolean;
  disposition: DecidedFinding["disposition"];
  note?: string;
}

export function toStoredFinding(f: DecidedFinding): StoredFinding {
  const out: StoredFinding = { ...storedFinding(f), disposition: f.disposition };
  if (f.note) out.note = f.note;
  return out;
}

export interface DecisionRecord {
  callId: string | null;
  traceId: string | null;
  inputType: string;
  action: GuardrailResponseAction;
  types: string[];
  findings: StoredFinding[];
  maxClassification: Classification | null;
  latencyMs: number;
  error: string | null;
  apiKeyHash: string | null;
  apiKeyAlias: string | null;
  proxyUserId: string | null;
  tokenId: string | null;
}

/** Severity of a decision for choosing the one an event links to: BLOCKED > GUARDRAIL_INTERVENED > NONE. */
const severity = (alias: string) =>
  Prisma.raw(`(CASE ${alias}.action WHEN 'BLOCKED' THEN 3 WHEN 'GUARDRAIL_INTERVENED' THEN 2 ELSE 1 END)`);

/**
 * The event's gateway action once our decision is linked: a request-direction BLOCKED or
 * GUARDRAIL_INTERVENED decision overrides an event that says PASSED or UNKNOWN (the gateway
 * log does not always record what a guardrail did). A request-direction BLOCKED also
 * overrides MASKED (another filter masked, ours then blocked) and FAILED (LiteLLM logs the
 * call our guardrail refused as a failure, without always naming the guardrail). A
 * response-direction decision never changes it: the prompt had already gone out.
 */
const linkedAction = (decision: string) =>
  Prisma.raw(`(CASE
    WHEN ${decision}."inputType" = 'request' AND ${decision}.action = 'BLOCKED' AND e."gatewayAction" IN ('PASSED', 'UNKNOWN', 'MASKED', 'FAILED') THEN 'BLOCKED'::"GatewayAction"
    WHEN ${decision}."inputType" = 'request' AND ${decision}.action = 'GUARDRAIL_INTERVENED' AND e."gatewayAction" IN ('PASSED', 'UNKNOWN') THEN 'MASKED'::"GatewayAction"
    ELSE e."gatewayAction" END)`);

/**
 * Stores one decision and, in the same statement, links it to an already ingested event
 * with the same call id (when it outranks the decision linked so far: more severe, or as
 * severe and of the request direction). One round trip on the hot path.
 */
export async function recordDecision(db: Db, r: DecisionRecord): Promise<{ id: string; linked: number }> {
  const id = randomUUID();
  const linked = await db.$executeRaw`
    WITH d AS (
      INSERT INTO "GuardrailDecision" (id, "callId", "traceId", "inputType", action, types, findings, "maxClassification",
        "latencyMs", error, "apiKeyHash", "apiKeyAlias", "proxyUserId", "tokenId")
      VALUES (${id}, ${r.callId}, ${r.traceId}, ${r.inputType}, ${r.action}, ${r.types}::text[], ${JSON.stringify(r.findings)}::jsonb,
        ${r.maxClassification}::"Classification", ${r.latencyMs}, ${r.error}, ${r.apiKeyHash}, ${r.apiKeyAlias}, ${r.proxyUserId}, ${r.tokenId})
      RETURNING id, "callId", action, "inputType"
    )
    UPDATE "AiEvent" e
    SET "guardrailDecisionId" = d.id, "gatewayAction" = ${linkedAction("d")}
    FROM d
    WHERE d."callId" IS NOT NULL AND e."callId" = d."callId"
      AND (e."guardrailDecisionId" IS NULL OR NOT EXISTS (
        SELECT 1 FROM "GuardrailDecision" x
        WHERE x.id = e."guardrailDecisionId"
          AND (${severity("x")} > ${severity("d")}
            OR (${severity("x")} = ${severity("d")} AND (x."inputType" = 'request' OR d."inputType" <> 'request')))))`;
  return { id, linked };
}

/**
 * Links gateway events to our guardrail decisions by call id, set-based: each event gets
 * the call's most severe decision (request direction first, then the earliest), and its
 * gatewayAction becomes BLOCKED / MASKED when that request-direction decision blocked or
 * masked and the event itself said PASSED or UNKNOWN. `from`/`to` bound the events'
 * occurredAt (the ingest run's range; both null = the run stored nothing = nothing to do;
 * no range at all = every event). Idempotent; returns the number of events changed.
 * Called after each gateway ingest; decisions that arrive later link themselves (recordDecision).
 */
export async function linkGuardrailDecisions(db: Db, range: { from?: Date | null; to?: Date | null } = {}): Promise<number> {
  // an ingest that stored nothing reports from = to = null: nothing to link (not "everything")
  if ("from" in range && "to" in range && !range.from && !range.to) return 0;
  const window = Prisma.sql`${range.from ? Prisma.sql`AND e."occurredAt" >= ${range.from}` : Prisma.empty} ${range.to ? Prisma.sql`AND e."occurredAt" <= ${range.to}` : Prisma.empty}`;
  return db.$executeRaw`
    WITH r AS (
      SELECT DISTINCT ON (d."callId") d.id, d."callId", d.action, d."inputType"
      FROM "GuardrailDecision" d
      WHERE d."callId" IN (SELECT e."callId" FROM "AiEvent" e WHERE e."callId" IS NOT NULL ${window})
      ORDER BY d."callId", ${severity("d")} DESC, (d."inputType" = 'request') DESC, d."decidedAt", d.id
    )
    UPDATE "AiEvent" e
    SET "guardrailDecisionId" = r.id, "gatewayAction" = ${linkedAction("r")}
    FROM r
    WHERE e."callId" = r."callId" ${window}
      AND (e."guardrailDecisionId" IS DISTINCT FROM r.id OR e."gatewayAction" IS DISTINCT FROM ${linkedAction("r")})`;
}
