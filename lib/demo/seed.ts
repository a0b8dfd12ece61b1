import type { Db } from "../db/client";
import { createUser } from "../auth/users";
import { DEMO_ACCOUNTS } from "./accounts";

export interface SeedResult {
  seeded: boolean;
  users: number;
  periods: number;
  [k: string]: unknown;
}

const SEEDED_KEY = "demo.seededAt";
const DAY = 86_400_000;

/** Seeds the demo organisation once (a second call does nothing). */
export async function seedDemo(db: Db, opts: { now?: Date; log?: (m: string) => void } = {}): Promise<SeedResult> {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? new Date();
  if (await db.setting.findUnique({ where: { key: SEEDED_KEY } })) {
    return { seeded: false, users: await db.user.count(), periods: await db.auditPeriod.count() };
  }
  const year = now.getUTCFullYear();
  const current = await db.auditPeriod.upsert({
    where: { name: `FY${year}` },
    create: { name: `FY${year}`, start: new Date(Date.UTC(year, 0, 1)), end: new Date(Date.UTC(year + 1, 0, 1)) },
    update: {},
  });
  await db.auditPeriod.upsert({
    where: { name: `FY${year - 1}` },
    create: {
      name: `FY${year - 1}`,
      start: new Date(Date.UTC(year - 1, 0, 1)),
      end: new Date(Date.UTC(year, 0, 1)),
      state: "LOCKED",
      lockedAt: new Date(Date.UTC(year, 1, 15)),
    },
    update: {},
  });
  log("demo: accounts");
  for (const a of DEMO_ACCOUNTS) {
    if (await db.user.findUnique({ where: { email: a.email } })) continue;
    await createUser(db, {
      email: a.email,
      name: a.name,
      role: a.role,
      password: a.password,
      firm: "firm" in a ? a.firm : null,
      ...(a.role === "AUDITOR"
        ? { accessStart: new Date(now.getTime() - 30 * DAY), accessEnd: new Date(now.getTime() + 90 * DAY), periodIds: [current.id] }
        : {}),
    });
  }
  const extra = await seedDemoEvidence(db, { now, log });
  await db.setting.create({ data: { key: SEEDED_KEY, value: now.toISOString() } });
  return { seeded: true, users: await db.user.count(), periods: await db.auditPeriod.count(), ...extra };
}

/** Gateway traffic, repositories and their evaluation; filled in by the ingest modules. */
async function seedDemoEvidence(_db: Db, _opts: { now: Date; log: (m: string) => void }): Promise<Record<string, unknown>> {
  return {};
}
