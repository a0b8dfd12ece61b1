// Daily roll-ups: the figures the monthly summary (and anything else that charts a trend)
// reads instead of the raw tables. Each run recomputes whole UTC days from the raw rows
// with set-based SQL (delete the days, INSERT … SELECT … GROUP BY), so it is idempotent
// and can be re-run for any range after late data, re-evaluations or register changes.
//
// Days are UTC. Daily metrics are keyed on their day. Distinct counts do not add up across
// days, so each month also gets "month.*" metrics keyed on the month's first day.
import { Prisma, type Db } from "../db/client";
import { addMonths, ceilDay, dayString, monthEnd, monthOf, monthStart, startOfDay } from "./month";

/**
 * Every metric the roll-up writes, with its dimension. Values are counts unless noted.
 * Daily (keyed on the day):
 */
export const DAILY_METRICS = {
  events: "gateway events",
  "events.tool": "events by tool/vendor register key (dimension: toolKey, '(unattributed)')",
  "events.model": "events by model (dimension: model, '(unknown)')",
  "events.provider": "events by provider",
  "events.payload": "events logged with a payload (verifiable)",
  "events.findings": "events with at least one finding",
  findings: "events with findings (dimension: 'CLASSIFICATION|GATEWAY_ACTION')",
  cost: "gateway cost in the gateway's currency (USD)",
  "cost.tool": "cost by tool",
  "cost.model": "cost by model",
  activeUsers: "distinct gateway users that day",
  credentials: "distinct gateway credentials that day",
  "credentials.unregistered": "events per credential without a registered agent identity (dimension: credential)",
  "tools.unregistered": "events per tool key seen in gateway traffic but not registered (dimension: toolKey)",
  "tools.unregistered.commits": "AI-assisted production commits per unregistered tool key (dimension: tool)",
  "commits.production": "production commits (first-parent line of the production branch)",
  "commits.production.repo": "production commits by repository (dimension: owner/name)",
  "commits.ai": "AI-assisted production commits",
  "commits.ai.repo": "AI-assisted production commits by repository",
  "commits.ai.tool": "AI-assisted production commits by tool (dimension: tool key, '(unknown)')",
  "cm3.evaluated": "production commits within an audit period where CM-3 was evaluated",
  "cm3.evaluated.ai": "the AI-assisted ones",
  "cm3.evaluated.repo": "by repository",
  "cm3.fail": "production commits failing CM-3 (independent approval), exception not cleared",
  "cm3.fail.ai": "the AI-assisted ones",
  "cm3.fail.repo": "by repository",
  "exceptions.opened": "exceptions first seen that day (dimension: test id)",
  "exceptions.closed": "exceptions closed (dispositioned or cleared) that day (dimension: test id)",
  "dc1.exceptions": "DC-1 exceptions (sensitive prompts that went through), not cleared, by the event's day",
} as const;

/** Monthly (keyed on the month's first day): distinct counts over the whole month. */
export const MONTH_METRICS = {
  "month.activeUsers": "distinct gateway users in the month",
  "month.activeUsers.tool": "distinct gateway users by tool",
  "month.credentials": "distinct credentials in the month",
  "month.credentials.unregistered": "distinct credentials without a registered identity",
  "month.tools.unregistered": "distinct unregistered tools seen in traffic or commit markers",
  "month.engineers": "distinct (human) authors of production commits",
  "month.engineers.gateway": "those with gateway traffic in the month",
  "month.engineers.ai": "distinct authors of AI-assisted production commits",
  "month.engineers.ai.gateway": "those with gateway traffic in the month",
  "month.exceptions.open": "exceptions open at the month's end (or at roll-up time for the current month), by test",
  "month.exceptions.overdue": "those past their due date, by test",
  "month.exceptions.ageSum": "sum of their ages in days, by test",
  "month.exceptions.ageMax": "the oldest one's age in days, by test",
  "month.exceptions.age": "open exceptions by age bucket (dimension: 'test|bucket index', buckets < 7, 7–30, 30–90, ≥ 90 days)",
  "month.total.*": "every daily metric summed over the month, per dimension (e.g. month.total.events.tool), so a month reads a few rows instead of its days",
  "meta.rolledUpAt": "when the month's roll-up last ran (epoch seconds)",
} as const;

/** Daily metrics whose month total means nothing (distinct counts do not add up). */
const NOT_SUMMABLE = ["activeUsers", "credentials"];

