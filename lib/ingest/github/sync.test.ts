import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/test-database";
import { verifyRunChain } from "../chain";
import { startFakeGitHub, type FakeGitHub, type FakePull } from "./fake-github";
import { syncGitHub } from "./sync";

let t: TestDatabase;
let gh: FakeGitHub;

const sha = (n: number, c = "a") => `${c}${String(n).padStart(39, "0")}`;

function pull(n: number, updated: string, extra: Partial<FakePull> = {}): FakePull {
  return {
    number: n,
    title: `Change ${n}`,
    body: `## Summary\n\nChange ${n}\n\n## AI assistance\n\nAI-assisted: ${n % 2 ? "yes" : "no"}\n`,
    user: { login: "alice" },
    base: "main",
    baseSha: sha(n, "b"),
    headRef: `feature/${n}`,
    headSha: sha(n, "h"),
    created_at: "2026-03-01T10:00:00Z",
    updated_at: updated,
    merged_at: updated,
    merge_commit_sha: sha(n, "m"),
    reviews: [{ id: n * 10, user: { login: "bob" }, state: "APPROVED", commit_id: sha(n, "h"), submitted_at: "2026-03-02T09:00:00Z" }],
    commits: [
      {
        sha: sha(n, "c"),
        author: { name: "Alice Nguyen", email: "alice@acme.example", date: "2026-03-01T10:00:00Z" },
        committer: { name: "GitHub", email: "noreply@github.com", date: "2026-03-01T10:00:00Z" },
        message: `Change ${n}`,
        authorLogin: "alice",
        committerLogin: "web-flow",
      },
    ],
    ...extra,
  };
}

/** A clock that only moves when the sync sleeps. */
function fakeClock(start = Date.parse("2026-03-10T12:00:00Z")) {
  const clock = { now: start, slept: [] as number[], wokeAt: [] as number[] };
  return {
    clock,
    now: () => clock.now,
    sleep: async (ms: number) => {
      clock.slept.push(ms);
      clock.now += ms;
      clock.wokeAt.push(clock.now);
    },
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  gh = await startFakeGitHub({ prefix: "/api/v3" });
});

afterAll(async () => {
  await gh?.close();
  await t?.drop();
});

