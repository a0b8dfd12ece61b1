/**
 * GitHub REST sync: pull requests merged into the production branch, their reviews, their
 * commits and body, for one repository.
 *
 * Incremental: the list is read newest-updated first (`sort=updated&direction=desc`) and
 * stops at the first PR not updated since the last completed sync (Repository.githubCursor
 * `since`, the highest `updated_at` seen when that sync started). Resumable: after every
 * page the cursor records the next page to read; a sync that failed (rate limit for longer
 * than allowed, network) starts again from there. Items updated in the meantime move to
 * the front of the list, so resuming never skips one (it may see some twice: writes are
 * idempotent) and the next sync picks the moved ones up.
 */
import type { Db } from "../../db/client";
import { IdentityResolver } from "../../people/people";
import { finishRun, quarantine, startRun } from "../ingest-run";
import { CODEOWNERS_PATHS } from "../git/codeowners";
import { GitHubClient, GitHubError, type GitHubClientOptions } from "./client";
import { isRepoPart, pullRequestSchema, prCommitSchema, repositorySchema, reviewSchema, zodReason, type GhPrCommit, type GhReview } from "./schemas";
import { linkCommitIdentities, loadStoreContext, upsertPullRequest, upsertReviews } from "./store";

export interface GitHubSyncOptions extends Omit<GitHubClientOptions, "token"> {
  owner: string;
  name: string;
  token?: string | null;
  /** page size (default 100, GitHub's maximum) */
  perPage?: number;
  /** stop after this many pages of pull requests (the cursor keeps the place) */
  maxPages?: number;
  /** read CODEOWNERS at each PR's base commit through the contents API when no snapshot exists (default true) */
  codeowners?: boolean;
}

export interface GitHubCursor {
  /** updated_at high-water mark of the last completed sync */
  since?: string | null;
  /** an interrupted sync: where to resume */
  pending?: { page: number; highWater: string | null; since: string | null; startedAt: string } | null;
  completedAt?: string | null;
}

export interface GitHubSyncResult {
  runId: string;
  chainHash: string;
  repository: string;
  branch: string;
  pullRequests: number;
  reviews: number;
  commits: number;
  identityLinks: number;
  codeownersSnapshots: number;
  skippedUnmerged: number;
  quarantined: number;
  pages: number;
  requests: number;
  resumedFromPage: number | null;
  rateLimitWaits: number;
  /** false when maxPages stopped the sync early (run it again to continue) */
  complete: boolean;
  since: string | null;
  /** one time per distinct UTC day of the stored PRs' merge times (for evaluateAffected) */
  affectedTimes: Date[];
}

function parseCursor(v: unknown): GitHubCursor {
  return v && typeof v === "object" ? (v as GitHubCursor) : {};
}

function pageOf(url: string): number | null {
  const p = new URL(url).searchParams.get("page");
  return p ? Number(p) : null;
}

