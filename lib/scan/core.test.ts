import { describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import {
  DETECTOR_TYPES,
  FINDING_TYPES,
  defaultClassification,
  fingerprint,
  maskValue,
  normaliseValue,
  scanText,
  scanTexts,
} from "./index";
import { CLASSIFICATIONS } from "./types";
import { OPTS, randomAlnum } from "./test-helpers";

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

/** one positive sample per type (value, and the text around it) */
const SAMPLES: Record<string, { text: string; value: string }> = {
  credit_card: { text: "card 4532 0151 1283 0366 ok", value: "4532 0151 1283 0366" },
  us_ssn: { text: "ssn 536-22-1234 ok", value: "536-22-1234" },
  iban: { text: "iban GB82 WEST 1234 5698 7654 32 ok", value: "GB82 WEST 1234 5698 7654 32" },
  email: { text: "mail jane.doe@acme.io ok", value: "jane.doe@acme.io" },
  phone: { text: "call (415) 555-2671 ok", value: "(415) 555-2671" },
  ip_address: { text: "ip 8.8.4.4 ok", value: "8.8.4.4" },
  dob_with_zip: { text: "DOB: 03/14/1980, Boston, MA 02118 ok", value: "03/14/1980, Boston, MA 02118" },
  medical_record_number: { text: "MRN: 00123456 ok", value: "00123456" },
  health_plan_id: { text: "Member ID: XYZ123456789 ok", value: "XYZ123456789" },
  medicare_mbi: { text: "Medicare 2AC4-DE5-FG67 ok", value: "2AC4-DE5-FG67" },
  npi: { text: "NPI: 1245319599 ok", value: "1245319599" },
  dea_number: { text: "DEA AB1234563 ok", value: "AB1234563" },
  aws_access_key: { text: "id AKIAZ3MHSLQV2XUOK4FA ok", value: "AKIAZ3MHSLQV2XUOK4FA" },
  aws_secret_key: { text: "aws_secret_access_key=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", value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8kLm3nAb" },
  github_token: { text: `t ghp_${randomAlnum(36)} ok`, value: `ghp_${randomAlnum(36)}` },
  gitlab_token: { text: `t glpat-${randomAlnum(20)} ok`, value: `glpat-${randomAlnum(20)}` },
  slack_token: { text: `t xoxb-1234567890-${randomAlnum(24)} ok`, value: `xoxb-1234567890-${randomAlnum(24)}` },
  stripe_key: { text: `t sk_live_${randomAlnum(24)} ok`, value: `sk_live_${randomAlnum(24)}` },
  openai_key: { text: `t sk-proj-${randomAlnum(30)}T3BlbkFJ${randomAlnum(30)} ok`, value: `sk-proj-${randomAlnum(30)}T3BlbkFJ${randomAlnum(30)}` },
  anthropic_key: { text: `t sk-ant-api03-${randomAlnum(60)} ok`, value: `sk-ant-api03-${randomAlnum(60)}` },
  google_api_key: { text: `t AIza${randomAlnum(35)} ok`, value: `AIza${randomAlnum(35)}` },
  private_key: {
    text: `k -----BEGIN EC PRIVATE KEY-----\n${randomAlnum(64)}\n${randomAlnum(64, 2)}\n-----END EC PRIVATE KEY----- ok`,
    value: `-----BEGIN EC PRIVATE KEY-----\n${randomAlnum(64)}\n${randomAlnum(64, 2)}\n-----END EC PRIVATE KEY-----`,
  },
  jwt: {
    text: `t ${b64url({ alg: "RS256" })}.${b64url({ sub: "u1" })}.${randomAlnum(40)} ok`,
    value: `${b64url({ alg: "RS256" })}.${b64url({ sub: "u1" })}.${randomAlnum(40)}`,
  },
  connection_string_password: { text: "url mysql://root:Zq8!vN3#pL@10.0.0.5:3306/db ok", value: "mysql://root:Zq8!vN3#pL@10.0.0.5:3306" },
  env_secret: { text: "X=1\nSESSION_SECRET=a8Hf3kQ9zX2mP7vL1nB4\n", value: "a8Hf3kQ9zX2mP7vL1nB4" },
  generic_secret: { text: 'const apiKey = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";', value: "9f8e7d6c5b4a39281706f5e4d3c2b1a0" },
  internal_hostname: { text: "ssh build-17.internal ok", value: "build-17.internal" },
};

describe("registry", () => {
  it("lists every finding type once with detector id, version and default classification", () => {
    expect(DETECTOR_TYPES.map((d) => d.type).sort()).toEqual([...FINDING_TYPES].sort());
    for (const d of DETECTOR_TYPES) {
      expect(d.detector).toMatch(/^[a-z0-9-]+$/);
      expect(d.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(CLASSIFICATIONS).toContain(d.classification);
      expect(d.description.length).toBeGreaterThan(10);
    }
  });

  it("has the policy's default classifications", () => {
    for (const t of ["credit_card", "us_ssn", "dob_with_zip", "medical_record_number", "health_plan_id", "npi", "aws_access_key", "private_key", "jwt", "env_secret", "generic_secret"]) {
      expect(defaultClassification(t), t).toBe("RESTRICTED");
    }
    for (const t of ["email", "phone", "iban"]) expect(defaultClassification(t), t).toBe("CONFIDENTIAL");
    for (const t of ["ip_address", "internal_hostname"]) expect(defaultClassification(t), t).toBe("INTERNAL");
    expect(defaultClassification("no_such_type")).toBe("RESTRICTED");
  });
});

describe("every type", () => {
  it("has a sample, is found at the right offsets, with the registry's detector and classification", () => {
    for (const type of FINDING_TYPES) {
      const s = SAMPLES[type];
      expect(s, type).toBeDefined();
      const found = scanText(s.text, OPTS).filter((f) => f.type === type);
      expect(found, type).toHaveLength(1);
      const f = found[0];
      expect(s.text.slice(f.start, f.end), type).toBe(s.value);
      const info = DETECTOR_TYPES.find((d) => d.type === type)!;
      expect(f.detector, type).toBe(info.detector);
      expect(f.detectorVersion, type).toBe(info.version);
      expect(f.classification, type).toBe(info.classification);
      expect(f.fingerprint, type).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("never puts the full value into the excerpt", () => {
    for (const type of FINDING_TYPES) {
      const s = SAMPLES[type];
      for (const f of scanText(s.text, OPTS)) {
        const value = s.text.slice(f.start, f.end);
        expect(f.excerpt.includes(value), `${f.type}: ${f.excerpt}`).toBe(false);
        expect(JSON.stringify(f).includes(value), f.type).toBe(false);
      }
    }
  });

  it("keeps offsets right after emoji and other astral characters (JavaScript string indices)", () => {
    for (const type of FINDING_TYPES) {
      const s = SAMPLES[type];
      const prefix = "😀👩‍💻 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 — é ";
      const text = prefix + s.text;
      const f = scanText(text, OPTS).find((x) => x.type === type);
      expect(f, type).toBeDefined();
      expect(text.slice(f!.start, f!.end), type).toBe(s.value);
      expect(f!.start, type).toBe(prefix.length + s.text.indexOf(s.value));
    }
  });
});

describe("masking", () => {
  it("never reveals more than the kept characters", () => {
    const revealed = (excerpt: string, value: string) => {
      let n = 0;
      for (let i = 0; i < Math.min(excerpt.length, value.length); i++) if (excerpt[i] === value[i] && /[A-Za-z0-9]/.test(value[i])) n++;
      return n;
    };
    expect(revealed(maskValue("credit_card", "4532 0151 1283 0366"), "4532 0151 1283 0366")).toBe(8);
    expect(revealed(maskValue("credit_card", "4532015112830366"), "4532015112830366")).toBe(8);
    expect(revealed(maskValue("us_ssn", "536-22-1234"), "536-22-1234")).toBe(4);
    expect(maskValue("aws_access_key", "AKIAIOSFODNN7EXAMPLE")).toBe("AKIA************MPLE");
    const gh = `ghp_${randomAlnum(36)}`;
    expect(maskValue("github_token", gh).replace(/\*/g, "")).toBe(`ghp_${gh.slice(-4)}`);
    for (const v of ["abc", "12", "x"]) {
      for (const t of ["credit_card", "us_ssn", "phone", "npi", "generic_secret", "github_token", "aws_access_key"]) {
        expect(maskValue(t, v), `${t} ${v}`).not.toBe(v);
      }
    }
  });
});

describe("fingerprints", () => {
  it("are HMAC-SHA256 (hex) of the normalised value", () => {
    const expected = createHmac("sha256", "k1").update("4111111111111111").digest("hex");
    expect(fingerprint("k1", "credit_card", "4111 1111 1111 1111")).toBe(expected);
    expect(fingerprint("k1", "credit_card", "4111111111111111")).toBe(expected);
  });

  it("are equal for the same value with different separators", () => {
    const a = scanText("card 4111-1111-1111-1111", OPTS)[0];
    const b = scanText("card 4111 1111 1111 1111", OPTS)[0];
    const c = scanText("card 4111111111111111", OPTS)[0];
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).toBe(c.fingerprint);
    const s1 = scanText("SSN: 536-22-1234", OPTS)[0];
    const s2 = scanText("SSN: 536221234", OPTS)[0];
    expect(s1.fingerprint).toBe(s2.fingerprint);
    const i1 = scanText("GB82 WEST 1234 5698 7654 32", OPTS)[0];
    const i2 = scanText("GB82WEST12345698765432", OPTS)[0];
    expect(i1.fingerprint).toBe(i2.fingerprint);
  });

  it("differ between keys and between values", () => {
    const a = scanText("4111 1111 1111 1111", { fingerprintKey: "key-a" })[0];
    const b = scanText("4111 1111 1111 1111", { fingerprintKey: "key-b" })[0];
    expect(a.fingerprint).not.toBe(b.fingerprint);
    expect(fingerprint("k", "credit_card", "4111111111111111")).not.toBe(fingerprint("k", "credit_card", "4242424242424242"));
  });

  it("normalisation is idempotent", () => {
    for (const [t, v] of [
      ["credit_card", "4111-1111-1111-1111"],
      ["phone", "(415) 555-2671"],
      ["phone", "+49 30 123456"],
      ["iban", "gb82 west 1234 5698 7654 32"],
      ["email", "Jane@Acme.IO"],
      ["ip_address", "2001:DB8::1"],
      ["medicare_mbi", "2ac4-de5-fg67"],
    ] as const) {
      const once = normaliseValue(t, v);
      expect(normaliseValue(t, once), `${t} ${v}`).toBe(once);
    }
  });
});

describe("scanText", () => {
  it("returns findings sorted by start", () => {
    const text = "b@acme.io 4111 1111 1111 1111 a@acme.io 8.8.8.8 ssn 536-22-1234";
    const f = scanText(text, OPTS);
    expect(f.map((x) => x.type)).toEqual(["email", "credit_card", "email", "ip_address", "us_ssn"]);
    for (let i = 1; i < f.length; i++) expect(f[i].start).toBeGreaterThanOrEqual(f[i - 1].start);
  });

  it("resolves overlaps in favour of the more specific type", () => {
    // the IP inside the connection string, the hostname inside the email
    const text = "mysql://root:Zq8!vN3#pL@10.0.0.5:3306/db and ops@mail.corp.example.com";
    const types = scanText(text, OPTS).map((f) => f.type);
    expect(types).toEqual(["connection_string_password", "email"]);
    // a phone-shaped part of a card number is not reported
    expect(scanText("+1 4111 1111 1111 1111", OPTS).map((f) => f.type)).not.toContain("phone");
  });

  it("keeps composite findings next to the values inside them", () => {
    const text = "DOB: 03/14/1980, phone (415) 555-2671, Boston, MA 02118";
    const types = scanText(text, OPTS).map((f) => f.type).sort();
    expect(types).toEqual(["dob_with_zip", "phone"]);
  });

  it("returns nothing for empty, plain or sensitive-free text", () => {
    expect(scanText("", OPTS)).toEqual([]);
    expect(scanText("The quick brown fox jumps over the lazy dog 42 times in 2024.", OPTS)).toEqual([]);
    const code = 'export function add(a: number, b: number): number {\n  return a + b; // v1.2.3\n}\nconst token = await getToken();\nconst key = "id";';
    expect(scanText(code, OPTS)).toEqual([]);
  });

  it("applies classification overrides", () => {
    const f = scanText("jane@acme.io", { ...OPTS, classificationOverrides: { email: "RESTRICTED" } });
    expect(f[0].classification).toBe("RESTRICTED");
  });

  it("handles long inputs without pathological slow-downs", () => {
    const chunks = ["1".repeat(50_000), "a".repeat(50_000), "@".repeat(10_000), ":".repeat(10_000), "-".repeat(10_000), "1-".repeat(20_000), "a@b.".repeat(10_000), "key=".repeat(10_000), "1 ".repeat(20_000), "ab::".repeat(10_000)];
    const t0 = performance.now();
    for (const c of chunks) scanText(c, OPTS);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

describe("scanTexts", () => {
  it("adds the location to each finding", () => {
    const f = scanTexts(
      [
        { location: "messages[0].content", text: "hi jane@acme.io" },
        { location: "response", text: "nothing here" },
        { location: "messages[2].tool_result", text: "card 4111 1111 1111 1111" },
      ],
      OPTS,
    );
    expect(f.map((x) => [x.location, x.type])).toEqual([
      ["messages[0].content", "email"],
      ["messages[2].tool_result", "credit_card"],
    ]);
  });
});
