// Sampling, exports and package verification from the command line.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Db } from "../../db/client";
import { recordAccess } from "../../auth/access-log";
import { findTest } from "../../controls/catalogue";
import { parseCsv } from "../../evidence/csv";
import { recordExport, verifyExportChain } from "../../evidence/exports/chain";
import { periodRef, type Audience } from "../../evidence/exports/evidence";
import { buildControlPdf, buildMatrixPdf, CONTROL_IDS, HashingWriter, writeExceptionsCsv, writePopulationCsv } from "../../evidence/exports/files";
import { buildEvidencePackage } from "../../evidence/exports/package";
import { describeProblem, verifyPackage } from "../../evidence/exports/verify";
import { populationItems } from "../../evidence/population";
import { compareSelection, drawSample, randomSeed, selectSample, validateSeed, validateSize, verifySample } from "../../evidence/sampling";
import { withDatabase } from "../database";
import { parse, UsageError, writeJson, type CliIo, type Command } from "../command";

async function periodByName(db: Db, name: string) {
  const p = await db.auditPeriod.findFirst({ where: { OR: [{ name }, { id: name }] } });
  if (!p) throw new UsageError(`unknown period: ${name}`);
  return p;
}

async function userByEmail(db: Db, email: string) {
  const u = await db.user.findUnique({ where: { email: email.toLowerCase() } });
  if (!u) throw new UsageError(`unknown user: ${email}`);
  return u;
}

// ---------------------------------------------------------------- sampling

export const sampleCommand: Command = {
  name: "sample",
  summary: "draw a deterministic sample of a test's population; prints the chosen keys (docs/sampling.md)",
  usage: "--period NAME --test CM-1 --size 25 [--seed S] [--save-as EMAIL] [--json]",
  async run(args, io) {
    const { values } = parse(args, {
      period: { type: "string" },
      test: { type: "string" },
      size: { type: "string" },
      seed: { type: "string" },
      "save-as": { type: "string" },
      json: { type: "boolean" },
    });
    if (!values.period || !values.test || !values.size) throw new UsageError("--period, --test and --size are required");
    const test = findTest(values.test.toUpperCase());
    if (!test) throw new UsageError(`unknown test: ${values.test}`);
    const size = validateSize(Number(values.size));
    const seed = values.seed ? validateSeed(values.seed) : randomSeed();
    const out = await withDatabase(async (db) => {
      const period = await periodByName(db, values.period!);
      const items = await populationItems(db, period.id, test.id);
      const sel = selectSample(items.map((i) => i.key), seed, size);
      let sampleId: string | null = null;
      if (values["save-as"]) {
        const user = await userByEmail(db, values["save-as"]);
        const saved = await drawSample(db, { periodId: period.id, testId: test.id, size, seed, drawnById: user.id });
        if (saved.populationHash !== sel.populationHash) throw new Error("the population changed while sampling; run again");
        sampleId = saved.id;
      }
      const labels = new Map(items.map((i) => [i.key, i.label]));
      return { period: period.name, sel, sampleId, labels };
    });
    const summary = { period: out.period, test: test.id, seed, size, populationSize: out.sel.populationSize, populationHash: out.sel.populationHash, sampleId: out.sampleId };
    if (values.json) {
      writeJson(io, { ...summary, keys: out.sel.keys, items: out.sel.keys.map((k, i) => ({ rank: i + 1, key: k, label: out.labels.get(k) ?? null, rankHash: out.sel.ranks[i] })) });
    } else {
      io.stderr.write(JSON.stringify(summary) + "\n");
      for (const k of out.sel.keys) io.stdout.write(k + "\n");
    }
    return 0;
  },
};

async function keysFromFile(file: string): Promise<string[]> {
  const text = await readFile(file, "utf8").catch(() => {
    throw new UsageError(`cannot read ${file}`);
  });
  if (/\.csv$/i.test(file)) {
    const rows = parseCsv(text);
    const col = rows[0]?.indexOf("key") ?? -1;
    if (col === -1) throw new UsageError(`${file} has no "key" column`);
    return rows.slice(1).map((r) => r[col]).filter((k): k is string => Boolean(k));
  }
  return text.split(/\r?\n/).filter((l) => l.trim());
}

