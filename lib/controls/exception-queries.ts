import "server-only";
// The exceptions list and the exception page, scoped to the periods the actor may read.
import { mayReadPeriod, type Actor } from "../auth/actor";
import { can } from "../auth/permissions";
import { db, Prisma } from "../db/client";
import { CATALOGUE, findTest } from "./catalogue";
import { evidenceFor } from "./exception-evidence";
import { linkFor } from "./links";
import { selectPeriod } from "./periods";

export const EXCEPTIONS_PAGE_SIZE = 100;
const STATES = ["OPEN", "DISPOSITIONED", "CLEARED"] as const;

export interface ExceptionFilters {
  period?: string | string[];
  control?: string;
  test?: string;
  state?: string;
  overdue?: string;
  page?: string;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function whereOf(periodId: string, f: ExceptionFilters, now: Date): Prisma.ControlExceptionWhereInput {
  const control = CATALOGUE.find((c) => c.id === f.control);
  const state = STATES.find((s) => s === f.state);
  return {
    periodId,
    ...(f.test && findTest(f.test) ? { testId: f.test } : control ? { testId: { in: control.tests.map((t) => t.id) } } : {}),
    ...(f.overdue === "1" ? { state: "OPEN", dueAt: { lt: now } } : state ? { state } : {}),
  };
}

export async function exceptionList(actor: Actor, f: ExceptionFilters, now: Date = new Date()) {
  const { period, periods, refused } = await selectPeriod(db(), actor, one(f.period));
  if (!period) return { period: null, periods, refused, rows: [], total: 0, page: 0, counts: [] };
  const page = Math.max(0, Number(f.page ?? 0) || 0);
  const where = whereOf(period.id, f, now);
  const [rows, total, counts] = await Promise.all([
    db().controlException.findMany({
      where,
      orderBy: [{ dueAt: { sort: "asc", nulls: "last" } }, { occurredAt: "desc" }, { id: "asc" }],
      skip: page * EXCEPTIONS_PAGE_SIZE,
      take: EXCEPTIONS_PAGE_SIZE,
      include: { dispositions: { orderBy: { decidedAt: "desc" }, take: 1, include: { decidedBy: { select: { name: true } } } } },
    }),
    db().controlException.count({ where }),
    db().controlException.groupBy({ by: ["state"], where: { periodId: period.id }, _count: { _all: true } }),
  ]);
  return {
    period,
    periods,
    refused,
    page,
    total,
    counts: counts.map((c) => ({ state: c.state, n: c._count._all })),
    rows: rows.map((x) => ({
      ...x,
      link: linkFor(x.itemType, x.itemRef),
      overdue: x.state === "OPEN" && x.dueAt !== null && x.dueAt < now,
      latest: x.dispositions[0] ?? null,
    })),
  };
}

/**
 * One exception with its evidence, dispositions and comments; null when it does not exist or
 * its period is not one the actor may read (the page answers 404 either way).
 * Internal comments are never shown to an auditor.
 */
export async function exceptionView(actor: Actor, id: string, now: Date = new Date()) {
  const x = await db().controlException.findUnique({
    where: { id },
    include: {
      period: true,
      dispositions: { orderBy: { decidedAt: "desc" }, include: { decidedBy: { select: { name: true, email: true } } } },
      comments: {
        where: actor.role === "AUDITOR" ? { internal: false } : {},
        orderBy: { createdAt: "asc" },
        include: { author: { select: { name: true } } },
      },
    },
  });
  if (!x || !mayReadPeriod(actor, x.periodId)) return null;
  const evidence = await evidenceFor(db(), x.itemType, x.itemRef);
  return {
    exception: x,
    test: findTest(x.testId),
    link: linkFor(x.itemType, x.itemRef),
    evidence,
    overdue: x.state === "OPEN" && x.dueAt !== null && x.dueAt < now,
    mayDisposition: can(actor.role, "exceptions:disposition") && !actor.previewOf,
  };
}

/** Every exception of a period with its latest disposition, a page at a time (CSV). */
export async function* exceptionRows(periodId: string, pageSize = 2000) {
  let cursor: string | undefined;
  for (;;) {
    const rows = await db().controlException.findMany({
      where: { periodId },
      orderBy: { id: "asc" },
      take: pageSize,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      include: { dispositions: { orderBy: { decidedAt: "desc" }, take: 1, include: { decidedBy: { select: { name: true, email: true } } } } },
    });
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    cursor = rows[rows.length - 1].id;
  }
}
