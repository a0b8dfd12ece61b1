import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCloudflareLog, parseGenericRecord, parseLiteLLMPayload, parserFor } from "./index";

describe("parserFor", () => {
  it("returns the parser of each log source", () => {
    expect(parserFor("litellm")).toBe(parseLiteLLMPayload);
    expect(parserFor("cloudflare")).toBe(parseCloudflareLog);
    expect(parserFor("generic")).toBe(parseGenericRecord);
    const db = parserFor("litellm-db");
    expect(db({ request_id: "r1", startTime: new Date("2025-05-01T00:00:00Z") }).ok).toBe(true);
    expect(db("x")).toEqual({ ok: false, reason: "expected a row object, got a string" });
  });

  it("rejects guardrail records, which are not parsed from logs", () => {
    const r = parserFor("guardrail")({ id: "x" });
    expect(r.ok).toBe(false);
  });
});

describe("docs/generic-jsonl.md", () => {
  it("documents examples that parse", () => {
    const doc = readFileSync(path.join(import.meta.dirname, "../../../docs/generic-jsonl.md"), "utf8");
    const blocks = [...doc.matchAll(/```jsonl\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThan(0);
    let n = 0;
    for (const block of blocks) {
      for (const line of block.split("\n")) {
        if (!line.trim()) continue;
        const r = parseGenericRecord(JSON.parse(line));
        expect(r.ok, r.ok ? "" : r.reason).toBe(true);
        n++;
      }
    }
    expect(n).toBeGreaterThanOrEqual(2);
  });
});
