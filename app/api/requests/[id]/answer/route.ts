import { NextResponse, type NextRequest } from "next/server";
import { withPermission } from "@/lib/auth/guard";
import { recordAccess } from "@/lib/auth/access-log";
import { db } from "@/lib/db/client";
import { answerRequest, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_ANSWER, RequestError, type NewAttachment } from "@/lib/evidence/requests";

export const dynamic = "force-dynamic";

const MAX_BODY = MAX_ATTACHMENT_BYTES * MAX_ATTACHMENTS_PER_ANSWER + 1024 * 1024;

function back(req: NextRequest, id: string, query: Record<string, string>) {
  const wantsHtml = (req.headers.get("accept") ?? "").includes("text/html");
  if (!wantsHtml) return NextResponse.json(query.error ? { error: query.error } : { ok: true }, { status: query.error ? 400 : 200 });
  // a relative Location: the browser stays on the host it used (a proxy may rewrite the Host header)
  return new NextResponse(null, { status: 303, headers: { Location: `/requests/${encodeURIComponent(id)}?${new URLSearchParams(query)}` } });
}

// POST /api/requests/ID/answer (multipart form: answer, status, attachments[]) — ADMIN only.
export const POST = withPermission<{ id: string }>(async (req, { actor, params }) => {
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY) return NextResponse.json({ error: "the upload is too large" }, { status: 413 });
  const request = await db().auditorRequest.findUnique({ where: { id: params.id }, select: { id: true, periodId: true } });
  if (!request) return NextResponse.json({ error: "no such request" }, { status: 404 });
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    return back(req, params.id, { error: "send the answer as a form" });
  }
  const attachments: NewAttachment[] = [];
  for (const v of form.getAll("attachments")) {
    if (typeof v === "string" || v.size === 0) continue;
    attachments.push({ filename: v.name, contentType: v.type || "application/octet-stream", content: Buffer.from(await v.arrayBuffer()) });
  }
  try {
    await answerRequest(db(), {
      requestId: params.id,
      answer: typeof form.get("answer") === "string" ? (form.get("answer") as string) : null,
      status: String(form.get("status") ?? "ANSWERED"),
      answeredById: actor.id,
      attachments,
    });
  } catch (e) {
    if (e instanceof RequestError) return back(req, params.id, { error: e.message });
    throw e;
  }
  await recordAccess(db(), {
    actor,
    action: "MUTATION",
    target: `requests:answer ${params.id}`,
    periodId: request.periodId,
    detail: { attachments: attachments.map((a) => ({ filename: a.filename, bytes: a.content.length })) },
  });
  return back(req, params.id, { answered: "1" });
}, "requests:answer");
