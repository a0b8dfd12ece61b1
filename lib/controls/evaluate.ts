// The control engine: runs the tests of a period, keeps every evaluation as history and keeps
// exceptions stable across evaluations (the same failing item is the same exception row).
import { Prisma, type Db } from "../db/client";
import { getSettings } from "../settings/store";
import { SETTINGS, type SettingKey } from "../settings/definitions";
import { dueAtFor } from "./business-days";
import { findTest, TEST_IDS } from "./catalogue";
import { syncCatalogue } from "./sync-catalogue";
import { linkFor } from "./links";
import { testModule, TEST_MODULES } from "./tests";
import { EvaluationShared, type ControlTestModule, type ExceptionDraft, type PeriodScope, type Settings, type TestOutcome } from "./types";

export interface TestEvaluationSummary {
  test: string;
  result: TestOutcome["result"];
  populationSize: number;
  exceptionCount: number;
  /** exceptions seen for the first time, failing again after being cleared, and no longer failing */
  opened: number;
  reopened: number;
  cleared: number;
  evaluationId: string;
  metrics?: Record<string, number>;
}

export type PeriodEvaluation =
  | { status: "evaluated"; period: PeriodScope; tests: TestEvaluationSummary[] }
  /** a locked period's results no longer change */
  | { status: "locked"; period: PeriodScope; tests: [] };

export interface EvaluateOptions {
  /** why: "manual", "cli", "ingest", "disposition", "schedule" */
  trigger?: string;
  /** only these tests (in catalogue order) */
  only?: readonly string[];
  now?: Date;
}

export const ALL_SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

function scopeOf(p: { id: string; name: string; start: Date; end: Date; state: "OPEN" | "LOCKED" }): PeriodScope {
  return { id: p.id, name: p.name, start: p.start, end: p.end, state: p.state };
}

async function ensureCatalogue(db: Db) {
  if ((await db.controlTest.count()) < TEST_IDS.length) await syncCatalogue(db);
}

/** The settings a test read, as stored with its evaluation. */
export function settingsUsed(test: ControlTestModule, settings: Settings): Record<string, unknown> {
  return Object.fromEntries(test.settingsKeys.map((k) => [k, settings[k]]));
}

/**
 * Evaluates every test (or `only` some) of a period. A locked period is refused, also when it
 * is locked while the evaluation runs: each test's results are written in a transaction that
 * re-reads the period's state under a share lock, which the lock's update waits for.
 */
export async function evaluatePeriod(db: Db, periodId: string, opts: EvaluateOptions = {}): Promise<PeriodEvaluation> {
  const row = await db.auditPeriod.findUnique({ where: { id: periodId } });
  if (!row) throw new Error(`no audit period ${periodId}`);
  const period = scopeOf(row);
  if (period.state === "LOCKED") return { status: "locked", period, tests: [] };
  await ensureCatalogue(db);

  const settings = (await getSettings(db, ALL_SETTING_KEYS)) as Settings;
  const shared = new EvaluationShared(opts.now ?? new Date());
  const modules = opts.only ? TEST_MODULES.filter((m) => opts.only!.includes(m.id)) : TEST_MODULES;
  const tests: TestEvaluationSummary[] = [];
  for (const module of modules) {
    const outcome = await db.$transaction(
      async (tx) => {
        // The rules' set-based queries have cost estimates in the millions, so Postgres would
        // JIT-compile them, which takes longer (seconds) than running them at these sizes.
        await tx.$executeRaw`SET LOCAL jit = off`;
        return module.evaluate(tx, period, settings, shared);
      },
      { timeout: 10 * 60_000, maxWait: 60_000 },
    );
    const written = await recordOutcome(db, period, module, settings, outcome, opts.trigger ?? "manual", shared.now);
    if (!written) return { status: "locked", period, tests: [] };
    tests.push(written);
  }
  return { status: "evaluated", period, tests };
}

