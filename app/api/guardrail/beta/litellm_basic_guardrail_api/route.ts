import { NextResponse, type NextRequest } from "next/server";
import { db } from "@/lib/db/client";
import { handleGuardrailRequest, MAX_GUARDRAIL_BODY_BYTES } from "@/lib/guardrail/handler";
import { readBodyLimited } from "@/lib/guardrail/http-body";

// LiteLLM generic guardrail API: `guardrail: generic_guardrail_api` with
// `api_base: https://<host>/api/guardrail` (LiteLLM appends /beta/litellm_basic_guardrail_api)
// and the guardrail token as `api_key` (x-api-key) or an `Authorization: Bearer` header.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(req: NextRequest) {
  const declared = req.headers.get("content-length");
  const declaredBytes = declared !== null && /^\d+$/.test(declared) ? Number(declared) : null;
  // over the limit by its header: not read at all (the handler still checks the token first)
  const body =
    declaredBytes !== null && declaredBytes > MAX_GUARDRAIL_BODY_BYTES
      ? { text: "", bytes: declaredBytes, tooLarge: true }
      : await readBodyLimited(req.body, MAX_GUARDRAIL_BODY_BYTES);
  const result = await handleGuardrailRequest(db(), {
    authorization: req.headers.get("authorization"),
    apiKey: req.headers.get("x-api-key"),
    bodyText: body.text,
    contentLength: body.tooLarge ? Math.max(body.bytes, MAX_GUARDRAIL_BODY_BYTES + 1) : (declaredBytes ?? body.bytes),
  });
  return NextResponse.json(result.body, { status: result.status, headers: { "cache-control": "no-store" } });
}
