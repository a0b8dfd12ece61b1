import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../auth/api-tokens";
import { createTestDatabase, type TestDatabase } from "../db/test-database";
import { handleGuardrailRequest } from "./handler";
import { litellmConfigSnippet } from "./litellm-config";
import { decisionCounts, policyDocument, policyEditFromForm, policyHistory, updateEgressPolicy } from "./policy-document";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

function form(over: Record<string, string | string[]> = {}) {
  const f = new FormData();
  const base: Record<string, string | string[]> = {
    blockingLevel: "CONFIDENTIAL",
    "action.RESTRICTED": "block",
    "action.CONFIDENTIAL": "block",
    "action.INTERNAL": "log",
    "action.PUBLIC": "log",
    allowedFingerprints: "",
    allowTestData: "on",
    failMode: "closed",
    internalHostPatterns: "*.corp.example.com\n*.internal",
    comment: "quarterly review",
    ...over,
  };
  for (const [k, v] of Object.entries(base)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
  return f;
}

describe("egress policy document", () => {
  it("renders the defaults: every detector type with its classification and guardrail rule", async () => {
    const doc = await policyDocument(t.db);
    expect(doc.blockingLevel).toBe("CONFIDENTIAL");
    expect(doc.failMode).toBe("closed");
    expect(doc.detectors.find((d) => d.type === "us_ssn")).toMatchObject({ classification: "RESTRICTED", rule: "block", overridden: false });
    expect(doc.detectors.find((d) => d.type === "internal_hostname")).toMatchObject({ classification: "INTERNAL", rule: "log" });
    expect(doc.warnings).toEqual([]);
  });

  it("writes only the settings that change, with who and why, and the guardrail follows", async () => {
    const admin = await t.db.user.create({ data: { email: "lead@demo.example", name: "Lead", role: "ADMIN", passwordHash: "x" } });
    // nothing changes: nothing is written
    expect(await updateEgressPolicy(t.db, policyEditFromForm(form()), { id: admin.id, email: admin.email })).toEqual([]);

    const changed = await updateEgressPolicy(
      t.db,
      policyEditFromForm(form({ "action.CONFIDENTIAL": "mask", "override.email": "INTERNAL", "override.us_ssn": "RESTRICTED", logOnlyTypes: ["phone"], comment: "emails are internal here" })),
      { id: admin.id, email: admin.email },
    );
    expect(changed.sort()).toEqual(["policy.classificationOverrides", "policy.guardrailActions", "policy.logOnlyTypes"]);

    const history = await policyHistory(t.db);
    expect(history).toHaveLength(3);
    const overrides = history.find((h) => h.key === "policy.classificationOverrides")!;
    // an override equal to the default is not stored
    expect(overrides).toMatchObject({ oldValue: {}, newValue: { email: "INTERNAL" }, changedBy: "lead@demo.example", comment: "emails are internal here" });

    const doc = await policyDocument(t.db);
    expect(doc.detectors.find((d) => d.type === "email")).toMatchObject({ classification: "INTERNAL", overridden: true, rule: "log" });
    expect(doc.detectors.find((d) => d.type === "phone")).toMatchObject({ logOnly: true, rule: "log" });
    // a log-only type at or above the blocking level is flagged
    expect(doc.warnings.some((w) => w.startsWith("phone"))).toBe(true);

    // the guardrail reads the same settings (the update invalidated its cache)
    const { token } = await createApiToken(t.db, "GUARDRAIL", "g", null);
    const r = await handleGuardrailRequest(t.db, {
      authorization: `Bearer ${token}`,
      bodyText: JSON.stringify({ input_type: "request", texts: ["mail jordan.lee@customer-mail.com"] }),
      contentLength: null,
    });
    expect(r.body).toEqual({ action: "NONE" });
  });

  it("refuses invalid edits with a reason", async () => {
    await expect(updateEgressPolicy(t.db, policyEditFromForm(form({ comment: "" })), {})).rejects.toThrow(/say why/);
    await expect(updateEgressPolicy(t.db, policyEditFromForm(form({ allowedFingerprints: "abc" })), {})).rejects.toThrow(/64 hex/);
    await expect(updateEgressPolicy(t.db, policyEditFromForm(form({ logOnlyTypes: ["nonsense"] })), {})).rejects.toThrow(/unknown finding type/);
  });

  it("counts decisions of the last 30 days", async () => {
    const c = await decisionCounts(t.db);
    expect(c).toMatchObject({ none: 1, blocked: 0, intervened: 0, errors: 0, total: 1 });
  });

  it("the LiteLLM snippet points api_base at /api/guardrail", () => {
    const s = litellmConfigSnippet("https://evidence.example.com/");
    expect(s).toContain("guardrail: generic_guardrail_api");
    expect(s).toContain("api_base: https://evidence.example.com/api/guardrail\n");
    expect(s).toContain("mode: pre_call");
  });
});
