import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoRepository, type DemoRepository } from "../../demo/git-fixture";
import { classifyArrival } from "./arrival";
import { ownersFor } from "./codeowners";
import { detectAiMarkers } from "./markers";
import {
  defaultBranch,
  isAncestor,
  mergedCommits,
  patchIds,
  productionCommits,
  pullRequestCommits,
  pullRequestHeads,
  readCodeownersAt,
  readFileAt,
  type GitCommit,
} from "./reader";

let tmp: string;
let repo: string;
let bare: string;
let mirror: string;
let demo: DemoRepository;

const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-C", cwd, ...args], { encoding: "utf8" }).trim();

async function all<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "git-reader-"));
  repo = path.join(tmp, "work");
  bare = path.join(tmp, "bare.git");
  mirror = path.join(tmp, "mirror.git");
  demo = await createDemoRepository(repo, {
    seed: 7,
    owner: "acme",
    name: "shop",
    commits: 160,
    start: new Date("2025-01-01T00:00:00Z"),
    end: new Date("2025-06-30T00:00:00Z"),
  });
  execFileSync("git", ["clone", "-q", "--bare", repo, bare]);
  execFileSync("git", ["clone", "-q", "--mirror", repo, mirror]);
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("the demo fixture", () => {
  it("has the shape the demo needs", () => {
    const strategies = new Set(demo.pullRequests.map((p) => p.strategy));
    expect(strategies).toEqual(new Set(["merge", "squash", "rebase"]));
    expect(demo.directPushes.length).toBeGreaterThanOrEqual(2);
    const aiShare = demo.pullRequests.filter((p) => p.aiAssisted).length / demo.pullRequests.length;
    expect(aiShare).toBeGreaterThan(0.25);
    expect(aiShare).toBeLessThan(0.6);
    expect(demo.codeownersPullRequest).not.toBeNull();
    expect(demo.pullRequests.some((p) => p.paths.some((x) => x.startsWith("src/payments/") || x.startsWith("src/auth/")))).toBe(true);
  });

  it("is deterministic from its seed", async () => {
    const opts = { seed: 11, owner: "acme", name: "x", commits: 40, start: new Date("2025-01-01Z"), end: new Date("2025-02-01Z") };
    const a = await createDemoRepository(path.join(tmp, "det-a"), { ...opts, bare: true });
    const b = await createDemoRepository(path.join(tmp, "det-b"), { ...opts, bare: true });
    expect(a.headSha).toBe(b.headSha);
    expect(a.pullRequests).toEqual(b.pullRequests);
    const c = await createDemoRepository(path.join(tmp, "det-c"), { ...opts, seed: 12, bare: true });
    expect(c.headSha).not.toBe(a.headSha);
  });
});

