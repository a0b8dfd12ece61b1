/**
 * Writes what GitHub says about a pull request (REST sync and webhooks share this):
 * the PullRequest row (source "github", replacing what git alone could tell), its reviews
 * (by GitHub review id: a review is updated, never deleted, so an approval on an earlier head
 * keeps its commit_id — the evidence of a stale approval — and a dismissal keeps when and on
 * what the approval was given), and the people behind logins and commit emails.
 */
import type { Db } from "../../db/client";
import { getSettings } from "../../settings/store";
import { isBotLogin, isGitHubSystemEmail } from "../../people/identity";
import type { IdentityResolver } from "../../people/people";
import { parseAiDeclaration } from "./declaration";
import { normaliseReviewState, userType, type GhPrCommit, type GhPullRequest, type GhReview } from "./schemas";

export interface StoreContext {
  question: string;
  serviceAccounts: string[];
  people: IdentityResolver;
}

export async function loadStoreContext(db: Db, people: IdentityResolver): Promise<StoreContext> {
  const s = await getSettings(db, ["changes.prTemplateQuestion", "changes.serviceAccounts"]);
  return { question: s["changes.prTemplateQuestion"], serviceAccounts: s["changes.serviceAccounts"], people };
}

function date(s: string | null | undefined): Date | null {
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function prState(pr: GhPullRequest): string {
  return pr.merged_at || pr.merged ? "merged" : pr.state;
}

/**
 * Upserts a pull request. `commitShas` replaces the stored list only when given (webhook
 * payloads carry no commit list); a body is only replaced when the payload has one.
 */
export async function upsertPullRequest(
  db: Db,
  repositoryId: string,
  pr: GhPullRequest,
  ctx: StoreContext,
  opts: { commitShas?: string[] } = {},
) {
  const body = pr.body ?? null;
  const data = {
    title: pr.title.slice(0, 1000),
    body,
    authorLogin: pr.user?.login ?? null,
    authorType: pr.user ? userType(pr.user) : null,
    state: prState(pr),
    baseRef: pr.base.ref,
    baseSha: pr.base.sha,
    headRef: pr.head.ref,
    headSha: pr.head.sha,
    mergedAt: date(pr.merged_at),
    mergeCommitSha: pr.merge_commit_sha ?? null,
    mergedByLogin: pr.merged_by?.login ?? null,
    createdAt: date(pr.created_at),
    updatedAt: date(pr.updated_at),
    aiDeclaration: parseAiDeclaration(body, ctx.question),
    source: "github",
    syncedAt: new Date(),
  };
  const row = await db.pullRequest.upsert({
    where: { repositoryId_number: { repositoryId, number: pr.number } },
    create: { repositoryId, number: pr.number, ...data, commitShas: opts.commitShas ?? [] },
    update: {
      ...data,
      // keep what is known when a webhook payload omits it
      mergedByLogin: data.mergedByLogin ?? undefined,
      mergeCommitSha: data.mergeCommitSha ?? undefined,
      ...(opts.commitShas && opts.commitShas.length ? { commitShas: opts.commitShas } : {}),
    },
  });
  if (pr.user) await ctx.people.resolve("GITHUB_LOGIN", pr.user.login, { isBot: isBotLogin(pr.user.login, pr.user.type, ctx.serviceAccounts) });
  if (pr.merged_by) await ctx.people.resolve("GITHUB_LOGIN", pr.merged_by.login, { isBot: isBotLogin(pr.merged_by.login, pr.merged_by.type, ctx.serviceAccounts) });
  return row;
}

/** Upserts reviews by GitHub id. `dismissed` forces the DISMISSED state (webhook action). */
export async function upsertReviews(
  db: Db,
  pullRequestId: string,
  reviews: GhReview[],
  ctx: StoreContext,
  source: "github" | "webhook",
  opts: { dismissed?: boolean } = {},
): Promise<number> {
  let n = 0;
  for (const r of reviews) {
    const login = r.user?.login ?? "ghost";
    const state = opts.dismissed ? "DISMISSED" : normaliseReviewState(r.state);
    const submittedAt = date(r.submitted_at);
    const data = {
      pullRequestId,
      reviewerLogin: login,
      reviewerType: userType(r.user),
      state,
      commitSha: r.commit_id ?? null,
      submittedAt,
      source,
      syncedAt: new Date(),
    };
    await db.review.upsert({
      where: { githubId: BigInt(r.id) },
      create: { githubId: BigInt(r.id), ...data },
      // a later payload without the commit or time (a dismissal) keeps what was recorded
      update: { ...data, commitSha: data.commitSha ?? undefined, submittedAt: data.submittedAt ?? undefined },
    });
    if (r.user) await ctx.people.resolve("GITHUB_LOGIN", login, { isBot: isBotLogin(login, r.user.type, ctx.serviceAccounts) });
    n++;
  }
  return n;
}

/** GitHub's own association of commit emails with accounts: links GIT_EMAIL ↔ GITHUB_LOGIN (AUTO). */
export async function linkCommitIdentities(commits: GhPrCommit[], ctx: StoreContext): Promise<number> {
  let links = 0;
  for (const c of commits) {
    const pairs: [GhPrCommit["author"], { name?: string | null; email?: string | null } | null | undefined][] = [
      [c.author, c.commit.author],
      [c.committer, c.commit.committer],
    ];
    for (const [user, id] of pairs) {
      const email = id?.email?.trim();
      if (!user || !email || isGitHubSystemEmail(email) || user.login.toLowerCase() === "web-flow") continue;
      const bot = isBotLogin(user.login, user.type, ctx.serviceAccounts);
      const res = await ctx.people.link(
        { kind: "GITHUB_LOGIN", value: user.login, isBot: bot },
        { kind: "GIT_EMAIL", value: email, name: id?.name ?? null, isBot: bot },
        "AUTO",
      );
      if (res?.linked) links++;
    }
  }
  return links;
}
