// What the summary shows, in order: key figures and sections of charts, each chart with its
// reading. One neutral, serialisable description drawn by recharts on the page
// (components/summary) and by react-pdf in the PDF (pdf.tsx), so both say the same thing.
import { PALETTE, type ValueFormat } from "./chart-geometry";
import { monthShort } from "./month";
import type { MonthlySummary, ReadingId } from "./monthly";
import { formatCount, formatMoney, formatPercent, levelName, levelsAtOrAbove } from "./sentences";

export interface TrendSpec {
  kind: "trend";
  id: ReadingId;
  title: string;
  reading: string;
  /** month labels, oldest first; the last one is the summary's month */
  categories: string[];
  series: { name: string; color: string; values: (number | null)[] }[];
  /** bars (stacked or grouped) or lines */
  style: "bars" | "stacked" | "lines";
  format: ValueFormat;
  max?: number;
}

export interface BreakdownSpec {
  kind: "breakdown";
  id: ReadingId;
  title: string;
  reading: string;
  rows: { label: string; segments: { name: string; value: number; color: string }[]; prev: number | null; note: string }[];
  legend: { name: string; color: string }[];
  format: ValueFormat;
  max?: number;
  /** shown instead of the chart when there are no rows */
  emptyText: string;
}

export interface GroupedSpec {
  kind: "grouped";
  id: ReadingId;
  title: string;
  reading: string;
  categories: string[];
  series: { name: string; color: string; values: number[] }[];
  format: ValueFormat;
}

export type ChartSpec = TrendSpec | BreakdownSpec | GroupedSpec;

export interface Section {
  id: string;
  title: string;
  charts: ChartSpec[];
  /** short factual lines under the charts (lists of names) */
  notes: string[];
}

export interface KeyFigure {
  label: string;
  value: string;
  previous: string | null;
}

const MAX_ROWS = 10;

function ratio(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}

function pctOrDash(n: number, d: number): string {
  return d > 0 ? formatPercent(n / d) : "—";
}

export function keyFigures(s: MonthlySummary): KeyFigure[] {
  const p = s.hasPrevious;
  const rev = (r: MonthlySummary["review"]["cur"]) => pctOrDash(r.evaluated - r.fail, r.evaluated);
  const sens = (x: MonthlySummary["sensitive"]["cur"]) => x.passed + x.other;
  return [
    { label: "AI-assisted share of production commits", value: pctOrDash(s.commits.cur.ai, s.commits.cur.total), previous: p ? pctOrDash(s.commits.prev.ai, s.commits.prev.total) : null },
    { label: "Changes with an independent approval", value: rev(s.review.cur), previous: p ? rev(s.review.prev) : null },
    { label: "Gateway requests", value: formatCount(s.traffic.cur.events), previous: p ? formatCount(s.traffic.prev.events) : null },
    { label: "Active gateway users", value: formatCount(s.traffic.cur.users), previous: p ? formatCount(s.traffic.prev.users) : null },
    { label: "Gateway cost", value: formatMoney(s.traffic.cur.cost), previous: p ? formatMoney(s.traffic.prev.cost) : null },
    { label: `${levelsAtOrAbove(s.blockingLevel)} prompts not blocked`, value: formatCount(sens(s.sensitive.cur)), previous: p ? formatCount(sens(s.sensitive.prev)) : null },
    { label: "Exceptions open at month end", value: formatCount(s.exceptions.cur.openAtEnd), previous: p ? formatCount(s.exceptions.prev.openAtEnd) : null },
    { label: "Events verifiable (with payload)", value: pctOrDash(s.coverage.cur.payload, s.coverage.cur.events), previous: p ? pctOrDash(s.coverage.prev.payload, s.coverage.prev.events) : null },
  ];
}

