import "server-only";
import { db } from "../db/client";
import type { Prisma } from "../generated/prisma/client";

export const TRAFFIC_PAGE_SIZE = 100;

export interface TrafficFilter {
  from: Date;
  to: Date;
  classification?: string;
  action?: string;
  findingsOnly?: boolean;
  user?: string;
  page?: number;
}

function whereOf(f: TrafficFilter): Prisma.AiEventWhereInput {
  return {
    occurredAt: { gte: f.from, lt: f.to },
    ...(f.classification ? { maxClassification: f.classification as "RESTRICTED" } : {}),
    ...(f.action ? { gatewayAction: f.action as "BLOCKED" } : {}),
    ...(f.findingsOnly ? { findingCount: { gt: 0 } } : {}),
    ...(f.user ? { OR: [{ proxyUserId: f.user }, { proxyUserEmail: f.user.toLowerCase() }] } : {}),
  };
}

export async function trafficPage(f: TrafficFilter) {
  const where = whereOf(f);
  const page = Math.max(0, f.page ?? 0);
  const [events, total, byAction] = await Promise.all([
    db().aiEvent.findMany({ where, orderBy: [{ occurredAt: "desc" }, { id: "desc" }], skip: page * TRAFFIC_PAGE_SIZE, take: TRAFFIC_PAGE_SIZE }),
    db().aiEvent.count({ where }),
    db().aiEvent.groupBy({ by: ["gatewayAction"], where: { occurredAt: { gte: f.from, lt: f.to } }, _count: { _all: true } }),
  ]);
  return { events, total, page, byAction: byAction.map((b) => ({ action: b.gatewayAction, count: b._count._all })) };
}

export async function eventDetail(id: bigint) {
  return db().aiEvent.findUnique({
    where: { id },
    include: { findings: { orderBy: [{ location: "asc" }, { start: "asc" }] }, toolCalls: true },
  });
}

export async function runOf(runId: string | null) {
  return runId ? db().ingestRun.findUnique({ where: { id: runId } }) : null;
}
