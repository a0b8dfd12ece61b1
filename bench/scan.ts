/**
 * Throughput benchmark of the detector library.
 *
 *   npx tsx bench/scan.ts [--mb 50] [--rounds 3] [--seed 1]
 *
 * Builds a deterministic in-memory corpus (source code, English prose and JSON
 * tool results, with sensitive values planted at a known rate), then measures
 * scanText() throughput, per-document latency and peak RSS, and, in the same run,
 * a baseline single-regex pass (/\d{4}/g counting) over the same documents, so
 * that figures can be compared across machines (ratio to baseline).
 * The last line of output is a JSON object with all figures.
 */
import { scanText } from "../lib/scan/index";
import type { ScanOptions } from "../lib/scan/types";

/* ------------------------------------------------------------------ args */

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return dflt;
  const v = Number(process.argv[i + 1]);
  return Number.isFinite(v) && v > 0 ? v : dflt;
}
const TARGET_MB = arg("mb", 50);
const ROUNDS = Math.max(1, Math.floor(arg("rounds", 3)));
const SEED = Math.floor(arg("seed", 1));
/** probability that a document gets a planted sensitive value */
const PLANT_RATE = 0.05;

/* ------------------------------------------------------------------ deterministic random */

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(SEED);
const int = (n: number): number => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
const B62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";
const randStr = (alphabet: string, n: number): string => {
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[int(alphabet.length)];
  return s;
};
const digits = (n: number): string => randStr("0123456789", n);

/* ------------------------------------------------------------------ background text */

const WORDS = (
  "the of and to in is that for it as with was on be by this are from at or an have not which but all they their has were " +
  "been one more will would there what about can when who if its also other into some than then them these may only any after " +
  "most over such new where first well use how each because through time those both very many being state same under out while " +
  "should between two against during without before work system data model agent review change commit branch merge request " +
  "prompt function return value error result build deploy service config cache query index schema table column migration test " +
  "coverage latency throughput memory thread process handler router component render props state hook effect module package " +
  "dependency version release pipeline runner artifact container cluster node pod secret policy control evidence auditor period"
).split(" ");

function sentence(): string {
  const n = 6 + int(18);
  const w: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.03) w.push(String(int(2000)));
    else if (r < 0.04) w.push(`${1990 + int(35)}`);
    else if (r < 0.045) w.push(`v${int(5)}.${int(20)}.${int(30)}`);
    else if (r < 0.05) w.push(`${int(100)}%`);
    else if (r < 0.053) w.push(`https://docs.example.org/${pick(WORDS)}/${pick(WORDS)}`);
    else w.push(pick(WORDS));
  }
  const s = w.join(" ");
  return s.charAt(0).toUpperCase() + s.slice(1) + pick([".", ".", ".", "?", "!", ":"]);
}

function prose(): string {
  const paras = 1 + int(10);
  const out: string[] = [];
  for (let p = 0; p < paras; p++) {
    const n = 2 + int(7);
    const ss: string[] = [];
    for (let i = 0; i < n; i++) ss.push(sentence());
    out.push(ss.join(" "));
  }
  return out.join("\n\n");
}

const ident = (): string => pick(WORDS) + pick(["", "", "Id", "Count", "Name", "List", "Map", "_v2", "Handler", "Config"]);

