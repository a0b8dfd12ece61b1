// The production changes of a period with their pull request, reviews and contributing commits,
// loaded in a handful of set-based queries and shared by the CC8.1 tests and LA-4.
import { Prisma } from "../db/client";
import { isBotLogin } from "../people/identity";
import { IdentityIndex, mergeKeys, overlap, type KeySet } from "./identity";
import { commitKey, commitRef } from "./links";
import { productionCommitsFrom } from "./sql";
import { probesWithTraffic, type TrafficProbe } from "./traffic";
import type { EvaluationShared, PeriodScope, Reader } from "./types";

export interface ReviewRecord {
  id: string;
  login: string;
  type: string;
  state: string;
  commitSha: string | null;
  submittedAt: Date | null;
}

export interface PullRequestRecord {
  id: string;
  number: number;
  title: string;
  body: string | null;
  authorLogin: string | null;
  headSha: string | null;
  baseSha: string | null;
  mergedAt: Date | null;
  aiDeclaration: string | null;
  commitShas: string[];
  /** "git" when the PR is known from the clone only (no reviews), "github" when synced */
  source?: string;
  reviews: ReviewRecord[];
}

export interface Contributor {
  sha: string;
  role: "author" | "committer";
  name: string;
  email: string;
}

export interface ProductionChange {
  id: string;
  repositoryId: string;
  /** "owner/name" */
  repo: string;
  sha: string;
  subject: string;
  committedAt: Date;
  arrival: "MERGE" | "SQUASH" | "REBASE" | "DIRECT" | null;
  pullNumber: number | null;
  aiAssisted: boolean;
  aiTools: string[];
  changedPaths: string[];
  parents: string[];
  productionSeq: number | null;
  authorName: string;
  authorEmail: string;
  /** the population item key and drilldown reference */
  key: string;
  ref: string;
  pr: PullRequestRecord | null;
  /** authors and committers of the change's commits: the PR's commits, a merge's members, a squash or rebase itself */
  contributors: Contributor[];
}

/** When the change reached production: the PR's merge time, else the commit time. */
export function mergeTime(change: ProductionChange): Date {
  return change.pr?.mergedAt ?? change.committedAt;
}

/** Loads the period's production changes once per evaluation run. */
export function productionChanges(db: Reader, period: PeriodScope, shared?: EvaluationShared): Promise<ProductionChange[]> {
  const load = () => loadProductionChanges(db, period);
  return shared ? shared.once(`changes:${period.id}`, load) : load();
}

/** The people register, once per evaluation run. */
export function identityIndex(db: Reader, shared?: EvaluationShared): Promise<IdentityIndex> {
  return shared ? shared.once("identities", () => IdentityIndex.load(db)) : IdentityIndex.load(db);
}

