import "server-only";
// The audit periods page: every period with its latest results at a glance.
import { db } from "../db/client";
import { periodDays } from "./period-admin";

export async function periodsOverview() {
  const [periods, latest, open] = await Promise.all([
    db().auditPeriod.findMany({ orderBy: { start: "desc" } }),
    db().$queryRaw<{ periodId: string; evaluatedAt: Date; failing: number }[]>`
      SELECT p.id AS "periodId", max(e."evaluatedAt") AS "evaluatedAt", count(*) FILTER (WHERE e.result = 'FAIL')::int AS failing
      FROM "AuditPeriod" p
      CROSS JOIN LATERAL (
        SELECT DISTINCT ON ("testId") result, "evaluatedAt" FROM "TestEvaluation"
        WHERE "periodId" = p.id ORDER BY "testId", "evaluatedAt" DESC
      ) e
      GROUP BY p.id`,
    db().controlException.groupBy({ by: ["periodId"], where: { state: "OPEN" }, _count: { _all: true } }),
  ]);
  const lockers = await db().user.findMany({ where: { id: { in: periods.map((p) => p.lockedById).filter((x): x is string => !!x) } }, select: { id: true, name: true } });
  return periods.map((p) => ({
    ...p,
    ...periodDays(p),
    lockedBy: lockers.find((u) => u.id === p.lockedById)?.name ?? null,
    evaluatedAt: latest.find((l) => l.periodId === p.id)?.evaluatedAt ?? null,
    failing: latest.find((l) => l.periodId === p.id)?.failing ?? 0,
    openExceptions: open.find((o) => o.periodId === p.id)?._count._all ?? 0,
  }));
}
