import "server-only";
import { db } from "../db/client";

export async function recentIngestRuns(limit = 50) {
  return db().ingestRun.findMany({ orderBy: { startedAt: "desc" }, take: limit });
}

export async function quarantineOf(runId: string) {
  return db().quarantinedRecord.findMany({ where: { runId }, orderBy: { lineNumber: "asc" }, take: 500 });
}
