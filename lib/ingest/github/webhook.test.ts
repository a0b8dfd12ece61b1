import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/test-database";
import { handleGitHubWebhook, signWebhook, verifyWebhookSignature } from "./webhook";

let t: TestDatabase;
const SECRET = "It's a Secret to Everybody";
let delivery = 0;

const repository = { id: 1, name: "api", full_name: "acme/api", default_branch: "main", owner: { login: "acme" } };

function pr(number: number, extra: Record<string, unknown> = {}) {
  return {
    number,
    title: `Change ${number}`,
    body: "## AI assistance\n\nAI-assisted:\n- [x] Yes\n- [ ] No\n",
    state: "closed",
    user: { login: "alice", type: "User" },
    base: { ref: "main", sha: "b".repeat(40) },
    head: { ref: `feature/${number}`, sha: "h".repeat(40) },
    merged: true,
    merged_at: "2026-03-05T10:00:00Z",
    merge_commit_sha: "m".repeat(40),
    merged_by: { login: "bob", type: "User" },
    created_at: "2026-03-01T10:00:00Z",
    updated_at: "2026-03-05T10:00:00Z",
    ...extra,
  };
}

function send(event: string, payload: unknown, opts: { id?: string; signature?: string | null; raw?: string; secret?: string | null } = {}) {
  const raw = opts.raw ?? JSON.stringify(payload);
  const headers: Record<string, string> = {
    "X-GitHub-Event": event,
    "X-GitHub-Delivery": opts.id ?? `d-${++delivery}`,
    "Content-Type": "application/json",
  };
  const sig = opts.signature === undefined ? signWebhook(SECRET, raw) : opts.signature;
  if (sig !== null) headers["X-Hub-Signature-256"] = sig;
  return handleGitHubWebhook(t.db, { headers, rawBody: Buffer.from(raw), secret: opts.secret === undefined ? SECRET : opts.secret });
}

beforeAll(async () => {
  t = await createTestDatabase();
});

afterAll(async () => {
  await t?.drop();
});

