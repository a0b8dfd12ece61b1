// `npx tsx bench/export.ts` — the ZIP evidence package of a six-month period of a large
// organisation: time, MB/s and peak RSS, against a same-run baseline that zips the very same
// bytes with the same ZIP settings but without our generation (no queries, PDFs or CSVs).
//
// Generates the organisation with SQL in a fresh database on 127.0.0.1:5432 (default: 100,000
// production commits with pull requests and reviews, 2,500,000 gateway events with findings, i.e.
// six months of a 1,000-engineer organisation), evaluates the period with the control engine
// (not timed as part of the export), draws three samples, builds the package, verifies it, then
// drops the database. The export runs in its own process (its peak RSS is the export's), with a
// V8 heap limit of BENCH_HEAP_MB (default 384; 0 = Node's default, which lets garbage pile up to
// the machine's limit before collecting). Sizes: BENCH_COMMITS, BENCH_EVENTS; BENCH_VERBOSE=1
// prints each step. Goal: under 60 s and 500 MB.
import { spawn } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import JSZip from "jszip";
import pg from "pg";
import { createDb } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { replaceDatabase } from "../lib/db/test-database";
import { syncCatalogue } from "../lib/controls/sync-catalogue";
import { evaluatePeriod } from "../lib/controls/evaluate";
import { TEST_IDS } from "../lib/controls/catalogue";
import { drawSample } from "../lib/evidence/sampling";
import { buildEvidencePackage, ZIP_LEVEL } from "../lib/evidence/exports/package";
import { verifyPackage } from "../lib/evidence/exports/verify";

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const COMMITS = Number(process.env.BENCH_COMMITS ?? 100_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2_500_000);
const ENGINEERS = 1_000;
const REPOS = 50;
const KEYS = 300;
const START = "2026-01-01T00:00:00Z";
const END = "2026-07-01T00:00:00Z";
const DAYS = 181;
/** V8 heap limit of the export process (as a server or CLI would set with NODE_OPTIONS); 0 = Node's default. */
const HEAP_MB = Number(process.env.BENCH_HEAP_MB ?? 384);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, (performance.now() - t0) / 1000];
}

/** Deterministic pseudo-random integer in [0, n) from a seed expression. */
const rnd = (expr: string, n: number) => `(abs(hashtext(${expr})) % ${n})`;

