import { withPermission } from "@/lib/auth/guard";
import { mayReadPeriod } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { issueText, notFound } from "@/lib/evidence/http";

export const dynamic = "force-dynamic";

// GET /api/requests/attachments/ID — an answer's attachment, as stored (SHA-256 in the header).
export const GET = withPermission<{ id: string }>(async (_req, { actor, params }) => {
  const a = await db().requestAttachment.findUnique({ where: { id: params.id }, include: { request: { select: { id: true, periodId: true } } } });
  if (!a || !mayReadPeriod(actor, a.request.periodId)) return notFound("no such attachment");
  return issueText({
    actor,
    kind: "request-attachment",
    action: "DOWNLOAD",
    periodId: a.request.periodId,
    filename: a.filename.replace(/[^\w.\- ]+/g, "_"),
    // served as a download, never rendered inline in our origin
    contentType: "application/octet-stream",
    target: `/api/requests/attachments/${a.id}`,
    detail: { requestId: a.request.id, storedSha256: a.sha256, contentType: a.contentType },
    body: Buffer.from(a.content),
  });
}, "requests:read");