describe("syncGitHub against a loopback GitHub", () => {
  it("pages through merged PRs, waits out rate limits, retries a 502, stores reviews and identities", async () => {
    const pr1 = pull(1, "2026-03-05T10:00:00Z", {
      reviews: [
        // approval on an earlier head: stale
        { id: 11, user: { login: "bob" }, state: "APPROVED", commit_id: sha(1, "o"), submitted_at: "2026-03-04T09:00:00Z" },
        { id: 12, user: { login: "review-helper[bot]", type: "Bot" }, state: "APPROVED", commit_id: sha(1, "h"), submitted_at: "2026-03-05T09:00:00Z" },
        { id: 13, user: { login: "carol" }, state: "CHANGES_REQUESTED", commit_id: sha(1, "h"), submitted_at: "2026-03-05T09:30:00Z" },
      ],
    });
    const unmerged = pull(3, "2026-03-06T10:00:00Z", { merged_at: null, merge_commit_sha: null });
    const other = pull(6, "2026-03-09T10:00:00Z", { base: "develop" });
    gh.pulls.set("acme/api", [
      pr1,
      pull(2, "2026-03-08T10:00:00Z", { body: "AI-assisted:\n- [ ] Yes\n- [x] No\n" }),
      unmerged,
      pull(4, "2026-03-07T10:00:00Z", { body: null }),
      pull(5, "2026-03-04T10:00:00Z", { user: { login: "dependabot[bot]", type: "Bot" } }),
      other,
    ]);
    gh.files.set(`acme/api@${sha(1, "b")}:CODEOWNERS`, "*       @acme/engineering\n/src/payments/ @acme/payments\n");
    const { clock, now, sleep } = fakeClock();
    const reset = Math.floor(clock.now / 1000) + 30;
    gh.faults.push(
      { match: /\/pulls\?.*[?&]page=2/, status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) }, body: { message: "API rate limit exceeded" } },
      { match: /\/pulls\/4\/reviews/, status: 502, body: { message: "Server Error" } },
      { match: /\/pulls\/2\/commits/, status: 429, headers: { "retry-after": "7" }, body: { message: "You have exceeded a secondary rate limit" } },
    );
    const messages: string[] = [];
    const res = await syncGitHub(t.db, {
      owner: "acme",
      name: "api",
      token: "ghp_test",
      apiUrl: gh.url,
      perPage: 2,
      now,
      sleep,
      log: (m) => messages.push(m),
    });

    expect(res).toMatchObject({ branch: "main", pullRequests: 4, skippedUnmerged: 1, complete: true, quarantined: 0 });
    expect(res.pages).toBe(3);
    expect(res.since).toBe("2026-03-08T10:00:00Z");
    // 403 waited until the reset (+1 s), 502 backed off, 429 honoured retry-after
    expect(clock.wokeAt).toContain(reset * 1000 + 1000);
    expect(clock.slept).toContain(7000);
    expect(clock.slept).toContain(1000);
    expect(res.rateLimitWaits).toBe(2);
    expect(messages.some((m) => /rate limit exhausted/.test(m))).toBe(true);
    expect(gh.authorizations.every((a) => a === "Bearer ghp_test")).toBe(true);
    expect(gh.requests.filter((r) => /\/pulls\?/.test(r)).every((r) => r.startsWith("GET /api/v3/repos/acme/api/pulls?state=closed&base=main&sort=updated&direction=desc"))).toBe(true);

    const prs = await t.db.pullRequest.findMany({ orderBy: { number: "asc" }, include: { reviews: { orderBy: { githubId: "asc" } } } });
    expect(prs.map((p) => p.number)).toEqual([1, 2, 4, 5]);
    expect(prs.map((p) => p.aiDeclaration)).toEqual(["yes", "no", null, "yes"]);
    expect(prs[0]).toMatchObject({ source: "github", state: "merged", headSha: sha(1, "h"), mergeCommitSha: sha(1, "m"), commitShas: [sha(1, "c")], authorLogin: "alice", authorType: "User" });
    expect(prs[3]).toMatchObject({ authorLogin: "dependabot[bot]", authorType: "Bot" });
    const reviews = prs[0].reviews;
    expect(reviews.map((r) => [r.reviewerLogin, r.reviewerType, r.state, r.commitSha])).toEqual([
      ["bob", "User", "APPROVED", sha(1, "o")],
      ["review-helper[bot]", "Bot", "APPROVED", sha(1, "h")],
      ["carol", "User", "CHANGES_REQUESTED", sha(1, "h")],
    ]);

    // GitHub's commit ↔ account association links the git email to the login
    const alias = await t.db.personAlias.findUnique({ where: { kind_value: { kind: "GIT_EMAIL", value: "alice@acme.example" } } });
    const login = await t.db.personAlias.findUnique({ where: { kind_value: { kind: "GITHUB_LOGIN", value: "alice" } } });
    expect(alias?.personId).toBe(login?.personId);
    expect(alias?.status).toBe("AUTO");
    const bot = await t.db.personAlias.findUnique({ where: { kind_value: { kind: "GITHUB_LOGIN", value: "review-helper[bot]" } }, include: { person: true } });
    expect(bot?.person.isBot).toBe(true);
    expect(await t.db.personAlias.findFirst({ where: { value: "noreply@github.com" } })).toBeNull();

    // CODEOWNERS at each PR's base through the contents API (first of the documented paths found)
    expect(res.codeownersSnapshots).toBe(4);
    const snaps = await t.db.codeownersSnapshot.findMany({ orderBy: { commitSha: "asc" } });
    expect(snaps.find((s) => s.commitSha === sha(1, "b"))).toMatchObject({ path: "CODEOWNERS", content: "*       @acme/engineering\n/src/payments/ @acme/payments\n" });
    expect(snaps.find((s) => s.commitSha === sha(2, "b"))).toMatchObject({ path: null, content: null });

    const run = await t.db.ingestRun.findUniqueOrThrow({ where: { id: res.runId } });
    expect(run).toMatchObject({ source: "github", origin: "acme/api", status: "COMPLETED", storedCount: 4 });
    expect(run.sha256).toMatch(/^[0-9a-f]{64}$/);
    const repo = await t.db.repository.findFirstOrThrow({ where: { owner: "acme", name: "api" } });
    expect(repo.githubCursor).toMatchObject({ since: "2026-03-08T10:00:00Z", pending: null });
    expect(repo.githubSyncedAt).not.toBeNull();
  });

  it("incremental: reads only what was updated; a dismissed stale approval keeps its commit and time", async () => {
    const before = gh.requests.length;
    const quiet = await syncGitHub(t.db, { owner: "acme", name: "api", token: "ghp_test", apiUrl: gh.url, perPage: 2, sleep: async () => undefined });
    expect(quiet.pages).toBe(1);
    expect(quiet.pullRequests).toBe(1); // the PR at the high-water mark is read again, idempotently
    expect(gh.requests.length - before).toBeLessThanOrEqual(3);

    const pr1 = gh.pulls.get("acme/api")!.find((p) => p.number === 1)!;
    pr1.updated_at = "2026-03-11T08:00:00Z";
    pr1.body = "AI-assisted: no";
    // GitHub now reports the stale approval as dismissed, and no longer lists the bot's review
    pr1.reviews = [
      { id: 11, user: { login: "bob" }, state: "DISMISSED", commit_id: sha(1, "o"), submitted_at: "2026-03-04T09:00:00Z" },
      pr1.reviews[2],
    ];
    const res = await syncGitHub(t.db, { owner: "acme", name: "api", token: "ghp_test", apiUrl: gh.url, perPage: 2, sleep: async () => undefined });
    expect(res.pullRequests).toBe(2); // #1 (updated) and #2 (at the previous high-water mark)
    expect(res.since).toBe("2026-03-11T08:00:00Z");
    const row = await t.db.pullRequest.findFirstOrThrow({ where: { number: 1 }, include: { reviews: { orderBy: { githubId: "asc" } } } });
    expect(row.aiDeclaration).toBe("no");
    expect(row.reviews.map((r) => [String(r.githubId), r.state, r.commitSha, r.submittedAt?.toISOString()])).toEqual([
      ["11", "DISMISSED", sha(1, "o"), "2026-03-04T09:00:00.000Z"],
      ["12", "APPROVED", sha(1, "h"), "2026-03-05T09:00:00.000Z"],
      ["13", "CHANGES_REQUESTED", sha(1, "h"), "2026-03-05T09:30:00.000Z"],
    ]);
    expect((await verifyRunChain(t.db)).ok).toBe(true);
  });

  it("resumes an interrupted sync from the page it failed on", async () => {
    gh.pulls.set("acme/web", [1, 2, 3, 4, 5].map((n) => pull(n, `2026-04-0${n}T10:00:00Z`)));
    gh.faults.push({ match: /repos\/acme\/web\/pulls\?.*[?&]page=2/, status: 502, times: 3 });
    await expect(
      syncGitHub(t.db, { owner: "acme", name: "web", token: "ghp_test", apiUrl: gh.url, perPage: 2, maxRetries: 2, sleep: async () => undefined }),
    ).rejects.toThrow(/502/);
    const repo = await t.db.repository.findFirstOrThrow({ where: { owner: "acme", name: "web" } });
    expect(repo.githubCursor).toMatchObject({ pending: { page: 2, highWater: "2026-04-05T10:00:00Z" } });
    const failed = await t.db.ingestRun.findFirstOrThrow({ where: { origin: "acme/web" } });
    expect(failed.status).toBe("FAILED");
    expect(await t.db.pullRequest.count({ where: { repositoryId: repo.id } })).toBe(2);

    const res = await syncGitHub(t.db, { owner: "acme", name: "web", token: "ghp_test", apiUrl: gh.url, perPage: 2, sleep: async () => undefined });
    expect(res.resumedFromPage).toBe(2);
    expect(res.pages).toBe(2);
    expect(res.complete).toBe(true);
    expect(await t.db.pullRequest.count({ where: { repositoryId: repo.id } })).toBe(5);
    const after = await t.db.repository.findFirstOrThrow({ where: { id: repo.id } });
    expect(after.githubCursor).toMatchObject({ since: "2026-04-05T10:00:00Z", pending: null });
  });

  it("never sends the token to another origin", async () => {
    gh.pulls.set("acme/evil", [pull(1, "2026-05-01T10:00:00Z")]);
    gh.faults.push({ match: /repos\/acme\/evil\/pulls\?/, status: 200, headers: { link: '<https://attacker.example/steal?page=2>; rel="next"' }, body: [] });
    await expect(syncGitHub(t.db, { owner: "acme", name: "evil", token: "ghp_test", apiUrl: gh.url, sleep: async () => undefined })).rejects.toThrow(/not the API origin/);
  });
});