async function generate(c: pg.Client) {
  const step = async (label: string, sql: string) => {
    const [, s] = await timed(() => c.query(sql));
    console.log(`  ${label.padEnd(28)} ${s.toFixed(1)} s`);
  };
  console.log(`generating ${COMMITS.toLocaleString("en")} production commits and ${EVENTS.toLocaleString("en")} gateway events over six months`);
  await step("people", `
    INSERT INTO "User" (id, email, name, role, "updatedAt") VALUES ('u-admin', 'lead@bench.test', 'Lead', 'ADMIN', now()), ('u-auditor', 'auditor@bench.test', 'Auditor', 'AUDITOR', now());
    INSERT INTO "Person" (id, "displayName", email) SELECT 'p' || i, 'Engineer ' || i, 'eng' || i || '@acme.test' FROM generate_series(0, ${ENGINEERS - 1}) i;
    INSERT INTO "PersonAlias" (id, "personId", kind, value, status)
      SELECT 'a' || k || i, 'p' || i, k::"AliasKind", CASE k WHEN 'GITHUB_LOGIN' THEN 'eng' || i ELSE 'eng' || i || '@acme.test' END, 'AUTO'
      FROM generate_series(0, ${ENGINEERS - 1}) i, unnest(ARRAY['GIT_EMAIL', 'GITHUB_LOGIN', 'PROXY_EMAIL']) k;`);
  await step("repositories", `INSERT INTO "Repository" (id, owner, name, "productionBranch") SELECT 'r' || r, 'acme', 'repo' || r, 'main' FROM generate_series(0, ${REPOS - 1}) r;`);
  await step("production commits", `
    INSERT INTO "Commit" (id, "repositoryId", sha, parents, "authorName", "authorEmail", "authoredAt", "committerName", "committerEmail",
                          "committedAt", subject, message, trailers, "aiMarkers", "changedPaths", "isProduction", "productionSeq", arrival, "pullNumber",
                          "aiAssisted", "aiTools", "aiModels", "memberShas")
    SELECT 'c' || g, 'r' || (g % ${REPOS}), md5('c' || g) || left(md5('x' || g), 8),
           CASE WHEN g >= ${REPOS} THEN ARRAY[md5('c' || (g - ${REPOS})) || left(md5('x' || (g - ${REPOS})), 8)] ELSE '{}' END,
           'Engineer ' || a, 'eng' || a || '@acme.test', t, 'GitHub', 'noreply@github.com', t,
           'change ' || g, 'change ' || g, '{"strict":[],"lenient":[]}',
           CASE WHEN ai THEN '[{"kind":"co-author","key":"Co-authored-by","value":"Claude <noreply@anthropic.com>","tool":"claude-code","model":null,"parsing":"strict","line":3}]' ELSE '[]' END::jsonb,
           ARRAY['src/module' || (g % 40) || '/file.ts'], true, g / ${REPOS},
           CASE WHEN ${rnd("'arr' || g", 100)} < 2 THEN 'DIRECT' ELSE 'SQUASH' END::"Arrival",
           CASE WHEN ${rnd("'arr' || g", 100)} < 2 THEN NULL ELSE g END,
           ai, CASE WHEN ai THEN ARRAY['claude-code'] ELSE '{}' END, '{}', '{}'
    FROM (SELECT g, ${rnd("'author' || g", ENGINEERS)} AS a, '${START}'::timestamptz + (g::float8 / ${COMMITS}) * interval '${DAYS} days' AS t,
                 ${rnd("'ai' || g", 100)} < 40 AS ai FROM generate_series(0, ${COMMITS - 1}) g) x;`);
  await step("pull requests", `
    INSERT INTO "PullRequest" (id, "repositoryId", number, title, body, "authorLogin", "authorType", state, "headSha", "mergedAt", "mergeCommitSha", "commitShas", source)
    SELECT 'pr' || c."pullNumber", c."repositoryId", c."pullNumber", c.subject, 'AI-assisted: ' || CASE WHEN c."aiAssisted" THEN 'yes' ELSE 'no' END,
           split_part(c."authorEmail", '@', 1), 'User', 'closed', md5('h' || c.id), c."committedAt", c.sha, '{}', 'github'
    FROM "Commit" c WHERE c."pullNumber" IS NOT NULL;`);
  await step("reviews", `
    INSERT INTO "Review" (id, "pullRequestId", "githubId", "reviewerLogin", "reviewerType", state, "commitSha", "submittedAt", source)
    SELECT 'rv' || pr.number, pr.id, pr.number,
           CASE WHEN ${rnd("'self' || pr.id", 100)} < 2 THEN pr."authorLogin" ELSE 'eng' || ((substr(pr."authorLogin", 4)::int + 1) % ${ENGINEERS}) END,
           'User', 'APPROVED', CASE WHEN ${rnd("'stale' || pr.id", 100)} < 3 THEN md5('old' || pr.id) ELSE pr."headSha" END,
           pr."mergedAt" - interval '1 hour', 'github'
    FROM "PullRequest" pr;`);
  await step("tools and identities", `
    INSERT INTO "AiTool" (id, key, vendor, product, registered, "contractType", "zeroDataRetention", "trainingOnInputs", "soc2ReportDate", "incidentContact", "firstSeenAt", "updatedAt")
    VALUES ('t1', 'claude-code', 'Anthropic', 'Claude Code', true, 'Enterprise', true, false, '2026-03-01', 'security@anthropic.test', '${START}', now()),
           ('t2', 'cursor', 'Anysphere', 'Cursor', false, NULL, NULL, NULL, NULL, NULL, '2026-03-01', now());
    INSERT INTO "AgentIdentity" (id, credential, alias, registered, "ownerPersonId", purpose, "allowedModels", "allowedMcpServers", "allowedTools", "updatedAt")
    SELECT 'i' || k, 'key' || k, 'agent-' || k, k % 50 <> 0, 'p' || k, 'coding agent', ARRAY['claude-*'], ARRAY['github'], ARRAY['github/*'], now()
    FROM generate_series(0, ${KEYS - 1}) k;`);
  await step("gateway events", `
    INSERT INTO "AiEvent" (source, "naturalKey", "occurredAt", status, "gatewayAction", "guardrailStatus", model, provider, "apiKeyHash", "apiKeyAlias",
                           "proxyUserId", "proxyUserEmail", tags, repository, "clientTool", "toolKey", "hasPayload", "payloadBytes", "findingCount", "maxClassification")
    SELECT 'litellm', 'ev' || g, '${START}'::timestamptz + (g::float8 / ${EVENTS}) * interval '${DAYS} days', 'success',
           CASE WHEN finding AND ${rnd("'blk' || g", 100)} < 90 THEN 'BLOCKED' ELSE 'PASSED' END::"GatewayAction",
           CASE WHEN finding AND ${rnd("'blk' || g", 100)} < 90 THEN 'guardrail_intervened' ELSE 'success' END,
           'claude-sonnet-4', 'anthropic', 'key' || (u % ${KEYS}), 'agent-' || (u % ${KEYS}), 'eng' || u, 'eng' || u || '@acme.test', '{}',
           CASE WHEN ${rnd("'repo' || g", 100)} < 70 THEN 'acme/repo' || ${rnd("'r' || g", REPOS)} END, 'claude-code', 'claude-code',
           ${rnd("'pl' || g", 100)} >= 4, 2048, CASE WHEN finding THEN 1 ELSE 0 END, CASE WHEN finding THEN 'RESTRICTED' END::"Classification"
    FROM (SELECT g, ${rnd("'user' || g", ENGINEERS)} AS u, ${rnd("'f' || g", 1000)} < 5 AS finding FROM generate_series(0, ${EVENTS - 1}) g) x;`);
  await step("findings", `
    INSERT INTO "Finding" ("eventId", type, detector, "detectorVersion", classification, location, start, "end", excerpt, fingerprint, confidence)
    SELECT id, 'aws_access_key', 'cloud-keys', '1', 'RESTRICTED', 'messages[0].content', 0, 20, 'AKIA************MPLE', md5(id::text), 'HIGH'
    FROM "AiEvent" WHERE "findingCount" > 0;`);
  await step("period", `
    INSERT INTO "AuditPeriod" (id, name, start, "end") VALUES ('h1', 'H1-2026', '${START}', '${END}');
    INSERT INTO "AuditorPeriodGrant" ("userId", "periodId") VALUES ('u-auditor', 'h1');`);
  await step("analyze", "ANALYZE");
}

