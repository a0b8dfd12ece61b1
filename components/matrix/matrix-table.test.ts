import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MatrixTable, type MatrixRowData } from "./matrix-table";

const test = (id: string, status: MatrixRowData["status"], href: string | null): MatrixRowData => ({
  id, kind: "test", title: `title ${id}`, status, populationSize: 10, open: 2, dispositioned: 1, overdue: 1, evaluatedAt: "2026-03-01T10:00:00.000Z", trend: [3, 2], href,
});

describe("MatrixTable", () => {
  it("renders controls expanded to their tests, status in words, links only when drilldown is allowed", () => {
    const rows: MatrixRowData[] = [
      { ...test("CC8.1", "FAIL", null), kind: "control", title: "Change management", subRows: [test("CM-1", "PASS", "/controls/CM-1"), test("CM-2", "FAIL", null)] },
    ];
    const html = renderToStaticMarkup(createElement(MatrixTable, { rows }));
    expect(html).toContain('aria-expanded="true"');
    expect(html).toContain('<a href="/controls/CM-1">CM-1</a>');
    expect(html).not.toContain('href="/controls/CM-2"');
    expect(html).toMatch(/Fail/);
    expect(html).toMatch(/Pass/);
    expect(html).toMatch(/1 overdue/);
    expect(html.indexOf("CM-1")).toBeLessThan(html.indexOf("CM-2"));
  });
});
