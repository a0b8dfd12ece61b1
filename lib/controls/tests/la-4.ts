// LA-4 Gateway coverage: an AI-assisted production change whose authors have no gateway
// traffic (for any repository) within ±changes.prompterWindowHours of it suggests an AI tool
// used around the gateway.
import { changeTraffic, mergeTime, productionChanges } from "../changes";
import { outcomeOf } from "../outcome";
import { Prisma } from "../../db/client";
import { commitPopulation } from "../sql";
import type { ControlTestModule, EvaluationShared, ExceptionDraft, PeriodScope, Reader, Settings } from "../types";
import { listOf, procedureOf } from "./common";

const populationOf = (period: PeriodScope) => commitPopulation(period, Prisma.sql` AND c."aiAssisted"`);

export const la4: ControlTestModule = {
  id: "LA-4",
  procedure: procedureOf("LA-4"),
  settingsKeys: ["changes.prompterWindowHours"],
  population: populationOf,
  async evaluate(db: Reader, period: PeriodScope, settings: Settings, shared?: EvaluationShared) {
    const changes = await productionChanges(db, period, shared);
    const hours = settings["changes.prompterWindowHours"];
    const assisted = changes.filter((c) => c.aiAssisted);
    const { covered } = await changeTraffic(db, period, hours, shared);
    const exceptions: ExceptionDraft[] = assisted
      .filter((c) => !covered.has(c.id))
      .map((c) => {
        const authors = [...new Set(c.contributors.filter((x) => x.role === "author").map((x) => x.email.toLowerCase()))];
        return {
          itemKey: c.key,
          itemType: "COMMIT",
          itemRef: c.ref,
          summary: `AI-assisted change (${c.aiTools.join(", ") || "AI marker"}) with no gateway traffic by its author (${listOf(authors, 2)}) within ±${hours}h: a tool may be used around the gateway`,
          details: { aiTools: c.aiTools, authors, windowHours: hours, pullRequest: c.pr?.number ?? null },
          occurredAt: mergeTime(c),
        };
      });
    return outcomeOf(db, populationOf(period), exceptions);
  },
};
