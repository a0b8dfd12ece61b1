// SLA clocks count business days: Saturdays and Sundays (UTC) do not count.
// Public holidays are not modelled; the SLA setting can absorb them.

const DAY_MS = 86_400_000;

function isWeekend(d: Date): boolean {
  const day = d.getUTCDay();
  return day === 0 || day === 6;
}

/** The time `days` business days after `from`, at the same time of day. */
export function addBusinessDays(from: Date, days: number): Date {
  let t = from.getTime();
  let left = Math.max(0, Math.floor(days));
  while (left > 0) {
    t += DAY_MS;
    if (!isWeekend(new Date(t))) left--;
  }
  return new Date(t);
}

/** The due time of an exception whose test has an SLA; null when the test has none. */
export function dueAtFor(testId: string, occurredAt: Date | null, slaBusinessDays: Record<string, number>, fallback: Date): Date | null {
  const days = slaBusinessDays[testId];
  if (!days) return null;
  return addBusinessDays(occurredAt ?? fallback, days);
}
