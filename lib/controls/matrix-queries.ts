import "server-only";
// The control matrix page: the period the actor may read, and its precomputed matrix.
import type { Actor } from "../auth/actor";
import { can } from "../auth/permissions";
import { db } from "../db/client";
import { controlMatrix } from "./matrix";
import { selectPeriod } from "./periods";

export async function matrixView(actor: Actor, requested?: string | string[]) {
  const { period, periods, refused } = await selectPeriod(db(), actor, requested);
  const controls = period ? await controlMatrix(db(), period.id) : [];
  const nothingYet = controls.every((c) => c.tests.every((t) => t.status === "NOT_EVALUATED" || t.populationSize === 0));
  // only when the matrix is empty: is there evidence at all? (one-row probes, no scans)
  const [commit, event] = nothingYet
    ? await Promise.all([
        db().commit.findFirst({ where: { isProduction: true }, select: { id: true } }),
        db().aiEvent.findFirst({ select: { id: true } }),
      ])
    : [true, true];
  return {
    period,
    periods,
    refused,
    controls,
    /** EXECUTIVE sees the counts only, no drilldown into tests and exceptions */
    drilldown: can(actor.role, "evidence:read"),
    mayEvaluate: can(actor.role, "periods:write") && !actor.previewOf,
    evaluated: controls.some((c) => c.tests.some((t) => t.status !== "NOT_EVALUATED")),
    hasCommits: Boolean(commit),
    hasEvents: Boolean(event),
  };
}
