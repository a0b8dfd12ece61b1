// The background worker: every ~30 s, make sure scheduled jobs exist, then run the due
// ones. Started by instrumentation.ts in each Node.js server process (several servers are
// fine: claims use SKIP LOCKED), and available once from the CLI as `jobs run`.
import type { Db } from "../db/client";
import { JOB_HANDLERS } from "./handlers";
import { runDueJobs, type JobHandlers, type RunResult } from "./queue";
import { ensureScheduledJobs } from "./schedule";

export const POLL_INTERVAL_MS = 30_000;

export interface Worker {
  stop(): Promise<void>;
  /** runs one tick now (also used by tests) */
  tick(): Promise<RunResult | null>;
}

/** One tick: schedule, then run what is due. */
export async function runOnce(db: Db, handlers: JobHandlers = JOB_HANDLERS, now: Date = new Date(), log?: (m: string) => void) {
  const scheduled = await ensureScheduledJobs(db, now);
  const run = await runDueJobs(db, handlers, { max: 20, log });
  return { scheduled, run };
}

const holder = globalThis as unknown as { __aiSdlcWorker?: Worker };

export function startWorker(
  db: Db,
  opts: { intervalMs?: number; firstDelayMs?: number; handlers?: JobHandlers; log?: (m: string) => void } = {},
): Worker {
  if (holder.__aiSdlcWorker) return holder.__aiSdlcWorker;
  const interval = opts.intervalMs ?? POLL_INTERVAL_MS;
  const log = opts.log ?? ((m: string) => console.log(`[jobs] ${m}`));
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<RunResult | null> | null = null;

  const tick = (): Promise<RunResult | null> => {
    if (running) return running;
    running = runOnce(db, opts.handlers ?? JOB_HANDLERS, new Date(), log)
      .then((r) => r.run)
      .catch((e: Error) => {
        log(`tick failed: ${e.message}`);
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick().finally(() => schedule(interval));
    }, ms);
    timer.unref?.();
  };
  schedule(opts.firstDelayMs ?? 5_000);

  const worker: Worker = {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      if (holder.__aiSdlcWorker === worker) holder.__aiSdlcWorker = undefined;
    },
  };
  holder.__aiSdlcWorker = worker;
  return worker;
}
