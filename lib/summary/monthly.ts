// The CTO's monthly summary: a month against the previous one and the trailing twelve,
// read from DailyRollup only: the month rows (month.total.* sums and month.* distinct counts
// and exception state, keyed on each month's first day) of twelve months, a few hundred rows
// through the (metric, day) index. Live from ControlException: how many of the month's
// pass-throughs (DC-1) are still without a disposition (few rows, index on testId, state).
import type { Db } from "../db/client";
import { CATALOGUE, findTest } from "../controls/catalogue";
import { describeTool } from "../ingest/known-tools";
import { getSetting } from "../settings/store";
import { addMonths, dayString, isComplete, monthEnd, monthLabel, monthRange, monthStart } from "./month";
import {
  ageReading,
  aiShareReading,
  breakdownReading,
  coverageReading,
  emptyMonthReading,
  exceptionsReading,
  formatMoney,
  LEVELS,
  repoShareReading,
  reviewByRepoReading,
  reviewReading,
  sensitiveReading,
  shadowReading,
  toolShareReading,
  trafficReading,
  type CountBreakdown,
  type Level,
  type SensitiveFigures,
  type ShareBreakdown,
} from "./sentences";

export const TREND_MONTHS = 12;

/** Month rows read for each of the twelve months: totals without a dimension … */
const TREND_TOTALS = [
  ...["events", "cost", "events.payload", "events.findings", "commits.production", "commits.ai", "cm3.evaluated", "cm3.evaluated.ai", "cm3.fail", "cm3.fail.ai", "dc1.exceptions"].map((m) => `month.total.${m}`),
  "month.activeUsers", "month.credentials", "month.credentials.unregistered", "month.tools.unregistered",
  "month.engineers", "month.engineers.gateway", "month.engineers.ai", "month.engineers.ai.gateway", "meta.rolledUpAt",
];
/** … with their dimensions (trend charts by dimension) … */
const TREND_DIMS = ["findings", "exceptions.opened", "exceptions.closed"].map((m) => `month.total.${m}`);
/** … and, for the month and the previous one only, the breakdowns. */
const MONTH_DIMS = [
  ...["events.tool", "events.model", "cost.tool", "tools.unregistered", "tools.unregistered.commits", "commits.production.repo", "commits.ai.repo", "commits.ai.tool", "cm3.evaluated.repo", "cm3.fail.repo"].map((m) => `month.total.${m}`),
  "month.activeUsers.tool", "month.exceptions.open", "month.exceptions.overdue", "month.exceptions.ageSum", "month.exceptions.ageMax", "month.exceptions.age",
];
export const AGE_BUCKETS = ["< 7 days", "7–30 days", "30–90 days", "90 days or more"] as const;

export interface CommitFigures { total: number; ai: number }
export interface ReviewMonth { production: number; evaluated: number; fail: number; evaluatedAi: number; failAi: number }
export interface TrafficMonth { events: number; users: number; credentials: number; cost: number }
export interface CoverageMonth { events: number; payload: number; engineers: number; engineersGateway: number; aiEngineers: number; aiEngineersGateway: number }
export interface ExceptionMonth { opened: number; closed: number; openAtEnd: number; overdue: number }
export interface Breakdown { key: string; label: string; value: number; prevValue: number }
export interface SensitiveRow { classification: string; blocked: number; masked: number; passed: number; other: number }

export type ReadingId =
  | "aiShare" | "aiShareByRepo" | "aiByTool" | "review" | "reviewByRepo" | "traffic" | "trafficByTool" | "trafficByModel" | "costByTool"
  | "sensitive" | "shadow" | "exceptions" | "exceptionAges" | "coverage";

