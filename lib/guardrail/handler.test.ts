import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiToken, revokeApiToken } from "../auth/api-tokens";
import { createTestDatabase, type TestDatabase } from "../db/test-database";
import { ingestValues } from "../ingest/gateway-ingest";
import { setSetting } from "../settings/store";
import { handleGuardrailRequest, MAX_GUARDRAIL_BODY_BYTES, type HandlerOptions } from "./handler";
import { invalidatePolicyCache } from "./policy";
import { linkGuardrailDecisions } from "./store";
import { clearGuardrailTokenCache } from "./token-cache";

// fake but valid-looking values: none may appear anywhere in a stored decision
const SSN = "536-22-8146";
const CARD = "4556 7375 8689 9855";
const AWS = "AKIAZ3MHALF7QDEMO7XQ";
const EMAIL = "jordan.lee@customer-mail.com";

let t: TestDatabase;
let token: string;
let ingestToken: string;
const opts: HandlerOptions = { policyTtlMs: 0 };

beforeAll(async () => {
  t = await createTestDatabase();
  token = (await createApiToken(t.db, "GUARDRAIL", "litellm-prod", null)).token;
  ingestToken = (await createApiToken(t.db, "INGEST", "litellm-logs", null)).token;
});
afterAll(async () => t?.drop());
beforeEach(() => invalidatePolicyCache());

/** A request body in the shape LiteLLM's GenericGuardrailAPIRequest.model_dump() sends. */
function litellmBody(over: Record<string, unknown> = {}) {
  return {
    texts: ["You are a coding assistant.", "Refactor the retry logic in src/payments/charge.ts"],
    images: null,
    tools: [{ type: "function", function: { name: "read_file", description: "Read a file", parameters: { type: "object", properties: { path: { type: "string" } } } } }],
    tool_calls: null,
    structured_messages: [
      { role: "system", content: "You are a coding assistant." },
      { role: "user", content: "Refactor the retry logic in src/payments/charge.ts" },
    ],
    request_data: {
      user_api_key_hash: "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
      user_api_key_alias: "alice-laptop",
      user_api_key_user_id: "alice",
      user_api_key_user_email: "alice@demo.example",
      user_api_key_team_id: "team-engineering",
    },
    input_type: "request",
    litellm_call_id: `call-${Math.random().toString(36).slice(2)}`,
    litellm_trace_id: "trace-1",
    additional_provider_specific_params: {},
    ...over,
  };
}

async function post(body: unknown, o: { auth?: string | null; apiKey?: string; handler?: HandlerOptions } = {}) {
  const bodyText = typeof body === "string" ? body : JSON.stringify(body);
  return handleGuardrailRequest(
    t.db,
    { authorization: o.auth === undefined ? `Bearer ${token}` : o.auth, apiKey: o.apiKey ?? null, bodyText, contentLength: Buffer.byteLength(bodyText) },
    o.handler ?? opts,
  );
}

async function decisionFor(callId: string) {
  const rows = await t.db.guardrailDecision.findMany({ where: { callId }, orderBy: { decidedAt: "asc" } });
  expect(rows.length).toBeGreaterThan(0);
  return rows[rows.length - 1]!;
}

