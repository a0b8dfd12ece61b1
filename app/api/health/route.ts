import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";

// Public liveness/readiness probe for load balancers: says nothing about the data.
export async function GET() {
  try {
    await db().$queryRaw`SELECT 1`;
    return NextResponse.json({ status: "ok" });
  } catch {
    return NextResponse.json({ status: "database unavailable" }, { status: 503 });
  }
}
