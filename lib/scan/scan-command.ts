/**
 * `scan` command: JSON lines in, JSON lines out.
 *
 * input:  {"id": ..., "text": "..."}            one object per line
 * output: {"id": ..., "findings": [{"type","start","end","classification","detector","excerpt","confidence","testData"}]}
 *         {"line": n, "error": "reason"}        for a malformed line (processing continues)
 *
 * Lines are streamed with node:readline (one line in memory at a time) and the
 * output respects back-pressure. Blank lines are skipped (not counted, no output).
 */
import { createInterface } from "node:readline";
import { once } from "node:events";
import { scanText } from "./index";
import type { ScanOptions } from "./types";

export interface ScanCommandResult {
  /** non-blank input lines read */
  lines: number;
  /** lines that could not be scanned (malformed JSON, missing text...) */
  errors: number;
}

async function writeLine(output: NodeJS.WritableStream, line: string): Promise<void> {
  if (!output.write(`${line}\n`)) await once(output, "drain");
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function runScanCommand(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  options: ScanOptions,
): Promise<ScanCommandResult> {
  const rl = createInterface({ input, crlfDelay: Infinity, terminal: false });
  let lineNo = 0;
  let lines = 0;
  let errors = 0;
  for await (const raw of rl) {
    lineNo++;
    const line = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw; // BOM
    if (line.trim() === "") continue;
    lines++;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (err) {
      errors++;
      await writeLine(output, JSON.stringify({ line: lineNo, error: `invalid JSON: ${describe(err)}` }));
      continue;
    }
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      errors++;
      await writeLine(output, JSON.stringify({ line: lineNo, error: "expected a JSON object" }));
      continue;
    }
    const { id, text } = record as { id?: unknown; text?: unknown };
    if (typeof text !== "string") {
      errors++;
      await writeLine(output, JSON.stringify({ line: lineNo, error: text === undefined ? 'missing "text"' : '"text" must be a string' }));
      continue;
    }
    let findings;
    try {
      findings = scanText(text, options);
    } catch (err) {
      errors++;
      await writeLine(output, JSON.stringify({ line: lineNo, error: `scan failed: ${describe(err)}` }));
      continue;
    }
    await writeLine(
      output,
      JSON.stringify({
        id: id ?? null,
        findings: findings.map((f) => ({
          type: f.type,
          start: f.start,
          end: f.end,
          classification: f.classification,
          detector: f.detector,
          excerpt: f.excerpt,
          confidence: f.confidence,
          testData: f.testData,
        })),
      }),
    );
  }
  return { lines, errors };
}
