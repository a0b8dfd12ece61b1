import { NextResponse } from "next/server";
import { logAccess, withPermission } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { findTest } from "@/lib/controls/catalogue";
import { populationCsv } from "@/lib/controls/csv-export";
import { selectPeriod } from "@/lib/controls/periods";

export const dynamic = "force-dynamic";

// GET /api/controls/CM-3/population.csv?period=ID — the whole population, streamed.
export const GET = withPermission<{ testId: string }>(async (req, { actor, params }) => {
  const test = findTest(decodeURIComponent(params.testId));
  const requested = req.nextUrl.searchParams.get("period");
  const { period, refused } = await selectPeriod(db(), actor, requested);
  if (!test || !period || refused || !requested) return NextResponse.json({ error: "no such test or audit period" }, { status: 404 });
  await logAccess(actor, "DOWNLOAD", `/api/controls/${test.id}/population.csv`, period.id, { testId: test.id });
  const name = `${test.id}-population-${period.name.replace(/[^A-Za-z0-9._-]+/g, "_")}.csv`;
  return new Response(populationCsv(period.id, test.id), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
  });
}, "evidence:read");
