import "server-only";
// Read models of the production-change pages (/changes, /changes/[owner]/[name]/[sha], the PR
// page). The approval verdicts on the commit page come from the CC8.1 rules themselves
// (lib/controls/changes.ts: assessApprovals), so the page and CM-3 never disagree.
import type { Db } from "../../db/client";
import { Prisma } from "../../db/client";
import { assessApprovals, type ProductionChange } from "../../controls/changes";
import { IdentityIndex } from "../../controls/identity";
import { commitKey, commitRef } from "../../controls/links";
import { getSettings } from "../../settings/store";
import { isBotLogin, isGitHubSystemEmail } from "../../people/identity";
import { ownersFor, parseCodeowners } from "../git/codeowners";
import type { AiMarker } from "../git/markers";
import type { Trailer } from "../git/trailers";

export const CHANGES_PAGE_SIZE = 100;

export type Tone = "pass" | "fail" | "warn" | "na";

export interface ReviewSummary {
  label: string;
  tone: Tone;
  approvals: number;
}

export interface SummaryReview {
  reviewerLogin: string;
  reviewerType: string;
  state: string;
  commitSha: string | null;
  submittedAt: Date | null;
}

export interface SummaryPullRequest {
  source: string;
  authorLogin: string | null;
  headSha: string | null;
  mergedAt: Date | null;
  reviews: SummaryReview[];
}

/**
 * A one-line review status for the list (logins compared as strings; the commit page shows
 * the CM-3 assessment, which compares people).
 */
export function summariseReviews(
  commit: { arrival: string | null; pullNumber: number | null; committedAt: Date },
  pr: SummaryPullRequest | null,
  serviceAccounts: readonly string[] = [],
): ReviewSummary {
  if (!pr) {
    if (commit.arrival === "DIRECT" || commit.pullNumber === null) return { label: "direct push: no pull request", tone: "fail", approvals: 0 };
    return { label: `PR #${commit.pullNumber} not in the evidence`, tone: "warn", approvals: 0 };
  }
  const approvals = pr.reviews.filter((r) => r.state === "APPROVED");
  if (pr.reviews.length === 0) {
    return pr.source === "git"
      ? { label: "no review data (git only: sync GitHub)", tone: "warn", approvals: 0 }
      : { label: "no review", tone: "fail", approvals: 0 };
  }
  if (approvals.length === 0) return { label: "no approval", tone: "fail", approvals: 0 };
  const merged = pr.mergedAt ?? commit.committedAt;
  const issues = approvals.map((r) => {
    if (isBotLogin(r.reviewerLogin, r.reviewerType, serviceAccounts) || r.reviewerType !== "User") return "bot approval";
    if (pr.authorLogin && r.reviewerLogin.toLowerCase() === pr.authorLogin.toLowerCase()) return "self-approval";
    if (!r.commitSha || !pr.headSha || r.commitSha !== pr.headSha) return "stale approval";
    if (!r.submittedAt || r.submittedAt >= merged) return "approved after merge";
    return null;
  });
  const ok = approvals.filter((_, i) => issues[i] === null);
  if (ok.length) return { label: `approved by ${ok.map((r) => r.reviewerLogin).join(", ")}`, tone: "pass", approvals: approvals.length };
  return { label: [...new Set(issues)].join(", ") + " only", tone: "fail", approvals: approvals.length };
}

// ---------------------------------------------------------------------------------------
// repositories

