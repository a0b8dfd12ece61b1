// Each export file is written once to disk while its SHA-256 is computed, so large populations
// never sit in memory and every file's hash is known before it is packaged or sent.
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import type { Db } from "../../db/client";
import { CATALOGUE } from "../../controls/catalogue";
import { csvRow, type Cell } from "../csv";
import { type PopulationSource, loadPopulation } from "../population";
import { itemRecords, RECORD_CSV_HEADER, recordCsvCells, type ItemRecord } from "../review-records";
import { rederivationRecipe } from "../sampling";
import {
  EXCEPTION_CSV_HEADER,
  GENERATOR,
  PDF_EXCEPTION_LIMIT,
  exceptionBatches,
  exceptionCsvCells,
  exceptionsOf,
  periodOverview,
  type Audience,
  type ControlOverview,
  type PeriodRef,
} from "./evidence";
import { renderControlPdf, renderMatrixPdf, type PdfMeta, type SampleForPdf, type TestEvidence } from "./pdf";

export interface WrittenFile {
  sha256: string;
  bytes: number;
}

/** A file written sequentially with back-pressure while its SHA-256 and size are counted. */
export class HashingWriter {
  private hash = createHash("sha256");
  private bytes = 0;
  private out: WriteStream;
  private failed: Error | null = null;

  constructor(readonly path: string) {
    this.out = createWriteStream(path);
    this.out.on("error", (e) => (this.failed = e));
  }

  async write(chunk: string | Buffer): Promise<void> {
    if (this.failed) throw this.failed;
    const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    if (buf.length === 0) return;
    this.hash.update(buf);
    this.bytes += buf.length;
    if (!this.out.write(buf)) await once(this.out, "drain");
  }

  async end(): Promise<WrittenFile> {
    await new Promise<void>((resolve, reject) => {
      this.out.once("error", reject);
      this.out.end(resolve);
    });
    if (this.failed) throw this.failed;
    return { sha256: this.hash.digest("hex"), bytes: this.bytes };
  }
}

/** Accumulates CSV rows into chunks of ~256 KB before writing (row-by-row writes are slow). */
export class CsvWriter {
  private buf = "";
  constructor(private w: HashingWriter) {}
  async row(cells: readonly Cell[]) {
    this.buf += csvRow(cells);
    if (this.buf.length > 256 * 1024) await this.flush();
  }
  async flush() {
    if (this.buf) {
      const s = this.buf;
      this.buf = "";
      await this.w.write(s);
    }
  }
}

// ---------------------------------------------------------------- CSVs

export const POPULATION_CSV_HEADER = ["key", "label", "passed", "link"] as const;

export async function writePopulationCsv(db: Db, periodId: string, testId: string, w: HashingWriter, population: PopulationSource = loadPopulation): Promise<number> {
  const csv = new CsvWriter(w);
  await csv.row(POPULATION_CSV_HEADER);
  let n = 0;
  for await (const batch of population(db, periodId, testId)) {
    for (const i of batch) await csv.row([i.key, i.label, i.passed === null ? "" : i.passed ? "yes" : "no", i.link]);
    n += batch.length;
  }
  await csv.flush();
  return n;
}

export async function writeExceptionsCsv(db: Db, periodId: string, audience: Audience, w: HashingWriter, testId?: string): Promise<number> {
  const csv = new CsvWriter(w);
  await csv.row(EXCEPTION_CSV_HEADER);
  let n = 0;
  for await (const batch of exceptionBatches(db, periodId, audience)) {
    for (const e of batch) {
      if (testId && e.testId !== testId) continue;
      await csv.row(exceptionCsvCells(e));
      n++;
    }
  }
  await csv.flush();
  return n;
}

export async function writeMatrixCsv(controls: ControlOverview[], w: HashingWriter) {
  const csv = new CsvWriter(w);
  await csv.row(["control", "test", "title", "result", "population_size", "population_sha256", "exceptions_open", "exceptions_dispositioned", "exceptions_cleared", "exceptions_overdue", "rule_version", "evaluated_at"]);
  for (const c of controls) {
    for (const t of c.tests) {
      await csv.row([c.id, t.id, t.title, t.evaluation?.result ?? "NOT_EVALUATED", t.evaluation?.populationSize ?? null, t.evaluation?.populationHash ?? null, t.exceptions.open, t.exceptions.dispositioned, t.exceptions.cleared, t.exceptions.overdue, t.evaluation?.ruleVersion ?? t.ruleVersion, t.evaluation?.evaluatedAt ?? null]);
    }
  }
  await csv.flush();
}

