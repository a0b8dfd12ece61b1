import { withPermission, logAccess } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { accessLogCsv, readsAll } from "@/lib/evidence/access-log";

export const dynamic = "force-dynamic";

// GET /api/access-log?user=&action=&from=YYYY-MM-DD&to=YYYY-MM-DD — the access log as CSV.
// ADMIN: everything, filtered; everyone else: their own entries only (same filters).
export const GET = withPermission(async (req, { actor }) => {
  const sp = req.nextUrl.searchParams;
  const filter = { user: sp.get("user") ?? undefined, action: sp.get("action") ?? undefined, from: sp.get("from") ?? undefined, to: sp.get("to") ?? undefined };
  await logAccess(actor, "DOWNLOAD", "/api/access-log", null, { filter, scope: readsAll(actor) ? "all" : "own" });
  const chunks = accessLogCsv(db(), actor, filter);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="access-log-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}, "accesslog:own");