describe("GitHub webhook signature", () => {
  it("matches GitHub's documented example", () => {
    // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
    expect(signWebhook(SECRET, "Hello, World!")).toBe("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    expect(verifyWebhookSignature(SECRET, "Hello, World!", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")).toBe(true);
    expect(verifyWebhookSignature(SECRET, "Hello, World?", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")).toBe(false);
    expect(verifyWebhookSignature(SECRET, "Hello, World!", "sha256=zz")).toBe(false);
    expect(verifyWebhookSignature(SECRET, "Hello, World!", null)).toBe(false);
  });

  it("refuses forged, unsigned and unconfigured deliveries before storing anything", async () => {
    const body = { action: "closed", pull_request: pr(1), repository };
    expect((await send("pull_request", body, { signature: signWebhook("wrong secret", JSON.stringify(body)), id: "forged" })).status).toBe(401);
    expect((await send("pull_request", body, { signature: null, id: "unsigned" })).status).toBe(401);
    expect((await send("pull_request", body, { signature: "sha1=abc", id: "sha1" })).status).toBe(401);
    // signature over a different body (the payload was tampered with)
    expect((await send("pull_request", body, { signature: signWebhook(SECRET, "{}"), id: "tampered" })).status).toBe(401);
    expect((await send("pull_request", body, { secret: null, id: "nosecret" })).status).toBe(503);
    expect(await t.db.webhookDelivery.count()).toBe(0);
    expect(await t.db.pullRequest.count()).toBe(0);
    expect(await t.db.repository.count()).toBe(0);
  });
});

describe("GitHub webhook events", () => {
  it("answers ping, ignores unused events", async () => {
    expect(await send("ping", { zen: "Keep it logically awesome.", hook_id: 1 })).toMatchObject({ status: 200, body: { status: "processed", reason: "pong" } });
    expect(await send("issues", { action: "opened" })).toMatchObject({ status: 202, body: { status: "ignored" } });
  });

  it("stores a merged pull request and de-duplicates a redelivery", async () => {
    const body = { action: "closed", pull_request: pr(7), repository };
    const first = await send("pull_request", body, { id: "dup-1" });
    expect(first).toMatchObject({ status: 200, body: { status: "processed", aiDeclaration: "yes" } });
    const again = await send("pull_request", body, { id: "dup-1" });
    expect(again).toMatchObject({ status: 200, body: { status: "duplicate" } });
    const row = await t.db.pullRequest.findFirstOrThrow({ where: { number: 7 } });
    expect(row).toMatchObject({ source: "github", state: "merged", mergedByLogin: "bob", headSha: "h".repeat(40), aiDeclaration: "yes" });
    expect(await t.db.webhookDelivery.findUnique({ where: { id: "dup-1" } })).toMatchObject({ event: "pull_request", action: "closed", status: "processed" });

    // an edited body after the merge updates the declaration
    await send("pull_request", { action: "edited", pull_request: pr(7, { body: "AI-assisted: no" }), repository });
    expect((await t.db.pullRequest.findFirstOrThrow({ where: { number: 7 } })).aiDeclaration).toBe("no");

    // an open PR is not stored until it is merged; one into another branch is ignored
    expect(await send("pull_request", { action: "opened", pull_request: pr(8, { state: "open", merged: false, merged_at: null }), repository })).toMatchObject({ status: 202 });
    expect(await send("pull_request", { action: "closed", pull_request: pr(9, { base: { ref: "develop", sha: "b".repeat(40) } }), repository })).toMatchObject({ status: 202 });
    expect(await t.db.pullRequest.count()).toBe(1);
  });

  it("normalises lower-case review states, keeps a dismissed approval's commit and time, marks bots", async () => {
    const review = (id: number, state: string, login = "carol", type = "User", commit = "o".repeat(40)) => ({
      id,
      user: { login, type },
      state,
      commit_id: commit,
      submitted_at: "2026-03-04T09:00:00Z",
    });
    expect(await send("pull_request_review", { action: "submitted", review: review(501, "approved"), pull_request: pr(7), repository })).toMatchObject({ status: 200 });
    expect(await send("pull_request_review", { action: "submitted", review: review(502, "approved", "copilot-pull-request-reviewer[bot]", "Bot", "h".repeat(40)), pull_request: pr(7), repository })).toMatchObject({ status: 200 });
    expect(await send("pull_request_review", { action: "submitted", review: review(503, "changes_requested", "dave"), pull_request: pr(7), repository })).toMatchObject({ status: 200 });
    // dismissal payloads carry the review with state "dismissed" (and may lack the commit)
    const dismissed = { ...review(501, "dismissed"), commit_id: null, submitted_at: null };
    expect(await send("pull_request_review", { action: "dismissed", review: dismissed, pull_request: pr(7), repository })).toMatchObject({ status: 200 });

    const reviews = await t.db.review.findMany({ orderBy: { githubId: "asc" } });
    expect(reviews.map((r) => [Number(r.githubId), r.reviewerLogin, r.reviewerType, r.state, r.commitSha, r.submittedAt?.toISOString(), r.source])).toEqual([
      [501, "carol", "User", "DISMISSED", "o".repeat(40), "2026-03-04T09:00:00.000Z", "webhook"],
      [502, "copilot-pull-request-reviewer[bot]", "Bot", "APPROVED", "h".repeat(40), "2026-03-04T09:00:00.000Z", "webhook"],
      [503, "dave", "User", "CHANGES_REQUESTED", "o".repeat(40), "2026-03-04T09:00:00.000Z", "webhook"],
    ]);
    const bot = await t.db.personAlias.findUnique({ where: { kind_value: { kind: "GITHUB_LOGIN", value: "copilot-pull-request-reviewer[bot]" } }, include: { person: true } });
    expect(bot?.person.isBot).toBe(true);
  });

  it("queues a git ingest for a push to the production branch and records a forced push", async () => {
    const push = (forced: boolean, ref = "refs/heads/main") => ({
      ref,
      before: "1".repeat(40),
      after: "2".repeat(40),
      forced,
      created: false,
      deleted: false,
      repository,
      pusher: { name: "erin", email: "erin@acme.example" },
      commits: [{ id: "2".repeat(40), message: "Hotfix", author: { name: "Erin", email: "erin@acme.example" } }],
    });
    const res = await send("push", push(true), { id: "push-1" });
    expect(res).toMatchObject({ status: 200, body: { status: "processed", forced: true, queued: true } });
    const d = await t.db.webhookDelivery.findUniqueOrThrow({ where: { id: "push-1" } });
    expect(JSON.parse(d.reason!)).toMatchObject({ forced: true, before: "1".repeat(40), after: "2".repeat(40), commits: ["2".repeat(40)] });
    expect(JSON.parse(d.reason!).summary).toMatch(/^FORCED push to main/);
    await send("push", push(false), { id: "push-2" });
    const jobs = await t.db.job.findMany({ where: { kind: "git-ingest" } });
    expect(jobs).toHaveLength(1);
    expect((jobs[0].payload as { pushes: unknown[]; repository: string }).pushes).toHaveLength(2);
    expect((jobs[0].payload as { repository: string }).repository).toBe("acme/api");
    expect(await send("push", push(false, "refs/heads/feature/x"))).toMatchObject({ status: 202, body: { status: "ignored" } });
  });

  it("answers 400 and quarantines a delivery it cannot parse, never 500", async () => {
    const bad = await send("pull_request", null, { raw: "{not json", id: "bad-json" });
    expect(bad.status).toBe(400);
    expect(bad.body.reason).toMatch(/not JSON/);
    expect(await t.db.webhookDelivery.findUnique({ where: { id: "bad-json" } })).toMatchObject({ status: "quarantined" });

    const wrong = await send("pull_request_review", { action: "submitted", review: { id: "x" }, repository }, { id: "bad-shape" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.reason).toMatch(/review|pull_request/);
    expect(await t.db.webhookDelivery.findUnique({ where: { id: "bad-shape" } })).toMatchObject({ status: "quarantined" });

    for (const payload of [[], 42, "str", { action: 1 }, { repository: { full_name: "no-slash" } }]) {
      for (const ev of ["pull_request", "pull_request_review", "push"]) {
        const r = await send(ev, payload);
        expect(r.status, `${ev} ${JSON.stringify(payload)}`).toBe(400);
      }
    }
    // a form-encoded delivery (GitHub's other content type) is understood
    const raw = `payload=${encodeURIComponent(JSON.stringify({ zen: "Design for failure.", hook_id: 2 }))}`;
    const form = await handleGitHubWebhook(t.db, {
      headers: { "x-github-event": "ping", "x-github-delivery": "form-1", "content-type": "application/x-www-form-urlencoded", "x-hub-signature-256": signWebhook(SECRET, raw) },
      rawBody: raw,
      secret: SECRET,
    });
    expect(form.status).toBe(200);
  });
});