async function recordOutcome(
  db: Db,
  period: PeriodScope,
  module: ControlTestModule,
  settings: Settings,
  outcome: TestOutcome,
  trigger: string,
  now: Date,
): Promise<TestEvaluationSummary | null> {
  const catalogue = findTest(module.id)!;
  // one exception per failing item, even if a rule listed an item twice
  const drafts = [...new Map(outcome.exceptions.map((e) => [e.itemKey, e])).values()];
  return db.$transaction(
    async (tx) => {
      // concurrent evaluations of the same period write one after the other
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`evaluate:${period.id}`}))`;
      const [state] = await tx.$queryRaw<{ state: string }[]>`SELECT state::text FROM "AuditPeriod" WHERE id = ${period.id} FOR SHARE`;
      if (!state || state.state === "LOCKED") return null;
      const evaluation = await tx.testEvaluation.create({
        data: {
          periodId: period.id,
          testId: module.id,
          result: outcome.result,
          populationSize: outcome.populationSize,
          exceptionCount: drafts.length,
          populationHash: outcome.populationHash,
          ruleVersion: catalogue.ruleVersion,
          settings: settingsUsed(module, settings) as Prisma.InputJsonValue,
          evaluatedAt: now,
          trigger,
        },
      });
      const sync = await syncExceptions(tx, period.id, module.id, drafts, settings["exceptions.slaBusinessDays"], now);
      return {
        test: module.id,
        result: outcome.result,
        populationSize: outcome.populationSize,
        exceptionCount: drafts.length,
        ...sync,
        evaluationId: evaluation.id,
        ...(outcome.metrics ? { metrics: outcome.metrics } : {}),
      };
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
}

// exceptions travel as one JSON text per chunk: far cheaper in the driver than one array per column
const CHUNK = 5000;

/**
 * Upserts the exceptions of one test in one period, set-based:
 * - a new failing item opens an exception (with its SLA due time);
 * - an item still failing keeps its row, state, dispositions and comments (summary refreshed);
 * - an item no longer failing is CLEARED (clearedAt), its history kept;
 * - a cleared item failing again is OPEN again, or DISPOSITIONED when it has a disposition.
 */
export async function syncExceptions(
  tx: Prisma.TransactionClient,
  periodId: string,
  testId: string,
  drafts: readonly ExceptionDraft[],
  slaBusinessDays: Record<string, number>,
  now: Date,
): Promise<{ opened: number; reopened: number; cleared: number }> {
  let opened = 0;
  let reopened = 0;
  for (let i = 0; i < drafts.length; i += CHUNK) {
    const chunk = drafts.slice(i, i + CHUNK);
    const rows = await tx.$queryRaw<{ inserted: boolean; reopened: boolean }[]>`
      WITH d AS (
        SELECT * FROM json_to_recordset(${JSON.stringify(
          chunk.map((e) => ({
            item_key: e.itemKey,
            item_type: e.itemType,
            item_ref: e.itemRef,
            summary: e.summary,
            details: e.details,
            occurred_at: e.occurredAt?.toISOString() ?? null,
            due_at: dueAtFor(testId, e.occurredAt, slaBusinessDays, now)?.toISOString() ?? null,
          })),
        )}::json) AS d(item_key text, item_type text, item_ref text, summary text, details jsonb, occurred_at timestamptz, due_at timestamptz)
      ),
      before AS (
        SELECT x."itemKey", x.state FROM "ControlException" x
        WHERE x."periodId" = ${periodId} AND x."testId" = ${testId} AND x."itemKey" IN (SELECT item_key FROM d)
      ),
      up AS (
        INSERT INTO "ControlException" AS x
          (id, "periodId", "testId", "itemKey", "itemType", "itemRef", summary, details, state, "firstSeenAt", "lastSeenAt", "occurredAt", "dueAt")
        SELECT gen_random_uuid()::text, ${periodId}, ${testId}, d.item_key, d.item_type, d.item_ref, d.summary, d.details,
               'OPEN', ${now}, ${now}, d.occurred_at, d.due_at
        FROM d
        ON CONFLICT ("periodId", "testId", "itemKey") DO UPDATE SET
          "itemType" = EXCLUDED."itemType", "itemRef" = EXCLUDED."itemRef", summary = EXCLUDED.summary, details = EXCLUDED.details,
          "lastSeenAt" = EXCLUDED."lastSeenAt", "occurredAt" = EXCLUDED."occurredAt", "dueAt" = EXCLUDED."dueAt", "clearedAt" = NULL,
          state = CASE
            WHEN x.state <> 'CLEARED' THEN x.state
            WHEN EXISTS (SELECT 1 FROM "ExceptionDisposition" dd WHERE dd."exceptionId" = x.id) THEN 'DISPOSITIONED'::"ExceptionState"
            ELSE 'OPEN'::"ExceptionState" END
        RETURNING x."itemKey"
      )
      SELECT (b."itemKey" IS NULL) AS inserted, coalesce(b.state = 'CLEARED', false) AS reopened
      FROM up LEFT JOIN before b ON b."itemKey" = up."itemKey"`;
    opened += rows.filter((r) => r.inserted).length;
    reopened += rows.filter((r) => r.reopened).length;
  }
  // every item failing now was just stamped lastSeenAt = now: the others no longer fail
  const cleared = await tx.$executeRaw`
    UPDATE "ControlException" x SET state = 'CLEARED', "clearedAt" = ${now}
    WHERE x."periodId" = ${periodId} AND x."testId" = ${testId} AND x.state <> 'CLEARED'
      AND x."lastSeenAt" IS DISTINCT FROM ${now}`;
  return { opened, reopened, cleared };
}

/**
 * Re-evaluates the OPEN periods the new evidence touches: those overlapping [earliest, latest]
 * of the given times (an ingest reports the range it stored). Locked periods are left alone.
 */
export async function evaluateAffected(db: Db, times: readonly Date[], opts: EvaluateOptions = {}): Promise<PeriodEvaluation[]> {
  const valid = times.filter((t) => t instanceof Date && !Number.isNaN(t.getTime()));
  if (!valid.length) return [];
  const lo = new Date(Math.min(...valid.map((t) => t.getTime())));
  const hi = new Date(Math.max(...valid.map((t) => t.getTime())));
  const periods = await db.auditPeriod.findMany({
    where: { state: "OPEN", start: { lte: hi }, end: { gt: lo } },
    orderBy: { start: "asc" },
  });
  const out: PeriodEvaluation[] = [];
  for (const p of periods) out.push(await evaluatePeriod(db, p.id, { trigger: "ingest", ...opts }));
  return out;
}

// ---------------------------------------------------------------- reading populations

export interface PopulationItem {
  key: string;
  itemType: string;
  itemRef: string;
  label: string;
  occurredAt: Date | null;
  passed: boolean;
  /** the open, dispositioned exception of this item, when it has one */
  exceptionId: string | null;
  link: string | null;
}

export type PopulationSort = "occurred" | "key" | "label" | "passed";

export interface PopulationQuery {
  filter?: "all" | "passed" | "failed";
  /** case-insensitive substring of the label or key */
  search?: string;
  sort?: PopulationSort;
  desc?: boolean;
  offset?: number;
  limit?: number;
  /** keyset position for streaming in the default order: the last item of the previous page */
  after?: { occurredAt: Date | null; key: string };
}

/** The latest evaluation, and the settings it used over today's values for keys it did not record. */
async function asEvaluated(db: Db, periodId: string, testId: string) {
  const [current, latest] = await Promise.all([
    getSettings(db, ALL_SETTING_KEYS) as Promise<Settings>,
    db.testEvaluation.findFirst({ where: { periodId, testId }, orderBy: { evaluatedAt: "desc" }, select: { settings: true, populationSize: true } }),
  ]);
  const used = (latest?.settings ?? {}) as Record<string, unknown>;
  const merged = { ...current } as Record<string, unknown>;
  for (const key of ALL_SETTING_KEYS) {
    if (!(key in used)) continue;
    const parsed = SETTINGS[key].schema.safeParse(used[key]);
    if (parsed.success) merged[key] = parsed.data;
  }
  return { settings: merged as Settings, latest };
}

const SORTS: Record<PopulationSort, Prisma.Sql> = {
  occurred: Prisma.sql`p.occurred_at`,
  key: Prisma.sql`p.item_key COLLATE "C"`,
  label: Prisma.sql`p.label`,
  passed: Prisma.sql`coalesce(p.passed, x.id IS NULL)`,
};

/**
 * A test's population in a period, one page at a time, with pass/fail per item: the item's own
 * verdict when the rule is per item in SQL, else whether it has an exception that is not cleared.
 * The default order (occurred time, then key in byte order) is stable, for exports and sampling.
 * The population is read with the settings its latest evaluation used.
 */
export async function populationOf(db: Db, periodId: string, testId: string, q: PopulationQuery = {}): Promise<{ items: PopulationItem[]; total: number }> {
  const module = testModule(testId);
  if (!module) throw new Error(`unknown test ${testId}`);
  const row = await db.auditPeriod.findUnique({ where: { id: periodId } });
  if (!row) throw new Error(`no audit period ${periodId}`);
  const { settings, latest } = await asEvaluated(db, periodId, testId);
  const population = module.population(scopeOf(row), settings);

  const conditions: Prisma.Sql[] = [];
  if (q.filter === "passed") conditions.push(Prisma.sql`coalesce(p.passed, x.id IS NULL)`);
  if (q.filter === "failed") conditions.push(Prisma.sql`NOT coalesce(p.passed, x.id IS NULL)`);
  if (q.search?.trim()) {
    const like = `%${q.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(Prisma.sql`(p.label ILIKE ${like} OR p.item_key ILIKE ${like})`);
  }
  const filtered = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
  // the keyset continues the default order (occurred time, nulls last, then key in byte order)
  const keyset = q.after
    ? Prisma.sql`${conditions.length ? Prisma.sql` AND` : Prisma.sql`WHERE`} ${
        q.after.occurredAt
          ? Prisma.sql`(p.occurred_at > ${q.after.occurredAt} OR (p.occurred_at = ${q.after.occurredAt} AND p.item_key COLLATE "C" > ${q.after.key}) OR p.occurred_at IS NULL)`
          : Prisma.sql`(p.occurred_at IS NULL AND p.item_key COLLATE "C" > ${q.after.key})`
      }`
    : Prisma.empty;
  const dir = q.desc ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  // NULLS LAST ascending (FIRST descending) is the order the occurredAt indexes return
  const order =
    !q.sort || q.sort === "occurred"
      ? Prisma.sql`p.occurred_at ${dir} ${q.desc ? Prisma.sql`NULLS FIRST` : Prisma.sql`NULLS LAST`}, p.item_key COLLATE "C" ${dir}`
      : Prisma.sql`${SORTS[q.sort]} ${dir}, p.item_key COLLATE "C" ${dir}`;
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 10_000);
  const from = Prisma.sql`FROM (${population}) p
    LEFT JOIN "ControlException" x ON x."periodId" = ${periodId} AND x."testId" = ${testId} AND x."itemKey" = p.item_key AND x.state <> 'CLEARED'`;

  // the whole population's size is the evaluation's; count only a filtered or searched one
  const evaluated = conditions.length === 0 && !q.after ? latest : null;
  const [, items, counted] = await db.$transaction([
    // populations run to hundreds of thousands of rows: JIT compilation would cost more than the query
    db.$executeRaw`SET LOCAL jit = off`,
    db.$queryRaw<{ key: string; itemType: string; itemRef: string; label: string; occurredAt: Date | null; passed: boolean; exceptionId: string | null }[]>`
      SELECT p.item_key AS key, p.item_type AS "itemType", p.item_ref AS "itemRef", p.label, p.occurred_at AS "occurredAt",
             coalesce(p.passed, x.id IS NULL) AS passed, x.id AS "exceptionId"
      ${from} ${filtered} ${keyset}
      ORDER BY ${order} LIMIT ${limit} OFFSET ${Math.max(q.offset ?? 0, 0)}`,
    q.after || evaluated
      ? db.$queryRaw<{ n: number }[]>`SELECT -1 AS n`
      : db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n ${from} ${filtered}`,
  ]);
  const total = evaluated ? evaluated.populationSize : counted[0].n;
  return { items: items.map((i) => ({ ...i, link: linkFor(i.itemType, i.itemRef) })), total };
}

/** Every population item in the stable default order, a page at a time (CSV export, sampling). */
export async function* populationStream(db: Db, periodId: string, testId: string, pageSize = 5000): AsyncGenerator<PopulationItem[]> {
  let after: PopulationQuery["after"];
  for (;;) {
    const { items } = await populationOf(db, periodId, testId, { limit: pageSize, after });
    if (items.length) yield items;
    if (items.length < pageSize) return;
    const last = items[items.length - 1];
    after = { occurredAt: last.occurredAt, key: last.key };
  }
}

/** What the test said at a point in time: the latest evaluation made at or before it. */
export async function resultAt(db: Db, periodId: string, testId: string, at: Date) {
  return db.testEvaluation.findFirst({
    where: { periodId, testId, evaluatedAt: { lte: at } },
    orderBy: { evaluatedAt: "desc" },
  });
}
