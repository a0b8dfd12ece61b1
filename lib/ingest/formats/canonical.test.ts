import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalDigest, canonicalJson, sha256Hex } from "./canonical";

describe("canonicalJson", () => {
  it("sorts keys at every level and is independent of insertion order", () => {
    const a = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: "x" } };
    const b = { a: { c: "x", d: [3, { y: 2, z: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it("serialises like JSON.stringify for scalars, undefined, dates and non-finite numbers", () => {
    expect(canonicalJson({ u: undefined, n: null, f: () => 1, s: "é\n\u2028", big: 10n })).toBe('{"big":10,"n":null,"s":"é\\n\u2028"}');
    expect(canonicalJson([undefined, NaN, Infinity, -0, 1e21, 0.1])).toBe("[null,null,null,0,1e+21,0.1]");
    expect(canonicalJson({ t: new Date("2025-05-01T00:00:00Z") })).toBe('{"t":"2025-05-01T00:00:00.000Z"}');
    expect(canonicalJson("x")).toBe('"x"');
    expect(canonicalJson(undefined)).toBe("");
  });

  it("sorts keys by UTF-16 code units", () => {
    expect(canonicalJson({ "é": 1, z: 2, A: 3, "10": 4, "9": 5 })).toBe('{"10":4,"9":5,"A":3,"z":2,"é":1}');
  });

  it("throws on cycles but accepts shared references", () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
  });
});

describe("sha256Hex", () => {
  it("hashes UTF-8 strings and bytes", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex(Buffer.from("é"))).toBe(createHash("sha256").update("é", "utf8").digest("hex"));
  });

  it("digests canonical JSON", () => {
    expect(canonicalDigest({ b: "é", a: 1 })).toEqual({ sha256: sha256Hex('{"a":1,"b":"é"}'), bytes: 16 });
  });
});
