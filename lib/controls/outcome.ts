import type { Prisma } from "../db/client";
import { summarisePopulation } from "./sql";
import type { ExceptionDraft, Reader, TestOutcome } from "./types";

/**
 * The result every test reports: not applicable on an empty population, a failure when the
 * rule found exceptions, a pass otherwise. Size and hash come from the population query itself,
 * so they match what the test page, the CSV export and sampling list.
 */
export async function outcomeOf(db: Reader, population: Prisma.Sql, exceptions: ExceptionDraft[], metrics?: Record<string, number>): Promise<TestOutcome> {
  const { size, hash } = await summarisePopulation(db, population);
  return {
    result: size === 0 ? "NOT_APPLICABLE" : exceptions.length > 0 ? "FAIL" : "PASS",
    populationSize: size,
    populationHash: hash,
    exceptions,
    ...(metrics ? { metrics } : {}),
  };
}