export interface MonthlySummary {
  month: string;
  label: string;
  previousMonth: string;
  /** trailing twelve months, oldest first, ending with `month` */
  months: string[];
  complete: boolean;
  /** nothing at all happened in the month */
  empty: boolean;
  /** the previous month has roll-ups (else "no previous month") */
  hasPrevious: boolean;
  rolledUpAt: string | null;
  generatedAt: string;
  blockingLevel: Level;
  commits: {
    cur: CommitFigures;
    prev: CommitFigures;
    trend: ({ month: string } & CommitFigures)[];
    byRepo: ShareBreakdown[];
    byTool: Breakdown[];
  };
  review: { cur: ReviewMonth; prev: ReviewMonth; trend: ({ month: string } & ReviewMonth)[]; byRepo: { key: string; evaluated: number; fail: number }[] };
  traffic: { cur: TrafficMonth; prev: TrafficMonth; trend: ({ month: string } & TrafficMonth)[]; byTool: Breakdown[]; byModel: Breakdown[]; costByTool: Breakdown[]; usersByTool: Breakdown[] };
  sensitive: {
    rows: SensitiveRow[];
    cur: SensitiveFigures;
    prev: SensitiveFigures;
    trend: { month: string; blocked: number; passed: number; below: number }[];
    passThroughs: number;
    undispositioned: number;
  };
  shadow: {
    tools: { key: string; label: string; events: number; commits: number }[];
    toolCount: number;
    prevToolCount: number;
    credentialCount: number;
    prevCredentialCount: number;
    topCredentials: { credential: string; events: number }[];
    trend: { month: string; tools: number; credentials: number }[];
  };
  exceptions: {
    cur: ExceptionMonth;
    prev: ExceptionMonth;
    perControl: ({ control: string; title: string } & ExceptionMonth & { prevOpened: number; prevClosed: number })[];
    ages: { bucket: string; count: number }[];
    averageAgeDays: number;
    oldestDays: number;
    oldestTest: string | null;
    trend: { month: string; opened: number; closed: number }[];
  };
  coverage: { cur: CoverageMonth; prev: CoverageMonth; trend: ({ month: string } & CoverageMonth)[] };
  readings: Record<ReadingId, string>;
}

type Totals = Map<string, Map<string, number>>; // month → metric → value
type Dims = Map<string, Map<string, Map<string, number>>>; // month → metric → dimension → value

function get(t: Totals, month: string, metric: string): number {
  return t.get(month)?.get(metric) ?? 0;
}

function dims(d: Dims, month: string, metric: string): Map<string, number> {
  return d.get(month)?.get(metric) ?? new Map();
}

function breakdown(d: Dims, month: string, prev: string, metric: string, label: (k: string) => string = (k) => k): Breakdown[] {
  const cur = dims(d, month, metric);
  const before = dims(d, prev, metric);
  const keys = new Set([...cur.keys(), ...before.keys()]);
  return [...keys]
    .map((key) => ({ key, label: label(key), value: cur.get(key) ?? 0, prevValue: before.get(key) ?? 0 }))
    .sort((a, b) => b.value - a.value || b.prevValue - a.prevValue || a.key.localeCompare(b.key));
}

