import "server-only";
import { db } from "../db/client";

export async function listUsers() {
  return db().user.findMany({
    orderBy: [{ role: "asc" }, { email: "asc" }],
    include: { grants: { include: { period: true } } },
  });
}

export async function listPeriodsForGrant() {
  return db().auditPeriod.findMany({ orderBy: { start: "desc" } });
}