export type DailyMetric = keyof typeof DAILY_METRICS;
export type MonthMetric = keyof typeof MONTH_METRICS;

/** SQL of a production commit's CM-3 exception item key, "commit:<owner/name>:<sha>". */
const COMMIT_ITEM_KEY = Prisma.sql`'commit:' || r.owner || '/' || r.name || ':' || c.sha`;
/** A gateway user: the resolved person, else the proxy e-mail, else the proxy user id. */
const USER_KEY = Prisma.sql`coalesce('p:' || "personId", 'e:' || lower("proxyUserEmail"), 'u:' || "proxyUserId")`;
const CREDENTIAL = Prisma.sql`coalesce("apiKeyHash", "apiKeyAlias")`;
const UPSERT = Prisma.sql`ON CONFLICT (day, metric, dimension) DO UPDATE SET value = EXCLUDED.value`;

type Tx = Prisma.TransactionClient;

export interface RollupResult {
  from: string;
  to: string;
  days: number;
  months: string[];
  rows: number;
  ms: number;
}

/**
 * Recomputes the daily roll-ups of the UTC days overlapping [from, to), and the monthly
 * distinct counts of every month those days touch. One transaction per month.
 */
export async function rollUpDays(db: Db, from: Date, to: Date): Promise<RollupResult> {
  const t0 = performance.now();
  const dayFrom = startOfDay(from);
  const dayTo = ceilDay(to.getTime() > from.getTime() ? to : new Date(from.getTime() + 1));
  let rows = 0;
  const months: string[] = [];
  for (let m = monthOf(dayFrom); monthStart(m) < dayTo; m = addMonths(m, 1)) {
    const a = new Date(Math.max(monthStart(m).getTime(), dayFrom.getTime()));
    const b = new Date(Math.min(monthEnd(m).getTime(), dayTo.getTime()));
    rows += await db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${"rollup:" + m}))`;
        return (await rollUpDayRange(tx, a, b)) + (await rollUpMonth(tx, m));
      },
      { timeout: 30 * 60_000, maxWait: 5 * 60_000 },
    );
    months.push(m);
  }
  return {
    from: dayString(dayFrom),
    to: dayString(dayTo),
    days: Math.round((dayTo.getTime() - dayFrom.getTime()) / 86_400_000),
    months,
    rows,
    ms: Math.round(performance.now() - t0),
  };
}

/** The range of days any raw data covers, or null when there is none. */
export async function rawDataRange(db: Db): Promise<{ from: Date; to: Date } | null> {
  const [r] = await db.$queryRaw<{ lo: Date | null; hi: Date | null }[]>`
    SELECT least(
             (SELECT min("occurredAt") FROM "AiEvent"),
             (SELECT min("committedAt") FROM "Commit" WHERE "isProduction"),
             (SELECT min("firstSeenAt") FROM "ControlException")) AS lo,
           greatest(
             (SELECT max("occurredAt") FROM "AiEvent"),
             (SELECT max("committedAt") FROM "Commit" WHERE "isProduction"),
             (SELECT max(greatest("firstSeenAt", "clearedAt", "lastSeenAt")) FROM "ControlException"),
             (SELECT max("decidedAt") FROM "ExceptionDisposition")) AS hi`;
  if (!r?.lo || !r.hi) return null;
  return { from: r.lo, to: new Date(r.hi.getTime() + 1) };
}

/** Recomputes every roll-up from the raw tables, and removes roll-ups outside the data. */
export async function rollUpAll(db: Db): Promise<RollupResult> {
  const range = await rawDataRange(db);
  if (!range) {
    await db.$executeRaw`DELETE FROM "DailyRollup"`;
    const today = dayString(new Date());
    return { from: today, to: today, days: 0, months: [], rows: 0, ms: 0 };
  }
  const first = monthStart(monthOf(range.from));
  const end = monthEnd(monthOf(range.to));
  await db.$executeRaw`DELETE FROM "DailyRollup" WHERE day < ${dayString(first)}::date OR day >= ${dayString(end)}::date`;
  // whole months, so that days inside them without data lose stale rows too
  return rollUpDays(db, first, end);
}

/** Recomputes whole months (e.g. the current and the previous one, nightly). */
export async function rollUpMonths(db: Db, fromMonth: string, toMonth: string): Promise<RollupResult> {
  return rollUpDays(db, monthStart(fromMonth), monthEnd(toMonth));
}

async function rollUpDayRange(tx: Tx, from: Date, to: Date): Promise<number> {
  const dFrom = dayString(from);
  const dTo = dayString(to);
  await tx.$executeRaw`
    DELETE FROM "DailyRollup"
    WHERE day >= ${dFrom}::date AND day < ${dTo}::date AND metric NOT LIKE 'month.%' AND metric NOT LIKE 'meta.%'`;
  const tFrom = Prisma.sql`${from.toISOString()}::timestamptz`;
  const tTo = Prisma.sql`${to.toISOString()}::timestamptz`;
  let rows = 0;

  // gateway events: one scan, pre-grouped, then fanned out into the metrics
  rows += await tx.$executeRaw`
    WITH e AS MATERIALIZED (
      SELECT ("occurredAt" AT TIME ZONE 'UTC')::date AS d,
             coalesce("toolKey", '(unattributed)') AS tool,
             coalesce(model, '(unknown)') AS model,
             coalesce(provider, '(unknown)') AS provider,
             coalesce("maxClassification"::text, 'NONE') AS cls,
             "gatewayAction"::text AS act,
             "findingCount" > 0 AS hasf,
             "hasPayload" AS payload,
             count(*)::float8 AS n,
             coalesce(sum(cost), 0)::float8 AS cost
      FROM "AiEvent"
      WHERE "occurredAt" >= ${tFrom} AND "occurredAt" < ${tTo}
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    )
    INSERT INTO "DailyRollup" (day, metric, dimension, value)
    SELECT d, metric, dimension, value FROM (
      SELECT d, 'events' AS metric, '' AS dimension, sum(n) AS value FROM e GROUP BY d
      UNION ALL SELECT d, 'cost', '', sum(cost) FROM e GROUP BY d
      UNION ALL SELECT d, 'events.payload', '', sum(n) FROM e WHERE payload GROUP BY d
      UNION ALL SELECT d, 'events.findings', '', sum(n) FROM e WHERE hasf GROUP BY d
      UNION ALL SELECT d, 'events.tool', tool, sum(n) FROM e GROUP BY d, tool
      UNION ALL SELECT d, 'cost.tool', tool, sum(cost) FROM e GROUP BY d, tool
      UNION ALL SELECT d, 'events.model', model, sum(n) FROM e GROUP BY d, model
      UNION ALL SELECT d, 'cost.model', model, sum(cost) FROM e GROUP BY d, model
      UNION ALL SELECT d, 'events.provider', provider, sum(n) FROM e GROUP BY d, provider
      UNION ALL SELECT d, 'findings', cls || '|' || act, sum(n) FROM e WHERE hasf GROUP BY d, cls, act
      UNION ALL SELECT e.d, 'tools.unregistered', e.tool, sum(e.n)
        FROM e LEFT JOIN "AiTool" t ON t.key = e.tool
        WHERE e.tool <> '(unattributed)' AND NOT coalesce(t.registered, false)
        GROUP BY e.d, e.tool
    ) x
    ${UPSERT}`;

  // distinct users and credentials per day, unregistered credentials
  rows += await tx.$executeRaw`
    WITH u AS MATERIALIZED (
      SELECT ("occurredAt" AT TIME ZONE 'UTC')::date AS d, ${USER_KEY} AS usr, ${CREDENTIAL} AS cred, count(*)::float8 AS n
      FROM "AiEvent"
      WHERE "occurredAt" >= ${tFrom} AND "occurredAt" < ${tTo}
      GROUP BY 1, 2, 3
    )
    INSERT INTO "DailyRollup" (day, metric, dimension, value)
    SELECT d, metric, dimension, value FROM (
      SELECT d, 'activeUsers' AS metric, '' AS dimension, count(DISTINCT usr)::float8 AS value FROM u WHERE usr IS NOT NULL GROUP BY d
      UNION ALL SELECT d, 'credentials', '', count(DISTINCT cred)::float8 FROM u WHERE cred IS NOT NULL GROUP BY d
      UNION ALL SELECT u.d, 'credentials.unregistered', u.cred, sum(u.n)
        FROM u LEFT JOIN "AgentIdentity" a ON a.credential = u.cred
        WHERE u.cred IS NOT NULL AND NOT coalesce(a.registered, false)
        GROUP BY u.d, u.cred
    ) x
    ${UPSERT}`;

  // production commits, AI attribution, CM-3 results
  rows += await tx.$executeRaw`
    WITH fails AS (
      SELECT DISTINCT "itemKey" AS k FROM "ControlException" WHERE "testId" = 'CM-3' AND state <> 'CLEARED'
    ), c AS MATERIALIZED (
      SELECT (c."committedAt" AT TIME ZONE 'UTC')::date AS d,
             r.owner || '/' || r.name AS repo,
             c."aiAssisted" AS ai,
             CASE WHEN cardinality(c."aiTools") = 0 THEN ARRAY['(unknown)'] ELSE c."aiTools" END AS tools,
             f.k IS NOT NULL AS failed,
             (f.k IS NOT NULL OR EXISTS (
               SELECT 1 FROM "AuditPeriod" p
               WHERE c."committedAt" >= p.start AND c."committedAt" < p."end"
                 AND EXISTS (SELECT 1 FROM "TestEvaluation" te WHERE te."periodId" = p.id AND te."testId" = 'CM-3')
             )) AS evaluated
      FROM "Commit" c
      JOIN "Repository" r ON r.id = c."repositoryId"
      LEFT JOIN fails f ON f.k = ${COMMIT_ITEM_KEY}
      WHERE c."isProduction" AND c."committedAt" >= ${tFrom} AND c."committedAt" < ${tTo}
    )
    INSERT INTO "DailyRollup" (day, metric, dimension, value)
    SELECT d, metric, dimension, value FROM (
      SELECT d, 'commits.production' AS metric, '' AS dimension, count(*)::float8 AS value FROM c GROUP BY d
      UNION ALL SELECT d, 'commits.production.repo', repo, count(*) FROM c GROUP BY d, repo
      UNION ALL SELECT d, 'commits.ai', '', count(*) FROM c WHERE ai GROUP BY d
      UNION ALL SELECT d, 'commits.ai.repo', repo, count(*) FROM c WHERE ai GROUP BY d, repo
      UNION ALL SELECT d, 'commits.ai.tool', t, count(*) FROM c, unnest(tools) AS t WHERE ai GROUP BY d, t
      UNION ALL SELECT d, 'cm3.evaluated', '', count(*) FROM c WHERE evaluated GROUP BY d
      UNION ALL SELECT d, 'cm3.evaluated.ai', '', count(*) FROM c WHERE evaluated AND ai GROUP BY d
      UNION ALL SELECT d, 'cm3.evaluated.repo', repo, count(*) FROM c WHERE evaluated GROUP BY d, repo
      UNION ALL SELECT d, 'cm3.fail', '', count(*) FROM c WHERE failed GROUP BY d
      UNION ALL SELECT d, 'cm3.fail.ai', '', count(*) FROM c WHERE failed AND ai GROUP BY d
      UNION ALL SELECT d, 'cm3.fail.repo', repo, count(*) FROM c WHERE failed GROUP BY d, repo
      UNION ALL SELECT c.d, 'tools.unregistered.commits', t, count(*)
        FROM c CROSS JOIN LATERAL unnest(c.tools) AS t LEFT JOIN "AiTool" at ON at.key = t
        WHERE c.ai AND t <> '(unknown)' AND NOT coalesce(at.registered, false)
        GROUP BY c.d, t
    ) x
    ${UPSERT}`;

  // exceptions opened and closed per test; one item counts once across overlapping periods
  rows += await tx.$executeRaw`
    WITH x AS (
      SELECT ce."testId" AS test, ce."itemKey",
             min(ce."firstSeenAt") AS opened,
             min(ce."occurredAt") AS occurred,
             bool_and(ce.state = 'CLEARED') AS cleared,
             CASE WHEN bool_or(ce.state = 'OPEN') THEN NULL
                  ELSE max(CASE WHEN ce.state = 'CLEARED' THEN coalesce(ce."clearedAt", ce."lastSeenAt")
                                ELSE coalesce(dd.decided, ce."lastSeenAt") END) END AS closed
      FROM "ControlException" ce
      LEFT JOIN (SELECT "exceptionId", min("decidedAt") AS decided FROM "ExceptionDisposition" GROUP BY 1) dd ON dd."exceptionId" = ce.id
      GROUP BY 1, 2
    )
    INSERT INTO "DailyRollup" (day, metric, dimension, value)
    SELECT d, metric, dimension, value FROM (
      SELECT (opened AT TIME ZONE 'UTC')::date AS d, 'exceptions.opened' AS metric, test AS dimension, count(*)::float8 AS value
        FROM x WHERE opened >= ${tFrom} AND opened < ${tTo} GROUP BY 1, 3
      UNION ALL SELECT (closed AT TIME ZONE 'UTC')::date, 'exceptions.closed', test, count(*)
        FROM x WHERE closed >= ${tFrom} AND closed < ${tTo} GROUP BY 1, 3
      UNION ALL SELECT (occurred AT TIME ZONE 'UTC')::date, 'dc1.exceptions', '', count(*)
        FROM x WHERE test = 'DC-1' AND NOT cleared AND occurred >= ${tFrom} AND occurred < ${tTo} GROUP BY 1
    ) y
    ${UPSERT}`;
  return rows;
}

async function rollUpMonth(tx: Tx, month: string): Promise<number> {
  const day = Prisma.sql`${dayString(monthStart(month))}::date`;
  const tFrom = Prisma.sql`${monthStart(month).toISOString()}::timestamptz`;
  const tTo = Prisma.sql`${monthEnd(month).toISOString()}::timestamptz`;
  await tx.$executeRaw`DELETE FROM "DailyRollup" WHERE day = ${day} AND (metric LIKE 'month.%' OR metric LIKE 'meta.%')`;
  let rows = 0;

  rows += await tx.$executeRaw`
    WITH u AS MATERIALIZED (
      SELECT DISTINCT ${USER_KEY} AS usr, ${CREDENTIAL} AS cred, coalesce("toolKey", '(unattributed)') AS tool
      FROM "AiEvent"
      WHERE "occurredAt" >= ${tFrom} AND "occurredAt" < ${tTo}
    ), unregistered_tools AS (
      SELECT u.tool AS t FROM u LEFT JOIN "AiTool" at ON at.key = u.tool
        WHERE u.tool <> '(unattributed)' AND NOT coalesce(at.registered, false)
      UNION
      SELECT t FROM "Commit" c CROSS JOIN LATERAL unnest(c."aiTools") AS t LEFT JOIN "AiTool" at ON at.key = t
        WHERE c."isProduction" AND c."aiAssisted" AND c."committedAt" >= ${tFrom} AND c."committedAt" < ${tTo}
          AND NOT coalesce(at.registered, false)
    )
    INSERT INTO "DailyRollup" (day, metric, dimension, value)
    SELECT ${day}, metric, dimension, value FROM (
      SELECT 'month.activeUsers' AS metric, '' AS dimension, count(DISTINCT usr)::float8 AS value FROM u
      UNION ALL SELECT 'month.activeUsers.tool', tool, count(DISTINCT usr) FROM u WHERE usr IS NOT NULL GROUP BY tool
      UNION ALL SELECT 'month.credentials', '', count(DISTINCT cred) FROM u
      UNION ALL SELECT 'month.credentials.unregistered', '', count(DISTINCT u.cred)
        FROM u LEFT JOIN "AgentIdentity" a ON a.credential = u.cred
        WHERE u.cred IS NOT NULL AND NOT coalesce(a.registered, false)
      UNION ALL SELECT 'month.tools.unregistered', '', count(*) FROM unregistered_tools
    ) x
    ${UPSERT}`;

  // engineers (human authors of production commits) and whether their AI traffic uses the gateway
  rows += await tx.$executeRaw`
    WITH authors AS (
      SELECT lower(c."authorEmail") AS email, bool_or(c."aiAssisted") AS ai
      FROM "Commit" c
      WHERE c."isProduction" AND c."committedAt" >= ${tFrom} AND c."committedAt" < ${tTo}
      GROUP BY 1
    ), people AS (
      SELECT a.email, a.ai, pa."personId" AS person
      FROM authors a
      LEFT JOIN "PersonAlias" pa ON pa.kind = 'GIT_EMAIL' AND pa.value = a.email AND pa.status <> 'REJECTED'
      LEFT JOIN "Person" p ON p.id = pa."personId"
      WHERE a.email NOT LIKE '%[bot]%' AND NOT coalesce(p."isBot", false)
    ), gw AS MATERIALIZED (
      SELECT DISTINCT k FROM (
        SELECT DISTINCT "personId", lower("proxyUserEmail") AS em, lower("proxyUserId") AS uid
        FROM "AiEvent" WHERE "occurredAt" >= ${tFrom} AND "occurredAt" < ${tTo}
      ) e CROSS JOIN LATERAL (VALUES ('p:' || e."personId"), ('e:' || e.em), ('e:' || e.uid)) AS v(k)
      WHERE k IS NOT NULL
    ), eng AS (
      SELECT email, bool_or(ai) AS ai,
             bool_or(('e:' || email) IN (SELECT k FROM gw) OR ('p:' || person) IN (SELECT k FROM gw)) AS gateway
      FROM people GROUP BY email
    )
    INSERT INTO "DailyRollup" (day, metric, dimension, value)
    SELECT ${day}, metric, '', value FROM (
      SELECT 'month.engineers' AS metric, count(*)::float8 AS value FROM eng
      UNION ALL SELECT 'month.engineers.gateway', count(*) FROM eng WHERE gateway
      UNION ALL SELECT 'month.engineers.ai', count(*) FROM eng WHERE ai
      UNION ALL SELECT 'month.engineers.ai.gateway', count(*) FROM eng WHERE ai AND gateway
    ) x
    ${UPSERT}`;

  // exceptions open at the month's end (the current month: now), overdue ones and their ages
  const endAt = Prisma.sql`least(${tTo}, now())`;
  rows += await tx.$executeRaw`
    WITH x AS (
      SELECT ce."testId" AS test, ce."itemKey",
             min(ce."firstSeenAt") AS opened,
             min(ce."dueAt") AS due,
             CASE WHEN bool_or(ce.state = 'OPEN') THEN NULL
                  ELSE max(CASE WHEN ce.state = 'CLEARED' THEN coalesce(ce."clearedAt", ce."lastSeenAt")
                                ELSE coalesce(dd.decided, ce."lastSeenAt") END) END AS closed
      FROM "ControlException" ce
      LEFT JOIN (SELECT "exceptionId", min("decidedAt") AS decided FROM "ExceptionDisposition" GROUP BY 1) dd ON dd."exceptionId" = ce.id
      WHERE ce."firstSeenAt" < ${endAt}
      GROUP BY 1, 2
    ), o AS MATERIALIZED (
      SELECT test, due < ${endAt} AS overdue, extract(epoch FROM (${endAt} - opened)) / 86400.0 AS age
      FROM x WHERE closed IS NULL OR closed >= ${endAt}
    )
    INSERT INTO "DailyRollup" (day, metric, dimension, value)
    SELECT ${day}, metric, dimension, value FROM (
      SELECT 'month.exceptions.open' AS metric, test AS dimension, count(*)::float8 AS value FROM o GROUP BY test
      UNION ALL SELECT 'month.exceptions.overdue', test, count(*) FROM o WHERE overdue GROUP BY test
      UNION ALL SELECT 'month.exceptions.ageSum', test, sum(age) FROM o GROUP BY test
      UNION ALL SELECT 'month.exceptions.ageMax', test, max(age) FROM o GROUP BY test
      UNION ALL SELECT 'month.exceptions.age', test || '|' || (CASE WHEN age < 7 THEN 0 WHEN age < 30 THEN 1 WHEN age < 90 THEN 2 ELSE 3 END), count(*)
        FROM o GROUP BY 2
    ) y
    ${UPSERT}`;

  // month totals of the daily metrics, from the daily rows just written
  rows += await tx.$executeRaw`
    INSERT INTO "DailyRollup" (day, metric, dimension, value)
    SELECT ${day}, 'month.total.' || metric, dimension, sum(value)
    FROM "DailyRollup"
    WHERE day >= ${day} AND day < ${dayString(monthEnd(month))}::date
      AND metric NOT LIKE 'month.%' AND metric NOT LIKE 'meta.%' AND metric <> ALL(${NOT_SUMMABLE}::text[])
    GROUP BY metric, dimension
    ${UPSERT}`;

  rows += await tx.$executeRaw`
    INSERT INTO "DailyRollup" (day, metric, dimension, value)
    VALUES (${day}, 'meta.rolledUpAt', '', extract(epoch FROM clock_timestamp())::float8)
    ${UPSERT}`;
  return rows;
}
