/**
 * GitHub webhooks, as a pure handler (the route in app/api/webhooks/github only adapts it):
 *
 * 1. `X-Hub-Signature-256` is checked against HMAC-SHA256(raw body, GITHUB_WEBHOOK_SECRET)
 *    with a constant-time compare BEFORE anything is parsed or stored: a forged or unsigned
 *    delivery gets 401 and leaves no trace;
 * 2. the delivery is recorded under its `X-GitHub-Delivery` id (WebhookDelivery); a delivery
 *    seen before answers 200 "duplicate" (one that failed on our side is processed again);
 * 3. `pull_request` (opened…closed/merged, edited body), `pull_request_review`
 *    (submitted/edited/dismissed; lower-case states normalised) and `push` (to the production
 *    branch: a "git-ingest" job is queued; a forced push is recorded as such) are stored;
 *    `ping` answers pong; other events 202 "ignored";
 * 4. a body that is not JSON, or a payload without the fields we use, answers 400 with the
 *    reason and the delivery is recorded as quarantined. Bad input never yields a 500.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "../../db/client";
import { Prisma } from "../../db/client";
import { IdentityResolver } from "../../people/people";
import {
  pullRequestEventSchema,
  pullRequestReviewEventSchema,
  pushEventSchema,
  splitFullName,
  zodReason,
} from "./schemas";
import { loadStoreContext, upsertPullRequest, upsertReviews } from "./store";

export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

export interface WebhookRequest {
  /** header names in any case */
  headers: Record<string, string | null | undefined> | Headers;
  rawBody: Buffer | string;
  secret: string | null | undefined;
}

export interface WebhookResponse {
  status: number;
  body: { status: string; reason?: string; [k: string]: unknown };
}

function header(h: WebhookRequest["headers"], name: string): string | null {
  if (typeof (h as Headers).get === "function") return (h as Headers).get(name);
  const rec = h as Record<string, string | null | undefined>;
  for (const k of Object.keys(rec)) if (k.toLowerCase() === name) return rec[k] ?? null;
  return null;
}

