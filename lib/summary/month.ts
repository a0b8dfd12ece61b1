// Calendar months in UTC, written "YYYY-MM". Pure helpers shared by the roll-ups, the
// summary, the PDF and the scheduler.

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export function isMonth(s: unknown): s is string {
  return typeof s === "string" && MONTH_RE.test(s);
}

export function parseMonth(s: string): { year: number; month: number } {
  const m = MONTH_RE.exec(s);
  if (!m) throw new Error(`not a month (YYYY-MM): ${s}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** 00:00 UTC on the month's first day. */
export function monthStart(month: string): Date {
  const { year, month: m } = parseMonth(month);
  return new Date(Date.UTC(year, m - 1, 1));
}

/** Exclusive end: 00:00 UTC on the next month's first day. */
export function monthEnd(month: string): Date {
  return monthStart(addMonths(month, 1));
}

export function monthOf(d: Date): string {
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

export function addMonths(month: string, n: number): string {
  const { year, month: m } = parseMonth(month);
  const idx = year * 12 + (m - 1) + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, "0")}`;
}

/** The months from `from` to `to` inclusive, oldest first. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The last month that has ended at `now`. */
export function lastFullMonth(now: Date = new Date()): string {
  return addMonths(monthOf(now), -1);
}

/** A month is complete once its exclusive end has passed. */
export function isComplete(month: string, now: Date = new Date()): boolean {
  return monthEnd(month).getTime() <= now.getTime();
}

/** "October 2026" */
export function monthLabel(month: string): string {
  const { year, month: m } = parseMonth(month);
  return `${NAMES[m - 1]} ${year}`;
}

/** "Oct 26" for chart axes. */
export function monthShort(month: string): string {
  const { year, month: m } = parseMonth(month);
  return `${NAMES[m - 1].slice(0, 3)} ${String(year).slice(2)}`;
}

/** "YYYY-MM-DD" of a UTC day. */
export function dayString(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** 00:00 UTC of the day containing `d`. */
export function startOfDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** 00:00 UTC of the first day at or after `d` (d itself when it is midnight). */
export function ceilDay(d: Date): Date {
  const s = startOfDay(d);
  return s.getTime() === d.getTime() ? s : new Date(s.getTime() + 86_400_000);
}
