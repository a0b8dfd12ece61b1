// DC-2 Re-performance of the gateway filter: every logged payload was rescanned by our detectors
// at ingest; an event with a counted finding whose policy action (policy.guardrailActions by
// level) is block or mask, on which the gateway's filter did not intervene (by its own
// guardrail status or action, or by our guardrail's decision), is a gap in the filter.
import { Prisma } from "../../db/client";
import { outcomeOf } from "../outcome";
import { actionableFindingSql, effectiveLevelSql, EVENT_LABEL_SQL, FILTER_ACTED_SQL, findingSummarySql, type PolicySettings } from "../policy";
import { lateFilter } from "../sql";
import type { ControlTestModule, ExceptionDraft, PeriodScope, Reader, Settings } from "../types";
import { listOf, procedureOf } from "./common";

export const FILTER_KEYS = [
  "policy.guardrailActions",
  "policy.classificationOverrides",
  "policy.logOnlyTypes",
  "policy.allowedFingerprints",
  "policy.allowTestData",
] as const;

/** The event has a finding the policy says the filter must block or mask. */
const mustActSql = (s: PolicySettings) => Prisma.sql`EXISTS (
  SELECT 1 FROM "Finding" f WHERE f."eventId" = e.id AND ${actionableFindingSql(s)}
    AND (${JSON.stringify(s["policy.guardrailActions"])}::jsonb ->> (${effectiveLevelSql(s)})::text) IN ('block', 'mask'))`;

const populationOf = (period: PeriodScope, s: PolicySettings) => Prisma.sql`
  SELECT 'event:' || e.id AS item_key, 'AI_EVENT' AS item_type, e.id::text AS item_ref, ${EVENT_LABEL_SQL} AS label,
         e."occurredAt" AS occurred_at,
         (e."findingCount" = 0 OR ${FILTER_ACTED_SQL} OR NOT ${mustActSql(s)}) AS passed
  FROM "AiEvent" e
  WHERE e."occurredAt" >= ${period.start} AND e."occurredAt" < ${period.end} AND e."hasPayload"${lateFilter(period, 'e."late"')}`;

export const dc2: ControlTestModule = {
  id: "DC-2",
  procedure: procedureOf("DC-2"),
  settingsKeys: FILTER_KEYS,
  population: (period, settings) => populationOf(period, settings),
  async evaluate(db: Reader, period: PeriodScope, settings: Settings) {
    const rows = await db.$queryRaw<
      { key: string; ref: string; occurredAt: Date; action: string; guardrailStatus: string | null; user: string | null; model: string | null; findings: { type: string; level: string; count: number; excerpt: string }[] }[]
    >`
      SELECT 'event:' || e.id AS key, e.id::text AS ref, e."occurredAt", e."gatewayAction"::text AS action, e."guardrailStatus",
             coalesce(e."proxyUserEmail", e."proxyUserId") AS user, coalesce(e.model, e.provider) AS model,
             ${findingSummarySql(settings)} AS findings
      FROM "AiEvent" e
      WHERE e."occurredAt" >= ${period.start} AND e."occurredAt" < ${period.end} AND e."hasPayload" AND e."findingCount" > 0${lateFilter(period, 'e."late"')}
        AND NOT ${FILTER_ACTED_SQL} AND ${mustActSql(settings)}
      ORDER BY e."occurredAt", e.id`;
    const actions: Record<string, string | undefined> = settings["policy.guardrailActions"];
    const exceptions: ExceptionDraft[] = rows.map((r) => {
      const missed = r.findings.filter((f) => actions[f.level] === "block" || actions[f.level] === "mask");
      return {
        itemKey: r.key,
        itemType: "AI_EVENT",
        itemRef: r.ref,
        summary: `Gap in the gateway filter: our rescan found ${listOf(missed.map((f) => `${f.type} (${f.level.toLowerCase()}, policy: ${actions[f.level]})`), 3)}, and the gateway's guardrail did not intervene (status ${r.guardrailStatus ?? "not logged"})`,
        details: { gatewayAction: r.action, guardrailStatus: r.guardrailStatus, user: r.user, model: r.model, findings: r.findings },
        occurredAt: r.occurredAt,
      };
    });
    return outcomeOf(db, populationOf(period, settings), exceptions);
  },
};
