import { withPermission } from "@/lib/auth/guard";
import { mayReadPeriod } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { safeFileName } from "@/lib/evidence/csv";
import { samplesWithRecords, writeSampleCsv } from "@/lib/evidence/exports/files";
import { issueFile, notFound } from "@/lib/evidence/http";

export const dynamic = "force-dynamic";

// GET /api/samples/ID — the sample's items with their review records, as CSV.
export const GET = withPermission<{ id: string }>(async (req, { actor, params }) => {
  const row = await db().sample.findUnique({ where: { id: params.id }, select: { id: true, periodId: true } });
  // a sample of a period outside the auditor's grant does not exist for them
  if (!row || !mayReadPeriod(actor, row.periodId)) return notFound("no such sample");
  const [sample] = await samplesWithRecords(db(), { id: row.id });
  return issueFile({
    actor,
    kind: "sample-csv",
    periodId: row.periodId,
    filename: `sample-${safeFileName(sample.testId)}-${safeFileName(sample.period.name)}-${sample.id}.csv`,
    contentType: "text/csv; charset=utf-8",
    target: `/api/samples/${sample.id}`,
    detail: { sampleId: sample.id, testId: sample.testId, seed: sample.seed },
    headers: { "X-Sample-Seed": encodeURIComponent(sample.seed), "X-Population-SHA256": sample.populationHash },
    write: async (w) => void (await writeSampleCsv(sample, w, req.nextUrl.origin)),
  });
}, "evidence:read");
