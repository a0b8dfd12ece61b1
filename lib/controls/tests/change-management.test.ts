import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/test-database";
import { getSettings } from "../../settings/store";
import { ALL_SETTING_KEYS } from "../evaluate";
import { commitKey } from "../links";
import { commit, event, hoursAfter, period, person, pullRequest, repository, setup, sha, T } from "../test-fixtures";
import type { PeriodScope, Settings } from "../types";
import { cm1 } from "./cm-1";
import { cm2 } from "./cm-2";
import { cm3 } from "./cm-3";
import { cm4 } from "./cm-4";
import { cm5 } from "./cm-5";
import { cm6 } from "./cm-6";
import { cm7 } from "./cm-7";
import { la4 } from "./la-4";

let t: TestDatabase;
let scope: PeriodScope;
let settings: Settings;
let repo: { id: string; full: string };
const merged = T("2026-03-10T12:00:00Z");
const before = hoursAfter(merged, -2);

/** A squash-merged production change through PR `n`, by alice unless said otherwise. */
async function change(n: number, opts: Parameters<typeof pullRequest>[2]["reviews"] = [], extra: Partial<Parameters<typeof commit>[2]> = {}, pr: Partial<Parameters<typeof pullRequest>[2]> = {}) {
  const s = sha(`c${n}`);
  await commit(t.db, repo.id, { sha: s, committedAt: merged, pullNumber: n, authorEmail: "alice@acme.test", ...extra });
  await pullRequest(t.db, repo.id, { number: n, authorLogin: "alice", headSha: sha(`h${n}`), mergedAt: merged, mergeCommitSha: s, reviews: opts, ...pr });
  return commitKey(repo.full, s);
}

beforeAll(async () => {
  t = await createTestDatabase();
  await setup(t.db);
  const p = await period(t.db);
  scope = { id: p.id, name: p.name, start: p.start, end: p.end, state: "OPEN" };
  const r = await repository(t.db, "acme/payments");
  repo = { id: r.id, full: "acme/payments" };
  settings = (await getSettings(t.db, ALL_SETTING_KEYS)) as Settings;
  await person(t.db, "Alice Martin", [{ kind: "GITHUB_LOGIN", value: "alice" }, { kind: "GIT_EMAIL", value: "alice@acme.test" }]);
  await person(t.db, "Carol Diaz", [{ kind: "GITHUB_LOGIN", value: "carol" }, { kind: "GIT_EMAIL", value: "carol@acme.test" }]);
  await person(t.db, "Dave Prompter", [{ kind: "GITHUB_LOGIN", value: "dave" }, { kind: "PROXY_EMAIL", value: "dave@acme.test" }]);
  await person(t.db, "Erin Maybe", [{ kind: "GITHUB_LOGIN", value: "erin" }, { kind: "GIT_EMAIL", value: "erin.m@acme.test", status: "SUGGESTED" }]);
});
afterAll(async () => t?.drop());

