import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/test-database";
import { createDemoRepository } from "../../demo/git-fixture";
import { startFakeGitHub, type FakeGitHub } from "../../ingest/github/fake-github";
import type { CliIo } from "../command";
import { ingestGitCommand, ingestGithubCommand } from "./git";

let t: TestDatabase;
let tmp: string;
let gh: FakeGitHub;

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d) => (out += d));
  stderr.on("data", (d) => (err += d));
  return { io: { stdin: new PassThrough(), stdout, stderr } as CliIo, out: () => out, err: () => err };
}

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  tmp = await mkdtemp(path.join(os.tmpdir(), "cli-git-"));
  gh = await startFakeGitHub();
});

afterAll(async () => {
  await gh?.close();
  await t?.drop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("ingest git / ingest github commands", () => {
  it("ingest git prints the branch summary as the last stdout line", async () => {
    const demo = await createDemoRepository(path.join(tmp, "api"), { seed: 3, owner: "acme", name: "api", commits: 80, start: new Date("2026-02-01T00:00:00Z"), end: new Date("2026-03-01T00:00:00Z") });
    const c = io();
    expect(await ingestGitCommand.run(["--repo", demo.path, "--name", "acme/api"], c.io)).toBe(0);
    const last = JSON.parse(c.out().trim().split("\n").at(-1)!);
    expect(last).toMatchObject({ repository: "acme/api", branch: "main", tip: demo.headSha, pullRequests: demo.pullRequests.length, directPushes: demo.directPushes.length });
    expect(last.productionCommits).toBeGreaterThan(0);
    expect(typeof last.aiAssisted).toBe("number");
    expect(c.err()).toMatch(/production commits/);
  });

  it("rejects bad arguments with a usage error", async () => {
    await expect(ingestGitCommand.run(["--repo", tmp, "--name", "no-slash"], io().io)).rejects.toThrow(/OWNER\/NAME/);
    await expect(ingestGitCommand.run(["--repo", path.join(tmp, "missing"), "--name", "a/b"], io().io)).rejects.toThrow(/not a directory/);
    await expect(ingestGithubCommand.run(["--repo", "../x"], io().io)).rejects.toThrow(/OWNER\/NAME/);
  });

  it("ingest github syncs through --api-url with GITHUB_TOKEN", async () => {
    gh.pulls.set("acme/api", [
      {
        number: 1, title: "One", body: "AI-assisted: yes", user: { login: "alice" }, base: "main", baseSha: "b".repeat(40), headRef: "f", headSha: "c".repeat(40),
        created_at: "2026-02-02T10:00:00Z", updated_at: "2026-02-03T10:00:00Z", merged_at: "2026-02-03T10:00:00Z", merge_commit_sha: "d".repeat(40),
        reviews: [{ id: 77, user: { login: "bob" }, state: "APPROVED", commit_id: "c".repeat(40), submitted_at: "2026-02-03T09:00:00Z" }], commits: [],
      },
    ]);
    const saved = process.env.GITHUB_TOKEN;
    delete process.env.GITHUB_TOKEN;
    delete process.env.GH_TOKEN;
    await expect(ingestGithubCommand.run(["--repo", "acme/api", "--api-url", gh.url], io().io)).rejects.toThrow(/GITHUB_TOKEN/);
    process.env.GITHUB_TOKEN = "ghp_cli";
    try {
      const c = io();
      expect(await ingestGithubCommand.run(["--repo", "acme/api", "--api-url", gh.url], c.io)).toBe(0);
      const last = JSON.parse(c.out().trim().split("\n").at(-1)!);
      expect(last).toMatchObject({ repository: "acme/api", pullRequests: 1, reviews: 1, complete: true });
      expect(gh.authorizations.at(-1)).toBe("Bearer ghp_cli");
    } finally {
      if (saved === undefined) delete process.env.GITHUB_TOKEN;
      else process.env.GITHUB_TOKEN = saved;
    }
  });
});
