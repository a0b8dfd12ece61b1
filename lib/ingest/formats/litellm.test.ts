import { describe, expect, it } from "vitest";
import { canonicalJson, sha256Hex } from "./canonical";
import { parseLiteLLMPayload } from "./litellm";
import { expectOnlyInTexts, fixture, okEvent, textAt } from "./fixtures/helpers";

describe("parseLiteLLMPayload", () => {
  it("parses a Claude Code call with Anthropic content blocks, tool_use and tool_result", () => {
    const raw = fixture("litellm-claude-code-anthropic.json");
    const e = okEvent(parseLiteLLMPayload(raw));
    expect(e.source).toBe("litellm");
    expect(e.naturalKey).toBe("chatcmpl-5f1c1d0e-1b8e-4c7a-9a51-3d2f0e9b7a11");
    expect(e.callId).toBe("5f1c1d0e-1b8e-4c7a-9a51-3d2f0e9b7a11");
    expect(e.traceId).toBe("b3a9c1e2-7d4f-4e1a-8c2b-9f0e1d2c3b4a");
    expect(e.occurredAt.toISOString()).toBe("2025-05-01T12:00:00.123Z");
    expect(e.endedAt?.toISOString()).toBe("2025-05-01T12:00:03.456Z");
    expect(e.status).toBe("success");
    expect(e.gatewayAction).toBe("PASSED");
    expect(e.guardrailStatus).toBe("not_run");
    expect(e.model).toBe("claude-sonnet-4-5");
    expect(e.provider).toBe("anthropic");
    expect(e.apiKeyHash).toBe("88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b");
    expect(e.apiKeyAlias).toBe("alice-claude-code");
    expect(e.proxyUserId).toBe("alice");
    expect(e.proxyUserEmail).toBe("alice@example.com");
    expect(e.teamId).toBe("team-platform");
    expect(e.tags).toContain("repo:acme/payments-api");
    expect(e.repository).toBe("acme/payments-api");
    expect(e.clientTool).toBe("claude-code");
    expect(e.promptTokens).toBe(5012);
    expect(e.completionTokens).toBe(222);
    expect(e.cost).toBeCloseTo(0.021336);
    expect(e.hasPayload).toBe(true);
    expect(e.payloadSha256).toBe(sha256Hex(canonicalJson(raw)));
    expect(e.payloadBytes).toBe(Buffer.byteLength(canonicalJson(raw)));

    expect(textAt(e, "messages[0].content")).toMatch(/Claude Code/);
    expect(textAt(e, "messages[1].content[0].text")).toMatch(/4111 1111 1111 1111/);
    expect(textAt(e, "messages[2].content[1].input")).toBe('{"file_path":"/home/alice/payments-api/.env"}');
    expect(textAt(e, "messages[3].content[0].content")).toMatch(/AKIAIOSFODNN7EXAMPLE/);
    expect(textAt(e, "messages[3].content[1].content[0].text")).toBe("ssn on file: 078-05-1120");
    expect(textAt(e, "response.content[0].thinking")).toMatch(/hard-coded/);
    expect(textAt(e, "response.content[1].text")).toMatch(/jane\.doe@acme-corp\.com/);
    expect(textAt(e, "response.content[2].input")).toMatch(/pastebin/);

    // tool calls made by this response (history tool_use blocks are scanned, not re-reported)
    expect(e.toolCalls).toEqual([
      { server: null, tool: "WebFetch", destination: "pastebin.com" },
      { server: "github", tool: "create_issue", destination: null },
      { server: null, tool: "Bash", destination: "hooks.slack-example.com" },
    ]);

    expectOnlyInTexts(e, [
      "4111 1111 1111 1111",
      "AKIAIOSFODNN7EXAMPLE",
      "Sup3rS3cretPw",
      "078-05-1120",
      "jane.doe@acme-corp.com",
      "summarise the incident notes",
      "Rotate leaked staging credentials",
      "The test card number is hard-coded",
    ]);
  });

  it("marks a guardrail block as BLOCKED and keeps the guardrail's copy of the prompt out", () => {
    const e = okEvent(parseLiteLLMPayload(fixture("litellm-guardrail-blocked.json")));
    expect(e.status).toBe("failure");
    expect(e.gatewayAction).toBe("BLOCKED");
    expect(e.guardrailStatus).toBe("guardrail_intervened");
    expect(e.clientTool).toBe("cursor");
    expect(e.repository).toBe("acme/growth-web");
    expect(e.hasPayload).toBe(true);
    expect(e.texts).toEqual([{ location: "messages[0].content", text: expect.stringContaining("078-05-1120") }]);
    expectOnlyInTexts(e, ["078-05-1120", "Jane Roe", "1984-02-11"]);
  });

  it("has no payload when messages and response are redacted, empty or absent", () => {
    const e = okEvent(parseLiteLLMPayload(fixture("litellm-no-payload.json")));
    expect(e.hasPayload).toBe(false);
    expect(e.texts).toEqual([]);
    expect(e.occurredAt.toISOString()).toBe("2025-05-03T09:15:00.250Z");
    expect(e.clientTool).toBe("aider");
    // a raw virtual key in the hash field is hashed, never stored
    expect(e.apiKeyHash).toBe(sha256Hex("sk-1234567890abcdefghij"));
    expect(JSON.stringify(e)).not.toContain("sk-1234567890abcdefghij");

    for (const empty of [{}, [], "", "redacted-by-litellm", null, undefined]) {
      const r = okEvent(parseLiteLLMPayload({ id: "x", startTime: 1746100800, status: "success", messages: empty, response: empty }));
      expect(r.hasPayload).toBe(false);
    }
  });

  it("classifies guardrail outcomes", () => {
    const base = { id: "g", startTime: 1746100800 };
    const action = (extra: Record<string, unknown>) => okEvent(parseLiteLLMPayload({ ...base, ...extra })).gatewayAction;
    expect(action({ status: "success" })).toBe("PASSED");
    expect(action({ status: "failure", error_information: { error_class: "RateLimitError", error_code: "429" } })).toBe("FAILED");
    expect(action({ status: "failure", error_str: "Violated guardrail policy" })).toBe("BLOCKED");
    expect(action({ status_fields: { llm_api_status: "failure", guardrail_status: "guardrail_intervened" } })).toBe("BLOCKED");
    expect(action({ status: "success", guardrail_information: [{ guardrail_name: "g", guardrail_status: "blocked" }] })).toBe("BLOCKED");
    expect(
      action({
        status: "success",
        guardrail_information: [{ guardrail_name: "presidio", guardrail_status: "guardrail_intervened", masked_entity_count: { CREDIT_CARD: 1 } }],
      }),
    ).toBe("MASKED");
    expect(action({ status: "success", guardrail_information: { guardrail_name: "p", guardrail_status: "guardrail_intervened" } })).toBe("MASKED");
    expect(action({ status: "success", guardrail_information: [{ guardrail_status: "guardrail_failed_to_respond" }] })).toBe("PASSED");
    expect(action({})).toBe("UNKNOWN");
  });

  it("extracts OpenAI chat messages, tool call arguments and MCP tool call metadata", () => {
    const e = okEvent(
      parseLiteLLMPayload({
        id: "chatcmpl-1",
        startTime: 1746100800,
        status: "success",
        model: "openai/gpt-4.1",
        metadata: {
          user_api_key_hash: "ab".repeat(32),
          requester_custom_headers: { "User-Agent": "codex_cli_rs/0.46.0 (Mac OS 15.1.0; arm64)" },
          spend_logs_metadata: { repository: "acme/infra" },
        },
        messages: [
          { role: "user", content: [{ type: "text", text: "deploy with token ghp_abcdefghijklmnopqrstuvwxyz0123456789" }] },
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "call_1", type: "function", function: { name: "shell", arguments: '{"cmd":"cat ~/.aws/credentials"}' } }],
          },
          { role: "tool", tool_call_id: "call_1", content: "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
        ],
        response: {
          id: "chatcmpl-1",
          object: "chat.completion",
          choices: [
            {
              index: 0,
              finish_reason: "tool_calls",
              message: {
                role: "assistant",
                content: "Uploading the report now.",
                tool_calls: [
                  { id: "call_2", type: "function", function: { name: "http_post", arguments: '{"url":"https://upload.example.net/v1/files","body":"q3 numbers"}' } },
                ],
              },
            },
          ],
        },
        mcp_tool_call_metadata: { name: "query", mcp_server_name: "postgres", arguments: { sql: "select * from patients" }, result: { rows: 3 } },
      }),
    );
    expect(e.provider).toBe("openai");
    expect(e.clientTool).toBe("codex");
    expect(e.repository).toBe("acme/infra");
    expect(textAt(e, "messages[1].tool_calls[0].function.arguments")).toBe('{"cmd":"cat ~/.aws/credentials"}');
    expect(textAt(e, "messages[2].content")).toMatch(/wJalrXUtnFEMI/);
    expect(textAt(e, "response.choices[0].message.content")).toBe("Uploading the report now.");
    expect(textAt(e, "response.choices[0].message.tool_calls[0].function.arguments")).toMatch(/q3 numbers/);
    expect(textAt(e, "mcp_tool_call_metadata.arguments")).toBe('{"sql":"select * from patients"}');
    expect(e.toolCalls).toEqual([
      { server: null, tool: "http_post", destination: "upload.example.net" },
      { server: "postgres", tool: "query", destination: null },
    ]);
    expectOnlyInTexts(e, ["ghp_abcdefghijklmnopqrstuvwxyz0123456789", "wJalrXUtnFEMI", "select * from patients", "q3 numbers", "Uploading the report"]);
  });

  it("handles string messages and string responses", () => {
    const e = okEvent(parseLiteLLMPayload({ id: "t", startTime: 1746100800, messages: "complete: 4111", response: "1111" }));
    expect(e.texts).toEqual([
      { location: "messages", text: "complete: 4111" },
      { location: "response", text: "1111" },
    ]);
  });

  it("falls back to a payload hash for the natural key", () => {
    const raw = { startTime: 1746100800, status: "success" };
    const e = okEvent(parseLiteLLMPayload(raw));
    expect(e.naturalKey).toBe(`sha256:${sha256Hex(canonicalJson(raw))}`);
    expect(e.callId).toBeNull();
  });

  it("rejects what it cannot use, with a reason that does not echo values", () => {
    expect(parseLiteLLMPayload("hello")).toEqual({ ok: false, reason: "expected a JSON object, got a string" });
    expect(parseLiteLLMPayload([1])).toEqual({ ok: false, reason: "expected a JSON object, got an array" });
    const noTime = parseLiteLLMPayload({ id: "a", messages: [{ role: "user", content: "secret 078-05-1120" }] });
    expect(noTime).toEqual({ ok: false, reason: "no usable time: startTime and endTime are missing or not a valid time" });
    const badTokens = parseLiteLLMPayload({ id: "a", startTime: 1746100800, prompt_tokens: "12" });
    expect(badTokens).toEqual({ ok: false, reason: "prompt_tokens: expected number, received string" });
    const badMeta = parseLiteLLMPayload({ id: "a", startTime: 1746100800, metadata: { user_api_key_hash: 5 } });
    expect(badMeta).toEqual({ ok: false, reason: "metadata.user_api_key_hash: expected string, received number" });
    const badTime = parseLiteLLMPayload({ id: "a", startTime: { secret: "078-05-1120" } });
    expect(badTime.ok).toBe(false);
    if (!badTime.ok) {
      expect(badTime.reason).toBe("startTime: expected number or string, received object");
      expect(badTime.reason).not.toContain("078-05-1120");
    }
    expect(parseLiteLLMPayload({ id: "a", startTime: "yesterday" }).ok).toBe(false);
  });
});
