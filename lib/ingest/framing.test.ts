import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { describeJsonError, readRecords, RecordSplitter, type RecordItem } from "./framing";

async function collect(input: string | Buffer | Buffer[], opts?: { maxLineBytes?: number }): Promise<RecordItem[]> {
  const chunks = Array.isArray(input) ? input : [typeof input === "string" ? Buffer.from(input, "utf8") : input];
  const out: RecordItem[] = [];
  for await (const item of readRecords(Readable.from(chunks), opts)) out.push(item);
  return out;
}

/** The same input cut into chunks of `size` bytes. */
function chunked(text: string | Buffer, size: number): Buffer[] {
  const buf = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

const strip = (items: RecordItem[]) => items.map(({ lineNumber, value, error }) => (error ? { lineNumber, error } : { lineNumber, value }));

describe("readRecords: JSON Lines", () => {
  it("reads LF and CRLF lines, skips blank lines but counts them", async () => {
    const text = '{"a":1}\r\n\r\n{"b":"x\\r\\n"}\n   \n{"c":3}';
    for (const size of [text.length, 1, 2, 5]) {
      expect(strip(await collect(chunked(text, size)))).toEqual([
        { lineNumber: 1, value: { a: 1 } },
        { lineNumber: 3, value: { b: "x\r\n" } },
        { lineNumber: 5, value: { c: 3 } },
      ]);
    }
  });

  it("reports byte sizes without the line terminator", async () => {
    const items = await collect('{"a":"é"}\r\n{"b":2}\n');
    expect(items.map((i) => i.bytes)).toEqual([10, 7]);
  });

  it("ignores a UTF-8 BOM, also when split across chunks", async () => {
    const buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"id":"x"}\n{"id":"y"}\n')]);
    for (const size of [buf.length, 1, 2]) {
      expect(strip(await collect(chunked(buf, size)))).toEqual([
        { lineNumber: 1, value: { id: "x" } },
        { lineNumber: 2, value: { id: "y" } },
      ]);
    }
    expect(await collect(Buffer.from([0xef, 0xbb, 0xbf]))).toEqual([]);
    expect(strip(await collect("1"))).toEqual([{ lineNumber: 1, value: 1 }]);
  });

  it("reports a bad line in the middle with its line number and keeps reading", async () => {
    const text = ['{"id":1}', '{"id":2, "prompt": "my ssn is 078-05-1120" oops}', "", '{"id":3}', "{", '{"id":4}'].join("\n");
    const items = strip(await collect(chunked(text, 7)));
    expect(items).toEqual([
      { lineNumber: 1, value: { id: 1 } },
      { lineNumber: 2, error: "invalid JSON: Unexpected token 'o' at position 43" },
      { lineNumber: 4, value: { id: 3 } },
      { lineNumber: 5, error: "invalid JSON: Unexpected end of JSON input at position 1" },
      { lineNumber: 6, value: { id: 4 } },
    ]);
    // never echoes the input
    expect(JSON.stringify(items)).not.toContain("078-05-1120");
  });

  it("rejects an over-long line without buffering it, then carries on", async () => {
    const long = JSON.stringify({ id: "big", text: "x".repeat(5000) });
    const text = `{"id":1}\n${long}\n{"id":2}\n`;
    const items = await collect(chunked(text, 256), { maxLineBytes: 1000 });
    expect(strip(items)).toEqual([
      { lineNumber: 1, value: { id: 1 } },
      { lineNumber: 2, error: "line exceeds 1000 bytes" },
      { lineNumber: 3, value: { id: 2 } },
    ]);
    expect(items[1].bytes).toBe(long.length);
    // a line of exactly the limit is fine, also with a CR
    const exact = `{"t":"${"y".repeat(992)}"}`;
    expect(exact.length).toBe(1000);
    expect((await collect(`${exact}\r\n`, { maxLineBytes: 1000 }))[0].value).toEqual({ t: "y".repeat(992) });
    expect((await collect(`${exact}x\n`, { maxLineBytes: 1000 }))[0].error).toBe("line exceeds 1000 bytes");
  });

  it("does not hold an over-long line in memory", () => {
    const splitter = new RecordSplitter(1024);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    for (let i = 0; i < 16; i++) expect(splitter.push(chunk)).toEqual([]);
    const parts = (splitter as unknown as { parts: Buffer[] }).parts;
    expect(parts.length).toBe(0);
    expect(splitter.push(Buffer.from("\n"))).toEqual([{ lineNumber: 1, error: "line exceeds 1024 bytes", bytes: 16 * 64 * 1024 }]);
  });

  it("reads a last line without a newline and accepts string chunks", async () => {
    const out: RecordItem[] = [];
    for await (const item of readRecords(Readable.from(['{"a":', '1}\n{"b":2}'], { objectMode: true }))) out.push(item);
    expect(strip(out)).toEqual([
      { lineNumber: 1, value: { a: 1 } },
      { lineNumber: 2, value: { b: 2 } },
    ]);
  });

  it("unwraps a single-line Cloudflare API envelope", async () => {
    const page = JSON.stringify({ result: [{ id: "a" }, { id: "b" }], result_info: { page: 1 }, success: true, errors: [], messages: [] });
    expect(strip(await collect(`${page}\n`))).toEqual([
      { lineNumber: 1, value: { id: "a" } },
      { lineNumber: 1, value: { id: "b" } },
    ]);
  });

  it("hands every raw chunk to onData", async () => {
    const seen: Buffer[] = [];
    const chunks = chunked('{"a":1}\n{"b":2}\n', 3);
    for await (const _ of readRecords(Readable.from(chunks), { onData: (c) => seen.push(c) })) void _;
    expect(Buffer.concat(seen).toString()).toBe('{"a":1}\n{"b":2}\n');
  });
});

