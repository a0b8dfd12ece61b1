// Hand-made evidence rows for the control tests' unit tests (written with Prisma directly, as
// the ingest stores would write them).
import { createHash } from "node:crypto";
import type { Db } from "../db/client";
import type { Prisma } from "../db/client";
import { syncCatalogue } from "./sync-catalogue";

export const T = (s: string) => new Date(s);
const HOUR = 3_600_000;
export const hoursAfter = (d: Date, h: number) => new Date(d.getTime() + h * HOUR);

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;
/** A commit sha made from a readable label. */
export const sha = (label: string) => createHash("sha1").update(label).digest("hex");

export async function setup(db: Db) {
  await syncCatalogue(db);
}

export async function period(db: Db, name = `P-${uniq()}`, start = T("2026-01-01T00:00:00Z"), end = T("2026-07-01T00:00:00Z")) {
  return db.auditPeriod.create({ data: { name, start, end } });
}

export async function repository(db: Db, full = `acme/${uniq()}`) {
  const [owner, name] = full.split("/");
  return db.repository.create({ data: { owner, name, productionBranch: "main" } });
}

export interface CommitInput {
  sha: string;
  committedAt: Date;
  arrival?: "MERGE" | "SQUASH" | "REBASE" | "DIRECT" | null;
  pullNumber?: number | null;
  aiAssisted?: boolean;
  aiTools?: string[];
  authorEmail?: string;
  authorName?: string;
  committerEmail?: string;
  isProduction?: boolean;
  productionSeq?: number | null;
  parents?: string[];
  memberShas?: string[];
  changedPaths?: string[];
  late?: boolean;
}

export async function commit(db: Db, repositoryId: string, c: CommitInput) {
  return db.commit.create({
    data: {
      repositoryId,
      sha: c.sha,
      parents: c.parents ?? [],
      authorName: c.authorName ?? "Dev",
      authorEmail: c.authorEmail ?? "dev@acme.test",
      authoredAt: c.committedAt,
      committerName: "GitHub",
      committerEmail: c.committerEmail ?? "noreply@github.com",
      committedAt: c.committedAt,
      subject: `change ${c.sha.slice(0, 6)}`,
      message: `change ${c.sha.slice(0, 6)}`,
      trailers: { strict: [], lenient: [] },
      isProduction: c.isProduction ?? true,
      productionSeq: c.productionSeq ?? null,
      arrival: c.arrival === undefined ? "SQUASH" : c.arrival,
      pullNumber: c.pullNumber ?? null,
      aiAssisted: c.aiAssisted ?? false,
      aiTools: c.aiTools ?? [],
      memberShas: c.memberShas ?? [],
      changedPaths: c.changedPaths ?? ["src/app.ts"],
      late: c.late ?? false,
    },
  });
}

export interface ReviewInput {
  login: string;
  type?: string;
  state?: string;
  commitSha?: string | null;
  submittedAt: Date;
}

let reviewId = 1_000;
export async function pullRequest(
  db: Db,
  repositoryId: string,
  pr: { number: number; authorLogin: string; headSha: string; mergedAt: Date; mergeCommitSha?: string; baseSha?: string; body?: string | null; commitShas?: string[]; aiDeclaration?: string | null; reviews?: ReviewInput[] },
) {
  return db.pullRequest.create({
    data: {
      repositoryId,
      number: pr.number,
      title: `PR ${pr.number}`,
      body: pr.body === undefined ? "AI-assisted: no" : pr.body,
      authorLogin: pr.authorLogin,
      authorType: "User",
      state: "closed",
      headSha: pr.headSha,
      baseSha: pr.baseSha ?? null,
      mergedAt: pr.mergedAt,
      mergeCommitSha: pr.mergeCommitSha ?? null,
      commitShas: pr.commitShas ?? [],
      aiDeclaration: pr.aiDeclaration ?? null,
      source: "github",
      reviews: {
        create: (pr.reviews ?? []).map((r) => ({
          githubId: BigInt(++reviewId),
          reviewerLogin: r.login,
          reviewerType: r.type ?? "User",
          state: r.state ?? "APPROVED",
          commitSha: r.commitSha === undefined ? pr.headSha : r.commitSha,
          submittedAt: r.submittedAt,
          source: "github",
        })),
      },
    },
  });
}

