import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/test-database";
import { getSettings } from "../../settings/store";
import { ALL_SETTING_KEYS } from "../evaluate";
import { commit, event, period, person, repository, setup, sha, T } from "../test-fixtures";
import type { PeriodScope, Settings } from "../types";
import { dc1 } from "./dc-1";
import { dc2 } from "./dc-2";
import { dc3 } from "./dc-3";
import { la1 } from "./la-1";
import { la2 } from "./la-2";
import { la3 } from "./la-3";

let t: TestDatabase;
let scope: PeriodScope;
let settings: Settings;
const inPeriod = T("2026-03-03T10:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase();
  await setup(t.db);
  const p = await period(t.db);
  scope = { id: p.id, name: p.name, start: p.start, end: p.end, state: "OPEN" };
  settings = (await getSettings(t.db, ALL_SETTING_KEYS)) as Settings;
});
afterAll(async () => t?.drop());

describe("LA-1 tool register", () => {
  it("reports shadow tools and incomplete or stale register entries", async () => {
    const complete = { registered: true, contractType: "Enterprise", zeroDataRetention: true, trainingOnInputs: false, incidentContact: "security@vendor.test" };
    await t.db.aiTool.create({ data: { key: "anthropic", vendor: "Anthropic", product: "Anthropic API", firstSeenAt: T("2025-06-01T00:00:00Z"), soc2ReportDate: T("2026-02-01T00:00:00Z"), ...complete } });
    await t.db.aiTool.create({ data: { key: "openai", vendor: "OpenAI", product: "OpenAI API", firstSeenAt: T("2026-01-05T00:00:00Z"), soc2ReportDate: T("2025-01-01T00:00:00Z"), ...complete } });
    await t.db.aiTool.create({ data: { key: "cursor", vendor: "Anysphere", product: "Cursor", firstSeenAt: T("2026-02-01T00:00:00Z") } });
    await t.db.aiTool.create({ data: { key: "later", vendor: "Later", product: "Later", firstSeenAt: T("2026-09-01T00:00:00Z") } });
    await event(t.db, { occurredAt: inPeriod, toolKey: "cursor" });
    const r = await repository(t.db);
    await commit(t.db, r.id, { sha: sha("aider"), committedAt: inPeriod, aiAssisted: true, aiTools: ["aider"] });

    const out = await la1.evaluate(t.db, scope, settings);
    const byKey = new Map(out.exceptions.map((e) => [e.itemKey, e.summary]));
    expect(out.populationSize).toBe(4); // anthropic, openai, cursor, aider — not "later"
    expect(byKey.has("tool:anthropic")).toBe(false);
    expect(byKey.get("tool:openai")).toMatch(/older than 12 months/);
    expect(byKey.get("tool:cursor")).toMatch(/Shadow tool/);
    expect(byKey.get("tool:aider")).toMatch(/Shadow tool/);
  });
});

