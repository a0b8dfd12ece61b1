// Tamper evidence: every finished ingest run is chained to the previous one, so a
// removed or altered run breaks every later hash (verifiable offline).
import { createHash } from "node:crypto";
import type { Db } from "../db/client";

export interface ChainFields {
  id: string;
  source: string;
  origin: string;
  sha256: string | null;
  readCount: number;
  storedCount: number;
  duplicateCount: number;
  quarantinedCount: number;
  finishedAt: Date | null;
}

export function runChainHash(prevChain: string | null, r: ChainFields): string {
  const fields = [
    prevChain ?? "genesis",
    r.id,
    r.source,
    r.origin,
    r.sha256 ?? "",
    r.readCount,
    r.storedCount,
    r.duplicateCount,
    r.quarantinedCount,
    r.finishedAt?.toISOString() ?? "",
  ];
  return createHash("sha256").update(fields.join("\n")).digest("hex");
}

/** Links a finished run to the chain's current head (serialised with an advisory lock). */
export async function chainRun(db: Db, runId: string): Promise<string> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(727275)`;
    const run = await tx.ingestRun.findUniqueOrThrow({ where: { id: runId } });
    if (run.chainHash) return run.chainHash;
    const head = await tx.ingestRun.findFirst({
      where: { chainHash: { not: null } },
      orderBy: [{ finishedAt: "desc" }, { id: "desc" }],
      select: { chainHash: true },
    });
    const prevChain = head?.chainHash ?? null;
    const chainHash = runChainHash(prevChain, run);
    await tx.ingestRun.update({ where: { id: runId }, data: { prevChain, chainHash } });
    return chainHash;
  });
}

/** Re-derives the chain; returns the first run whose hash does not match, or null. */
export async function verifyRunChain(db: Db): Promise<{ ok: boolean; brokenAt: string | null; runs: number }> {
  const runs = await db.ingestRun.findMany({ where: { chainHash: { not: null } }, orderBy: [{ finishedAt: "asc" }, { id: "asc" }] });
  let prev: string | null = null;
  for (const r of runs) {
    if (r.prevChain !== prev || runChainHash(prev, r) !== r.chainHash) return { ok: false, brokenAt: r.id, runs: runs.length };
    prev = r.chainHash;
  }
  return { ok: true, brokenAt: null, runs: runs.length };
}
