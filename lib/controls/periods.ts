import type { Db } from "../db/client";
import type { Actor } from "../auth/actor";

/** Periods the actor may read, newest first. */
export async function readablePeriods(db: Db, actor: Actor) {
  return db.auditPeriod.findMany({
    where: actor.periodIds === null ? {} : { id: { in: actor.periodIds } },
    orderBy: { start: "desc" },
  });
}

/**
 * The period a page shows: the requested one if the actor may read it, else the
 * newest readable one. Returns null when the actor may read no period at all.
 */
export async function selectPeriod(db: Db, actor: Actor, requested?: string | string[] | null) {
  const periods = await readablePeriods(db, actor);
  const wanted = Array.isArray(requested) ? requested[0] : requested;
  const chosen = (wanted && periods.find((p) => p.id === wanted || p.name === wanted)) || periods[0] || null;
  return { period: chosen, periods, refused: Boolean(wanted && !periods.some((p) => p.id === wanted || p.name === wanted)) };
}

/** Periods whose [start, end) contains the time. */
export async function periodsContaining(db: Db, at: Date) {
  return db.auditPeriod.findMany({ where: { start: { lte: at }, end: { gt: at } } });
}
