import { NextResponse } from "next/server";
import { logAccess, withPermission } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { exceptionsCsv } from "@/lib/controls/csv-export";
import { selectPeriod } from "@/lib/controls/periods";

export const dynamic = "force-dynamic";

// GET /api/exceptions.csv?period=ID — every exception of the period with its disposition in force
// (comments, internal or not, are not exported).
export const GET = withPermission(async (req, { actor }) => {
  const requested = req.nextUrl.searchParams.get("period");
  const { period, refused } = await selectPeriod(db(), actor, requested);
  if (!period || refused || !requested) return NextResponse.json({ error: "no such audit period" }, { status: 404 });
  await logAccess(actor, "DOWNLOAD", "/api/exceptions.csv", period.id);
  const name = `exceptions-${period.name.replace(/[^A-Za-z0-9._-]+/g, "_")}.csv`;
  return new Response(exceptionsCsv(period.id), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
  });
}, "evidence:read");
