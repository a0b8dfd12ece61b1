import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/test-database";
import { syncCatalogue } from "../controls/sync-catalogue";
import { populationHashOf } from "../controls/sql";
import { CURSOR_BATCH, cursorPopulation, cursorSource, enginePopulation, populationItems, staticPopulation, type PopulationItem } from "./population";
import {
  PYTHON_RECIPE,
  compareSelection,
  drawSample,
  populationHash,
  rederivationRecipe,
  selectSample,
  verifySample,
  SamplingError,
} from "./sampling";

const keys = (n: number, prefix = "commit:acme/api:") => Array.from({ length: n }, (_, i) => `${prefix}${(i * 7919).toString(16).padStart(40, "0")}`);

describe("selection", () => {
  const population = keys(500);

  it("is deterministic: the same keys, seed and size give the same sample, whatever the input order", () => {
    const a = selectSample(population, "audit-2026", 25);
    const b = selectSample([...population].reverse(), "audit-2026", 25);
    expect(a.keys).toHaveLength(25);
    expect(b.keys).toEqual(a.keys);
    expect(b.populationHash).toBe(a.populationHash);
    expect(new Set(a.keys).size).toBe(25);
  });

  it("a different seed gives a different sample", () => {
    const a = selectSample(population, "seed-one", 25);
    const b = selectSample(population, "seed-two", 25);
    expect(b.keys).not.toEqual(a.keys);
    expect(b.populationHash).toBe(a.populationHash);
  });

  it("the population hash changes when the population changes, and so does the ranking", () => {
    const a = selectSample(population, "s", 25);
    const b = selectSample([...population, "commit:acme/api:ffffffffffffffffffffffffffffffffffffffff"], "s", 25);
    expect(b.populationHash).not.toBe(a.populationHash);
    expect(selectSample(population.slice(1), "s", 25).populationHash).not.toBe(a.populationHash);
    // duplicates do not change the population
    expect(populationHash([...population, population[0]])).toBe(a.populationHash);
  });

  it("hashes the population exactly as the control engine does (byte order, \\n-joined)", () => {
    const mixed = ["event:10", "event:9", "commit:Zeta/x:aa", "commit:alpha/x:bb", "tool:ä", "tool:z"];
    expect(populationHash(mixed)).toBe(populationHashOf(mixed));
  });

  it("a larger sample contains the smaller one (ranks do not depend on the size)", () => {
    const small = selectSample(population, "s", 10).keys;
    const large = selectSample(population, "s", 40).keys;
    expect(large.slice(0, 10)).toEqual(small);
  });

  it("takes the whole population when the size exceeds it", () => {
    expect(selectSample(keys(5), "s", 25).keys).toHaveLength(5);
  });

  it("compareSelection reports a changed population and a tampered selection", () => {
    const sel = selectSample(population, "s", 10);
    const sample = { seed: "s", size: 10, populationHash: sel.populationHash, itemKeys: sel.keys };
    expect(compareSelection(sample, population).ok).toBe(true);
    const changed = compareSelection(sample, population.slice(3));
    expect(changed.populationUnchanged).toBe(false);
    expect(changed.ok).toBe(false);
    const tampered = compareSelection({ ...sample, itemKeys: [population[0], ...sel.keys.slice(1)] }, population);
    expect(tampered.ok).toBe(false);
    expect(tampered.missing.length + tampered.unexpected.length).toBeGreaterThan(0);
  });

  it("the documented shell recipe re-derives the same sample", () => {
    if (spawnSync("sha256sum", ["--version"]).status !== 0) return;
    const dir = mkdtempSync(path.join(os.tmpdir(), "sampling-"));
    try {
      const pop = [...keys(40), "event:12", "event:3"];
      writeFileSync(path.join(dir, "keys.txt"), [...pop].reverse().join("\n") + "\n");
      const seed = 'we$ird "seed"`x';
      const sel = selectSample(pop, seed, 7);
      const script = rederivationRecipe({ seed, size: 7, testId: "CM-1", periodName: "FY2026", populationHash: sel.populationHash });
      const out = execFileSync("bash", ["-c", script], { cwd: dir, encoding: "utf8" });
      const lines = out.trim().split("\n");
      expect(lines[0]).toBe(`population hash: ${sel.populationHash} (expected ${sel.populationHash})`);
      expect(lines.slice(1)).toEqual(sel.keys);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the documented Python recipe re-derives the same sample", () => {
    if (spawnSync("python3", ["--version"]).status !== 0) return;
    const dir = mkdtempSync(path.join(os.tmpdir(), "sampling-"));
    try {
      const pop = [...keys(60), "tool:ä-tool", "event:7"];
      writeFileSync(path.join(dir, "keys.txt"), pop.join("\n") + "\n");
      writeFileSync(path.join(dir, "rederive.py"), PYTHON_RECIPE);
      const sel = selectSample(pop, "py-seed", 9);
      const out = execFileSync("python3", ["rederive.py", "keys.txt", "py-seed", "9"], { cwd: dir, encoding: "utf8" });
      expect(out.trim().split("\n")).toEqual(sel.keys);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("drawSample and verifySample", () => {
  let t: TestDatabase;
  let periodId: string;
  let userId: string;
  let items: PopulationItem[];
  const source = () => staticPopulation({ "CM-1": items });

  beforeAll(async () => {
    t = await createTestDatabase();
    await syncCatalogue(t.db);
    periodId = (await t.db.auditPeriod.create({ data: { name: "FY2026", start: new Date("2026-01-01"), end: new Date("2027-01-01") } })).id;
    userId = (await t.db.user.create({ data: { email: "auditor@example.com", name: "A", role: "AUDITOR" } })).id;
    items = keys(120).map((key) => ({ key, passed: true, label: key, link: null }));
  });
  afterAll(() => t?.drop());

  it("saves the seed, population hash and keys, and re-derives them", async () => {
    const s = await drawSample(t.db, { periodId, testId: "CM-1", size: 10, seed: "fixed", drawnById: userId }, source());
    expect(s.seed).toBe("fixed");
    expect(s.populationSize).toBe(120);
    expect(s.populationHash).toBe(populationHash(items.map((i) => i.key)));
    expect(s.itemKeys).toEqual(selectSample(items.map((i) => i.key), "fixed", 10).keys);
    const again = await drawSample(t.db, { periodId, testId: "CM-1", size: 10, seed: "fixed", drawnById: userId }, source());
    expect(again.id).not.toBe(s.id);
    expect(again.itemKeys).toEqual(s.itemKeys);
    const v = await verifySample(t.db, s.id, source());
    expect(v.ok).toBe(true);
  });

  it("records a random seed when none is given", async () => {
    const s = await drawSample(t.db, { periodId, testId: "CM-1", size: 5, drawnById: userId }, source());
    expect(s.seed).toMatch(/^[0-9a-f]{16}$/);
    expect((await verifySample(t.db, s.id, source())).ok).toBe(true);
  });

  it("verification fails once the population changed", async () => {
    const s = await drawSample(t.db, { periodId, testId: "CM-1", size: 5, seed: "x", drawnById: userId }, source());
    items = [...items, { key: "commit:acme/api:" + "e".repeat(40), passed: false, label: "late", link: null }];
    const v = await verifySample(t.db, s.id, source());
    expect(v.ok).toBe(false);
    expect(v.populationUnchanged).toBe(false);
  });

  it("over the control engine's own population, the sample's hash is the evaluation's population hash", async () => {
    const repo = await t.db.repository.create({ data: { owner: "acme", name: "api", productionBranch: "main" } });
    for (let i = 0; i < 6; i++) {
      await t.db.commit.create({
        data: {
          repositoryId: repo.id, sha: `${i}`.repeat(40), parents: [], authorName: "Dev", authorEmail: "dev@acme.test", authoredAt: new Date(`2026-02-0${i + 1}T10:00:00Z`),
          committerName: "Dev", committerEmail: "dev@acme.test", committedAt: new Date(`2026-02-0${i + 1}T10:00:00Z`), subject: `c${i}`, message: `c${i}`, trailers: {},
          isProduction: true, productionSeq: i, arrival: "DIRECT",
        },
      });
    }
    const { evaluatePeriod } = await import("../controls/evaluate");
    await evaluatePeriod(t.db, periodId, { only: ["CM-1"] });
    const evaluation = await t.db.testEvaluation.findFirstOrThrow({ where: { periodId, testId: "CM-1" }, orderBy: { evaluatedAt: "desc" } });
    const s = await drawSample(t.db, { periodId, testId: "CM-1", size: 3, seed: "engine", drawnById: userId });
    expect(s.populationSize).toBe(6);
    expect(s.populationHash).toBe(evaluation.populationHash);
    expect(s.itemKeys.every((k) => k.startsWith("commit:acme/api:"))).toBe(true);
    expect((await verifySample(t.db, s.id)).ok).toBe(true);
    // the export's cursor reader and the engine's paged reader agree item for item
    for (const testId of ["CM-1", "CM-2", "CM-3", "DC-3"]) {
      const engine = await populationItems(t.db, periodId, testId, enginePopulation);
      expect(await populationItems(t.db, periodId, testId, cursorPopulation)).toEqual(engine);
      // several small batches through the cursor, with back-pressure, give the same
      expect(await populationItems(t.db, periodId, testId, cursorSource(2))).toEqual(engine);
    }
    expect(CURSOR_BATCH).toBeGreaterThan(1000);
    // a consumer that stops early releases the cursor's transaction
    for await (const batch of cursorSource(2)(t.db, periodId, "CM-1")) {
      expect(batch).toHaveLength(2);
      break;
    }
    expect(await t.db.commit.count()).toBe(6);
  });

  it("refuses an unknown test, a bad size and an empty population", async () => {
    await expect(drawSample(t.db, { periodId, testId: "XX-9", size: 5, drawnById: userId }, source())).rejects.toThrow(SamplingError);
    await expect(drawSample(t.db, { periodId, testId: "CM-1", size: 0, drawnById: userId }, source())).rejects.toThrow(/at least 1/);
    await expect(drawSample(t.db, { periodId, testId: "CM-2", size: 5, drawnById: userId }, source())).rejects.toThrow(/empty/);
  });
});
