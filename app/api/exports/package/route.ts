import path from "node:path";
import { withPermission } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { buildEvidencePackage } from "@/lib/evidence/exports/package";
import { audienceFor, issueFile, notFound, periodFor } from "@/lib/evidence/http";

export const dynamic = "force-dynamic";
// a large period's package takes a while; the platform must not cut it short
export const maxDuration = 300;

// GET /api/exports/package?period=ID[&internal=1] — the ZIP evidence package of a period.
export const GET = withPermission(async (req, { actor }) => {
  const period = await periodFor(actor, req.nextUrl.searchParams.get("period"));
  if (!period) return notFound("no such audit period");
  const audience = audienceFor(actor, req.nextUrl.searchParams.get("internal") === "1");
  return issueFile({
    actor,
    kind: "package",
    periodId: period.id,
    filename: `evidence-${period.name}.zip`,
    contentType: "application/zip",
    target: `/api/exports/package?period=${period.id}`,
    detail: { includesInternalNotes: audience.includeInternal },
    write: async (_w, dir) => {
      const out = path.join(dir, "package.zip");
      const r = await buildEvidencePackage(db(), out, { periodId: period.id, audience });
      return { path: out, sha256: r.sha256, bytes: r.bytes, filename: r.filename, headers: { "X-Manifest-SHA256": r.manifestSha256 } };
    },
  });
}, "exports:create");
