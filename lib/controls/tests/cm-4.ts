// CM-4 AI attribution: AI-assisted changes are identified from commit markers (the ingest sets
// Commit.aiAssisted). A change without a marker whose author used the gateway for the same
// repository within changes.prompterWindowHours before it is reported as "possibly untagged".
import { changeTraffic, mergeTime, productionChanges } from "../changes";
import { outcomeOf } from "../outcome";
import { commitPopulation } from "../sql";
import type { ControlTestModule, EvaluationShared, ExceptionDraft, PeriodScope, Reader, Settings } from "../types";
import { listOf, procedureOf } from "./common";

export const cm4: ControlTestModule = {
  id: "CM-4",
  procedure: procedureOf("CM-4"),
  settingsKeys: ["changes.prompterWindowHours", "changes.aiMarkers"],
  population: (period) => commitPopulation(period),
  async evaluate(db: Reader, period: PeriodScope, settings: Settings, shared?: EvaluationShared) {
    const changes = await productionChanges(db, period, shared);
    const hours = settings["changes.prompterWindowHours"];
    const untagged = changes.filter((c) => !c.aiAssisted);
    const withTraffic = (await changeTraffic(db, period, hours, shared)).untagged;
    const exceptions: ExceptionDraft[] = untagged
      .filter((c) => withTraffic.has(c.id))
      .map((c) => {
        const authors = [...new Set(c.contributors.filter((x) => x.role === "author").map((x) => x.email.toLowerCase()))];
        return {
          itemKey: c.key,
          itemType: "COMMIT",
          itemRef: c.ref,
          summary: `Possibly untagged AI assistance: the author (${listOf(authors, 2)}) used the AI gateway for ${c.repo} within ${hours}h before this change, which carries no AI marker`,
          details: { repository: c.repo, windowHours: hours, authors, pullRequest: c.pr?.number ?? null },
          occurredAt: mergeTime(c),
        };
      });
    return outcomeOf(db, commitPopulation(period), exceptions);
  },
};