describe("authentication and input checks", () => {
  it("401 without a token, with an unknown one, or with an ingest token", async () => {
    for (const auth of [null, "Bearer aise_grd_nope", `Bearer ${ingestToken}`, token]) {
      const r = await post(litellmBody(), { auth });
      expect(r.status).toBe(401);
    }
  });

  it("caches a verified token for a few seconds; a revoked one is refused once the cache expires", async () => {
    const extra = await createApiToken(t.db, "GUARDRAIL", "short-lived", null);
    const call = (ttl?: number) =>
      handleGuardrailRequest(t.db, { authorization: `Bearer ${extra.token}`, bodyText: JSON.stringify({ input_type: "request", texts: ["hi"] }), contentLength: null }, { tokenTtlMs: ttl });
    expect((await call()).status).toBe(200);
    await revokeApiToken(t.db, extra.id);
    expect((await call()).status).toBe(200); // still cached
    expect((await call(0)).status).toBe(401);
    clearGuardrailTokenCache(t.db);
    expect((await call()).status).toBe(401);
  });

  it("accepts the token as x-api-key (litellm_params.api_key)", async () => {
    const r = await post(litellmBody(), { auth: null, apiKey: token });
    expect(r).toEqual({ status: 200, body: { action: "NONE" } });
  });

  it("413 over the size limit, by header or by length, before parsing", async () => {
    const r1 = await handleGuardrailRequest(t.db, { authorization: `Bearer ${token}`, bodyText: "{", contentLength: MAX_GUARDRAIL_BODY_BYTES + 1 }, opts);
    expect(r1.status).toBe(413);
    const big = JSON.stringify(litellmBody({ texts: ["x".repeat(MAX_GUARDRAIL_BODY_BYTES)] }));
    const r2 = await handleGuardrailRequest(t.db, { authorization: `Bearer ${token}`, bodyText: big, contentLength: null }, opts);
    expect(r2.status).toBe(413);
  });

  it("400 with a reason for bodies LiteLLM would not send", async () => {
    const cases: [unknown, RegExp][] = [
      ["", /empty body/],
      [`{"texts": ["SSN ${SSN}"`, /not valid JSON/],
      [[1, 2], /JSON object/],
      [{ texts: ["hi"] }, /input_type/],
      [litellmBody({ input_type: "prompt" }), /input_type must be "request" or "response"/],
      [litellmBody({ texts: [1, 2] }), /texts/],
      [litellmBody({ request_data: "alice" }), /request_data/],
    ];
    for (const [body, reason] of cases) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect((r.body as { error: string }).error).toMatch(reason);
      // the reason never echoes the body
      expect(JSON.stringify(r.body)).not.toContain(SSN);
    }
  });

  it("tolerates unknown fields and minimal bodies", async () => {
    expect(await post({ input_type: "response", texts: ["ok"], some_future_field: { a: 1 } })).toEqual({ status: 200, body: { action: "NONE" } });
    expect(await post({ input_type: "request" })).toEqual({ status: 200, body: { action: "NONE" } });
  });
});

