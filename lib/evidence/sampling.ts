// Deterministic, re-derivable sampling (docs/sampling.md).
//
//   1. population keys: de-duplicated, sorted by their UTF-8 bytes (Postgres' "C" collation,
//      `LC_ALL=C sort`);
//   2. populationHash = SHA-256 (hex) of those keys joined by "\n" (no trailing newline);
//   3. each key's rank = SHA-256 (hex) of `${seed}:${populationHash}:${key}`;
//   4. the sample is the `size` keys with the smallest ranks (hex strings compared as text;
//      equal ranks, which SHA-256 does not produce in practice, fall back to key order),
//      listed in rank order.
//
// Anyone with the population's keys, the seed and the size re-derives the same sample; the
// population hash proves the population was the same one.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db/client";
import { findTest } from "../controls/catalogue";
import { loadPopulation, populationItems, type PopulationSource } from "./population";

export const SAMPLING_METHOD = "sha256-rank/v1";
export const MAX_SAMPLE_SIZE = 1000;

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

/** Byte order of UTF-8 (= Postgres "C" collation = `LC_ALL=C sort`). */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

export function sortedKeys(keys: Iterable<string>): string[] {
  return [...new Set(keys)].sort(compareBytes);
}

/** SHA-256 of the sorted, de-duplicated keys joined by "\n". */
export function populationHash(keys: Iterable<string>): string {
  return sha256(sortedKeys(keys).join("\n"));
}

export function rankOf(seed: string, popHash: string, key: string): string {
  return sha256(`${seed}:${popHash}:${key}`);
}

export function randomSeed(): string {
  return randomBytes(8).toString("hex");
}

/** A seed is any printable text without ":" ambiguity concerns; newlines would break the recipe. */
export function validateSeed(seed: string): string {
  const s = seed.trim();
  if (!s) throw new SamplingError("the seed is empty");
  if (s.length > 128) throw new SamplingError("the seed is longer than 128 characters");
  if (/[\u0000-\u001f\u007f]/.test(s)) throw new SamplingError("the seed may not contain control characters");
  return s;
}

export function validateSize(size: number): number {
  if (!Number.isInteger(size) || size < 1) throw new SamplingError("the sample size must be a whole number of at least 1");
  if (size > MAX_SAMPLE_SIZE) throw new SamplingError(`the sample size may not exceed ${MAX_SAMPLE_SIZE}`);
  return size;
}

export class SamplingError extends Error {}

export interface Selection {
  populationHash: string;
  populationSize: number;
  /** selected keys, smallest rank first */
  keys: string[];
  ranks: string[];
}

/** The pure selection: same keys, seed and size → same sample. */
export function selectSample(keys: Iterable<string>, seed: string, size: number): Selection {
  const sorted = sortedKeys(keys);
  const hash = sha256(sorted.join("\n"));
  const ranked = sorted.map((key) => ({ key, rank: rankOf(seed, hash, key) }));
  ranked.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : compareBytes(a.key, b.key)));
  const chosen = ranked.slice(0, Math.min(size, ranked.length));
  return { populationHash: hash, populationSize: sorted.length, keys: chosen.map((c) => c.key), ranks: chosen.map((c) => c.rank) };
}

export interface DrawInput {
  periodId: string;
  testId: string;
  size: number;
  seed?: string | null;
  drawnById: string;
}

/** Draws a sample from the test's current population and saves it. */
export async function drawSample(db: Db, input: DrawInput, population: PopulationSource = loadPopulation) {
  if (!findTest(input.testId)) throw new SamplingError(`unknown test ${input.testId}`);
  const size = validateSize(input.size);
  const seed = input.seed && input.seed.trim() ? validateSeed(input.seed) : randomSeed();
  const period = await db.auditPeriod.findUnique({ where: { id: input.periodId } });
  if (!period) throw new SamplingError("unknown audit period");
  const items = await populationItems(db, input.periodId, input.testId, population);
  if (items.length === 0) throw new SamplingError(`the population of ${input.testId} in ${period.name} is empty: nothing to sample`);
  const sel = selectSample(items.map((i) => i.key), seed, size);
  return db.sample.create({
    data: {
      periodId: input.periodId,
      testId: input.testId,
      size,
      seed,
      populationHash: sel.populationHash,
      populationSize: sel.populationSize,
      itemKeys: sel.keys,
      drawnById: input.drawnById,
    },
  });
}

