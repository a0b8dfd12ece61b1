import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/test-database";
import { SETTINGS, type SettingKey } from "../settings/definitions";
import { commentOnException, dispositionException, DispositionInput } from "./exception-workflow";
import { createPeriod, lockPeriod, periodDays, updatePeriod } from "./period-admin";
import { fieldOf, fieldText, parseField } from "./settings-form";
import { adminUser, period, setup } from "./test-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await setup(t.db);
});
afterAll(async () => t?.drop());

describe("audit periods", () => {
  it("stores the last day as an exclusive end and refuses an inverted window", async () => {
    const p = await createPeriod(t.db, { name: "FY2026", start: "2026-01-01", lastDay: "2026-12-31" });
    expect(p.end).toEqual(new Date("2027-01-01T00:00:00Z"));
    expect(periodDays(p)).toEqual({ start: "2026-01-01", lastDay: "2026-12-31" });
    await expect(createPeriod(t.db, { name: "bad", start: "2026-02-01", lastDay: "2026-01-01" })).rejects.toThrow(/before the first/);
    await expect(createPeriod(t.db, { name: "FY2026", start: "2026-01-01", lastDay: "2026-01-02" })).rejects.toThrow(/exists/);
  });

  it("locks only with the period's name typed, and a locked period is no longer edited", async () => {
    const admin = await adminUser(t.db);
    const p = await createPeriod(t.db, { name: "Q1", start: "2026-01-01", lastDay: "2026-03-31" });
    await expect(lockPeriod(t.db, p.id, "q1", admin)).rejects.toThrow(/type the period's name/);
    const locked = await lockPeriod(t.db, p.id, "Q1", admin);
    expect(locked).toMatchObject({ state: "LOCKED", lockedById: admin.id });
    await expect(lockPeriod(t.db, p.id, "Q1", admin)).rejects.toThrow(/already locked/);
    await expect(updatePeriod(t.db, p.id, { name: "Q1", start: "2026-01-01", lastDay: "2026-04-30" })).rejects.toThrow(/locked/);
  });
});

describe("exception workflow", () => {
  it("requires a comment, and a reference for an incident", () => {
    expect(() => DispositionInput.parse({ kind: "INCIDENT", comment: "leak" })).toThrow(/reference/);
    expect(() => DispositionInput.parse({ kind: "FALSE_POSITIVE", comment: "  " })).toThrow(/comment is required/);
    expect(DispositionInput.parse({ kind: "RISK_ACCEPTED", reference: "", comment: "ok" })).toEqual({ kind: "RISK_ACCEPTED", reference: null, comment: "ok" });
  });

  it("dispositions an open exception and keeps the history; comments may be internal", async () => {
    const admin = await adminUser(t.db);
    const p = await period(t.db);
    const x = await t.db.controlException.create({
      data: { periodId: p.id, testId: "DC-1", itemKey: "event:1", itemType: "AI_EVENT", itemRef: "1", summary: "leak", details: {} },
    });
    await dispositionException(t.db, x.id, { kind: "FALSE_POSITIVE", comment: "test key" }, admin);
    await dispositionException(t.db, x.id, { kind: "INCIDENT", reference: "INC-7", comment: "real after all" }, admin);
    const after = await t.db.controlException.findUniqueOrThrow({ where: { id: x.id }, include: { dispositions: true } });
    expect(after.state).toBe("DISPOSITIONED");
    expect(after.dispositions.map((d) => d.kind).sort()).toEqual(["FALSE_POSITIVE", "INCIDENT"]);
    const c = await commentOnException(t.db, x.id, { body: "rotated the key", internal: true }, admin);
    expect(c.internal).toBe(true);
  });
});

describe("settings form", () => {
  it("edits every setting through a field that round-trips its default", () => {
    for (const key of Object.keys(SETTINGS) as SettingKey[]) {
      const { kind } = fieldOf(key);
      const value = parseField(kind, fieldText(kind, SETTINGS[key].default));
      expect(SETTINGS[key].schema.safeParse(value).success, key).toBe(true);
      expect(value, key).toEqual(SETTINGS[key].default);
    }
    expect(fieldOf("policy.blockingLevel")).toEqual({ kind: "enum", options: ["PUBLIC", "INTERNAL", "CONFIDENTIAL", "RESTRICTED"] });
    expect(parseField("list", "a\n\n b \n")).toEqual(["a", "b"]);
    expect(() => parseField("json", "{nope")).toThrow(/JSON/);
  });
});
