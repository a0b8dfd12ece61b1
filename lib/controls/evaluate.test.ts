import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/test-database";
import { setSetting } from "../settings/store";
import { addBusinessDays } from "./business-days";
import { TEST_IDS } from "./catalogue";
import { evaluateAffected, evaluatePeriod, populationOf, populationStream, resultAt } from "./evaluate";
import { dispositionException } from "./exception-workflow";
import { populationHashOf } from "./sql";
import { adminUser, commit, event, exceptionsOf, period, pullRequest, repository, setup, sha, T } from "./test-fixtures";

let t: TestDatabase;
const restricted = [{ type: "aws_access_key", classification: "RESTRICTED" as const }];

beforeAll(async () => {
  t = await createTestDatabase();
  await setup(t.db);
});
afterAll(async () => t?.drop());

describe("evaluatePeriod", () => {
  let periodId: string;
  let leakId: bigint;
  let secondLeakId: bigint;
  let repoId: string;

  beforeAll(async () => {
    const p = await period(t.db, "H1", T("2026-01-01T00:00:00Z"), T("2026-07-01T00:00:00Z"));
    periodId = p.id;
    const r = await repository(t.db, "acme/api");
    repoId = r.id;
    await commit(t.db, r.id, { sha: sha("ok"), committedAt: T("2026-02-02T10:00:00Z"), pullNumber: 1 });
    await pullRequest(t.db, r.id, { number: 1, authorLogin: "alice", headSha: sha("h1"), mergedAt: T("2026-02-02T10:00:00Z"), reviews: [{ login: "bob", submittedAt: T("2026-02-02T09:00:00Z") }] });
    await commit(t.db, r.id, { sha: sha("push"), committedAt: T("2026-02-03T10:00:00Z"), arrival: "DIRECT" });
    // Tuesday 2026-03-03: due five business days later, Tuesday 2026-03-10
    leakId = (await event(t.db, { occurredAt: T("2026-03-03T10:00:00Z"), findings: restricted })).id;
    secondLeakId = (await event(t.db, { occurredAt: T("2026-03-04T10:00:00Z"), findings: restricted })).id;
    await event(t.db, { occurredAt: T("2026-03-05T10:00:00Z"), findings: restricted, gatewayAction: "BLOCKED" });
  });

  it("records one evaluation per test with counts, a population hash and the settings used", async () => {
    const run = await evaluatePeriod(t.db, periodId, { trigger: "test", now: T("2026-03-06T00:00:00Z") });
    expect(run.status).toBe("evaluated");
    expect(run.tests.map((x) => x.test)).toEqual(TEST_IDS);
    const evals = await t.db.testEvaluation.findMany({ where: { periodId } });
    expect(evals).toHaveLength(TEST_IDS.length);
    const dc1 = evals.find((e) => e.testId === "DC-1")!;
    expect(dc1).toMatchObject({ result: "FAIL", populationSize: 3, exceptionCount: 2, ruleVersion: "1", trigger: "test" });
    expect(dc1.settings).toMatchObject({ "policy.blockingLevel": "CONFIDENTIAL" });
    const cm2 = evals.find((e) => e.testId === "CM-2")!;
    expect(cm2).toMatchObject({ result: "FAIL", populationSize: 2, exceptionCount: 1 });
    expect(evals.find((e) => e.testId === "CM-6")!.result).toBe("NOT_APPLICABLE");

    // the hash is re-derivable from the population listing
    const keys: string[] = [];
    for await (const page of populationStream(t.db, periodId, "DC-3", 2)) keys.push(...page.map((i) => i.key));
    const dc3 = evals.find((e) => e.testId === "DC-3")!;
    expect(keys).toHaveLength(dc3.populationSize);
    expect(populationHashOf(keys)).toBe(dc3.populationHash);
  });

  it("sets an SLA due time in business days from when the exception occurred", async () => {
    const x = (await exceptionsOf(t.db, periodId, "DC-1")).get(`event:${leakId}`)!;
    expect(x.state).toBe("OPEN");
    expect(x.dueAt).toEqual(addBusinessDays(T("2026-03-03T10:00:00Z"), 5));
    expect(x.dueAt).toEqual(T("2026-03-10T10:00:00Z"));
    // tests without an SLA have no due time
    expect([...(await exceptionsOf(t.db, periodId, "CM-2")).values()][0].dueAt).toBeNull();
  });

  it("keeps exceptions stable across evaluations and keeps the history", async () => {
    const before = await exceptionsOf(t.db, periodId, "DC-1");
    await evaluatePeriod(t.db, periodId, { now: T("2026-03-07T00:00:00Z") });
    const after = await exceptionsOf(t.db, periodId, "DC-1");
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [k, x] of after) expect(x.id).toBe(before.get(k)!.id);
    expect(await t.db.testEvaluation.count({ where: { periodId, testId: "DC-1" } })).toBe(2);
  });

  it("keeps a dispositioned exception dispositioned while it still fails", async () => {
    const admin = await adminUser(t.db);
    const x = (await exceptionsOf(t.db, periodId, "DC-1")).get(`event:${leakId}`)!;
    // due 2026-03-10T10:00Z; dispositioned two days late
    await dispositionException(t.db, x.id, { kind: "INCIDENT", reference: "INC-42", comment: "Key rotated" }, { id: admin.id }, T("2026-03-12T09:00:00Z"));
    await evaluatePeriod(t.db, periodId, { now: T("2026-03-08T00:00:00Z") });
    const again = (await exceptionsOf(t.db, periodId, "DC-1")).get(`event:${leakId}`)!;
    expect(again.state).toBe("DISPOSITIONED");
    expect(again.id).toBe(x.id);
  });

  it("clears exceptions whose item no longer fails, and reopens them when it fails again", async () => {
    // a setting change takes both leaks out of the population, then puts them back
    await setSetting(t.db, "policy.blockingLevel", "CONFIDENTIAL", null);
    await setSetting(t.db, "policy.logOnlyTypes", ["aws_access_key"], null);
    const run = await evaluatePeriod(t.db, periodId, { now: T("2026-03-09T00:00:00Z"), only: ["DC-1"] });
    expect(run.tests[0]).toMatchObject({ result: "NOT_APPLICABLE", cleared: 2 });
    let xs = await exceptionsOf(t.db, periodId, "DC-1");
    expect(xs.get(`event:${leakId}`)).toMatchObject({ state: "CLEARED", clearedAt: T("2026-03-09T00:00:00Z") });

    await setSetting(t.db, "policy.logOnlyTypes", [], null);
    const back = await evaluatePeriod(t.db, periodId, { now: T("2026-03-09T01:00:00Z"), only: ["DC-1"] });
    expect(back.tests[0]).toMatchObject({ result: "FAIL", reopened: 2, opened: 0 });
    xs = await exceptionsOf(t.db, periodId, "DC-1");
    // the dispositioned one comes back dispositioned, the other one open
    expect(xs.get(`event:${leakId}`)).toMatchObject({ state: "DISPOSITIONED", clearedAt: null });
    expect(xs.get(`event:${secondLeakId}`)).toMatchObject({ state: "OPEN", clearedAt: null });
  });

  it("DC-4 reports egress exceptions past their SLA and late dispositions", async () => {
    const run = await evaluatePeriod(t.db, periodId, { now: T("2026-03-20T00:00:00Z"), only: ["DC-4"] });
    // the two leaks are DC-1 and DC-2 exceptions both; only the first DC-1 one was dispositioned
    expect(run.tests[0]).toMatchObject({ result: "FAIL", populationSize: 4, exceptionCount: 4 });
    const summaries = [...(await exceptionsOf(t.db, periodId, "DC-4")).values()].map((x) => x.summary).filter((s) => s.startsWith("DC-1")).sort();
    expect(summaries[0]).toMatch(/^DC-1 exception dispositioned late: by Lead on 2026-03-12, due 2026-03-10/);
    expect(summaries[1]).toMatch(/^DC-1 exception without a disposition, overdue since 2026-03-11/);
    // before the due time, a waiting exception is not late yet
    const early = await evaluatePeriod(t.db, periodId, { now: T("2026-03-10T12:00:00Z"), only: ["DC-4"] });
    expect(early.tests[0]).toMatchObject({ exceptionCount: 2 });
  });

  it("lists a test's population page by page with pass/fail per item and its exception", async () => {
    const failed = await populationOf(t.db, periodId, "CM-2", { filter: "failed" });
    expect(failed.total).toBe(1);
    expect(failed.items[0]).toMatchObject({ passed: false, link: `/changes/acme/api/${sha("push")}` });
    expect(failed.items[0].exceptionId).toBeTruthy();
    const all = await populationOf(t.db, periodId, "DC-1", { limit: 2, sort: "occurred" });
    expect(all.total).toBe(3);
    expect(all.items.map((i) => i.passed)).toEqual([false, false]);
    const next = await populationOf(t.db, periodId, "DC-1", { limit: 2, offset: 2 });
    expect(next.items.map((i) => [i.passed, i.link])).toEqual([[true, expect.stringMatching(/^\/traffic\//)]]);
  });

  it("answers what a test said at a point in time", async () => {
    const evals = await t.db.testEvaluation.findMany({ where: { periodId, testId: "DC-1" }, orderBy: { evaluatedAt: "asc" } });
    const cleared = evals.find((e) => e.result === "NOT_APPLICABLE")!;
    expect((await resultAt(t.db, periodId, "DC-1", T("2026-03-09T00:30:00Z")))?.id).toBe(cleared.id);
    expect((await resultAt(t.db, periodId, "DC-1", T("2026-03-06T12:00:00Z")))?.result).toBe("FAIL");
    expect(await resultAt(t.db, periodId, "DC-1", T("2025-01-01T00:00:00Z"))).toBeNull();
  });

  it("never changes a locked period's results", async () => {
    const exceptions = await t.db.controlException.findMany({ where: { periodId }, orderBy: { id: "asc" } });
    const evaluations = await t.db.testEvaluation.count({ where: { periodId } });
    await t.db.auditPeriod.update({ where: { id: periodId }, data: { state: "LOCKED", lockedAt: new Date() } });
    // new evidence (late) and a new direct push after the lock
    await event(t.db, { occurredAt: T("2026-03-05T11:00:00Z"), findings: restricted, late: true });
    await commit(t.db, repoId, { sha: sha("late"), committedAt: T("2026-02-04T10:00:00Z"), arrival: "DIRECT", late: true });
    const run = await evaluatePeriod(t.db, periodId);
    expect(run.status).toBe("locked");
    expect(await evaluateAffected(t.db, [T("2026-03-05T11:00:00Z")])).toEqual([]);
    expect(await t.db.testEvaluation.count({ where: { periodId } })).toBe(evaluations);
    expect(await t.db.controlException.findMany({ where: { periodId }, orderBy: { id: "asc" } })).toEqual(exceptions);
    // the population of a locked period leaves out evidence that arrived late
    const listed = async (testId: string) => {
      let n = 0;
      for await (const page of populationStream(t.db, periodId, testId)) n += page.length;
      return n;
    };
    expect(await listed("DC-1")).toBe(3);
    expect(await listed("CM-2")).toBe(2);
    expect((await populationOf(t.db, periodId, "CM-2", { filter: "failed" })).total).toBe(1);
  });

  it("evaluateAffected evaluates the open periods overlapping the new evidence", async () => {
    const q3 = await period(t.db, "Q3", T("2026-07-01T00:00:00Z"), T("2026-10-01T00:00:00Z"));
    const q4 = await period(t.db, "Q4", T("2026-10-01T00:00:00Z"), T("2027-01-01T00:00:00Z"));
    const runs = await evaluateAffected(t.db, [T("2026-08-01T00:00:00Z"), T("2026-08-02T00:00:00Z")]);
    expect(runs.map((r) => r.period.id)).toEqual([q3.id]);
    expect(await t.db.testEvaluation.count({ where: { periodId: q4.id } })).toBe(0);
  });
});
