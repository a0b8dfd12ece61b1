// Page-latency benchmark for the monthly summary: generates a large organisation directly
// with SQL (1,000 engineers × a year of gateway events, production commits, exceptions) in
// a fresh database, rolls it up, then times what the summary page needs (monthlySummary +
// its sections) over repeated calls: p50/p95/p99 against the goal p95 < 300 ms. Same-run
// baselines: a `SELECT 1` round trip, and the month's figures counted from the raw table
// (what the roll-ups save). The database is dropped at the end.
// Usage: npx tsx bench/pages.ts [--events 5000000] [--engineers 1000] [--runs 40] [--load-budget 150]
import { parseArgs } from "node:util";
import pg from "pg";
import { syncCatalogue } from "../lib/controls/sync-catalogue";
import { createDb } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { replaceDatabase } from "../lib/db/test-database";
import { addMonths, lastFullMonth, monthEnd, monthStart } from "../lib/summary/month";
import { monthlySummary } from "../lib/summary/monthly";
import { rollUpAll } from "../lib/summary/rollup";
import { keyFigures, summarySections } from "../lib/summary/sections";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "5000000" },
    engineers: { type: "string", default: "1000" },
    runs: { type: "string", default: "40" },
    "load-budget": { type: "string", default: "150" },
    /** keep the generated database (for profiling) and print its name */
    keep: { type: "boolean", default: false },
    /** measure an existing database kept by --keep (skips generation and roll-up) */
    reuse: { type: "string" },
  },
});
const EVENTS = Number(values.events);
const ENGINEERS = Number(values.engineers);
const RUNS = Number(values.runs);
const LOAD_BUDGET_S = Number(values["load-budget"]);
const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const CHUNKS = 10;

const log = (m: string) => process.stderr.write(`${m}\n`);

