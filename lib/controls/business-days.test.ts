import { describe, expect, it } from "vitest";
import { addBusinessDays, dueAtFor } from "./business-days";

const at = (s: string) => new Date(s);

describe("SLA business days", () => {
  it("skips Saturday and Sunday", () => {
    // 2026-03-06 is a Friday
    expect(addBusinessDays(at("2026-03-06T10:00:00Z"), 1)).toEqual(at("2026-03-09T10:00:00Z"));
    expect(addBusinessDays(at("2026-03-06T10:00:00Z"), 5)).toEqual(at("2026-03-13T10:00:00Z"));
  });
  it("counts five business days from a Monday as the next Monday", () => {
    expect(addBusinessDays(at("2026-03-02T09:30:00Z"), 5)).toEqual(at("2026-03-09T09:30:00Z"));
  });
  it("starts a weekend clock on Monday", () => {
    // Saturday + 1 business day = Monday, same time of day
    expect(addBusinessDays(at("2026-03-07T12:00:00Z"), 1)).toEqual(at("2026-03-09T12:00:00Z"));
    expect(addBusinessDays(at("2026-03-08T12:00:00Z"), 5)).toEqual(at("2026-03-13T12:00:00Z"));
  });
  it("has no due date for a test without an SLA", () => {
    expect(dueAtFor("CM-3", at("2026-03-02T00:00:00Z"), { "DC-1": 5 }, new Date())).toBeNull();
    expect(dueAtFor("DC-1", null, { "DC-1": 2 }, at("2026-03-05T00:00:00Z"))).toEqual(at("2026-03-09T00:00:00Z"));
  });
});
