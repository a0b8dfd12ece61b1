import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/test-database";
import type { Actor } from "../auth/actor";
import { recordAccess } from "../auth/access-log";
import { accessLogPage, accessLogCsv } from "./access-log";
import { answerRequest, createRequest, egressPolicyAnswer, MAX_ATTACHMENT_BYTES, RequestError, requestsOf } from "./requests";
import { setSetting } from "../settings/store";
import { csvCell, parseCsv, toCsv } from "./csv";

describe("auditor requests", () => {
  let t: TestDatabase;
  let periodId: string;
  let admin: { id: string; email: string };
  let auditor: { id: string; email: string };
  beforeAll(async () => {
    t = await createTestDatabase();
    periodId = (await t.db.auditPeriod.create({ data: { name: "FY2026", start: new Date("2026-01-01"), end: new Date("2027-01-01") } })).id;
    admin = await t.db.user.create({ data: { email: "lead@example.com", name: "Lead", role: "ADMIN" } });
    auditor = await t.db.user.create({ data: { email: "auditor@example.com", name: "Avery", role: "AUDITOR" } });
  });
  afterAll(() => t?.drop());

  it("an auditor adds a request; ADMIN answers with text and attachments stored with their SHA-256", async () => {
    const r = await createRequest(t.db, { periodId, title: "Access reviews for Q3", body: "Please provide the Q3 access review.", createdById: auditor.id });
    expect(r.status).toBe("OPEN");
    const content = Buffer.from("review,approved\nq3,yes\n");
    await answerRequest(t.db, { requestId: r.id, answer: "Attached.", status: "ANSWERED", answeredById: admin.id, attachments: [{ filename: "../../etc/q3.csv", contentType: "text/csv", content }] });
    const [listed] = await requestsOf(t.db, periodId);
    expect(listed.status).toBe("ANSWERED");
    expect(listed.answeredBy?.email).toBe(admin.email);
    expect(listed.createdBy?.email).toBe(auditor.email);
    expect(listed.attachments).toHaveLength(1);
    expect(listed.attachments[0].filename).toBe("q3.csv");
    expect(listed.attachments[0].sha256).toBe(createHash("sha256").update(content).digest("hex"));
  });

  it("refuses a too-short title, an unknown status and an attachment over the limit", async () => {
    await expect(createRequest(t.db, { periodId, title: "x", body: "", createdById: auditor.id })).rejects.toThrow(RequestError);
    const r = await createRequest(t.db, { periodId, title: "Another one", body: "", createdById: auditor.id });
    await expect(answerRequest(t.db, { requestId: r.id, status: "DONE", answeredById: admin.id })).rejects.toThrow(/unknown status/);
    await expect(answerRequest(t.db, { requestId: r.id, status: "ANSWERED", answeredById: admin.id, attachments: [{ filename: "big.bin", contentType: "application/octet-stream", content: Buffer.alloc(MAX_ATTACHMENT_BYTES + 1) }] })).rejects.toThrow(/larger than/);
    expect(await t.db.requestAttachment.count({ where: { requestId: r.id } })).toBe(0);
  });

  it("the egress policy answer renders the settings in force and their change history", async () => {
    await setSetting(t.db, "policy.blockingLevel", "RESTRICTED", { id: admin.id, email: admin.email }, "tightened after incident");
    const a = await egressPolicyAnswer(t.db, { id: periodId, name: "FY2026", start: new Date("2026-01-01"), end: new Date("2027-01-01") });
    expect(a.policy.find((p) => p.key === "policy.blockingLevel")).toMatchObject({ value: "RESTRICTED", isDefault: false });
    expect(a.history[0]).toMatchObject({ key: "policy.blockingLevel", newValue: "RESTRICTED", oldValue: "CONFIDENTIAL", changedBy: admin.email, comment: "tightened after incident" });
  });

  it("the access log: ADMIN reads all with filters, an auditor only their own entries", async () => {
    await recordAccess(t.db, { actor: { id: auditor.id, email: auditor.email, role: "AUDITOR" }, action: "VIEW", target: "/requests", periodId });
    await recordAccess(t.db, { actor: { id: auditor.id, email: auditor.email, role: "AUDITOR" }, action: "EXPORT", target: "/api/exports/package", periodId });
    await recordAccess(t.db, { actor: { id: admin.id, email: admin.email, role: "ADMIN" }, action: "VIEW", target: "/users" });
    const asAdmin: Actor = { id: admin.id, email: admin.email, name: "Lead", role: "ADMIN", periodIds: null };
    const asAuditor: Actor = { id: auditor.id, email: auditor.email, name: "Avery", role: "AUDITOR", periodIds: [periodId] };
    expect((await accessLogPage(t.db, asAdmin, {})).total).toBe(3);
    expect((await accessLogPage(t.db, asAdmin, { user: "auditor@", action: "EXPORT" })).rows.map((r) => r.target)).toEqual(["/api/exports/package"]);
    const own = await accessLogPage(t.db, asAuditor, { user: "lead@example.com" });
    expect(own.total).toBe(2);
    expect(own.rows.every((r) => r.userId === auditor.id)).toBe(true);
    // an ADMIN previewing the auditor sees the auditor's view: their own entries only
    const preview: Actor = { ...asAuditor, previewOf: { id: admin.id, email: admin.email } };
    expect((await accessLogPage(t.db, preview, {})).total).toBe(2);
    let csv = "";
    for await (const chunk of accessLogCsv(t.db, asAuditor, {}, 1)) csv += chunk;
    const rows = parseCsv(csv);
    expect(rows[0][0]).toBe("id");
    expect(rows.slice(1).map((r) => r[6]).sort()).toEqual(["/api/exports/package", "/requests"]);
    // the log is append-only in the database
    await expect(t.db.accessLog.deleteMany({})).rejects.toThrow();
  });
});

describe("csv", () => {
  it("quotes, escapes and defuses spreadsheet formulas", () => {
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvCell("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvCell("-12.5")).toBe("-12.5");
    expect(csvCell(new Date("2026-01-02T03:04:05Z"))).toBe("2026-01-02T03:04:05.000Z");
    const text = toCsv(["a", "b"], [["x\ny", "z"], [null, 3]]);
    expect(parseCsv(text)).toEqual([["a", "b"], ["x\ny", "z"], ["", "3"]]);
  });
});