/** The baseline: the same files, zipped with the same settings, from disk, with no generation. */
async function baseline(zipFile: string, dir: string): Promise<{ seconds: number; bytes: number }> {
  const src = await JSZip.loadAsync(await readFile(zipFile));
  const names: string[] = [];
  for (const f of Object.values(src.files)) {
    if (f.dir) continue;
    const out = path.join(dir, f.name);
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, await f.async("nodebuffer"));
    names.push(f.name);
  }
  const [bytes, seconds] = await timed(async () => {
    const zip = new JSZip();
    for (const n of names) zip.file(n, createReadStream(path.join(dir, n)), { compression: n.endsWith(".pdf") ? "STORE" : "DEFLATE", compressionOptions: { level: ZIP_LEVEL } });
    let total = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        total += chunk.length;
        cb(null, chunk);
      },
    });
    await pipeline(zip.generateNodeStream({ type: "nodebuffer", streamFiles: true }), count, createWriteStream(path.join(dir, "..", "baseline.zip")));
    return total;
  });
  return { seconds, bytes };
}

/** The measured run, in a fresh process: everything an auditor's click does, from the queries to the finished ZIP. */
async function exportOnly(url: string, zipFile: string) {
  const db = createDb(url, { max: 4 });
  let last = performance.now();
  const steps: Record<string, number> = {};
  const rss: Record<string, number> = {};
  const [pkg, seconds] = await timed(() =>
    buildEvidencePackage(db, zipFile, {
      periodId: "h1",
      audience: { by: { id: "u-auditor", email: "auditor@bench.test", role: "AUDITOR" }, includeInternal: false },
      onProgress: (step) => {
        const now = performance.now();
        steps[step] = +((now - last) / 1000).toFixed(2);
        rss[step] = Math.round(process.memoryUsage().rss / 1e6);
        last = now;
      },
    }),
  );
  await db.$disconnect();
  const contentBytes = pkg.manifest.files.reduce((s, f) => s + f.bytes, 0);
  process.stdout.write(JSON.stringify({ seconds, bytes: pkg.bytes, contentBytes, files: pkg.manifest.files.length + 3, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024), steps, rss }) + "\n");
}

