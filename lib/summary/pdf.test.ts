import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/test-database";
import { barChart, chartToSvg, hbarChart, lineChart, niceScale, shortValue } from "./chart-geometry";
import { seedSummaryFixture } from "./fixtures";
import { monthlySummary } from "./monthly";
import { renderSummaryPdf } from "./pdf";
import { rollUpAll } from "./rollup";
import { summarySections } from "./sections";

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

function pageCount(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

describe("monthly PDF", () => {
  it("renders a month with data: a valid PDF with pages and vector charts", async () => {
    const s = await monthlySummary(t.db, "2026-10", { now: NOW });
    const pdf = await renderSummaryPdf(s, { status: "issued", trigger: "test" });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.subarray(-6).toString("latin1")).toMatch(/%%EOF/);
    expect(pageCount(pdf)).toBeGreaterThanOrEqual(2);
    // Helvetica only: the standard font, nothing embedded
    const text = pdf.toString("latin1");
    expect(text).toMatch(/\/BaseFont\s*\/Helvetica/);
    expect(text).not.toMatch(/\/FontFile2/);
  }, 60_000);

  it("renders an empty month", async () => {
    const s = await monthlySummary(t.db, "2025-03", { now: NOW });
    expect(s.empty).toBe(true);
    const pdf = await renderSummaryPdf(s, { status: "draft" });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pageCount(pdf)).toBe(1);
  }, 60_000);

  it("describes every chart with its reading", async () => {
    const s = await monthlySummary(t.db, "2026-10", { now: NOW });
    const charts = summarySections(s).flatMap((x) => x.charts);
    expect(charts.length).toBeGreaterThanOrEqual(10);
    for (const c of charts) expect(c.reading).toBe(s.readings[c.id]);
  });
});

describe("chart geometry", () => {
  it("picks nice scales and short labels", () => {
    expect(niceScale(0)).toEqual({ max: 1, step: 0.25 });
    expect(niceScale(87)).toEqual({ max: 100, step: 25 });
    expect(niceScale(1234)).toEqual({ max: 1500, step: 500 });
    expect(shortValue(1_234_567, "count")).toBe("1.2M");
    expect(shortValue(0.38, "percent")).toBe("38%");
    expect(shortValue(4210, "money")).toBe("$4.2k");
  });
  it("keeps bars inside the frame and draws nothing for zero", () => {
    const c = barChart({ categories: ["a", "b", "c"], series: [{ name: "x", color: "#000", values: [0, 5, 10] }], width: 300, height: 100 });
    const rects = c.prims.filter((p) => p.t === "rect" && p.fill === "#000" && p.w !== 6);
    expect(rects).toHaveLength(2);
    for (const r of rects) if (r.t === "rect") expect(r.y + r.h).toBeLessThanOrEqual(100);
    expect(chartToSvg(c)).toMatch(/^<svg/);
  });
  it("leaves gaps in lines for months without a value", () => {
    const c = lineChart({ categories: ["a", "b", "c", "d"], series: [{ name: "x", color: "#000", values: [0.5, null, 0.7, 0.8] }], width: 300, height: 100, max: 1 });
    const path = c.prims.find((p) => p.t === "path");
    expect(path && path.t === "path" ? path.d.match(/M/g)?.length : 0).toBe(2);
  });
  it("sizes horizontal bars to their rows", () => {
    const c = hbarChart({ rows: [{ label: "a", segments: [{ value: 1, color: "#000" }], prev: 2 }, { label: "b", segments: [{ value: 2, color: "#000" }] }], width: 300 });
    expect(c.height).toBe(4 + 2 * 13 + 4);
  });
});