/** Builds the summary of `month` ("YYYY-MM") from the roll-ups. `now` decides whether the month is complete. */
export async function monthlySummary(db: Db, month: string, opts: { now?: Date } = {}): Promise<MonthlySummary> {
  const now = opts.now ?? new Date();
  const prevMonth = addMonths(month, -1);
  const months = monthRange(addMonths(month, -(TREND_MONTHS - 1)), month);
  const prevFirst = dayString(monthStart(prevMonth));
  const starts = months.map((m) => dayString(monthStart(m)));

  // month.total.* (sums of the daily rows) and month.* (distinct counts, exception state) keyed on each month's first day
  const [rows, credRows, toolRows, blockingLevel, dc1Rows] = await Promise.all([
    db.$queryRaw<{ m: string; metric: string; dim: string; v: number }[]>`
      SELECT to_char(day, 'YYYY-MM') AS m, metric, dimension AS dim, value::float8 AS v
      FROM "DailyRollup"
      WHERE day = ANY(${starts}::date[])
        AND ((dimension = '' AND metric = ANY(${TREND_TOTALS}::text[]))
          OR metric = ANY(${TREND_DIMS}::text[])
          OR (day >= ${prevFirst}::date AND metric = ANY(${MONTH_DIMS}::text[])))`,
    db.$queryRaw<{ credential: string; v: number }[]>`
      SELECT dimension AS credential, value::float8 AS v
      FROM "DailyRollup"
      WHERE metric = 'month.total.credentials.unregistered' AND day = ${dayString(monthStart(month))}::date
      ORDER BY value DESC, dimension LIMIT 5`,
    db.aiTool.findMany({ select: { key: true, vendor: true, product: true } }),
    getSetting(db, "policy.blockingLevel"),
    // live: dispositions change it (few rows: DC-1 exceptions still open)
    db.$queryRaw<{ open: number }[]>`
      SELECT count(DISTINCT "itemKey")::int AS open
      FROM "ControlException"
      WHERE "testId" = 'DC-1' AND state = 'OPEN'
        AND "occurredAt" >= ${monthStart(month).toISOString()}::timestamptz AND "occurredAt" < ${monthEnd(month).toISOString()}::timestamptz`,
  ]);

  const totals: Totals = new Map();
  const d: Dims = new Map();
  for (const r of rows) {
    const metric = r.metric.startsWith("month.total.") ? r.metric.slice("month.total.".length) : r.metric;
    if (r.dim === "") {
      if (!totals.has(r.m)) totals.set(r.m, new Map());
      totals.get(r.m)!.set(metric, Number(r.v));
    } else {
      if (!d.has(r.m)) d.set(r.m, new Map());
      const mm = d.get(r.m)!;
      if (!mm.has(metric)) mm.set(metric, new Map());
      mm.get(metric)!.set(r.dim, Number(r.v));
    }
  }
  const excRows = exceptionState(d, month, prevMonth);
  const tools = new Map(toolRows.map((t) => [t.key, t.product || t.vendor]));
  const toolLabel = (k: string) => (k === "(unattributed)" || k === "(unknown)" ? k : (tools.get(k) ?? describeTool(k).product));
  const level = (LEVELS.includes(blockingLevel as Level) ? blockingLevel : "CONFIDENTIAL") as Level;

  // -------------------------------------------------- per-month figures
  const commitsOf = (m: string): CommitFigures => ({ total: get(totals, m, "commits.production"), ai: get(totals, m, "commits.ai") });
  const reviewOf = (m: string): ReviewMonth => ({
    production: get(totals, m, "commits.production"),
    evaluated: get(totals, m, "cm3.evaluated"),
    fail: get(totals, m, "cm3.fail"),
    evaluatedAi: get(totals, m, "cm3.evaluated.ai"),
    failAi: get(totals, m, "cm3.fail.ai"),
  });
  const trafficOf = (m: string): TrafficMonth => ({
    events: get(totals, m, "events"),
    users: get(totals, m, "month.activeUsers"),
    credentials: get(totals, m, "month.credentials"),
    cost: Math.round(get(totals, m, "cost") * 100) / 100,
  });
  const coverageOf = (m: string): CoverageMonth => ({
    events: get(totals, m, "events"),
    payload: get(totals, m, "events.payload"),
    engineers: get(totals, m, "month.engineers"),
    engineersGateway: get(totals, m, "month.engineers.gateway"),
    aiEngineers: get(totals, m, "month.engineers.ai"),
    aiEngineersGateway: get(totals, m, "month.engineers.ai.gateway"),
  });
  const opened = (m: string) => sum(dims(d, m, "exceptions.opened"));
  const closed = (m: string) => sum(dims(d, m, "exceptions.closed"));

  // "no previous month": nothing at all happened in the trailing months before this one
  const hasPrevious = months.some((m) => m < month && (get(totals, m, "events") > 0 || get(totals, m, "commits.production") > 0 || opened(m) > 0));
  const empty =
    get(totals, month, "events") === 0 &&
    get(totals, month, "commits.production") === 0 &&
    sum(dims(d, month, "exceptions.opened")) === 0 &&
    sum(dims(d, month, "exceptions.closed")) === 0;

  // -------------------------------------------------- commits
  const repoKeys = new Set([...dims(d, month, "commits.production.repo").keys(), ...dims(d, prevMonth, "commits.production.repo").keys()]);
  const byRepo: ShareBreakdown[] = [...repoKeys]
    .map((key) => ({
      key,
      n: dims(d, month, "commits.ai.repo").get(key) ?? 0,
      d: dims(d, month, "commits.production.repo").get(key) ?? 0,
      prevN: dims(d, prevMonth, "commits.ai.repo").get(key) ?? 0,
      prevD: dims(d, prevMonth, "commits.production.repo").get(key) ?? 0,
    }))
    .sort((a, b) => b.d - a.d || a.key.localeCompare(b.key));
  const byTool = breakdown(d, month, prevMonth, "commits.ai.tool", toolLabel);

  // -------------------------------------------------- sensitive data
  const sensitiveRows = (m: string): SensitiveRow[] => {
    const rows = new Map<string, SensitiveRow>();
    for (const [dim, v] of dims(d, m, "findings")) {
      const [cls, action] = dim.split("|");
      const row = rows.get(cls) ?? { classification: cls, blocked: 0, masked: 0, passed: 0, other: 0 };
      if (action === "BLOCKED") row.blocked += v;
      else if (action === "MASKED") row.masked += v;
      else if (action === "PASSED") row.passed += v;
      else row.other += v;
      rows.set(cls, row);
    }
    const order = ["RESTRICTED", "CONFIDENTIAL", "INTERNAL", "PUBLIC", "NONE"];
    return [...rows.values()].sort((a, b) => order.indexOf(a.classification) - order.indexOf(b.classification));
  };
  const isAtOrAbove = (cls: string) => LEVELS.includes(cls as Level) && LEVELS.indexOf(cls as Level) >= LEVELS.indexOf(level);
  const sensitiveOf = (rows: SensitiveRow[]): SensitiveFigures => {
    const f: SensitiveFigures = { blocked: 0, masked: 0, passed: 0, other: 0, below: 0 };
    for (const r of rows) {
      if (isAtOrAbove(r.classification)) {
        f.blocked += r.blocked;
        f.masked += r.masked;
        f.passed += r.passed;
        f.other += r.other;
      } else f.below += r.blocked + r.masked + r.passed + r.other;
    }
    return f;
  };
  const curRows = sensitiveRows(month);
  const curSensitive = sensitiveOf(curRows);
  const prevSensitive = sensitiveOf(sensitiveRows(prevMonth));

  // -------------------------------------------------- shadow tools and credentials
  const evTools = dims(d, month, "tools.unregistered");
  const commitTools = dims(d, month, "tools.unregistered.commits");
  const shadowTools = [...new Set([...evTools.keys(), ...commitTools.keys()])]
    .map((key) => ({ key, label: toolLabel(key), events: evTools.get(key) ?? 0, commits: commitTools.get(key) ?? 0 }))
    .sort((a, b) => b.events + b.commits - (a.events + a.commits) || a.key.localeCompare(b.key));

  // -------------------------------------------------- exceptions
  const perTest = new Map(excRows.map((r) => [r.test, r]));
  const perControl = CATALOGUE.map((c) => {
    const tests = c.tests.map((t) => t.id);
    const s = (f: (t: string) => number) => tests.reduce((acc, t) => acc + f(t), 0);
    return {
      control: c.id,
      title: c.title,
      opened: s((t) => dims(d, month, "exceptions.opened").get(t) ?? 0),
      closed: s((t) => dims(d, month, "exceptions.closed").get(t) ?? 0),
      prevOpened: s((t) => dims(d, prevMonth, "exceptions.opened").get(t) ?? 0),
      prevClosed: s((t) => dims(d, prevMonth, "exceptions.closed").get(t) ?? 0),
      openAtEnd: s((t) => perTest.get(t)?.open_end ?? 0),
      overdue: s((t) => perTest.get(t)?.overdue_end ?? 0),
    };
  });
  const excCur: ExceptionMonth = {
    opened: sum(dims(d, month, "exceptions.opened")),
    closed: sum(dims(d, month, "exceptions.closed")),
    openAtEnd: excRows.reduce((a, r) => a + r.open_end, 0),
    overdue: excRows.reduce((a, r) => a + r.overdue_end, 0),
  };
  const excPrev: ExceptionMonth = {
    opened: sum(dims(d, prevMonth, "exceptions.opened")),
    closed: sum(dims(d, prevMonth, "exceptions.closed")),
    openAtEnd: excRows.reduce((a, r) => a + r.open_prev, 0),
    overdue: excRows.reduce((a, r) => a + r.overdue_prev, 0),
  };
  const ages = AGE_BUCKETS.map((bucket, i) => ({ bucket, count: excRows.reduce((a, r) => a + [r.b0, r.b1, r.b2, r.b3][i], 0) }));
  const ageSum = excRows.reduce((a, r) => a + r.age_sum, 0);
  const oldest = excRows.reduce<{ test: string | null; days: number }>((o, r) => (r.open_end > 0 && r.age_max > o.days ? { test: r.test, days: r.age_max } : o), { test: null, days: 0 });

  // -------------------------------------------------- assemble
  const dc1 = { total: get(totals, month, "dc1.exceptions"), open: dc1Rows[0]?.open ?? 0 };
  const rolledUpAt = get(totals, month, "meta.rolledUpAt");
  const summary: Omit<MonthlySummary, "readings"> = {
    month,
    label: monthLabel(month),
    previousMonth: prevMonth,
    months,
    complete: isComplete(month, now),
    empty,
    hasPrevious,
    rolledUpAt: rolledUpAt > 0 ? new Date(rolledUpAt * 1000).toISOString() : null,
    generatedAt: now.toISOString(),
    blockingLevel: level,
    commits: {
      cur: commitsOf(month),
      prev: commitsOf(prevMonth),
      trend: months.map((m) => ({ month: m, ...commitsOf(m) })),
      byRepo,
      byTool,
    },
    review: {
      cur: reviewOf(month),
      prev: reviewOf(prevMonth),
      trend: months.map((m) => ({ month: m, ...reviewOf(m) })),
      byRepo: [...dims(d, month, "cm3.evaluated.repo").entries()]
        .map(([key, evaluated]) => ({ key, evaluated, fail: dims(d, month, "cm3.fail.repo").get(key) ?? 0 }))
        .sort((a, b) => b.fail - a.fail || b.evaluated - a.evaluated),
    },
    traffic: {
      cur: trafficOf(month),
      prev: trafficOf(prevMonth),
      trend: months.map((m) => ({ month: m, ...trafficOf(m) })),
      byTool: breakdown(d, month, prevMonth, "events.tool", toolLabel),
      byModel: breakdown(d, month, prevMonth, "events.model"),
      costByTool: breakdown(d, month, prevMonth, "cost.tool", toolLabel).map((b) => ({ ...b, value: round2(b.value), prevValue: round2(b.prevValue) })),
      usersByTool: breakdown(d, month, prevMonth, "month.activeUsers.tool", toolLabel),
    },
    sensitive: {
      rows: curRows,
      cur: curSensitive,
      prev: prevSensitive,
      trend: months.map((m) => {
        const f = sensitiveOf(sensitiveRows(m));
        return { month: m, blocked: f.blocked + f.masked, passed: f.passed + f.other, below: f.below };
      }),
      passThroughs: dc1.total,
      undispositioned: dc1.open,
    },
    shadow: {
      tools: shadowTools,
      toolCount: get(totals, month, "month.tools.unregistered"),
      prevToolCount: get(totals, prevMonth, "month.tools.unregistered"),
      credentialCount: get(totals, month, "month.credentials.unregistered"),
      prevCredentialCount: get(totals, prevMonth, "month.credentials.unregistered"),
      topCredentials: credRows.map((r) => ({ credential: r.credential, events: Number(r.v) })),
      trend: months.map((m) => ({ month: m, tools: get(totals, m, "month.tools.unregistered"), credentials: get(totals, m, "month.credentials.unregistered") })),
    },
    exceptions: {
      cur: excCur,
      prev: excPrev,
      perControl,
      ages,
      averageAgeDays: excCur.openAtEnd ? ageSum / excCur.openAtEnd : 0,
      oldestDays: oldest.days,
      oldestTest: oldest.test,
      trend: months.map((m) => ({ month: m, opened: opened(m), closed: closed(m) })),
    },
    coverage: { cur: coverageOf(month), prev: coverageOf(prevMonth), trend: months.map((m) => ({ month: m, ...coverageOf(m) })) },
  };
  const anyData = summary.empty
    ? (await db.$queryRaw<{ any: boolean }[]>`SELECT EXISTS (SELECT 1 FROM "DailyRollup" WHERE metric = 'meta.rolledUpAt') AS any`)[0]?.any ?? false
    : true;
  return { ...summary, readings: readingsOf(summary, anyData) };
}