async function loadProductionChanges(db: Reader, period: PeriodScope): Promise<ProductionChange[]> {
  const pc = Prisma.sql`pc AS (SELECT c.id, c."repositoryId", c."pullNumber", c.sha, c."memberShas" FROM ${productionCommitsFrom(period)})`;
  // a PR is matched by the number the ingest read from the merge, else by its merge commit
  const links = Prisma.sql`links AS (
    SELECT DISTINCT ON (commit_id) commit_id, pr_id FROM (
      SELECT pc.id AS commit_id, pr.id AS pr_id, 0 AS prio, pr.number FROM pc
        JOIN "PullRequest" pr ON pr."repositoryId" = pc."repositoryId" AND pr.number = pc."pullNumber"
      UNION ALL
      SELECT pc.id, pr.id, 1, pr.number FROM pc
        JOIN "PullRequest" pr ON pr."repositoryId" = pc."repositoryId" AND pr."mergeCommitSha" = pc.sha
    ) x ORDER BY commit_id, prio, number
  )`;

  const [commits, prs, reviews, members] = await Promise.all([
    db.$queryRaw<
      {
        id: string; repositoryId: string; owner: string; name: string; sha: string; subject: string; committedAt: Date;
        arrival: ProductionChange["arrival"]; pullNumber: number | null; aiAssisted: boolean; aiTools: string[];
        changedPaths: string[]; parents: string[]; productionSeq: number | null;
        authorName: string; authorEmail: string; committerName: string; committerEmail: string;
      }[]
    >`SELECT c.id, c."repositoryId", r.owner, r.name, c.sha, c.subject, c."committedAt", c.arrival::text AS arrival,
        c."pullNumber", c."aiAssisted", coalesce(c."aiTools", '{}') AS "aiTools", coalesce(c."changedPaths", '{}') AS "changedPaths",
        coalesce(c.parents, '{}') AS parents, c."productionSeq",
        c."authorName", c."authorEmail", c."committerName", c."committerEmail"
      FROM ${productionCommitsFrom(period)}
      ORDER BY c."committedAt", c.sha`,
    db.$queryRaw<(Omit<PullRequestRecord, "reviews"> & { commitId: string })[]>`
      WITH ${pc}, ${links}
      SELECT l.commit_id AS "commitId", pr.id, pr.number, pr.title, pr.body, pr."authorLogin", pr."headSha", pr."baseSha",
             pr."mergedAt", pr."aiDeclaration", coalesce(pr."commitShas", '{}') AS "commitShas", pr.source
      FROM links l JOIN "PullRequest" pr ON pr.id = l.pr_id`,
    db.$queryRaw<(ReviewRecord & { pullRequestId: string })[]>`
      WITH ${pc}, ${links}
      SELECT rv.id, rv."pullRequestId", rv."reviewerLogin" AS login, rv."reviewerType" AS type, upper(rv.state) AS state,
             rv."commitSha", rv."submittedAt"
      FROM "Review" rv WHERE rv."pullRequestId" IN (SELECT pr_id FROM links)
      ORDER BY rv."submittedAt" NULLS LAST, rv."githubId"`,
    db.$queryRaw<{ commitId: string; sha: string; authorName: string; authorEmail: string; committerName: string; committerEmail: string }[]>`
      WITH ${pc}, ${links},
      wanted AS (
        SELECT pc.id AS commit_id, pc."repositoryId", unnest(pc."memberShas") AS sha FROM pc
        UNION
        SELECT l.commit_id, pr."repositoryId", unnest(pr."commitShas") FROM links l JOIN "PullRequest" pr ON pr.id = l.pr_id
      )
      SELECT w.commit_id AS "commitId", m.sha, m."authorName", m."authorEmail", m."committerName", m."committerEmail"
      FROM wanted w JOIN "Commit" m ON m."repositoryId" = w."repositoryId" AND m.sha = w.sha`,
  ]);

  const reviewsByPr = new Map<string, ReviewRecord[]>();
  for (const { pullRequestId, ...r } of reviews) {
    const list = reviewsByPr.get(pullRequestId) ?? [];
    list.push(r);
    reviewsByPr.set(pullRequestId, list);
  }
  const prByCommit = new Map<string, PullRequestRecord>();
  for (const { commitId, ...pr } of prs) prByCommit.set(commitId, { ...pr, reviews: reviewsByPr.get(pr.id) ?? [] });
  const membersByCommit = new Map<string, Contributor[]>();
  for (const m of members) {
    const list = membersByCommit.get(m.commitId) ?? [];
    list.push({ sha: m.sha, role: "author", name: m.authorName, email: m.authorEmail });
    list.push({ sha: m.sha, role: "committer", name: m.committerName, email: m.committerEmail });
    membersByCommit.set(m.commitId, list);
  }

  return commits.map((c) => {
    const repo = `${c.owner}/${c.name}`;
    const contributors = [...(membersByCommit.get(c.id) ?? [])];
    // a merge commit is written by whoever merged; a squash, rebase or direct push carries the work itself
    if (c.arrival !== "MERGE") {
      contributors.push({ sha: c.sha, role: "author", name: c.authorName, email: c.authorEmail });
      contributors.push({ sha: c.sha, role: "committer", name: c.committerName, email: c.committerEmail });
    }
    return {
      id: c.id,
      repositoryId: c.repositoryId,
      repo,
      sha: c.sha,
      subject: c.subject,
      committedAt: c.committedAt,
      arrival: c.arrival,
      pullNumber: c.pullNumber,
      aiAssisted: c.aiAssisted,
      aiTools: c.aiTools,
      changedPaths: c.changedPaths,
      parents: c.parents,
      productionSeq: c.productionSeq,
      authorName: c.authorName,
      authorEmail: c.authorEmail,
      key: commitKey(repo, c.sha),
      ref: commitRef(repo, c.sha),
      pr: prByCommit.get(c.id) ?? null,
      contributors,
    };
  });
}

