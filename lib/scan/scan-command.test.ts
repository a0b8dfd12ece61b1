import { describe, expect, it } from "vitest";
import { PassThrough, Readable } from "node:stream";
import { runScanCommand } from "./scan-command";
import { OPTS } from "./test-helpers";

async function run(lines: string[]): Promise<{ out: unknown[]; result: { lines: number; errors: number } }> {
  const input = Readable.from([lines.join("\n")]);
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on("data", (c: Buffer) => chunks.push(c));
  const result = await runScanCommand(input, output, OPTS);
  output.end();
  const text = Buffer.concat(chunks).toString("utf8");
  return { out: text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l)), result };
}

describe("runScanCommand", () => {
  it("writes one line per input line, reports malformed lines and continues", async () => {
    const { out, result } = await run([
      JSON.stringify({ id: "a", text: "card 4111 1111 1111 1111" }),
      "{not json",
      "",
      JSON.stringify({ id: 7, text: "nothing" }),
      JSON.stringify({ id: "c" }),
      JSON.stringify([1, 2]),
      JSON.stringify({ id: "d", text: "mail jane@acme.io and ssn 536-22-1234" }),
    ]);
    expect(result).toEqual({ lines: 6, errors: 3 });
    expect(out).toHaveLength(6);
    expect(out[0]).toEqual({
      id: "a",
      findings: [
        { type: "credit_card", start: 5, end: 24, classification: "RESTRICTED", detector: "payment-card", excerpt: "4111 **** **** 1111", confidence: "HIGH", testData: true },
      ],
    });
    expect(out[1]).toMatchObject({ line: 2 });
    expect((out[1] as { error: string }).error).toMatch(/invalid JSON/);
    expect(out[2]).toEqual({ id: 7, findings: [] });
    expect(out[3]).toEqual({ line: 5, error: 'missing "text"' });
    expect(out[4]).toEqual({ line: 6, error: "expected a JSON object" });
    const last = out[5] as { id: string; findings: { type: string }[] };
    expect(last.id).toBe("d");
    expect(last.findings.map((f) => f.type)).toEqual(["email", "us_ssn"]);
    // the output never contains the values
    const all = JSON.stringify(out);
    expect(all).not.toContain("jane@acme.io");
    expect(all).not.toContain("536-22-1234");
    expect(all).not.toContain("fingerprint");
  });

  it("streams large inputs with back-pressure", async () => {
    const n = 2000;
    async function* gen() {
      for (let i = 0; i < n; i++) yield `${JSON.stringify({ id: i, text: `user${i}@acme.io` })}\n`;
    }
    const input = Readable.from(gen());
    const output = new PassThrough({ highWaterMark: 1024 });
    let count = 0;
    let buffered = "";
    output.on("data", (c: Buffer) => {
      buffered += c.toString("utf8");
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      count += parts.length;
    });
    const result = await runScanCommand(input, output, OPTS);
    expect(result).toEqual({ lines: n, errors: 0 });
    await new Promise((r) => setImmediate(r));
    expect(count).toBe(n);
  });
});
