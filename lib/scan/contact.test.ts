import { describe, expect, it } from "vitest";
import { fingerprint } from "./index";
import { findType, matched } from "./test-helpers";

describe("email", () => {
  it("finds addresses", () => {
    expect(matched("write to jane.doe+prompts@acme-corp.io, thanks", "email")).toEqual(["jane.doe+prompts@acme-corp.io"]);
    expect(matched("<JOHN_SMITH@Example.Org>", "email")).toEqual(["JOHN_SMITH@Example.Org"]);
    expect(matched("mailto:ops@sub.domain.co.uk.", "email")).toEqual(["ops@sub.domain.co.uk"]);
  });

  it("skips decorators, scoped packages, file names and URL credentials", () => {
    expect(matched("@app.route('/x') npm i @types/node pkg@1.2.3 user@localhost", "email")).toEqual([]);
    expect(matched("logo@2x.png icon@3x.webp", "email")).toEqual([]);
    expect(matched("postgres://app:s3cr3tPassw0rd@db.acme.io/app", "email")).toEqual([]);
    expect(matched("a..b@acme.io", "email")).toEqual([]);
  });

  it("marks example domains as test data and role addresses as low confidence", () => {
    expect(findType("alice@example.com", "email")[0].testData).toBe(true);
    expect(findType("alice@acme.io", "email")[0].testData).toBe(false);
    expect(findType("noreply@github.com", "email")[0].confidence).toBe("LOW");
  });

  it("is CONFIDENTIAL and masked", () => {
    const f = findType("jane.doe@acme.io", "email")[0];
    expect(f.classification).toBe("CONFIDENTIAL");
    expect(f.excerpt).toBe("j***@a***.io");
  });

  it("fingerprints case-insensitively", () => {
    expect(fingerprint("k", "email", "Jane@Acme.io")).toBe(fingerprint("k", "email", "jane@acme.io"));
  });
});

describe("phone", () => {
  it("finds international numbers", () => {
    expect(matched("call +44 20 7946 0958 today", "phone")).toEqual(["+44 20 7946 0958"]);
    expect(matched("call +14155552671.", "phone")).toEqual(["+14155552671"]);
    expect(matched("call +1 (415) 555-2671", "phone")).toEqual(["+1 (415) 555-2671"]);
    expect(matched("ring +44 (0)20 7946 0958", "phone")).toEqual(["+44 (0)20 7946 0958"]);
    expect(matched("+49 30 901820", "phone")).toEqual(["+49 30 901820"]);
  });

  it("finds North American numbers", () => {
    expect(matched("cell (415) 555-2671", "phone")).toEqual(["(415) 555-2671"]);
    expect(matched("x 415-555-2671 y", "phone")).toEqual(["415-555-2671"]);
    expect(matched("x 415.555.2671 y", "phone")).toEqual(["415.555.2671"]);
    expect(matched("x (415)555-2671 y", "phone")).toEqual(["(415)555-2671"]);
    expect(matched("toll free 1-800-275-2273", "phone")).toEqual(["1-800-275-2273"]);
  });

  it("avoids plain numbers, dates, versions, IPs and invalid area codes", () => {
    for (const t of ["4155552671", "2024-01-15", "2024-01-15T10:00:00+05:30", "version 1.22.333", "10.415.555.26", "123-456-7890", "415-555.2671", "x+12345678", "a + 1", "1e+10", "+1 2", "ids 415-555-26710"]) {
      expect(matched(t, "phone"), t).toEqual([]);
    }
  });

  it("marks fictional numbers as test data", () => {
    expect(findType("+44 20 7946 0958", "phone")[0].testData).toBe(true);
    expect(findType("(415) 555-0142", "phone")[0].testData).toBe(true);
    expect(findType("(415) 555-2671", "phone")[0].testData).toBe(false);
  });

  it("is CONFIDENTIAL, masks all but the last two digits", () => {
    const f = findType("+44 20 7946 0958", "phone")[0];
    expect(f.classification).toBe("CONFIDENTIAL");
    expect(f.excerpt).toBe("+** ** **** **58");
  });

  it("gives the same fingerprint to the same number written differently", () => {
    const a = findType("(415) 555-2671", "phone")[0].fingerprint;
    const b = findType("+1 415 555 2671", "phone")[0].fingerprint;
    const c = findType("415.555.2671", "phone")[0].fingerprint;
    expect(a).toBe(b);
    expect(a).toBe(c);
  });
});