function readingsOf(s: Omit<MonthlySummary, "readings">, anyData: boolean): Record<ReadingId, string> {
  const p = s.hasPrevious;
  const c = s.commits;
  const toCount = (b: Breakdown[]): CountBreakdown[] => b.map((x) => ({ key: x.key, label: x.label, value: x.value, prevValue: x.prevValue }));
  const r: Record<ReadingId, string> = {
    aiShare: aiShareReading({ cur: { n: c.cur.ai, d: c.cur.total }, prev: p ? { n: c.prev.ai, d: c.prev.total } : null, byRepo: c.byRepo }),
    aiShareByRepo: repoShareReading(c.byRepo),
    aiByTool: toolShareReading({ tools: toCount(c.byTool), totalAi: c.cur.ai, hasPrevious: p && c.prev.ai > 0 }),
    review: reviewReading({ cur: s.review.cur, prev: p ? s.review.prev : null }),
    reviewByRepo: reviewByRepoReading(s.review.byRepo),
    traffic: trafficReading({ cur: s.traffic.cur, prev: p ? s.traffic.prev : null }),
    trafficByTool: breakdownReading({ items: toCount(s.traffic.byTool), noun: "requests", hasPrevious: p }),
    trafficByModel: breakdownReading({ items: toCount(s.traffic.byModel), noun: "requests", hasPrevious: p }),
    costByTool: breakdownReading({ items: toCount(s.traffic.costByTool), noun: "cost", hasPrevious: p, format: formatMoney }),
    sensitive: sensitiveReading({
      cur: s.sensitive.cur,
      prev: p ? s.sensitive.prev : null,
      blockingLevel: s.blockingLevel,
      passThroughs: s.sensitive.passThroughs,
      undispositioned: s.sensitive.undispositioned,
    }),
    shadow: shadowReading({
      tools: s.shadow.tools.map((t) => t.label),
      toolCount: Math.max(s.shadow.toolCount, s.shadow.tools.length),
      credentialCount: s.shadow.credentialCount,
      prev: p ? { toolCount: s.shadow.prevToolCount, credentialCount: s.shadow.prevCredentialCount } : null,
    }),
    exceptions: exceptionsReading({
      cur: s.exceptions.cur,
      prev: p ? s.exceptions.prev : null,
      worstControl: s.exceptions.cur.openAtEnd > 0 ? ([...s.exceptions.perControl].sort((a, b) => b.openAtEnd - a.openAtEnd)[0]?.control ?? null) : null,
    }),
    exceptionAges: ageReading({
      openAtEnd: s.exceptions.cur.openAtEnd,
      averageDays: s.exceptions.averageAgeDays,
      oldestDays: s.exceptions.oldestDays,
      oldestTest: s.exceptions.oldestTest ? `${s.exceptions.oldestTest} (${findTest(s.exceptions.oldestTest)?.title ?? ""})`.replace(" ()", "") : null,
    }),
    coverage: coverageReading({ cur: s.coverage.cur, prev: p ? s.coverage.prev : null }),
  };
  if (s.empty) {
    const msg = emptyMonthReading(s.label, anyData);
    for (const k of Object.keys(r) as ReadingId[]) if (k !== "exceptions" && k !== "exceptionAges") r[k] = msg;
  }
  return r;
}

