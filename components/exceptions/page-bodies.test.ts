import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ExceptionDetail } from "./exception-detail";
import { ExceptionList } from "./exception-list";
import { PeriodsScreen } from "./periods-screen";
import { SettingsScreen } from "./settings-screen";
import { TestScreen } from "../matrix/test-screen";
import { MatrixScreen } from "../matrix/matrix-screen";
import { findTest, CATALOGUE } from "@/lib/controls/catalogue";

const d = new Date("2026-03-01T10:00:00Z");
const period = { id: "p1", name: "FY2026", start: d, end: new Date("2027-01-01T00:00:00Z"), state: "OPEN", lockedAt: null, lockedById: null, createdAt: d };
const exc = { id: "x1", periodId: "p1", testId: "DC-1", itemKey: "event:1", itemType: "AI_EVENT", itemRef: "1", summary: "Restricted data leaked", details: { a: 1 }, state: "OPEN", firstSeenAt: d, lastSeenAt: d, clearedAt: null, occurredAt: d, dueAt: d };

describe("page bodies render", () => {
  it("render the matrix, test, exception, exceptions list, periods and settings pages from their view data", () => {
    const html = [
      renderToStaticMarkup(createElement(ExceptionDetail, { view: { exception: { ...exc, period, dispositions: [{ id: "d1", kind: "INCIDENT", reference: "INC-1", comment: "c", decidedAt: d, decidedBy: { name: "Lead", email: "l@x" } }], comments: [{ id: "c1", body: "hi", internal: true, createdAt: d, author: { name: "Lead" } }] }, test: findTest("DC-1"), link: "/traffic/1", evidence: { title: "Gateway event 1", facts: [["Time", "now"]], rows: { caption: "Findings", header: ["Type"], cells: [["ssn"]] } }, overdue: true, mayDisposition: true } as never })),
      renderToStaticMarkup(createElement(ExceptionList, { view: { period, periods: [period], refused: false, page: 0, total: 1, counts: [{ state: "OPEN", n: 1 }], rows: [{ ...exc, link: "/traffic/1", overdue: true, latest: null, dispositions: [] }] } as never, filters: {} })),
      renderToStaticMarkup(createElement(PeriodsScreen, { periods: [{ ...period, start: "2026-01-01", lastDay: "2026-12-31", lockedBy: null, evaluatedAt: d, failing: 2, openExceptions: 3 }] as never, readOnly: false })),
      renderToStaticMarkup(createElement(SettingsScreen, { settings: [{ key: "policy.blockingLevel", kind: "enum", options: ["PUBLIC", "RESTRICTED"], description: "x", value: "PUBLIC", text: "PUBLIC", isDefault: true, history: [{ key: "policy.blockingLevel", oldValue: "A", newValue: "B", changedBy: null, changedAt: d, comment: null }] }] as never, readOnly: false })),
      renderToStaticMarkup(createElement(TestScreen, { view: { test: findTest("DC-1"), control: CATALOGUE[2], settingsKeys: ["policy.blockingLevel"], periods: [period], refused: false, period, latest: { id: "e1", result: "FAIL", populationSize: 3, exceptionCount: 1, populationHash: "ab", settings: { "policy.blockingLevel": "CONFIDENTIAL" }, evaluatedAt: d, trigger: "cli", ruleVersion: "1" }, history: [{ id: "e1", result: "FAIL", populationSize: 3, exceptionCount: 1, populationHash: "abcdef0123456789abcd", evaluatedAt: d, trigger: "cli", ruleVersion: "1" }], population: { total: 1, items: [{ key: "event:1", itemType: "AI_EVENT", itemRef: "1", label: "u → m", occurredAt: d, passed: false, exceptionId: "x1", link: "/traffic/1" }] }, query: { page: 0, sort: "occurred", dir: "asc", filter: "all", q: "" }, exceptions: [exc], exceptionStates: [{ state: "OPEN", n: 1 }] } as never })),
      renderToStaticMarkup(createElement(MatrixScreen, { view: { period, periods: [period], refused: false, controls: [], drilldown: true, mayEvaluate: true, evaluated: false, hasCommits: false, hasEvents: false } as never, isAdmin: true })),
    ].join("\n");
    expect(html).toContain("Record disposition");
    expect(html).toContain("internal");
    expect(html).toContain("Lock FY2026");
    expect(html).toContain("No production commits ingested");
    expect(html).toContain("Download CSV");
  });
});
