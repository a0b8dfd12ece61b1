import { withPermission } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { safeFileName } from "@/lib/evidence/csv";
import { classificationCsv, egressPolicyCsv, reviewRecordsCsv, toolRegisterCsv } from "@/lib/evidence/requests";
import { audienceFor, issueText, notFound, periodFor } from "@/lib/evidence/http";

export const dynamic = "force-dynamic";

const NAMES: Record<string, string> = { "1": "ai-tool-register", "2": "egress-policy", "3": "commit-sample", "4": "ai-assisted-review-records", "5": "cc3.2-classification" };

// GET /api/requests/standard/N?period=ID — the answer to standard request N as CSV.
export const GET = withPermission<{ n: string }>(async (req, { actor, params }) => {
  const n = params.n;
  if (!NAMES[n]) return notFound("no such standard request");
  const period = await periodFor(actor, req.nextUrl.searchParams.get("period"));
  if (!period) return notFound("no such audit period");
  const d = db();
  const body =
    n === "1" ? await toolRegisterCsv(d)
    : n === "2" ? await egressPolicyCsv(d, period)
    : n === "3" ? await reviewRecordsCsv(d, period.id, false)
    : n === "4" ? await reviewRecordsCsv(d, period.id, true)
    : await classificationCsv(d, period, audienceFor(actor, false));
  return issueText({
    actor,
    kind: `request-${n}-csv`,
    periodId: period.id,
    filename: `request-${n}-${NAMES[n]}-${safeFileName(period.name)}.csv`,
    contentType: "text/csv; charset=utf-8",
    target: `/api/requests/standard/${n}?period=${period.id}`,
    body,
  });
}, "requests:read");
