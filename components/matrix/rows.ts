// Maps the precomputed matrix to the table's rows (plain, serialisable data for the client).
import type { MatrixControl } from "@/lib/controls/matrix";
import type { MatrixRowData } from "./matrix-table";

export function matrixRows(controls: MatrixControl[], periodId: string, drilldown: boolean): MatrixRowData[] {
  return controls.map((c) => {
    const tests: MatrixRowData[] = c.tests.map((t) => ({
      id: t.id,
      kind: "test",
      title: t.title,
      status: t.status,
      populationSize: t.populationSize,
      open: t.open,
      dispositioned: t.dispositioned,
      overdue: t.overdue,
      evaluatedAt: t.evaluatedAt?.toISOString() ?? null,
      trend: t.trend.map((x) => x.exceptionCount),
      href: drilldown ? `/controls/${t.id}?period=${encodeURIComponent(periodId)}` : null,
    }));
    const latest = tests.map((t) => t.evaluatedAt).filter((x): x is string => !!x).sort().at(-1) ?? null;
    return {
      id: c.id,
      kind: "control",
      title: c.title,
      status: c.status,
      populationSize: null,
      open: tests.reduce((n, t) => n + t.open, 0),
      dispositioned: tests.reduce((n, t) => n + t.dispositioned, 0),
      overdue: tests.reduce((n, t) => n + t.overdue, 0),
      evaluatedAt: latest,
      trend: [],
      href: null,
      subRows: tests,
    };
  });
}
