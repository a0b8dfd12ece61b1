// Scans each normalised event's texts in memory, drops them, and stores the event,
// its findings (masked excerpts + fingerprints) and tool calls. Idempotent on
// (source, naturalKey): a re-ingested record is a duplicate, not a second row.
import type { Db } from "../db/client";
import { Prisma } from "../db/client";
import { scanTexts } from "../scan";
import { atLeast, CLASSIFICATIONS, storedFinding, type Classification, type LocatedFinding, type ScanOptions } from "../scan/types";
import type { NormalisedEvent } from "./types";
import { describeTool, toolKeyOf } from "./known-tools";

export interface StoreContext {
  runId: string | null;
  scan: ScanOptions;
  /** [start, end) of locked periods: evidence arriving for them is marked late */
  lockedRanges: { start: Date; end: Date }[];
}

export interface StoreResult {
  stored: number;
  duplicate: number;
  findings: number;
  /** occurredAt of stored events, to re-evaluate the periods they touch */
  times: Date[];
}

function maxClassification(findings: LocatedFinding[]): Classification | null {
  let max: Classification | null = null;
  for (const f of findings) if (!max || atLeast(f.classification, max)) max = f.classification;
  return max;
}

export async function loadStoreContext(db: Db, runId: string | null, scan: ScanOptions): Promise<StoreContext> {
  const locked = await db.auditPeriod.findMany({ where: { state: "LOCKED" }, select: { start: true, end: true } });
  return { runId, scan, lockedRanges: locked };
}

/** Prepares a batch: scanning happens here, before any database work. */
export function prepareBatch(events: NormalisedEvent[], ctx: StoreContext) {
  return events.map((e) => {
    const findings = e.texts.length ? scanTexts(e.texts, ctx.scan) : [];
    const late = ctx.lockedRanges.some((r) => e.occurredAt >= r.start && e.occurredAt < r.end);
    return { event: e, findings, late, toolKey: toolKeyOf(e), credential: e.apiKeyHash ?? e.apiKeyAlias };
  });
}

export type PreparedBatch = ReturnType<typeof prepareBatch>;