const CODE_TEMPLATES: ReadonlyArray<() => string> = [
  () =>
    `export async function ${ident()}(req: Request, res: Response): Promise<void> {\n` +
    `  const { id, limit = ${int(500)} } = req.query as Record<string, string>;\n` +
    `  const token = req.headers.get("authorization")?.replace("Bearer ", "");\n` +
    `  if (!token) { res.status(401).json({ error: "missing token" }); return; }\n` +
    `  const rows = await db.query("SELECT * FROM ${pick(WORDS)} WHERE id = $1 LIMIT $2", [id, Number(limit)]);\n` +
    `  for (let i = 0; i < rows.length; i++) rows[i].createdAt = new Date(rows[i].created_at * 1000).toISOString();\n` +
    `  res.json({ rows, took: ${int(900)} });\n}\n`,
  () =>
    `def ${ident()}(values, threshold=0.${int(99)}):\n` +
    `    total = 0\n    api_key = os.environ["API_KEY"]\n` +
    `    for idx, v in enumerate(values):\n        if v > threshold * ${int(1000)}:\n            total += v ** 2\n` +
    `        elif idx % ${2 + int(7)} == 0:\n            total -= 1\n` +
    `    return {"total": total, "count": len(values), "version": "${int(4)}.${int(30)}.${int(9)}"}\n`,
  () =>
    `import React, { useState } from "react";\n` +
    `const ${ident()} = ({ label, onClick }: Props) => {\n  const [count, setCount] = useState(${int(10)});\n` +
    `  return <button className="px-${int(8)} py-${int(4)} rounded-md" onClick={() => { setCount(count + 1); onClick?.(); }}>{label} ({count})</button>;\n};\n`,
  () =>
    `fn main() -> Result<(), Box<dyn std::error::Error>> {\n    let args: Vec<String> = std::env::args().collect();\n` +
    `    let n: usize = args.get(1).map(|s| s.parse().unwrap_or(${int(100)})).unwrap_or(${int(100)});\n` +
    `    println!("{}", (0..n).map(|x| x * x).sum::<usize>());\n    Ok(())\n}\n`,
  () =>
    `func (s *Server) ${ident()}(ctx context.Context, in *pb.Request) (*pb.Response, error) {\n` +
    `\tpassword := s.cfg.Database.Password\n\tconn, err := sql.Open("postgres", s.cfg.DSN)\n` +
    `\tif err != nil {\n\t\treturn nil, fmt.Errorf("open: %w", err)\n\t}\n\tdefer conn.Close()\n` +
    `\ttimeout := ${int(60)} * time.Second\n\treturn &pb.Response{Id: in.Id, Code: ${int(600)}}, nil\n}\n`,
  () =>
    `SELECT u.id, u.${pick(WORDS)}, count(*) AS n\nFROM users u JOIN events e ON e.user_id = u.id\n` +
    `WHERE e.created_at >= '2024-${1 + int(12)}-${1 + int(28)}' AND e.kind IN (${int(9)}, ${int(9)})\nGROUP BY 1, 2 ORDER BY n DESC LIMIT ${int(100)};\n`,
  () =>
    `services:\n  ${pick(WORDS)}:\n    image: ghcr.io/acme/${pick(WORDS)}:${int(5)}.${int(20)}.${int(10)}\n    ports:\n      - "${3000 + int(6000)}:${3000 + int(6000)}"\n` +
    `    environment:\n      - NODE_ENV=production\n      - DATABASE_URL=\${DATABASE_URL}\n      - SECRET_KEY=\${SECRET_KEY}\n    healthcheck:\n      interval: ${int(60)}s\n`,
  () =>
    `  it("${sentence().slice(0, 40)}", async () => {\n    const res = await request(app).get("/api/${pick(WORDS)}/${int(1000)}");\n` +
    `    expect(res.status).toBe(${pick([200, 201, 404, 400])});\n    expect(res.body.items).toHaveLength(${int(20)});\n  });\n`,
];

function code(): string {
  const n = 1 + int(12);
  let s = "";
  for (let i = 0; i < n; i++) s += pick(CODE_TEMPLATES)() + "\n";
  return s;
}

function uuid(): string {
  return `${randStr(HEX, 8)}-${randStr(HEX, 4)}-4${randStr(HEX, 3)}-a${randStr(HEX, 3)}-${randStr(HEX, 12)}`;
}