describe("CM-3 independent approval", () => {
  const keys: Record<string, string> = {};
  let exceptions: Map<string, { summary: string; details: unknown }>;

  beforeAll(async () => {
    keys.valid = await change(1, [{ login: "bob", submittedAt: before }]);
    keys.self = await change(2, [{ login: "alice", submittedAt: before }]);
    keys.coAuthor = await change(3, [{ login: "carol", submittedAt: before }], { memberShas: [sha("m3")] });
    await commit(t.db, repo.id, { sha: sha("m3"), committedAt: hoursAfter(merged, -30), isProduction: false, authorEmail: "carol@acme.test" });
    keys.bot = await change(4, [{ login: "dependabot[bot]", type: "Bot", submittedAt: before }]);
    keys.stale = await change(5, [{ login: "bob", submittedAt: before, commitSha: sha("old5") }]);
    keys.afterMerge = await change(6, [{ login: "bob", submittedAt: hoursAfter(merged, 1) }]);
    keys.none = await change(7, []);
    keys.prompter = await change(8, [{ login: "dave", submittedAt: before }], { aiAssisted: true, aiTools: ["claude-code"] });
    keys.oldTraffic = await change(9, [{ login: "dave", submittedAt: before }], { aiAssisted: true, aiTools: ["claude-code"], sha: sha("c9"), committedAt: T("2026-04-20T12:00:00Z") }, { mergedAt: T("2026-04-20T12:00:00Z") });
    keys.serviceAccount = await change(10, [{ login: "ci-bot", submittedAt: before }]);
    keys.suggested = await change(11, [{ login: "erin", submittedAt: before }], { authorEmail: "erin.m@acme.test" });
    keys.superseded = await change(12, [
      { login: "bob", submittedAt: hoursAfter(merged, -5) },
      { login: "bob", state: "CHANGES_REQUESTED", submittedAt: hoursAfter(merged, -3) },
    ]);
    keys.noPr = commitKey(repo.full, sha("d13"));
    await commit(t.db, repo.id, { sha: sha("d13"), committedAt: merged, arrival: "DIRECT" });
    // dave prompted the AI for acme/payments two hours before change 8's merge (and 100h before change 9)
    await event(t.db, { occurredAt: hoursAfter(merged, -3), proxyUserEmail: "dave@acme.test", repository: "acme/payments" });

    const outcome = await cm3.evaluate(t.db, scope, settings);
    exceptions = new Map(outcome.exceptions.map((e) => [e.itemKey, e]));
    expect(outcome.result).toBe("FAIL");
  });

  it("passes a human, independent approval of the final head before the merge", () => {
    expect(exceptions.has(keys.valid)).toBe(false);
  });
  it("refuses self-approval by the PR author", () => {
    expect(exceptions.get(keys.self)?.summary).toMatch(/alice: by the PR author/);
  });
  it("refuses approval by an author of one of the change's commits", () => {
    expect(exceptions.get(keys.coAuthor)?.summary).toMatch(/carol: by the author of/);
  });
  it("refuses bots and configured service accounts", () => {
    expect(exceptions.get(keys.bot)?.summary).toMatch(/bot, app or service account/);
    expect(exceptions.get(keys.serviceAccount)?.summary).toMatch(/ci-bot: by a bot, app or service account/);
  });
  it("refuses stale approvals and approvals after the merge", () => {
    expect(exceptions.get(keys.stale)?.summary).toMatch(/stale/);
    expect(exceptions.get(keys.afterMerge)?.summary).toMatch(/after the merge/);
    expect(exceptions.get(keys.superseded)?.summary).toMatch(/superseded/);
  });
  it("reports a change merged without any approval, and one without a PR", () => {
    expect(exceptions.get(keys.none)?.summary).toMatch(/without an approving review/);
    expect(exceptions.get(keys.noPr)?.summary).toMatch(/No review record/);
  });
  it("refuses the AI prompter's approval of an AI-assisted change, only within the window", () => {
    expect(exceptions.get(keys.prompter)?.summary).toMatch(/dave: by the AI prompter/);
    expect(exceptions.has(keys.oldTraffic)).toBe(false);
  });
  it("says when independence rests on an unconfirmed identity link", () => {
    expect(exceptions.get(keys.suggested)?.summary).toMatch(/possibly by the author/);
  });
  it("accepts stale approvals when the policy allows them", async () => {
    const outcome = await cm3.evaluate(t.db, scope, { ...settings, "changes.allowStaleApprovals": true });
    expect(outcome.exceptions.some((e) => e.itemKey === keys.stale)).toBe(false);
  });
});

