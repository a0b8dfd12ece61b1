import { describe, expect, it } from "vitest";
import { sha256Hex } from "./canonical";
import { parseGenericRecord } from "./generic";
import { expectOnlyInTexts, okEvent, textAt } from "./fixtures/helpers";

const full = {
  id: "req_01HZX3K9",
  timestamp: "2025-05-06T10:11:12.345+02:00",
  user: "frank",
  user_email: "frank@example.com",
  api_key_id: "frank-vscode",
  model: "claude-sonnet-4-5",
  provider: "anthropic",
  tool: "claude-code",
  repository: "acme/billing",
  status: "success",
  action: "masked",
  prompt_tokens: 1200,
  completion_tokens: 80,
  cost_usd: 0.0048,
  messages: [
    { role: "system", content: "You are a careful engineer." },
    { role: "user", content: "why does IBAN DE89 3704 0044 0532 0130 00 fail validation?" },
  ],
  response: "The IBAN checksum is fine; the bank code table is outdated.",
  tool_calls: [
    { server: "github", tool: "search_code", arguments: { query: "iban validator" } },
    { tool: "web_fetch", arguments: '{"url":"https://www.iban-registry.example/de"}' },
  ],
};

describe("parseGenericRecord", () => {
  it("parses the documented schema", () => {
    const e = okEvent(parseGenericRecord(full));
    expect(e).toMatchObject({
      source: "generic",
      naturalKey: "req_01HZX3K9",
      callId: "req_01HZX3K9",
      status: "success",
      gatewayAction: "MASKED",
      guardrailStatus: "masked",
      model: "claude-sonnet-4-5",
      provider: "anthropic",
      apiKeyHash: null,
      apiKeyAlias: "frank-vscode",
      proxyUserId: "frank",
      proxyUserEmail: "frank@example.com",
      repository: "acme/billing",
      clientTool: "claude-code",
      promptTokens: 1200,
      completionTokens: 80,
      cost: 0.0048,
      hasPayload: true,
    });
    expect(e.occurredAt.toISOString()).toBe("2025-05-06T08:11:12.345Z");
    expect(textAt(e, "messages[1].content")).toMatch(/DE89 3704/);
    expect(textAt(e, "response")).toMatch(/bank code table/);
    expect(textAt(e, "tool_calls[0].arguments")).toBe('{"query":"iban validator"}');
    expect(e.toolCalls).toEqual([
      { server: "github", tool: "search_code", destination: null },
      { server: null, tool: "web_fetch", destination: "www.iban-registry.example" },
    ]);
    expectOnlyInTexts(e, ["DE89 3704 0044 0532 0130 00", "bank code table", "iban validator", "careful engineer"]);
  });

  it("needs only id and timestamp", () => {
    const e = okEvent(parseGenericRecord({ id: "a1", timestamp: "2025-05-06T10:11:12Z" }));
    expect(e.gatewayAction).toBe("UNKNOWN");
    expect(e.hasPayload).toBe(false);
    expect(e.status).toBeNull();
    expect(e.tags).toEqual([]);
  });

  it("derives the action from status when action is absent", () => {
    expect(okEvent(parseGenericRecord({ id: "a", timestamp: "2025-05-06T10:11:12Z", status: "failure" })).gatewayAction).toBe("FAILED");
    expect(okEvent(parseGenericRecord({ id: "a", timestamp: "2025-05-06T10:11:12Z", status: "success" })).gatewayAction).toBe("PASSED");
    expect(okEvent(parseGenericRecord({ id: "a", timestamp: "2025-05-06T10:11:12Z", action: "blocked", status: "failure" })).gatewayAction).toBe(
      "BLOCKED",
    );
  });

  it("stores a key hash as a hash and a raw key only as its SHA-256", () => {
    const hash = "c0ffee".repeat(10) + "abcd";
    expect(okEvent(parseGenericRecord({ id: "a", timestamp: "2025-05-06T10:11:12Z", api_key_id: hash })).apiKeyHash).toBe(hash);
    const raw = okEvent(parseGenericRecord({ id: "a", timestamp: "2025-05-06T10:11:12Z", api_key_id: "sk-proj-abcdefghijklmnop" }));
    expect(raw.apiKeyHash).toBe(sha256Hex("sk-proj-abcdefghijklmnop"));
    expect(raw.apiKeyAlias).toBeNull();
    expect(JSON.stringify(raw)).not.toContain("sk-proj-abcdefghijklmnop");
  });

  it("gives clear reasons", () => {
    const reason = (v: unknown) => {
      const r = parseGenericRecord(v);
      return r.ok ? "ok" : r.reason;
    };
    const { timestamp: _t, ...noTimestamp } = full;
    expect(reason(noTimestamp)).toBe("timestamp: required");
    expect(reason({ ...full, timestamp: "06/05/2025 10:11" })).toBe("timestamp: invalid ISO-8601 date (expected e.g. 2025-05-01T12:34:56Z)");
    expect(reason({ ...full, timestamp: "2025-02-30T10:11:12Z" })).toBe("timestamp: invalid ISO-8601 date (expected e.g. 2025-05-01T12:34:56Z)");
    expect(reason({ ...full, timestamp: "2025-05-06T10:11:12" })).toBe(
      "timestamp: invalid ISO-8601 date: a time zone (Z or ±hh:mm) is required",
    );
    const { id: _i, ...noId } = full;
    expect(reason(noId)).toBe("id: required");
    expect(reason({ ...full, id: "" })).toBe("id: must not be empty");
    expect(reason({ ...full, status: "ok" })).toBe('status: expected "success" or "failure"');
    expect(reason({ ...full, action: "allowed" })).toBe('action: expected "passed", "blocked" or "masked"');
    expect(reason({ ...full, prompt_tokens: -1 })).toBe("prompt_tokens: must be ≥ 0");
    expect(reason({ ...full, prompt_tokens: 1.5 })).toBe("prompt_tokens: expected an integer");
    expect(reason({ ...full, repository: "billing" })).toBe('repository: expected "owner/name"');
    expect(reason({ ...full, messages: [{ content: "secret 078-05-1120" }] })).toBe("messages[0].role: required");
    expect(reason({ ...full, messages: "hello" })).toBe("messages: expected a list of {role, content}");
    expect(reason({ ...full, tool_calls: [{ server: "x" }] })).toBe("tool_calls[0].tool: required");
    expect(reason({ ...full, response: { text: "secret" } })).toBe("response: expected a string");
    expect(reason("not an object")).toBe("expected a JSON object, got a string");
  });
});
