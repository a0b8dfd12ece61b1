// CM-7 PR declaration: the PR body answers the "AI-assisted: yes/no" template question
// (changes.prTemplateQuestion), and the answer agrees with the commits' AI markers.
import { declarationIn, productionChanges } from "../changes";
import { outcomeOf } from "../outcome";
import { commitPopulation, HAS_PULL_REQUEST_SQL } from "../sql";
import type { ControlTestModule, EvaluationShared, ExceptionDraft, PeriodScope, Reader, Settings } from "../types";
import { procedureOf } from "./common";

export const cm7: ControlTestModule = {
  id: "CM-7",
  procedure: procedureOf("CM-7"),
  settingsKeys: ["changes.prTemplateQuestion"],
  population: (period) => commitPopulation(period, HAS_PULL_REQUEST_SQL),
  async evaluate(db: Reader, period: PeriodScope, settings: Settings, shared?: EvaluationShared) {
    const changes = await productionChanges(db, period, shared);
    const question = settings["changes.prTemplateQuestion"];
    const exceptions: ExceptionDraft[] = [];
    for (const c of changes) {
      if (!c.pr) continue;
      // the body read with the question in force; the ingest's own reading when the body is gone
      const declared = declarationIn(c.pr.body, question) ?? (c.pr.aiDeclaration === "yes" || c.pr.aiDeclaration === "no" ? c.pr.aiDeclaration : null);
      let summary: string | null = null;
      if (declared === null) summary = `PR #${c.pr.number} does not answer "${question}" in its description`;
      else if (declared === "no" && c.aiAssisted)
        summary = `PR #${c.pr.number} declares no AI assistance, but its commits carry AI markers (${c.aiTools.join(", ") || "AI marker"})`;
      else if (declared === "yes" && !c.aiAssisted) summary = `PR #${c.pr.number} declares AI assistance, but none of its commits carries an AI marker`;
      if (!summary) continue;
      exceptions.push({
        itemKey: c.key,
        itemType: "COMMIT",
        itemRef: c.ref,
        summary,
        details: { pullRequest: c.pr.number, declared, aiAssisted: c.aiAssisted, aiTools: c.aiTools, question },
        occurredAt: c.pr.mergedAt ?? c.committedAt,
      });
    }
    return outcomeOf(db, commitPopulation(period, HAS_PULL_REQUEST_SQL), exceptions);
  },
};
