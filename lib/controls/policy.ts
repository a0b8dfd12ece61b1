// The data egress policy as SQL over Finding f: which findings count (known test data, allowed
// fingerprints and log-only types are let through by policy) and at which level (per type
// overrides), and whether the gateway or our guardrail acted on an event (AiEvent e).
import { Prisma } from "../db/client";
import type { Settings } from "./types";

export type PolicySettings = Pick<
  Settings,
  "policy.blockingLevel" | "policy.classificationOverrides" | "policy.guardrailActions" | "policy.logOnlyTypes" | "policy.allowedFingerprints" | "policy.allowTestData"
>;

/** A finding's level under the policy's per-type overrides. */
export function effectiveLevelSql(s: PolicySettings): Prisma.Sql {
  return Prisma.sql`coalesce((${JSON.stringify(s["policy.classificationOverrides"])}::jsonb ->> f.type)::"Classification", f.classification)`;
}

/** Findings the policy expects the gateway to act on at all. */
export function actionableFindingSql(s: PolicySettings): Prisma.Sql {
  return Prisma.sql`NOT (f."testData" AND ${s["policy.allowTestData"]})
    AND NOT (f.fingerprint = ANY(${s["policy.allowedFingerprints"]}::text[]))
    AND NOT (f.type = ANY(${s["policy.logOnlyTypes"]}::text[]))`;
}

/**
 * Our own guardrail endpoint blocked or changed the call: the decision linked to the event, or
 * one taken on the same call id (two index lookups; one OR would scan every decision per event).
 */
export const GUARDRAIL_DECIDED_SQL = Prisma.sql`(EXISTS (
    SELECT 1 FROM "GuardrailDecision" g WHERE g.id = e."guardrailDecisionId" AND g.action IN ('BLOCKED', 'GUARDRAIL_INTERVENED'))
  OR EXISTS (
    SELECT 1 FROM "GuardrailDecision" g WHERE g."callId" = e."callId" AND g.action IN ('BLOCKED', 'GUARDRAIL_INTERVENED')))`;

/** The call did not go out as sent: blocked, or masked, by the gateway or our guardrail (DC-1). */
export const EGRESS_STOPPED_SQL = Prisma.sql`(e."gatewayAction" IN ('BLOCKED', 'MASKED') OR ${GUARDRAIL_DECIDED_SQL})`;

/** The gateway's filter intervened, by its own log or by our guardrail's decision (DC-2). */
export const FILTER_ACTED_SQL = Prisma.sql`(e."gatewayAction" IN ('BLOCKED', 'MASKED')
  OR coalesce(e."guardrailStatus", '') ~* '(block|interven|mask|redact|anonymi)'
  OR ${GUARDRAIL_DECIDED_SQL})`;

/** A short label of an event for population tables. */
export const EVENT_LABEL_SQL = Prisma.sql`coalesce(e."proxyUserEmail", e."proxyUserId", 'unknown user') || ' → ' ||
  coalesce(e.model, e.provider, 'unknown model') || ' (' || e."gatewayAction"::text || ')'`;

/** Up to ten (type, level, count, masked excerpt) of an event's counted findings, as JSON. */
export function findingSummarySql(s: PolicySettings): Prisma.Sql {
  return Prisma.sql`(SELECT coalesce(json_agg(x ORDER BY x.level DESC, x.type), '[]'::json) FROM (
    SELECT f.type, ${effectiveLevelSql(s)} AS level, count(*)::int AS count, min(f.excerpt) AS excerpt
    FROM "Finding" f WHERE f."eventId" = e.id AND ${actionableFindingSql(s)}
    GROUP BY 1, 2 ORDER BY 2 DESC, 1 LIMIT 10) x)`;
}

const LEVEL_WORD: Record<string, string> = { PUBLIC: "Public", INTERNAL: "Internal", CONFIDENTIAL: "Confidential", RESTRICTED: "Restricted" };
export const levelWord = (level: string) => LEVEL_WORD[level] ?? level;
