import { describe, expect, it } from "vitest";
import { scanTexts, type LocatedFinding } from "../scan";
import { decide, decideWithFindings, describeLocation, maskTexts, type DecidedFinding } from "./decide";
import { buildPolicy, type GuardrailPolicy } from "./policy";

const KEY = { fingerprintKey: "test-key", internalHostPatterns: ["*.corp.example.com"] };
const URL_ = "https://evidence.example.com/policy";

// fake but valid-looking values
const SSN = "536-22-8146";
const CARD = "4556 7375 8689 9855";
const TEST_CARD = "4111 1111 1111 1111";
const AWS = "AKIAZ3MHALF7QDEMO7XQ";
const EMAIL = "jordan.lee@customer-mail.com";

function policy(over: Partial<Parameters<typeof buildPolicy>[0]> = {}): GuardrailPolicy {
  return buildPolicy({
    blockingLevel: "CONFIDENTIAL",
    guardrailActions: { RESTRICTED: "block", CONFIDENTIAL: "block", INTERNAL: "log", PUBLIC: "log" },
    policyUrl: URL_,
    ...over,
  });
}

function scan(texts: string[]): LocatedFinding[] {
  return scanTexts(texts.map((text, i) => ({ location: `texts[${i}]`, text })), KEY);
}

function run(texts: string[], p: GuardrailPolicy, inputType: "request" | "response" = "request") {
  return decide(texts, scan(texts), p, { inputType });
}

describe("decide: block", () => {
  it("blocks a US SSN with the type, masked excerpt, message index, remedy and policy link", () => {
    const r = run(["Fix the HR export.", `Employee SSN ${SSN} fails validation`], policy());
    expect(r.action).toBe("BLOCKED");
    if (r.action !== "BLOCKED") return;
    expect(r.blocked_reason).toBe(
      `Blocked: a US SSN (***-**-8146) in message 2. Remove customer data from the prompt (use synthetic or test values); see ${URL_}`,
    );
    expect(r.blocked_reason).not.toContain(SSN);
  });

  it("blocks a payment card and never quotes it", () => {
    const r = run([`Customer says card ${CARD} was charged twice`], policy());
    expect(r).toMatchObject({ action: "BLOCKED" });
    if (r.action !== "BLOCKED") return;
    expect(r.blocked_reason).toContain("a payment card number (4556 **** **** 9855) in message 1");
    expect(r.blocked_reason).not.toContain(CARD);
  });

  it("blocks a secret and asks to rotate it", () => {
    const r = run(["hi", "there", `Use this key for the test: ${AWS} and region us-east-1`], policy());
    expect(r.action).toBe("BLOCKED");
    if (r.action !== "BLOCKED") return;
    expect(r.blocked_reason).toContain("an AWS access key (AKIA************O7XQ) in message 3");
    expect(r.blocked_reason).toContain("rotate it");
    expect(r.blocked_reason).not.toContain(AWS);
  });

  it("blocks an email (Confidential) under the default policy", () => {
    const r = run([`mail the report to ${EMAIL}`], policy());
    expect(r.action).toBe("BLOCKED");
    if (r.action === "BLOCKED") expect(r.blocked_reason).toContain("an email address (j***@c***.com) in message 1");
  });

  it("names the most sensitive findings first and counts the rest", () => {
    const texts = [`a ${EMAIL}`, `b ${SSN}`, `c ${CARD}`, `d ${AWS}`, `e other.person@customer-mail.com`];
    const r = run(texts, policy());
    expect(r.action).toBe("BLOCKED");
    if (r.action !== "BLOCKED") return;
    expect(r.blocked_reason).toMatch(/^Blocked: a US SSN .* in message 2, a payment card number .* in message 3 and an AWS access key .* in message 4 \(\+2 more\)\./);
    expect(r.blocked_reason).toContain("Remove customer data");
    expect(r.blocked_reason).toContain("rotate it");
  });

  it("words a response-direction block as such", () => {
    const r = run([`Sure, the SSN is ${SSN}`], policy(), "response");
    expect(r.action).toBe("BLOCKED");
    if (r.action === "BLOCKED") {
      expect(r.blocked_reason).toContain("the response contains a US SSN (***-**-8146) in response part 1");
      expect(r.blocked_reason).toContain("withheld");
    }
  });
});