function toolResult(): string {
  const kind = int(4);
  let content: string;
  if (kind === 0) {
    const lines: string[] = ["total " + int(200)];
    for (let i = 0; i < 5 + int(60); i++) {
      lines.push(`-rw-r--r--  1 dev staff ${String(int(90000)).padStart(6)} Mar ${1 + int(28)} ${pad(int(24))}:${pad(int(60))} ${pick(WORDS)}.${pick(["ts", "json", "md", "py"])}`);
    }
    content = lines.join("\n");
  } else if (kind === 1) {
    const lines: string[] = [];
    for (let i = 0; i < 3 + int(20); i++) {
      lines.push(`commit ${randStr(HEX, 40)}\nAuthor: Dev ${pick(WORDS)} <dev-${int(50)}@users.noreply.github.com>\nDate:   Tue Mar ${1 + int(28)} ${pad(int(24))}:${pad(int(60))}:${pad(int(60))} 2025 +0100\n\n    ${sentence()}\n`);
    }
    content = lines.join("\n");
  } else if (kind === 2) {
    content = `Error: ${sentence()}\n` + Array.from({ length: 4 + int(10) }, () => `    at ${ident()} (/app/src/${pick(WORDS)}/${pick(WORDS)}.ts:${1 + int(400)}:${1 + int(80)})`).join("\n");
  } else {
    content = JSON.stringify({
      items: Array.from({ length: 2 + int(30) }, () => ({ id: uuid(), name: pick(WORDS), count: int(100000), ratio: rnd(), updated: 1_700_000_000 + int(50_000_000), tags: [pick(WORDS), pick(WORDS)] })),
      next: int(3) === 0 ? null : randStr(B62, 24),
    });
  }
  return JSON.stringify({
    type: "tool_result",
    tool_use_id: `toolu_01${randStr(B62, 22)}`,
    content: [{ type: "text", text: content }],
    usage: { input_tokens: int(50_000), output_tokens: int(4000), cache_read_input_tokens: int(20_000) },
    model: pick(["claude-sonnet-4-5-20250929", "gpt-4.1-2025-04-14", "gemini-2.5-pro"]),
    created: 1_700_000_000 + int(50_000_000),
  });
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/* ------------------------------------------------------------------ planted sensitive values */

function luhnComplete(prefix: string, len: number): string {
  let s = prefix + digits(len - prefix.length - 1);
  for (let d = 0; d <= 9; d++) {
    const c = s + d;
    let sum = 0;
    let dbl = false;
    for (let i = c.length - 1; i >= 0; i--) {
      let x = c.charCodeAt(i) - 48;
      if (dbl) {
        x *= 2;
        if (x > 9) x -= 9;
      }
      sum += x;
      dbl = !dbl;
    }
    if (sum % 10 === 0) return c;
  }
  return s + "0";
}

function ssn(): string {
  const area = 1 + int(664);
  return `${String(area).padStart(3, "0")}-${String(1 + int(98)).padStart(2, "0")}-${String(1 + int(9998)).padStart(4, "0")}`;
}

function npi(): string {
  for (;;) {
    const base = `1${digits(8)}`;
    for (let d = 0; d <= 9; d++) {
      const c = `80840${base}${d}`;
      let sum = 0;
      let dbl = false;
      for (let i = c.length - 1; i >= 0; i--) {
        let x = c.charCodeAt(i) - 48;
        if (dbl) {
          x *= 2;
          if (x > 9) x -= 9;
        }
        sum += x;
        dbl = !dbl;
      }
      if (sum % 10 === 0) return `${base}${d}`;
    }
  }
}

interface Plant {
  type: string;
  /** text around the value; the value is at [pre.length, pre.length + value.length) */
  pre: string;
  value: string;
  post: string;
}

const PLANTS: ReadonlyArray<() => Plant> = [
  () => ({ type: "credit_card", pre: "Customer card: ", value: luhnComplete("4", 16).replace(/(\d{4})(?=\d)/g, "$1 "), post: " exp 09/28" }),
  () => ({ type: "credit_card", pre: "pan=", value: pick(["4111111111111111", "5555555555554444", "378282246310005"]), post: "&amount=100" }),
  () => ({ type: "us_ssn", pre: "SSN ", value: ssn(), post: " on file" }),
  () => ({ type: "email", pre: "Contact ", value: `${pick(WORDS)}.${pick(WORDS)}${int(99)}@${pick(["gmail.com", "acme-corp.io", "hospital.org"])}`, post: " for access" }),
  () => ({ type: "phone", pre: "Call me at ", value: `(${2 + int(7)}${digits(2)}) ${2 + int(7)}${digits(2)}-${digits(4)}`, post: " tomorrow" }),
  () => ({ type: "aws_access_key", pre: "aws_access_key_id = ", value: `AKIA${randStr("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`, post: "\n" }),
  () => ({ type: "github_token", pre: 'GITHUB_TOKEN="', value: `ghp_${randStr(B62, 36)}`, post: '"' }),
  () => ({ type: "openai_key", pre: "client = OpenAI(api_key='", value: `sk-proj-${randStr(B62, 40)}T3BlbkFJ${randStr(B62, 20)}`, post: "')" }),
  () => ({ type: "jwt", pre: "Authorization: Bearer ", value: `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${Buffer.from(JSON.stringify({ sub: uuid(), iat: 1_700_000_000 })).toString("base64url")}.${randStr(B62, 43)}`, post: "\n" }),
  () => ({ type: "connection_string_password", pre: 'DATABASE_URL="', value: `postgres://app:${randStr(B62, 18)}@db-${int(9)}.prod.acme.net:5432/app`, post: '"' }),
  () => ({ type: "env_secret", pre: "\nSESSION_SECRET=", value: randStr(B62 + "!#%", 32), post: "\n" }),
  () => ({ type: "generic_secret", pre: '{"password": "', value: `${randStr(B62, 12)}!${int(100)}`, post: '"}' }),
  () => ({ type: "iban", pre: "IBAN: ", value: "GB82 WEST 1234 5698 7654 32", post: "." }),
  () => ({ type: "medical_record_number", pre: "Patient MRN: ", value: digits(8).replace(/^0/, "4"), post: ", admitted" }),
  () => ({ type: "npi", pre: "Attending NPI ", value: npi(), post: "." }),
  () => ({ type: "dob_with_zip", pre: "DOB: ", value: `0${1 + int(9)}/1${int(9)}/19${50 + int(49)}, ZIP ${digits(5).replace(/^0/, "9")}`, post: "." }),
  () => ({
    type: "private_key",
    pre: "key file:\n",
    value: `-----BEGIN OPENSSH PRIVATE KEY-----\n${Array.from({ length: 6 }, () => randStr(B62 + "+/", 70)).join("\n")}\n-----END OPENSSH PRIVATE KEY-----`,
    post: "\n",
  }),
];

/* ------------------------------------------------------------------ corpus */

interface Doc {
  text: string;
  plant?: { type: string; start: number; end: number };
}

function buildCorpus(targetBytes: number): { docs: Doc[]; bytes: number; planted: Record<string, number> } {
  const docs: Doc[] = [];
  const planted: Record<string, number> = {};
  let bytes = 0;
  while (bytes < targetBytes) {
    const r = rnd();
    let text = r < 0.35 ? prose() : r < 0.7 ? code() : toolResult();
    let plant: Doc["plant"];
    if (rnd() < PLANT_RATE) {
      const p = pick(PLANTS)();
      const at = text.lastIndexOf("\n", int(text.length)) + 1;
      const start = at + p.pre.length;
      text = text.slice(0, at) + p.pre + p.value + p.post + (at < text.length ? "\n" : "") + text.slice(at);
      plant = { type: p.type, start, end: start + p.value.length };
      planted[p.type] = (planted[p.type] ?? 0) + 1;
    }
    docs.push({ text, plant });
    bytes += Buffer.byteLength(text, "utf8");
  }
  return { docs, bytes, planted };
}

/* ------------------------------------------------------------------ measurement */

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

function main(): void {
  const options: ScanOptions = {
    fingerprintKey: "bench-key",
    internalHostPatterns: ["*.corp.example.com", "build-*.internal", "*.prod.acme.net"],
  };
  const t0 = performance.now();
  const { docs, bytes, planted } = buildCorpus(TARGET_MB * 1e6);
  const genMs = performance.now() - t0;
  const mb = bytes / 1e6;
  console.log(`corpus: ${docs.length} documents, ${mb.toFixed(1)} MB (generated in ${(genMs / 1000).toFixed(1)} s), planted ${Object.values(planted).reduce((a, b) => a + b, 0)} values`);

  let peakRss = process.memoryUsage.rss();
  const sampleRss = () => {
    const r = process.memoryUsage.rss();
    if (r > peakRss) peakRss = r;
  };

  // baseline: one plain regex pass over the same documents, measured again before every
  // scan round (the ratio of the two, taken round by round, is what compares across machines)
  const baselineRe = /\d{4}/g;
  let baselineCount = 0;
  const baselinePass = (): { wallMBs: number; cpuMBs: number } => {
    const s0 = performance.now();
    const c0 = process.cpuUsage();
    let c = 0;
    for (let i = 0; i < docs.length; i++) {
      baselineRe.lastIndex = 0;
      const t = docs[i].text;
      while (baselineRe.exec(t) !== null) c++;
    }
    const cpu = process.cpuUsage(c0);
    baselineCount = c;
    return { wallMBs: mb / ((performance.now() - s0) / 1000), cpuMBs: mb / ((cpu.user + cpu.system) / 1e6) };
  };
  baselinePass(); // warm-up

  // warm-up (JIT and regular-expression tier-up), not measured
  {
    let warm = 0;
    for (let i = 0; i < docs.length && warm < 2e6; i++) {
      scanText(docs[i].text, options);
      warm += docs[i].text.length;
    }
  }

  // scanText
  const latencies = new Float64Array(docs.length);
  const roundMBs: number[] = [];
  const roundCpuMBs: number[] = [];
  let findings = 0;
  let testData = 0;
  const foundPlanted: Record<string, number> = {};
  const byType: Record<string, number> = {};
  const baselineMBs: number[] = [];
  const baselineCpuMBs: number[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const last = round === ROUNDS - 1;
    const base = baselinePass();
    baselineMBs.push(base.wallMBs);
    baselineCpuMBs.push(base.cpuMBs);
    const s = performance.now();
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i];
      const ts = performance.now();
      const f = scanText(d.text, options);
      latencies[i] = (performance.now() - ts) * 1000;
      if ((i & 255) === 0) sampleRss();
      if (last) {
        findings += f.length;
        for (const x of f) {
          byType[x.type] = (byType[x.type] ?? 0) + 1;
          if (x.testData) testData++;
        }
        if (d.plant) {
          const p = d.plant;
          if (f.some((x) => x.type === p.type && x.start < p.end && x.end > p.start)) foundPlanted[p.type] = (foundPlanted[p.type] ?? 0) + 1;
        }
      }
    }
    const ms = performance.now() - s;
    const cpu = process.cpuUsage(cpu0);
    roundMBs.push(mb / (ms / 1000));
    roundCpuMBs.push(mb / ((cpu.user + cpu.system) / 1e6));
    ratios.push(roundMBs[round] / base.wallMBs);
    cpuRatios.push(roundCpuMBs[round] / base.cpuMBs);
    console.log(
      `round ${round + 1}: scanText ${roundMBs[round].toFixed(1)} MB/s wall (${(ms / 1000).toFixed(2)} s), ${roundCpuMBs[round].toFixed(1)} MB per CPU second; ` +
        `baseline /\\d{4}/g ${base.wallMBs.toFixed(0)} MB/s (${baselineCount} matches), ratio ${ratios[round].toFixed(3)} (CPU ${cpuRatios[round].toFixed(3)})`,
    );
    sampleRss();
  }
  const sorted = Float64Array.from(latencies).sort();
  const best = Math.max(...roundMBs);
  const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const median = med(roundMBs);
  const cpuMedian = med(roundCpuMBs);
  const baselineMedian = med(baselineMBs);
  const ratio = med(ratios);
  const cpuRatio = med(cpuRatios);
  const plantedTotal = Object.values(planted).reduce((a, b) => a + b, 0);
  const foundTotal = Object.values(foundPlanted).reduce((a, b) => a + b, 0);
  const recall: Record<string, string> = {};
  for (const t of Object.keys(planted).sort()) recall[t] = `${foundPlanted[t] ?? 0}/${planted[t]}`;
  const missed = Object.keys(planted).filter((t) => (foundPlanted[t] ?? 0) < planted[t]);

  console.log(
    `scanText: best ${best.toFixed(1)} MB/s, median ${median.toFixed(1)} MB/s wall, ${cpuMedian.toFixed(1)} MB per CPU second; ` +
      `baseline median ${baselineMedian.toFixed(0)} MB/s; scanText / baseline = ${ratio.toFixed(3)} (wall), ${cpuRatio.toFixed(3)} (CPU)`,
  );
  console.log(`latency per document (last round, µs): p50 ${percentile(sorted, 50).toFixed(1)}  p95 ${percentile(sorted, 95).toFixed(1)}  p99 ${percentile(sorted, 99).toFixed(1)}  max ${sorted[sorted.length - 1].toFixed(1)}`);
  console.log(`peak RSS ${(peakRss / 1048576).toFixed(0)} MB`);
  console.log(`findings: ${findings} (${testData} test data), planted recall ${foundTotal}/${plantedTotal}${missed.length ? ` (missed in: ${missed.join(", ")})` : ""}`);
  console.log(`findings by type: ${JSON.stringify(byType)}`);
  console.log(
    JSON.stringify({
      bench: "scan",
      node: process.version,
      corpusMB: Number(mb.toFixed(2)),
      documents: docs.length,
      rounds: ROUNDS,
      mbPerSec: Number(median.toFixed(1)),
      mbPerSecBest: Number(best.toFixed(1)),
      mbPerCpuSec: Number(cpuMedian.toFixed(1)),
      baselineMbPerSec: Number(baselineMedian.toFixed(1)),
      baselineMbPerCpuSec: Number(med(baselineCpuMBs).toFixed(1)),
      ratioToBaseline: Number(ratio.toFixed(4)),
      ratioToBaselineCpu: Number(cpuRatio.toFixed(4)),
      latencyUs: { p50: Number(percentile(sorted, 50).toFixed(1)), p95: Number(percentile(sorted, 95).toFixed(1)), p99: Number(percentile(sorted, 99).toFixed(1)) },
      peakRssMB: Math.round(peakRss / 1048576),
      findings,
      findingsPerMB: Number((findings / mb).toFixed(1)),
      planted: plantedTotal,
      plantedFound: foundTotal,
      recall,
    }),
  );
}

main();
