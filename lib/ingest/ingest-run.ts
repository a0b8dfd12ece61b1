import { createHash } from "node:crypto";
import type { Db } from "../db/client";
import { chainRun } from "./chain";

export interface RunCounts {
  read: number;
  stored: number;
  duplicate: number;
  quarantined: number;
}

export async function startRun(db: Db, source: string, origin: string) {
  return db.ingestRun.create({ data: { source, origin } });
}

/** Keeps the bad record's position and reason, and a hash of it — never its content. */
export async function quarantine(db: Db, runId: string, items: { lineNumber: number; reason: string; raw: string }[]) {
  if (items.length === 0) return;
  await db.quarantinedRecord.createMany({
    data: items.map((q) => ({
      runId,
      lineNumber: q.lineNumber,
      reason: q.reason.slice(0, 500),
      sha256: createHash("sha256").update(q.raw).digest("hex"),
      bytes: Buffer.byteLength(q.raw),
    })),
  });
}

export async function finishRun(
  db: Db,
  runId: string,
  counts: RunCounts,
  extra: { sha256?: string | null; error?: string | null; detail?: Record<string, unknown> } = {},
) {
  await db.ingestRun.update({
    where: { id: runId },
    data: {
      status: extra.error ? "FAILED" : "COMPLETED",
      finishedAt: new Date(),
      readCount: counts.read,
      storedCount: counts.stored,
      duplicateCount: counts.duplicate,
      quarantinedCount: counts.quarantined,
      sha256: extra.sha256 ?? undefined,
      error: extra.error ?? null,
      detail: extra.detail as object | undefined,
    },
  });
  return chainRun(db, runId);
}
