// A small Postgres-backed job queue on the Job table: no other service needed. Workers
// claim one due job at a time with UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED),
// so any number of web servers can run a worker; uniqueKey de-duplicates scheduled jobs.
import { randomUUID } from "node:crypto";
import { Prisma, type Db } from "../db/client";

export interface JobRow {
  id: string;
  kind: string;
  payload: unknown;
  uniqueKey: string | null;
  state: "QUEUED" | "RUNNING" | "DONE" | "FAILED";
  runAt: Date;
  attempts: number;
  lastError: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
}

export interface JobContext {
  db: Db;
  job: JobRow;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JobHandler = (payload: any, ctx: JobContext) => Promise<unknown>;
export type JobHandlers = Record<string, JobHandler>;

export const MAX_ATTEMPTS = 5;
/** A RUNNING job whose worker went silent this long is claimed again. */
export const STALE_AFTER_MS = 30 * 60_000;

/** Retry delay after the n-th failed attempt: 30 s, 1 min, 2 min, 4 min … capped at 1 h. */
export function backoffMs(attempt: number): number {
  return Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempt - 1));
}

/**
 * Queues a job. With a uniqueKey, a job with that key (in any state) is never queued
 * twice: the existing one is returned with created = false.
 */
export async function enqueue(
  db: Db,
  kind: string,
  payload: Record<string, unknown> = {},
  opts: { runAt?: Date; uniqueKey?: string } = {},
): Promise<{ id: string; created: boolean }> {
  const id = randomUUID();
  const runAt = (opts.runAt ?? new Date()).toISOString();
  const rows = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO "Job" (id, kind, payload, "uniqueKey", "runAt")
    VALUES (${id}, ${kind}, ${JSON.stringify(payload)}::jsonb, ${opts.uniqueKey ?? null}, ${runAt}::timestamptz)
    ON CONFLICT ("uniqueKey") DO NOTHING
    RETURNING id`;
  if (rows.length) return { id: rows[0].id, created: true };
  const existing = await db.job.findUniqueOrThrow({ where: { uniqueKey: opts.uniqueKey! }, select: { id: true } });
  return { id: existing.id, created: false };
}

/** Claims the next due job of the given kinds (or any kind), marking it RUNNING. */
export async function claimJob(db: Db, kinds: string[] | null = null, staleAfterMs = STALE_AFTER_MS): Promise<JobRow | null> {
  const kindFilter = kinds ? Prisma.sql`AND kind = ANY(${kinds}::text[])` : Prisma.empty;
  const rows = await db.$queryRaw<JobRow[]>`
    UPDATE "Job" SET state = 'RUNNING', attempts = attempts + 1, "startedAt" = now(), "finishedAt" = NULL
    WHERE id = (
      SELECT id FROM "Job"
      WHERE ((state = 'QUEUED' AND "runAt" <= now())
          OR (state = 'RUNNING' AND "startedAt" < now() - make_interval(secs => ${staleAfterMs / 1000})))
        ${kindFilter}
      ORDER BY "runAt", "createdAt"
      FOR UPDATE SKIP LOCKED
      LIMIT 1
    )
    RETURNING id, kind, payload, "uniqueKey", state::text AS state, "runAt", attempts, "lastError", "startedAt", "finishedAt", "createdAt"`;
  return rows[0] ?? null;
}

export interface RunResult {
  ran: number;
  done: number;
  retried: number;
  failed: number;
  jobs: { id: string; kind: string; state: "DONE" | "QUEUED" | "FAILED"; error?: string; result?: unknown }[];
}

/** Runs due jobs one after another until none is due (or `max` have run). */
export async function runDueJobs(db: Db, handlers: JobHandlers, opts: { max?: number; log?: (m: string) => void } = {}): Promise<RunResult> {
  const result: RunResult = { ran: 0, done: 0, retried: 0, failed: 0, jobs: [] };
  const kinds = Object.keys(handlers);
  const max = opts.max ?? 100;
  while (result.ran < max) {
    const job = await claimJob(db, kinds);
    if (!job) break;
    result.ran++;
    try {
      const value = await handlers[job.kind](job.payload ?? {}, { db, job });
      await db.$executeRaw`
        UPDATE "Job" SET state = 'DONE', "finishedAt" = now(), "lastError" = NULL
        WHERE id = ${job.id} AND state = 'RUNNING' AND attempts = ${job.attempts}`;
      result.done++;
      result.jobs.push({ id: job.id, kind: job.kind, state: "DONE", result: value });
      opts.log?.(`job ${job.kind} ${job.uniqueKey ?? job.id} done`);
    } catch (e) {
      const message = ((e as Error)?.stack ?? String(e)).slice(0, 4000);
      const final = job.attempts >= MAX_ATTEMPTS;
      await db.$executeRaw`
        UPDATE "Job"
        SET state = ${final ? "FAILED" : "QUEUED"}::"JobState",
            "lastError" = ${message},
            "runAt" = CASE WHEN ${final} THEN "runAt" ELSE now() + make_interval(secs => ${backoffMs(job.attempts) / 1000}) END,
            "finishedAt" = CASE WHEN ${final} THEN now() ELSE NULL END
        WHERE id = ${job.id} AND state = 'RUNNING' AND attempts = ${job.attempts}`;
      if (final) result.failed++;
      else result.retried++;
      result.jobs.push({ id: job.id, kind: job.kind, state: final ? "FAILED" : "QUEUED", error: (e as Error)?.message ?? String(e) });
      opts.log?.(`job ${job.kind} ${job.uniqueKey ?? job.id} ${final ? "failed" : `failed (attempt ${job.attempts}, retrying)`}: ${(e as Error)?.message}`);
    }
  }
  return result;
}

/** Queued, running and failed jobs, for the CLI and operators. */
export async function pendingJobs(db: Db) {
  return db.job.findMany({
    where: { state: { in: ["QUEUED", "RUNNING", "FAILED"] } },
    orderBy: { runAt: "asc" },
    take: 100,
    select: { id: true, kind: true, uniqueKey: true, state: true, runAt: true, attempts: true, lastError: true },
  });
}
