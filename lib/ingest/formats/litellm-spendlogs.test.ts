import { describe, expect, it } from "vitest";
import { parseSpendLogRow } from "./litellm-spendlogs";
import { expectOnlyInTexts, okEvent, textAt } from "./fixtures/helpers";

/** A row as node-postgres returns it from "LiteLLM_SpendLogs" with prompts not stored. */
const metadataOnlyRow = {
  request_id: "chatcmpl-7e6d5c4b-3a29-4181-9f0e-1d2c3b4a5968",
  call_type: "acompletion",
  api_key: "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
  spend: 0.00318,
  total_tokens: 1804,
  prompt_tokens: 1650,
  completion_tokens: 154,
  startTime: new Date("2025-05-02T08:30:00.125Z"),
  endTime: new Date("2025-05-02T08:30:02.500Z"),
  completionStartTime: new Date("2025-05-02T08:30:00.900Z"),
  model: "claude-sonnet-4-5-20250929",
  model_id: "9c1e0b9e",
  model_group: "claude-sonnet-4-5",
  custom_llm_provider: "anthropic",
  api_base: "https://api.anthropic.com/v1/messages",
  user: "alice",
  metadata: {
    user_api_key: "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
    user_api_key_alias: "alice-claude-code",
    user_api_key_team_id: "team-platform",
    user_api_key_user_id: "alice",
    user_api_key_team_alias: "platform",
    spend_logs_metadata: null,
    requester_ip_address: "10.1.2.3",
    status: "success",
    additional_usage_values: { cache_read_input_tokens: 1200 },
  },
  cache_hit: "False",
  cache_key: "Cache OFF",
  request_tags: ["User-Agent: claude-cli", "User-Agent: claude-cli/2.0.14 (external, cli)", "repository:acme/payments-api"],
  team_id: "team-platform",
  end_user: "",
  requester_ip_address: "10.1.2.3",
  messages: {},
  response: {},
  session_id: "b3a9c1e2-7d4f-4e1a-8c2b-9f0e1d2c3b4a",
  status: "success",
  proxy_server_request: {},
};

