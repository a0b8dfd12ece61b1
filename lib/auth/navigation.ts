import type { Role } from "../generated/prisma/enums";
import { can, type Permission } from "./permissions";

export const NAV_ITEMS: { href: string; label: string; permission: Permission }[] = [
  { href: "/", label: "Control matrix", permission: "matrix:read" },
  { href: "/exceptions", label: "Exceptions", permission: "evidence:read" },
  { href: "/registers", label: "Registers", permission: "evidence:read" },
  { href: "/traffic", label: "AI traffic", permission: "evidence:read" },
  { href: "/changes", label: "Production changes", permission: "evidence:read" },
  { href: "/people", label: "People", permission: "evidence:read" },
  { href: "/policy", label: "Egress policy", permission: "evidence:read" },
  { href: "/requests", label: "Auditor requests", permission: "requests:read" },
  { href: "/summary", label: "Summary", permission: "summary:read" },
  { href: "/ingest", label: "Ingest", permission: "ingest:write" },
  { href: "/periods", label: "Audit periods", permission: "periods:write" },
  { href: "/settings", label: "Settings", permission: "settings:write" },
  { href: "/users", label: "Users", permission: "users:write" },
  { href: "/access-log", label: "Access log", permission: "accesslog:own" },
];

export function navFor(role: Role) {
  return NAV_ITEMS.filter((i) => can(role, i.permission));
}

export function homeFor(role: Role): string {
  return role === "EXECUTIVE" ? "/summary" : "/";
}