describe("the other change-management rules", () => {
  let r2: { id: string; full: string };
  beforeAll(async () => {
    const r = await repository(t.db, "acme/web");
    r2 = { id: r.id, full: "acme/web" };
  });

  it("CM-1 reports a gap in the first-parent line, CM-2 a direct push", async () => {
    await commit(t.db, r2.id, { sha: sha("a0"), committedAt: T("2026-02-01T00:00:00Z"), productionSeq: 0, arrival: "MERGE", pullNumber: 100 });
    await commit(t.db, r2.id, { sha: sha("a1"), committedAt: T("2026-02-02T00:00:00Z"), productionSeq: 1, parents: [sha("a0")], arrival: "DIRECT" });
    await commit(t.db, r2.id, { sha: sha("a3"), committedAt: T("2026-02-04T00:00:00Z"), productionSeq: 3, parents: [sha("a2")] });
    const one = await cm1.evaluate(t.db, scope, settings);
    const broken = one.exceptions.filter((e) => e.itemKey.startsWith("commit:acme/web:"));
    expect(broken.map((e) => e.itemKey)).toEqual([commitKey("acme/web", sha("a3"))]);
    expect(broken[0].summary).toMatch(/never ingested/);
    const two = await cm2.evaluate(t.db, scope, settings);
    expect(two.exceptions.map((e) => e.itemKey)).toContain(commitKey("acme/web", sha("a1")));
    expect(two.exceptions.map((e) => e.itemKey)).not.toContain(commitKey("acme/web", sha("a0")));
    expect(two.populationSize).toBeGreaterThanOrEqual(3);
  });

  it("CM-4 reports possibly untagged changes whose author used the gateway for the repository", async () => {
    await commit(t.db, r2.id, { sha: sha("u1"), committedAt: T("2026-05-05T10:00:00Z"), authorEmail: "alice@acme.test", pullNumber: 201 });
    await commit(t.db, r2.id, { sha: sha("u2"), committedAt: T("2026-05-06T10:00:00Z"), authorEmail: "carol@acme.test", pullNumber: 202 });
    await event(t.db, { occurredAt: T("2026-05-05T08:00:00Z"), proxyUserEmail: "alice@acme.test", repository: "acme/web" });
    // carol's traffic was for another repository
    await event(t.db, { occurredAt: T("2026-05-06T08:00:00Z"), proxyUserEmail: "carol@acme.test", repository: "acme/other" });
    const out = await cm4.evaluate(t.db, scope, settings);
    const keys = out.exceptions.map((e) => e.itemKey);
    expect(keys).toContain(commitKey("acme/web", sha("u1")));
    expect(keys).not.toContain(commitKey("acme/web", sha("u2")));
  });

  it("CM-5 reports approvals by bots and service accounts", async () => {
    const out = await cm5.evaluate(t.db, scope, settings);
    const keys = out.exceptions.map((e) => e.itemKey);
    expect(keys).toContain(commitKey(repo.full, sha("c4")));
    expect(keys).toContain(commitKey(repo.full, sha("c10")));
    expect(keys).not.toContain(commitKey(repo.full, sha("c1")));
  });

  it("CM-6 requires an approval by an owner of each owned line, read at the PR's base", async () => {
    const r = await repository(t.db, "acme/owned");
    await t.db.codeownersSnapshot.create({
      data: { repositoryId: r.id, commitSha: sha("base"), path: ".github/CODEOWNERS", content: "* @alice\n/billing/ @acme/payments\ndocs/ carol@acme.test\n" },
    });
    const at = T("2026-03-01T12:00:00Z");
    const mk = async (n: number, paths: string[], approver: string) => {
      await commit(t.db, r.id, { sha: sha(`o${n}`), committedAt: at, pullNumber: n, changedPaths: paths, authorEmail: "zed@acme.test" });
      await pullRequest(t.db, r.id, { number: n, authorLogin: "zed", headSha: sha(`oh${n}`), baseSha: sha("base"), mergedAt: at, reviews: [{ login: approver, submittedAt: hoursAfter(at, -1) }] });
      return commitKey("acme/owned", sha(`o${n}`));
    };
    const ownerOk = await mk(1, ["src/x.ts"], "alice");
    const teamUnknown = await mk(2, ["billing/pay.ts"], "bob");
    const teamMember = await mk(3, ["billing/pay.ts"], "frank");
    const byEmail = await mk(4, ["docs/readme.md"], "carol");
    const notOwner = await mk(5, ["src/y.ts"], "bob");
    const out = await cm6.evaluate(t.db, scope, { ...settings, "changes.teamMembers": { "@acme/payments": ["frank"] } });
    const keys = out.exceptions.map((e) => e.itemKey);
    expect(keys).not.toContain(ownerOk);
    expect(keys).toContain(teamUnknown);
    expect(keys).not.toContain(teamMember);
    expect(keys).not.toContain(byEmail);
    expect(keys).toContain(notOwner);
    // only changes whose base has a CODEOWNERS file are in the population
    expect(out.populationSize).toBe(5);
    const noTeams = await cm6.evaluate(t.db, scope, settings);
    expect(noTeams.exceptions.map((e) => e.itemKey)).toContain(teamMember);
  });

  it("CM-7 compares the PR's AI declaration with the commits' markers", async () => {
    const r = await repository(t.db, "acme/declare");
    const at = T("2026-03-02T12:00:00Z");
    const mk = async (n: number, body: string | null, aiAssisted: boolean) => {
      await commit(t.db, r.id, { sha: sha(`d${n}`), committedAt: at, pullNumber: n, aiAssisted });
      await pullRequest(t.db, r.id, { number: n, authorLogin: "zed", headSha: sha(`dh${n}`), mergedAt: at, body });
      return commitKey("acme/declare", sha(`d${n}`));
    };
    const agrees = await mk(1, "Summary\n\n- **AI-assisted:** yes", true);
    const unanswered = await mk(2, "Summary only", false);
    const deniesAi = await mk(3, "AI-assisted: no", true);
    const claimsAi = await mk(4, "AI-assisted: Yes (Copilot)", false);
    const out = await cm7.evaluate(t.db, scope, settings);
    const byKey = new Map(out.exceptions.map((e) => [e.itemKey, e.summary]));
    expect(byKey.has(agrees)).toBe(false);
    expect(byKey.get(unanswered)).toMatch(/does not answer/);
    expect(byKey.get(deniesAi)).toMatch(/declares no AI assistance/);
    expect(byKey.get(claimsAi)).toMatch(/declares AI assistance, but none/);
  });

  it("LA-4 reports AI-assisted changes whose author has no gateway traffic around them", async () => {
    const r = await repository(t.db, "acme/coverage");
    await commit(t.db, r.id, { sha: sha("g1"), committedAt: T("2026-06-01T10:00:00Z"), aiAssisted: true, authorEmail: "alice@acme.test", pullNumber: 1 });
    await commit(t.db, r.id, { sha: sha("g2"), committedAt: T("2026-06-02T10:00:00Z"), aiAssisted: true, authorEmail: "carol@acme.test", pullNumber: 2 });
    // alice's gateway user id is linked to her person; traffic for any repository counts
    await person(t.db, "Alice proxy", []);
    await t.db.personAlias.create({ data: { personId: (await t.db.personAlias.findFirstOrThrow({ where: { value: "alice" } })).personId, kind: "PROXY_USER", value: "u-alice" } });
    await event(t.db, { occurredAt: T("2026-06-01T20:00:00Z"), proxyUserId: "u-alice" });
    const out = await la4.evaluate(t.db, scope, settings);
    const keys = out.exceptions.map((e) => e.itemKey);
    expect(keys).not.toContain(commitKey("acme/coverage", sha("g1")));
    expect(keys).toContain(commitKey("acme/coverage", sha("g2")));
  });
});
