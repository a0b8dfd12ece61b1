// The page query modules: period scoping, internal comments, the executive's read-only matrix.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/actor";
import { db as processDb } from "../db/client";
import { createTestDatabase, type TestDatabase } from "../db/test-database";
import { evaluatePeriod } from "./evaluate";
import { exceptionList, exceptionView } from "./exception-queries";
import { commentOnException } from "./exception-workflow";
import { matrixView } from "./matrix-queries";
import { testView } from "./test-queries";
import { adminUser, commit, event, period, repository, setup, sha, T } from "./test-fixtures";

let t: TestDatabase;
let granted: string;
let other: string;
let exceptionInOther: string;
let exceptionInGranted: string;
const actor = (role: Actor["role"], periodIds: string[] | null): Actor => ({ id: "u", email: "u@acme.test", name: "U", role, periodIds });

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url; // the query modules use the process-wide client
  await setup(t.db);
  granted = (await period(t.db, "H1", T("2026-01-01T00:00:00Z"), T("2026-07-01T00:00:00Z"))).id;
  other = (await period(t.db, "H2", T("2026-07-01T00:00:00Z"), T("2027-01-01T00:00:00Z"))).id;
  const r = await repository(t.db, "acme/api");
  await commit(t.db, r.id, { sha: sha("p1"), committedAt: T("2026-02-01T00:00:00Z"), arrival: "DIRECT" });
  await commit(t.db, r.id, { sha: sha("p2"), committedAt: T("2026-08-01T00:00:00Z"), arrival: "DIRECT" });
  await event(t.db, { occurredAt: T("2026-02-02T00:00:00Z"), findings: [{ type: "us_ssn", classification: "RESTRICTED" }] });
  await evaluatePeriod(t.db, granted, { now: T("2026-03-01T00:00:00Z") });
  await evaluatePeriod(t.db, other, { now: T("2026-09-01T00:00:00Z") });
  exceptionInGranted = (await t.db.controlException.findFirstOrThrow({ where: { periodId: granted, testId: "DC-1" } })).id;
  exceptionInOther = (await t.db.controlException.findFirstOrThrow({ where: { periodId: other, testId: "CM-2" } })).id;
  const admin = await adminUser(t.db);
  await commentOnException(t.db, exceptionInGranted, { body: "shared with the auditor", internal: false }, admin);
  await commentOnException(t.db, exceptionInGranted, { body: "legal is looking at it", internal: true }, admin);
});
afterAll(async () => {
  await processDb().$disconnect();
  await t?.drop();
});

describe("page queries", () => {
  it("an auditor sees only the exceptions of granted periods, and no internal comment", async () => {
    const auditor = actor("AUDITOR", [granted]);
    expect(await exceptionView(auditor, exceptionInOther)).toBeNull();
    const view = await exceptionView(auditor, exceptionInGranted);
    expect(view?.exception.comments.map((c) => c.body)).toEqual(["shared with the auditor"]);
    expect(view?.mayDisposition).toBe(false);
    const admin = await exceptionView(actor("ADMIN", null), exceptionInGranted);
    expect(admin?.exception.comments.map((c) => c.body)).toEqual(["shared with the auditor", "legal is looking at it"]);
    expect(admin?.evidence?.title).toMatch(/Gateway event/);
  });

  it("lists exceptions of the selected period only, never of a refused one", async () => {
    const list = await exceptionList(actor("AUDITOR", [granted]), { period: other });
    expect(list.refused).toBe(true);
    expect(list.period?.id).toBe(granted);
    expect(list.rows.every((x) => x.periodId === granted)).toBe(true);
    const overdue = await exceptionList(actor("ADMIN", null), { period: granted, overdue: "1" }, T("2030-01-01T00:00:00Z"));
    // only tests with an SLA have due times; CM-2's exception has none
    expect(overdue.rows.map((x) => x.testId)).toContain("DC-1");
    expect(overdue.rows.map((x) => x.testId)).not.toContain("CM-2");
    expect(overdue.rows.every((x) => x.overdue && x.state === "OPEN")).toBe(true);
  });

  it("gives the executive the matrix without drilldown", async () => {
    const exec = await matrixView(actor("EXECUTIVE", null), granted);
    expect(exec.drilldown).toBe(false);
    expect(exec.mayEvaluate).toBe(false);
    const cm2 = exec.controls.find((c) => c.id === "CC8.1")!.tests.find((x) => x.id === "CM-2")!;
    expect(cm2).toMatchObject({ status: "FAIL", populationSize: 1, open: 1 });
    expect((await matrixView(actor("ADMIN", null), granted)).drilldown).toBe(true);
  });

  it("shows a test's procedure, history, settings used and population", async () => {
    const view = await testView(actor("AUDITOR", [granted]), "DC-1", { period: granted, filter: "failed" });
    expect(view?.period?.id).toBe(granted);
    if (!view?.period) throw new Error("no period");
    expect(view.test.procedure).toMatch(/blocking level/);
    expect(view.latest?.settings).toMatchObject({ "policy.blockingLevel": "CONFIDENTIAL" });
    expect(view.population.items).toHaveLength(1);
    expect(view.population.items[0].link).toMatch(/^\/traffic\//);
    expect(await testView(actor("ADMIN", null), "XX-9", {})).toBeNull();
  });
});
