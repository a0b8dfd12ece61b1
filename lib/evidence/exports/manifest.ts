// The evidence package's layout: what `verify` needs without loading the generators.

export const PACKAGE_FORMAT = "ai-sdlc-evidence-package/1";
export const MANIFEST = "manifest.json";
export const SUMS = "SHA256SUMS";
export const COVER = "control-matrix.pdf";
/** Deflate level: 3 is twice as fast as the default 6 in JSZip's deflate for ~10% more bytes on CSVs. */
export const ZIP_LEVEL = 3;

export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface Manifest {
  format: string;
  generator: string;
  createdAt: string;
  createdBy: { email: string; role: string };
  period: { id: string; name: string; start: string; end: string; state: string };
  includesInternalNotes: boolean;
  hashAlgorithm: "sha256";
  cover: { path: string; note: string };
  controls: { id: string; title: string; tests: { id: string; title: string; result: string; files: string[] }[] }[];
  files: ManifestFile[];
}