export async function writeBatch(db: Db, batch: PreparedBatch, ctx: StoreContext): Promise<StoreResult> {
  if (batch.length === 0) return { stored: 0, duplicate: 0, findings: 0, times: [] };
  // the same record twice in one batch is a duplicate too
  const seen = new Set<string>();
  const unique = batch.filter((b) => {
    const k = `${b.event.source}\u0000${b.event.naturalKey}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return db.$transaction(async (tx) => {
    const identities = await observeIdentities(tx as unknown as Db, unique);
    await observeTools(tx as unknown as Db, unique);
    const inserted = await tx.aiEvent.createManyAndReturn({
      data: unique.map(({ event: e, findings, late, toolKey, credential }) => ({
        source: e.source,
        naturalKey: e.naturalKey,
        runId: ctx.runId,
        callId: e.callId,
        traceId: e.traceId,
        occurredAt: e.occurredAt,
        endedAt: e.endedAt,
        status: e.status,
        gatewayAction: e.gatewayAction,
        guardrailStatus: e.guardrailStatus,
        model: e.model,
        provider: e.provider,
        apiKeyHash: e.apiKeyHash,
        apiKeyAlias: e.apiKeyAlias,
        proxyUserId: e.proxyUserId,
        proxyUserEmail: e.proxyUserEmail?.toLowerCase() ?? null,
        teamId: e.teamId,
        tags: e.tags,
        repository: e.repository,
        clientTool: e.clientTool,
        toolKey,
        identityId: credential ? (identities.get(credential) ?? null) : null,
        promptTokens: e.promptTokens,
        completionTokens: e.completionTokens,
        cost: e.cost === null ? null : new Prisma.Decimal(e.cost.toFixed(6)),
        hasPayload: e.hasPayload,
        payloadSha256: e.payloadSha256,
        payloadBytes: e.payloadBytes,
        findingCount: findings.length,
        maxClassification: maxClassification(findings),
        toolCallCount: e.toolCalls.length,
        late,
      })),
      skipDuplicates: true,
      select: { id: true, source: true, naturalKey: true },
    });
    const idOf = new Map(inserted.map((r) => [`${r.source}\u0000${r.naturalKey}`, r.id]));
    const findingRows: Prisma.FindingCreateManyInput[] = [];
    const toolCallRows: Prisma.ToolCallCreateManyInput[] = [];
    const times: Date[] = [];
    for (const b of unique) {
      const id = idOf.get(`${b.event.source}\u0000${b.event.naturalKey}`);
      if (id === undefined) continue;
      times.push(b.event.occurredAt);
      for (const f of b.findings) {
        findingRows.push({ eventId: id, ...storedFinding(f) });
      }
      for (const c of b.event.toolCalls) {
        toolCallRows.push({ eventId: id, server: c.server, tool: c.tool, destination: c.destination, occurredAt: b.event.occurredAt });
      }
    }
    if (findingRows.length) await tx.finding.createMany({ data: findingRows });
    if (toolCallRows.length) await tx.toolCall.createMany({ data: toolCallRows });
    return { stored: inserted.length, duplicate: batch.length - inserted.length, findings: findingRows.length, times };
  });
}

/** Seen credentials become (unregistered) agent identities: LA-2's "seen but not registered". */
async function observeIdentities(db: Db, batch: PreparedBatch): Promise<Map<string, string>> {
  const seen = new Map<string, { alias: string | null; first: Date; last: Date }>();
  for (const b of batch) {
    if (!b.credential) continue;
    const s = seen.get(b.credential);
    const t = b.event.occurredAt;
    if (!s) seen.set(b.credential, { alias: b.event.apiKeyAlias, first: t, last: t });
    else {
      if (t < s.first) s.first = t;
      if (t > s.last) s.last = t;
    }
  }
  if (seen.size === 0) return new Map();
  const rows = [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([credential, s]) => Prisma.sql`(gen_random_uuid()::text, ${credential}, ${s.alias}, false, ${s.first}, ${s.last}, now())`);
  const result = await db.$queryRaw<{ id: string; credential: string }[]>`
    INSERT INTO "AgentIdentity" (id, credential, alias, registered, "firstSeenAt", "lastSeenAt", "updatedAt")
    VALUES ${Prisma.join(rows)}
    ON CONFLICT (credential) DO UPDATE SET
      "firstSeenAt" = LEAST("AgentIdentity"."firstSeenAt", EXCLUDED."firstSeenAt"),
      "lastSeenAt" = GREATEST("AgentIdentity"."lastSeenAt", EXCLUDED."lastSeenAt"),
      alias = COALESCE("AgentIdentity".alias, EXCLUDED.alias)
    RETURNING id, credential`;
  return new Map(result.map((r) => [r.credential, r.id]));
}

/** Seen tools and vendors become (unregistered) register rows: LA-1's shadow tools. */
async function observeTools(db: Db, batch: PreparedBatch): Promise<void> {
  const seen = new Map<string, { first: Date; last: Date }>();
  for (const b of batch) {
    if (!b.toolKey) continue;
    const s = seen.get(b.toolKey);
    const t = b.event.occurredAt;
    if (!s) seen.set(b.toolKey, { first: t, last: t });
    else {
      if (t < s.first) s.first = t;
      if (t > s.last) s.last = t;
    }
  }
  if (seen.size === 0) return;
  const rows = [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, s]) => {
    const d = describeTool(key);
    return Prisma.sql`(gen_random_uuid()::text, ${key}, ${d.vendor}, ${d.product}, false, ${s.first}, ${s.last}, now())`;
  });
  await db.$executeRaw`
    INSERT INTO "AiTool" (id, key, vendor, product, registered, "firstSeenAt", "lastSeenAt", "updatedAt")
    VALUES ${Prisma.join(rows)}
    ON CONFLICT (key) DO UPDATE SET
      "firstSeenAt" = LEAST("AiTool"."firstSeenAt", EXCLUDED."firstSeenAt"),
      "lastSeenAt" = GREATEST("AiTool"."lastSeenAt", EXCLUDED."lastSeenAt")`;
}

export const CLASSIFICATION_ORDER = CLASSIFICATIONS;
