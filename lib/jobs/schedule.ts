// What the worker keeps scheduled: the monthly report for the previous month (from the
// first day of each month, once: uniqueKey "monthly-report:YYYY-MM"), an hourly roll-up of
// the last two days and a nightly roll-up of the previous and current months.
import { randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import { addMonths, dayString, monthOf, monthStart } from "../summary/month";
import { enqueue } from "./queue";

export const MONTHLY_REPORT = "monthly-report";
export const ROLLUP = "rollup";
/** the report is issued this long after the month ends, so that late ingests still count */
export const REPORT_DELAY_MS = 60 * 60_000;

export interface Scheduled {
  uniqueKey: string;
  created: boolean;
}

export async function ensureScheduledJobs(db: Db, now: Date = new Date()): Promise<Scheduled[]> {
  const month = monthOf(now);
  const previous = addMonths(month, -1);
  const hour = now.toISOString().slice(0, 13);
  const day = dayString(now);
  const wanted: { kind: string; payload: Record<string, unknown>; uniqueKey: string; runAt: Date }[] = [
    {
      kind: MONTHLY_REPORT,
      payload: { month: previous },
      uniqueKey: `${MONTHLY_REPORT}:${previous}`,
      runAt: new Date(monthStart(month).getTime() + REPORT_DELAY_MS),
    },
    { kind: ROLLUP, payload: { days: 2 }, uniqueKey: `${ROLLUP}:recent:${hour}`, runAt: now },
    { kind: ROLLUP, payload: { fromMonth: previous, toMonth: month }, uniqueKey: `${ROLLUP}:months:${day}`, runAt: new Date(`${day}T02:00:00Z`) },
  ];
  const out: Scheduled[] = [];
  for (const w of wanted) {
    const r = await enqueue(db, w.kind, w.payload, { uniqueKey: w.uniqueKey, runAt: w.runAt });
    out.push({ uniqueKey: w.uniqueKey, created: r.created });
  }
  // finished roll-up jobs are only bookkeeping; monthly-report jobs stay as the record of issue
  await db.$executeRaw`
    DELETE FROM "Job" WHERE kind = ${ROLLUP} AND state = 'DONE' AND "finishedAt" < now() - interval '14 days'`;
  return out;
}

/**
 * Asks the worker to roll up the days of [from, to) soon (e.g. after an ingest or a
 * re-evaluation touched them). Coalesces: an identical roll-up still queued is reused.
 */
export async function enqueueRollup(db: Db, from: Date, to: Date, opts: { delayMs?: number } = {}): Promise<{ queued: boolean }> {
  const payload = JSON.stringify({ from: dayString(from) + "T00:00:00.000Z", to: to.toISOString() });
  const runAt = new Date(Date.now() + (opts.delayMs ?? 60_000)).toISOString();
  const n = await db.$executeRaw`
    INSERT INTO "Job" (id, kind, payload, "runAt")
    SELECT ${randomUUID()}, ${ROLLUP}, ${payload}::jsonb, ${runAt}::timestamptz
    WHERE NOT EXISTS (SELECT 1 FROM "Job" WHERE kind = ${ROLLUP} AND state = 'QUEUED' AND payload = ${payload}::jsonb)`;
  return { queued: n > 0 };
}
