import { describe, expect, it } from "vitest";
import { maskValue } from "./index";
import { ssnValid } from "./detectors/national-id";
import { findType, matched } from "./test-helpers";

describe("us_ssn", () => {
  it("finds dashed SSNs", () => {
    expect(matched("employee 536-22-1234 onboarded", "us_ssn")).toEqual(["536-22-1234"]);
    const f = findType("SSN: 536-22-1234", "us_ssn")[0];
    expect(f.confidence).toBe("HIGH");
    expect(f.classification).toBe("RESTRICTED");
    expect(f.testData).toBe(false);
  });

  it("rejects invalid areas, groups and serials", () => {
    for (const bad of ["000-12-3456", "666-12-3456", "900-12-3456", "912-12-3456", "999-12-3456", "536-00-1234", "536-22-0000", "111-11-1111", "888-88-8888"]) {
      expect(matched(`ssn ${bad}`, "us_ssn"), bad).toEqual([]);
    }
  });

  it("rejects mixed delimiters", () => {
    expect(matched("ssn 536-22 1234", "us_ssn")).toEqual([]);
    expect(matched("ssn 536 22-1234", "us_ssn")).toEqual([]);
    expect(matched("123-45 6789", "us_ssn")).toEqual([]);
  });

  it("does not match inside longer tokens", () => {
    expect(matched("ref 1536-22-1234", "us_ssn")).toEqual([]);
    expect(matched("ref 536-22-12345", "us_ssn")).toEqual([]);
    expect(matched("ref A536-22-1234", "us_ssn")).toEqual([]);
    expect(matched("ref 536-22-1234-9", "us_ssn")).toEqual([]);
  });

  it("reports bare nine-digit runs and space-separated numbers only next to a context word", () => {
    expect(matched("order 536221234 shipped", "us_ssn")).toEqual([]);
    expect(matched("SSN: 536221234", "us_ssn")).toEqual(["536221234"]);
    expect(matched("Social Security Number 536 22 1234", "us_ssn")).toEqual(["536 22 1234"]);
    expect(matched("536 22 1234", "us_ssn")).toEqual([]);
    expect(matched("ssn 000221234", "us_ssn")).toEqual([]);
  });

  it("reports well-known example numbers as test data (decision: reported, not rejected)", () => {
    for (const ex of ["078-05-1120", "219-09-9999", "123-45-6789"]) {
      const f = findType(`ssn ${ex}`, "us_ssn");
      expect(f, ex).toHaveLength(1);
      expect(f[0].testData, ex).toBe(true);
    }
  });

  it("masks all but the last four digits", () => {
    expect(findType("ssn 123-45-6789", "us_ssn")[0].excerpt).toBe("***-**-6789");
    expect(maskValue("us_ssn", "536221234")).toBe("*****1234");
  });

  it("ssnValid implements the SSA rules", () => {
    expect(ssnValid("536221234")).toBe(true);
    expect(ssnValid("000221234")).toBe(false);
    expect(ssnValid("666221234")).toBe(false);
    expect(ssnValid("950221234")).toBe(false);
    expect(ssnValid("536001234")).toBe(false);
    expect(ssnValid("536220000")).toBe(false);
    expect(ssnValid("555555555")).toBe(false);
  });
});
