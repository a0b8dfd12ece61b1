import { NextResponse, type NextRequest } from "next/server";
import { db } from "@/lib/db/client";
import { handleGitHubWebhook, MAX_WEBHOOK_BYTES } from "@/lib/ingest/github/webhook";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GitHub → Settings → Webhooks: payload URL …/api/webhooks/github, content type
// application/json, a secret equal to GITHUB_WEBHOOK_SECRET; events pull_request,
// pull_request_review and push. Authenticated by the signature, not by a session.
export async function POST(req: NextRequest) {
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > MAX_WEBHOOK_BYTES) return NextResponse.json({ status: "error", reason: "payload too large" }, { status: 413 });
  let raw: Buffer;
  try {
    raw = Buffer.from(await req.arrayBuffer());
  } catch {
    return NextResponse.json({ status: "error", reason: "could not read the body" }, { status: 400 });
  }
  try {
    const res = await handleGitHubWebhook(db(), { headers: req.headers, rawBody: raw, secret: process.env.GITHUB_WEBHOOK_SECRET });
    return NextResponse.json(res.body, { status: res.status });
  } catch (e) {
    console.error(`github webhook: ${(e as Error).message}`);
    return NextResponse.json({ status: "error", reason: "temporarily unavailable; redeliver later" }, { status: 503 });
  }
}
