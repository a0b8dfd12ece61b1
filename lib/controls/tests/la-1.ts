// LA-1 AI tool and vendor register: every tool or vendor seen (a register row first seen by the
// period's end, a tool key on the period's gateway events, a tool named by a production commit's
// AI markers) is registered with a contract type, zero data retention, no training on inputs, a
// SOC 2 Type II report no older than access.attestationMaxAgeMonths at the period's end, and an
// incident contact. Seen but unregistered is a "shadow tool".
import { Prisma } from "../../db/client";
import { outcomeOf } from "../outcome";
import { lateFilter, productionCommitsFrom } from "../sql";
import type { ControlTestModule, ExceptionDraft, PeriodScope, Reader, Settings } from "../types";
import { listOf, procedureOf } from "./common";

const populationOf = (period: PeriodScope) => Prisma.sql`
  WITH seen AS (
    SELECT key FROM "AiTool" WHERE "firstSeenAt" < ${period.end}
    UNION SELECT DISTINCT e."toolKey" FROM "AiEvent" e
      WHERE e."occurredAt" >= ${period.start} AND e."occurredAt" < ${period.end} AND e."toolKey" IS NOT NULL${lateFilter(period, 'e."late"')}
    UNION SELECT DISTINCT lower(t.tool)
      FROM (SELECT c."aiTools" FROM ${productionCommitsFrom(period)} AND cardinality(c."aiTools") > 0) pc
      CROSS JOIN LATERAL unnest(pc."aiTools") AS t(tool)
  )
  SELECT 'tool:' || s.key AS item_key, 'TOOL' AS item_type, s.key AS item_ref,
         coalesce(t.vendor || ' — ' || t.product, s.key) AS label, t."firstSeenAt" AS occurred_at, NULL::boolean AS passed
  FROM seen s LEFT JOIN "AiTool" t ON t.key = s.key`;

/** The oldest acceptable attestation date: the period's end minus the maximum age. */
export function oldestAcceptableReport(periodEnd: Date, maxAgeMonths: number): Date {
  const d = new Date(periodEnd);
  d.setUTCMonth(d.getUTCMonth() - maxAgeMonths);
  return d;
}

export const la1: ControlTestModule = {
  id: "LA-1",
  procedure: procedureOf("LA-1"),
  settingsKeys: ["access.attestationMaxAgeMonths"],
  population: populationOf,
  async evaluate(db: Reader, period: PeriodScope, settings: Settings) {
    const rows = await db.$queryRaw<
      {
        key: string; registered: boolean | null; vendor: string | null; product: string | null; contractType: string | null;
        zeroDataRetention: boolean | null; trainingOnInputs: boolean | null; soc2ReportDate: Date | null; incidentContact: string | null;
        firstSeenAt: Date | null;
      }[]
    >`SELECT p.item_ref AS key, t.registered, t.vendor, t.product, t."contractType", t."zeroDataRetention", t."trainingOnInputs",
             t."soc2ReportDate", t."incidentContact", t."firstSeenAt"
      FROM (${populationOf(period)}) p LEFT JOIN "AiTool" t ON t.key = p.item_ref
      ORDER BY p.item_ref`;
    const maxAge = settings["access.attestationMaxAgeMonths"];
    const oldest = oldestAcceptableReport(period.end, maxAge);
    const exceptions: ExceptionDraft[] = [];
    for (const t of rows) {
      const name = t.product && t.product !== t.key ? `${t.product} (${t.key})` : t.key;
      let summary: string;
      const gaps: string[] = [];
      if (!t.registered) {
        summary = `Shadow tool: ${name} was seen in use but is not in the tool register`;
        gaps.push("not registered");
      } else {
        if (!t.contractType?.trim()) gaps.push("no contract type");
        if (t.zeroDataRetention !== true) gaps.push("zero data retention not confirmed");
        if (t.trainingOnInputs !== false) gaps.push("training on inputs not excluded");
        if (!t.soc2ReportDate) gaps.push("no SOC 2 Type II report date");
        else if (t.soc2ReportDate < oldest) gaps.push(`SOC 2 report of ${t.soc2ReportDate.toISOString().slice(0, 10)} is older than ${maxAge} months at the period's end`);
        if (!t.incidentContact?.trim()) gaps.push("no incident contact");
        if (!gaps.length) continue;
        summary = `Register entry for ${name} is incomplete: ${listOf(gaps, 3)}`;
      }
      exceptions.push({
        itemKey: `tool:${t.key}`,
        itemType: "TOOL",
        itemRef: t.key,
        summary,
        details: { tool: t.key, vendor: t.vendor, gaps, oldestAcceptableReport: oldest.toISOString().slice(0, 10) },
        occurredAt: t.firstSeenAt && t.firstSeenAt > period.start ? t.firstSeenAt : period.start,
      });
    }
    return outcomeOf(db, populationOf(period), exceptions);
  },
};
