import { NextResponse, type NextRequest } from "next/server";
import { verifyBearer } from "@/lib/auth/api-tokens";
import { db } from "@/lib/db/client";
import { handlePush, MAX_PUSH_BYTES } from "@/lib/ingest/push";
import { evaluateAfterIngest } from "@/lib/ingest/after-ingest";

// LiteLLM generic API logger: `callbacks: ["generic_api"]` with GENERIC_LOGGER_ENDPOINT
// pointing here and an `Authorization: Bearer <ingest token>` header.
export async function POST(req: NextRequest) {
  const token = await verifyBearer(db(), req.headers.get("authorization"), "INGEST");
  if (!token) return NextResponse.json({ error: "unknown or revoked ingest token" }, { status: 401 });
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > MAX_PUSH_BYTES) return NextResponse.json({ error: `body exceeds ${MAX_PUSH_BYTES} bytes` }, { status: 413 });
  const outcome = await handlePush(db(), token.name, await req.text());
  if (outcome.result) evaluateAfterIngest(db(), outcome.result);
  return NextResponse.json(outcome.body, { status: outcome.status });
}
