// Guardrail endpoint latency and throughput on loopback, against a same-run baseline.
// The handler runs in-process behind a node:http server on a free port, with a fresh
// database; the load generator runs in a worker thread (its own event loop) with
// keep-alive connections. Phases: closed loop at concurrency 1 and 8 for 2 KB and 20 KB
// prompts (about 1 in 10 with a finding), an open loop at a fixed 200 requests/s with
// 20 KB prompts (latency measured from the scheduled send time, so queueing counts), and
// a few 200 KB prompts. The baseline is the same server answering {"action":"NONE"}
// after reading and parsing the body, without scanning or storing.
// Usage: npx tsx bench/guardrail.ts [--requests N] [--rate R] [--seconds S]
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import pg from "pg";
import { createApiToken } from "../lib/auth/api-tokens";
import { createDb } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { replaceDatabase } from "../lib/db/test-database";
import { handleGuardrailRequest, MAX_GUARDRAIL_BODY_BYTES } from "../lib/guardrail/handler";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "1000" },
    rate: { type: "string", default: "200" },
    seconds: { type: "string", default: "10" },
  },
});
const N = Number(values.requests);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const GUARDRAIL_PATH = "/api/guardrail/beta/litellm_basic_guardrail_api";
const BASELINE_PATH = "/baseline";

// ---------------------------------------------------------------- realistic prompts

const CODE = [
  "export async function chargeWithRetry(client: PaymentsClient, req: ChargeRequest, attempts = 3): Promise<Charge> {",
  "  for (let i = 0; i < attempts; i++) {",
  "    try {",
  "      return await client.charge(req);",
  "    } catch (e) {",
  "      if (!(e instanceof TransientError) || i === attempts - 1) throw e;",
  "      await sleep(2 ** i * 100 + Math.random() * 50);",
  "    }",
  "  }",
  "  throw new Error(\"unreachable\");",
  "}",
  "",
  "describe(\"invoice rounding\", () => {",
  "  it(\"rounds half to even\", () => expect(roundInvoice(10.125)).toBe(10.12));",
  "});",
  "SELECT o.id, o.total_cents, c.postal_code FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.created_at > now() - interval '7 days';",
  "ERROR: column \"amount\" cannot be cast automatically to type numeric (SQLSTATE 42804) at migrate.ts:118",
  "    at Object.<anonymous> (/srv/app/src/payments/charge.ts:42:17)",
];
const ASKS = [
  "Refactor the retry logic below so it uses exponential backoff with jitter and add tests.",
  "Why does this migration fail on Postgres 15? Propose a fix that keeps existing rows.",
  "Add pagination to the /api/orders endpoint, keep the response shape.",
  "Explain this stack trace and suggest where the null comes from.",
];
// fake values, each a finding (Luhn-valid card, valid-looking SSN, AWS key id, email)
const SENSITIVE = [
  "Customer says card 4556 7375 8689 9855 was charged twice, can you check the refund path?",
  "Employee SSN 536-22-8146 fails validation in the HR export.",
  "Use this key for the test: AKIAZ3MHALF7QDEMO7XQ and region us-east-1.",
  "Please email the report to jordan.lee@customer-mail.com when done.",
];

function prompt(bytes: number, i: number, sensitive: boolean): string {
  let out = `${ASKS[i % ASKS.length]}\n\n\`\`\`ts\n`;
  let j = i;
  while (out.length < bytes - 200) out += CODE[j++ % CODE.length] + "\n";
  out += "```\n";
  if (sensitive) out += SENSITIVE[i % SENSITIVE.length] + "\n";
  return out;
}

function litellmBody(bytes: number, i: number): string {
  const system = "You are a coding assistant working in the acme/payments-api repository.";
  const user = prompt(bytes, i, i % 10 === 3);
  return JSON.stringify({
    texts: [system, user],
    images: null,
    tools: [{ type: "function", function: { name: "read_file", description: "Read a file", parameters: { type: "object", properties: { path: { type: "string" } } } } }],
    tool_calls: null,
    structured_messages: [{ role: "system", content: system }, { role: "user", content: user }],
    request_data: { user_api_key_hash: "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b", user_api_key_alias: "alice-laptop", user_api_key_user_id: "alice" },
    input_type: "request",
    litellm_call_id: `bench-${bytes}-${i}-${Math.random().toString(36).slice(2)}`,
    litellm_trace_id: `trace-${i}`,
    additional_provider_specific_params: {},
  });
}

// ---------------------------------------------------------------- load generator (worker)

const CLIENT = `
const http = require("node:http");
const { parentPort, workerData } = require("node:worker_threads");
const { port, path, bodies, concurrency, count, rate, seconds, auth } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(concurrency, 64) });
const actions = {};
function send(body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method: "POST", agent,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: auth } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => {
        if (res.statusCode !== 200) return reject(new Error("HTTP " + res.statusCode + " " + text.slice(0, 200)));
        const a = JSON.parse(text).action;
        actions[a] = (actions[a] || 0) + 1;
        resolve();
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}
async function closed() {
  const lat = [];
  let next = 0;
  const t0 = performance.now();
  async function loop() {
    while (next < count) {
      const i = next++;
      const s = performance.now();
      await send(bodies[i % bodies.length]);
      lat.push(performance.now() - s);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { lat, seconds: (performance.now() - t0) / 1000 };
}
async function open() {
  const lat = [];
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const t0 = performance.now();
  const pending = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    // latency from the scheduled time: a late send counts as queueing
    pending.push(send(bodies[i % bodies.length]).then(() => lat.push(performance.now() - due)));
  }
  await Promise.all(pending);
  return { lat, seconds: (performance.now() - t0) / 1000 };
}
(rate ? open() : closed()).then((r) => { agent.destroy(); parentPort.postMessage({ ...r, actions }); }, (e) => { agent.destroy(); parentPort.postMessage({ error: String(e && e.stack || e) }); });
`;