export interface SampleWithRecords {
  id: string;
  testId: string;
  seed: string;
  size: number;
  populationHash: string;
  populationSize: number;
  itemKeys: string[];
  drawnBy: { email: string; name: string };
  drawnAt: Date;
  period: { name: string };
  records: ItemRecord[];
}

export async function samplesWithRecords(db: Db, where: { periodId: string; testId?: string } | { id: string }): Promise<SampleWithRecords[]> {
  const samples = await db.sample.findMany({
    where: "id" in where ? { id: where.id } : { periodId: where.periodId, ...(where.testId ? { testId: where.testId } : {}) },
    orderBy: { drawnAt: "asc" },
    include: { drawnBy: { select: { email: true, name: true } }, period: { select: { name: true } } },
  });
  const out: SampleWithRecords[] = [];
  for (const s of samples) out.push({ ...s, records: await itemRecords(db, s.itemKeys) });
  return out;
}

export async function writeSampleCsv(s: SampleWithRecords, w: HashingWriter, baseUrl = "") {
  const csv = new CsvWriter(w);
  await csv.row(["rank", ...RECORD_CSV_HEADER]);
  for (const [i, r] of s.records.entries()) await csv.row([i + 1, ...recordCsvCells(r, baseUrl)]);
  await csv.flush();
}

export async function writeSamplesIndexCsv(samples: SampleWithRecords[], w: HashingWriter) {
  const csv = new CsvWriter(w);
  await csv.row(["sample_id", "test", "seed", "size", "items", "population_size", "population_sha256", "drawn_by", "drawn_at", "method", "rederive"]);
  for (const s of samples) {
    await csv.row([s.id, s.testId, s.seed, s.size, s.itemKeys.length, s.populationSize, s.populationHash, s.drawnBy.email, s.drawnAt, "sha256-rank/v1",
      rederivationRecipe({ seed: s.seed, size: s.size, testId: s.testId, periodName: s.period.name, populationHash: s.populationHash })]);
  }
  await csv.flush();
}

// ---------------------------------------------------------------- PDFs

export function pdfMeta(period: PeriodRef, audience: Audience, generatedAt: Date): PdfMeta {
  return { period, generatedAt, generator: GENERATOR, by: `${audience.by.email} (${audience.by.role.toLowerCase()})` };
}

export async function buildMatrixPdf(db: Db, period: PeriodRef, audience: Audience, generatedAt: Date, cover?: { manifestSha256: string; files: number }, controls?: ControlOverview[]): Promise<Buffer> {
  return renderMatrixPdf({ meta: pdfMeta(period, audience, generatedAt), controls: controls ?? (await periodOverview(db, period.id, generatedAt)), manifestSha256: cover?.manifestSha256 ?? null, files: cover?.files });
}

export async function buildControlPdf(db: Db, period: PeriodRef, controlId: string, audience: Audience, generatedAt: Date, controls?: ControlOverview[], samples?: SampleWithRecords[]): Promise<Buffer> {
  const all = controls ?? (await periodOverview(db, period.id, generatedAt));
  const control = all.find((c) => c.id === controlId);
  if (!control) throw new Error(`unknown control ${controlId}`);
  const periodSamples = samples ?? (await samplesWithRecords(db, { periodId: period.id }));
  const tests: TestEvidence[] = [];
  for (const t of control.tests) {
    const exceptions = await exceptionsOf(db, period.id, t.id, audience, PDF_EXCEPTION_LIMIT);
    const exceptionTotal = t.exceptions.open + t.exceptions.dispositioned + t.exceptions.cleared;
    const forTest: SampleForPdf[] = periodSamples.filter((s) => s.testId === t.id).map((s) => ({
      id: s.id, testId: s.testId, seed: s.seed, size: s.size, populationHash: s.populationHash, populationSize: s.populationSize,
      drawnBy: `${s.drawnBy.name} <${s.drawnBy.email}>`, drawnAt: s.drawnAt, records: s.records,
    }));
    tests.push({ test: t, exceptions, exceptionTotal, samples: forTest });
  }
  return renderControlPdf({ meta: pdfMeta(period, audience, generatedAt), control, tests });
}

export const CONTROL_IDS = CATALOGUE.map((c) => c.id);
export const TEST_IDS_BY_CONTROL = Object.fromEntries(CATALOGUE.map((c) => [c.id, c.tests.map((t) => t.id)]));
