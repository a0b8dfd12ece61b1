// CM-6 Code owners: a change touching a path owned in CODEOWNERS, read at the PR's base commit
// (last matching pattern wins), needs an approval from an owner of that line. The population is
// the changes whose base commit has a CODEOWNERS file we hold. Owners are "@login", "@org/team"
// (satisfied only through changes.teamMembers: team membership is not in the evidence) or emails.
import { Prisma } from "../../db/client";
import { parseCodeowners, ownersFor, type CodeownersRule } from "../../ingest/git/codeowners";
import { assessApprovals, identityIndex, productionChanges, type ApprovalAssessment, type ProductionChange } from "../changes";
import { overlap, type IdentityIndex } from "../identity";
import { outcomeOf } from "../outcome";
import { CODEOWNERS_BASE_SQL, commitPopulation } from "../sql";
import type { ControlTestModule, EvaluationShared, ExceptionDraft, PeriodScope, Reader, Settings } from "../types";
import { listOf, procedureOf } from "./common";

const populationOf = (period: PeriodScope) =>
  commitPopulation(
    period,
    Prisma.sql` AND EXISTS (SELECT 1 FROM "CodeownersSnapshot" s
      WHERE s."repositoryId" = c."repositoryId" AND s.path IS NOT NULL AND s."commitSha" = ${CODEOWNERS_BASE_SQL})`,
  );

/** The commit CODEOWNERS is read at (CODEOWNERS_BASE_SQL's twin). */
export function codeownersBase(c: ProductionChange): string | null {
  return c.pr?.baseSha ?? c.parents[0] ?? null;
}

/** Whether an approval is by one of a CODEOWNERS line's owners. */
export function approvedByOwner(owners: readonly string[], approval: ApprovalAssessment, index: IdentityIndex, teams: Record<string, string[]>): boolean {
  const login = approval.review.login.toLowerCase();
  for (const owner of owners) {
    if (owner.startsWith("@") && owner.includes("/")) {
      const members = teams[owner] ?? teams[owner.slice(1)] ?? [];
      if (members.some((m) => m.replace(/^@/, "").toLowerCase() === login)) return true;
    } else if (owner.startsWith("@")) {
      if (owner.slice(1).toLowerCase() === login) return true;
    } else if (owner.includes("@")) {
      const o = overlap(index.forEmail(owner), approval.keys);
      if (o?.strength === "strong") return true;
    }
  }
  return false;
}

export const cm6: ControlTestModule = {
  id: "CM-6",
  procedure: procedureOf("CM-6"),
  settingsKeys: ["changes.teamMembers", "changes.serviceAccounts", "changes.allowStaleApprovals"],
  population: populationOf,
  async evaluate(db: Reader, period: PeriodScope, settings: Settings, shared?: EvaluationShared) {
    const [changes, index] = await Promise.all([productionChanges(db, period, shared), identityIndex(db, shared)]);
    const wanted = changes.map((c) => ({ c, base: codeownersBase(c) })).filter((x): x is { c: ProductionChange; base: string } => x.base !== null);
    const snapshots = wanted.length
      ? await db.$queryRaw<{ repositoryId: string; commitSha: string; path: string; content: string }[]>`
          SELECT DISTINCT s."repositoryId", s."commitSha", s.path, s.content FROM "CodeownersSnapshot" s
          JOIN unnest(${wanted.map((w) => w.c.repositoryId)}::text[], ${wanted.map((w) => w.base)}::text[]) AS w(repo, sha)
            ON s."repositoryId" = w.repo AND s."commitSha" = w.sha
          WHERE s.path IS NOT NULL`
      : [];
    const rulesAt = new Map<string, { path: string; rules: CodeownersRule[] }>();
    for (const s of snapshots) rulesAt.set(`${s.repositoryId}:${s.commitSha}`, { path: s.path, rules: parseCodeowners(s.content ?? "") });

    const exceptions: ExceptionDraft[] = [];
    for (const { c, base } of wanted) {
      const file = rulesAt.get(`${c.repositoryId}:${base}`);
      if (!file) continue; // outside the population: no CODEOWNERS at the base
      // owned lines this change touches, with the paths that fall under each
      const owned = new Map<number, { rule: CodeownersRule; paths: string[] }>();
      for (const path of c.changedPaths) {
        const { owners, rule } = ownersFor(file.rules, path);
        if (!rule || owners.length === 0) continue;
        const entry = owned.get(rule.line) ?? { rule, paths: [] };
        entry.paths.push(path);
        owned.set(rule.line, entry);
      }
      if (owned.size === 0) continue;
      const approvals = assessApprovals(c, index, {
        serviceAccounts: settings["changes.serviceAccounts"],
        allowStaleApprovals: settings["changes.allowStaleApprovals"],
      }).filter((a) => a.reasons.length === 0);
      const unsatisfied = [...owned.values()].filter(
        ({ rule }) => !approvals.some((a) => approvedByOwner(rule.owners, a, index, settings["changes.teamMembers"])),
      );
      if (!unsatisfied.length) continue;
      const lines = unsatisfied.map(({ rule }) => `${rule.pattern} (${rule.owners.join(" ")})`);
      exceptions.push({
        itemKey: c.key,
        itemType: "COMMIT",
        itemRef: c.ref,
        summary: c.pr
          ? `No code owner approval on PR #${c.pr.number} for ${listOf(lines, 2)}`
          : `Touches code owned in CODEOWNERS (${listOf(lines, 2)}) without a pull request review`,
        details: {
          codeownersPath: file.path,
          baseSha: base,
          pullRequest: c.pr?.number ?? null,
          approvers: approvals.map((a) => a.review.login),
          unsatisfied: unsatisfied.map(({ rule, paths }) => ({ line: rule.line, pattern: rule.pattern, owners: rule.owners, paths: paths.slice(0, 20), pathCount: paths.length })),
        },
        occurredAt: c.pr?.mergedAt ?? c.committedAt,
      });
    }
    return outcomeOf(db, populationOf(period), exceptions);
  },
};
