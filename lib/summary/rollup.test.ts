import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/test-database";
import { seedSummaryFixture } from "./fixtures";
import { rawDataRange, rollUpAll, rollUpDays } from "./rollup";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedSummaryFixture(t.db);
});
afterAll(async () => {
  await t?.drop();
});

type Row = { day: string; dim: string; v: number };

async function rollup(metric: string): Promise<Map<string, number>> {
  const rows = await t.db.$queryRawUnsafe<Row[]>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, dimension AS dim, value::float8 AS v FROM "DailyRollup" WHERE metric = $1`,
    metric,
  );
  return new Map(rows.map((r) => [`${r.day}|${r.dim}`, Number(r.v)]));
}

async function raw(sql: string): Promise<Map<string, number>> {
  const rows = await t.db.$queryRawUnsafe<Row[]>(sql);
  return new Map(rows.filter((r) => Number(r.v) !== 0).map((r) => [`${r.day}|${r.dim}`, Number(r.v)]));
}

const DAY = `to_char(("occurredAt" AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD')`;
const CDAY = `to_char((c."committedAt" AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD')`;

async function snapshot() {
  return t.db.$queryRawUnsafe<{ k: string; v: number }[]>(
    `SELECT day::text || '|' || metric || '|' || dimension AS k, value::float8 AS v FROM "DailyRollup" WHERE metric NOT LIKE 'meta.%' ORDER BY 1`,
  );
}

describe("daily roll-ups", () => {
  it("finds the range of raw data", async () => {
    const r = await rawDataRange(t.db);
    expect(r!.from.toISOString()).toBe("2026-09-01T01:13:00.000Z");
    expect(r!.to.getTime()).toBeGreaterThan(new Date("2026-10-31T00:00:00Z").getTime());
  });

  it("rolls up everything and matches raw counts", async () => {
    const result = await rollUpAll(t.db);
    // exceptions of late-October commits are first seen and dispositioned in November
    expect(result.months).toEqual(["2026-09", "2026-10", "2026-11"]);

    expect(await rollup("events")).toEqual(await raw(`SELECT ${DAY} AS day, '' AS dim, count(*)::float8 AS v FROM "AiEvent" GROUP BY 1`));
    expect(await rollup("events.tool")).toEqual(
      await raw(`SELECT ${DAY} AS day, coalesce("toolKey", '(unattributed)') AS dim, count(*)::float8 AS v FROM "AiEvent" GROUP BY 1, 2`),
    );
    expect(await rollup("events.model")).toEqual(
      await raw(`SELECT ${DAY} AS day, coalesce(model, '(unknown)') AS dim, count(*)::float8 AS v FROM "AiEvent" GROUP BY 1, 2`),
    );
    expect(await rollup("events.payload")).toEqual(
      await raw(`SELECT ${DAY} AS day, '' AS dim, count(*)::float8 AS v FROM "AiEvent" WHERE "hasPayload" GROUP BY 1`),
    );
    const cost = await rollup("cost");
    const rawCost = await raw(`SELECT ${DAY} AS day, '' AS dim, sum(coalesce(cost, 0))::float8 AS v FROM "AiEvent" GROUP BY 1`);
    for (const [k, v] of rawCost) expect(cost.get(k)).toBeCloseTo(v, 6);
    expect(await rollup("activeUsers")).toEqual(
      await raw(`SELECT ${DAY} AS day, '' AS dim, count(DISTINCT coalesce('p:' || "personId", 'e:' || lower("proxyUserEmail"), 'u:' || "proxyUserId"))::float8 AS v FROM "AiEvent" GROUP BY 1`),
    );
    expect(await rollup("credentials")).toEqual(
      await raw(`SELECT ${DAY} AS day, '' AS dim, count(DISTINCT coalesce("apiKeyHash", "apiKeyAlias"))::float8 AS v FROM "AiEvent" GROUP BY 1`),
    );
    expect(await rollup("findings")).toEqual(
      await raw(`SELECT ${DAY} AS day, "maxClassification"::text || '|' || "gatewayAction"::text AS dim, count(*)::float8 AS v FROM "AiEvent" WHERE "findingCount" > 0 GROUP BY 1, 2`),
    );
    // shadow tools: cursor (registered=false) and openai (no register row); claude-code is registered
    const shadow = await rollup("tools.unregistered");
    expect(new Set([...shadow.keys()].map((k) => k.split("|")[1]))).toEqual(new Set(["cursor", "openai"]));
    expect(await rollup("credentials.unregistered")).toEqual(
      await raw(`SELECT ${DAY} AS day, coalesce("apiKeyHash", "apiKeyAlias") AS dim, count(*)::float8 AS v FROM "AiEvent"
                 WHERE coalesce("apiKeyHash", "apiKeyAlias") IS NOT NULL AND coalesce("apiKeyHash", "apiKeyAlias") <> 'cred-1' GROUP BY 1, 2`),
    );

    const prod = `FROM "Commit" c JOIN "Repository" r ON r.id = c."repositoryId" WHERE c."isProduction"`;
    expect(await rollup("commits.production")).toEqual(await raw(`SELECT ${CDAY} AS day, '' AS dim, count(*)::float8 AS v ${prod} GROUP BY 1`));
    expect(await rollup("commits.production.repo")).toEqual(
      await raw(`SELECT ${CDAY} AS day, r.owner || '/' || r.name AS dim, count(*)::float8 AS v ${prod} GROUP BY 1, 2`),
    );
    expect(await rollup("commits.ai")).toEqual(await raw(`SELECT ${CDAY} AS day, '' AS dim, count(*)::float8 AS v ${prod} AND c."aiAssisted" GROUP BY 1`));
    expect(await rollup("commits.ai.tool")).toEqual(
      await raw(`SELECT ${CDAY} AS day, t AS dim, count(*)::float8 AS v ${prod} AND c."aiAssisted" AND t IS NOT NULL GROUP BY 1, 2`.replace(
        `FROM "Commit" c`,
        `FROM "Commit" c CROSS JOIN LATERAL unnest(CASE WHEN cardinality(c."aiTools") = 0 THEN ARRAY['(unknown)'] ELSE c."aiTools" END) AS t`,
      )),
    );
    // CM-3: every 7th production commit fails, except the cleared one (c7)
    const fails = [...(await rollup("cm3.fail")).values()].reduce((a, b) => a + b, 0);
    expect(fails).toBe(Math.floor(180 / 7) - 1);
    const failsAi = [...(await rollup("cm3.fail.ai")).values()].reduce((a, b) => a + b, 0);
    const expectedAi = await t.db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "Commit" WHERE "isProduction" AND "aiAssisted" AND substring(id, 2)::int % 7 = 0 AND id <> 'c7'`,
    );
    expect(failsAi).toBe(expectedAi[0].n);
    // the whole year is in an evaluated period
    expect(await rollup("cm3.evaluated")).toEqual(await rollup("commits.production"));

    // exceptions opened per test and day
    expect(await rollup("exceptions.opened")).toEqual(
      await raw(`SELECT to_char(("firstSeenAt" AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, "testId" AS dim, count(*)::float8 AS v FROM "ControlException" GROUP BY 1, 2`),
    );
    const closed = [...(await rollup("exceptions.closed")).values()].reduce((a, b) => a + b, 0);
    const closedRaw = await t.db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "ControlException" WHERE state <> 'OPEN'`);
    expect(closed).toBe(closedRaw[0].n);
  });

  it("keeps the day boundary in UTC", async () => {
    const events = await rollup("events");
    const sep30 = await raw(`SELECT ${DAY} AS day, '' AS dim, count(*)::float8 AS v FROM "AiEvent" WHERE "occurredAt" >= '2026-09-30T00:00:00Z' AND "occurredAt" < '2026-10-01T00:00:00Z' GROUP BY 1`);
    expect(events.get("2026-09-30|")).toBe(sep30.get("2026-09-30|"));
    expect(events.get("2026-10-01|")).toBeGreaterThanOrEqual(1);
  });

  it("stores monthly distinct counts that differ from the sum of daily ones", async () => {
    const m = await rollup("month.activeUsers");
    const rawSep = await t.db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(DISTINCT coalesce('p:' || "personId", 'e:' || lower("proxyUserEmail"), 'u:' || "proxyUserId"))::int AS n
       FROM "AiEvent" WHERE "occurredAt" >= '2026-09-01T00:00:00Z' AND "occurredAt" < '2026-10-01T00:00:00Z'`,
    );
    expect(m.get("2026-09-01|")).toBe(rawSep[0].n);
    const daily = [...(await rollup("activeUsers")).entries()].filter(([k]) => k.startsWith("2026-09")).reduce((a, [, v]) => a + v, 0);
    expect(daily).toBeGreaterThan(m.get("2026-09-01|")!);
    const creds = await rollup("month.credentials.unregistered");
    // cred-2 (unregistered row) and alias-0..4 (no row); cred-1 is registered
    expect(creds.get("2026-09-01|")).toBe(6);
    const tools = await rollup("month.tools.unregistered");
    // traffic: cursor, openai; commit markers: cursor, aider (aider from commit 93 on, i.e. October only)
    expect(tools.get("2026-09-01|")).toBe(2);
    expect(tools.get("2026-10-01|")).toBe(3);
  });

  it("stores month totals equal to the sum of the month's days, for every summable metric and dimension", async () => {
    const mismatches = await t.db.$queryRawUnsafe<{ metric: string; dimension: string; total: number; days: number }[]>(`
      WITH days AS (
        SELECT date_trunc('month', day)::date AS m, metric, dimension, sum(value) AS v
        FROM "DailyRollup" WHERE metric NOT LIKE 'month.%' AND metric NOT LIKE 'meta.%' AND metric NOT IN ('activeUsers', 'credentials')
        GROUP BY 1, 2, 3
      ), totals AS (
        SELECT day AS m, substring(metric FROM 13) AS metric, dimension, value AS v FROM "DailyRollup" WHERE metric LIKE 'month.total.%'
      )
      SELECT coalesce(d.metric, t.metric) AS metric, coalesce(d.dimension, t.dimension) AS dimension, t.v AS total, d.v AS days
      FROM days d FULL JOIN totals t ON t.m = d.m AND t.metric = d.metric AND t.dimension = d.dimension
      WHERE t.v IS DISTINCT FROM d.v AND abs(coalesce(t.v, 0) - coalesce(d.v, 0)) > 1e-6`);
    expect(mismatches).toEqual([]);
    const n = await t.db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "DailyRollup" WHERE metric LIKE 'month.total.%'`);
    expect(n[0].n).toBeGreaterThan(50);
  });

  it("stores the exceptions open at each month's end", async () => {
    const open = await rollup("month.exceptions.open");
    const raw = await t.db.$queryRawUnsafe<{ test: string; n: number }[]>(`
      SELECT ce."testId" AS test, count(*)::int AS n FROM "ControlException" ce
      WHERE ce."firstSeenAt" < '2026-10-01T00:00:00Z'
        AND NOT (ce.state = 'CLEARED' AND ce."clearedAt" < '2026-10-01T00:00:00Z')
        AND NOT (ce.state = 'DISPOSITIONED' AND EXISTS (SELECT 1 FROM "ExceptionDisposition" d WHERE d."exceptionId" = ce.id AND d."decidedAt" < '2026-10-01T00:00:00Z'))
      GROUP BY 1`);
    for (const r of raw) expect(open.get(`2026-09-01|${r.test}`)).toBe(r.n);
    const ages = await rollup("month.exceptions.age");
    const sep = [...ages.entries()].filter(([k]) => k.startsWith("2026-09-01|")).reduce((a, [, v]) => a + v, 0);
    expect(sep).toBe(raw.reduce((a, r) => a + r.n, 0));
  });

  it("counts engineers whose AI traffic goes through the gateway", async () => {
    const ai = await rollup("month.engineers.ai");
    const gw = await rollup("month.engineers.ai.gateway");
    // humans: dana.git (person p-dana via alias, has traffic), user1 (e-mail matches, has traffic), zed (no traffic); the bot is left out
    expect(ai.get("2026-10-01|")).toBe(3);
    expect(gw.get("2026-10-01|")).toBe(2);
    expect((await rollup("month.engineers")).get("2026-10-01|")).toBe(3);
  });

  it("is idempotent, also for partial ranges, and follows changes in raw data", async () => {
    const before = await snapshot();
    await rollUpAll(t.db);
    expect(await snapshot()).toEqual(before);
    await rollUpDays(t.db, new Date("2026-10-05T10:00:00Z"), new Date("2026-10-07T01:00:00Z"));
    expect(await snapshot()).toEqual(before);

    // remove a day's events: the day's rows go, the month's distinct counts are recomputed
    await t.db.$executeRawUnsafe(`DELETE FROM "AiEvent" WHERE "occurredAt" >= '2026-10-06T00:00:00Z' AND "occurredAt" < '2026-10-07T00:00:00Z'`);
    await rollUpDays(t.db, new Date("2026-10-06T00:00:00Z"), new Date("2026-10-07T00:00:00Z"));
    const events = await rollup("events");
    expect(events.has("2026-10-06|")).toBe(false);
    expect(events.get("2026-10-05|")).toBeGreaterThan(0);
    const after = await snapshot();
    expect(after.length).toBeLessThan(before.length);
    await rollUpAll(t.db);
    expect(await snapshot()).toEqual(after);
  });
});
