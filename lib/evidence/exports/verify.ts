// Verifies an evidence package without trusting its producer: re-hashes every file against
// manifest.json, checks manifest.json and the cover against SHA256SUMS, checks that the cover
// carries the manifest's hash, and names every file that changed, is missing or was added.
import { createHash } from "node:crypto";
import JSZip from "jszip";
import { COVER, MANIFEST, SUMS, type Manifest } from "./manifest";
import { pdfManifestHash } from "./pdf-text";

export type Problem =
  | { path: string; problem: "changed"; expected: string; actual: string }
  | { path: string; problem: "size"; expected: number; actual: number }
  | { path: string; problem: "missing" }
  | { path: string; problem: "added" }
  | { path: string; problem: "invalid"; detail: string };

export interface PackageVerification {
  ok: boolean;
  manifestSha256: string | null;
  period: string | null;
  createdAt: string | null;
  files: number;
  problems: Problem[];
}

async function sha256Of(file: JSZip.JSZipObject): Promise<{ sha256: string; bytes: number; data: Buffer | null }> {
  const hash = createHash("sha256");
  let bytes = 0;
  const keep = file.name === COVER;
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    file
      .nodeStream("nodebuffer")
      .on("data", (c: Buffer) => {
        hash.update(c);
        bytes += c.length;
        if (keep) chunks.push(c);
      })
      .on("end", () => resolve())
      .on("error", reject);
  });
  return { sha256: hash.digest("hex"), bytes, data: keep ? Buffer.concat(chunks) : null };
}

function parseSums(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const x = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (x) m.set(x[2], x[1]);
  }
  return m;
}

/** `expectManifestSha256`: the hash printed on the cover you hold, or given at download. */
export async function verifyPackage(zipBytes: Buffer | Uint8Array, opts: { expectManifestSha256?: string } = {}): Promise<PackageVerification> {
  const problems: Problem[] = [];
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(zipBytes, { checkCRC32: true });
  } catch (e) {
    return { ok: false, manifestSha256: null, period: null, createdAt: null, files: 0, problems: [{ path: "(package)", problem: "invalid", detail: `not a readable ZIP: ${(e as Error).message}` }] };
  }
  const entries = new Map(Object.values(zip.files).filter((f) => !f.dir).map((f) => [f.name, f]));

  const manifestEntry = entries.get(MANIFEST);
  if (!manifestEntry) return { ok: false, manifestSha256: null, period: null, createdAt: null, files: entries.size, problems: [{ path: MANIFEST, problem: "missing" }] };
  const manifestBytes = Buffer.from(await manifestEntry.async("uint8array"));
  const manifestSha256 = createHash("sha256").update(manifestBytes).digest("hex");
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestBytes.toString("utf8"));
    if (!Array.isArray(manifest.files)) throw new Error("no files list");
  } catch (e) {
    return { ok: false, manifestSha256, period: null, createdAt: null, files: entries.size, problems: [{ path: MANIFEST, problem: "invalid", detail: (e as Error).message }] };
  }

  const sumsEntry = entries.get(SUMS);
  const sums = sumsEntry ? parseSums(await sumsEntry.async("string")) : new Map<string, string>();
  if (!sumsEntry) problems.push({ path: SUMS, problem: "missing" });

  // the manifest's own hash: recorded in SHA256SUMS, on the cover, and (optionally) by the caller
  const sumsManifest = sums.get(MANIFEST);
  if (sumsEntry && !sumsManifest) problems.push({ path: MANIFEST, problem: "invalid", detail: `not listed in ${SUMS}` });
  else if (sumsManifest && sumsManifest !== manifestSha256) problems.push({ path: MANIFEST, problem: "changed", expected: sumsManifest, actual: manifestSha256 });
  if (opts.expectManifestSha256 && opts.expectManifestSha256.toLowerCase() !== manifestSha256) {
    problems.push({ path: MANIFEST, problem: "changed", expected: opts.expectManifestSha256.toLowerCase(), actual: manifestSha256 });
  }

  const listed = new Set<string>([MANIFEST, SUMS]);
  for (const f of manifest.files) {
    listed.add(f.path);
    const entry = entries.get(f.path);
    if (!entry) {
      problems.push({ path: f.path, problem: "missing" });
      continue;
    }
    const got = await sha256Of(entry);
    if (got.sha256 !== f.sha256) problems.push({ path: f.path, problem: "changed", expected: f.sha256, actual: got.sha256 });
    else if (got.bytes !== f.bytes) problems.push({ path: f.path, problem: "size", expected: f.bytes, actual: got.bytes });
    const s = sums.get(f.path);
    if (sumsEntry && s && s !== f.sha256) problems.push({ path: SUMS, problem: "invalid", detail: `${f.path}: ${SUMS} says ${s}, the manifest ${f.sha256}` });
  }

  // the cover is outside the manifest (it prints the manifest's hash): SHA256SUMS covers it
  listed.add(COVER);
  const cover = entries.get(COVER);
  if (!cover) problems.push({ path: COVER, problem: "missing" });
  else {
    const got = await sha256Of(cover);
    const expected = sums.get(COVER);
    if (sumsEntry && !expected) problems.push({ path: COVER, problem: "invalid", detail: `not listed in ${SUMS}` });
    else if (expected && expected !== got.sha256) problems.push({ path: COVER, problem: "changed", expected, actual: got.sha256 });
    const printed = got.data ? pdfManifestHash(got.data) : null;
    if (printed !== manifestSha256) problems.push({ path: COVER, problem: "invalid", detail: printed ? `the cover names manifest ${printed}, the package's manifest is ${manifestSha256}` : "the cover carries no manifest hash" });
  }

  for (const name of entries.keys()) if (!listed.has(name)) problems.push({ path: name, problem: "added" });
  for (const name of sums.keys()) if (!listed.has(name) && !entries.has(name)) problems.push({ path: name, problem: "missing" });

  return { ok: problems.length === 0, manifestSha256, period: manifest.period?.name ?? null, createdAt: manifest.createdAt ?? null, files: entries.size, problems };
}

export function describeProblem(p: Problem): string {
  switch (p.problem) {
    case "changed":
      return `CHANGED  ${p.path}: expected sha256 ${p.expected}, found ${p.actual}`;
    case "size":
      return `CHANGED  ${p.path}: expected ${p.expected} bytes, found ${p.actual}`;
    case "missing":
      return `MISSING  ${p.path}`;
    case "added":
      return `ADDED    ${p.path}: not in the manifest`;
    case "invalid":
      return `INVALID  ${p.path}: ${p.detail}`;
  }
}