describe("readRecords: multi-line JSON documents", () => {
  const arrayFile = [
    "[",
    "  {",
    '    "id": "one",',
    '    "text": "a, b ] } [ { \\" quoted"',
    "  },",
    '  {"id": "two"},',
    "",
    "  {",
    '    "id": "three"',
    "  }",
    "]",
    "",
  ].join("\n");

  it("streams the elements of a top-level array with the line each starts on", async () => {
    for (const size of [arrayFile.length, 1, 3, 16]) {
      expect(strip(await collect(chunked(arrayFile, size)))).toEqual([
        { lineNumber: 2, value: { id: "one", text: 'a, b ] } [ { " quoted' } },
        { lineNumber: 6, value: { id: "two" } },
        { lineNumber: 8, value: { id: "three" } },
      ]);
    }
  });

  it("streams an array written with CRLF line endings and a BOM", async () => {
    const text = "\uFEFF[\r\n  {\"id\": 1},\r\n\r\n  {\"id\": 2}\r\n]\r\n";
    expect(strip(await collect(chunked(text, 4)))).toEqual([
      { lineNumber: 2, value: { id: 1 } },
      { lineNumber: 4, value: { id: 2 } },
    ]);
  });

  it("streams a single-line array too", async () => {
    expect(strip(await collect('[{"id":1},{"id":2}]'))).toEqual([
      { lineNumber: 1, value: { id: 1 } },
      { lineNumber: 1, value: { id: 2 } },
    ]);
    expect(await collect("[]\n")).toEqual([]);
  });

  it("streams the result array of a pretty-printed Cloudflare logs-API response", async () => {
    const body = JSON.stringify(
      {
        success: true,
        errors: [],
        messages: ["ignored"],
        result: [
          { id: "log1", created_at: "2025-05-04T14:22:31.512Z", metadata: '{"user":"dave"}' },
          { id: "log2", created_at: "2025-05-04T14:23:02.001Z" },
        ],
        result_info: { page: 1, per_page: 50, total_count: 2 },
      },
      null,
      2,
    );
    const expected = [
      { lineNumber: 8, value: { id: "log1", created_at: "2025-05-04T14:22:31.512Z", metadata: '{"user":"dave"}' } },
      { lineNumber: 13, value: { id: "log2", created_at: "2025-05-04T14:23:02.001Z" } },
    ];
    for (const size of [body.length, 1, 7]) expect(strip(await collect(chunked(`\uFEFF${body}\n`, size)))).toEqual(expected);
  });

  it("yields a pretty-printed object without a record array as one record", async () => {
    const a = JSON.stringify({ id: "a", data: { x: 1 }, list: [1, 2] }, null, 2);
    const b = JSON.stringify({ id: "b" }, null, 2);
    expect(strip(await collect(`${a}\n${b}\n`))).toEqual([
      { lineNumber: 1, value: { id: "a", data: { x: 1 }, list: [1, 2] } },
      { lineNumber: 11, value: { id: "b" } },
    ]);
  });

  it("reports a bad element with its line and keeps streaming the array", async () => {
    const text = ['[', '  {"id": 1},', '  {"id": 2, "x": tru},', '  {"id": 3}', ']'].join("\n");
    expect(strip(await collect(text))).toEqual([
      { lineNumber: 2, value: { id: 1 } },
      { lineNumber: 3, error: "invalid JSON: Unexpected token '}' at position 18" },
      { lineNumber: 4, value: { id: 3 } },
    ]);
  });

  it("recovers from an unterminated string inside an element", async () => {
    const text = ['[', '  {"id": 1, "t": "broken', '  },', '  {"id": 2}', ']'].join("\n");
    const items = strip(await collect(text));
    expect(items[0]).toEqual({ lineNumber: 2, error: "invalid JSON: unterminated string" });
    expect(items).toContainEqual({ lineNumber: 4, value: { id: 2 } });
  });

  it("reports an unterminated document at the end of input", async () => {
    expect(strip(await collect('[\n  {"id": 1},\n  {"id": 2'))).toEqual([
      { lineNumber: 2, value: { id: 1 } },
      { lineNumber: 3, error: "invalid JSON: unexpected end of input" },
    ]);
    expect(strip(await collect("[\n"))).toEqual([{ lineNumber: 1, error: "invalid JSON: unexpected end of input (unterminated JSON array)" }]);
  });

  it("enforces the size limit per element", async () => {
    const text = `[\n${JSON.stringify({ t: "z".repeat(3000) })},\n{"id":2}\n]`;
    const items = await collect(chunked(text, 100), { maxLineBytes: 1000 });
    expect(strip(items)).toEqual([
      { lineNumber: 2, error: "record exceeds 1000 bytes" },
      { lineNumber: 3, value: { id: 2 } },
    ]);
  });

  it("goes back to JSON Lines when a truncated first record is followed by records", async () => {
    const text = ['{"id": 1, "tags": [', '{"id": 2}', '{"id": 3}'].join("\n");
    expect(strip(await collect(text))).toEqual([
      { lineNumber: 1, error: "invalid JSON: unterminated object (the next line starts a new record)" },
      { lineNumber: 2, value: { id: 2 } },
      { lineNumber: 3, value: { id: 3 } },
    ]);
  });
});

describe("describeJsonError", () => {
  it("locates errors like V8 did, without quoting the input", () => {
    expect(describeJsonError('{"a": oops}')).toBe("Unexpected token 'o' at position 6");
    expect(describeJsonError('{"a": 1,}')).toBe("Unexpected token '}' at position 8");
    expect(describeJsonError('{"a": "x')).toBe("Unterminated string in JSON at position 8");
    expect(describeJsonError("[1, 2")).toBe("Unexpected end of JSON input at position 5");
    expect(describeJsonError("")).toBe("Unexpected end of JSON input at position 0");
    expect(describeJsonError('{"a": 01}')).toBe("Unexpected token '1' at position 7");
    expect(describeJsonError('{"a": "\\x"}')).toBe("Bad escaped character in JSON at position 8");
    expect(describeJsonError('{"a": "\t"}')).toBe("Bad control character in string literal in JSON at position 7");
    expect(describeJsonError('{"a": 1} {"b": 2}')).toBe("Unexpected token '{' at position 9");
    expect(describeJsonError('{"é": ñ}')).toBe("Unexpected token U+00F1 at position 6");
    expect(describeJsonError("{'a': 1}")).toBe("Unexpected token ''' at position 1");
  });
});
