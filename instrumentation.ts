// Next.js calls register() once per server process at start-up. The Node.js server runs the
// background job worker (monthly report, roll-ups) on the Postgres-backed queue; several
// servers may each run one (jobs are claimed with SKIP LOCKED). Not in the Edge runtime,
// not during `next build`, and not when JOBS_WORKER=off (e.g. run `npm run cli -- jobs run`
// from cron instead).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  if (process.env.JOBS_WORKER === "off" || !process.env.DATABASE_URL) return;
  const [{ db }, { startWorker }] = await Promise.all([import("./lib/db/client"), import("./lib/jobs/worker")]);
  startWorker(db());
}
