// Demo GitHub review records for the demo repositories' pull requests, with the
// situations an auditor looks for: proper approvals, stale approvals, bot approvals,
// approvals after the merge, and changes merged without any approval.
import type { Db } from "../db/client";
import type { DemoRepository } from "./git-fixture";
import { GIT_DEMO_ENGINEERS } from "./git-fixture";
import { rng } from "./random";
import { homeRepository } from "./seed-gateway";

const HOUR = 3_600_000;

export async function seedDemoReviews(db: Db, repo: { owner: string; name: string }, truth: DemoRepository, seed: number) {
  const r = rng(seed);
  const repository = await db.repository.findUniqueOrThrow({ where: { owner_name: { owner: repo.owner, name: repo.name } } });
  let reviewId = seed * 100_000;
  let reviews = 0;
  for (const pr of truth.pullRequests) {
    // reviewers mostly come from outside the repository's own AI users, so that an
    // approval by the change's AI prompter stays the exception it should be
    const others = GIT_DEMO_ENGINEERS.filter((e) => e.login !== pr.author && (homeRepository(e.login) !== `${repo.owner}/${repo.name}` || r.chance(0.05)));
    const reviewer = r.pick(others).login;
    const before = (maxHours: number) => new Date(Math.max(pr.createdAt.getTime() + 60_000, pr.mergedAt.getTime() - r.int(1, maxHours * 60) * 60_000));
    const rows: { login: string; type: string; state: string; sha: string; at: Date }[] = [];
    const x = r.next();
    const approve = () => rows.push({ login: reviewer, type: "User", state: "APPROVED", sha: pr.headSha, at: before(30) });
    if (x < 0.8) {
      approve();
    } else if (x < 0.85) {
      // approved, then more commits were pushed: the approval is stale
      if (pr.commits.length > 1) {
        rows.push({ login: reviewer, type: "User", state: "APPROVED", sha: pr.commits[0]!, at: before(48) });
        rows.push({ login: reviewer, type: "User", state: "COMMENTED", sha: pr.headSha, at: before(2) });
      } else approve();
    } else if (x < 0.88) {
      rows.push({ login: "renovate[bot]", type: "Bot", state: "APPROVED", sha: pr.headSha, at: before(5) });
    } else if (x < 0.91) {
      rows.push({ login: reviewer, type: "User", state: "APPROVED", sha: pr.headSha, at: new Date(pr.mergedAt.getTime() + r.int(1, 20) * HOUR) });
    } else if (x < 0.94) {
      rows.push({ login: reviewer, type: "User", state: "CHANGES_REQUESTED", sha: pr.headSha, at: before(10) });
    } else {
      approve();
      // a second approver, who may own more of the paths
      rows.push({ login: r.pick(others).login, type: "User", state: "APPROVED", sha: pr.headSha, at: before(10) });
    }
    const data = {
      title: pr.title,
      body: pr.body,
      authorLogin: pr.author,
      authorType: "User",
      state: "closed",
      baseRef: "main",
      baseSha: pr.baseSha,
      headRef: pr.branch,
      headSha: pr.headSha,
      mergedAt: pr.mergedAt,
      mergeCommitSha: pr.mergeSha,
      mergedByLogin: pr.mergedBy,
      createdAt: pr.createdAt,
      updatedAt: pr.mergedAt,
      commitShas: pr.commits,
      aiDeclaration: pr.declaredAiAssisted === null ? null : pr.declaredAiAssisted ? "yes" : "no",
      source: "github",
    };
    const row = await db.pullRequest.upsert({
      where: { repositoryId_number: { repositoryId: repository.id, number: pr.number } },
      create: { repositoryId: repository.id, number: pr.number, ...data },
      update: data,
    });
    await db.review.createMany({
      data: rows.map((v) => ({
        pullRequestId: row.id,
        githubId: BigInt(++reviewId),
        reviewerLogin: v.login,
        reviewerType: v.type,
        state: v.state,
        commitSha: v.sha,
        submittedAt: v.at,
        source: "github",
      })),
      skipDuplicates: true,
    });
    reviews += rows.length;
  }
  return { pullRequests: truth.pullRequests.length, reviews };
}
