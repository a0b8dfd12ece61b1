"use client";
// The control matrix: one row per control, expandable to its tests; sortable by every column.
// TanStack Table 9 (useTable + tableFeatures): it owns the row models, this file the markup.
import { useState } from "react";
import {
  createColumnHelper,
  createExpandedRowModel,
  createSortedRowModel,
  rowExpandingFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  useTable,
  type Row,
} from "@tanstack/react-table";
import { StatusBadge, statusRank } from "./status-badge";
import { Trend } from "./trend";
import styles from "./matrix.module.css";

export interface MatrixRowData {
  id: string;
  kind: "control" | "test";
  title: string;
  status: "PASS" | "FAIL" | "NOT_APPLICABLE" | "NOT_EVALUATED";
  populationSize: number | null;
  open: number;
  dispositioned: number;
  overdue: number;
  /** ISO time */
  evaluatedAt: string | null;
  /** exception counts of the last evaluations, oldest first */
  trend: number[];
  /** the test page, when the viewer may drill down */
  href: string | null;
  subRows?: MatrixRowData[];
}

const features = tableFeatures({
  rowSortingFeature,
  rowExpandingFeature,
  sortedRowModel: createSortedRowModel(),
  expandedRowModel: createExpandedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
});

const helper = createColumnHelper<typeof features, MatrixRowData>();
const number = (n: number | null) => (n === null ? "—" : n.toLocaleString("en-US"));

const columns = helper.columns([
  helper.accessor("id", {
    header: "Control / test",
    sortFn: "alphanumeric",
    cell: ({ row }) => <IdCell row={row} />,
  }),
  helper.accessor("title", { header: "Title", sortFn: "alphanumeric" }),
  helper.accessor((r) => statusRank(r.status), {
    id: "status",
    header: "Status",
    sortFn: "basic",
    cell: ({ row }) => <StatusBadge status={row.original.status} />,
  }),
  helper.accessor((r) => r.populationSize ?? -1, {
    id: "population",
    header: "Population",
    sortFn: "basic",
    cell: ({ row }) => <span className={styles.num}>{number(row.original.populationSize)}</span>,
  }),
  helper.accessor((r) => r.open * 1e6 + r.dispositioned, {
    id: "exceptions",
    header: "Exceptions: open / dispositioned",
    sortFn: "basic",
    cell: ({ row }) => {
      const r = row.original;
      return (
        <span className={styles.num}>
          {number(r.open)} / {number(r.dispositioned)}
          {r.overdue > 0 && <span className={styles.overdue} title="open exceptions past their SLA"><span aria-hidden="true">⚠ </span>{r.overdue} overdue</span>}
        </span>
      );
    },
  }),
  helper.accessor((r) => r.evaluatedAt ?? "", {
    id: "evaluated",
    header: "Last evaluated",
    sortFn: "alphanumeric",
    cell: ({ row }) => (row.original.evaluatedAt ? <time dateTime={row.original.evaluatedAt}>{row.original.evaluatedAt.replace("T", " ").slice(0, 16)} UTC</time> : "never"),
  }),
  helper.display({
    id: "trend",
    header: "Trend",
    cell: ({ row }) => (row.original.kind === "test" ? <Trend counts={row.original.trend} /> : null),
  }),
]);

function IdCell({ row }: { row: Row<typeof features, MatrixRowData> }) {
  const r = row.original;
  if (row.getCanExpand()) {
    return (
      <button
        type="button"
        className={styles.linkButton}
        aria-expanded={row.getIsExpanded()}
        aria-label={`${row.getIsExpanded() ? "Collapse" : "Expand"} ${r.id} ${r.title}`}
        onClick={row.getToggleExpandedHandler()}
      >
        <span aria-hidden="true">{row.getIsExpanded() ? "▾" : "▸"}</span> <strong>{r.id}</strong>
      </button>
    );
  }
  return <span style={{ paddingLeft: `${row.depth * 1.5}em` }}>{r.href ? <a href={r.href}>{r.id}</a> : r.id}</span>;
}

const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;

export function MatrixTable({ rows }: { rows: MatrixRowData[] }) {
  const [data] = useState(rows);
  const table = useTable({
    features,
    columns,
    data,
    getSubRows: (r) => r.subRows,
    initialState: { expanded: true },
  });
  return (
    <table>
      <caption className="muted">Select a column heading to sort; the arrow next to a control shows or hides its tests.</caption>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => {
              const sorted = header.column.getIsSorted();
              return (
                <th key={header.id} aria-sort={sorted ? ARIA_SORT[sorted] : undefined}>
                  {header.column.getCanSort() ? (
                    <button type="button" className={styles.sortButton} onClick={header.column.getToggleSortingHandler()}>
                      <table.FlexRender header={header} />
                      <span aria-hidden="true">{sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}</span>
                    </button>
                  ) : (
                    <table.FlexRender header={header} />
                  )}
                </th>
              );
            })}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id} className={row.original.kind === "control" ? styles.controlRow : undefined}>
            {row.getAllCells().map((cell) => (
              <td key={cell.id}>
                <table.FlexRender cell={cell} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