export async function syncGitHub(db: Db, opts: GitHubSyncOptions): Promise<GitHubSyncResult> {
  const owner = opts.owner.trim();
  const name = opts.name.trim();
  if (!isRepoPart(owner) || !isRepoPart(name)) throw new Error(`invalid repository ${owner}/${name}`);
  const fullName = `${owner}/${name}`;
  const log = opts.log ?? (() => undefined);
  const client = new GitHubClient({ ...opts, token: opts.token, log });
  const perPage = Math.min(100, Math.max(1, opts.perPage ?? 100));
  const enc = (s: string) => encodeURIComponent(s);
  const base = `/repos/${enc(owner)}/${enc(name)}`;

  let repo = await db.repository.findUnique({ where: { owner_name: { owner, name } } });
  if (!repo) {
    const meta = repositorySchema.safeParse((await client.get(base)).data);
    const branch = meta.success && meta.data.default_branch ? meta.data.default_branch : "main";
    repo = await db.repository.upsert({
      where: { owner_name: { owner, name } },
      create: { owner, name, productionBranch: branch },
      update: {},
    });
  }
  const branch = repo.productionBranch;
  const cursor = parseCursor(repo.githubCursor);
  const run = await startRun(db, "github", fullName);
  const counts = { read: 0, stored: 0, duplicate: 0, quarantined: 0 };
  const people = new IdentityResolver(db);
  const ctx = await loadStoreContext(db, people);
  const stats = { reviews: 0, commits: 0, identityLinks: 0, codeownersSnapshots: 0, skippedUnmerged: 0, pages: 0 };
  const basesChecked = new Set<string>();
  /** CM-6 reads CODEOWNERS at the PR's base: keep a snapshot of it when git has not. */
  const snapshotBase = async (baseSha: string) => {
    if (opts.codeowners === false || basesChecked.has(baseSha) || !/^[0-9a-f]{40}$/.test(baseSha)) return;
    basesChecked.add(baseSha);
    const have = await db.codeownersSnapshot.findUnique({ where: { repositoryId_commitSha: { repositoryId: repo!.id, commitSha: baseSha } } });
    if (have) return;
    let found: { path: string; content: string } | null = null;
    for (const p of CODEOWNERS_PATHS) {
      try {
        const res = await client.get<{ type?: string; encoding?: string; content?: string }>(`${base}/contents/${p}?ref=${baseSha}`);
        if (res.data?.type === "file" && typeof res.data.content === "string") {
          const content = res.data.encoding === "base64" ? Buffer.from(res.data.content, "base64").toString("utf8") : res.data.content;
          found = { path: p, content };
          break;
        }
      } catch (e) {
        if (e instanceof GitHubError && e.status === 404) continue;
        throw e;
      }
    }
    const created = await db.codeownersSnapshot.createMany({
      data: [{ repositoryId: repo!.id, commitSha: baseSha, path: found?.path ?? null, content: found?.content ?? null }],
      skipDuplicates: true,
    });
    stats.codeownersSnapshots += created.count;
  };
  const days = new Map<string, Date>();
  const pending = cursor.pending ?? null;
  const since = pending ? pending.since : (cursor.since ?? null);
  let highWater: string | null = pending ? pending.highWater : null;
  const startedAt = pending?.startedAt ?? new Date().toISOString();
  const startPage = pending?.page ?? 1;
  if (pending) log(`${fullName}: resuming an interrupted GitHub sync at page ${startPage}`);
  let complete = true;
  let itemIndex = 0;
  const bad: { lineNumber: number; reason: string; raw: string }[] = [];

  const saveCursor = (c: GitHubCursor) => db.repository.update({ where: { id: repo!.id }, data: { githubCursor: c as object } });

  try {
    let url: string | null =
      `${base}/pulls?state=closed&base=${enc(branch)}&sort=updated&direction=desc&per_page=${perPage}&page=${startPage}`;
    let page = startPage;
    let done = false;
    while (url && !done) {
      if (opts.maxPages !== undefined && stats.pages >= opts.maxPages) {
        complete = false;
        break;
      }
      const res: Awaited<ReturnType<typeof client.get<unknown[]>>> = await client.get<unknown[]>(url);
      if (!Array.isArray(res.data)) throw new Error(`GET ${url}: expected a list of pull requests`);
      stats.pages++;
      for (const raw of res.data) {
        itemIndex++;
        counts.read++;
        const parsed = pullRequestSchema.safeParse(raw);
        if (!parsed.success) {
          bad.push({ lineNumber: itemIndex, reason: `pull request: ${zodReason(parsed.error)}`, raw: JSON.stringify(raw) });
          continue;
        }
        const pr = parsed.data;
        if (!highWater || pr.updated_at > highWater) highWater = pr.updated_at;
        if (since && pr.updated_at < since) {
          done = true;
          break;
        }
        if (!pr.merged_at || pr.base.ref !== branch) {
          stats.skippedUnmerged++;
          continue;
        }
        const [reviewsRaw, commitsRaw] = await Promise.all([
          client.all<unknown>(`${base}/pulls/${pr.number}/reviews?per_page=100`),
          client.all<unknown>(`${base}/pulls/${pr.number}/commits?per_page=100`),
        ]);
        const reviews: GhReview[] = [];
        for (const r of reviewsRaw) {
          const p = reviewSchema.safeParse(r);
          if (p.success) reviews.push(p.data);
          else bad.push({ lineNumber: itemIndex, reason: `PR #${pr.number} review: ${zodReason(p.error)}`, raw: JSON.stringify(r) });
        }
        const commits: GhPrCommit[] = [];
        for (const c of commitsRaw) {
          const p = prCommitSchema.safeParse(c);
          if (p.success) commits.push(p.data);
          else bad.push({ lineNumber: itemIndex, reason: `PR #${pr.number} commit: ${zodReason(p.error)}`, raw: JSON.stringify(c) });
        }
        const row = await upsertPullRequest(db, repo.id, pr, ctx, { commitShas: commits.map((c) => c.sha) });
        stats.reviews += await upsertReviews(db, row.id, reviews, ctx, "github");
        stats.commits += commits.length;
        stats.identityLinks += await linkCommitIdentities(commits, ctx);
        await snapshotBase(pr.base.sha);
        counts.stored++;
        const day = pr.merged_at.slice(0, 10);
        if (!days.has(day)) days.set(day, new Date(`${day}T12:00:00.000Z`));
      }
      url = done ? null : res.next;
      page = url ? (pageOf(url) ?? page + 1) : page;
      if (url) await saveCursor({ ...cursor, pending: { page, highWater, since, startedAt } });
    }
    if (bad.length) {
      await quarantine(db, run.id, bad);
      counts.quarantined = bad.length;
    }
    const finalCursor: GitHubCursor = complete
      ? { since: highWater ?? since, pending: null, completedAt: new Date().toISOString() }
      : { ...cursor, pending: { page, highWater, since, startedAt } };
    await db.repository.update({
      where: { id: repo.id },
      data: { githubCursor: finalCursor as object, ...(complete ? { githubSyncedAt: new Date() } : {}) },
    });
    const detail = {
      branch,
      since,
      highWater,
      resumedFromPage: pending ? startPage : null,
      complete,
      requests: client.requests,
      waits: client.waits,
      ...stats,
    };
    const chainHash = await finishRun(db, run.id, counts, { sha256: client.digest(), detail });
    return {
      runId: run.id,
      chainHash,
      repository: fullName,
      branch,
      pullRequests: counts.stored,
      reviews: stats.reviews,
      commits: stats.commits,
      identityLinks: stats.identityLinks,
      codeownersSnapshots: stats.codeownersSnapshots,
      skippedUnmerged: stats.skippedUnmerged,
      quarantined: counts.quarantined,
      pages: stats.pages,
      requests: client.requests,
      resumedFromPage: pending ? startPage : null,
      rateLimitWaits: client.waits.filter((w) => /rate limit/.test(w.reason)).length,
      complete,
      since: complete ? (highWater ?? since) : since,
      affectedTimes: [...days.values()],
    };
  } catch (e) {
    if (bad.length) await quarantine(db, run.id, bad).catch(() => undefined);
    await finishRun(db, run.id, { ...counts, quarantined: bad.length }, {
      sha256: client.digest(),
      error: (e as Error).message,
      detail: { branch, since, resumedFromPage: pending ? startPage : null, waits: client.waits, ...stats },
    }).catch(() => undefined);
    throw e;
  }
}