/** The `sha256=<hex>` signature of a body. */
export function signWebhook(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Constant-time check of `X-Hub-Signature-256`. */
export function verifyWebhookSignature(secret: string, body: Buffer | string, signature: string | null): boolean {
  if (!signature || !signature.startsWith("sha256=")) return false;
  const given = Buffer.from(signature.slice(7), "hex");
  const expected = createHmac("sha256", secret).update(body).digest();
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

type Outcome = { status: number; deliveryStatus: string; reason: string; extra?: Record<string, unknown> };

async function repositoryFor(db: Db, fullName: string, defaultBranch: string | null | undefined) {
  const { owner, name } = splitFullName(fullName);
  return db.repository.upsert({
    where: { owner_name: { owner, name } },
    create: { owner, name, productionBranch: defaultBranch || "main" },
    update: {},
  });
}

export async function handleGitHubWebhook(db: Db, req: WebhookRequest): Promise<WebhookResponse> {
  if (!req.secret) return { status: 503, body: { status: "error", reason: "GITHUB_WEBHOOK_SECRET is not configured" } };
  const raw = typeof req.rawBody === "string" ? Buffer.from(req.rawBody, "utf8") : req.rawBody;
  if (raw.length > MAX_WEBHOOK_BYTES) return { status: 413, body: { status: "error", reason: "payload too large" } };
  if (!verifyWebhookSignature(req.secret, raw, header(req.headers, "x-hub-signature-256"))) {
    return { status: 401, body: { status: "error", reason: "invalid or missing X-Hub-Signature-256" } };
  }
  const deliveryId = header(req.headers, "x-github-delivery")?.trim() ?? "";
  const event = header(req.headers, "x-github-event")?.trim() ?? "";
  if (!deliveryId || deliveryId.length > 200) return { status: 400, body: { status: "error", reason: "missing X-GitHub-Delivery" } };
  if (!event || event.length > 100) return { status: 400, body: { status: "error", reason: "missing X-GitHub-Event" } };

  // de-duplicate by delivery id (a delivery that failed on our side may be redelivered)
  try {
    await db.webhookDelivery.create({ data: { id: deliveryId, event, status: "received" } });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const prev = await db.webhookDelivery.findUnique({ where: { id: deliveryId } });
    if (prev && prev.status !== "failed") return { status: 200, body: { status: "duplicate", delivery: deliveryId, previous: prev.status } };
    await db.webhookDelivery.update({ where: { id: deliveryId }, data: { status: "received", reason: null, receivedAt: new Date() } });
  }

  let outcome: Outcome;
  let action: string | null = null;
  try {
    const payload = parseBody(raw, header(req.headers, "content-type"));
    if ("error" in payload) {
      outcome = { status: 400, deliveryStatus: "quarantined", reason: payload.error };
    } else {
      action = typeof (payload.value as { action?: unknown })?.action === "string" ? String((payload.value as { action: string }).action).slice(0, 100) : null;
      outcome = await dispatch(db, event, payload.value, deliveryId);
    }
  } catch (e) {
    await db.webhookDelivery
      .update({ where: { id: deliveryId }, data: { status: "failed", action, reason: (e as Error).message.slice(0, 1000) } })
      .catch(() => undefined);
    return { status: 503, body: { status: "error", reason: "could not store the delivery; redeliver it later" } };
  }
  await db.webhookDelivery.update({
    where: { id: deliveryId },
    data: { status: outcome.deliveryStatus, action, reason: outcome.reason.slice(0, 2000) },
  });
  return { status: outcome.status, body: { status: outcome.deliveryStatus, reason: outcome.reason, delivery: deliveryId, ...outcome.extra } };
}

function parseBody(raw: Buffer, contentType: string | null): { value: unknown } | { error: string } {
  let text = raw.toString("utf8");
  if (contentType && /application\/x-www-form-urlencoded/i.test(contentType)) {
    const payload = new URLSearchParams(text).get("payload");
    if (payload === null) return { error: "form-encoded delivery without a payload field" };
    text = payload;
  }
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { error: `body is not JSON: ${(e as Error).message.slice(0, 200)}` };
  }
}

async function dispatch(db: Db, event: string, value: unknown, deliveryId: string): Promise<Outcome> {
  switch (event) {
    case "ping":
      return { status: 200, deliveryStatus: "processed", reason: "pong" };
    case "pull_request":
      return pullRequestEvent(db, value);
    case "pull_request_review":
      return reviewEvent(db, value);
    case "push":
      return pushEvent(db, value, deliveryId);
    default:
      return { status: 202, deliveryStatus: "ignored", reason: `event ${event} is not used` };
  }
}

async function pullRequestEvent(db: Db, value: unknown): Promise<Outcome> {
  const p = pullRequestEventSchema.safeParse(value);
  if (!p.success) return { status: 400, deliveryStatus: "quarantined", reason: `pull_request payload: ${zodReason(p.error)}` };
  const { action, pull_request: pr, repository } = p.data;
  const repo = await repositoryFor(db, repository.full_name, repository.default_branch);
  if (pr.base.ref !== repo.productionBranch) {
    return { status: 202, deliveryStatus: "ignored", reason: `PR #${pr.number} targets ${pr.base.ref}, not ${repo.productionBranch}` };
  }
  const merged = Boolean(pr.merged_at || pr.merged);
  const known = await db.pullRequest.findUnique({ where: { repositoryId_number: { repositoryId: repo.id, number: pr.number } }, select: { id: true } });
  if (!merged && !known) {
    return { status: 202, deliveryStatus: "ignored", reason: `PR #${pr.number} ${action}: not merged (stored once merged)` };
  }
  const ctx = await loadStoreContext(db, new IdentityResolver(db));
  const row = await upsertPullRequest(db, repo.id, pr, ctx);
  return {
    status: 200,
    deliveryStatus: "processed",
    reason: `PR #${pr.number} ${action}${merged ? " (merged)" : ""}`,
    extra: { pullRequest: pr.number, aiDeclaration: row.aiDeclaration },
  };
}

async function reviewEvent(db: Db, value: unknown): Promise<Outcome> {
  const p = pullRequestReviewEventSchema.safeParse(value);
  if (!p.success) return { status: 400, deliveryStatus: "quarantined", reason: `pull_request_review payload: ${zodReason(p.error)}` };
  const { action, review, pull_request: pr, repository } = p.data;
  if (!["submitted", "edited", "dismissed"].includes(action)) {
    return { status: 202, deliveryStatus: "ignored", reason: `review action ${action} is not used` };
  }
  const repo = await repositoryFor(db, repository.full_name, repository.default_branch);
  if (pr.base.ref !== repo.productionBranch) {
    return { status: 202, deliveryStatus: "ignored", reason: `PR #${pr.number} targets ${pr.base.ref}, not ${repo.productionBranch}` };
  }
  const ctx = await loadStoreContext(db, new IdentityResolver(db));
  // the PR as the review event shows it (keeps an earlier merged state and commit list)
  const existing = await db.pullRequest.findUnique({ where: { repositoryId_number: { repositoryId: repo.id, number: pr.number } } });
  const row = existing ?? (await upsertPullRequest(db, repo.id, pr, ctx));
  await upsertReviews(db, row.id, [review], ctx, "webhook", { dismissed: action === "dismissed" });
  return {
    status: 200,
    deliveryStatus: "processed",
    reason: `review ${review.id} on PR #${pr.number} ${action}`,
    extra: { pullRequest: pr.number, review: String(review.id), state: action === "dismissed" ? "DISMISSED" : review.state.toUpperCase() },
  };
}

async function pushEvent(db: Db, value: unknown, deliveryId: string): Promise<Outcome> {
  const p = pushEventSchema.safeParse(value);
  if (!p.success) return { status: 400, deliveryStatus: "quarantined", reason: `push payload: ${zodReason(p.error)}` };
  const push = p.data;
  const repo = await repositoryFor(db, push.repository.full_name, push.repository.default_branch);
  const branch = push.ref.replace(/^refs\/heads\//, "");
  if (!push.ref.startsWith("refs/heads/") || branch !== repo.productionBranch) {
    return { status: 202, deliveryStatus: "ignored", reason: `push to ${push.ref}, not the production branch ${repo.productionBranch}` };
  }
  const commits = (push.commits ?? []).map((c) => c.id);
  const fullName = `${repo.owner}/${repo.name}`;
  const what = {
    repository: fullName,
    branch,
    before: push.before,
    after: push.after,
    forced: Boolean(push.forced),
    deleted: Boolean(push.deleted),
    commits: commits.slice(0, 100),
    commitCount: commits.length,
    pusher: push.pusher?.name ?? null,
    deliveryId,
  };
  // one queued git ingest per repository is enough: a later push extends it
  const queued = await db.job.findFirst({ where: { kind: "git-ingest", state: "QUEUED", payload: { path: ["repository"], equals: fullName } } });
  if (queued) {
    const prev = queued.payload as { pushes?: unknown[] };
    await db.job.update({ where: { id: queued.id }, data: { payload: { ...what, pushes: [...(prev.pushes ?? []).slice(-49), what] } as object } });
  } else {
    await db.job.create({ data: { kind: "git-ingest", payload: { ...what, pushes: [what] } as object } });
  }
  const reason = `${push.forced ? "FORCED push" : "push"} to ${branch}: ${push.before.slice(0, 12)} → ${push.after.slice(0, 12)}, ${commits.length} commit(s); git ingest queued`;
  return { status: 200, deliveryStatus: "processed", reason: JSON.stringify({ summary: reason, ...what, commits: commits.slice(0, 20) }), extra: { forced: what.forced, queued: true } };
}
