import { findTest } from "../catalogue";

/** The workpaper procedure of a catalogue test (the catalogue is the single source). */
export function procedureOf(testId: string): string {
  const t = findTest(testId);
  if (!t) throw new Error(`unknown test ${testId}`);
  return t.procedure;
}

export const HOUR_MS = 3_600_000;

export const shortSha = (sha: string | null | undefined) => (sha ? sha.slice(0, 10) : "unknown");

/** "a, b and 3 more" */
export function listOf(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}
