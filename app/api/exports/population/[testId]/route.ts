import { withPermission } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { findTest } from "@/lib/controls/catalogue";
import { safeFileName } from "@/lib/evidence/csv";
import { writePopulationCsv } from "@/lib/evidence/exports/files";
import { issueFile, notFound, periodFor } from "@/lib/evidence/http";

export const dynamic = "force-dynamic";

// GET /api/exports/population/CM-1?period=ID — a test's population as CSV.
export const GET = withPermission<{ testId: string }>(async (req, { actor, params }) => {
  const test = findTest(decodeURIComponent(params.testId));
  if (!test) return notFound("no such test");
  const period = await periodFor(actor, req.nextUrl.searchParams.get("period"));
  if (!period) return notFound("no such audit period");
  return issueFile({
    actor,
    kind: "population-csv",
    periodId: period.id,
    filename: `population-${test.id}-${safeFileName(period.name)}.csv`,
    contentType: "text/csv; charset=utf-8",
    target: `/api/exports/population/${test.id}?period=${period.id}`,
    detail: { testId: test.id },
    write: async (w) => void (await writePopulationCsv(db(), period.id, test.id, w)),
  });
}, "exports:create");
