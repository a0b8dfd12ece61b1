// One gateway log stream in, one ingest run out: framing, parsing, scanning and
// writing are pipelined (the next batch is parsed and scanned while the previous
// one is written), memory stays bounded, bad records are quarantined.
import { createHash } from "node:crypto";
import { Transform } from "node:stream";
import type { Db } from "../db/client";
import { getSettings, fingerprintKey } from "../settings/store";
import type { ScanOptions } from "../scan/types";
import { linkGuardrailDecisions } from "../guardrail/store";
import { readRecords } from "./framing";
import { parserFor } from "./formats";
import { finishRun, quarantine, startRun, type RunCounts } from "./ingest-run";
import { loadStoreContext, prepareBatch, writeBatch, type StoreResult } from "./event-store";
import type { IngestSource, NormalisedEvent } from "./types";

export const BATCH_SIZE = 500;

export interface GatewayIngestResult extends RunCounts {
  runId: string;
  sha256: string;
  findings: number;
  chainHash: string;
  /** occurredAt range of the stored events */
  from: Date | null;
  to: Date | null;
}

export async function scanOptionsFor(db: Db): Promise<ScanOptions> {
  const s = await getSettings(db, ["scan.internalHostPatterns", "policy.classificationOverrides"]);
  return {
    fingerprintKey: await fingerprintKey(db),
    internalHostPatterns: s["scan.internalHostPatterns"],
    classificationOverrides: s["policy.classificationOverrides"],
  };
}

/** Ingests already-parsed values (the push endpoint's batches) through the same path as files. */
export async function ingestValues(
  db: Db,
  source: IngestSource,
  origin: string,
  values: AsyncIterable<{ lineNumber: number; value?: unknown; error?: string }> | Iterable<{ lineNumber: number; value?: unknown; error?: string }>,
  sha256: string | (() => string),
): Promise<GatewayIngestResult> {
  const digest = () => (typeof sha256 === "function" ? sha256() : sha256);
  const run = await startRun(db, source, origin);
  const ctx = await loadStoreContext(db, run.id, await scanOptionsFor(db));
  const parse = parserFor(source);
  const counts: RunCounts = { read: 0, stored: 0, duplicate: 0, quarantined: 0 };
  let findings = 0;
  let from: Date | null = null;
  let to: Date | null = null;
  let pending: Promise<void> = Promise.resolve();
  let bad: { lineNumber: number; reason: string; raw: string }[] = [];
  let batch: NormalisedEvent[] = [];

  const account = (r: StoreResult) => {
    counts.stored += r.stored;
    counts.duplicate += r.duplicate;
    findings += r.findings;
    for (const t of r.times) {
      if (!from || t < from) from = t;
      if (!to || t > to) to = t;
    }
  };
  const flush = async () => {
    const prepared = prepareBatch(batch, ctx); // CPU work overlaps the previous write
    batch = [];
    const quarantined = bad;
    bad = [];
    await pending;
    pending = (async () => {
      account(await writeBatch(db, prepared, ctx));
      await quarantine(db, run.id, quarantined);
    })();
    // surface a failed write at the next flush instead of as an unhandled rejection
    pending.catch(() => {});
  };

  try {
    for await (const rec of values as AsyncIterable<{ lineNumber: number; value?: unknown; error?: string }>) {
      counts.read++;
      if (rec.error !== undefined) {
        counts.quarantined++;
        bad.push({ lineNumber: rec.lineNumber, reason: rec.error, raw: `line ${rec.lineNumber}` });
      } else {
        const parsed = parse(rec.value as never);
        if (parsed.ok) batch.push(parsed.event);
        else {
          counts.quarantined++;
          bad.push({ lineNumber: rec.lineNumber, reason: parsed.reason, raw: JSON.stringify(rec.value) ?? "" });
        }
      }
      if (batch.length >= BATCH_SIZE || bad.length >= BATCH_SIZE) await flush();
    }
    await flush();
    await pending;
  } catch (e) {
    await pending.catch(() => {});
    await finishRun(db, run.id, counts, { sha256: digest() || null, error: (e as Error).message });
    throw e;
  }
  // decisions our guardrail took on these calls join their events (DC-1, DC-2)
  if (from && to) await linkGuardrailDecisions(db, { from, to });
  const chainHash = await finishRun(db, run.id, counts, { sha256: digest(), detail: { findings } });
  return { runId: run.id, sha256: digest(), findings, chainHash, from, to, ...counts };
}

/** Streams a file or stdin; the run records the SHA-256 of exactly the bytes read. */
export async function ingestGatewayStream(
  db: Db,
  source: IngestSource,
  origin: string,
  input: NodeJS.ReadableStream,
): Promise<GatewayIngestResult> {
  const hash = createHash("sha256");
  // hashes the bytes on their way through (a "data" listener would start the flow early)
  const tap = new Transform({
    transform(chunk: Buffer | string, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  input.on("error", (e) => tap.destroy(e));
  input.pipe(tap);
  const records = readRecords(tap);
  // the digest is final only once the stream is consumed; ingestValues reads it all first
  let digest = "";
  const values = (async function* () {
    for await (const r of records) yield r;
    digest = hash.digest("hex");
  })();
  return ingestValues(db, source, origin, values, () => digest);
}
