import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/test-database";
import { seedSummaryFixture } from "../summary/fixtures";
import { reportForDownload } from "../summary/issue";
import { JOB_HANDLERS } from "./handlers";
import { backoffMs, claimJob, enqueue, MAX_ATTEMPTS, runDueJobs } from "./queue";
import { enqueueRollup, ensureScheduledJobs } from "./schedule";
import { startWorker } from "./worker";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(async () => {
  await t.db.job.deleteMany();
});

const past = () => new Date(Date.now() - 1000);

describe("job queue", () => {
  it("de-duplicates by uniqueKey", async () => {
    const a = await enqueue(t.db, "noop", { n: 1 }, { uniqueKey: "k:1" });
    const b = await enqueue(t.db, "noop", { n: 2 }, { uniqueKey: "k:1" });
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, created: false });
    expect(await t.db.job.count()).toBe(1);
    // without a key, every enqueue is a job
    await enqueue(t.db, "noop");
    await enqueue(t.db, "noop");
    expect(await t.db.job.count()).toBe(3);
  });

  it("claims only due jobs, each once, even with concurrent workers", async () => {
    for (let i = 0; i < 6; i++) await enqueue(t.db, "noop", { i }, { runAt: past() });
    await enqueue(t.db, "noop", { later: true }, { runAt: new Date(Date.now() + 3_600_000) });
    const claims = await Promise.all(Array.from({ length: 10 }, () => claimJob(t.db)));
    const got = claims.filter((c) => c !== null);
    expect(got).toHaveLength(6);
    expect(new Set(got.map((c) => c!.id)).size).toBe(6);
    expect(got.every((c) => c!.state === "RUNNING" && c!.attempts === 1)).toBe(true);
    expect(await claimJob(t.db)).toBeNull();
  });

  it("runs handlers, marks jobs done, retries failures with backoff and gives up after the last attempt", async () => {
    const seen: unknown[] = [];
    await enqueue(t.db, "ok", { x: 1 }, { runAt: past() });
    const { id: failing } = await enqueue(t.db, "boom", {}, { runAt: past() });
    await enqueue(t.db, "unknown-kind", {}, { runAt: past() });
    const handlers = {
      ok: async (p: unknown) => {
        seen.push(p);
        return "fine";
      },
      boom: async () => {
        throw new Error("kaput");
      },
    };
    const r1 = await runDueJobs(t.db, handlers);
    expect(r1).toMatchObject({ ran: 2, done: 1, retried: 1, failed: 0 });
    expect(seen).toEqual([{ x: 1 }]);
    let job = await t.db.job.findUniqueOrThrow({ where: { id: failing } });
    expect(job.state).toBe("QUEUED");
    expect(job.attempts).toBe(1);
    expect(job.lastError).toMatch(/kaput/);
    const delay = job.runAt.getTime() - Date.now();
    expect(delay).toBeGreaterThan(backoffMs(1) - 5_000);
    expect(delay).toBeLessThanOrEqual(backoffMs(1) + 1_000);
    // not due again yet
    expect((await runDueJobs(t.db, handlers)).ran).toBe(0);
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      await t.db.job.update({ where: { id: failing }, data: { runAt: past() } });
      await runDueJobs(t.db, handlers);
    }
    job = await t.db.job.findUniqueOrThrow({ where: { id: failing } });
    expect(job.state).toBe("FAILED");
    expect(job.attempts).toBe(MAX_ATTEMPTS);
    expect(job.finishedAt).not.toBeNull();
    // a kind without a handler is left for a worker that has one
    expect((await t.db.job.findFirstOrThrow({ where: { kind: "unknown-kind" } })).state).toBe("QUEUED");
    expect(backoffMs(1)).toBe(30_000);
    expect(backoffMs(3)).toBe(120_000);
    expect(backoffMs(20)).toBe(3_600_000);
  });

  it("claims a job again when its worker went silent", async () => {
    const { id } = await enqueue(t.db, "ok", {}, { runAt: past() });
    await claimJob(t.db);
    expect(await claimJob(t.db)).toBeNull();
    await t.db.$executeRawUnsafe(`UPDATE "Job" SET "startedAt" = now() - interval '2 hours' WHERE id = $1`, id);
    const again = await claimJob(t.db);
    expect(again?.id).toBe(id);
    expect(again?.attempts).toBe(2);
  });

  it("schedules the previous month's report once, from the first day of the month", async () => {
    const now = new Date("2026-11-01T00:10:00Z");
    const first = await ensureScheduledJobs(t.db, now);
    const again = await ensureScheduledJobs(t.db, new Date("2026-11-01T00:40:00Z"));
    expect(first.find((s) => s.uniqueKey === "monthly-report:2026-10")?.created).toBe(true);
    expect(again.find((s) => s.uniqueKey === "monthly-report:2026-10")?.created).toBe(false);
    const job = await t.db.job.findUniqueOrThrow({ where: { uniqueKey: "monthly-report:2026-10" } });
    expect(job.payload).toEqual({ month: "2026-10" });
    expect(job.runAt.toISOString()).toBe("2026-11-01T01:00:00.000Z");
    // a server that was down on the 1st still issues it later in the month, still once
    await ensureScheduledJobs(t.db, new Date("2026-11-09T12:00:00Z"));
    expect(await t.db.job.count({ where: { kind: "monthly-report" } })).toBe(1);
  });
});