interface ExceptionStateRow {
  test: string;
  open_end: number;
  overdue_end: number;
  open_prev: number;
  overdue_prev: number;
  age_sum: number;
  age_max: number;
  b0: number;
  b1: number;
  b2: number;
  b3: number;
}

/** Exceptions open at the month's end and the previous month's end, overdue ones and ages, per test (rolled up). */
function exceptionState(d: Dims, month: string, prevMonth: string): ExceptionStateRow[] {
  const cur = (metric: string) => dims(d, month, metric);
  const tests = new Set([...cur("month.exceptions.open").keys(), ...dims(d, prevMonth, "month.exceptions.open").keys()]);
  const buckets = cur("month.exceptions.age");
  return [...tests].sort().map((test) => ({
    test,
    open_end: cur("month.exceptions.open").get(test) ?? 0,
    overdue_end: cur("month.exceptions.overdue").get(test) ?? 0,
    open_prev: dims(d, prevMonth, "month.exceptions.open").get(test) ?? 0,
    overdue_prev: dims(d, prevMonth, "month.exceptions.overdue").get(test) ?? 0,
    age_sum: cur("month.exceptions.ageSum").get(test) ?? 0,
    age_max: cur("month.exceptions.ageMax").get(test) ?? 0,
    b0: buckets.get(`${test}|0`) ?? 0,
    b1: buckets.get(`${test}|1`) ?? 0,
    b2: buckets.get(`${test}|2`) ?? 0,
    b3: buckets.get(`${test}|3`) ?? 0,
  }));
}

function sum(m: Map<string, number>): number {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

