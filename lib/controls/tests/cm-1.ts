// CM-1 Population of production changes: every commit on the production branch's first-parent
// line within the period. The rule checks that the line is complete: each production commit's
// first parent is the previous production commit we hold, so no change is missing from the
// population (an ingest gap or rewritten history would break the chain).
import { outcomeOf } from "../outcome";
import { COMMIT_KEY_SQL, COMMIT_REF_SQL, commitPopulation, productionCommitsFrom } from "../sql";
import type { ControlTestModule, ExceptionDraft, PeriodScope, Reader } from "../types";
import { procedureOf, shortSha } from "./common";

export const cm1: ControlTestModule = {
  id: "CM-1",
  procedure: procedureOf("CM-1"),
  settingsKeys: [],
  population: (period) => commitPopulation(period),
  async evaluate(db: Reader, period: PeriodScope) {
    const rows = await db.$queryRaw<
      { key: string; ref: string; seq: number; firstParent: string | null; previousSha: string | null; committedAt: Date }[]
    >`
      WITH pc AS (
        SELECT c."repositoryId", ${COMMIT_KEY_SQL} AS key, ${COMMIT_REF_SQL} AS ref, c."productionSeq" AS seq,
               c.parents[1] AS first_parent, c."committedAt"
        FROM ${productionCommitsFrom(period)} AND c."productionSeq" > 0
      )
      SELECT pc.key, pc.ref, pc.seq, pc.first_parent AS "firstParent", prev.sha AS "previousSha", pc."committedAt"
      FROM pc
      LEFT JOIN "Commit" prev ON prev."repositoryId" = pc."repositoryId" AND prev."isProduction" AND prev."productionSeq" = pc.seq - 1
      WHERE prev.sha IS DISTINCT FROM pc.first_parent
      ORDER BY pc."committedAt", pc.key`;
    const exceptions: ExceptionDraft[] = rows.map((r) => ({
      itemKey: r.key,
      itemType: "COMMIT",
      itemRef: r.ref,
      summary: r.previousSha
        ? `First-parent line broken: parent ${shortSha(r.firstParent)} is not the previous production commit ${shortSha(r.previousSha)} (history rewritten?)`
        : `First-parent line incomplete: production commit #${r.seq - 1}, parent ${shortSha(r.firstParent)}, was never ingested`,
      details: { productionSeq: r.seq, firstParent: r.firstParent, previousProductionSha: r.previousSha },
      occurredAt: r.committedAt,
    }));
    return outcomeOf(db, commitPopulation(period), exceptions);
  },
};