describe("roll-up requests", () => {
  it("coalesces identical queued roll-ups", async () => {
    const from = new Date("2026-10-05T13:00:00Z");
    const to = new Date("2026-10-07T00:00:00Z");
    expect(await enqueueRollup(t.db, from, to)).toEqual({ queued: true });
    expect(await enqueueRollup(t.db, from, to)).toEqual({ queued: false });
    const job = await t.db.job.findFirstOrThrow({ where: { kind: "rollup" } });
    expect(job.payload).toEqual({ from: "2026-10-05T00:00:00.000Z", to: "2026-10-07T00:00:00.000Z" });
    expect(job.runAt.getTime()).toBeGreaterThan(Date.now());
  });
});

describe("monthly report job", () => {
  it("rolls up and issues the report once, keeps it, and downloads serve the issued bytes", async () => {
    await seedSummaryFixture(t.db);
    await enqueue(t.db, "monthly-report", { month: "2026-10" }, { uniqueKey: "monthly-report:2026-10", runAt: past() });
    const r = await runDueJobs(t.db, JOB_HANDLERS);
    expect(r).toMatchObject({ ran: 1, done: 1 });
    const report = await t.db.monthlyReport.findUniqueOrThrow({ where: { month: "2026-10" } });
    expect(Buffer.from(report.pdf).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const { createHash } = await import("node:crypto");
    expect(createHash("sha256").update(report.pdf).digest("hex")).toBe(report.sha256);
    expect(report.trigger).toBe("scheduled");
    expect(await t.db.dailyRollup.count({ where: { metric: "events" } })).toBeGreaterThan(0);

    // running it again (e.g. re-queued by hand) keeps the issued report
    await enqueue(t.db, "monthly-report", { month: "2026-10" }, { runAt: past() });
    await runDueJobs(t.db, JOB_HANDLERS);
    const same = await t.db.monthlyReport.findUniqueOrThrow({ where: { month: "2026-10" } });
    expect(same.sha256).toBe(report.sha256);
    expect(same.generatedAt.getTime()).toBe(report.generatedAt.getTime());

    const download = await reportForDownload(t.db, "2026-10");
    expect(download).toMatchObject({ kept: true, sha256: report.sha256 });

    // a complete month without a report is issued on demand and kept; an empty one is a draft
    const sept = await reportForDownload(t.db, "2026-09");
    expect(sept).toMatchObject({ kept: true, trigger: "on-demand" });
    const empty = await reportForDownload(t.db, "2025-03");
    expect(empty).toMatchObject({ kept: false });
    expect(await t.db.monthlyReport.count()).toBe(2);
    // the current month is a draft, a future one does not exist
    const current = await reportForDownload(t.db, "2026-11", { now: new Date("2026-11-20T00:00:00Z") });
    expect(current?.kept).toBe(false);
    expect(await reportForDownload(t.db, "2027-01", { now: new Date("2026-11-20T00:00:00Z") })).toBeNull();
  }, 120_000);

  it("fails a report job for a month that has not ended", async () => {
    const next = new Date();
    next.setUTCMonth(next.getUTCMonth() + 1);
    const month = next.toISOString().slice(0, 7);
    await enqueue(t.db, "monthly-report", { month }, { runAt: past() });
    const r = await runDueJobs(t.db, JOB_HANDLERS);
    expect(r.retried).toBe(1);
    expect(r.jobs[0].error).toMatch(/has not ended/);
  });
});

describe("worker", () => {
  it("ticks: schedules and runs due jobs, and stops", async () => {
    const done: string[] = [];
    await enqueue(t.db, "ok", {}, { runAt: past() });
    const w = startWorker(t.db, { firstDelayMs: 60_000, handlers: { ok: async () => done.push("ok") }, log: () => {} });
    const r = await w.tick();
    expect(r?.done).toBe(1);
    expect(done).toEqual(["ok"]);
    expect(await t.db.job.count({ where: { kind: "monthly-report" } })).toBe(1);
    await w.stop();
  });
});
