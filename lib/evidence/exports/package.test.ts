import { readFile, rm, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/test-database";
import { syncCatalogue } from "../../controls/sync-catalogue";
import { staticPopulation, type PopulationItem, type PopulationSource } from "../population";
import { drawSample } from "../sampling";
import { buildEvidencePackage, COVER, MANIFEST, SUMS, type Manifest } from "./package";
import { verifyPackage } from "./verify";
import { pdfManifestHash, pdfTextContent } from "./pdf-text";
import { buildControlPdf } from "./files";
import { periodRef } from "./evidence";

const INTERNAL_NOTE = "INTERNAL-ONLY: legal is looking at this vendor";
const PUBLIC_NOTE = "Reviewed with the engineering manager";
const SHA = (n: number) => n.toString(16).padStart(40, "a");

describe("evidence package", () => {
  let t: TestDatabase;
  let dir: string;
  let periodId: string;
  let admin: { id: string; email: string };
  let auditor: { id: string; email: string };
  let population: Record<string, PopulationItem[]>;

  beforeAll(async () => {
    t = await createTestDatabase();
    const db = t.db;
    dir = await mkdtemp(path.join(os.tmpdir(), "pkg-test-"));
    await syncCatalogue(db);
    periodId = (await db.auditPeriod.create({ data: { name: "FY2026", start: new Date("2026-01-01"), end: new Date("2027-01-01") } })).id;
    admin = await db.user.create({ data: { email: "lead@example.com", name: "Lead", role: "ADMIN" } });
    auditor = await db.user.create({ data: { email: "auditor@example.com", name: "Avery", role: "AUDITOR", grants: { create: { periodId } } } });

    const repo = await db.repository.create({ data: { owner: "acme", name: "api", productionBranch: "main" } });
    const commitKeys: string[] = [];
    for (let i = 1; i <= 12; i++) {
      const sha = SHA(i);
      await db.commit.create({
        data: {
          repositoryId: repo.id, sha, parents: [], authorName: `Dev ${i}`, authorEmail: `dev${i}@acme.test`, authoredAt: new Date(`2026-03-${10 + i}T10:00:00Z`),
          committerName: "GitHub", committerEmail: "noreply@github.com", committedAt: new Date(`2026-03-${10 + i}T12:00:00Z`), subject: `Change ${i}`,
          message: `Change ${i}\n\nCo-authored-by: Claude <noreply@anthropic.com>`, trailers: {}, isProduction: true, arrival: "SQUASH", pullNumber: i,
          aiAssisted: i % 2 === 0, aiTools: i % 2 === 0 ? ["claude-code"] : [],
          aiMarkers: i % 2 === 0 ? [{ kind: "co-author", key: "Co-authored-by", value: "Claude <noreply@anthropic.com>", tool: "claude-code", model: null, parsing: "strict", line: 3 }] : [],
        },
      });
      const pr = await db.pullRequest.create({
        data: { repositoryId: repo.id, number: i, title: `PR ${i}`, authorLogin: `dev${i}`, state: "closed", headSha: `head${i}`, mergedAt: new Date(`2026-03-${10 + i}T12:00:00Z`), mergeCommitSha: sha, commitShas: [], aiDeclaration: "yes" },
      });
      await db.review.create({ data: { pullRequestId: pr.id, githubId: BigInt(1000 + i), reviewerLogin: "reviewer-rita", reviewerType: "User", state: "APPROVED", commitSha: `head${i}`, submittedAt: new Date(`2026-03-${10 + i}T11:00:00Z`), source: "github" } });
      commitKeys.push(`commit:acme/api:${sha}`);
    }
    population = {
      "CM-1": commitKeys.map((key, i) => ({ key, passed: true, label: `acme/api Change ${i + 1}`, link: null })),
      "CM-3": commitKeys.map((key, i) => ({ key, passed: i !== 2, label: `acme/api Change ${i + 1}`, link: null })),
    };

    const x = await db.controlException.create({
      data: { periodId, testId: "CM-3", itemKey: commitKeys[2], itemType: "COMMIT", itemRef: `acme/api/${SHA(3)}`, summary: "Approved by the PR author", details: { reasons: ["by the PR author"] }, state: "DISPOSITIONED", occurredAt: new Date("2026-03-13T12:00:00Z") },
    });
    await db.exceptionDisposition.create({ data: { exceptionId: x.id, kind: "RISK_ACCEPTED", comment: "Hotfix during incident INC-7", reference: "INC-7", decidedById: admin.id } });
    await db.exceptionComment.create({ data: { exceptionId: x.id, authorId: admin.id, body: PUBLIC_NOTE, internal: false } });
    await db.exceptionComment.create({ data: { exceptionId: x.id, authorId: admin.id, body: INTERNAL_NOTE, internal: true } });
    await db.testEvaluation.create({ data: { periodId, testId: "CM-3", result: "FAIL", populationSize: 12, exceptionCount: 1, populationHash: "0".repeat(64), ruleVersion: "1", settings: { "changes.allowStaleApprovals": false } } });
    await drawSample(db, { periodId, testId: "CM-1", size: 5, seed: "pkg-seed", drawnById: auditor.id }, staticPopulation(population));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await t?.drop();
  });

  const build = (who: "auditor" | "admin", includeInternal = false, name = `${who}-${includeInternal}.zip`) =>
    buildEvidencePackage(t.db, path.join(dir, name), {
      periodId,
      audience: { by: who === "auditor" ? { id: auditor.id, email: auditor.email, role: "AUDITOR" } : { id: admin.id, email: admin.email, role: "ADMIN" }, includeInternal },
      population: staticPopulation(population),
    }).then(async (r) => ({ ...r, bytes: await readFile(path.join(dir, name)) }));

  async function allText(zipBytes: Buffer): Promise<string> {
    const zip = await JSZip.loadAsync(zipBytes);
    let text = "";
    for (const f of Object.values(zip.files)) {
      if (f.dir) continue;
      const b = Buffer.from(await f.async("uint8array"));
      text += f.name.endsWith(".pdf") ? pdfTextContent(b) : b.toString("utf8");
    }
    return text;
  }

  it("holds the PDFs, CSVs, records, settings, index and a manifest that verifies", async () => {
    const r = await build("auditor");
    const zip = await JSZip.loadAsync(r.bytes);
    const names = Object.keys(zip.files);
    for (const n of [COVER, MANIFEST, SUMS, "index.html", "control-matrix.csv", "controls/CC8.1.pdf", "controls/CC6.1.pdf", "controls/CC3.2.pdf", "populations/CM-1.csv", "exceptions.csv", "samples/index.csv", "records/exceptions.json", "records/items.json", "settings.json"]) {
      expect(names).toContain(n);
    }
    const manifest: Manifest = JSON.parse(await zip.file(MANIFEST)!.async("string"));
    expect(manifest.period.name).toBe("FY2026");
    expect(manifest.createdBy.email).toBe(auditor.email);
    expect(manifest.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256) && f.bytes > 0)).toBe(true);
    const v = await verifyPackage(r.bytes);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.manifestSha256).toBe(r.manifestSha256);

    // the cover carries the manifest hash, readable in print and in its metadata
    const cover = Buffer.from(await zip.file(COVER)!.async("uint8array"));
    expect(pdfTextContent(cover)).toContain(r.manifestSha256);
    expect(pdfManifestHash(cover)).toBe(r.manifestSha256);
    expect(pdfTextContent(cover)).toMatch(/page 1 of \d/);

    const population = await zip.file("populations/CM-1.csv")!.async("string");
    expect(population.split("\r\n").filter(Boolean)).toHaveLength(13);
    const items = JSON.parse(await zip.file("records/items.json")!.async("string"));
    expect(items.some((i: { kind: string; pr?: { reviews: { reviewer: string }[] } }) => i.kind === "commit" && i.pr?.reviews[0].reviewer === "reviewer-rita")).toBe(true);
  });

  it("the control PDF shows procedure, result, the exception with its disposition and the sample's review records", async () => {
    const period = (await periodRef(t.db, periodId))!;
    const pdf = await buildControlPdf(t.db, period, "CC8.1", { by: { id: auditor.id, email: auditor.email, role: "AUDITOR" }, includeInternal: false }, new Date());
    const text = pdfTextContent(pdf).replace(/\s+/g, " ");
    expect(text).toContain("CM-3 Independent approval");
    expect(text).toContain("inspected the pull request's reviews");
    expect(text).toContain("FAIL");
    expect(text).toContain("Approved by the PR author");
    expect(text).toContain("RISK_ACCEPTED");
    expect(text).toContain(PUBLIC_NOTE);
    expect(text).not.toContain(INTERNAL_NOTE);
    expect(text).toContain('Seed "pkg-seed"');
    expect(text).toContain("reviewer-rita");
    expect(text).toMatch(/page \d+ of \d+/);
  });

  it("never contains internal notes for an auditor, nor for an ADMIN who did not ask", async () => {
    const forAuditor = await allText((await build("auditor", true, "auditor-asked.zip")).bytes);
    expect(forAuditor).toContain(PUBLIC_NOTE);
    expect(forAuditor).not.toContain(INTERNAL_NOTE);
    expect(forAuditor).not.toContain("INTERNAL-ONLY");
    const forAdmin = await allText((await build("admin", false)).bytes);
    expect(forAdmin).not.toContain(INTERNAL_NOTE);
    const internal = await build("admin", true);
    expect(await allText(internal.bytes)).toContain(INTERNAL_NOTE);
    expect(JSON.parse(await (await JSZip.loadAsync(internal.bytes)).file(MANIFEST)!.async("string")).includesInternalNotes).toBe(true);
  });

  it("a failing population fails the export cleanly (no half-written package is reported)", async () => {
    const failing: PopulationSource = async function* (_db, _p, testId) {
      if (testId === "DC-2") throw new Error("population query failed");
      yield [];
    };
    await expect(
      buildEvidencePackage(t.db, path.join(dir, "failing.zip"), { periodId, audience: { by: { id: admin.id, email: admin.email, role: "ADMIN" }, includeInternal: false }, population: failing }),
    ).rejects.toThrow("population query failed");
  });

  it("verification names a file changed by one byte, a missing file and an added file", async () => {
    const r = await build("auditor", false, "tamper.zip");
    const zip = await JSZip.loadAsync(r.bytes);
    const csv = Buffer.from(await zip.file("exceptions.csv")!.async("uint8array"));
    csv[csv.length - 3] ^= 0x01;
    zip.file("exceptions.csv", csv);
    const changed = await verifyPackage(await zip.generateAsync({ type: "nodebuffer" }));
    expect(changed.ok).toBe(false);
    expect(changed.problems).toEqual([expect.objectContaining({ path: "exceptions.csv", problem: "changed" })]);

    const z2 = await JSZip.loadAsync(r.bytes);
    z2.remove("populations/CM-1.csv");
    z2.file("extra.txt", "planted");
    const v2 = await verifyPackage(await z2.generateAsync({ type: "nodebuffer" }));
    expect(v2.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: "populations/CM-1.csv", problem: "missing" }),
      expect.objectContaining({ path: "extra.txt", problem: "added" }),
    ]));

    // a consistently rewritten manifest still disagrees with SHA256SUMS and the cover
    const z3 = await JSZip.loadAsync(r.bytes);
    const m: Manifest = JSON.parse(await z3.file(MANIFEST)!.async("string"));
    m.files = m.files.filter((f) => f.path !== "exceptions.csv");
    z3.remove("exceptions.csv");
    z3.file(MANIFEST, JSON.stringify(m));
    const v3 = await verifyPackage(await z3.generateAsync({ type: "nodebuffer" }));
    expect(v3.ok).toBe(false);
    expect(v3.problems.map((p) => p.path)).toEqual(expect.arrayContaining([MANIFEST, COVER]));

    expect((await verifyPackage(r.bytes, { expectManifestSha256: "f".repeat(64) })).ok).toBe(false);
  });
});
