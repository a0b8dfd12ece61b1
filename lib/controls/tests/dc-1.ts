// DC-1 Sensitive prompts blocked: every gateway event of the period with a counted finding at or
// above policy.blockingLevel was blocked (or masked) by the gateway or our guardrail; one that
// went through is an egress exception. Known test data, allowed fingerprints and log-only types
// are let through by policy and not counted; per-type overrides set a finding's level.
import { Prisma } from "../../db/client";
import { outcomeOf } from "../outcome";
import { actionableFindingSql, EGRESS_STOPPED_SQL, effectiveLevelSql, EVENT_LABEL_SQL, findingSummarySql, levelWord, type PolicySettings } from "../policy";
import { atLeast, type Classification } from "../../scan/types";
import { lateFilter } from "../sql";
import type { ControlTestModule, ExceptionDraft, PeriodScope, Reader, Settings } from "../types";
import { listOf, procedureOf } from "./common";

export const POLICY_KEYS = [
  "policy.blockingLevel",
  "policy.classificationOverrides",
  "policy.logOnlyTypes",
  "policy.allowedFingerprints",
  "policy.allowTestData",
] as const;

const populationOf = (period: PeriodScope, s: PolicySettings) => Prisma.sql`
  SELECT 'event:' || e.id AS item_key, 'AI_EVENT' AS item_type, e.id::text AS item_ref, ${EVENT_LABEL_SQL} AS label,
         e."occurredAt" AS occurred_at, ${EGRESS_STOPPED_SQL} AS passed
  FROM "AiEvent" e
  WHERE e."occurredAt" >= ${period.start} AND e."occurredAt" < ${period.end} AND e."findingCount" > 0${lateFilter(period, 'e."late"')}
    AND EXISTS (SELECT 1 FROM "Finding" f WHERE f."eventId" = e.id AND ${actionableFindingSql(s)}
                AND ${effectiveLevelSql(s)} >= ${s["policy.blockingLevel"]}::"Classification")`;

export const dc1: ControlTestModule = {
  id: "DC-1",
  procedure: procedureOf("DC-1"),
  settingsKeys: POLICY_KEYS,
  population: (period, settings) => populationOf(period, settings),
  async evaluate(db: Reader, period: PeriodScope, settings: Settings) {
    const rows = await db.$queryRaw<
      { key: string; ref: string; occurredAt: Date; action: string; user: string | null; model: string | null; repository: string | null; findings: { type: string; level: string; count: number; excerpt: string }[] }[]
    >`
      SELECT p.item_key AS key, p.item_ref AS ref, p.occurred_at AS "occurredAt", e."gatewayAction"::text AS action,
             coalesce(e."proxyUserEmail", e."proxyUserId") AS user, coalesce(e.model, e.provider) AS model, e.repository,
             ${findingSummarySql(settings)} AS findings
      FROM (${populationOf(period, settings)}) p JOIN "AiEvent" e ON e.id = p.item_ref::bigint
      WHERE NOT p.passed
      ORDER BY p.occurred_at, p.item_key`;
    const level = settings["policy.blockingLevel"];
    const exceptions: ExceptionDraft[] = rows.map((r) => {
      const atOrAbove = r.findings.filter((f) => atLeast(f.level as Classification, level));
      const top = atOrAbove[0]?.level ?? level;
      return {
        itemKey: r.key,
        itemType: "AI_EVENT",
        itemRef: r.ref,
        summary: `${levelWord(top)} data (${listOf([...new Set(atOrAbove.map((f) => f.type))], 3)}) reached ${r.model ?? "the model"} for ${r.user ?? "an unknown user"}: the gateway ${r.action === "UNKNOWN" ? "did not record blocking it" : `let it through (${r.action.toLowerCase()})`}`,
        details: { gatewayAction: r.action, user: r.user, model: r.model, repository: r.repository, blockingLevel: level, findings: r.findings },
        occurredAt: r.occurredAt,
      };
    });
    return outcomeOf(db, populationOf(period, settings), exceptions);
  },
};
