// The ZIP evidence package of a period: PDFs, CSVs, the redacted JSON of every referenced record,
// the settings in force, an index.html mapping control → test → files, manifest.json with every
// evidence file's SHA-256 and size, the control-matrix PDF whose cover carries the manifest's
// SHA-256, and SHA256SUMS over everything (so `sha256sum -c SHA256SUMS` works unpacked).
//
// Files are staged on disk one at a time while hashed (bounded memory), then zipped as streams.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import JSZip from "jszip";
import type { Db } from "../../db/client";
import { loadPopulation, type PopulationSource } from "../population";
import { itemRecords, parseCommitKey, parseEventKey } from "../review-records";
import { safeFileName } from "../csv";
import {
  GENERATOR,
  auditorSafe,
  exceptionBatches,
  periodOverview,
  periodRef,
  settingsInForce,
  type Audience,
  type ControlOverview,
  type PeriodRef,
} from "./evidence";
import { COVER, MANIFEST, PACKAGE_FORMAT, SUMS, ZIP_LEVEL, type Manifest, type ManifestFile } from "./manifest";
import {
  HashingWriter,
  buildControlPdf,
  buildMatrixPdf,
  samplesWithRecords,
  writeExceptionsCsv,
  writeMatrixCsv,
  writePopulationCsv,
  writeSampleCsv,
  writeSamplesIndexCsv,
  type WrittenFile,
} from "./files";

export { COVER, MANIFEST, PACKAGE_FORMAT, SUMS, ZIP_LEVEL, type Manifest, type ManifestFile };

export interface PackageResult {
  filename: string;
  sha256: string;
  bytes: number;
  manifestSha256: string;
  manifest: Manifest;
}

/** Keys per item-record query. */
const RECORD_BATCH = 2000;

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/**
 * Files produced at once: the database works on one population while Node formats another and
 * JSZip deflates a third. One when the pool has a single connection (the embedded database).
 */
function defaultConcurrency(): number {
  return Number(process.env.DATABASE_POOL_MAX ?? 10) >= 4 ? 3 : 1;
}

export interface PackageOptions {
  periodId: string;
  audience: Audience;
  now?: Date;
  population?: PopulationSource;
  onProgress?: (step: string, done: number, total: number) => void;
  /** files produced at once (default 3; 1 on a single-connection pool) */
  concurrency?: number;
}

