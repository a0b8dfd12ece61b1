import type { Role } from "../generated/prisma/enums";

/** What a role may do. Pages, route handlers and server actions each name one permission. */
export const PERMISSIONS = {
  "matrix:read": ["ADMIN", "AUDITOR", "EXECUTIVE"],
  "evidence:read": ["ADMIN", "AUDITOR"],
  "summary:read": ["ADMIN", "EXECUTIVE"],
  "samples:draw": ["ADMIN", "AUDITOR"],
  "requests:read": ["ADMIN", "AUDITOR"],
  "requests:create": ["ADMIN", "AUDITOR"],
  "requests:answer": ["ADMIN"],
  "exports:create": ["ADMIN", "AUDITOR"],
  "accesslog:own": ["ADMIN", "AUDITOR", "EXECUTIVE"],
  "accesslog:read": ["ADMIN"],
  "ingest:write": ["ADMIN"],
  "registers:write": ["ADMIN"],
  "exceptions:disposition": ["ADMIN"],
  "periods:write": ["ADMIN"],
  "users:write": ["ADMIN"],
  "settings:write": ["ADMIN"],
  "tokens:write": ["ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Permissions that change data: an AUDITOR must never hold one (tested). */
export const MUTATING_PERMISSIONS: Permission[] = [
  "requests:answer",
  "ingest:write",
  "registers:write",
  "exceptions:disposition",
  "periods:write",
  "users:write",
  "settings:write",
  "tokens:write",
];
