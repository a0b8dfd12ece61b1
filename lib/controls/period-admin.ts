// Audit periods: ADMIN creates, edits and locks them. Dates are whole UTC days; the form asks for
// the last day (inclusive) and the period stores its exclusive end, the next midnight.
import { z } from "zod";
import type { Db } from "../db/client";

const DAY_MS = 86_400_000;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD").transform((s) => new Date(`${s}T00:00:00Z`));

export const PeriodInput = z
  .object({ name: z.string().trim().min(1, "a name is required").max(100), start: day, lastDay: day })
  .refine((p) => !Number.isNaN(p.start.getTime()) && !Number.isNaN(p.lastDay.getTime()), { message: "not a date", path: ["start"] })
  .refine((p) => p.start <= p.lastDay, { message: "the last day is before the first", path: ["lastDay"] })
  .transform((p) => ({ name: p.name, start: p.start, end: new Date(p.lastDay.getTime() + DAY_MS) }));

export class PeriodError extends Error {}

export async function createPeriod(db: Db, input: unknown) {
  const p = PeriodInput.parse(input);
  if (await db.auditPeriod.findUnique({ where: { name: p.name } })) throw new PeriodError(`a period named ${p.name} exists`);
  return db.auditPeriod.create({ data: p });
}

/** Edits an open period; a locked period's window no longer changes. */
export async function updatePeriod(db: Db, id: string, input: unknown) {
  const p = PeriodInput.parse(input);
  const current = await db.auditPeriod.findUnique({ where: { id } });
  if (!current) throw new PeriodError("no such period");
  if (current.state === "LOCKED") throw new PeriodError(`${current.name} is locked: it can no longer be edited`);
  const clash = await db.auditPeriod.findUnique({ where: { name: p.name } });
  if (clash && clash.id !== id) throw new PeriodError(`a period named ${p.name} exists`);
  return db.auditPeriod.update({ where: { id }, data: p });
}

/**
 * Locks a period: its results and evidence stop changing (the engine refuses to evaluate it and
 * evidence arriving later is marked late). The confirmation is the period's name, typed.
 */
export async function lockPeriod(db: Db, id: string, confirmation: string, by: { id: string }, at: Date = new Date()) {
  const current = await db.auditPeriod.findUnique({ where: { id } });
  if (!current) throw new PeriodError("no such period");
  if (current.state === "LOCKED") throw new PeriodError(`${current.name} is already locked`);
  if (confirmation.trim() !== current.name) throw new PeriodError(`type the period's name (${current.name}) to confirm the lock`);
  // only an OPEN row is locked: two admins locking at once lock it once
  const { count } = await db.auditPeriod.updateMany({ where: { id, state: "OPEN" }, data: { state: "LOCKED", lockedAt: at, lockedById: by.id } });
  if (count === 0) throw new PeriodError(`${current.name} is already locked`);
  return db.auditPeriod.findUniqueOrThrow({ where: { id } });
}

/** "YYYY-MM-DD" of a period's first and last (inclusive) day, for forms and listings. */
export function periodDays(p: { start: Date; end: Date }) {
  return { start: p.start.toISOString().slice(0, 10), lastDay: new Date(p.end.getTime() - DAY_MS).toISOString().slice(0, 10) };
}
