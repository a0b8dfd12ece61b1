// DC-4 Timely disposition of egress exceptions: every open or dispositioned DC-1 / DC-2
// exception of the period received its first disposition by a named person within its test's
// SLA (exceptions.slaBusinessDays, counted from when it occurred). One still waiting past its
// due time, or dispositioned after it, is an exception. Runs after DC-1 and DC-2.
import { Prisma } from "../../db/client";
import { addBusinessDays } from "../business-days";
import { outcomeOf } from "../outcome";
import type { ControlTestModule, EvaluationShared, ExceptionDraft, PeriodScope, Reader, Settings } from "../types";
import { procedureOf } from "./common";

export const EGRESS_TESTS = ["DC-1", "DC-2"];
const DEFAULT_SLA_DAYS = 5;

const populationOf = (period: PeriodScope) => Prisma.sql`
  SELECT 'exception:' || x."testId" || ':' || x."itemKey" AS item_key, 'EXCEPTION' AS item_type, x.id AS item_ref,
         x."testId" || ' ' || x.summary AS label, x."occurredAt" AS occurred_at, NULL::boolean AS passed
  FROM "ControlException" x
  WHERE x."periodId" = ${period.id} AND x."testId" IN (${Prisma.join(EGRESS_TESTS)}) AND x.state <> 'CLEARED'`;

export const dc4: ControlTestModule = {
  id: "DC-4",
  procedure: procedureOf("DC-4"),
  settingsKeys: ["exceptions.slaBusinessDays"],
  population: populationOf,
  async evaluate(db: Reader, period: PeriodScope, settings: Settings, shared?: EvaluationShared) {
    const now = shared?.now ?? new Date();
    const rows = await db.$queryRaw<
      { key: string; id: string; testId: string; summary: string; occurredAt: Date | null; firstSeenAt: Date; decidedAt: Date | null; decidedBy: string | null; kind: string | null }[]
    >`
      SELECT p.item_key AS key, x.id, x."testId", x.summary, x."occurredAt", x."firstSeenAt",
             d."decidedAt", u.name AS "decidedBy", d.kind::text AS kind
      FROM (${populationOf(period)}) p
      JOIN "ControlException" x ON x.id = p.item_ref
      LEFT JOIN LATERAL (
        SELECT d."decidedAt", d."decidedById", d.kind FROM "ExceptionDisposition" d WHERE d."exceptionId" = x.id ORDER BY d."decidedAt" LIMIT 1
      ) d ON true
      LEFT JOIN "User" u ON u.id = d."decidedById"
      ORDER BY x."occurredAt" NULLS LAST, p.item_key`;
    const sla = settings["exceptions.slaBusinessDays"];
    const exceptions: ExceptionDraft[] = [];
    for (const r of rows) {
      const days = sla[r.testId] ?? DEFAULT_SLA_DAYS;
      const started = r.occurredAt ?? r.firstSeenAt;
      const due = addBusinessDays(started, days);
      const base = { itemKey: r.key, itemType: "EXCEPTION" as const, itemRef: r.id, occurredAt: due };
      const details = { exceptionId: r.id, testId: r.testId, exception: r.summary, slaBusinessDays: days, dueAt: due.toISOString() };
      if (r.decidedAt && r.decidedAt > due) {
        exceptions.push({
          ...base,
          summary: `${r.testId} exception dispositioned late: by ${r.decidedBy ?? "unknown"} on ${r.decidedAt.toISOString().slice(0, 10)}, due ${due.toISOString().slice(0, 10)} (${days} business days)`,
          details: { ...details, decidedAt: r.decidedAt.toISOString(), decidedBy: r.decidedBy, kind: r.kind },
        });
      } else if (!r.decidedAt && now > due) {
        exceptions.push({
          ...base,
          summary: `${r.testId} exception without a disposition, overdue since ${due.toISOString().slice(0, 10)} (${days} business days)`,
          details,
        });
      }
    }
    return outcomeOf(db, populationOf(period), exceptions);
  },
};