export const sampleVerifyCommand: Command = {
  name: "sample verify",
  summary: "re-derive a saved sample from its seed (--id), or any selection offline from a population file (--keys)",
  usage: "--id SAMPLE_ID  |  --keys POPULATION.csv|keys.txt --seed S --size N [--population-hash H] [--expect FILE]",
  async run(args, io) {
    const { values } = parse(args, {
      id: { type: "string" },
      keys: { type: "string" },
      seed: { type: "string" },
      size: { type: "string" },
      "population-hash": { type: "string" },
      expect: { type: "string" },
    });
    if (values.id) {
      const v = await withDatabase((db) => verifySample(db, values.id!));
      writeJson(io, {
        ok: v.ok,
        sampleId: v.sample.id,
        period: v.sample.period.name,
        test: v.sample.testId,
        seed: v.sample.seed,
        size: v.sample.size,
        recordedPopulationHash: v.sample.populationHash,
        currentPopulationHash: v.currentPopulationHash,
        populationUnchanged: v.populationUnchanged,
        missing: v.missing,
        unexpected: v.unexpected,
      });
      if (!v.ok) io.stderr.write(v.populationUnchanged ? "MISMATCH: the saved selection is not what the seed selects\n" : "MISMATCH: the population changed since the draw; re-derive from the population CSV exported with the sample (--keys)\n");
      return v.ok ? 0 : 1;
    }
    if (!values.keys || !values.seed || !values.size) throw new UsageError("give --id, or --keys with --seed and --size");
    const keys = await keysFromFile(values.keys);
    const sel = selectSample(keys, validateSeed(values.seed), validateSize(Number(values.size)));
    let ok = true;
    if (values["population-hash"] && values["population-hash"].toLowerCase() !== sel.populationHash) {
      ok = false;
      io.stderr.write(`MISMATCH: population hash ${sel.populationHash}, expected ${values["population-hash"]}\n`);
    }
    if (values.expect) {
      const expected = await keysFromFile(values.expect);
      const c = compareSelection({ seed: values.seed, size: Number(values.size), populationHash: sel.populationHash, itemKeys: expected }, keys);
      if (!c.ok) {
        ok = false;
        io.stderr.write(`MISMATCH: expected selection differs (missing ${c.missing.length}, unexpected ${c.unexpected.length})\n`);
      }
    }
    io.stderr.write(JSON.stringify({ ok, populationSize: sel.populationSize, populationHash: sel.populationHash }) + "\n");
    for (const k of sel.keys) io.stdout.write(k + "\n");
    return ok ? 0 : 1;
  },
};

// ---------------------------------------------------------------- exports

async function cliAudience(db: Db, as: string | undefined, includeInternal: boolean): Promise<Audience> {
  if (!as) {
    if (includeInternal) throw new UsageError("--include-internal needs --as EMAIL of an ADMIN");
    return { by: { id: null, email: "cli", role: "CLI" }, includeInternal: false };
  }
  const u = await userByEmail(db, as);
  if (includeInternal && u.role !== "ADMIN") throw new UsageError("internal notes are only exported for an ADMIN");
  return { by: { id: u.id, email: u.email, role: u.role }, includeInternal };
}

async function record(db: Db, audience: Audience, kind: string, periodId: string, filename: string, sha256: string, bytes: number, extra: Record<string, unknown> = {}) {
  const rec = await recordExport(db, { kind, periodId, filename, sha256, createdById: audience.by.id });
  await recordAccess(db, {
    actor: audience.by.id ? { id: audience.by.id, email: audience.by.email, role: audience.by.role } : { email: "cli" },
    action: "EXPORT",
    target: `cli:export ${kind}`,
    periodId,
    detail: { filename, sha256, bytes, exportId: rec.id, via: "cli", ...extra },
  });
  return rec;
}

const EXPORT_OPTIONS = {
  period: { type: "string" },
  out: { type: "string" },
  as: { type: "string" },
  "include-internal": { type: "boolean" },
} as const;

export const exportPackageCommand: Command = {
  name: "export package",
  summary: "write the ZIP evidence package of a period (PDFs, CSVs, records, manifest.json)",
  usage: "--period NAME --out FILE.zip [--as EMAIL] [--include-internal]",
  async run(args, io) {
    const { values } = parse(args, EXPORT_OPTIONS);
    if (!values.period || !values.out) throw new UsageError("--period and --out are required");
    const out = path.resolve(values.out);
    const result = await withDatabase(async (db) => {
      const period = await periodByName(db, values.period!);
      const audience = await cliAudience(db, values.as, Boolean(values["include-internal"]));
      const r = await buildEvidencePackage(db, out, { periodId: period.id, audience, onProgress: (step, done, total) => io.stderr.write(`[${done}/${total}] ${step}\n`) });
      const rec = await record(db, audience, "package", period.id, path.basename(out), r.sha256, r.bytes, { manifestSha256: r.manifestSha256 });
      return { ...r, exportId: rec.id, chainHash: rec.chainHash };
    });
    writeJson(io, { out, bytes: result.bytes, sha256: result.sha256, manifestSha256: result.manifestSha256, files: result.manifest.files.length + 3, exportId: result.exportId, chainHash: result.chainHash });
    return 0;
  },
};

export const exportZipCommand: Command = { ...exportPackageCommand, name: "export zip", summary: "same as `export package`" };