export async function person(db: Db, name: string, aliases: { kind: "GIT_EMAIL" | "GITHUB_LOGIN" | "PROXY_USER" | "PROXY_EMAIL"; value: string; status?: "AUTO" | "CONFIRMED" | "SUGGESTED" }[], isBot = false) {
  return db.person.create({
    data: { displayName: name, isBot, aliases: { create: aliases.map((a) => ({ kind: a.kind, value: a.value, status: a.status ?? "AUTO" })) } },
  });
}

export interface EventInput {
  occurredAt: Date;
  source?: string;
  gatewayAction?: "BLOCKED" | "MASKED" | "PASSED" | "FAILED" | "UNKNOWN";
  guardrailStatus?: string | null;
  proxyUserId?: string | null;
  proxyUserEmail?: string | null;
  repository?: string | null;
  apiKeyHash?: string | null;
  apiKeyAlias?: string | null;
  model?: string | null;
  toolKey?: string | null;
  hasPayload?: boolean;
  late?: boolean;
  findings?: { type: string; classification: "PUBLIC" | "INTERNAL" | "CONFIDENTIAL" | "RESTRICTED"; testData?: boolean; fingerprint?: string }[];
  toolCalls?: { server: string | null; tool: string; destination?: string | null }[];
}

export async function event(db: Db, e: EventInput) {
  const order = ["PUBLIC", "INTERNAL", "CONFIDENTIAL", "RESTRICTED"];
  const max = (e.findings ?? []).map((f) => f.classification).sort((a, b) => order.indexOf(b) - order.indexOf(a))[0] ?? null;
  return db.aiEvent.create({
    data: {
      source: e.source ?? "litellm",
      naturalKey: uniq(),
      occurredAt: e.occurredAt,
      gatewayAction: e.gatewayAction ?? "PASSED",
      guardrailStatus: e.guardrailStatus ?? null,
      proxyUserId: e.proxyUserId ?? null,
      proxyUserEmail: e.proxyUserEmail ?? null,
      repository: e.repository ?? null,
      apiKeyHash: e.apiKeyHash ?? null,
      apiKeyAlias: e.apiKeyAlias ?? null,
      model: e.model ?? "claude-sonnet-4",
      toolKey: e.toolKey ?? null,
      hasPayload: e.hasPayload ?? true,
      late: e.late ?? false,
      findingCount: e.findings?.length ?? 0,
      maxClassification: max as Prisma.AiEventCreateInput["maxClassification"],
      toolCallCount: e.toolCalls?.length ?? 0,
      findings: {
        create: (e.findings ?? []).map((f, i) => ({
          type: f.type,
          detector: f.type,
          detectorVersion: "1",
          classification: f.classification,
          location: "messages[0].content",
          start: i,
          end: i + 4,
          excerpt: "****",
          fingerprint: f.fingerprint ?? `fp-${f.type}-${i}`,
          confidence: "HIGH",
          testData: f.testData ?? false,
        })),
      },
      toolCalls: { create: (e.toolCalls ?? []).map((t) => ({ server: t.server, tool: t.tool, destination: t.destination ?? null, occurredAt: e.occurredAt })) },
    },
  });
}

export async function adminUser(db: Db, email = `admin-${uniq()}@acme.test`) {
  return db.user.create({ data: { email, name: "Lead", role: "ADMIN" } });
}

/** Exceptions of a test in a period, by item key. */
export async function exceptionsOf(db: Db, periodId: string, testId: string) {
  const rows = await db.controlException.findMany({ where: { periodId, testId }, orderBy: { itemKey: "asc" } });
  return new Map(rows.map((r) => [r.itemKey, r]));
}