export interface SampleVerification {
  ok: boolean;
  /** the population today has the hash recorded at the draw */
  populationUnchanged: boolean;
  currentPopulationHash: string;
  currentPopulationSize: number;
  /** the selection re-derived from the recorded seed over today's population */
  rederived: string[];
  /** recorded keys the re-derivation did not produce, and the other way round */
  missing: string[];
  unexpected: string[];
}

/** Re-derives a saved sample from its seed and the current population. */
export async function verifySample(db: Db, sampleId: string, population: PopulationSource = loadPopulation): Promise<SampleVerification & { sample: NonNullable<Awaited<ReturnType<typeof loadSample>>> }> {
  const sample = await loadSample(db, sampleId);
  if (!sample) throw new SamplingError(`no sample ${sampleId}`);
  const items = await populationItems(db, sample.periodId, sample.testId, population);
  return { ...compareSelection(sample, items.map((i) => i.key)), sample };
}

export function compareSelection(sample: { seed: string; size: number; populationHash: string; itemKeys: string[] }, populationKeys: Iterable<string>): SampleVerification {
  const sel = selectSample(populationKeys, sample.seed, sample.size);
  const got = new Set(sel.keys);
  const want = new Set(sample.itemKeys);
  const missing = sample.itemKeys.filter((k) => !got.has(k));
  const unexpected = sel.keys.filter((k) => !want.has(k));
  const populationUnchanged = sel.populationHash === sample.populationHash;
  const sameOrder = sel.keys.length === sample.itemKeys.length && sel.keys.every((k, i) => k === sample.itemKeys[i]);
  return {
    ok: populationUnchanged && sameOrder,
    populationUnchanged,
    currentPopulationHash: sel.populationHash,
    currentPopulationSize: sel.populationSize,
    rederived: sel.keys,
    missing,
    unexpected,
  };
}

export function loadSample(db: Db, id: string) {
  return db.sample.findUnique({ where: { id }, include: { period: true, drawnBy: { select: { id: true, email: true, name: true, role: true } } } });
}

export function samplesOf(db: Db, where: { periodIds: string[] | null; periodId?: string; testId?: string }, take = 100) {
  return db.sample.findMany({
    where: {
      ...(where.periodId ? { periodId: where.periodId } : {}),
      ...(where.periodIds ? { periodId: { in: where.periodIds } } : {}),
      ...(where.testId ? { testId: where.testId } : {}),
    },
    orderBy: { drawnAt: "desc" },
    take,
    include: { period: { select: { name: true } }, drawnBy: { select: { email: true, name: true } } },
  });
}

/** The re-derivation recipe shown on the sample page, in docs/sampling.md and in CSV headers. */
export function rederivationRecipe(s: { seed: string; size: number; testId: string; periodName: string; populationHash: string }): string {
  return [
    `# Re-derive sample: ${s.testId}, period ${s.periodName}, seed "${s.seed}", size ${s.size}`,
    `# keys.txt: the "key" column of the population CSV (populations/${s.testId}.csv), one per line`,
    `LC_ALL=C sort -u keys.txt > sorted.txt`,
    `H=$(printf '%s' "$(cat sorted.txt)" | sha256sum | cut -c1-64)`,
    `echo "population hash: $H (expected ${s.populationHash})"`,
    `while IFS= read -r k; do`,
    `  printf '%s %s\\n' "$(printf '%s' "${shellQuote(s.seed)}:$H:$k" | sha256sum | cut -c1-64)" "$k"`,
    `done < sorted.txt | LC_ALL=C sort | head -n ${s.size} | cut -d' ' -f2-`,
  ].join("\n");
}

function shellQuote(seed: string): string {
  // inside double quotes: escape what the shell would expand
  return seed.replace(/(["\\$`])/g, "\\$1");
}

export const PYTHON_RECIPE = `import hashlib, sys
# usage: python3 rederive.py keys.txt SEED SIZE
path, seed, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
keys = sorted({l.rstrip("\\r\\n") for l in open(path, encoding="utf-8") if l.strip()}, key=lambda k: k.encode("utf-8"))
h = hashlib.sha256("\\n".join(keys).encode("utf-8")).hexdigest()
rank = lambda k: hashlib.sha256(f"{seed}:{h}:{k}".encode("utf-8")).hexdigest()
print("population hash:", h, "size:", len(keys), file=sys.stderr)
for k in sorted(keys, key=lambda k: (rank(k), k.encode("utf-8")))[:size]:
    print(k)`;
