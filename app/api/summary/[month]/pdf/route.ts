import { NextResponse } from "next/server";
import { logAccess, withPermission } from "@/lib/auth/guard";
import { isMonth } from "@/lib/summary/month";
import { summaryPdf } from "@/lib/summary/queries";

export const dynamic = "force-dynamic";

// GET /api/summary/2026-10/pdf — the month's issued report; for a complete month without
// one, issued now and kept; for the current month, a draft that is not kept.
export const GET = withPermission<{ month: string }>(async (_req, { actor, params }) => {
  const month = decodeURIComponent(params.month);
  if (!isMonth(month)) return NextResponse.json({ error: "month must be YYYY-MM" }, { status: 400 });
  const report = await summaryPdf(month);
  if (!report) return NextResponse.json({ error: "that month has not begun" }, { status: 404 });
  const filename = `ai-summary-${month}${report.kept ? "" : "-draft"}.pdf`;
  await logAccess(actor, "DOWNLOAD", `/api/summary/${month}/pdf`, null, {
    kind: "monthly-summary",
    month,
    sha256: report.sha256,
    kept: report.kept,
    bytes: report.pdf.length,
  });
  return new Response(new Uint8Array(report.pdf), {
    status: 200,
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(report.pdf.length),
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-SHA256": report.sha256,
      "X-Report-Status": report.kept ? "issued" : "draft",
    },
  });
}, "summary:read");