describe("decisions", () => {
  it("passes a clean prompt and stores a NONE decision with its metadata", async () => {
    const body = litellmBody();
    const r = await post(body);
    expect(r).toEqual({ status: 200, body: { action: "NONE" } });
    const d = await decisionFor(body.litellm_call_id);
    expect(d).toMatchObject({
      action: "NONE", inputType: "request", traceId: "trace-1", types: [], error: null, maxClassification: null,
      apiKeyHash: body.request_data.user_api_key_hash, apiKeyAlias: "alice-laptop", proxyUserId: "alice",
    });
    expect(d.tokenId).toBeTruthy();
    expect(d.latencyMs).toBeGreaterThan(0);
  });

  it("blocks an SSN in a LiteLLM chat request and stores the decision without the text", async () => {
    const prompt = `Employee SSN ${SSN} fails validation in the HR export, card ${CARD}`;
    const body = litellmBody({
      texts: ["You are a coding assistant.", prompt],
      structured_messages: [{ role: "system", content: "You are a coding assistant." }, { role: "user", content: prompt }],
    });
    const r = await post(body);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ action: "BLOCKED" });
    const reason = (r.body as { blocked_reason: string }).blocked_reason;
    expect(reason).toContain("a US SSN (***-**-8146) in message 2");
    expect(reason).toContain("/policy");

    const d = await decisionFor(body.litellm_call_id);
    expect(d.action).toBe("BLOCKED");
    expect(d.types).toEqual(["credit_card", "us_ssn"]);
    expect(d.maxClassification).toBe("RESTRICTED");
    const findings = d.findings as { type: string; excerpt: string; fingerprint: string; location: string; disposition: string }[];
    // the structured_messages copy of the same text is not counted twice
    expect(findings).toHaveLength(2);
    expect(findings.map((f) => f.location)).toEqual(["texts[1]", "texts[1]"]);
    expect(findings.every((f) => f.disposition === "blocked" && /^[0-9a-f]{64}$/.test(f.fingerprint))).toBe(true);
    const json = JSON.stringify(d);
    for (const secret of [SSN, CARD, "536228146", "4556737586899855", "fails validation", "HR export"]) expect(json).not.toContain(secret);
  });

  it("scans tool-call arguments and system prompts that are not in texts[]", async () => {
    const body = litellmBody({
      texts: ["please deploy"],
      structured_messages: [{ role: "system", content: `deploy with ${AWS}` }, { role: "user", content: "please deploy" }],
      tool_calls: [{ id: "call_1", type: "function", function: { name: "send_mail", arguments: JSON.stringify({ to: EMAIL }) } }],
    });
    const r = await post(body);
    expect(r.body).toMatchObject({ action: "BLOCKED" });
    const reason = (r.body as { blocked_reason: string }).blocked_reason;
    expect(reason).toContain("an AWS access key (AKIA************O7XQ) in message 1");
    expect(reason).toContain("an email address (j***@c***.com) in the arguments of tool call 1");
    const d = await decisionFor(body.litellm_call_id);
    expect(JSON.stringify(d)).not.toContain(AWS);
    expect(JSON.stringify(d)).not.toContain(EMAIL);
  });

  it("checks the response direction", async () => {
    const body = litellmBody({ input_type: "response", texts: [`The customer's SSN is ${SSN}.`], structured_messages: null, tools: null });
    const r = await post(body);
    expect(r.body).toMatchObject({ action: "BLOCKED" });
    expect((r.body as { blocked_reason: string }).blocked_reason).toContain("response part 1");
    expect((await decisionFor(body.litellm_call_id)).inputType).toBe("response");
  });

  it("masks when the policy says mask, and reads a policy change after invalidation", async () => {
    await setSetting(t.db, "policy.guardrailActions", { RESTRICTED: "block", CONFIDENTIAL: "mask", INTERNAL: "log", PUBLIC: "log" }, null, "test");
    invalidatePolicyCache();
    try {
      const body = litellmBody({ texts: ["sys", `mail the report to ${EMAIL} today`], structured_messages: null });
      const r = await post(body);
      expect(r).toEqual({ status: 200, body: { action: "GUARDRAIL_INTERVENED", texts: ["sys", "mail the report to j***@c***.com today"] } });
      const d = await decisionFor(body.litellm_call_id);
      expect(d.action).toBe("GUARDRAIL_INTERVENED");
      expect(JSON.stringify(d)).not.toContain(EMAIL);
    } finally {
      await setSetting(t.db, "policy.guardrailActions", { RESTRICTED: "block", CONFIDENTIAL: "block", INTERNAL: "log", PUBLIC: "log" }, null, "test");
      invalidatePolicyCache();
    }
  });

  it("lets allow-listed fingerprints and known test data through", async () => {
    const first = litellmBody({ texts: [`card ${CARD}`], structured_messages: null });
    await post(first);
    const fp = ((await decisionFor(first.litellm_call_id)).findings as { fingerprint: string }[])[0]!.fingerprint;
    await setSetting(t.db, "policy.allowedFingerprints", [fp], null, "known QA card");
    invalidatePolicyCache();
    try {
      const again = litellmBody({ texts: [`card ${CARD}`], structured_messages: null });
      expect((await post(again)).body).toEqual({ action: "NONE" });
      const d = await decisionFor(again.litellm_call_id);
      expect((d.findings as { disposition: string }[])[0]!.disposition).toBe("allowed-fingerprint");
      expect((await post(litellmBody({ texts: ["try 4111 1111 1111 1111"], structured_messages: null }))).body).toEqual({ action: "NONE" });
    } finally {
      await setSetting(t.db, "policy.allowedFingerprints", [], null, "test");
      invalidatePolicyCache();
    }
  });
});

describe("fail mode", () => {
  const broken: HandlerOptions = {
    policyTtlMs: 0,
    scan: () => {
      throw new Error(`detector crashed near ${SSN}`);
    },
  };

  it("fails closed by default: BLOCKED with a reason, stored with the error (scrubbed)", async () => {
    const body = litellmBody();
    const r = await post(body, { handler: broken });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ action: "BLOCKED" });
    expect((r.body as { blocked_reason: string }).blocked_reason).toMatch(/filter failed/);
    const d = await decisionFor(body.litellm_call_id);
    expect(d.action).toBe("BLOCKED");
    expect(d.error).toMatch(/^fail closed: Error: detector crashed near \[REDACTED:us_ssn\]/);
    expect(JSON.stringify(d)).not.toContain(SSN);
  });

  it("fails open when the policy says so: NONE, stored with the error", async () => {
    await setSetting(t.db, "policy.failMode", "open", null, "test");
    invalidatePolicyCache();
    try {
      const body = litellmBody();
      expect(await post(body, { handler: broken })).toEqual({ status: 200, body: { action: "NONE" } });
      const d = await decisionFor(body.litellm_call_id);
      expect(d.action).toBe("NONE");
      expect(d.error).toMatch(/^fail open:/);
    } finally {
      await setSetting(t.db, "policy.failMode", "closed", null, "test");
      invalidatePolicyCache();
    }
  });
});

