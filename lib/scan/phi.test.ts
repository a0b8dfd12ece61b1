import { describe, expect, it } from "vitest";
import { deaValid, npiValid } from "./detectors/phi";
import { findType, matched, withLuhn } from "./test-helpers";

describe("dob_with_zip", () => {
  it("finds a date of birth near a ZIP code", () => {
    const text = "Patient DOB: 03/14/1980, lives in Boston, MA 02118.";
    expect(matched(text, "dob_with_zip")).toEqual(["03/14/1980, lives in Boston, MA 02118"]);
    expect(matched("born 1975-06-30; zip code 94107-1234", "dob_with_zip")).toEqual(["1975-06-30; zip code 94107-1234"]);
    expect(matched("ZIP: 10001. Date of birth: March 5, 1962", "dob_with_zip")).toEqual(["10001. Date of birth: March 5, 1962"]);
  });

  it("needs both contexts, a valid date and a full ZIP", () => {
    expect(matched("Meeting 03/14/1980 in Boston, MA 02118", "dob_with_zip")).toEqual([]);
    expect(matched("DOB: 03/14/1980, order 02118", "dob_with_zip")).toEqual([]);
    expect(matched("DOB: 13/45/1980, MA 02118", "dob_with_zip")).toEqual([]);
    expect(matched("DOB: 03/14/1980, MA 0211", "dob_with_zip")).toEqual([]);
    const far = `DOB: 03/14/1980 ${"x".repeat(150)} ZIP 02118`;
    expect(matched(far, "dob_with_zip")).toEqual([]);
  });

  it("is RESTRICTED and its excerpt reveals no digit", () => {
    const f = findType("DOB: 03/14/1980, Boston, MA 02118", "dob_with_zip")[0];
    expect(f.classification).toBe("RESTRICTED");
    expect(f.excerpt).not.toMatch(/\d/);
  });
});

describe("medical_record_number", () => {
  it("finds MRNs after their context", () => {
    expect(matched("MRN: 00123456", "medical_record_number")).toEqual(["00123456"]);
    expect(matched("medical record number is 7788991", "medical_record_number")).toEqual(["7788991"]);
    expect(matched("Medical Record #: MR-4455667", "medical_record_number")).toEqual(["MR-4455667"]);
  });

  it("needs the context and enough digits", () => {
    expect(matched("order 00123456", "medical_record_number")).toEqual([]);
    expect(matched("MRN: 1234", "medical_record_number")).toEqual([]);
  });

  it("masks all but the last two characters", () => {
    expect(findType("MRN: 00123456", "medical_record_number")[0].excerpt).toBe("******56");
  });
});

describe("health_plan_id", () => {
  it("finds member / subscriber / health plan ids after their context", () => {
    expect(matched("Member ID: XYZ123456789", "health_plan_id")).toEqual(["XYZ123456789"]);
    expect(matched("subscriber #: W123456789", "health_plan_id")).toEqual(["W123456789"]);
    expect(matched("health plan id 987654321", "health_plan_id")).toEqual(["987654321"]);
  });

  it("raises confidence with a health context and ignores ids without digits", () => {
    expect(findType("Aetna insurance card, Member ID: XYZ123456789", "health_plan_id")[0].confidence).toBe("HIGH");
    expect(matched("member id: ABCDEFGH", "health_plan_id")).toEqual([]);
    expect(matched("member of team 12345", "health_plan_id")).toEqual([]);
  });
});

describe("medicare_mbi", () => {
  it("finds MBIs with or without dashes", () => {
    expect(matched("Medicare MBI 2AC4DE5FG67", "medicare_mbi")).toEqual(["2AC4DE5FG67"]);
    expect(matched("mbi: 2AC4-DE5-FG67.", "medicare_mbi")).toEqual(["2AC4-DE5-FG67"]);
    expect(findType("1EG4-TE5-MK73", "medicare_mbi")[0].testData).toBe(true);
  });

  it("applies the CMS position rules", () => {
    for (const bad of ["0AC4DE5FG67", "2SC4DE5FG67", "2AC4DE5FG6Z", "2ACADE5FG67", "2AC4-DE5FG67", "X2AC4DE5FG67"]) {
      expect(matched(bad, "medicare_mbi"), bad).toEqual([]);
    }
  });

  it("context raises the confidence", () => {
    expect(findType("Medicare id 2AC4DE5FG67", "medicare_mbi")[0].confidence).toBe("HIGH");
    expect(findType("ref 2AC4DE5FG67", "medicare_mbi")[0].confidence).toBe("MEDIUM");
  });
});

describe("npi", () => {
  it("finds Luhn-valid NPIs (80840 prefix) after their context", () => {
    expect(npiValid("1245319599")).toBe(true);
    expect(npiValid("1245319598")).toBe(false);
    expect(matched("Provider NPI: 1245319599", "npi")).toEqual(["1245319599"]);
    expect(matched("national provider identifier 1245319599", "npi")).toEqual(["1245319599"]);
  });

  it("rejects bad checksums and numbers without context", () => {
    expect(matched("NPI: 1245319598", "npi")).toEqual([]);
    expect(matched("call 1245319599", "npi")).toEqual([]);
    expect(matched("NPI: 3245319599", "npi")).toEqual([]);
  });
});

describe("dea_number", () => {
  it("checks the DEA checksum", () => {
    expect(deaValid("AB1234563")).toBe(true);
    expect(deaValid("AB1234564")).toBe(false);
    expect(matched("DEA# AB1234563", "dea_number")).toEqual(["AB1234563"]);
    expect(matched("DEA# AB1234564", "dea_number")).toEqual([]);
    expect(matched("DEA# ZB1234563", "dea_number")).toEqual([]); // Z is not a registrant type
  });

  it("is weak without a DEA context", () => {
    expect(findType("DEA registration AB1234563", "dea_number")[0].confidence).toBe("HIGH");
    expect(findType("ref AB1234563", "dea_number")[0].confidence).toBe("LOW");
  });

  it("all PHI is RESTRICTED", () => {
    const text = "MRN: 00123456 NPI: 1245319599 DEA AB1234563 MBI 2AC4DE5FG67 Member ID: XYZ123456789 DOB: 03/14/1980, MA 02118";
    const types = new Set(["medical_record_number", "npi", "dea_number", "medicare_mbi", "health_plan_id", "dob_with_zip"]);
    const found = findType(text, "npi").concat(...[...types].map((t) => findType(text, t)));
    expect(new Set(found.map((f) => f.type))).toEqual(types);
    for (const f of found) expect(f.classification).toBe("RESTRICTED");
    expect(withLuhn("80840124531959").slice(5)).toBe("1245319599");
  });
});
