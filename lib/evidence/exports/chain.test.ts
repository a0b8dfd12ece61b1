import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/test-database";
import { recordExport, verifyExportChain, verifyExportRecords } from "./chain";

describe("export chain", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  it("links each export to the previous one and verifies", async () => {
    const a = await recordExport(t.db, { kind: "package", periodId: null, filename: "a.zip", sha256: "a".repeat(64), createdById: null });
    const b = await recordExport(t.db, { kind: "matrix-pdf", periodId: null, filename: "b.pdf", sha256: "b".repeat(64), createdById: null });
    expect(a.prevChain).toBeNull();
    expect(b.prevChain).toBe(a.chainHash);
    // concurrent appends stay one chain
    await Promise.all(Array.from({ length: 6 }, (_, i) => recordExport(t.db, { kind: "csv", periodId: null, filename: `${i}.csv`, sha256: String(i).repeat(64), createdById: null })));
    const v = await verifyExportChain(t.db);
    expect(v).toMatchObject({ ok: true, records: 8 });
  });

  it("detects an altered, a removed and a forged record", async () => {
    const records = await t.db.exportRecord.findMany({ orderBy: { createdAt: "asc" } });
    const altered = records.map((r, i) => (i === 3 ? { ...r, sha256: "0".repeat(64) } : r));
    expect(verifyExportRecords(altered)).toMatchObject({ ok: false, brokenAt: records[3].id });
    const removed = records.filter((_, i) => i !== 2);
    expect(verifyExportRecords(removed)).toMatchObject({ ok: false, brokenAt: records[3].id });
    const forged = [...records, { ...records[5], id: "forged", filename: "x.zip" }];
    expect(verifyExportRecords(forged).ok).toBe(false);
  });
});