/** The comparison keys of everyone who wrote or committed the change, or opened its PR. */
export function authorKeys(change: ProductionChange, index: IdentityIndex, includePrAuthor = true): KeySet {
  return mergeKeys(
    ...change.contributors.map((c) => index.forEmail(c.email)),
    ...(includePrAuthor && change.pr?.authorLogin ? [index.forLogin(change.pr.authorLogin)] : []),
  );
}

export interface ApprovalAssessment {
  review: ReviewRecord;
  /** why this approval does not count as independent; empty when it counts */
  reasons: string[];
  /** by a bot, an app or a configured service account (CM-5) */
  automated: boolean;
  keys: KeySet;
}

export interface AssessOptions {
  serviceAccounts: readonly string[];
  allowStaleApprovals: boolean;
  /** review ids whose reviewer prompted the AI for this change (CM-3) */
  prompterReviews?: ReadonlySet<string>;
  prompterWindowHours?: number;
}

const short = (sha: string | null) => (sha ? sha.slice(0, 10) : "unknown");

/** Whether a reviewer is a bot, an app or a configured service account (login or linked email). */
export function isAutomatedReviewer(review: ReviewRecord, index: IdentityIndex, serviceAccounts: readonly string[]): boolean {
  if (review.type !== "User" || isBotLogin(review.login, review.type, serviceAccounts) || index.isBotPerson(review.login)) return true;
  const accounts = new Set(serviceAccounts.map((s) => s.trim().toLowerCase()));
  for (const key of index.forLogin(review.login).keys()) if (accounts.has(key.slice(2))) return true;
  return false;
}

/**
 * Every APPROVED review of the change's PR, with the reasons it is not an independent approval
 * (DESIGN.md CM-3 (a)–(d)). The caller decides which reasons matter for its rule.
 */
export function assessApprovals(change: ProductionChange, index: IdentityIndex, opts: AssessOptions): ApprovalAssessment[] {
  const pr = change.pr;
  if (!pr) return [];
  const merged = mergeTime(change);
  const prAuthor = index.forLogin(pr.authorLogin);
  const contributors = change.contributors.map((c) => ({ c, keys: index.forEmail(c.email) }));
  return pr.reviews
    .filter((r) => r.state === "APPROVED")
    .map((review) => {
      const reasons: string[] = [];
      const keys = index.forLogin(review.login);
      const automated = isAutomatedReviewer(review, index, opts.serviceAccounts);
      if (automated) reasons.push("by a bot, app or service account");
      const asAuthor = overlap(keys, prAuthor);
      if (asAuthor) reasons.push(asAuthor.strength === "strong" ? "by the PR author" : "possibly by the PR author (unconfirmed identity link)");
      for (const { c, keys: ck } of contributors) {
        const o = overlap(keys, ck);
        if (!o) continue;
        const who = `${c.role} of ${short(c.sha)} (${c.name} <${c.email}>)`;
        reasons.push(o.strength === "strong" ? `by the ${who}` : `possibly by the ${who} (unconfirmed identity link)`);
        break;
      }
      if (opts.prompterReviews?.has(review.id)) {
        reasons.push(`by the AI prompter (gateway traffic for ${change.repo} within ${opts.prompterWindowHours ?? "?"}h before the merge)`);
      }
      if (!opts.allowStaleApprovals) {
        if (!review.commitSha || !pr.headSha) reasons.push("the reviewed commit is unknown, so approval of the final head cannot be shown");
        else if (review.commitSha !== pr.headSha) reasons.push(`stale: approved ${short(review.commitSha)}, not the final head ${short(pr.headSha)}`);
      }
      if (!review.submittedAt) reasons.push("submission time unknown");
      else if (review.submittedAt.getTime() >= merged.getTime()) reasons.push(`submitted after the merge (${review.submittedAt.toISOString()})`);
      else {
        const withdrawn = pr.reviews.find(
          (r) =>
            r.login.toLowerCase() === review.login.toLowerCase() &&
            r.state === "CHANGES_REQUESTED" &&
            r.submittedAt && r.submittedAt > review.submittedAt! && r.submittedAt < merged,
        );
        if (withdrawn) reasons.push("superseded by a later request for changes from the same reviewer");
      }
      return { review, reasons, automated, keys };
    });
}

