// `npx tsx bench/matrix.ts` — the control engine and the matrix at scale.
//
// Generates a large organisation directly with SQL in a fresh database (default: 50,000
// production commits with pull requests and reviews, 500,000 gateway events with findings and
// tool calls, 1,000 engineers), then times:
//   - a full evaluatePeriod of the year (first run: every exception new; second: steady state),
//   - the matrix page's query (controlMatrix) and a test page's first population page (p50/p95),
// against same-run baselines on the same tables (a count(*) and a primary-key lookup).
// The database is dropped at the end. Sizes: BENCH_COMMITS, BENCH_EVENTS, BENCH_RUNS.
import pg from "pg";
import { createDb, type Db } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { evaluatePeriod, populationOf } from "../lib/controls/evaluate";
import { controlMatrix } from "../lib/controls/matrix";
import { syncCatalogue } from "../lib/controls/sync-catalogue";
import { TEST_IDS } from "../lib/controls/catalogue";

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const COMMITS = Number(process.env.BENCH_COMMITS ?? 50_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 500_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const ENGINEERS = 1_000;
const REPOS = 50;
const START = "2026-01-01T00:00:00Z";
const END = "2027-01-01T00:00:00Z";

function dbUrl(name: string) {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
}

async function percentiles(runs: number, fn: () => Promise<unknown>) {
  const times: number[] = [];
  await fn(); // warm-up: plans and caches
  for (let i = 0; i < runs; i++) times.push((await timed(fn))[1]);
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
  return { p50: at(50), p95: at(95) };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Deterministic pseudo-random integer in [0, n) from a seed expression (no session state). */
const rnd = (expr: string, n: number) => `(abs(hashtext(${expr})) % ${n})`;

async function generate(c: pg.Client) {
  const step = (label: string, sql: string) => timed(() => c.query(sql)).then(([, t]) => console.log(`  ${label.padEnd(34)} ${ms(t)}`));
  console.log(`generating ${COMMITS.toLocaleString()} production commits, ${EVENTS.toLocaleString()} gateway events, ${ENGINEERS} engineers`);
  await step("people and aliases", `
    INSERT INTO "Person" (id, "displayName", email) SELECT 'p' || i, 'Engineer ' || i, 'eng' || i || '@acme.test' FROM generate_series(0, ${ENGINEERS - 1}) i;
    INSERT INTO "PersonAlias" (id, "personId", kind, value, status)
      SELECT 'a' || k || i, 'p' || i, k::"AliasKind", CASE k WHEN 'GITHUB_LOGIN' THEN 'eng' || i ELSE 'eng' || i || '@acme.test' END, 'AUTO'
      FROM generate_series(0, ${ENGINEERS - 1}) i, unnest(ARRAY['GIT_EMAIL', 'GITHUB_LOGIN', 'PROXY_EMAIL']) k;
    INSERT INTO "Person" (id, "displayName", "isBot") VALUES ('bot', 'release bot', true);
    INSERT INTO "PersonAlias" (id, "personId", kind, value) VALUES ('abot', 'bot', 'GITHUB_LOGIN', 'release-bot');`);
  await step("repositories", `
    INSERT INTO "Repository" (id, owner, name, "productionBranch") SELECT 'r' || r, 'acme', 'repo' || r, 'main' FROM generate_series(0, ${REPOS - 1}) r;`);
  // commit g: repository g % REPOS, position g / REPOS on its first-parent line
  await step("production commits", `
    INSERT INTO "Commit" (id, "repositoryId", sha, parents, "authorName", "authorEmail", "authoredAt", "committerName", "committerEmail",
                          "committedAt", subject, message, trailers, "changedPaths", "isProduction", "productionSeq", arrival, "pullNumber",
                          "aiAssisted", "aiTools", "memberShas")
    SELECT 'c' || g, 'r' || (g % ${REPOS}), md5('c' || g) || left(md5('x' || g), 8),
           CASE WHEN g >= ${REPOS} THEN ARRAY[md5('c' || (g - ${REPOS})) || left(md5('x' || (g - ${REPOS})), 8)] ELSE '{}' END,
           'Engineer ' || a, 'eng' || a || '@acme.test', t, 'GitHub', 'noreply@github.com', t,
           'change ' || g, 'change ' || g, '{"strict":[],"lenient":[]}', ARRAY['src/module' || (g % 40) || '/file.ts'], true, g / ${REPOS},
           CASE WHEN ${rnd("'arr' || g", 100)} < 2 THEN 'DIRECT' ELSE 'SQUASH' END::"Arrival",
           CASE WHEN ${rnd("'arr' || g", 100)} < 2 THEN NULL ELSE g END,
           ai, CASE WHEN ai THEN ARRAY['claude-code'] ELSE '{}' END, '{}'
    FROM (SELECT g, ${rnd("'author' || g", ENGINEERS)} AS a,
                 '${START}'::timestamptz + (g::float8 / ${COMMITS}) * interval '365 days' AS t,
                 ${rnd("'ai' || g", 100)} < 40 AS ai
          FROM generate_series(0, ${COMMITS - 1}) g) x;`);
  await step("pull requests", `
    INSERT INTO "PullRequest" (id, "repositoryId", number, title, body, "authorLogin", "authorType", state, "headSha", "mergedAt",
                               "mergeCommitSha", "commitShas", "aiDeclaration", source)
    SELECT 'pr' || c."pullNumber", c."repositoryId", c."pullNumber", c.subject,
           'AI-assisted: ' || CASE WHEN c."aiAssisted" <> (${rnd("'decl' || c.id", 100)} < 5) THEN 'yes' ELSE 'no' END,
           split_part(c."authorEmail", '@', 1), 'User', 'closed', md5('h' || c.id), c."committedAt", c.sha, '{}', NULL, 'github'
    FROM "Commit" c WHERE c."pullNumber" IS NOT NULL;`);
  await step("reviews", `
    INSERT INTO "Review" (id, "pullRequestId", "githubId", "reviewerLogin", "reviewerType", state, "commitSha", "submittedAt", source)
    SELECT 'rv' || pr.number, pr.id, pr.number,
           CASE WHEN ${rnd("'bot' || pr.id", 100)} < 1 THEN 'release-bot' ELSE 'eng' || ((substr(pr."authorLogin", 4)::int + 1) % ${ENGINEERS}) END,
           'User', 'APPROVED',
           CASE WHEN ${rnd("'stale' || pr.id", 100)} < 3 THEN md5('old' || pr.id) ELSE pr."headSha" END,
           pr."mergedAt" - interval '1 hour', 'github'
    FROM "PullRequest" pr;`);
  await step("tools and agent identities", `
    INSERT INTO "AiTool" (id, key, vendor, product, registered, "contractType", "zeroDataRetention", "trainingOnInputs", "soc2ReportDate", "incidentContact", "firstSeenAt", "updatedAt")
    VALUES ('t1', 'claude-code', 'Anthropic', 'Claude Code', true, 'Enterprise', true, false, '2026-06-01', 'security@anthropic.test', '${START}', now()),
           ('t2', 'anthropic', 'Anthropic', 'Anthropic API', true, 'Enterprise', true, false, '2026-06-01', 'security@anthropic.test', '${START}', now()),
           ('t3', 'cursor', 'Anysphere', 'Cursor', false, NULL, NULL, NULL, NULL, NULL, '2026-03-01', now());
    INSERT INTO "AgentIdentity" (id, credential, alias, registered, "ownerPersonId", purpose, "allowedModels", "allowedMcpServers", "allowedTools", "updatedAt")
    SELECT 'i' || k, 'key' || k, 'agent-' || k, k % 50 <> 0, 'p' || (k % ${ENGINEERS}), 'coding agent', ARRAY['claude-*'], ARRAY['github'], ARRAY['github/*', 'Bash', 'Read', 'Edit'], now()
    FROM generate_series(0, ${ENGINEERS}) k;`);
  // event g: a random engineer with their own agent key; 70% tagged with a repository; 5% carry findings, most of them blocked
  await step("gateway events", `
    INSERT INTO "AiEvent" (source, "naturalKey", "occurredAt", status, "gatewayAction", "guardrailStatus", model, provider, "apiKeyHash", "apiKeyAlias",
                           "proxyUserId", "proxyUserEmail", tags, repository, "clientTool", "toolKey", "hasPayload", "payloadBytes",
                           "findingCount", "maxClassification", "toolCallCount")
    SELECT CASE WHEN ${rnd("'src' || g", 100)} < 4 THEN 'cloudflare' ELSE 'litellm' END, 'ev' || g,
           '${START}'::timestamptz + (g::float8 / ${EVENTS}) * interval '365 days', 'success',
           CASE WHEN finding AND ${rnd("'blk' || g", 100)} < 90 THEN 'BLOCKED' ELSE 'PASSED' END::"GatewayAction",
           CASE WHEN finding AND ${rnd("'blk' || g", 100)} < 90 THEN 'guardrail_intervened' ELSE 'success' END,
           CASE WHEN u % 25 = 0 AND ${rnd("'model' || g", 100)} < 5 THEN 'gpt-4o' ELSE 'claude-sonnet-4' END, 'anthropic',
           'key' || k, 'agent-' || k, 'eng' || u, 'eng' || u || '@acme.test', '{}',
           CASE WHEN ${rnd("'repo' || g", 100)} < 70 THEN 'acme/repo' || ${rnd("'r' || g", REPOS)} END,
           CASE WHEN ${rnd("'cur' || g", 1000)} < 5 THEN 'cursor' ELSE 'claude-code' END,
           CASE WHEN ${rnd("'cur' || g", 1000)} < 5 THEN 'cursor' ELSE 'claude-code' END,
           ${rnd("'src' || g", 100)} >= 4, 2048,
           CASE WHEN finding THEN 1 ELSE 0 END, CASE WHEN finding THEN 'RESTRICTED' END::"Classification",
           CASE WHEN ${rnd("'tc' || g", 100)} < 10 THEN 1 ELSE 0 END
    FROM (SELECT g, u, CASE WHEN u % 100 = 0 THEN u + 1 ELSE u END AS k, finding -- every hundredth engineer borrows a colleague's key
          FROM (SELECT g, ${rnd("'user' || g", ENGINEERS)} AS u, ${rnd("'f' || g", 100)} < 5 AS finding FROM generate_series(0, ${EVENTS - 1}) g) y) x;`);
  await step("findings and tool calls", `
    INSERT INTO "Finding" ("eventId", type, detector, "detectorVersion", classification, location, start, "end", excerpt, fingerprint, confidence)
    SELECT id, 'aws_access_key', 'cloud-keys', '1', 'RESTRICTED', 'messages[0].content', 0, 20, 'AKIA************MPLE', md5(id::text), 'HIGH'
    FROM "AiEvent" WHERE "findingCount" > 0;
    INSERT INTO "ToolCall" ("eventId", server, tool, destination, "occurredAt")
    SELECT id, CASE WHEN id % 50 = 0 THEN 'slack' ELSE 'github' END, 'create_issue',
           CASE WHEN id % 200 = 0 THEN 'https://paste.example.com/x' ELSE 'https://api.github.com/repos' END, "occurredAt"
    FROM "AiEvent" WHERE "toolCallCount" > 0;`);
  await step("period", `INSERT INTO "AuditPeriod" (id, name, start, "end") VALUES ('fy', 'FY2026', '${START}', '${END}');`);
  await step("analyze", "ANALYZE");
}

async function main() {
  const name = `aisdlc_bench_matrix_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = dbUrl(name);
  let db: Db | null = null;
  try {
    await migrate(url);
    const gen = new pg.Client({ connectionString: url });
    gen.on("error", () => {}); // the drop below may end it; its query has reported the error already
    await gen.connect();
    try {
      await generate(gen);
    } finally {
      await gen.end();
    }
    db = createDb(url, { max: 4 });
    await syncCatalogue(db);

    console.log("\nbaselines (same database, same run)");
    const countEvents = await percentiles(5, () => db!.$queryRaw`SELECT count(*) FROM "AiEvent"`);
    console.log(`  SELECT count(*) FROM "AiEvent"       p50 ${ms(countEvents.p50)}  p95 ${ms(countEvents.p95)}`);
    const byId = await percentiles(RUNS, () => db!.$queryRaw`SELECT id, "occurredAt" FROM "AiEvent" WHERE id = ${BigInt(1 + Math.floor(Math.random() * EVENTS))}`);
    console.log(`  indexed SELECT by primary key          p50 ${ms(byId.p50)}  p95 ${ms(byId.p95)}`);

    console.log("\nevaluatePeriod (FY2026, all 15 tests)");
    const [first, tFirst] = await timed(() => evaluatePeriod(db!, "fy", { trigger: "bench" }));
    console.log(`  first evaluation (exceptions opened)   ${ms(tFirst)}`);
    const [, tSecond] = await timed(() => evaluatePeriod(db!, "fy", { trigger: "bench" }));
    console.log(`  second evaluation (steady state)       ${ms(tSecond)}`);
    if (process.env.BENCH_PER_TEST) {
      for (const id of TEST_IDS) console.log(`    ${id.padEnd(5)} alone ${ms((await timed(() => evaluatePeriod(db!, "fy", { only: [id], trigger: "bench" })))[1])}`);
    }
    if (first.status === "evaluated") {
      for (const t of first.tests) console.log(`    ${t.test.padEnd(5)} ${t.result.padEnd(15)} population ${String(t.populationSize).padStart(8)}  exceptions ${String(t.exceptionCount).padStart(6)}`);
    }
    const exceptions = await db.controlException.count();

    console.log(`\npage queries (${RUNS} runs after a warm-up; ${exceptions.toLocaleString()} exceptions in the store)`);
    const matrix = await percentiles(RUNS, () => controlMatrix(db!, "fy"));
    console.log(`  control matrix (controlMatrix)          p50 ${ms(matrix.p50)}  p95 ${ms(matrix.p95)}   goal p95 < 150 ms`);
    const popEvents = await percentiles(RUNS, () => populationOf(db!, "fy", "DC-3", { limit: 50 }));
    console.log(`  DC-3 population, first page (events)   p50 ${ms(popEvents.p50)}  p95 ${ms(popEvents.p95)}   goal p95 < 250 ms`);
    const popCommits = await percentiles(RUNS, () => populationOf(db!, "fy", "CM-3", { limit: 50 }));
    console.log(`  CM-3 population, first page (commits)  p50 ${ms(popCommits.p50)}  p95 ${ms(popCommits.p95)}   goal p95 < 250 ms`);
    const failed = await percentiles(RUNS, () => populationOf(db!, "fy", "DC-1", { limit: 50, filter: "failed" }));
    console.log(`  DC-1 failed items, first page          p50 ${ms(failed.p50)}  p95 ${ms(failed.p95)}`);
  } finally {
    await db?.$disconnect();
    if (process.env.BENCH_KEEP) console.log(`\nkept database ${url}`);
    else await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
