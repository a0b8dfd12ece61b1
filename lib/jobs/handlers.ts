// The job kinds the worker runs.
import { issueMonthlyReport } from "../summary/issue";
import { isMonth } from "../summary/month";
import { rollUpDays, rollUpMonths } from "../summary/rollup";
import type { JobHandlers } from "./queue";
import { MONTHLY_REPORT, ROLLUP } from "./schedule";

export const JOB_HANDLERS: JobHandlers = {
  /** { month: "YYYY-MM", force?: boolean }: roll up and issue the month's report (kept) */
  [MONTHLY_REPORT]: async (payload: { month?: string; force?: boolean }, { db }) => {
    if (!isMonth(payload.month)) throw new Error(`monthly-report: bad month ${JSON.stringify(payload.month)}`);
    const r = await issueMonthlyReport(db, payload.month, { trigger: "scheduled", force: payload.force === true });
    if (r.status === "incomplete") throw new Error(`monthly-report: ${payload.month} has not ended yet`);
    return r;
  },
  /** { days: n } (the last n days up to now) or { fromMonth, toMonth } (whole months) or { from, to } (ISO times) */
  [ROLLUP]: async (payload: { days?: number; fromMonth?: string; toMonth?: string; from?: string; to?: string }, { db }) => {
    if (isMonth(payload.fromMonth) && isMonth(payload.toMonth)) return rollUpMonths(db, payload.fromMonth, payload.toMonth);
    if (payload.from && payload.to) return rollUpDays(db, new Date(payload.from), new Date(payload.to));
    const days = Math.max(1, Math.min(62, Number(payload.days ?? 2)));
    const now = Date.now();
    return rollUpDays(db, new Date(now - (days - 1) * 86_400_000), new Date(now));
  },
};
