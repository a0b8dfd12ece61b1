import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/test-database";
import { seedSummaryFixture } from "./fixtures";
import { monthlySummary } from "./monthly";
import { rollUpAll } from "./rollup";

let t: TestDatabase;
const NOW = new Date("2026-12-15T12:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase();
  await seedSummaryFixture(t.db);
  await rollUpAll(t.db);
});
afterAll(async () => {
  await t?.drop();
});

async function one(sql: string): Promise<number> {
  const rows = await t.db.$queryRawUnsafe<{ n: number }[]>(sql);
  return Number(rows[0].n);
}

const SEP = `'2026-09-01T00:00:00Z' AND '2026-10-01T00:00:00Z'`;
const OCT = `"occurredAt" >= '2026-10-01T00:00:00Z' AND "occurredAt" < '2026-11-01T00:00:00Z'`;
const OCT_C = `"committedAt" >= '2026-10-01T00:00:00Z' AND "committedAt" < '2026-11-01T00:00:00Z'`;

describe("monthly summary from roll-ups", () => {
  it("summarises the first month with data: no previous month", async () => {
    const s = await monthlySummary(t.db, "2026-09", { now: NOW });
    expect(s.hasPrevious).toBe(false);
    expect(s.empty).toBe(false);
    expect(s.complete).toBe(true);
    expect(s.months).toHaveLength(12);
    expect(s.months[11]).toBe("2026-09");
    expect(s.commits.cur.total).toBe(await one(`SELECT count(*)::int AS n FROM "Commit" WHERE "isProduction" AND "committedAt" >= '2026-09-01T00:00:00Z' AND "committedAt" < '2026-10-01T00:00:00Z'`));
    expect(s.traffic.cur.events).toBe(await one(`SELECT count(*)::int AS n FROM "AiEvent" WHERE "occurredAt" >= '2026-09-01T00:00:00Z' AND "occurredAt" < '2026-10-01T00:00:00Z'`));
    expect(s.readings.aiShare).toMatch(/no previous month to compare/);
    expect(s.readings.traffic).not.toMatch(/previous month/);
    expect(s.readings.review).toMatch(/had an independent approval/);
    expect(SEP).toBeTruthy();
  });

  it("compares October with September, figure by figure against the raw tables", async () => {
    const s = await monthlySummary(t.db, "2026-10", { now: NOW });
    expect(s.hasPrevious).toBe(true);
    expect(s.commits.cur).toEqual({
      total: await one(`SELECT count(*)::int AS n FROM "Commit" WHERE "isProduction" AND ${OCT_C}`),
      ai: await one(`SELECT count(*)::int AS n FROM "Commit" WHERE "isProduction" AND "aiAssisted" AND ${OCT_C}`),
    });
    expect(s.commits.byRepo.map((r) => r.key).sort()).toEqual(["acme/api", "acme/billing"]);
    expect(s.commits.byRepo.reduce((a, r) => a + r.d, 0)).toBe(s.commits.cur.total);
    expect(s.review.cur.fail).toBe(await one(`SELECT count(*)::int AS n FROM "Commit" WHERE "isProduction" AND ${OCT_C} AND substring(id, 2)::int % 7 = 0`));
    expect(s.traffic.cur.events).toBe(await one(`SELECT count(*)::int AS n FROM "AiEvent" WHERE ${OCT}`));
    expect(s.traffic.cur.users).toBe(
      await one(`SELECT count(DISTINCT coalesce('p:' || "personId", 'e:' || lower("proxyUserEmail"), 'u:' || "proxyUserId"))::int AS n FROM "AiEvent" WHERE ${OCT}`),
    );
    expect(s.traffic.cur.cost).toBeCloseTo(await one(`SELECT coalesce(sum(cost), 0)::float8 AS n FROM "AiEvent" WHERE ${OCT}`), 2);
    expect(s.traffic.byTool.reduce((a, b) => a + b.value, 0)).toBe(s.traffic.cur.events);
    // sensitive data at or above Confidential, by gateway outcome
    const above = `${OCT} AND "findingCount" > 0 AND "maxClassification" IN ('CONFIDENTIAL', 'RESTRICTED')`;
    expect(s.sensitive.cur.blocked).toBe(await one(`SELECT count(*)::int AS n FROM "AiEvent" WHERE ${above} AND "gatewayAction" = 'BLOCKED'`));
    expect(s.sensitive.cur.passed).toBe(await one(`SELECT count(*)::int AS n FROM "AiEvent" WHERE ${above} AND "gatewayAction" = 'PASSED'`));
    expect(s.sensitive.cur.below).toBe(await one(`SELECT count(*)::int AS n FROM "AiEvent" WHERE ${OCT} AND "findingCount" > 0 AND "maxClassification" = 'INTERNAL'`));
    expect(s.sensitive.passThroughs).toBe(s.sensitive.cur.passed);
    expect(s.sensitive.undispositioned).toBe(await one(`SELECT count(*)::int AS n FROM "ControlException" WHERE "testId" = 'DC-1' AND state = 'OPEN' AND ${OCT}`));
    expect(s.shadow.tools.map((x) => x.key).sort()).toEqual(["aider", "cursor", "openai"]);
    expect(s.shadow.credentialCount).toBe(6);
    expect(s.coverage.cur.payload).toBe(await one(`SELECT count(*)::int AS n FROM "AiEvent" WHERE ${OCT} AND "hasPayload"`));
    expect(s.coverage.cur.aiEngineers).toBe(3);
    expect(s.coverage.cur.aiEngineersGateway).toBe(2);
    // exceptions open at the end of October (state as of NOW, replayed to the month's end)
    const openAtEnd = await one(`
      SELECT count(*)::int AS n FROM "ControlException" ce
      WHERE ce."firstSeenAt" < '2026-11-01T00:00:00Z'
        AND NOT (ce.state = 'CLEARED' AND ce."clearedAt" < '2026-11-01T00:00:00Z')
        AND NOT (ce.state = 'DISPOSITIONED' AND EXISTS (SELECT 1 FROM "ExceptionDisposition" d WHERE d."exceptionId" = ce.id AND d."decidedAt" < '2026-11-01T00:00:00Z'))`);
    expect(s.exceptions.cur.openAtEnd).toBe(openAtEnd);
    expect(s.exceptions.ages.reduce((a, b) => a + b.count, 0)).toBe(openAtEnd);
    expect(s.exceptions.perControl.reduce((a, c) => a + c.openAtEnd, 0)).toBe(openAtEnd);
    expect(s.exceptions.cur.overdue).toBeGreaterThan(0);
    expect(s.readings.aiShare).toMatch(/^AI-assisted share of production commits (rose|fell|was unchanged)/);
    expect(s.readings.traffic).toMatch(/on the previous month|about the same/);
    expect(s.readings.shadow).toMatch(/^3 unregistered tools/);
  });

  it("says an empty month is empty", async () => {
    const s = await monthlySummary(t.db, "2025-03", { now: NOW });
    expect(s.empty).toBe(true);
    expect(s.hasPrevious).toBe(false);
    expect(s.readings.aiShare).toBe("No data for March 2025: no gateway events, production commits or exceptions were recorded in that month.");
    expect(s.commits.trend.every((m) => m.total === 0)).toBe(true);
  });

  it("treats the current month as incomplete and a month with only exception activity as not empty", async () => {
    const s = await monthlySummary(t.db, "2026-11", { now: new Date("2026-11-20T00:00:00Z") });
    expect(s.complete).toBe(false);
    expect(s.empty).toBe(false);
    expect(s.exceptions.cur.opened + s.exceptions.cur.closed).toBeGreaterThan(0);
    expect(s.readings.aiShare).toBe("No production commits this month (91 the previous month).");
  });

  it("reads nothing but roll-ups and exception state (raw events gone, figures unchanged)", async () => {
    const before = await monthlySummary(t.db, "2026-10", { now: NOW });
    await t.db.$executeRawUnsafe(`DELETE FROM "Finding"`);
    await t.db.$executeRawUnsafe(`DELETE FROM "AiEvent"`);
    await t.db.$executeRawUnsafe(`DELETE FROM "Commit"`);
    const after = await monthlySummary(t.db, "2026-10", { now: NOW });
    expect({ ...after, generatedAt: "" }).toEqual({ ...before, generatedAt: "" });
  });
});
