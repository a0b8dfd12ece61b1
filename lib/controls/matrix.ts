// The control matrix of a period, read only from precomputed results (TestEvaluation,
// ControlException): opening the matrix never scans the evidence tables.
import type { Db } from "../db/client";
import { CATALOGUE, TEST_IDS } from "./catalogue";

export type MatrixStatus = "PASS" | "FAIL" | "NOT_APPLICABLE" | "NOT_EVALUATED";

export interface MatrixTest {
  id: string;
  title: string;
  status: MatrixStatus;
  populationSize: number | null;
  exceptionCount: number | null;
  open: number;
  dispositioned: number;
  cleared: number;
  /** open exceptions past their SLA due time */
  overdue: number;
  evaluatedAt: Date | null;
  /** oldest first: the last evaluations' exception counts and results */
  trend: { evaluatedAt: Date; result: MatrixStatus; exceptionCount: number }[];
}

export interface MatrixControl {
  id: string;
  title: string;
  description: string;
  /** the worst status of its tests */
  status: MatrixStatus;
  tests: MatrixTest[];
}

const TREND_LENGTH = 12;
const SEVERITY: Record<MatrixStatus, number> = { FAIL: 3, NOT_EVALUATED: 2, PASS: 1, NOT_APPLICABLE: 0 };

export function worstStatus(statuses: MatrixStatus[]): MatrixStatus {
  return statuses.reduce<MatrixStatus>((w, s) => (SEVERITY[s] > SEVERITY[w] ? s : w), "NOT_APPLICABLE");
}

export async function controlMatrix(db: Db, periodId: string, now: Date = new Date()): Promise<MatrixControl[]> {
  const [evaluations, counts] = await Promise.all([
    // the latest evaluations of each test, newest first, through the (periodId, testId, evaluatedAt) index
    db.$queryRaw<{ testId: string; result: MatrixStatus; populationSize: number; exceptionCount: number; evaluatedAt: Date }[]>`
      SELECT t.id AS "testId", e.result::text AS result, e."populationSize", e."exceptionCount", e."evaluatedAt"
      FROM unnest(${[...TEST_IDS]}::text[]) AS t(id)
      CROSS JOIN LATERAL (
        SELECT result, "populationSize", "exceptionCount", "evaluatedAt" FROM "TestEvaluation"
        WHERE "periodId" = ${periodId} AND "testId" = t.id ORDER BY "evaluatedAt" DESC LIMIT ${TREND_LENGTH}
      ) e`,
    db.$queryRaw<{ testId: string; state: string; n: number; overdue: number }[]>`
      SELECT "testId", state::text AS state, count(*)::int AS n,
             count(*) FILTER (WHERE state = 'OPEN' AND "dueAt" < ${now})::int AS overdue
      FROM "ControlException" WHERE "periodId" = ${periodId}
      GROUP BY 1, 2`,
  ]);
  const history = new Map<string, typeof evaluations>();
  for (const e of evaluations) history.set(e.testId, [...(history.get(e.testId) ?? []), e]);
  const countOf = (testId: string, state: string) => counts.find((c) => c.testId === testId && c.state === state);

  return CATALOGUE.map((control) => {
    const tests: MatrixTest[] = control.tests.map((t) => {
      const evals = history.get(t.id) ?? [];
      const latest = evals[0];
      return {
        id: t.id,
        title: t.title,
        status: latest?.result ?? "NOT_EVALUATED",
        populationSize: latest?.populationSize ?? null,
        exceptionCount: latest?.exceptionCount ?? null,
        open: countOf(t.id, "OPEN")?.n ?? 0,
        dispositioned: countOf(t.id, "DISPOSITIONED")?.n ?? 0,
        cleared: countOf(t.id, "CLEARED")?.n ?? 0,
        overdue: countOf(t.id, "OPEN")?.overdue ?? 0,
        evaluatedAt: latest?.evaluatedAt ?? null,
        trend: [...evals].reverse().map((e) => ({ evaluatedAt: e.evaluatedAt, result: e.result, exceptionCount: e.exceptionCount })),
      };
    });
    return { id: control.id, title: control.title, description: control.description, status: worstStatus(tests.map((t) => t.status)), tests };
  });
}
