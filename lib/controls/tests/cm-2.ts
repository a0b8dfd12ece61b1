// CM-2 Changes arrive through pull requests: a production commit must be the merge, squash or
// rebase of a pull request; a direct push (or an arrival we could not recognise) is an exception.
import { productionChanges } from "../changes";
import { outcomeOf } from "../outcome";
import { commitPopulation } from "../sql";
import type { ControlTestModule, EvaluationShared, ExceptionDraft, PeriodScope, Reader } from "../types";
import { procedureOf } from "./common";

export const cm2: ControlTestModule = {
  id: "CM-2",
  procedure: procedureOf("CM-2"),
  settingsKeys: [],
  population: (period) => commitPopulation(period),
  async evaluate(db: Reader, period: PeriodScope, _settings, shared?: EvaluationShared) {
    const changes = await productionChanges(db, period, shared);
    const exceptions: ExceptionDraft[] = changes
      .filter((c) => c.arrival === "DIRECT" || c.arrival === null)
      .map((c) => ({
        itemKey: c.key,
        itemType: "COMMIT",
        itemRef: c.ref,
        summary:
          c.arrival === "DIRECT"
            ? `Pushed directly to the production branch of ${c.repo}, not through a pull request`
            : `Arrival not recognised: ${c.repo} ${c.sha.slice(0, 10)} is neither a merge, a squash nor a rebase of a pull request`,
        details: { arrival: c.arrival, pullNumber: c.pullNumber, author: `${c.authorName} <${c.authorEmail}>` },
        occurredAt: c.committedAt,
      }));
    return outcomeOf(db, commitPopulation(period), exceptions);
  },
};
