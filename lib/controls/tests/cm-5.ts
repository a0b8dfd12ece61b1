// CM-5 No automatic approval: an approval of a production change by a bot, an app or a
// configured service account (changes.serviceAccounts, or a person marked as a bot) is an exception.
import { identityIndex, isAutomatedReviewer, productionChanges } from "../changes";
import { outcomeOf } from "../outcome";
import { commitPopulation, HAS_PULL_REQUEST_SQL } from "../sql";
import type { ControlTestModule, EvaluationShared, ExceptionDraft, PeriodScope, Reader, Settings } from "../types";
import { listOf, procedureOf } from "./common";

export const cm5: ControlTestModule = {
  id: "CM-5",
  procedure: procedureOf("CM-5"),
  settingsKeys: ["changes.serviceAccounts"],
  population: (period) => commitPopulation(period, HAS_PULL_REQUEST_SQL),
  async evaluate(db: Reader, period: PeriodScope, settings: Settings, shared?: EvaluationShared) {
    const [changes, index] = await Promise.all([productionChanges(db, period, shared), identityIndex(db, shared)]);
    const exceptions: ExceptionDraft[] = [];
    for (const c of changes) {
      if (!c.pr) continue;
      const automated = c.pr.reviews.filter((r) => r.state === "APPROVED" && isAutomatedReviewer(r, index, settings["changes.serviceAccounts"]));
      if (!automated.length) continue;
      exceptions.push({
        itemKey: c.key,
        itemType: "COMMIT",
        itemRef: c.ref,
        summary: `PR #${c.pr.number} was approved by a bot or service account: ${listOf([...new Set(automated.map((r) => r.login))])}`,
        details: {
          pullRequest: c.pr.number,
          approvals: automated.map((r) => ({ reviewer: r.login, reviewerType: r.type, submittedAt: r.submittedAt?.toISOString() ?? null })),
        },
        occurredAt: automated[0].submittedAt ?? c.committedAt,
      });
    }
    return outcomeOf(db, commitPopulation(period, HAS_PULL_REQUEST_SQL), exceptions);
  },
};