describe("joining the gateway event with the same call id", () => {
  function gatewayRecord(callId: string, startTime: number) {
    return {
      id: callId,
      startTime,
      endTime: startTime + 2,
      status: "success",
      model: "claude-sonnet-4-5",
      custom_llm_provider: "anthropic",
      metadata: { user_api_key_hash: "hash-1", user_api_key_alias: "alice-laptop", user_api_key_user_id: "alice" },
      messages: [{ role: "user", content: "Refactor the retry loop" }],
      response: { choices: [{ message: { role: "assistant", content: "ok" } }] },
    };
  }
  const ingest = (records: unknown[]) =>
    ingestValues(t.db, "litellm", "test", records.map((value, i) => ({ lineNumber: i + 1, value })), "sha");

  it("decision first, event ingested later: the ingest joins them (linkGuardrailDecisions)", async () => {
    const body = litellmBody({ texts: [`SSN ${SSN}`], structured_messages: null });
    expect((await post(body)).body).toMatchObject({ action: "BLOCKED" });
    const run = await ingest([gatewayRecord(body.litellm_call_id, 1_793_100_000)]);
    const d = await decisionFor(body.litellm_call_id);
    const after = await t.db.aiEvent.findFirstOrThrow({ where: { callId: body.litellm_call_id } });
    expect(after.guardrailDecisionId).toBe(d.id);
    expect(after.gatewayAction).toBe("BLOCKED");
    // idempotent, and an ingest that stored nothing links nothing
    expect(await linkGuardrailDecisions(t.db, { from: run.from, to: run.to })).toBe(0);
    expect(await linkGuardrailDecisions(t.db, { from: null, to: null })).toBe(0);
  });

  it("event first, decision later: the endpoint links it at once", async () => {
    const callId = `call-late-${Date.now()}`;
    await ingest([gatewayRecord(callId, 1_793_200_000)]);
    const event = await t.db.aiEvent.findFirstOrThrow({ where: { callId } });
    expect(event.gatewayAction).toBe("PASSED");

    // a response-direction NONE links but does not change the action
    await post(litellmBody({ litellm_call_id: callId, input_type: "response", texts: ["ok"], structured_messages: null }));
    const afterResponse = await t.db.aiEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(afterResponse.guardrailDecisionId).not.toBeNull();
    expect(afterResponse.gatewayAction).toBe("PASSED");

    // a request-direction block outranks it and marks the event BLOCKED
    await post(litellmBody({ litellm_call_id: callId, texts: [`key ${AWS}`], structured_messages: null }));
    const blocked = await t.db.guardrailDecision.findFirstOrThrow({ where: { callId, action: "BLOCKED" } });
    const afterBlock = await t.db.aiEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(afterBlock.guardrailDecisionId).toBe(blocked.id);
    expect(afterBlock.gatewayAction).toBe("BLOCKED");

    // a later, less severe decision does not take the link over; the batch join agrees
    await post(litellmBody({ litellm_call_id: callId, texts: ["fine"], structured_messages: null }));
    expect((await t.db.aiEvent.findUniqueOrThrow({ where: { id: event.id } })).guardrailDecisionId).toBe(blocked.id);
    expect(await linkGuardrailDecisions(t.db)).toBe(0);
  });

  it("a call our guardrail refused, logged by LiteLLM as a plain failure, becomes BLOCKED", async () => {
    const body = litellmBody({ texts: [`card ${CARD}`], structured_messages: null });
    await post(body);
    const failed = { ...gatewayRecord(body.litellm_call_id, 1_793_250_000), status: "failure", response: {} };
    const run = await ingest([failed]);
    expect(await linkGuardrailDecisions(t.db, { from: run.from, to: run.to })).toBe(0);
    expect((await t.db.aiEvent.findFirstOrThrow({ where: { callId: body.litellm_call_id } })).gatewayAction).toBe("BLOCKED");
  });

  it("a masked request marks a passed event MASKED", async () => {
    const callId = `call-mask-${Date.now()}`;
    await setSetting(t.db, "policy.guardrailActions", { RESTRICTED: "block", CONFIDENTIAL: "mask", INTERNAL: "log", PUBLIC: "log" }, null, "test");
    invalidatePolicyCache();
    try {
      await post(litellmBody({ litellm_call_id: callId, texts: [`mail ${EMAIL}`], structured_messages: null }));
    } finally {
      await setSetting(t.db, "policy.guardrailActions", { RESTRICTED: "block", CONFIDENTIAL: "block", INTERNAL: "log", PUBLIC: "log" }, null, "test");
      invalidatePolicyCache();
    }
    await ingest([gatewayRecord(callId, 1_793_300_000)]);
    expect((await t.db.aiEvent.findFirstOrThrow({ where: { callId } })).gatewayAction).toBe("MASKED");
  });
});