/** The text of a setting-driven PR template answer: "yes", "no" or null when unanswered. */
export function declarationIn(body: string | null, question: string): "yes" | "no" | null {
  if (!body) return null;
  const q = question.trim().toLowerCase();
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.toLowerCase();
    const at = line.indexOf(q);
    if (at === -1) continue;
    const answer = line.slice(at + q.length).replace(/[*_`>\-[\]]/g, " ").trim();
    if (/^(yes|y|true)\b/.test(answer) || /^x\s+yes\b/.test(answer)) return "yes";
    if (/^(no|n|false)\b/.test(answer) || /^x\s+no\b/.test(answer)) return "no";
  }
  return null;
}

export interface ChangeTraffic {
  /** approvals (review ids) of AI-assisted changes by someone who used the gateway for the repository before the merge (CM-3) */
  prompterReviews: Set<string>;
  /** changes without an AI marker whose authors used the gateway for the repository before them (CM-4) */
  untagged: Set<string>;
  /** AI-assisted changes whose authors used the gateway, for any repository, around them (LA-4) */
  covered: Set<string>;
}

/**
 * The gateway traffic around the period's changes, for CM-3, CM-4 and LA-4 in one pass over the
 * events: windows of changes.prompterWindowHours before the merge (repository-scoped), and on
 * both sides of it (any repository) for coverage.
 */
export function changeTraffic(db: Reader, period: PeriodScope, windowHours: number, shared?: EvaluationShared): Promise<ChangeTraffic> {
  const load = async (): Promise<ChangeTraffic> => {
    const [changes, index] = await Promise.all([productionChanges(db, period, shared), identityIndex(db, shared)]);
    const w = windowHours * 3_600_000;
    const probes: TrafficProbe[] = [];
    for (const c of changes) {
      const merged = mergeTime(c);
      const before = new Date(merged.getTime() - w);
      const authors = [...authorKeys(c, index).keys()];
      if (c.aiAssisted) {
        probes.push({ id: `covered:${c.id}`, keys: authors, repository: null, from: before, to: new Date(merged.getTime() + w) });
        for (const r of c.pr?.reviews ?? []) {
          if (r.state !== "APPROVED") continue;
          probes.push({ id: `prompter:${r.id}`, keys: [...index.forLogin(r.login).keys()].filter((k) => !k.startsWith("l:")), repository: c.repo, from: before, to: merged });
        }
      } else {
        probes.push({ id: `untagged:${c.id}`, keys: authors, repository: c.repo, from: before, to: merged });
      }
    }
    const found = await probesWithTraffic(db, probes);
    const pick = (prefix: string) => new Set([...found].filter((id) => id.startsWith(prefix)).map((id) => id.slice(prefix.length)));
    return { prompterReviews: pick("prompter:"), untagged: pick("untagged:"), covered: pick("covered:") };
  };
  return shared ? shared.once(`traffic:${period.id}:${windowHours}`, load) : load();
}
