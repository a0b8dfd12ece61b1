import type { Db } from "../db/client";

/**
 * Re-evaluates the open periods the new evidence touches. Fire-and-forget from
 * endpoints (the response does not wait); awaited by the CLI.
 */
export function evaluateAfterIngest(db: Db, result: { from: Date | null; to: Date | null; stored: number }): Promise<void> {
  if (!result.stored || !result.from || !result.to) return Promise.resolve();
  const times = [result.from, result.to];
  const work = import("../controls/evaluate")
    .then((m) => m.evaluateAffected(db, times))
    .then(() => undefined)
    .catch((e: Error) => {
      console.error(`evaluation after ingest failed: ${e.message}`);
    });
  return work;
}
