import { withPermission } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { findTest } from "@/lib/controls/catalogue";
import { safeFileName } from "@/lib/evidence/csv";
import { writeExceptionsCsv } from "@/lib/evidence/exports/files";
import { audienceFor, issueFile, notFound, periodFor } from "@/lib/evidence/http";

export const dynamic = "force-dynamic";

// GET /api/exports/exceptions?period=ID[&test=CM-3][&internal=1] — the exception list as CSV.
export const GET = withPermission(async (req, { actor }) => {
  const period = await periodFor(actor, req.nextUrl.searchParams.get("period"));
  if (!period) return notFound("no such audit period");
  const testParam = req.nextUrl.searchParams.get("test");
  const test = testParam ? findTest(testParam) : null;
  if (testParam && !test) return notFound("no such test");
  const audience = audienceFor(actor, req.nextUrl.searchParams.get("internal") === "1");
  return issueFile({
    actor,
    kind: "exceptions-csv",
    periodId: period.id,
    filename: `exceptions-${test ? `${test.id}-` : ""}${safeFileName(period.name)}.csv`,
    contentType: "text/csv; charset=utf-8",
    target: `/api/exports/exceptions?period=${period.id}${test ? `&test=${test.id}` : ""}`,
    detail: { testId: test?.id ?? null, includesInternalNotes: audience.includeInternal },
    write: async (w) => void (await writeExceptionsCsv(db(), period.id, audience, w, test?.id)),
  });
}, "exports:create");
