import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobsRunCommand, rollupCommand, summaryIssueCommand, summaryShowCommand } from "../cli/commands/summary";
import type { CliIo } from "../cli/command";
import { createTestDatabase, type TestDatabase } from "../db/test-database";
import { seedSummaryFixture } from "./fixtures";

let t: TestDatabase;
let saved: string | undefined;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedSummaryFixture(t.db);
  saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => {
  process.env.DATABASE_URL = saved;
  if (saved === undefined) delete process.env.DATABASE_URL;
  await t?.drop();
});

function io() {
  let out = "";
  let err = "";
  const sink = (f: (s: string) => void) => new Writable({ write: (c, _e, cb) => (f(String(c)), cb()) });
  const cli: CliIo = { stdin: process.stdin, stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) };
  return { cli, out: () => out, err: () => err };
}

describe("summary CLI commands", () => {
  it("rolls up, shows, issues and runs jobs", async () => {
    const a = io();
    expect(await rollupCommand.run([], a.cli)).toBe(0);
    expect(JSON.parse(a.out()).months).toContain("2026-10");

    const b = io();
    expect(await rollupCommand.run(["--from-month", "2026-10", "--to-month", "2026-10"], b.cli)).toBe(0);
    expect(JSON.parse(b.out()).months).toEqual(["2026-10"]);
    await expect(rollupCommand.run(["--from", "2026-10-05"], io().cli)).rejects.toThrow(/--from and --to/);

    const c = io();
    expect(await summaryShowCommand.run(["--month", "2026-10"], c.cli)).toBe(0);
    expect(JSON.parse(c.out()).readings.aiShare).toMatch(/AI-assisted share/);

    const d = io();
    expect(await summaryIssueCommand.run(["--month", "2026-10"], d.cli)).toBe(0);
    expect(JSON.parse(d.out())).toMatchObject({ month: "2026-10", status: "issued" });
    const e = io();
    await summaryIssueCommand.run(["--month", "2026-10"], e.cli);
    expect(JSON.parse(e.out()).status).toBe("exists");

    const f = io();
    expect(await jobsRunCommand.run([], f.cli)).toBe(0);
    const run = JSON.parse(f.out());
    expect(run.scheduled.some((k: string) => k.startsWith("monthly-report:"))).toBe(true);
    expect(run.ran).toBeGreaterThanOrEqual(2);
    const g = io();
    await jobsRunCommand.run(["--list"], g.cli);
    expect(Array.isArray(JSON.parse(g.out()).jobs)).toBe(true);
  }, 120_000);
});
