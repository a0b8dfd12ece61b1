// CM-3 Independent approval: at least one approving review that is (a) by a human, (b) not by
// the PR author, an author or committer of the change's commits, or the AI prompter, (c) on the
// final head commit unless stale approvals are allowed, and (d) submitted before the merge.
// The prompter of an AI-assisted change is whoever used the gateway for its repository within
// changes.prompterWindowHours before the merge.
import { assessApprovals, changeTraffic, identityIndex, mergeTime, productionChanges } from "../changes";
import { outcomeOf } from "../outcome";
import { commitPopulation } from "../sql";
import type { ControlTestModule, EvaluationShared, ExceptionDraft, PeriodScope, Reader, Settings } from "../types";
import { listOf, procedureOf } from "./common";

export const cm3: ControlTestModule = {
  id: "CM-3",
  procedure: procedureOf("CM-3"),
  settingsKeys: ["changes.serviceAccounts", "changes.allowStaleApprovals", "changes.prompterWindowHours"],
  population: (period) => commitPopulation(period),
  async evaluate(db: Reader, period: PeriodScope, settings: Settings, shared?: EvaluationShared) {
    const [changes, index] = await Promise.all([productionChanges(db, period, shared), identityIndex(db, shared)]);
    const { prompterReviews } = await changeTraffic(db, period, settings["changes.prompterWindowHours"], shared);

    const exceptions: ExceptionDraft[] = [];
    for (const c of changes) {
      if (!c.pr) {
        exceptions.push({
          itemKey: c.key,
          itemType: "COMMIT",
          itemRef: c.ref,
          summary: `No review record: no pull request was found for this production commit (arrival ${c.arrival?.toLowerCase() ?? "unknown"})`,
          details: { arrival: c.arrival, pullNumber: c.pullNumber },
          occurredAt: c.committedAt,
        });
        continue;
      }
      const approvals = assessApprovals(c, index, {
        serviceAccounts: settings["changes.serviceAccounts"],
        allowStaleApprovals: settings["changes.allowStaleApprovals"],
        prompterReviews,
        prompterWindowHours: settings["changes.prompterWindowHours"],
      });
      if (approvals.some((a) => a.reasons.length === 0)) continue;
      const why = approvals.map((a) => `${a.review.login}: ${a.reasons[0]}`);
      exceptions.push({
        itemKey: c.key,
        itemType: "COMMIT",
        itemRef: c.ref,
        summary: approvals.length
          ? `No independent approval on PR #${c.pr.number}: ${listOf(why, 2)}`
          : c.pr.source === "git" && c.pr.reviews.length === 0
            ? `No review record: PR #${c.pr.number} is known from git only; its reviews come from GitHub (ingest github)`
            : `No independent approval: PR #${c.pr.number} was merged without an approving review`,
        details: {
          pullRequest: c.pr.number,
          prAuthor: c.pr.authorLogin,
          headSha: c.pr.headSha,
          mergedAt: mergeTime(c).toISOString(),
          aiAssisted: c.aiAssisted,
          approvals: approvals.map((a) => ({
            reviewer: a.review.login,
            reviewerType: a.review.type,
            commitSha: a.review.commitSha,
            submittedAt: a.review.submittedAt?.toISOString() ?? null,
            notCounted: a.reasons,
          })),
        },
        occurredAt: mergeTime(c),
      });
    }
    return outcomeOf(db, commitPopulation(period), exceptions);
  },
};
