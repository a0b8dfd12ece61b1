import { describe, expect, it } from "vitest";
import { scanText, maskValue } from "./index";
import { OPTS, findType, makeIban, matched, withLuhn } from "./test-helpers";

describe("credit_card", () => {
  it("finds Luhn-valid numbers with spaces, dashes or no separators", () => {
    expect(matched("pay with 4532 0151 1283 0366 today", "credit_card")).toEqual(["4532 0151 1283 0366"]);
    expect(matched("pay with 4532-0151-1283-0366.", "credit_card")).toEqual(["4532-0151-1283-0366"]);
    expect(matched("pan=4532015112830366&x=1", "credit_card")).toEqual(["4532015112830366"]);
  });

  it("finds 12-19 digit numbers of the usual brands", () => {
    const visa13 = withLuhn("422222222222"); // 13 digits
    const disc19 = withLuhn("601100000000000000"); // 19 digits
    const amex = withLuhn("37144963539843"); // 15 digits
    expect(matched(`a ${visa13} b`, "credit_card")).toEqual([visa13]);
    expect(matched(`a ${disc19} b`, "credit_card")).toEqual([disc19]);
    expect(matched(`amex ${amex.slice(0, 4)} ${amex.slice(4, 10)} ${amex.slice(10)}`, "credit_card")).toHaveLength(1);
  });

  it("marks well-known test numbers as test data", () => {
    for (const n of ["4111 1111 1111 1111", "4242 4242 4242 4242", "5555 5555 5555 4444", "4012 8888 8888 1881", "3782 822463 10005", "6011 1111 1111 1117", "5105 1051 0510 5100"]) {
      const f = findType(`card: ${n}`, "credit_card");
      expect(f, n).toHaveLength(1);
      expect(f[0].testData, n).toBe(true);
    }
    expect(findType("card 4532 0151 1283 0366", "credit_card")[0].testData).toBe(false);
  });

  it("rejects invalid Luhn, too short / too long runs and placeholders", () => {
    expect(matched("4111 1111 1111 1112", "credit_card")).toEqual([]);
    expect(matched("4532015112830367", "credit_card")).toEqual([]);
    expect(matched("41111111111", "credit_card")).toEqual([]); // 11 digits
    expect(matched("45320151128303664532015", "credit_card")).toEqual([]); // 23 digits
    expect(matched("0000 0000 0000 0000", "credit_card")).toEqual([]);
  });

  it("does not match inside words, hex strings, decimals or mixed separators", () => {
    expect(matched("id_4532015112830366", "credit_card")).toEqual([]);
    expect(matched("0x4532015112830366ab", "credit_card")).toEqual([]);
    expect(matched("ratio 0.4532015112830366", "credit_card")).toEqual([]);
    expect(matched("4532 0151-1283 0366", "credit_card")).toEqual([]);
  });

  it("ignores digit runs that are not card-like (timestamps, unknown issuers without context)", () => {
    expect(matched("created 1700000000000 ms", "credit_card")).toEqual([]);
    const unknownIssuer = withLuhn("800000000000000");
    expect(matched(`x ${unknownIssuer} y`, "credit_card")).toEqual([]);
    expect(findType(`credit card ${unknownIssuer}`, "credit_card")[0]?.confidence).toBe("LOW");
  });

  it("ignores UUID groups and bare 12-digit ids without card context", () => {
    expect(matched('{"id":"5d18d791-c6e6-4fa1-a59f-413727545902"}', "credit_card")).toEqual([]);
    const twelve = withLuhn("41372754590");
    expect(matched(`order ${twelve}`, "credit_card")).toEqual([]);
    expect(matched(`card number ${twelve}`, "credit_card")).toEqual([twelve]);
  });

  it("finds the card inside a longer run ('... 1111 12 25' expiry)", () => {
    expect(matched("Card: 4111 1111 1111 1111 12 25", "credit_card")).toEqual(["4111 1111 1111 1111"]);
  });

  it("masks all but the first and last four digits, keeping separators", () => {
    const f = findType("card 4111 1111 1111 1111", "credit_card")[0];
    expect(f.excerpt).toBe("4111 **** **** 1111");
    expect(maskValue("credit_card", "4111-1111-1111-1111")).toBe("4111-****-****-1111");
    expect(maskValue("credit_card", "378282246310005")).toBe("3782*******0005");
  });

  it("is RESTRICTED by default and honours classification overrides", () => {
    expect(findType("4111111111111111", "credit_card")[0].classification).toBe("RESTRICTED");
    const f = scanText("4111111111111111", { ...OPTS, classificationOverrides: { credit_card: "CONFIDENTIAL" } });
    expect(f[0].classification).toBe("CONFIDENTIAL");
  });
});

describe("iban", () => {
  it("finds valid IBANs, printed or compact", () => {
    expect(matched("IBAN: GB82 WEST 1234 5698 7654 32.", "iban")).toEqual(["GB82 WEST 1234 5698 7654 32"]);
    expect(matched("to DE89370400440532013000 please", "iban")).toEqual(["DE89370400440532013000"]);
    const fr = makeIban("FR", "20041010050500013M02606");
    expect(fr).toBe("FR1420041010050500013M02606");
    const nl = makeIban("NL", "RABO0123456789");
    expect(matched(`account ${nl}`, "iban")).toEqual([nl]);
  });

  it("rejects a wrong check digit, a wrong length and unknown countries", () => {
    expect(matched("GB83 WEST 1234 5698 7654 32", "iban")).toEqual([]);
    expect(matched("GB82WEST123456987654321", "iban")).toEqual([]); // one character too many
    expect(matched("GB82WEST123456987654", "iban")).toEqual([]); // too short
    expect(matched("XX82WEST12345698765432", "iban")).toEqual([]);
  });

  it("stops at the country length when followed by other upper-case words", () => {
    expect(matched("GB82 WEST 1234 5698 7654 32 PAID", "iban")).toEqual(["GB82 WEST 1234 5698 7654 32"]);
  });

  it("is CONFIDENTIAL, masks all but country and last 4, marks documentation examples as test data", () => {
    const f = findType("GB82 WEST 1234 5698 7654 32", "iban")[0];
    expect(f.classification).toBe("CONFIDENTIAL");
    expect(f.testData).toBe(true);
    expect(f.excerpt).toBe("GB** **** **** **** **54 32");
    const nl = makeIban("NL", "RABO0123456789");
    expect(findType(nl, "iban")[0].testData).toBe(false);
  });
});
