import { withPermission } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { safeFileName } from "@/lib/evidence/csv";
import { buildMatrixPdf } from "@/lib/evidence/exports/files";
import { audienceFor, issueFile, notFound, periodFor } from "@/lib/evidence/http";

export const dynamic = "force-dynamic";

// GET /api/exports/matrix?period=ID — the control-matrix PDF.
export const GET = withPermission(async (req, { actor }) => {
  const period = await periodFor(actor, req.nextUrl.searchParams.get("period"));
  if (!period) return notFound("no such audit period");
  return issueFile({
    actor,
    kind: "matrix-pdf",
    periodId: period.id,
    filename: `control-matrix-${safeFileName(period.name)}.pdf`,
    contentType: "application/pdf",
    target: `/api/exports/matrix?period=${period.id}`,
    write: async (w) => void (await w.write(await buildMatrixPdf(db(), period, audienceFor(actor, false), new Date()))),
  });
}, "exports:create");
