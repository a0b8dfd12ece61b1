import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/test-database";
import { syncCatalogue } from "../controls/sync-catalogue";
import { seedDemo } from "./seed";

let t: TestDatabase;
let repoDir: string;
beforeAll(async () => {
  t = await createTestDatabase();
  repoDir = await mkdtemp(path.join(os.tmpdir(), "demo-repos-"));
  await syncCatalogue(t.db);
});
afterAll(async () => {
  await t.drop();
  await rm(repoDir, { recursive: true, force: true });
});

describe("demo organisation", () => {
  it("is seeded once through the real ingest paths and evaluated", async () => {
    const first = await seedDemo(t.db, { now: new Date("2026-12-02T12:00:00Z"), repoDir });
    expect(first.seeded).toBe(true);
    expect(await t.db.user.count()).toBe(3);
    expect(await t.db.aiEvent.count()).toBeGreaterThan(1000);
    expect(await t.db.quarantinedRecord.count()).toBe(1);
    expect(await t.db.commit.count({ where: { isProduction: true } })).toBeGreaterThan(100);
    expect(await t.db.review.count()).toBeGreaterThan(50);
    const evaluations = await t.db.testEvaluation.findMany({
      where: { period: { name: "FY2026" } },
      orderBy: { evaluatedAt: "desc" },
      distinct: ["testId"],
    });
    expect(evaluations.length).toBe(15);
    // the demo shows failures as well as passes
    expect(evaluations.some((e) => e.result === "FAIL")).toBe(true);
    expect(evaluations.some((e) => e.result === "PASS")).toBe(true);
    expect(await t.db.dailyRollup.count()).toBeGreaterThan(100);

    const second = await seedDemo(t.db, { repoDir });
    expect(second.seeded).toBe(false);
    expect(await t.db.user.count()).toBe(3);
  }, 240_000);
});