export async function repositoriesOverview(db: Db) {
  const repos = await db.repository.findMany({ orderBy: [{ owner: "asc" }, { name: "asc" }] });
  if (repos.length === 0) return [];
  const names = repos.map((r) => `${r.owner}/${r.name}`);
  const [counts, runs, deliveries] = await Promise.all([
    db.commit.groupBy({ by: ["repositoryId", "arrival"], where: { isProduction: true }, _count: { _all: true } }),
    db.ingestRun.findMany({
      where: { origin: { in: names }, source: { in: ["git", "github"] } },
      orderBy: { startedAt: "desc" },
      distinct: ["origin", "source"],
      select: { origin: true, source: true, status: true, startedAt: true, finishedAt: true, error: true, detail: true },
    }),
    db.webhookDelivery.findFirst({ orderBy: { receivedAt: "desc" } }),
  ]);
  const prCounts = await db.pullRequest.groupBy({ by: ["repositoryId", "source"], _count: { _all: true } });
  return repos.map((r) => {
    const name = `${r.owner}/${r.name}`;
    const mine = counts.filter((c) => c.repositoryId === r.id);
    const lastGit = runs.find((x) => x.origin === name && x.source === "git") ?? null;
    return {
      id: r.id,
      name,
      branch: r.productionBranch,
      gitTip: r.gitTip,
      githubSyncedAt: r.githubSyncedAt,
      productionCommits: mine.reduce((n, c) => n + c._count._all, 0),
      directPushes: mine.find((c) => c.arrival === "DIRECT")?._count._all ?? 0,
      pullRequests: prCounts.filter((p) => p.repositoryId === r.id).reduce((n, p) => n + p._count._all, 0),
      pullRequestsFromGitHub: prCounts.find((p) => p.repositoryId === r.id && p.source === "github")?._count._all ?? 0,
      lastGit,
      lastGitForcePush: Boolean(lastGit && (lastGit.detail as { forcePush?: unknown } | null)?.forcePush),
      lastGitHub: runs.find((x) => x.origin === name && x.source === "github") ?? null,
      lastWebhook: deliveries,
    };
  });
}

// ---------------------------------------------------------------------------------------
// the list

export interface ChangesFilter {
  from: Date;
  to: Date;
  repo?: string;
  arrival?: string;
  ai?: "yes" | "no";
  q?: string;
  page?: number;
}