interface PhaseResult {
  lat: number[];
  seconds: number;
  actions: Record<string, number>;
}

function runClient(data: { port: number; path: string; bodies: string[]; concurrency: number; count: number; rate?: number; seconds?: number; auth: string }): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(CLIENT, { eval: true, workerData: { rate: 0, seconds: 0, ...data } });
    w.once("message", (m: PhaseResult & { error?: string }) => {
      void w.terminate();
      if (m.error) reject(new Error(m.error));
      else resolve(m);
    });
    w.once("error", reject);
  });
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summarise(r: PhaseResult) {
  const s = [...r.lat].sort((a, b) => a - b);
  return {
    requests: s.length,
    rps: Math.round(s.length / r.seconds),
    p50: +pct(s, 50).toFixed(2),
    p95: +pct(s, 95).toFixed(2),
    p99: +pct(s, 99).toFixed(2),
    max: +s[s.length - 1]!.toFixed(2),
  };
}

// ---------------------------------------------------------------- server

async function readNodeBody(req: http.IncomingMessage, max: number): Promise<{ text: string; bytes: number; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const c of req) {
    bytes += (c as Buffer).length;
    if (bytes > max) return { text: "", bytes, tooLarge: true };
    chunks.push(c as Buffer);
  }
  return { text: Buffer.concat(chunks).toString("utf8"), bytes, tooLarge: false };
}

async function main() {
  const name = `aisdlc_bench_guardrail_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = replaceDatabase(ADMIN_URL, name);
  const db = createDb(url, { max: 8 });
  let server: http.Server | null = null;
  try {
    await migrate(url);
    const { token } = await createApiToken(db, "GUARDRAIL", "bench", null);
    const auth = `Bearer ${token}`;

    server = http.createServer((req, res) => {
      void (async () => {
        const body = await readNodeBody(req, MAX_GUARDRAIL_BODY_BYTES);
        if (req.url === BASELINE_PATH) {
          JSON.parse(body.text);
          res.writeHead(200, { "content-type": "application/json" });
          res.end('{"action":"NONE"}');
          return;
        }
        const r = await handleGuardrailRequest(db, {
          authorization: req.headers.authorization ?? null,
          apiKey: (req.headers["x-api-key"] as string | undefined) ?? null,
          bodyText: body.text,
          contentLength: body.tooLarge ? body.bytes : Number(req.headers["content-length"] ?? body.bytes),
        });
        res.writeHead(r.status, { "content-type": "application/json" });
        res.end(JSON.stringify(r.body));
      })().catch((e: unknown) => {
        res.writeHead(500);
        res.end(String(e));
      });
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;

    const corpus = (bytes: number, n = 200) => Array.from({ length: n }, (_, i) => litellmBody(bytes, i));
    const sizes = { "2KB": corpus(2_000), "20KB": corpus(20_000), "200KB": corpus(200_000, 20) };
    const rows: Record<string, unknown>[] = [];
    const phase = async (label: string, size: keyof typeof sizes, path: string, o: { concurrency: number; count: number; rate?: number; seconds?: number }) => {
      const r = await runClient({ port, path, bodies: sizes[size], auth, ...o });
      const row = { phase: label, size, endpoint: path === BASELINE_PATH ? "baseline" : "guardrail", concurrency: o.rate ? `${o.rate}/s` : o.concurrency, ...summarise(r), actions: JSON.stringify(r.actions) };
      rows.push(row);
      console.error(JSON.stringify(row));
    };

    // warm-up: JIT, connection pool, policy cache
    await runClient({ port, path: GUARDRAIL_PATH, bodies: sizes["20KB"], auth, concurrency: 4, count: 300 });
    await runClient({ port, path: BASELINE_PATH, bodies: sizes["20KB"], auth, concurrency: 4, count: 300 });

    for (const size of ["2KB", "20KB"] as const) {
      for (const concurrency of [1, 8]) {
        const count = concurrency === 1 ? Math.round(N / 2) : N;
        await phase("closed", size, BASELINE_PATH, { concurrency, count });
        await phase("closed", size, GUARDRAIL_PATH, { concurrency, count });
      }
    }
    await phase("open", "20KB", BASELINE_PATH, { concurrency: 0, count: 0, rate: RATE, seconds: SECONDS });
    await phase("open", "20KB", GUARDRAIL_PATH, { concurrency: 0, count: 0, rate: RATE, seconds: SECONDS });
    await phase("closed", "200KB", BASELINE_PATH, { concurrency: 1, count: 100 });
    await phase("closed", "200KB", GUARDRAIL_PATH, { concurrency: 1, count: 100 });

    const stored = await db.guardrailDecision.count();
    console.table(rows);
    const p99At200 = rows.find((r) => r.phase === "open" && r.endpoint === "guardrail")?.p99;
    console.log(JSON.stringify({ decisionsStored: stored, goal: `p99 < 20 ms for 20 KB at ${RATE}/s`, p99At200, met: typeof p99At200 === "number" && p99At200 < 20 }));
  } finally {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await db.$disconnect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
