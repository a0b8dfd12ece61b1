import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import type { Db } from "../db/client";
import { DATA_DIR } from "../db/embedded";
import { evaluatePeriod } from "../controls/evaluate";
import { commentOnException, dispositionException } from "../controls/exception-workflow";
import { rng } from "./random";
import { ingestGitRepository } from "../ingest/git-store";
import { registerIdentity, registerTool } from "../registers/registers";
import { setSetting } from "../settings/store";
import { rollUpAll } from "../summary/rollup";
import { createDemoRepository } from "./git-fixture";
import { DEMO_ENGINEERS, DEMO_REPOSITORIES, seedDemoGateway } from "./seed-gateway";
import { seedDemoReviews } from "./seed-reviews";
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
export async function seedDemo(db: Db, opts: { now?: Date; log?: (m: string) => void; repoDir?: string } = {}): Promise<SeedResult> {
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
  const extra = await seedDemoEvidence(db, { now, log, repoDir: opts.repoDir });
  await db.setting.create({ data: { key: SEEDED_KEY, value: now.toISOString() } });
  return { seeded: true, users: await db.user.count(), periods: await db.auditPeriod.count(), ...extra };
}

/**
 * The evidence: gateway traffic through the real ingest path, three git repositories
 * built with git and ingested like a user's clone, their review records, registers,
 * then evaluation and roll-ups. Repositories live under `repoDir` (default .data/demo-repos).
 */
async function seedDemoEvidence(db: Db, opts: { now: Date; log: (m: string) => void; repoDir?: string }): Promise<Record<string, unknown>> {
  const { now, log } = opts;
  const days = 120;
  const start = new Date(now.getTime() - days * DAY);
  log("demo: gateway traffic");
  const gateway = await seedDemoGateway(db, { now, days, perDay: 30 });

  const repoDir = opts.repoDir ?? path.join(DATA_DIR, "demo-repos");
  await mkdir(repoDir, { recursive: true });
  const repositories: Record<string, unknown>[] = [];
  for (const [i, full] of DEMO_REPOSITORIES.entries()) {
    const [owner, name] = full.split("/") as [string, string];
    log(`demo: repository ${full}`);
    const dir = path.join(repoDir, `${owner}-${name}.git`);
    await rm(dir, { recursive: true, force: true });
    const truth = await createDemoRepository(dir, { seed: 101 + i, owner, name, commits: 90, start, end: now, bare: true });
    const ingested = await ingestGitRepository(db, { repoPath: dir, owner, name });
    const reviews = await seedDemoReviews(db, { owner, name }, truth, 7 + i);
    repositories.push({ repository: full, productionCommits: ingested.productionCommits, aiAssisted: ingested.aiAssisted, ...reviews });
  }
  await seedDemoRegisters(db, now);
  log("demo: evaluating controls");
  const periods = await db.auditPeriod.findMany({ where: { state: "OPEN" } });
  for (const p of periods) await evaluatePeriod(db, p.id, { trigger: "seed", now });
  const dispositioned = await seedDemoDispositions(db, now);
  for (const p of periods) await evaluatePeriod(db, p.id, { trigger: "seed", now });
  log("demo: daily roll-ups");
  await rollUpAll(db);
  return { gatewayEvents: gateway.stored, quarantined: gateway.quarantined, repositories, dispositioned };
}

/** The compliance lead's work so far: most older egress exceptions dispositioned within the SLA. */
async function seedDemoDispositions(db: Db, now: Date): Promise<number> {
  const admin = await db.user.findFirstOrThrow({ where: { role: "ADMIN" } });
  const r = rng(99);
  const open = await db.controlException.findMany({
    where: { state: "OPEN", testId: { in: ["DC-1", "DC-2", "CM-5"] }, occurredAt: { lt: new Date(now.getTime() - 10 * DAY) } },
    orderBy: { itemKey: "asc" },
  });
  let n = 0;
  for (const x of open) {
    if (r.chance(0.15)) continue;
    const at = new Date((x.occurredAt ?? now).getTime() + r.int(2, 90) * 3_600_000);
    const choice = x.testId === "CM-5"
      ? { kind: "RISK_ACCEPTED", comment: "Dependency bot approvals on lockfile-only changes accepted by the CTO until the approval rule is enforced in GitHub." }
      : r.pick([
          { kind: "INCIDENT", reference: `SEC-${r.int(100, 999)}`, comment: "Customer data sent to the model vendor; vendor has zero data retention, engineer retrained." },
          { kind: "FALSE_POSITIVE", comment: "Synthetic data from the test fixtures, not customer data." },
          { kind: "REMEDIATED", comment: "Credential rotated the same day; gateway rule tightened." },
        ]);
    await dispositionException(db, x.id, choice, admin, at);
    n++;
  }
  const one = open[0];
  if (one) await commentOnException(db, one.id, { body: "Internal: check whether legal must notify the customer.", internal: true }, admin);
  return n;
}

/** Most tools and credentials registered; a shadow tool, a stale attestation and a shared key left for the matrix to find. */
async function seedDemoRegisters(db: Db, now: Date) {
  const monthsAgo = (m: number) => new Date(now.getTime() - m * 30 * DAY);
  const tools = [
    { key: "anthropic", vendor: "Anthropic", product: "Anthropic API", soc2ReportDate: monthsAgo(4) },
    { key: "claude-code", vendor: "Anthropic", product: "Claude Code", soc2ReportDate: monthsAgo(4) },
    { key: "openai", vendor: "OpenAI", product: "OpenAI API", soc2ReportDate: monthsAgo(15) },
    { key: "aider", vendor: "Aider (open source)", product: "aider", soc2ReportDate: null },
    { key: "copilot", vendor: "GitHub", product: "GitHub Copilot", soc2ReportDate: monthsAgo(7) },
    { key: "codex", vendor: "OpenAI", product: "Codex", soc2ReportDate: monthsAgo(3) },
  ];
  for (const t of tools) {
    await registerTool(db, {
      ...t,
      contractType: t.soc2ReportDate ? "Enterprise agreement" : "Open-source client (uses registered model vendors)",
      tier: "enterprise",
      zeroDataRetention: "yes",
      trainingOnInputs: "no",
      incidentContact: `security@${t.vendor.toLowerCase().split(" ")[0]}.example`,
      documents: t.soc2ReportDate ? `https://trust.${t.vendor.toLowerCase().split(" ")[0]}.example/soc2` : "",
    });
  }
  for (const e of DEMO_ENGINEERS) {
    await registerIdentity(db, {
      credential: e.keyHash,
      alias: e.keyAlias,
      ownerEmail: e.email,
      purpose: `${e.name}'s coding agent (${e.tool})`,
      allowedModels: e.tool === "cursor" ? "gpt-4.1, claude-sonnet-4-5" : e.tool === "aider" ? "gpt-4o" : "claude-sonnet-4-5, claude-opus-4-1",
      allowedMcpServers: "github",
      allowedTools: "create_issue, search_code",
      expiresAt: e.login === "hugo" ? monthsAgo(1).toISOString().slice(0, 10) : "",
    });
  }
  await setSetting(db, "changes.teamMembers" as never, DEMO_TEAMS as never, null, "demo teams");
}

const DEMO_TEAMS = {
  "@acme/engineering": ["alice", "bob", "carol", "dev", "erin", "farid", "grace", "hugo"],
  "@acme/payments": ["carol", "alice"],
  "@acme/security": ["erin", "hugo"],
  "@acme/platform": ["dev", "farid"],
  "@acme/frontend": ["grace", "bob"],
};
