import "server-only";
// The test page: procedure, settings used, result history, the population (server-side pages,
// sort and filter) and the exceptions, for a period the actor may read.
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { CATALOGUE, findTest } from "./catalogue";
import { populationOf, type PopulationSort } from "./evaluate";
import { selectPeriod } from "./periods";
import { testModule } from "./tests";

export const POPULATION_PAGE_SIZE = 50;
const SORTS: PopulationSort[] = ["occurred", "key", "label", "passed"];

export interface TestPageParams {
  period?: string | string[];
  page?: string;
  sort?: string;
  dir?: string;
  filter?: string;
  q?: string;
}

export async function testView(actor: Actor, testId: string, p: TestPageParams) {
  const test = findTest(testId);
  const module = testModule(testId);
  if (!test || !module) return null;
  const control = CATALOGUE.find((c) => c.id === test.controlId)!;
  const { period, periods, refused } = await selectPeriod(db(), actor, p.period);
  const base = { test, control, settingsKeys: module.settingsKeys, periods, refused };
  if (!period) return { ...base, period: null };

  const page = Math.max(0, Number(p.page ?? 0) || 0);
  const sort = SORTS.find((s) => s === p.sort) ?? "occurred";
  const filter = p.filter === "failed" || p.filter === "passed" ? p.filter : "all";
  const [history, population, exceptions, states] = await Promise.all([
    db().testEvaluation.findMany({ where: { periodId: period.id, testId }, orderBy: { evaluatedAt: "desc" }, take: 30 }),
    populationOf(db(), period.id, testId, {
      offset: page * POPULATION_PAGE_SIZE,
      limit: POPULATION_PAGE_SIZE,
      sort,
      desc: p.dir === "desc",
      filter,
      search: p.q,
    }),
    db().controlException.findMany({
      where: { periodId: period.id, testId, state: { not: "CLEARED" } },
      orderBy: [{ dueAt: { sort: "asc", nulls: "last" } }, { occurredAt: "desc" }],
      take: 20,
    }),
    db().controlException.groupBy({ by: ["state"], where: { periodId: period.id, testId }, _count: { _all: true } }),
  ]);
  return {
    ...base,
    period,
    latest: history[0] ?? null,
    history,
    population,
    query: { page, sort, dir: p.dir === "desc" ? "desc" : "asc", filter, q: p.q ?? "" },
    exceptions,
    exceptionStates: states.map((s) => ({ state: s.state, n: s._count._all })),
  };
}
