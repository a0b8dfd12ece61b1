// Reading the access log (it is written by lib/auth/access-log.ts and is append-only in the
// database). ADMIN reads everything with filters; everyone else reads only their own entries.
import type { Db, Prisma } from "../db/client";
import type { Actor } from "../auth/actor";
import { csvRow } from "./csv";

export const ACCESS_ACTIONS = ["VIEW", "DOWNLOAD", "EXPORT", "LOGIN", "LOGIN_FAILED", "LOGIN_REFUSED", "MUTATION"] as const;
export const ACCESS_LOG_PAGE_SIZE = 100;

export interface AccessLogFilter {
  /** a user's email (exact, case-insensitive) or part of it */
  user?: string;
  action?: string;
  /** YYYY-MM-DD, inclusive */
  from?: string;
  /** YYYY-MM-DD, inclusive */
  to?: string;
}

/** Whether the actor reads the whole log (an ADMIN who is not previewing an auditor). */
export function readsAll(actor: Actor): boolean {
  return actor.role === "ADMIN" && !actor.previewOf;
}

const day = (s: string | undefined, endOfDay = false): Date | null => {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const d = new Date(`${s}T00:00:00.000Z`);
  if (Number.isNaN(d.getTime())) return null;
  return endOfDay ? new Date(d.getTime() + 86_400_000) : d;
};

export function accessLogWhere(actor: Actor, f: AccessLogFilter): Prisma.AccessLogWhereInput {
  const from = day(f.from);
  const to = day(f.to, true);
  const where: Prisma.AccessLogWhereInput = {
    ...(f.action && (ACCESS_ACTIONS as readonly string[]).includes(f.action) ? { action: f.action } : {}),
    ...(from || to ? { at: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } : {}),
  };
  if (!readsAll(actor)) return { ...where, userId: actor.id };
  if (f.user?.trim()) where.userEmail = { contains: f.user.trim(), mode: "insensitive" };
  return where;
}

export async function accessLogPage(db: Db, actor: Actor, f: AccessLogFilter, page = 0) {
  const where = accessLogWhere(actor, f);
  const [rows, total] = await Promise.all([
    db.accessLog.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip: Math.max(0, page) * ACCESS_LOG_PAGE_SIZE, take: ACCESS_LOG_PAGE_SIZE }),
    db.accessLog.count({ where }),
  ]);
  return { rows, total, page: Math.max(0, page) };
}

export const ACCESS_LOG_CSV_HEADER = ["id", "at", "user_id", "user_email", "role", "action", "target", "period_id", "ip", "user_agent", "detail"];

/** The filtered log as CSV chunks, newest first, in batches (the log grows without bound). */
export async function* accessLogCsv(db: Db, actor: Actor, f: AccessLogFilter, batch = 5000): AsyncGenerator<string> {
  yield csvRow(ACCESS_LOG_CSV_HEADER);
  const where = accessLogWhere(actor, f);
  let cursor: bigint | undefined;
  for (;;) {
    const rows = await db.accessLog.findMany({ where: { ...where, ...(cursor !== undefined ? { id: { lt: cursor } } : {}) }, orderBy: { id: "desc" }, take: batch });
    if (rows.length === 0) return;
    yield rows.map((r) => csvRow([r.id, r.at, r.userId, r.userEmail, r.role, r.action, r.target, r.periodId, r.ip, r.userAgent, r.detail === null ? null : JSON.stringify(r.detail)])).join("");
    cursor = rows[rows.length - 1].id;
    if (rows.length < batch) return;
  }
}

export async function accessLogUsers(db: Db) {
  return db.user.findMany({ orderBy: { email: "asc" }, select: { id: true, email: true, role: true } });
}
