import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/test-database";
import { createDemoRepository, type DemoRepository } from "../demo/git-fixture";
import { verifyRunChain } from "./chain";
import { ingestGitRepository, runGitIngestJob } from "./git-store";

let t: TestDatabase;
let tmp: string;
let demo: DemoRepository;

const START = new Date("2026-01-05T09:00:00Z");
const END = new Date("2026-06-30T18:00:00Z");

function git(dir: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync("git", ["-C", dir, ...args], {
    encoding: "utf8",
    env: { ...process.env, LC_ALL: "C", GIT_CONFIG_NOSYSTEM: "1", HOME: tmp, ...env },
  }).trim();
}

/** A commit on top of `parent` (no working tree needed), at a given time. */
function commitOn(dir: string, parent: string, message: string, when: Date, author = "Zoe Quinn <zoe@acme.example>"): string {
  const tree = git(dir, ["rev-parse", `${parent}^{tree}`]);
  const [, name, email] = /^(.*) <(.*)>$/.exec(author)!;
  const date = `${Math.floor(when.getTime() / 1000)} +0000`;
  return git(dir, ["commit-tree", tree, "-p", parent, "-m", message], {
    GIT_AUTHOR_NAME: name,
    GIT_AUTHOR_EMAIL: email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: name,
    GIT_COMMITTER_EMAIL: email,
    GIT_COMMITTER_DATE: date,
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  tmp = await mkdtemp(path.join(os.tmpdir(), "git-store-"));
  demo = await createDemoRepository(path.join(tmp, "api"), { seed: 7, owner: "acme", name: "api", commits: 260, start: START, end: END, bare: true });
});

afterAll(async () => {
  await t?.drop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("ingestGitRepository against the demo repository's ground truth", () => {
  it("stores the production line with arrivals, PR numbers and AI attribution", async () => {
    // small batches: members and their merge land in different batches, writes overlap parsing
    const res = await ingestGitRepository(t.db, { repoPath: demo.path, owner: "acme", name: "api", chunkSize: 37 });
    const productionExpected =
      demo.directPushes.length +
      demo.pullRequests.reduce((n, pr) => n + (pr.strategy === "rebase" ? pr.rebasedCommits.length : 1), 0);
    expect(res.branch).toBe("main");
    expect(res.tip).toBe(demo.headSha);
    expect(res.productionCommits).toBe(productionExpected);
    expect(res.pullRequests).toBe(demo.pullRequests.length);
    expect(res.directPushes).toBe(demo.directPushes.length);

    const repo = await t.db.repository.findUniqueOrThrow({ where: { owner_name: { owner: "acme", name: "api" } } });
    expect(repo.gitTip).toBe(demo.headSha);
    const prod = await t.db.commit.findMany({ where: { repositoryId: repo.id, isProduction: true }, orderBy: { productionSeq: "asc" } });
    expect(prod.map((c) => c.productionSeq)).toEqual(prod.map((_, i) => i));
    const bySha = new Map(prod.map((c) => [c.sha, c]));

    for (const sha of demo.directPushes) {
      expect(bySha.get(sha)?.arrival, sha).toBe("DIRECT");
      expect(bySha.get(sha)?.pullNumber).toBeNull();
    }
    for (const pr of demo.pullRequests) {
      const shas = pr.strategy === "rebase" ? pr.rebasedCommits : [pr.mergeSha];
      for (const sha of shas) {
        const c = bySha.get(sha);
        expect(c?.arrival, `PR #${pr.number} ${pr.strategy}`).toBe(pr.strategy.toUpperCase());
        expect(c?.pullNumber).toBe(pr.number);
      }
      if (pr.strategy === "merge") {
        const c = bySha.get(pr.mergeSha)!;
        expect(new Set(c.memberShas)).toEqual(new Set(pr.commits));
        expect(c.aiAssisted, `merge of PR #${pr.number}`).toBe(pr.aiAssisted);
      }
    }

    // AI-assisted production commits = those carrying a marker + merges of AI-assisted PRs
    const aiShas = new Set(demo.aiCommits.map((a) => a.sha));
    const aiMerges = new Set(demo.pullRequests.filter((p) => p.strategy === "merge" && p.aiAssisted).map((p) => p.mergeSha));
    const expectedAi = prod.filter((c) => aiShas.has(c.sha) || aiMerges.has(c.sha)).map((c) => c.sha).sort();
    expect(prod.filter((c) => c.aiAssisted).map((c) => c.sha).sort()).toEqual(expectedAi);
    expect(res.aiAssisted).toBe(expectedAi.length);
    // tools recorded: each marked commit names its tools
    for (const a of demo.aiCommits) {
      const c = bySha.get(a.sha);
      if (c) for (const tool of a.tools) expect(c.aiTools, `${a.sha} ${a.styles.join(",")}`).toContain(tool);
    }

    // member commits stored as non-production rows with their own markers
    const mergePr = demo.pullRequests.find((p) => p.strategy === "merge" && p.aiAssisted)!;
    const members = await t.db.commit.findMany({ where: { repositoryId: repo.id, sha: { in: mergePr.commits } } });
    expect(members).toHaveLength(mergePr.commits.length);
    expect(members.every((m) => !m.isProduction)).toBe(true);
    expect(members.some((m) => m.aiAssisted && (m.aiMarkers as unknown[]).length > 0)).toBe(true);

    // pull requests known from git
    const prs = await t.db.pullRequest.findMany({ where: { repositoryId: repo.id } });
    expect(prs).toHaveLength(demo.pullRequests.length);
    for (const pr of demo.pullRequests) {
      const row = prs.find((p) => p.number === pr.number)!;
      expect(row.source).toBe("git");
      expect(row.mergeCommitSha).toBe(pr.mergeSha);
      expect(row.headSha).toBe(pr.headSha);
      expect(row.title).toBe(pr.title);
      expect(row.mergedAt?.getTime()).toBe(bySha.get(pr.mergeSha)!.committedAt.getTime());
    }

    // CODEOWNERS at each base, each distinct base once
    const snapshots = await t.db.codeownersSnapshot.findMany({ where: { repositoryId: repo.id } });
    const bases = new Set(prod.filter((c) => c.pullNumber !== null).map((c) => c.parents[0]));
    expect(snapshots).toHaveLength(bases.size);
    if (demo.codeownersPullRequest !== null) {
      const coPr = demo.pullRequests.find((p) => p.number === demo.codeownersPullRequest)!;
      const before = snapshots.find((s) => s.commitSha === bySha.get(coPr.strategy === "rebase" ? coPr.rebasedCommits[0] : coPr.mergeSha)!.parents[0])!;
      expect(before.path).toBe(".github/CODEOWNERS");
      expect(before.content).toBe(demo.codeownersBefore);
      const last = prod.filter((c) => c.pullNumber !== null).at(-1)!;
      expect(snapshots.find((s) => s.commitSha === last.parents[0])!.content).toBe(demo.codeownersAfter);
    }

    // people: each git author email is an alias of a person (GitHub's committer identity is not)
    const aliases = (await t.db.personAlias.findMany({ where: { kind: "GIT_EMAIL" } })).map((a) => a.value);
    const authorEmails = await t.db.commit.findMany({ distinct: ["authorEmail"], select: { authorEmail: true } });
    expect(authorEmails.length).toBeGreaterThan(3);
    for (const { authorEmail } of authorEmails) expect(aliases).toContain(authorEmail.toLowerCase());
    expect(aliases).not.toContain("noreply@github.com");

    const run = await t.db.ingestRun.findUniqueOrThrow({ where: { id: res.runId } });
    expect(run).toMatchObject({ source: "git", origin: "acme/api", sha256: demo.headSha, status: "COMPLETED" });
    expect(run.chainHash).toBe(res.chainHash);
    expect(res.newCommits).toBeGreaterThan(res.productionCommits);
  });

  it("a second run reads nothing new; a re-read from scratch changes nothing", async () => {
    const before = await t.db.commit.count();
    const second = await ingestGitRepository(t.db, { repoPath: demo.path, owner: "acme", name: "api" });
    expect(second.newCommits).toBe(0);
    expect(second.commitsRead).toBe(0);
    const prodCount = await t.db.commit.count({ where: { isProduction: true } });
    expect(second.productionCommits).toBe(prodCount);

    const snapshot = async () =>
      (await t.db.commit.findMany({ orderBy: { sha: "asc" }, select: { sha: true, isProduction: true, productionSeq: true, arrival: true, pullNumber: true, aiAssisted: true, aiTools: true, memberShas: true } }));
    const state = await snapshot();
    await t.db.repository.updateMany({ data: { gitTip: null } });
    const again = await ingestGitRepository(t.db, { repoPath: demo.path, owner: "acme", name: "api" });
    expect(again.newCommits).toBe(0);
    expect(again.commitsRead).toBe(before);
    expect(again.productionCommits).toBe(second.productionCommits);
    expect(await t.db.commit.count()).toBe(before);
    expect(await snapshot()).toEqual(state);
    expect(await t.db.pullRequest.count()).toBe(demo.pullRequests.length);
    expect((await verifyRunChain(t.db)).ok).toBe(true);
  });

  it("incremental: reads only the new commits, marks late ones, continues the sequence", async () => {
    const lockedStart = new Date("2026-07-01T00:00:00Z");
    await t.db.auditPeriod.create({ data: { name: "H2-2026", start: lockedStart, end: new Date("2027-01-01T00:00:00Z"), state: "LOCKED" } });
    const a = commitOn(demo.path, demo.headSha, "Hotfix: bump timeout\n", new Date("2026-07-02T10:00:00Z"));
    const b = commitOn(demo.path, a, "Tidy logging (#999)\n\nCo-authored-by: Claude <noreply@anthropic.com>\n", new Date("2026-07-03T10:00:00Z"));
    git(demo.path, ["update-ref", "refs/heads/main", b]);
    const res = await ingestGitRepository(t.db, { repoPath: demo.path, owner: "acme", name: "api" });
    expect(res.commitsRead).toBe(2);
    expect(res.newCommits).toBe(2);
    expect(res.newProductionCommits).toBe(2);
    expect(res.late).toBe(2);
    expect(res.affectedTimes.map((d) => d.toISOString().slice(0, 10))).toEqual(["2026-07-02", "2026-07-03"]);
    const rows = await t.db.commit.findMany({ where: { sha: { in: [a, b] } }, orderBy: { productionSeq: "asc" } });
    expect(rows.map((r) => r.arrival)).toEqual(["DIRECT", "SQUASH"]);
    expect(rows.every((r) => r.late)).toBe(true);
    expect(rows[1]).toMatchObject({ pullNumber: 999, aiAssisted: true, aiTools: ["claude-code"] });
    expect(rows[0].productionSeq).toBe(res.productionCommits - 2);
    expect(rows[1].productionSeq).toBe(res.productionCommits - 1);
    expect(await t.db.pullRequest.findFirst({ where: { number: 999 } })).toMatchObject({ source: "git", title: "Tidy logging", mergeCommitSha: b });
    const zoe = await t.db.personAlias.findUnique({ where: { kind_value: { kind: "GIT_EMAIL", value: "zoe@acme.example" } } });
    expect(zoe?.status).toBe("AUTO");
  });

  it("detects a force push, records it and re-reads the branch", async () => {
    const repo = await t.db.repository.findFirstOrThrow();
    const oldTip = repo.gitTip!;
    const parent = git(demo.path, ["rev-parse", `${oldTip}~2`]);
    const rewritten = commitOn(demo.path, parent, "Rewritten history\n", new Date("2026-07-04T10:00:00Z"));
    git(demo.path, ["update-ref", "refs/heads/main", rewritten]);
    const before = await t.db.commit.count({ where: { isProduction: true } });
    const res = await ingestGitRepository(t.db, { repoPath: demo.path, owner: "acme", name: "api" });
    expect(res.forcePush).toBe(true);
    expect(res.previousTip).toBe(oldTip);
    expect(res.newCommits).toBe(1);
    expect(res.productionCommits).toBe(before - 1);
    const run = await t.db.ingestRun.findUniqueOrThrow({ where: { id: res.runId } });
    expect((run.detail as { forcePush: { previousTip: string; removedFirstParentCommits: number } }).forcePush).toMatchObject({
      previousTip: oldTip,
      removedFirstParentCommits: 2,
    });
    const old = await t.db.commit.findFirstOrThrow({ where: { sha: oldTip } });
    expect(old.isProduction).toBe(false);
    const prod = await t.db.commit.findMany({ where: { isProduction: true }, orderBy: { productionSeq: "asc" } });
    expect(prod.map((c) => c.productionSeq)).toEqual(prod.map((_, i) => i));
    expect(prod.at(-1)!.sha).toBe(rewritten);
    expect((await verifyRunChain(t.db)).ok).toBe(true);
  });
});

describe("the git-ingest job queued by push webhooks", () => {
  it("fetches the recorded mirror clone and ingests what is new", async () => {
    const origin = await createDemoRepository(path.join(tmp, "origin-web"), { seed: 11, owner: "acme", name: "web", commits: 40, start: START, end: END, bare: true });
    const mirror = path.join(tmp, "mirror-web.git");
    git(tmp, ["clone", "-q", "--mirror", origin.path, mirror]);
    const first = await ingestGitRepository(t.db, { repoPath: mirror, owner: "acme", name: "web" });
    expect(first.tip).toBe(origin.headSha);
    const next = commitOn(origin.path, origin.headSha, "Hotfix: retry on 503\n", new Date("2026-07-10T10:00:00Z"));
    git(origin.path, ["update-ref", "refs/heads/main", next]);
    const res = await runGitIngestJob(t.db, { repository: "acme/web" });
    expect(res.tip).toBe(next);
    expect(res.newProductionCommits).toBe(1);
    await expect(runGitIngestJob(t.db, { repository: "acme/unknown" })).rejects.toThrow(/no local clone/);
    await expect(runGitIngestJob(t.db, { repository: "../etc" })).rejects.toThrow(/OWNER\/NAME/);
  });
});