describe("parseSpendLogRow", () => {
  it("parses a metadata-only row: `{}` messages and response give hasPayload false", () => {
    const e = okEvent(parseSpendLogRow(metadataOnlyRow));
    expect(e).toMatchObject({
      source: "litellm-db",
      naturalKey: "chatcmpl-7e6d5c4b-3a29-4181-9f0e-1d2c3b4a5968",
      callId: "chatcmpl-7e6d5c4b-3a29-4181-9f0e-1d2c3b4a5968",
      traceId: "b3a9c1e2-7d4f-4e1a-8c2b-9f0e1d2c3b4a",
      status: "success",
      gatewayAction: "PASSED",
      model: "claude-sonnet-4-5",
      provider: "anthropic",
      apiKeyHash: "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
      apiKeyAlias: "alice-claude-code",
      proxyUserId: "alice",
      teamId: "team-platform",
      repository: "acme/payments-api",
      clientTool: "claude-code",
      promptTokens: 1650,
      completionTokens: 154,
      cost: 0.00318,
      hasPayload: false,
      texts: [],
      toolCalls: [],
    });
    expect(e.occurredAt.toISOString()).toBe("2025-05-02T08:30:00.125Z");
    expect(e.endedAt?.toISOString()).toBe("2025-05-02T08:30:02.500Z");
    expect(e.payloadSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("accepts JSON columns as text and timestamps as strings without a zone (UTC)", () => {
    const row = {
      ...metadataOnlyRow,
      startTime: "2025-05-02 08:30:00.125",
      endTime: "2025-05-02 08:30:02.5+00",
      metadata: JSON.stringify(metadataOnlyRow.metadata),
      request_tags: JSON.stringify(metadataOnlyRow.request_tags),
      messages: "{}",
      response: "{}",
      spend: "0.00318",
      total_tokens: 1804n,
    };
    const e = okEvent(parseSpendLogRow(row));
    expect(e.occurredAt.toISOString()).toBe("2025-05-02T08:30:00.125Z");
    expect(e.endedAt?.toISOString()).toBe("2025-05-02T08:30:02.500Z");
    expect(e.apiKeyAlias).toBe("alice-claude-code");
    expect(e.repository).toBe("acme/payments-api");
    expect(e.cost).toBe(0.00318);
    expect(e.hasPayload).toBe(false);
    // JSON columns hash the same whether the driver delivered them parsed or as text
    const asText = { ...metadataOnlyRow, metadata: JSON.stringify(metadataOnlyRow.metadata), messages: "{}", response: "{}" };
    expect(okEvent(parseSpendLogRow(asText)).payloadSha256).toBe(okEvent(parseSpendLogRow(metadataOnlyRow)).payloadSha256);
  });

  it("scans stored prompts and responses", () => {
    const e = okEvent(
      parseSpendLogRow({
        ...metadataOnlyRow,
        messages: JSON.stringify([
          { role: "system", content: "You are a coding assistant." },
          { role: "user", content: "connect with postgres://svc:Hunter2Hunter2@10.0.0.5/prod" },
        ]),
        response: {
          id: "chatcmpl-x",
          object: "chat.completion",
          choices: [{ index: 0, message: { role: "assistant", content: "Use the password Hunter2Hunter2 only locally." } }],
        },
      }),
    );
    expect(e.hasPayload).toBe(true);
    expect(textAt(e, "messages[1].content")).toMatch(/Hunter2Hunter2/);
    expect(textAt(e, "response.choices[0].message.content")).toMatch(/only locally/);
    expectOnlyInTexts(e, ["Hunter2Hunter2", "only locally"]);
  });

  it("falls back to the request body in proxy_server_request when messages are empty", () => {
    const e = okEvent(
      parseSpendLogRow({
        ...metadataOnlyRow,
        proxy_server_request: JSON.stringify({
          model: "claude-sonnet-4-5",
          system: [{ type: "text", text: "You are Claude Code." }],
          messages: [{ role: "user", content: [{ type: "text", text: "card 5555 5555 5555 4444 declined" }] }],
        }),
      }),
    );
    expect(e.hasPayload).toBe(true);
    expect(textAt(e, "proxy_server_request.system[0].text")).toBe("You are Claude Code.");
    expect(textAt(e, "proxy_server_request.messages[0].content[0].text")).toMatch(/5555 5555 5555 4444/);
    expectOnlyInTexts(e, ["5555 5555 5555 4444"]);
  });

  it("reads guardrail and MCP information from metadata", () => {
    const e = okEvent(
      parseSpendLogRow({
        ...metadataOnlyRow,
        status: "failure",
        metadata: {
          ...metadataOnlyRow.metadata,
          status: "failure",
          guardrail_information: [{ guardrail_name: "secrets", guardrail_mode: "pre_call", guardrail_status: "guardrail_intervened" }],
          error_information: { error_class: "HTTPException", error_code: "400" },
          mcp_tool_call_metadata: { name: "fetch_url", mcp_server_name: "fetch", arguments: { url: "https://paste.example.org/new" } },
        },
      }),
    );
    expect(e.status).toBe("failure");
    expect(e.gatewayAction).toBe("BLOCKED");
    expect(e.guardrailStatus).toBe("guardrail_intervened");
    expect(e.toolCalls).toEqual([{ server: "fetch", tool: "fetch_url", destination: "paste.example.org" }]);
    expect(textAt(e, "metadata.mcp_tool_call_metadata.arguments")).toBe('{"url":"https://paste.example.org/new"}');
  });

  it("hashes a raw key found in api_key", () => {
    const e = okEvent(parseSpendLogRow({ ...metadataOnlyRow, api_key: "sk-abcdefghijklmnop" }));
    expect(e.apiKeyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(e)).not.toContain("sk-abcdefghijklmnop");
  });

  it("rejects rows without request_id or time, or with wrong column types", () => {
    const { request_id: _id, ...noId } = metadataOnlyRow;
    expect(parseSpendLogRow(noId)).toEqual({ ok: false, reason: "request_id: missing" });
    expect(parseSpendLogRow({ ...metadataOnlyRow, request_id: "  " })).toEqual({ ok: false, reason: "request_id: missing or empty" });
    expect(parseSpendLogRow({ ...metadataOnlyRow, startTime: null, endTime: "not a date" })).toEqual({
      ok: false,
      reason: "no usable time: startTime and endTime are missing or not a valid time",
    });
    expect(parseSpendLogRow({ ...metadataOnlyRow, request_id: { x: 1 } })).toEqual({
      ok: false,
      reason: "request_id: expected string or number, received object",
    });
    expect(parseSpendLogRow({ ...metadataOnlyRow, metadata: "[1,2]" })).toEqual({
      ok: false,
      reason: "metadata: expected record, received array",
    });
  });
});
