// Gateway ingest throughput: events/s end to end (frame, parse, scan, write), peak RSS,
// against a same-run baseline (reading and JSON.parse of the same file, nothing else).
// Usage: npx tsx bench/ingest.ts [--events N]
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import pg from "pg";
import { createDb } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { replaceDatabase } from "../lib/db/test-database";
import { demoGatewayRecords } from "../lib/demo/seed-gateway";
import { ingestGatewayStream } from "../lib/ingest/gateway-ingest";

const { values } = parseArgs({ options: { events: { type: "string", default: "100000" } } });
const N = Number(values.events);
const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

async function writeCorpus(file: string) {
  const out = createWriteStream(file);
  let n = 0;
  const days = Math.max(1, Math.ceil(N / 2000));
  const start = new Date(Date.UTC(2026, 0, 1));
  for (const rec of demoGatewayRecords({ seed: 7, start, end: new Date(start.getTime() + days * 86_400_000), perDay: Math.ceil((N / days) * 1.1) })) {
    if (n++ >= N) break;
    if (!out.write(JSON.stringify(rec) + "\n")) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((r) => out.end(r));
  return n;
}

async function baseline(file: string) {
  const t0 = performance.now();
  let n = 0;
  for await (const line of readline.createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line) {
      JSON.parse(line);
      n++;
    }
  }
  return { events: n, seconds: (performance.now() - t0) / 1000 };
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-ingest-"));
  const file = path.join(dir, "litellm.jsonl");
  const count = await writeCorpus(file);
  const bytes = (await stat(file)).size;
  const name = `aisdlc_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = replaceDatabase(ADMIN_URL, name);
  await migrate(url);
  const db = createDb(url, { max: 4 });
  try {
    const base = await baseline(file);
    peakRss = process.memoryUsage().rss;
    const t0 = performance.now();
    const r = await ingestGatewayStream(db, "litellm", "bench.jsonl", createReadStream(file));
    const seconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const again = await ingestGatewayStream(db, "litellm", "bench.jsonl", createReadStream(file));
    const reSeconds = (performance.now() - t1) / 1000;
    const figures = {
      events: count,
      megabytes: +(bytes / 1e6).toFixed(1),
      stored: r.stored,
      findings: r.findings,
      ingestEventsPerSecond: Math.round(count / seconds),
      ingestMBPerSecond: +(bytes / 1e6 / seconds).toFixed(1),
      reingestEventsPerSecond: Math.round(count / reSeconds),
      reingestStored: again.stored,
      baselineParseEventsPerSecond: Math.round(base.events / base.seconds),
      ingestVsBaseline: +((count / seconds) / (base.events / base.seconds)).toFixed(3),
      projectedSecondsFor1M: Math.round((1_000_000 / count) * seconds),
      peakRssMB: Math.round(peakRss / 1e6),
    };
    for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(30)} ${v}`);
    console.log(JSON.stringify({ bench: "ingest", ...figures }));
  } finally {
    clearInterval(sampler);
    await db.$disconnect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