function listWhere(f: ChangesFilter): Prisma.CommitWhereInput {
  const where: Prisma.CommitWhereInput = { isProduction: true, committedAt: { gte: f.from, lt: f.to } };
  if (f.repo && /^[^/]+\/[^/]+$/.test(f.repo)) {
    const [owner, name] = f.repo.split("/");
    where.repository = { owner, name };
  }
  if (f.arrival && ["MERGE", "SQUASH", "REBASE", "DIRECT"].includes(f.arrival)) where.arrival = f.arrival as "MERGE";
  if (f.ai === "yes") where.aiAssisted = true;
  if (f.ai === "no") where.aiAssisted = false;
  const q = f.q?.trim();
  if (q) {
    const or: Prisma.CommitWhereInput[] = [
      { authorEmail: { contains: q, mode: "insensitive" } },
      { authorName: { contains: q, mode: "insensitive" } },
      { subject: { contains: q, mode: "insensitive" } },
    ];
    if (/^[0-9a-f]{4,40}$/i.test(q)) or.push({ sha: { startsWith: q.toLowerCase() } });
    if (/^#?\d+$/.test(q)) or.push({ pullNumber: Number(q.replace("#", "")) });
    where.OR = or;
  }
  return where;
}

export async function changesPage(db: Db, f: ChangesFilter) {
  const where = listWhere(f);
  const page = Math.max(0, f.page ?? 0);
  const [commits, total, ai, direct, settings] = await Promise.all([
    db.commit.findMany({
      where,
      orderBy: [{ committedAt: "desc" }, { sha: "asc" }],
      skip: page * CHANGES_PAGE_SIZE,
      take: CHANGES_PAGE_SIZE,
      select: {
        id: true, sha: true, subject: true, committedAt: true, authorName: true, authorEmail: true, arrival: true, pullNumber: true,
        aiAssisted: true, aiTools: true, aiModels: true, late: true, repositoryId: true, repository: { select: { owner: true, name: true } },
      },
    }),
    db.commit.count({ where }),
    db.commit.count({ where: { ...where, aiAssisted: true } }),
    db.commit.count({ where: { ...where, arrival: "DIRECT" } }),
    getSettings(db, ["changes.serviceAccounts"]),
  ]);
  const keys = commits.filter((c) => c.pullNumber !== null).map((c) => ({ repositoryId: c.repositoryId, number: c.pullNumber! }));
  const bySha = commits.map((c) => ({ repositoryId: c.repositoryId, mergeCommitSha: c.sha }));
  const prs = commits.length
    ? await db.pullRequest.findMany({
        where: { OR: [...keys, ...bySha] },
        select: {
          id: true, repositoryId: true, number: true, source: true, authorLogin: true, headSha: true, mergedAt: true, mergeCommitSha: true, aiDeclaration: true,
          reviews: { select: { reviewerLogin: true, reviewerType: true, state: true, commitSha: true, submittedAt: true } },
        },
      })
    : [];
  const rows = commits.map((c) => {
    const pr =
      prs.find((p) => p.repositoryId === c.repositoryId && c.pullNumber !== null && p.number === c.pullNumber) ??
      prs.find((p) => p.repositoryId === c.repositoryId && p.mergeCommitSha === c.sha) ??
      null;
    return {
      ...c,
      repo: `${c.repository.owner}/${c.repository.name}`,
      pr: pr ? { number: pr.number, source: pr.source, aiDeclaration: pr.aiDeclaration } : null,
      review: summariseReviews(c, pr, settings["changes.serviceAccounts"]),
    };
  });
  return { rows, total, aiAssisted: ai, directPushes: direct, page };
}

export async function repositoryNames(db: Db): Promise<string[]> {
  const repos = await db.repository.findMany({ orderBy: [{ owner: "asc" }, { name: "asc" }], select: { owner: true, name: true } });
  return repos.map((r) => `${r.owner}/${r.name}`);
}

// ---------------------------------------------------------------------------------------
// one production commit

export interface CodeownersLine {
  path: string;
  owners: string[];
  pattern: string | null;
  line: number | null;
}

export async function changeDetail(db: Db, owner: string, name: string, sha: string) {
  if (!/^[0-9a-f]{7,64}$/i.test(sha)) return null;
  const repo = await db.repository.findUnique({ where: { owner_name: { owner, name } } });
  if (!repo) return null;
  const commit =
    (await db.commit.findUnique({ where: { repositoryId_sha: { repositoryId: repo.id, sha: sha.toLowerCase() } } })) ??
    (sha.length < 40 ? await db.commit.findFirst({ where: { repositoryId: repo.id, sha: { startsWith: sha.toLowerCase() } }, orderBy: { isProduction: "desc" } }) : null);
  if (!commit) return null;
  const fullName = `${owner}/${name}`;
  const settings = await getSettings(db, ["changes.serviceAccounts", "changes.allowStaleApprovals", "changes.prompterWindowHours", "changes.prTemplateQuestion"]);

  const pr =
    (commit.pullNumber !== null
      ? await db.pullRequest.findUnique({ where: { repositoryId_number: { repositoryId: repo.id, number: commit.pullNumber } }, include: { reviews: { orderBy: [{ submittedAt: "asc" }, { githubId: "asc" }] } } })
      : null) ??
    (await db.pullRequest.findFirst({ where: { repositoryId: repo.id, mergeCommitSha: commit.sha }, include: { reviews: { orderBy: [{ submittedAt: "asc" }, { githubId: "asc" }] } } }));

  const wantedShas = [...new Set([...commit.memberShas, ...(pr?.commitShas ?? [])])];
  const related = wantedShas.length ? await db.commit.findMany({ where: { repositoryId: repo.id, sha: { in: wantedShas } } }) : [];
  const relatedBySha = new Map(related.map((r) => [r.sha, r]));
  const members = commit.memberShas.map((s) => relatedBySha.get(s)).filter((x): x is NonNullable<typeof x> => Boolean(x));
  const prCommits = (pr?.commitShas ?? []).map((s) => relatedBySha.get(s) ?? { sha: s, missing: true as const });
  const siblings = commit.pullNumber !== null
    ? await db.commit.findMany({ where: { repositoryId: repo.id, isProduction: true, pullNumber: commit.pullNumber, sha: { not: commit.sha } }, orderBy: { productionSeq: "asc" }, select: { sha: true, subject: true, arrival: true } })
    : [];

  // the CM-3 assessment of each approval
  const contributors: ProductionChange["contributors"] = [];
  for (const m of new Map([...members, ...related.filter((r) => pr?.commitShas.includes(r.sha))].map((x) => [x.sha, x])).values()) {
    contributors.push({ sha: m.sha, role: "author", name: m.authorName, email: m.authorEmail });
    contributors.push({ sha: m.sha, role: "committer", name: m.committerName, email: m.committerEmail });
  }
  if (commit.arrival !== "MERGE") {
    contributors.push({ sha: commit.sha, role: "author", name: commit.authorName, email: commit.authorEmail });
    contributors.push({ sha: commit.sha, role: "committer", name: commit.committerName, email: commit.committerEmail });
  }
  const index = await IdentityIndex.load(db);
  const change: ProductionChange = {
    id: commit.id,
    repositoryId: repo.id,
    repo: fullName,
    sha: commit.sha,
    subject: commit.subject,
    committedAt: commit.committedAt,
    arrival: commit.arrival,
    pullNumber: commit.pullNumber,
    aiAssisted: commit.aiAssisted,
    aiTools: commit.aiTools,
    changedPaths: commit.changedPaths,
    parents: commit.parents,
    productionSeq: commit.productionSeq,
    authorName: commit.authorName,
    authorEmail: commit.authorEmail,
    key: commitKey(fullName, commit.sha),
    ref: commitRef(fullName, commit.sha),
    pr: pr
      ? {
          id: pr.id,
          number: pr.number,
          title: pr.title,
          body: pr.body,
          authorLogin: pr.authorLogin,
          headSha: pr.headSha,
          baseSha: pr.baseSha,
          mergedAt: pr.mergedAt,
          aiDeclaration: pr.aiDeclaration,
          commitShas: pr.commitShas,
          reviews: pr.reviews.map((r) => ({ id: r.id, login: r.reviewerLogin, type: r.reviewerType, state: r.state.toUpperCase(), commitSha: r.commitSha, submittedAt: r.submittedAt })),
        }
      : null,
    contributors,
  };
  const assessments = new Map(
    assessApprovals(change, index, { serviceAccounts: settings["changes.serviceAccounts"], allowStaleApprovals: settings["changes.allowStaleApprovals"] }).map((a) => [a.review.id, a]),
  );
  const reviews = (pr?.reviews ?? []).map((r) => {
    const a = assessments.get(r.id);
    return {
      ...r,
      githubId: r.githubId.toString(),
      onHead: Boolean(r.commitSha && pr?.headSha && r.commitSha === pr.headSha),
      beforeMerge: Boolean(r.submittedAt && r.submittedAt < (pr?.mergedAt ?? commit.committedAt)),
      person: index.describe([...index.forLogin(r.reviewerLogin).keys()].find((k) => k.startsWith("p:")) ?? `l:${r.reviewerLogin}`),
      counts: a ? a.reasons.length === 0 : null,
      reasons: a?.reasons ?? [],
    };
  });

  // CODEOWNERS at the base (the PR's base as GitHub reports it, else the first parent)
  const base = pr?.baseSha ?? commit.parents[0] ?? null;
  const snapshot = base
    ? (await db.codeownersSnapshot.findUnique({ where: { repositoryId_commitSha: { repositoryId: repo.id, commitSha: base } } })) ??
      (commit.parents[0] && commit.parents[0] !== base
        ? await db.codeownersSnapshot.findUnique({ where: { repositoryId_commitSha: { repositoryId: repo.id, commitSha: commit.parents[0] } } })
        : null)
    : null;
  let codeowners: CodeownersLine[] = [];
  if (snapshot?.content) {
    const rules = parseCodeowners(snapshot.content);
    codeowners = commit.changedPaths.map((p) => {
      const o = ownersFor(rules, p);
      return { path: p, owners: o.owners, pattern: o.rule?.pattern ?? null, line: o.rule?.line ?? null };
    });
  }

  // gateway traffic of the change's authors for this repository in the window before it
  const windowMs = settings["changes.prompterWindowHours"] * 3_600_000;
  const mergedAt = pr?.mergedAt ?? commit.committedAt;
  const earliest = [commit.authoredAt, ...members.map((m) => m.authoredAt)].reduce((a, b) => (b < a ? b : a), commit.authoredAt);
  const windowStart = new Date(earliest.getTime() - windowMs);
  const authorEmails = [...new Set([commit.authorEmail, ...members.map((m) => m.authorEmail)].map((e) => e.toLowerCase()).filter((e) => e && !isGitHubSystemEmail(e)))];
  const personIds = new Set<string>();
  for (const e of authorEmails) for (const k of index.forEmail(e).keys()) if (k.startsWith("p:")) personIds.add(k.slice(2));
  if (pr?.authorLogin) for (const k of index.forLogin(pr.authorLogin).keys()) if (k.startsWith("p:")) personIds.add(k.slice(2));
  const aliases = personIds.size
    ? await db.personAlias.findMany({ where: { personId: { in: [...personIds] }, status: { not: "REJECTED" }, kind: { in: ["PROXY_USER", "PROXY_EMAIL", "GIT_EMAIL"] } } })
    : [];
  const proxyUsers = aliases.filter((a) => a.kind === "PROXY_USER").map((a) => a.value);
  const emails = [...new Set([...authorEmails, ...aliases.filter((a) => a.kind !== "PROXY_USER").map((a) => a.value)])];
  const events = await db.aiEvent.findMany({
    where: {
      repository: fullName,
      occurredAt: { gte: windowStart, lte: mergedAt },
      OR: [
        ...(personIds.size ? [{ personId: { in: [...personIds] } }] : []),
        ...(emails.length ? [{ proxyUserEmail: { in: emails, mode: "insensitive" as const } }, { proxyUserId: { in: emails } }] : []),
        ...(proxyUsers.length ? [{ proxyUserId: { in: proxyUsers } }] : []),
      ],
    },
    orderBy: { occurredAt: "desc" },
    take: 50,
    select: { id: true, occurredAt: true, proxyUserId: true, proxyUserEmail: true, model: true, toolKey: true, clientTool: true, gatewayAction: true, findingCount: true, maxClassification: true },
  });

  const exceptions = await db.controlException.findMany({
    where: { itemType: "COMMIT", itemRef: commitRef(fullName, commit.sha) },
    orderBy: [{ testId: "asc" }],
    select: { id: true, testId: true, periodId: true, summary: true, state: true },
  });

  return {
    repo: { id: repo.id, owner, name, fullName, branch: repo.productionBranch },
    commit: {
      ...commit,
      trailers: commit.trailers as unknown as { strict: Trailer[]; lenient: Trailer[] },
      aiMarkers: commit.aiMarkers as unknown as AiMarker[],
    },
    members: members.map((m) => ({ ...m, aiMarkers: m.aiMarkers as unknown as AiMarker[] })),
    prCommits: prCommits.map((c) => ("missing" in c ? { sha: c.sha, stored: false as const } : { sha: c.sha, stored: true as const, subject: c.subject, authorName: c.authorName, authorEmail: c.authorEmail, aiAssisted: c.aiAssisted, aiTools: c.aiTools })),
    siblings,
    pr: pr ? { ...pr, reviews: undefined } : null,
    templateQuestion: settings["changes.prTemplateQuestion"],
    reviews,
    codeowners: { base, snapshot: snapshot ? { commitSha: snapshot.commitSha, path: snapshot.path } : null, lines: codeowners },
    gateway: { windowStart, windowEnd: mergedAt, windowHours: settings["changes.prompterWindowHours"], events },
    exceptions,
  };
}

export type ChangeDetail = NonNullable<Awaited<ReturnType<typeof changeDetail>>>;

// ---------------------------------------------------------------------------------------
// one pull request

export async function pullRequestDetail(db: Db, owner: string, name: string, number: number) {
  const repo = await db.repository.findUnique({ where: { owner_name: { owner, name } } });
  if (!repo) return null;
  const pr = await db.pullRequest.findUnique({
    where: { repositoryId_number: { repositoryId: repo.id, number } },
    include: { reviews: { orderBy: [{ submittedAt: "asc" }, { githubId: "asc" }] } },
  });
  if (!pr) return null;
  const [production, commits] = await Promise.all([
    db.commit.findMany({
      where: { repositoryId: repo.id, isProduction: true, OR: [{ pullNumber: number }, ...(pr.mergeCommitSha ? [{ sha: pr.mergeCommitSha }] : [])] },
      orderBy: { productionSeq: "asc" },
      select: { sha: true, subject: true, committedAt: true, arrival: true, aiAssisted: true, aiTools: true },
    }),
    pr.commitShas.length ? db.commit.findMany({ where: { repositoryId: repo.id, sha: { in: pr.commitShas } } }) : Promise.resolve([]),
  ]);
  const bySha = new Map(commits.map((c) => [c.sha, c]));
  return {
    repo: { owner, name, fullName: `${owner}/${name}` },
    pr: { ...pr, reviews: pr.reviews.map((r) => ({ ...r, githubId: r.githubId.toString() })) },
    production,
    commits: pr.commitShas.map((s) => bySha.get(s) ?? { sha: s, stored: false as const }),
  };
}