describe("decide: mask", () => {
  const maskAll = policy({ guardrailActions: { RESTRICTED: "mask", CONFIDENTIAL: "mask", INTERNAL: "log", PUBLIC: "log" } });

  it("masks each finding with its excerpt, leaving the rest of the text as it was", () => {
    const texts = ["no data here", `SSN ${SSN} and mail ${EMAIL} done`, `card ${CARD}`];
    const r = run(texts, maskAll);
    expect(r).toEqual({
      action: "GUARDRAIL_INTERVENED",
      texts: ["no data here", "SSN ***-**-8146 and mail j***@c***.com done", "card 4556 **** **** 9855"],
    });
  });

  it("masks only what the policy masks: Restricted blocks, Confidential masks", () => {
    const p = policy({ guardrailActions: { RESTRICTED: "block", CONFIDENTIAL: "mask", INTERNAL: "log", PUBLIC: "log" } });
    expect(run([`mail ${EMAIL}`], p)).toEqual({ action: "GUARDRAIL_INTERVENED", texts: ["mail j***@c***.com"] });
    expect(run([`mail ${EMAIL}`, `key ${AWS}`], p).action).toBe("BLOCKED");
  });

  it("falls back to [REDACTED:type] when an excerpt would not hide the value", () => {
    const text = "value ABCDEF here";
    const f: DecidedFinding = {
      type: "generic_secret", detector: "x", detectorVersion: "1", classification: "RESTRICTED", start: 6, end: 12,
      excerpt: "ABCDEF", fingerprint: "f", confidence: "HIGH", testData: false, location: "texts[0]", disposition: "masked",
    };
    expect(maskTexts([text], [f])).toEqual(["value [REDACTED:generic_secret] here"]);
  });

  it("blocks a mask-rule finding outside texts[] (LiteLLM takes masked text back only for texts)", () => {
    const findings = scanTexts([{ location: "structured_messages[0].content", text: `system: SSN ${SSN}` }], KEY);
    const d = decideWithFindings(["hello"], findings, maskAll);
    expect(d.response.action).toBe("BLOCKED");
    expect(d.findings[0]!.disposition).toBe("blocked");
    if (d.response.action === "BLOCKED") expect(d.response.blocked_reason).toContain("in message 1");
  });
});

describe("decide: pass", () => {
  it("passes clean text", () => {
    expect(run(["Refactor the retry logic in src/payments/charge.ts"], policy())).toEqual({ action: "NONE" });
  });

  it("only logs a classification whose rule is log", () => {
    const p = policy({ guardrailActions: { RESTRICTED: "block", CONFIDENTIAL: "log", INTERNAL: "log", PUBLIC: "log" } });
    const d = decideWithFindings([`mail ${EMAIL}`], scan([`mail ${EMAIL}`]), p);
    expect(d.response).toEqual({ action: "NONE" });
    expect(d.findings.map((f) => f.disposition)).toEqual(["logged"]);
    expect(d.types).toEqual(["email"]);
    expect(d.maxClassification).toBe("CONFIDENTIAL");
  });

  it("never blocks a log-only type", () => {
    const p = policy({ logOnlyTypes: ["us_ssn"] });
    expect(run([`SSN ${SSN}`], p)).toEqual({ action: "NONE" });
    expect(run([`SSN ${SSN} card ${CARD}`], p).action).toBe("BLOCKED");
  });

  it("lets an allow-listed fingerprint through", () => {
    const [f] = scan([`card ${CARD}`]);
    const p = policy({ allowedFingerprints: [f!.fingerprint.toUpperCase()] });
    const d = decideWithFindings([`card ${CARD}`], [f!], p);
    expect(d.response).toEqual({ action: "NONE" });
    expect(d.findings[0]!.disposition).toBe("allowed-fingerprint");
  });

  it("lets a known test card through when the policy allows test data, blocks it otherwise", () => {
    expect(run([`try card ${TEST_CARD}`], policy({ allowTestData: true }))).toEqual({ action: "NONE" });
    const r = run([`try card ${TEST_CARD}`], policy({ allowTestData: false }));
    expect(r.action).toBe("BLOCKED");
  });

  it("internal host names are only logged by default", () => {
    const d = decideWithFindings(["host build-07.corp.example.com 502"], scan(["host build-07.corp.example.com 502"]), policy());
    expect(d.response).toEqual({ action: "NONE" });
    expect(d.findings[0]).toMatchObject({ type: "internal_hostname", disposition: "logged" });
  });
});

describe("describeLocation", () => {
  it("names messages, response parts and tool calls 1-based", () => {
    expect(describeLocation("texts[0]")).toBe("message 1");
    expect(describeLocation("texts[4]", "response")).toBe("response part 5");
    expect(describeLocation("structured_messages[2].content[0].text")).toBe("message 3");
    expect(describeLocation("tool_calls[0].function.arguments")).toBe("the arguments of tool call 1");
  });
});