describe("reader", () => {
  let commits: GitCommit[];
  beforeAll(async () => {
    commits = await all(productionCommits(repo, "main"));
  });

  it("finds the default branch of bare and non-bare repositories", async () => {
    expect(await defaultBranch(repo)).toBe("main");
    expect(await defaultBranch(bare)).toBe("main");
  });

  it("reads the first-parent line, oldest first, with all fields", () => {
    const expected = git(repo, "rev-list", "--first-parent", "--reverse", "main").split("\n");
    expect(commits.map((c) => c.sha)).toEqual(expected);
    expect(commits[0].parents).toEqual([]);
    expect(commits[0].paths).toContain(".github/CODEOWNERS");
    for (let i = 1; i < commits.length; i++) {
      expect(commits[i].parents[0]).toBe(commits[i - 1].sha);
      expect(commits[i].committedAt.getTime()).toBeGreaterThanOrEqual(commits[i - 1].committedAt.getTime());
    }
    const c = commits[commits.length - 1];
    expect(c.sha).toBe(demo.headSha);
    const raw = git(repo, "log", "-1", "--format=%an|%ae|%at|%cn|%ce|%ct|%s", c.sha).split("|");
    expect([c.authorName, c.authorEmail, String(c.authoredAt.getTime() / 1000), c.committerName, c.committerEmail, String(c.committedAt.getTime() / 1000), c.subject]).toEqual(raw);
    expect(c.message).toBe(git(repo, "log", "-1", "--format=%B", c.sha) + "\n");
  });

  it("lists paths against the first parent, for merges too", () => {
    for (const c of commits.slice(1)) {
      const diff = git(repo, "diff", "--no-renames", "--name-only", c.parents[0], c.sha).split("\n").filter(Boolean);
      expect(c.paths.slice().sort(), c.sha).toEqual(diff.sort());
    }
    const merges = commits.filter((c) => c.parents.length === 2);
    expect(merges.length).toBeGreaterThan(5);
    expect(merges.every((m) => m.paths.length > 0)).toBe(true);
  });

  it("keeps unicode and multi-line messages intact", () => {
    const claude = commits.filter((c) => c.message.includes("🤖 Generated with [Claude Code]"));
    expect(claude.length).toBeGreaterThan(0);
    for (const c of claude) {
      const raw = execFileSync("git", ["-C", repo, "cat-file", "commit", c.sha], { encoding: "utf8" });
      expect(c.message).toBe(raw.slice(raw.indexOf("\n\n") + 2));
    }
    expect(commits.every((c) => c.authorEmail.endsWith("@demo.example") || c.authorEmail.endsWith("users.noreply.github.com"))).toBe(true);
  });

  it("reads incrementally from an ingested sha", async () => {
    const cut = 57;
    const rest = await all(productionCommits(repo, "main", { since: commits[cut].sha }));
    expect(rest.map((c) => c.sha)).toEqual(commits.slice(cut + 1).map((c) => c.sha));
    expect(await all(productionCommits(repo, "main", { since: demo.headSha }))).toEqual([]);
  });

  it("can stop early without leaking the git process", async () => {
    let n = 0;
    for await (const c of productionCommits(repo, "main")) {
      expect(c.sha).toMatch(/^[0-9a-f]{40}$/);
      if (++n === 3) break;
    }
    expect(n).toBe(3);
  });

  it("reads the commits a merge brought in", async () => {
    const merged = demo.pullRequests.filter((p) => p.strategy === "merge");
    for (const pr of merged.slice(0, 10)) {
      const got = await all(mergedCommits(repo, pr.mergeSha));
      expect(got.map((c) => c.sha), `#${pr.number}`).toEqual(pr.commits);
      expect(got[got.length - 1].sha).toBe(pr.headSha);
    }
    const squash = demo.pullRequests.find((p) => p.strategy === "squash")!;
    expect(await all(mergedCommits(repo, squash.mergeSha))).toEqual([]);
  });

  it("lists pull request heads", async () => {
    const heads = await pullRequestHeads(repo);
    expect(heads.size).toBe(demo.pullRequests.length);
    for (const pr of demo.pullRequests) expect(heads.get(pr.headSha)).toBe(pr.number);
    expect(await pullRequestHeads(mirror)).toEqual(heads);
    expect((await pullRequestHeads(bare)).size).toBe(0); // clone --bare does not copy refs/pull
  });

  it("classifies how every production commit arrived", async () => {
    const heads = await pullRequestHeads(repo);
    const prCommits = await pullRequestCommits(repo, "main", { patchIds: true });
    for (const [k, v] of heads) prCommits.set(k, v);
    const ids = await patchIds(repo, commits.filter((c) => c.parents.length === 1).map((c) => c.sha));
    const expected = new Map<string, { kind: string; pullRequest: number | null }>();
    for (const pr of demo.pullRequests) {
      if (pr.strategy === "rebase") for (const s of pr.rebasedCommits) expected.set(s, { kind: "rebase", pullRequest: pr.number });
      else expected.set(pr.mergeSha, { kind: pr.strategy, pullRequest: pr.number });
    }
    for (const s of demo.directPushes) expected.set(s, { kind: "direct", pullRequest: null });
    expect(expected.size).toBe(commits.length);
    for (const c of commits) {
      const got = classifyArrival({ ...c, patchId: ids.get(c.sha) ?? null }, prCommits);
      expect(got, `${c.sha} ${c.subject}`).toEqual(expected.get(c.sha));
    }
  });

  it("reads CODEOWNERS at a pull request's base", async () => {
    const pr = demo.pullRequests.find((p) => p.number === demo.codeownersPullRequest)!;
    const before = await readCodeownersAt(repo, pr.baseSha);
    expect(before).toMatchObject({ path: ".github/CODEOWNERS", text: demo.codeownersBefore });
    const after = await readCodeownersAt(repo, pr.mergeSha);
    expect(after?.text).toBe(demo.codeownersAfter);
    expect(ownersFor(before!.rules, "src/web/App.tsx").owners).toEqual(["@acme/engineering"]);
    expect(ownersFor(after!.rules, "src/web/App.tsx").owners).toEqual(["@acme/frontend", "@grace"]);
    expect(ownersFor(after!.rules, "docs/runbook.md")).toMatchObject({ owners: [], rule: { pattern: "/docs/" } });
    expect(ownersFor(after!.rules, "src/payments/ledger.ts").owners).toEqual(["@acme/payments", "@carol"]);
  });

  it("reads files at a commit, null when missing", async () => {
    expect(await readFileAt(repo, demo.headSha, "README.md")).toContain("# shop");
    expect(await readFileAt(repo, demo.headSha, "no/such/file")).toBeNull();
    expect(await readFileAt(repo, demo.headSha, "src")).toBeNull(); // a directory is not a file
    expect(await readCodeownersAt(repo, commits[0].sha)).not.toBeNull();
    await expect(readFileAt(repo, "0".repeat(40), "README.md")).rejects.toThrow(/git cat-file/);
  });

  it("detects rewritten history", async () => {
    expect(await isAncestor(repo, commits[0].sha, demo.headSha)).toBe(true);
    expect(await isAncestor(repo, demo.headSha, demo.headSha)).toBe(true);
    expect(await isAncestor(repo, demo.headSha, commits[0].sha)).toBe(false);
    expect(await isAncestor(repo, "1".repeat(40), demo.headSha)).toBe(false); // gone after a force push
    await expect(isAncestor(repo, demo.headSha, "no-such-branch")).rejects.toThrow();
  });

  it("works on a bare clone", async () => {
    const fromBare = await all(productionCommits(bare, "main"));
    expect(fromBare.map((c) => [c.sha, c.paths])).toEqual(commits.map((c) => [c.sha, c.paths]));
    const pr = demo.pullRequests.find((p) => p.strategy === "merge")!;
    expect((await all(mergedCommits(bare, pr.mergeSha))).map((c) => c.sha)).toEqual(pr.commits);
    expect((await readCodeownersAt(bare, demo.headSha))?.path).toBe(".github/CODEOWNERS");
  });

  it("throws git's error for a non-repository or an unknown branch", async () => {
    await expect(all(productionCommits(tmp, "main"))).rejects.toThrow(/not a git repository/i);
    await expect(all(productionCommits(repo, "no-such-branch"))).rejects.toThrow(/no-such-branch/);
    await expect(defaultBranch(tmp)).rejects.toThrow(/not a git repository/i);
    await expect(all(productionCommits(repo, "--output=/tmp/x"))).rejects.toThrow(/invalid branch/);
  });

  it("AI markers found on every commit agree with the fixture's ground truth", async () => {
    // production commits, and each pull request's own commits (refs/pull/N/head since its base)
    const everything = new Map<string, GitCommit>();
    for (const c of commits) everything.set(c.sha, c);
    for (const pr of demo.pullRequests) {
      for await (const c of productionCommits(repo, `refs/pull/${pr.number}/head`, { since: pr.baseSha, paths: false })) {
        everything.set(c.sha, c);
      }
    }
    const truth = new Map(demo.aiCommits.map((a) => [a.sha, a]));
    let checked = 0;
    for (const c of everything.values()) {
      const markers = detectAiMarkers(c);
      const t = truth.get(c.sha);
      expect(markers.length > 0, `${c.sha} ${JSON.stringify(c.message)} ${c.authorName}`).toBe(!!t);
      if (t) {
        const tools = new Set(markers.map((m) => m.tool).filter(Boolean));
        for (const tool of t.tools) expect(tools.has(tool), `${c.sha} ${t.styles.join(",")}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
    // strict and lenient both occur
    const parsings = new Set([...everything.values()].flatMap((c) => detectAiMarkers(c).map((m) => m.parsing)));
    expect(parsings).toEqual(new Set(["strict", "lenient"]));
  });
});