function pct(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return +sorted[i].toFixed(1);
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

/** Writes the organisation with set-based SQL and rolls it up. */
async function generate(
  q: (text: string) => Promise<pg.QueryResult>,
  db: ReturnType<typeof createDb>,
  o: { start: string; end: string; first: string; month: string; name: string },
): Promise<{ loadSeconds: number; rollupMs: number }> {
  const { start, end, first, month, name } = o;

  // ------------------------------------------------------------ organisation
  const tLoad = performance.now();
  log(`generating ${ENGINEERS} engineers, ${first}..${month} in ${name}`);
  await q(`
    INSERT INTO "AiTool" (id, key, vendor, product, registered, "updatedAt") VALUES
      ('t1','claude-code','Anthropic','Claude Code',true,now()), ('t2','cursor','Anysphere','Cursor',true,now()),
      ('t3','copilot','GitHub','GitHub Copilot',true,now()), ('t4','openai','OpenAI','OpenAI API',true,now()),
      ('t5','anthropic','Anthropic','Anthropic API',true,now()), ('t6','windsurf','Codeium','Windsurf',false,now())`);
  await q(`
    INSERT INTO "Person" (id, "displayName", email)
    SELECT 'p' || u, 'Engineer ' || u, 'eng' || u || '@corp.example' FROM generate_series(0, ${ENGINEERS - 1}) u;
    INSERT INTO "PersonAlias" (id, "personId", kind, value)
    SELECT 'a' || u, 'p' || u, 'GIT_EMAIL', 'eng' || u || '@corp.example' FROM generate_series(0, ${ENGINEERS - 1}) u;
    INSERT INTO "AgentIdentity" (id, credential, registered, "ownerPersonId", "updatedAt")
    SELECT 'i' || k, 'key-' || k, k < ${Math.round(ENGINEERS * 1.1)}, 'p' || (k % ${ENGINEERS}), now()
    FROM generate_series(0, ${Math.round(ENGINEERS * 1.2)} - 1) k;
    INSERT INTO "Repository" (id, owner, name, "productionBranch")
    SELECT 'r' || k, 'corp', 'svc-' || k, 'main' FROM generate_series(0, 149) k;
    INSERT INTO "AuditPeriod" (id, name, start, "end") VALUES ('period', 'FY', '${start}', '${end}');
    INSERT INTO "TestEvaluation" (id, "periodId", "testId", result, "populationSize", "exceptionCount", "populationHash", "ruleVersion", settings)
    VALUES ('te', 'period', 'CM-3', 'FAIL', 0, 0, 'x', '1', '{}');
    INSERT INTO "User" (id, email, name, role, "updatedAt") VALUES ('admin', 'admin@corp.example', 'Admin', 'ADMIN', now())`);

  // gateway events, in interleaved chunks (each spans the whole year) within a time budget
  const { rows: idx } = await q(`SELECT indexname FROM pg_indexes WHERE tablename = 'AiEvent' AND indexname <> 'AiEvent_pkey'`);
  for (const r of idx) await q(`DROP INDEX "${r.indexname}"`);
  const span = `(extract(epoch FROM '${end}'::timestamptz - '${start}'::timestamptz))`;
  let inserted = 0;
  for (let c = 1; c <= CHUNKS; c++) {
    const t0 = performance.now();
    const r = await q(`
      INSERT INTO "AiEvent" (source, "naturalKey", "occurredAt", "gatewayAction", model, provider, "apiKeyHash",
                             "proxyUserId", "proxyUserEmail", "personId", "toolKey", cost, "hasPayload", "findingCount", "maxClassification")
      SELECT 'generic', i::text,
             '${start}'::timestamptz + make_interval(secs => ${span} * (i::float8 / ${EVENTS})),
             (CASE WHEN i % 40 = 0 AND i % 200 <> 0 THEN 'BLOCKED' ELSE 'PASSED' END)::"GatewayAction",
             (ARRAY['claude-sonnet-4-5','claude-opus-4-1','gpt-4.1','gpt-5','o4-mini','gemini-2.5-pro','claude-haiku-4-5','gpt-4o'])[1 + (i * 13) % 8],
             (ARRAY['anthropic','anthropic','openai','openai','openai','gemini','anthropic','openai'])[1 + (i * 13) % 8],
             'key-' || ((i * 31) % ${Math.round(ENGINEERS * 1.2)}),
             'eng' || ((i * 7919) % ${ENGINEERS}),
             CASE WHEN i % 5 = 0 THEN NULL ELSE 'eng' || ((i * 7919) % ${ENGINEERS}) || '@corp.example' END,
             CASE WHEN (i * 7919) % ${ENGINEERS} % 10 < 8 THEN 'p' || ((i * 7919) % ${ENGINEERS}) END,
             CASE WHEN i % 100 < 45 THEN 'claude-code' WHEN i % 100 < 65 THEN 'cursor' WHEN i % 100 < 80 THEN 'copilot'
                  WHEN i % 100 < 88 THEN 'openai' WHEN i % 100 < 93 THEN 'anthropic' WHEN i % 100 < 96 THEN 'windsurf'
                  WHEN i % 100 < 98 THEN 'gemini' END,
             (i % 50) * 0.002,
             i % 10 <> 0,
             CASE WHEN i % 40 = 0 THEN 1 + i % 3 ELSE 0 END,
             (CASE WHEN i % 40 <> 0 THEN NULL WHEN i % 120 = 0 THEN 'RESTRICTED' WHEN i % 120 = 40 THEN 'CONFIDENTIAL' ELSE 'INTERNAL' END)::"Classification"
      FROM generate_series(${c}::bigint, ${EVENTS}::bigint, ${CHUNKS}::bigint) AS i`);
    inserted += r.rowCount ?? 0;
    log(`  events chunk ${c}/${CHUNKS}: ${(r.rowCount ?? 0).toLocaleString("en")} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    if ((performance.now() - tLoad) / 1000 > LOAD_BUDGET_S && c < CHUNKS) {
      log(`  load budget of ${LOAD_BUDGET_S} s reached: stopping at ${inserted.toLocaleString("en")} events`);
      break;
    }
  }
  await q(`CREATE INDEX "AiEvent_occurredAt_idx" ON "AiEvent" ("occurredAt")`);

  // production commits: ~150 per engineer and year over 150 repositories, AI share rising through the year
  const commits = ENGINEERS * 150;
  await q(`
    INSERT INTO "Commit" (id, "repositoryId", sha, "authorName", "authorEmail", "authoredAt", "committerName", "committerEmail",
                          "committedAt", subject, message, trailers, "isProduction", "aiAssisted", "aiTools")
    SELECT 'c' || i, 'r' || (i % 150), md5(i::text), 'Engineer', 'eng' || ((i * 37) % ${ENGINEERS}) || '@corp.example', ts, 'Engineer', 'ci@corp.example',
           ts, 'change', 'change', '{}', true, ai,
           CASE WHEN NOT ai THEN ARRAY[]::text[] WHEN i % 10 < 6 THEN ARRAY['claude-code'] WHEN i % 10 < 8 THEN ARRAY['cursor']
                WHEN i % 10 < 9 THEN ARRAY['copilot'] ELSE ARRAY['aider'] END
    FROM (SELECT i, '${start}'::timestamptz + make_interval(secs => ${span} * (i::float8 / ${commits})) AS ts,
                 (i % 100) < 20 + 30 * i / ${commits} + CASE WHEN i % 150 < 10 THEN 25 ELSE 0 END AS ai
          FROM generate_series(1, ${commits}) AS i) g`);
  // CM-3 exceptions for ~4% of production commits, DC-1 for passed events with Confidential+ findings
  await q(`
    INSERT INTO "ControlException" (id, "periodId", "testId", "itemKey", "itemType", "itemRef", summary, details, state,
                                    "firstSeenAt", "lastSeenAt", "occurredAt", "dueAt")
    SELECT 'x' || c.id, 'period', 'CM-3', 'commit:corp/' || r.name || ':' || c.sha, 'COMMIT', c.sha, 'no independent approval', '{}',
           (CASE WHEN substring(c.id, 2)::int % 4 = 0 THEN 'DISPOSITIONED' ELSE 'OPEN' END)::"ExceptionState",
           c."committedAt" + interval '1 hour', c."committedAt" + interval '1 hour', c."committedAt", c."committedAt" + interval '7 days'
    FROM "Commit" c JOIN "Repository" r ON r.id = c."repositoryId" WHERE substring(c.id, 2)::int % 25 = 0`);
  await q(`
    INSERT INTO "ControlException" (id, "periodId", "testId", "itemKey", "itemType", "itemRef", summary, details, state,
                                    "firstSeenAt", "lastSeenAt", "occurredAt", "dueAt")
    SELECT 'd' || e.id, 'period', 'DC-1', 'event:' || e.id, 'AI_EVENT', e.id::text, 'passed', '{}',
           (CASE WHEN e.id % 3 = 0 THEN 'OPEN' ELSE 'DISPOSITIONED' END)::"ExceptionState",
           e."occurredAt" + interval '10 minutes', e."occurredAt" + interval '10 minutes', e."occurredAt", e."occurredAt" + interval '7 days'
    FROM "AiEvent" e WHERE e."findingCount" > 0 AND e."gatewayAction" = 'PASSED' AND e."maxClassification" IN ('CONFIDENTIAL', 'RESTRICTED')`);
  await q(`
    INSERT INTO "ExceptionDisposition" (id, "exceptionId", kind, comment, "decidedById", "decidedAt")
    SELECT 'disp-' || id, id, 'RISK_ACCEPTED', 'accepted', 'admin', "firstSeenAt" + interval '3 days' FROM "ControlException" WHERE state = 'DISPOSITIONED'`);
  await q(`ANALYZE`);
  const loadSeconds = (performance.now() - tLoad) / 1000;
  log(`loaded in ${loadSeconds.toFixed(0)} s; rolling up`);
  const [rollupMs, rolled] = await time(() => rollUpAll(db));
  log(`rolled up ${rolled.months.length} months in ${(rollupMs / 1000).toFixed(1)} s`);
  await q(`ANALYZE "DailyRollup"`);
  return { loadSeconds, rollupMs };
}

async function main() {
  const month = lastFullMonth();
  const first = addMonths(month, -11);
  const start = monthStart(first).toISOString();
  const end = monthEnd(month).toISOString();
  const name = values.reuse ?? `aisdlc_bench_pages_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  if (!values.reuse) await admin.query(`CREATE DATABASE "${name}"`);
  const url = replaceDatabase(ADMIN_URL, name);
  const sql = new pg.Client({ connectionString: url });
  let db: ReturnType<typeof createDb> | null = null;
  try {
    await migrate(url);
    await sql.connect();
    db = createDb(url, { max: 10 });
    await syncCatalogue(db);
    const q = (text: string) => sql.query(text);
    const { loadSeconds, rollupMs } = values.reuse ? { loadSeconds: 0, rollupMs: 0 } : await generate(q, db, { start, end, first, month, name });
    const counts = (await q(`SELECT (SELECT count(*) FROM "AiEvent")::int AS events, (SELECT count(*) FROM "Commit")::int AS commits,
                                    (SELECT count(*) FROM "ControlException")::int AS exceptions`)).rows[0];
    const rollupRows = (await q(`SELECT count(*)::int AS n, pg_size_pretty(pg_total_relation_size('"DailyRollup"')) AS size FROM "DailyRollup"`)).rows[0];
    log(`${JSON.stringify(counts)}; roll-ups: ${rollupRows.n} rows (${rollupRows.size})`);

    // ------------------------------------------------------------ measurements
    const page = async () => {
      const s = await monthlySummary(db!, month);
      return { s, sections: summarySections(s), figures: keyFigures(s) };
    };
    for (let i = 0; i < 3; i++) await page();
    const pageMs: number[] = [];
    let last: Awaited<ReturnType<typeof page>> | null = null;
    for (let i = 0; i < RUNS; i++) {
      const [ms, r] = await time(page);
      pageMs.push(ms);
      last = r;
    }
    const pingMs: number[] = [];
    for (let i = 0; i < RUNS; i++) pingMs.push((await time(() => db!.$queryRaw`SELECT 1`))[0]);
    const rawMs: number[] = [];
    const from = monthStart(month).toISOString();
    const to = monthEnd(month).toISOString();
    for (let i = 0; i < 3; i++) {
      rawMs.push(
        (
          await time(() =>
            Promise.all([
              sql.query(`SELECT count(*), count(DISTINCT coalesce("personId", "proxyUserEmail", "proxyUserId")), count(DISTINCT "apiKeyHash"), sum(cost),
                                count(*) FILTER (WHERE "hasPayload") FROM "AiEvent" WHERE "occurredAt" >= $1 AND "occurredAt" < $2`, [from, to]),
            ]),
          )
        )[0],
      );
    }
    const sorted = [...pageMs].sort((a, b) => a - b);
    const ping = [...pingMs].sort((a, b) => a - b);
    const raw = [...rawMs].sort((a, b) => a - b);
    const figures = {
      month,
      organisation: { engineers: ENGINEERS, ...counts, requestedEvents: EVENTS, loadSeconds: Math.round(loadSeconds) },
      rollup: { seconds: values.reuse ? null : +(rollupMs / 1000).toFixed(1), rows: rollupRows.n, size: rollupRows.size },
      summaryPage: { runs: RUNS, p50: pct(sorted, 50), p95: pct(sorted, 95), p99: pct(sorted, 99), max: +sorted[sorted.length - 1].toFixed(1), goalP95: 300, meetsGoal: pct(sorted, 95) < 300 },
      baselineSelect1: { p50: pct(ping, 50), p95: pct(ping, 95) },
      baselineRawMonthCount: { runs: raw.length, median: pct(raw, 50), note: "events, distinct users and credentials, cost, payload share of one month from AiEvent (a fraction of what the page shows)" },
      readings: last?.s.readings,
      loadAverage: (await import("node:os")).loadavg().map((x) => +x.toFixed(1)),
    };
    process.stdout.write(JSON.stringify(figures, null, 2) + "\n");
  } finally {
    await db?.$disconnect();
    await sql.end().catch(() => {});
    if (values.keep || values.reuse) log(`kept database ${name} (drop it with: DROP DATABASE "${name}")`);
    else await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