describe("LA-2 agent identities and LA-3 tool calls", () => {
  beforeAll(async () => {
    const owner = await person(t.db, "Olivia Owner", []);
    const scopeOf = { registered: true, ownerPersonId: owner.id, purpose: "coding agent", allowedModels: ["claude-*"], allowedMcpServers: ["github"], allowedTools: ["github/*", "Bash"] };
    await t.db.agentIdentity.create({ data: { credential: "k-good", ...scopeOf } });
    await t.db.agentIdentity.create({ data: { credential: "k-shared", ...scopeOf } });
    await t.db.agentIdentity.create({ data: { credential: "k-expired", ...scopeOf, expiresAt: T("2026-03-01T00:00:00Z") } });
    await t.db.agentIdentity.create({ data: { credential: "k-model", ...scopeOf } });
    await t.db.agentIdentity.create({ data: { credential: "k-unreg", registered: false } });
    await event(t.db, {
      occurredAt: inPeriod, apiKeyHash: "k-good", proxyUserId: "u1", model: "claude-sonnet-4",
      toolCalls: [
        { server: "github", tool: "create_issue", destination: "https://api.github.com/repos" },
        { server: null, tool: "Bash" },
        { server: "slack", tool: "post_message" },
        { server: "github", tool: "create_issue", destination: "https://evil.example.com/upload" },
      ],
    });
    await event(t.db, { occurredAt: inPeriod, apiKeyHash: "k-shared", proxyUserId: "u1" });
    await event(t.db, { occurredAt: inPeriod, apiKeyHash: "k-shared", proxyUserId: "u2" });
    await event(t.db, { occurredAt: T("2026-02-20T00:00:00Z"), apiKeyHash: "k-expired", proxyUserId: "u1" });
    await event(t.db, { occurredAt: inPeriod, apiKeyHash: "k-expired", proxyUserId: "u1" });
    await event(t.db, { occurredAt: inPeriod, apiKeyHash: "k-model", proxyUserId: "u1", model: "gpt-4o" });
    await event(t.db, { occurredAt: inPeriod, apiKeyHash: "k-unreg", proxyUserId: "u3", toolCalls: [{ server: null, tool: "Bash" }] });
  });

  it("LA-2: unregistered, shared, expired and out-of-scope credentials", async () => {
    const out = await la2.evaluate(t.db, scope, settings);
    const byKey = new Map(out.exceptions.map((e) => [e.itemKey, e]));
    expect(out.populationSize).toBe(5);
    expect(byKey.has("identity:k-good")).toBe(false);
    expect(byKey.get("identity:k-shared")?.summary).toMatch(/used by 2 gateway users/);
    expect(byKey.get("identity:k-expired")?.summary).toMatch(/1 times after its expiry/);
    expect(byKey.get("identity:k-expired")?.occurredAt).toEqual(inPeriod);
    expect(byKey.get("identity:k-model")?.summary).toMatch(/models outside its scope \(gpt-4o\)/);
    expect(byKey.get("identity:k-unreg")?.summary).toMatch(/not registered/);
  });

  it("LA-3: servers, tools and destinations outside the identity's scope", async () => {
    const out = await la3.evaluate(t.db, scope, settings);
    expect(out.populationSize).toBe(5);
    const summaries = out.exceptions.map((e) => e.summary).sort();
    expect(summaries).toHaveLength(3);
    expect(summaries.some((s) => /slack .*outside the identity's allowed servers/.test(s))).toBe(true);
    expect(summaries.some((s) => /evil\.example\.com, which is not on the destination allow-list/.test(s))).toBe(true);
    expect(summaries.some((s) => /unregistered credential/.test(s))).toBe(true);
  });
});

describe("DC-1, DC-2, DC-3 prompt content", () => {
  let ids: Record<string, string>;
  beforeAll(async () => {
    const p2 = await period(t.db, "DC", T("2027-01-01T00:00:00Z"), T("2027-02-01T00:00:00Z"));
    scope = { id: p2.id, name: p2.name, start: p2.start, end: p2.end, state: "OPEN" };
    const at = T("2027-01-10T10:00:00Z");
    const restricted = [{ type: "aws_access_key", classification: "RESTRICTED" as const }];
    const mk = async (e: Omit<Parameters<typeof event>[1], "occurredAt">) => (await event(t.db, { ...e, occurredAt: at })).id.toString();
    ids = {
      passed: await mk({ findings: restricted, gatewayAction: "PASSED", guardrailStatus: "success" }),
      blocked: await mk({ findings: restricted, gatewayAction: "BLOCKED", guardrailStatus: "guardrail_intervened" }),
      masked: await mk({ findings: [{ type: "email", classification: "CONFIDENTIAL" }], gatewayAction: "MASKED" }),
      testCard: await mk({ findings: [{ type: "credit_card", classification: "RESTRICTED", testData: true }], gatewayAction: "PASSED" }),
      internal: await mk({ findings: [{ type: "internal_host", classification: "INTERNAL" }], gatewayAction: "PASSED" }),
      intervenedButPassed: await mk({ findings: restricted, gatewayAction: "UNKNOWN", guardrailStatus: "guardrail_intervened" }),
      clean: await mk({}),
      noPayload: await mk({ hasPayload: false, source: "cloudflare" }),
      noPayload2: await mk({ hasPayload: false, source: "cloudflare" }),
      noPayload3: await mk({ hasPayload: false, source: "litellm-db" }),
    };
  });

  it("DC-1: a Restricted event that passed is an exception; blocked, masked, test data and Internal are not", async () => {
    const out = await dc1.evaluate(t.db, scope, settings);
    const keys = out.exceptions.map((e) => e.itemKey).sort();
    expect(keys).toEqual([`event:${ids.intervenedButPassed}`, `event:${ids.passed}`].sort());
    expect(out.exceptions.find((e) => e.itemKey === `event:${ids.passed}`)?.summary).toMatch(/^Restricted data \(aws_access_key\) reached/);
    // blocked, masked, passed, intervened: test data and Internal findings are outside the population
    expect(out.populationSize).toBe(4);
    expect(out.result).toBe("FAIL");
  });

  it("DC-1: an override raises a type's level; allowing test data off counts test cards", async () => {
    const out = await dc1.evaluate(t.db, scope, { ...settings, "policy.allowTestData": false, "policy.classificationOverrides": { internal_host: "CONFIDENTIAL" } });
    const keys = out.exceptions.map((e) => e.itemKey);
    expect(keys).toContain(`event:${ids.testCard}`);
    expect(keys).toContain(`event:${ids.internal}`);
  });

  it("DC-2: findings the gateway's filter did not act on are gaps; population is the events with payload", async () => {
    const out = await dc2.evaluate(t.db, scope, settings);
    expect(out.exceptions.map((e) => e.itemKey)).toEqual([`event:${ids.passed}`]);
    expect(out.exceptions[0].summary).toMatch(/Gap in the gateway filter/);
    expect(out.populationSize).toBe(7);
  });

  it("DC-3: events without payload are counted per source as coverage gaps", async () => {
    const out = await dc3.evaluate(t.db, scope, settings);
    expect(out.result).toBe("FAIL");
    expect(out.populationSize).toBe(10);
    expect(out.exceptions.map((e) => [e.itemKey, e.details.unverifiable])).toEqual([
      ["coverage:cloudflare", 2],
      ["coverage:litellm-db", 1],
    ]);
    expect(out.metrics).toMatchObject({ events: 10, unverifiable: 3 });
  });
});