export const exportPdfCommand: Command = {
  name: "export pdf",
  summary: "write the control-matrix PDF, or one control's evidence PDF with --control",
  usage: "--period NAME --out FILE.pdf [--control CC8.1] [--as EMAIL] [--include-internal]",
  async run(args, io) {
    const { values } = parse(args, { ...EXPORT_OPTIONS, control: { type: "string" } });
    if (!values.period || !values.out) throw new UsageError("--period and --out are required");
    if (values.control && !CONTROL_IDS.includes(values.control)) throw new UsageError(`unknown control: ${values.control} (${CONTROL_IDS.join(", ")})`);
    const out = path.resolve(values.out);
    const r = await withDatabase(async (db) => {
      const p = await periodByName(db, values.period!);
      const period = (await periodRef(db, p.id))!;
      const audience = await cliAudience(db, values.as, Boolean(values["include-internal"]));
      const pdf = values.control ? await buildControlPdf(db, period, values.control, audience, new Date()) : await buildMatrixPdf(db, period, audience, new Date());
      const w = new HashingWriter(out);
      await w.write(pdf);
      const written = await w.end();
      const rec = await record(db, audience, values.control ? "control-pdf" : "matrix-pdf", period.id, path.basename(out), written.sha256, written.bytes);
      return { ...written, exportId: rec.id };
    });
    writeJson(io, { out, ...r });
    return 0;
  },
};

export const exportCsvCommand: Command = {
  name: "export csv",
  summary: "write a test's population (--test) or the exception list (--exceptions) as CSV",
  usage: "--period NAME --out FILE.csv (--test CM-1 | --exceptions [--test CM-3]) [--as EMAIL] [--include-internal]",
  async run(args, io) {
    const { values } = parse(args, { ...EXPORT_OPTIONS, test: { type: "string" }, exceptions: { type: "boolean" } });
    if (!values.period || !values.out || (!values.test && !values.exceptions)) throw new UsageError("--period, --out and --test or --exceptions are required");
    const test = values.test ? findTest(values.test.toUpperCase()) : null;
    if (values.test && !test) throw new UsageError(`unknown test: ${values.test}`);
    const out = path.resolve(values.out);
    const r = await withDatabase(async (db) => {
      const period = await periodByName(db, values.period!);
      const audience = await cliAudience(db, values.as, Boolean(values["include-internal"]));
      const w = new HashingWriter(out);
      const rows = values.exceptions ? await writeExceptionsCsv(db, period.id, audience, w, test?.id) : await writePopulationCsv(db, period.id, test!.id, w);
      const written = await w.end();
      const rec = await record(db, audience, values.exceptions ? "exceptions-csv" : "population-csv", period.id, path.basename(out), written.sha256, written.bytes, { testId: test?.id ?? null });
      return { rows, ...written, exportId: rec.id };
    });
    writeJson(io, { out, ...r });
    return 0;
  },
};

export const exportChainVerifyCommand: Command = {
  name: "export verify-chain",
  summary: "re-derive the hash chain of every issued export",
  usage: "",
  async run(_args, io) {
    const v = await withDatabase((db) => verifyExportChain(db));
    writeJson(io, v);
    return v.ok ? 0 : 1;
  },
};

// ---------------------------------------------------------------- verification (no database)

export async function runVerify(file: string, io: CliIo, expect?: string): Promise<number> {
  const bytes = await readFile(file).catch(() => {
    throw new UsageError(`cannot read ${file}`);
  });
  const v = await verifyPackage(bytes, { expectManifestSha256: expect });
  io.stdout.write(`package:  ${path.basename(file)}\nperiod:   ${v.period ?? "?"}\ncreated:  ${v.createdAt ?? "?"}\nmanifest: sha256 ${v.manifestSha256 ?? "?"} (compare with the cover of control-matrix.pdf)\nfiles:    ${v.files}\n`);
  if (v.ok) {
    io.stdout.write("OK: every file matches the manifest\n");
    return 0;
  }
  for (const p of v.problems) io.stdout.write(describeProblem(p) + "\n");
  io.stdout.write(`FAILED: ${v.problems.length} problem${v.problems.length === 1 ? "" : "s"}\n`);
  return 1;
}

export const verifyCommand: Command = {
  name: "verify",
  summary: "verify an evidence package offline: every file against manifest.json and SHA256SUMS",
  usage: "FILE.zip [--manifest-sha256 HASH]",
  async run(args, io) {
    const { values, positionals } = parse(args, { "manifest-sha256": { type: "string" } }, true);
    if (positionals.length !== 1) throw new UsageError("give exactly one FILE.zip");
    return runVerify(positionals[0]!, io, values["manifest-sha256"]);
  },
};

export const EVIDENCE_COMMANDS: Command[] = [
  sampleCommand,
  sampleVerifyCommand,
  exportPackageCommand,
  exportZipCommand,
  exportPdfCommand,
  exportCsvCommand,
  exportChainVerifyCommand,
  verifyCommand,
];
