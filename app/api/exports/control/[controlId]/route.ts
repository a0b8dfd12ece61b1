import { withPermission } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { safeFileName } from "@/lib/evidence/csv";
import { buildControlPdf, CONTROL_IDS } from "@/lib/evidence/exports/files";
import { audienceFor, issueFile, notFound, periodFor } from "@/lib/evidence/http";

export const dynamic = "force-dynamic";

// GET /api/exports/control/CC8.1?period=ID[&internal=1] — a control's evidence PDF.
export const GET = withPermission<{ controlId: string }>(async (req, { actor, params }) => {
  const controlId = decodeURIComponent(params.controlId);
  if (!CONTROL_IDS.includes(controlId)) return notFound("no such control");
  const period = await periodFor(actor, req.nextUrl.searchParams.get("period"));
  if (!period) return notFound("no such audit period");
  const audience = audienceFor(actor, req.nextUrl.searchParams.get("internal") === "1");
  return issueFile({
    actor,
    kind: "control-pdf",
    periodId: period.id,
    filename: `${safeFileName(controlId)}-evidence-${safeFileName(period.name)}.pdf`,
    contentType: "application/pdf",
    target: `/api/exports/control/${controlId}?period=${period.id}`,
    detail: { controlId, includesInternalNotes: audience.includeInternal },
    write: async (w) => void (await w.write(await buildControlPdf(db(), period, controlId, audience, new Date()))),
  });
}, "exports:create");