function runChild(url: string, zipFile: string): Promise<{ seconds: number; bytes: number; contentBytes: number; files: number; maxRssMB: number; steps: Record<string, number>; rss: Record<string, number> }> {
  return new Promise((resolve, reject) => {
    const heap = HEAP_MB > 0 ? [`--max-old-space-size=${HEAP_MB}`] : [];
    const child = spawn(process.execPath, [...heap, ...process.execArgv, process.argv[1], "--export-only", url, zipFile], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(`export process exited with ${code}`))));
  });
}

async function main() {
  const name = `aisdlc_bench_export_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = replaceDatabase(ADMIN_URL, name);
  const tmp = await mkdtemp(path.join(os.tmpdir(), "bench-export-"));
  const db = createDb(url, { max: 4 });
  try {
    await migrate(url);
    await syncCatalogue(db);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await generate(c);
    await c.end();

    // the engine's evaluation gives the exceptions and results the package reports (not timed as the export)
    const [, evalSeconds] = await timed(async () => {
      for (const testId of TEST_IDS) {
        await evaluatePeriod(db, "h1", { trigger: "bench", only: [testId] }).catch((e: Error) => console.log(`  evaluation of ${testId} failed (package reports it as not evaluated): ${e.message.split("\n").filter(Boolean).pop()}`));
      }
    });
    console.log(`  ${"evaluate (engine, untimed)".padEnd(28)} ${evalSeconds.toFixed(1)} s`);
    for (const [testId, size, seed] of [["CM-1", 60, "bench-1"], ["CM-3", 25, "bench-3"], ["DC-1", 25, "bench-dc"]] as const) {
      await drawSample(db, { periodId: "h1", testId, size, seed, drawnById: "u-auditor" });
    }
    const exceptions = await db.controlException.count({ where: { periodId: "h1" } });

    // the measured run, in its own process so that its peak RSS is the export's (not the generator's)
    const zipFile = path.join(tmp, "package.zip");
    const run = await runChild(url, zipFile);
    const seconds = run.seconds;
    const contentBytes = run.contentBytes;
    if (process.env.BENCH_VERBOSE) for (const [k, v] of Object.entries(run.steps)) console.log(`    ${k.padEnd(24)} ${String(v).padStart(6)} s   rss ${run.rss[k]} MB`);

    const [verification, verifySeconds] = await timed(async () => verifyPackage(await readFile(zipFile)));
    const base = await baseline(zipFile, path.join(tmp, "unpacked"));

    const figures = {
      commits: COMMITS,
      events: EVENTS,
      exceptions,
      files: run.files,
      contentMB: +(contentBytes / 1e6).toFixed(1),
      zipMB: +(run.bytes / 1e6).toFixed(1),
      exportSeconds: +seconds.toFixed(1),
      exportContentMBPerSecond: +(contentBytes / 1e6 / seconds).toFixed(1),
      baselineZipSeconds: +base.seconds.toFixed(1),
      baselineContentMBPerSecond: +(contentBytes / 1e6 / base.seconds).toFixed(1),
      exportVsBaseline: +(seconds / base.seconds).toFixed(2),
      peakRssMB: run.maxRssMB,
      heapLimitMB: HEAP_MB || "node default",
      verifySeconds: +verifySeconds.toFixed(1),
      verified: verification.ok,
      goal: "export < 60 s, peak RSS < 500 MB",
      goalMet: seconds < 60 && run.maxRssMB < 500,
    };
    for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(28)} ${v}`);
    console.log(JSON.stringify({ bench: "export", ...figures }));
  } finally {
    await db.$disconnect();
    if (process.env.BENCH_KEEP) console.log(`kept the database: ${url} (drop it with DROP DATABASE "${name}")`);
    else await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    await rm(tmp, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
(args[0] === "--export-only" ? exportOnly(args[1], args[2]) : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
