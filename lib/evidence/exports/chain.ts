// Tamper evidence for exports: every issued export (PDF, CSV, ZIP) is an ExportRecord chained to
// the previous one — the analogue of the ingest-run chain (lib/ingest/chain.ts). Removing or
// altering a record breaks every later hash; the chain is verifiable offline from a table dump.
import { createHash, randomUUID } from "node:crypto";
import type { Db } from "../../db/client";

export interface ExportChainFields {
  id: string;
  kind: string;
  periodId: string | null;
  filename: string;
  sha256: string;
  createdById: string | null;
  createdAt: Date;
}

export function exportChainHash(prevChain: string | null, r: ExportChainFields): string {
  const fields = [prevChain ?? "genesis", r.id, r.kind, r.periodId ?? "", r.filename, r.sha256, r.createdById ?? "", r.createdAt.toISOString()];
  return createHash("sha256").update(fields.join("\n")).digest("hex");
}

/** Serialises chain appends across processes (a different lock than the ingest chain's). */
const EXPORT_CHAIN_LOCK = 727276;

export interface NewExport {
  kind: string;
  periodId: string | null;
  filename: string;
  sha256: string;
  createdById: string | null;
}

/** Appends an export to the chain and returns its record. */
export async function recordExport(db: Db, e: NewExport) {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${EXPORT_CHAIN_LOCK})`;
    const head = await tx.exportRecord.findFirst({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { chainHash: true, createdAt: true } });
    // strictly increasing times keep the chain order readable from createdAt alone
    const createdAt = new Date(Math.max(Date.now(), (head?.createdAt.getTime() ?? 0) + 1));
    const fields: ExportChainFields = { id: randomUUID(), ...e, createdAt };
    const prevChain = head?.chainHash ?? null;
    return tx.exportRecord.create({ data: { ...fields, prevChain, chainHash: exportChainHash(prevChain, fields) } });
  });
}

export interface ChainVerification {
  ok: boolean;
  records: number;
  /** the first record whose hash or link does not match, or a record not on the chain */
  brokenAt: string | null;
  reason: string | null;
  head: string | null;
}

/** Re-derives the chain by following each record's prevChain link from the genesis. */
type ChainedRecord = ExportChainFields & { prevChain: string | null; chainHash: string };

export function verifyExportRecords(records: ChainedRecord[]): ChainVerification {
  const byPrev = new Map<string, ChainedRecord[]>();
  for (const r of records) {
    const k = r.prevChain ?? "genesis";
    byPrev.set(k, [...(byPrev.get(k) ?? []), r]);
  }
  let prev: string | null = null;
  let seen = 0;
  for (;;) {
    const next: ChainedRecord[] = byPrev.get(prev ?? "genesis") ?? [];
    if (next.length === 0) break;
    if (next.length > 1) return { ok: false, records: records.length, brokenAt: next[1].id, reason: "two records claim the same predecessor (fork)", head: prev };
    const r: ChainedRecord = next[0];
    if (exportChainHash(prev, r) !== r.chainHash) return { ok: false, records: records.length, brokenAt: r.id, reason: "the record's hash does not match its content", head: prev };
    prev = r.chainHash;
    seen++;
  }
  if (seen !== records.length) {
    const on = new Set<string>();
    let p: string | null = null;
    for (;;) {
      const n: ChainedRecord | undefined = byPrev.get(p ?? "genesis")?.[0];
      if (!n) break;
      on.add(n.id);
      p = n.chainHash;
    }
    const off = [...records].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).find((r) => !on.has(r.id))!;
    return { ok: false, records: records.length, brokenAt: off.id, reason: "the record is not linked to the chain (a predecessor was removed or altered)", head: prev };
  }
  return { ok: true, records: records.length, brokenAt: null, reason: null, head: prev };
}

export async function verifyExportChain(db: Db): Promise<ChainVerification> {
  return verifyExportRecords(await db.exportRecord.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] }));
}
