// The one door to a test's population (the control engine owns the queries). Sampling,
// the sample page, CSV exports and the evidence package all read populations through here.
import { Prisma, type Db } from "../db/client";
import { SETTINGS, type SettingKey } from "../settings/definitions";
import { getSettings } from "../settings/store";

export interface PopulationItem {
  /** stable key: "commit:owner/name:sha", "event:123", "tool:anthropic"… */
  key: string;
  /** whether the item passed the rule (no exception that is not cleared) */
  passed: boolean | null;
  label: string;
  link: string | null;
}

/** A population reader: batches in a stable order. Tests inject their own. */
export type PopulationSource = (db: Db, periodId: string, testId: string) => AsyncIterable<PopulationItem[]>;

/** The control engine's own paged reader (a keyset page per query: fine for pages, slow for millions). */
export const enginePopulation: PopulationSource = async function* (db, periodId, testId) {
  const { populationStream } = await import("../controls/evaluate");
  for await (const page of populationStream(db, periodId, testId, 5000)) {
    yield page.map((i) => ({ key: i.key, passed: i.passed, label: i.label, link: i.link }));
  }
};

const ALL_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** The settings the test's latest evaluation used, over today's values (as the engine reads them). */
async function settingsAsEvaluated(db: Db, periodId: string, testId: string) {
  const current = (await getSettings(db, ALL_KEYS)) as Record<string, unknown>;
  const latest = await db.testEvaluation.findFirst({ where: { periodId, testId }, orderBy: { evaluatedAt: "desc" }, select: { settings: true } });
  const used = (latest?.settings ?? {}) as Record<string, unknown>;
  for (const key of ALL_KEYS) {
    if (!(key in used)) continue;
    const parsed = SETTINGS[key].schema.safeParse(used[key]);
    if (parsed.success) current[key] = parsed.data;
  }
  return current;
}

export const CURSOR_BATCH = 10_000;

/**
 * The same population as the engine's populationOf (the test module's population query, pass/fail
 * from the item's verdict or its uncleared exception, occurred-time-then-key order), read through
 * one server-side cursor: one sort, bounded memory, however large the population.
 */
export const cursorPopulation: PopulationSource = (db, periodId, testId) => cursorSource()(db, periodId, testId);

export function cursorSource(batch = CURSOR_BATCH): PopulationSource {
  return async function* (db, periodId, testId) {
    const [{ testModule }, { linkFor }] = await Promise.all([import("../controls/tests"), import("../controls/links")]);
    const module = testModule(testId);
    if (!module) throw new Error(`unknown test ${testId}`);
    const row = await db.auditPeriod.findUnique({ where: { id: periodId } });
    if (!row) throw new Error(`no audit period ${periodId}`);
    const settings = await settingsAsEvaluated(db, periodId, testId);
    const population = module.population({ id: row.id, name: row.name, start: row.start, end: row.end, state: row.state }, settings as never);
    const query = Prisma.sql`
      SELECT p.item_key AS key, p.item_type AS "itemType", p.item_ref AS "itemRef", p.label, coalesce(p.passed, x.id IS NULL) AS passed
      FROM (${population}) p
      LEFT JOIN "ControlException" x ON x."periodId" = ${periodId} AND x."testId" = ${testId} AND x."itemKey" = p.item_key AND x.state <> 'CLEARED'
      ORDER BY coalesce(p.occurred_at, '-infinity'::timestamptz), p.item_key COLLATE "C"`;

    // a generator cannot yield from inside $transaction's callback: hand batches over a small queue
    const queue: (PopulationItem[] | null)[] = [];
    const signal: { wake: (() => void) | null; resume: (() => void) | null } = { wake: null, resume: null };
    let failure: unknown = null;
    let cancelled = false;
    const push = (v: PopulationItem[] | null) => {
      queue.push(v);
      signal.wake?.();
  };
  const reader = db
    .$transaction(
      async (tx) => {
        const name = `pop_${Math.random().toString(36).slice(2, 10)}`;
        await tx.$executeRaw`DECLARE ${Prisma.raw(`"${name}"`)} NO SCROLL CURSOR FOR ${query}`;
        for (;;) {
          if (cancelled) break;
          const rows = await tx.$queryRaw<{ key: string; itemType: string; itemRef: string; label: string; passed: boolean }[]>`
            FETCH ${Prisma.raw(String(batch))} FROM ${Prisma.raw(`"${name}"`)}`;
          if (rows.length) push(rows.map((r) => ({ key: r.key, passed: r.passed, label: r.label, link: linkFor(r.itemType, r.itemRef) })));
          if (rows.length < batch) break;
          // back-pressure: at most two batches wait for the consumer
          while (queue.length >= 2 && !cancelled) await new Promise<void>((r) => (signal.resume = r));
        }
      },
      { timeout: 60 * 60 * 1000, maxWait: 30_000 },
    )
    .then(
      () => push(null),
      (e) => {
        failure = e;
        push(null);
      },
    );
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((r) => (signal.wake = r));
      signal.wake = null;
      const next = queue.shift()!;
      signal.resume?.();
      signal.resume = null;
      if (next === null) break;
      yield next;
    }
    if (failure) throw failure;
  } finally {
    cancelled = true;
    signal.resume?.();
    await reader;
  }
  };
}

export const loadPopulation: PopulationSource = cursorPopulation;

/** The whole population in memory (sampling needs every key). */
export async function populationItems(db: Db, periodId: string, testId: string, source: PopulationSource = loadPopulation): Promise<PopulationItem[]> {
  const out: PopulationItem[] = [];
  for await (const batch of source(db, periodId, testId)) for (const i of batch) out.push(i);
  return out;
}

/** A source over fixed items (tests, benchmarks). */
export function staticPopulation(items: Record<string, PopulationItem[]> | ((testId: string) => PopulationItem[])): PopulationSource {
  return async function* (_db, _periodId, testId) {
    const list = typeof items === "function" ? items(testId) : items[testId] ?? [];
    for (let i = 0; i < list.length; i += 5000) yield list.slice(i, i + 5000);
  };
}
