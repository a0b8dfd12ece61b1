import { NextResponse, type NextRequest } from "next/server";
import { currentActor, PREVIEW_COOKIE } from "@/lib/auth/guard";
import { recordAccess } from "@/lib/auth/access-log";
import { loadActor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** A relative redirect: the browser stays on the host it used, where its session cookie lives. */
const seeOther = (location: string) => new NextResponse(null, { status: 303, headers: { Location: location } });

// GET /api/preview?auditor=USER_ID — ADMIN sees exactly what that auditor sees (read-only);
// GET /api/preview?stop=1 — back to the ADMIN's own view.
export async function GET(req: NextRequest) {
  const actor = await currentActor();
  if (!actor) return NextResponse.json({ error: "sign in first" }, { status: 401 });
  const secure = req.nextUrl.protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
  const admin = actor.previewOf ?? (actor.role === "ADMIN" ? { id: actor.id, email: actor.email } : null);

  if (req.nextUrl.searchParams.get("stop")) {
    const res = seeOther(admin ? "/users" : "/");
    res.cookies.set(PREVIEW_COOKIE, "", { path: "/", httpOnly: true, sameSite: "lax", secure, maxAge: 0 });
    if (actor.previewOf) await recordAccess(db(), { actor: { id: actor.previewOf.id, email: actor.previewOf.email, role: "ADMIN" }, action: "VIEW", target: "preview:stop", detail: { auditor: actor.email } });
    return res;
  }

  // only a real ADMIN (or one already previewing) may start a preview
  if (!admin) return NextResponse.json({ error: "forbidden: only an ADMIN may preview as an auditor" }, { status: 403 });
  const auditorId = req.nextUrl.searchParams.get("auditor");
  if (!auditorId) return NextResponse.json({ error: "name the auditor: ?auditor=USER_ID" }, { status: 400 });
  const loaded = await loadActor(db(), auditorId);
  if (!("actor" in loaded) || loaded.actor.role !== "AUDITOR") {
    const reason = "refused" in loaded ? `the auditor's access is refused (${loaded.refused})` : "not an auditor";
    return NextResponse.json({ error: `cannot preview: ${reason}` }, { status: 404 });
  }
  await recordAccess(db(), { actor: { id: admin.id, email: admin.email, role: "ADMIN" }, action: "VIEW", target: "preview:start", detail: { auditor: loaded.actor.email, auditorId } });
  const res = seeOther("/");
  // a session cookie: the preview ends with the browser session at the latest
  res.cookies.set(PREVIEW_COOKIE, auditorId, { path: "/", httpOnly: true, sameSite: "lax", secure });
  return res;
}
