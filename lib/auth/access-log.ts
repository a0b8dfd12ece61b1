import type { Db } from "../db/client";

export type AccessAction = "VIEW" | "DOWNLOAD" | "EXPORT" | "LOGIN" | "LOGIN_FAILED" | "LOGIN_REFUSED" | "MUTATION";

export interface AccessEntry {
  actor: { id?: string; email?: string; role?: string } | null;
  action: AccessAction;
  target: string;
  periodId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  detail?: Record<string, unknown>;
}

/** Appends to the access log (the table refuses UPDATE and DELETE). */
export async function recordAccess(db: Db, entry: AccessEntry): Promise<void> {
  await db.accessLog.create({
    data: {
      userId: entry.actor?.id ?? null,
      userEmail: entry.actor?.email ?? null,
      role: (entry.actor?.role as "ADMIN" | "AUDITOR" | "EXECUTIVE" | undefined) ?? null,
      action: entry.action,
      target: entry.target.slice(0, 2000),
      periodId: entry.periodId ?? null,
      ip: entry.ip ?? null,
      userAgent: entry.userAgent?.slice(0, 500) ?? null,
      detail: entry.detail === undefined ? undefined : (entry.detail as object),
    },
  });
}
