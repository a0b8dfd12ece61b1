// DC-3 Coverage of the scan: events logged without a payload (the gateway did not store the
// prompt, or the body was encrypted) cannot be re-performed. They are counted per source; each
// source with unverifiable events is one exception ("coverage:<source>") and fails the test.
import { Prisma } from "../../db/client";
import { outcomeOf } from "../outcome";
import { EVENT_LABEL_SQL } from "../policy";
import { lateFilter } from "../sql";
import type { ControlTestModule, ExceptionDraft, PeriodScope, Reader } from "../types";
import { procedureOf } from "./common";

const eventsIn = (period: PeriodScope) =>
  Prisma.sql`"AiEvent" e WHERE e."occurredAt" >= ${period.start} AND e."occurredAt" < ${period.end}${lateFilter(period, 'e."late"')}`;

const populationOf = (period: PeriodScope) => Prisma.sql`
  SELECT 'event:' || e.id AS item_key, 'AI_EVENT' AS item_type, e.id::text AS item_ref, ${EVENT_LABEL_SQL} AS label,
         e."occurredAt" AS occurred_at, e."hasPayload" AS passed
  FROM ${eventsIn(period)}`;

export const dc3: ControlTestModule = {
  id: "DC-3",
  procedure: procedureOf("DC-3"),
  settingsKeys: [],
  population: populationOf,
  async evaluate(db: Reader, period: PeriodScope) {
    const rows = await db.$queryRaw<{ source: string; events: number; unverifiable: number; first: Date | null; last: Date | null }[]>`
      SELECT e.source, count(*)::int AS events, count(*) FILTER (WHERE NOT e."hasPayload")::int AS unverifiable,
             min(e."occurredAt") FILTER (WHERE NOT e."hasPayload") AS first, max(e."occurredAt") FILTER (WHERE NOT e."hasPayload") AS last
      FROM ${eventsIn(period)}
      GROUP BY e.source ORDER BY e.source`;
    const metrics: Record<string, number> = { events: 0, unverifiable: 0 };
    const exceptions: ExceptionDraft[] = [];
    for (const r of rows) {
      metrics.events += r.events;
      metrics.unverifiable += r.unverifiable;
      metrics[`unverifiable:${r.source}`] = r.unverifiable;
      if (r.unverifiable === 0) continue;
      const share = ((100 * r.unverifiable) / r.events).toFixed(1);
      exceptions.push({
        itemKey: `coverage:${r.source}`,
        itemType: "COVERAGE",
        itemRef: r.source,
        summary: `${r.unverifiable.toLocaleString("en-US")} of ${r.events.toLocaleString("en-US")} ${r.source} events (${share}%) were logged without payload and cannot be verified`,
        details: { source: r.source, events: r.events, unverifiable: r.unverifiable, first: r.first?.toISOString() ?? null, last: r.last?.toISOString() ?? null },
        occurredAt: r.first,
      });
    }
    return outcomeOf(db, populationOf(period), exceptions, metrics);
  },
};