export function packageFileName(period: { name: string }, at: Date): string {
  return `evidence-${safeFileName(period.name)}-${at.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z.zip`;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function indexHtml(manifest: Omit<Manifest, "files">, files: ManifestFile[]): string {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const link = (p: string) => {
    const f = byPath.get(p);
    return `<a href="${esc(p)}">${esc(p)}</a>${f ? ` <code title="SHA-256">${f.sha256.slice(0, 16)}…</code>` : ""}`;
  };
  const rows = manifest.controls.flatMap((c) =>
    c.tests.map((t, i) => `<tr>${i === 0 ? `<td rowspan="${c.tests.length}"><b>${esc(c.id)}</b><br>${esc(c.title)}</td>` : ""}<td>${esc(t.id)} ${esc(t.title)}</td><td>${esc(t.result)}</td><td>${t.files.map(link).join("<br>")}</td></tr>`),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Evidence package ${esc(manifest.period.name)}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#000}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top}code{font-size:12px}</style></head>
<body>
<h1>SOC 2 evidence package: ${esc(manifest.period.name)}</h1>
<p>Period ${esc(manifest.period.start.slice(0, 10))} to ${esc(manifest.period.end.slice(0, 10))} (end exclusive), ${esc(manifest.period.state.toLowerCase())}.
Generated ${esc(manifest.createdAt)} by ${esc(manifest.createdBy.email)} (${esc(manifest.createdBy.role.toLowerCase())}) with ${esc(manifest.generator)}.</p>
<p>Start with <a href="${COVER}">${COVER}</a>. Every evidence file is listed with its SHA-256 and size in <a href="${MANIFEST}">${MANIFEST}</a>;
the manifest's own SHA-256 is printed on the cover of ${COVER}; <code>${SUMS}</code> covers every file (check it with <code>sha256sum -c ${SUMS}</code>,
or the whole package with <code>npm run cli -- verify PACKAGE.zip</code>).${manifest.includesInternalNotes ? " This package includes internal notes: it is not for an auditor." : " Internal notes are not included."}</p>
<h2>Control → test → files</h2>
<table><thead><tr><th>Control</th><th>Test</th><th>Result</th><th>Files</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table>
<h2>All files</h2>
<table><thead><tr><th>File</th><th>Bytes</th><th>SHA-256</th></tr></thead><tbody>
${files.map((f) => `<tr><td><a href="${esc(f.path)}">${esc(f.path)}</a></td><td>${f.bytes}</td><td><code>${f.sha256}</code></td></tr>`).join("\n")}
</tbody></table>
</body></html>
`;
}

/** JSON array written item by item. */
class JsonArrayWriter {
  private first = true;
  constructor(private w: HashingWriter) {}
  async start() {
    await this.w.write("[\n");
  }
  async item(v: unknown) {
    await this.w.write((this.first ? "" : ",\n") + JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x)));
    this.first = false;
  }
  async end() {
    await this.w.write("\n]\n");
  }
}

/**
 * Builds the package of a period into `outPath`. The caller records the export
 * (recordExport) and the access (logAccess); this only reads.
 */
export async function buildEvidencePackage(db: Db, outPath: string, opts: PackageOptions): Promise<PackageResult> {
  const audience = auditorSafe(opts.audience);
  const now = opts.now ?? new Date();
  const population = opts.population ?? loadPopulation;
  const progress = opts.onProgress ?? (() => {});
  const period: PeriodRef | null = await periodRef(db, opts.periodId);
  if (!period) throw new Error("unknown audit period");

  const stage = await mkdtemp(path.join(os.tmpdir(), "evidence-pkg-"));
  const passes: PassThrough[] = [];
  try {
    const controls: ControlOverview[] = await periodOverview(db, period.id, now);
    const tests = controls.flatMap((c) => c.tests);
    const samples = await samplesWithRecords(db, { periodId: period.id });
    const settings = await settingsInForce(db);
    const evaluationSettings = Object.fromEntries(tests.filter((t) => t.evaluation).map((t) => [t.id, t.evaluation!.settings]));

    // every evidence file is a task with a rough cost (rows to read); the costliest start first
    const exceptionTotal = tests.reduce((n, t) => n + t.exceptions.open + t.exceptions.dispositioned + t.exceptions.cleared, 0);
    type Task = { path: string; label: string; cost?: number; fill: (w: HashingWriter) => Promise<unknown> };
    const unordered: Task[] = [
      ...tests.map((t) => ({ path: `populations/${t.id}.csv`, label: `population ${t.id}`, cost: t.evaluation?.populationSize ?? 0, fill: (w: HashingWriter) => writePopulationCsv(db, period.id, t.id, w, population) })),
      { path: "control-matrix.csv", label: "matrix", fill: (w) => writeMatrixCsv(controls, w) },
      { path: "exceptions.csv", label: "exceptions", fill: (w) => writeExceptionsCsv(db, period.id, audience, w) },
      { path: "samples/index.csv", label: "samples", fill: (w) => writeSamplesIndexCsv(samples, w) },
      ...samples.map((sm) => ({ path: `samples/${sm.testId}-${sm.id}.csv`, label: `sample ${sm.id}`, fill: (w: HashingWriter) => writeSampleCsv(sm, w) })),
      // the redacted JSON of every record referenced: exceptions (with their dispositions) and the
      // commits / events behind exceptions and sample items — masked excerpts only, never payloads
      {
        path: "records/exceptions.json",
        label: "exception records",
        // a record carries its dispositions and comments: several rows' worth each
        cost: exceptionTotal * 20,
        fill: async (w) => {
          const j = new JsonArrayWriter(w);
          await j.start();
          for await (const batch of exceptionBatches(db, period.id, audience)) for (const e of batch) await j.item(e);
          await j.end();
        },
      },
      {
        path: "records/items.json",
        label: "item records",
        cost: exceptionTotal * 20,
        fill: async (w) => {
          const referenced = new Set<string>();
          const keys = await db.controlException.findMany({ where: { periodId: period.id }, select: { itemKey: true }, distinct: ["itemKey"] });
          for (const k of [...keys.map((x) => x.itemKey), ...samples.flatMap((sm) => sm.itemKeys)]) if (parseCommitKey(k) || parseEventKey(k) !== null) referenced.add(k);
          const list = [...referenced].sort();
          const j = new JsonArrayWriter(w);
          await j.start();
          for (let i = 0; i < list.length; i += RECORD_BATCH) for (const r of await itemRecords(db, list.slice(i, i + RECORD_BATCH))) if (r.kind !== "other") await j.item(r);
          await j.end();
        },
      },
      { path: "settings.json", label: "settings", fill: (w) => w.write(JSON.stringify({ inForceAt: now.toISOString(), settings, usedByLatestEvaluation: evaluationSettings }, null, 2) + "\n") },
      ...controls.map((c) => ({ path: `controls/${c.id}.pdf`, label: `${c.id} PDF`, fill: async (w: HashingWriter) => w.write(await buildControlPdf(db, period, c.id, audience, now, controls, samples)) })),
    ];
    const tasks = unordered.map((t, i) => ({ t, i })).sort((a, b) => (b.t.cost ?? 0) - (a.t.cost ?? 0) || a.i - b.i).map((x) => x.t);
    const closing = ["index.html", MANIFEST, COVER, SUMS];
    const total = tasks.length + closing.length;
    let done = 0;
    const step = (name: string) => progress(name, ++done, total);

    // the ZIP is written while the files are produced: each entry is a stream that is fed from
    // its staged file as soon as that file is complete (JSZip reads the entries in order)
    const zip = new JSZip();
    for (const name of [...tasks.map((t) => t.path), ...closing]) {
      const pass = new PassThrough();
      passes.push(pass);
      zip.file(name, pass, { date: now, compression: name.endsWith(".pdf") ? "STORE" : "DEFLATE", compressionOptions: { level: ZIP_LEVEL } });
    }
    const hash = createHash("sha256");
    let bytes = 0;
    const zipping = pipeline(
      zip.generateNodeStream({ type: "nodebuffer", streamFiles: true, compression: "DEFLATE", compressionOptions: { level: ZIP_LEVEL } }),
      new Transform({
        transform(chunk: Buffer, _enc, cb) {
          hash.update(chunk);
          bytes += chunk.length;
          cb(null, chunk);
        },
      }),
      createWriteStream(outPath),
    );
    zipping.catch(() => {}); // awaited below; a failed task destroys the entries first
    const feeding: Promise<void>[] = [];

    const results: (ManifestFile | undefined)[] = new Array(tasks.length);
    let next = 0;
    let failed = false;
    const worker = async () => {
      for (let i = next++; i < tasks.length && !failed; i = next++) {
        const task = tasks[i];
        const abs = path.join(stage, task.path);
        await mkdir(path.dirname(abs), { recursive: true });
        const w = new HashingWriter(abs);
        await task.fill(w).catch((e) => {
          failed = true;
          throw e;
        });
        results[i] = { path: task.path, ...(await w.end()) };
        const fed = pipeline(createReadStream(abs), passes[i]);
        fed.catch(() => {}); // awaited below
        feeding.push(fed);
        step(task.label);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? defaultConcurrency(), tasks.length)) }, worker));
    const files = results as ManifestFile[];

    const controlsMap: Manifest["controls"] = controls.map((c) => ({
      id: c.id,
      title: c.title,
      tests: c.tests.map((t) => ({
        id: t.id,
        title: t.title,
        result: t.evaluation?.result ?? "NOT_EVALUATED",
        files: [`controls/${c.id}.pdf`, `populations/${t.id}.csv`, "exceptions.csv", ...samples.filter((sm) => sm.testId === t.id).map((sm) => `samples/${sm.testId}-${sm.id}.csv`)],
      })),
    }));
    const head: Omit<Manifest, "files"> = {
      format: PACKAGE_FORMAT,
      generator: GENERATOR,
      createdAt: now.toISOString(),
      createdBy: { email: audience.by.email, role: audience.by.role },
      period: { id: period.id, name: period.name, start: period.start.toISOString(), end: period.end.toISOString(), state: period.state },
      includesInternalNotes: audience.includeInternal,
      hashAlgorithm: "sha256",
      cover: { path: COVER, note: `carries this manifest's SHA-256 on its cover and in its Keywords; ${COVER} and ${MANIFEST} are listed in ${SUMS}` },
      controls: controlsMap,
    };
    const html = Buffer.from(indexHtml(head, files), "utf8");
    const manifest: Manifest = { ...head, files: [...files, { path: "index.html", sha256: sha256(html), bytes: html.length }] };
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + "\n", "utf8");
    const manifestSha256 = sha256(manifestBytes);
    step("index and manifest");
    const cover = await buildMatrixPdf(db, period, audience, now, { manifestSha256, files: manifest.files.length }, controls);
    const all: ManifestFile[] = [
      { path: COVER, sha256: sha256(cover), bytes: cover.length },
      { path: MANIFEST, sha256: manifestSha256, bytes: manifestBytes.length },
      ...manifest.files,
    ];
    const sums = Buffer.from(all.map((f) => `${f.sha256}  ${f.path}\n`).join(""), "utf8");
    step("cover");
    const n = tasks.length;
    passes[n].end(html);
    passes[n + 1].end(manifestBytes);
    passes[n + 2].end(cover);
    passes[n + 3].end(sums);
    await Promise.all(feeding);
    await zipping;
    step("zip");
    return { filename: packageFileName(period, now), sha256: hash.digest("hex"), bytes, manifestSha256, manifest };
  } catch (e) {
    for (const p of passes) p.destroy(e as Error);
    throw e;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
