import "server-only";
// The one permission check for pages, route handlers and server actions.
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { NextResponse, type NextRequest } from "next/server";
import { decode } from "next-auth/jwt";
import { cache } from "react";
import { db } from "../db/client";
import { recordAccess, type AccessAction } from "./access-log";
import { loadActor, type Actor } from "./actor";
import { can, type Permission } from "./permissions";

const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];
export const PREVIEW_COOKIE = "preview-auditor";

async function sessionUserId(): Promise<string | null> {
  const jar = await cookies();
  for (const name of SESSION_COOKIES) {
    const value = jar.get(name)?.value;
    if (!value) continue;
    try {
      const token = await decode({ token: value, secret: process.env.NEXTAUTH_SECRET! });
      if (token && typeof token.uid === "string") return token.uid;
    } catch {
      return null;
    }
  }
  return null;
}

/** The signed-in user, from the database row at request time (cached per request). */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const uid = await sessionUserId();
  if (!uid) return null;
  const loaded = await loadActor(db(), uid);
  if (!("actor" in loaded)) return null;
  const actor = loaded.actor;
  // ADMIN's "preview as auditor": every read is scoped as that auditor's, and writes are refused.
  if (actor.role === "ADMIN") {
    const previewId = (await cookies()).get(PREVIEW_COOKIE)?.value;
    if (previewId) {
      const preview = await loadActor(db(), previewId);
      if ("actor" in preview && preview.actor.role === "AUDITOR") {
        return { ...preview.actor, previewOf: { id: actor.id, email: actor.email } };
      }
    }
  }
  return actor;
});

async function requestInfo() {
  const h = await headers();
  return {
    ip: h.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null,
    userAgent: h.get("user-agent"),
  };
}

/** Pages: sign-in redirect when anonymous, 403 page when the role may not. */
export async function requirePage(permission: Permission): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  if (!can(actor.role, permission)) forbidden();
  return actor;
}

/** Records a view, download or export of evidence by the current actor. */
export async function logAccess(actor: Actor, action: AccessAction, target: string, periodId?: string | null, detail?: Record<string, unknown>) {
  const info = await requestInfo();
  await recordAccess(db(), {
    actor: { id: actor.previewOf?.id ?? actor.id, email: actor.previewOf?.email ?? actor.email, role: actor.previewOf ? "ADMIN" : actor.role },
    action,
    target,
    periodId,
    ...info,
    detail: actor.previewOf ? { ...detail, previewAs: actor.email } : detail,
  });
}

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (req: NextRequest, ctx: { actor: Actor; params: P }) => Promise<Response> | Response;

/** Route handlers: `export const GET = withPermission(handler, "evidence:read")`. */
export function withPermission<P = Record<string, string>>(handler: Handler<P>, permission: Permission) {
  return async (req: NextRequest, ctx: RouteContext<P>) => {
    const actor = await currentActor();
    if (!actor) return NextResponse.json({ error: "sign in first" }, { status: 401 });
    const mutating = !["GET", "HEAD"].includes(req.method);
    if (!can(actor.role, permission) || (mutating && actor.previewOf)) {
      return NextResponse.json({ error: `forbidden: ${permission} is not allowed for ${actor.role}` }, { status: 403 });
    }
    return handler(req, { actor, params: ctx?.params ? await ctx.params : ({} as P) });
  };
}

export class ActionError extends Error {}

/** Server actions: throws (the caller shows the message) unless the actor may. */
export async function requireAction(permission: Permission): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) throw new ActionError("sign in first");
  if (!can(actor.role, permission) || actor.previewOf) {
    throw new ActionError(`forbidden: ${permission} is not allowed for ${actor.previewOf ? "a preview" : actor.role}`);
  }
  await recordAccess(db(), { actor, action: "MUTATION", target: permission, ...(await requestInfo()) });
  return actor;
}