export function summarySections(s: MonthlySummary): Section[] {
  const r = s.readings;
  const cats = s.months.map(monthShort);
  const byRepo = s.commits.byRepo.filter((x) => x.d > 0).slice(0, MAX_ROWS);
  const sens = s.sensitive;
  const CLS_COLORS = { blocked: PALETTE.pass, masked: PALETTE.secondary, passed: PALETTE.fail, other: PALETTE.muted };

  return [
    {
      id: "ai",
      title: "AI-assisted changes",
      notes: [],
      charts: [
        {
          kind: "trend",
          id: "aiShare",
          title: "AI-assisted share of production commits",
          reading: r.aiShare,
          categories: cats,
          series: [{ name: "AI-assisted share", color: PALETTE.primary, values: s.commits.trend.map((m) => ratio(m.ai, m.total)) }],
          style: "lines",
          format: "percent",
          max: 1,
        },
        {
          kind: "breakdown",
          id: "aiShareByRepo",
          title: "AI-assisted share by repository (tick: previous month)",
          reading: r.aiShareByRepo,
          rows: byRepo.map((x) => ({
            label: x.key,
            segments: [{ name: "AI-assisted share", value: x.n / x.d, color: PALETTE.primary }],
            prev: x.prevD > 0 ? x.prevN / x.prevD : null,
            note: `${formatCount(x.n)} of ${formatCount(x.d)}`,
          })),
          legend: [],
          format: "percent",
          max: 1,
          emptyText: "No production commits this month.",
        },
        {
          kind: "breakdown",
          id: "aiByTool",
          title: "AI-assisted commits by tool (tick: previous month)",
          reading: r.aiByTool,
          rows: s.commits.byTool.filter((t) => t.value > 0).slice(0, MAX_ROWS).map((t) => ({
            label: t.label,
            segments: [{ name: "commits", value: t.value, color: PALETTE.primary }],
            prev: s.hasPrevious ? t.prevValue : null,
            note: formatCount(t.value),
          })),
          legend: [],
          format: "count",
          emptyText: "No AI-assisted production commits this month.",
        },
      ],
    },
    {
      id: "review",
      title: "Independent review of production changes (CM-3)",
      notes: [],
      charts: [
        {
          kind: "trend",
          id: "review",
          title: "Changes with an independent approval",
          reading: r.review,
          categories: cats,
          series: [
            { name: "All changes", color: PALETTE.primary, values: s.review.trend.map((m) => ratio(m.evaluated - m.fail, m.evaluated)) },
            { name: "AI-assisted changes", color: PALETTE.warn, values: s.review.trend.map((m) => ratio(m.evaluatedAi - m.failAi, m.evaluatedAi)) },
          ],
          style: "lines",
          format: "percent",
          max: 1,
        },
        {
          kind: "breakdown",
          id: "reviewByRepo",
          title: "Changes without an independent approval by repository",
          reading: r.reviewByRepo,
          rows: s.review.byRepo.filter((x) => x.fail > 0).slice(0, MAX_ROWS).map((x) => ({
            label: x.key,
            segments: [{ name: "without approval", value: x.fail, color: PALETTE.fail }],
            prev: null,
            note: `${formatCount(x.fail)} of ${formatCount(x.evaluated)}`,
          })),
          legend: [],
          format: "count",
          emptyText: s.review.cur.evaluated > 0 ? "Every evaluated change had an independent approval." : "No evaluated production changes this month.",
        },
      ],
    },
    {
      id: "traffic",
      title: "AI gateway traffic",
      notes: [],
      charts: [
        {
          kind: "trend",
          id: "traffic",
          title: "Gateway requests per month",
          reading: r.traffic,
          categories: cats,
          series: [{ name: "Requests", color: PALETTE.primary, values: s.traffic.trend.map((m) => m.events) }],
          style: "bars",
          format: "count",
        },
        {
          kind: "breakdown",
          id: "trafficByTool",
          title: "Requests by tool or vendor (tick: previous month)",
          reading: r.trafficByTool,
          rows: s.traffic.byTool.filter((t) => t.value > 0).slice(0, MAX_ROWS).map((t) => {
            const users = s.traffic.usersByTool.find((u) => u.key === t.key)?.value ?? 0;
            return {
              label: t.label,
              segments: [{ name: "requests", value: t.value, color: PALETTE.primary }],
              prev: s.hasPrevious ? t.prevValue : null,
              note: `${formatCount(t.value)} · ${formatCount(users)} ${users === 1 ? "user" : "users"}`,
            };
          }),
          legend: [],
          format: "count",
          emptyText: "No gateway traffic this month.",
        },
        {
          kind: "breakdown",
          id: "trafficByModel",
          title: "Requests by model (tick: previous month)",
          reading: r.trafficByModel,
          rows: s.traffic.byModel.filter((t) => t.value > 0).slice(0, MAX_ROWS).map((t) => ({
            label: t.label,
            segments: [{ name: "requests", value: t.value, color: PALETTE.secondary }],
            prev: s.hasPrevious ? t.prevValue : null,
            note: formatCount(t.value),
          })),
          legend: [],
          format: "count",
          emptyText: "No gateway traffic this month.",
        },
        {
          kind: "breakdown",
          id: "costByTool",
          title: "Cost by tool or vendor (tick: previous month)",
          reading: r.costByTool,
          rows: s.traffic.costByTool.filter((t) => t.value > 0).slice(0, MAX_ROWS).map((t) => ({
            label: t.label,
            segments: [{ name: "cost", value: t.value, color: PALETTE.warn }],
            prev: s.hasPrevious ? t.prevValue : null,
            note: formatMoney(t.value),
          })),
          legend: [],
          format: "money",
          emptyText: "No gateway cost recorded this month.",
        },
      ],
    },
    {
      id: "sensitive",
      title: "Sensitive data in prompts",
      notes: [
        `Blocking level: ${levelName(s.blockingLevel)}. Pass-throughs recorded as DC-1 exceptions: ${formatCount(sens.passThroughs)}, of which ${formatCount(sens.undispositioned)} still without a disposition.`,
      ],
      charts: [
        {
          kind: "breakdown",
          id: "sensitive",
          title: "Prompts with findings by highest classification and gateway outcome",
          reading: r.sensitive,
          rows: sens.rows.map((row) => ({
            label: levelName(row.classification),
            segments: [
              { name: "blocked", value: row.blocked, color: CLS_COLORS.blocked },
              { name: "masked", value: row.masked, color: CLS_COLORS.masked },
              { name: "passed", value: row.passed, color: CLS_COLORS.passed },
              { name: "other", value: row.other, color: CLS_COLORS.other },
            ],
            prev: null,
            note: `${formatCount(row.blocked)} blocked · ${formatCount(row.passed + row.other)} not`,
          })),
          legend: [
            { name: "blocked", color: CLS_COLORS.blocked },
            { name: "masked", color: CLS_COLORS.masked },
            { name: "passed", color: CLS_COLORS.passed },
            { name: "unknown", color: CLS_COLORS.other },
          ],
          format: "count",
          emptyText: "No prompt with findings this month.",
        },
      ],
    },
    {
      id: "shadow",
      title: "Shadow AI: unregistered tools and credentials",
      notes: [
        s.shadow.tools.length
          ? `Unregistered tools: ${s.shadow.tools.map((t) => `${t.label} (${[t.events ? `${formatCount(t.events)} requests` : "", t.commits ? `${formatCount(t.commits)} commits` : ""].filter(Boolean).join(", ")})`).join("; ")}.`
          : "",
        s.shadow.topCredentials.length
          ? `Busiest unregistered credentials: ${s.shadow.topCredentials.map((c) => `${c.credential.length > 14 ? `${c.credential.slice(0, 12)}…` : c.credential} (${formatCount(c.events)})`).join(", ")}.`
          : "",
      ].filter(Boolean),
      charts: [
        {
          kind: "trend",
          id: "shadow",
          title: "Unregistered tools and credentials seen per month",
          reading: r.shadow,
          categories: cats,
          series: [
            { name: "Tools", color: PALETTE.warn, values: s.shadow.trend.map((m) => m.tools) },
            { name: "Credentials", color: PALETTE.secondary, values: s.shadow.trend.map((m) => m.credentials) },
          ],
          style: "bars",
          format: "count",
        },
      ],
    },
    {
      id: "exceptions",
      title: "Exceptions",
      notes: [],
      charts: [
        {
          kind: "grouped",
          id: "exceptions",
          title: "Exceptions per control this month",
          reading: r.exceptions,
          categories: s.exceptions.perControl.map((c) => `${c.control} ${c.title}`),
          series: [
            { name: "opened", color: PALETTE.warn, values: s.exceptions.perControl.map((c) => c.opened) },
            { name: "closed", color: PALETTE.pass, values: s.exceptions.perControl.map((c) => c.closed) },
            { name: "open at month end", color: PALETTE.primary, values: s.exceptions.perControl.map((c) => c.openAtEnd) },
            { name: "overdue", color: PALETTE.fail, values: s.exceptions.perControl.map((c) => c.overdue) },
          ],
          format: "count",
        },
        {
          kind: "grouped",
          id: "exceptionAges",
          title: "Age of exceptions open at month end",
          reading: r.exceptionAges,
          categories: s.exceptions.ages.map((a) => a.bucket),
          series: [{ name: "open exceptions", color: PALETTE.primary, values: s.exceptions.ages.map((a) => a.count) }],
          format: "count",
        },
      ],
    },
    {
      id: "coverage",
      title: "Coverage",
      notes: [
        `Engineers (authors of production commits): ${formatCount(s.coverage.cur.engineers)}, of whom ${formatCount(s.coverage.cur.engineersGateway)} had gateway traffic; with AI-assisted changes: ${formatCount(s.coverage.cur.aiEngineers)}, of whom ${formatCount(s.coverage.cur.aiEngineersGateway)} used the gateway.`,
      ],
      charts: [
        {
          kind: "trend",
          id: "coverage",
          title: "Verifiable events and engineers using the gateway",
          reading: r.coverage,
          categories: cats,
          series: [
            { name: "Events with payload", color: PALETTE.primary, values: s.coverage.trend.map((m) => ratio(m.payload, m.events)) },
            { name: "Engineers with AI changes using the gateway", color: PALETTE.pass, values: s.coverage.trend.map((m) => ratio(m.aiEngineersGateway, m.aiEngineers)) },
          ],
          style: "lines",
          format: "percent",
          max: 1,
        },
      ],
    },
  ];
}
