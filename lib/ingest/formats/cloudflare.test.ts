import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCloudflareLog } from "./cloudflare";
import { expectOnlyInTexts, fixture, okEvent, textAt } from "./fixtures/helpers";

const page = fixture("cloudflare-logs-api-page.json") as { result: Record<string, unknown>[] };
const logpush = readFileSync(path.join(import.meta.dirname, "fixtures/cloudflare-logpush.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("parseCloudflareLog", () => {
  it("parses a logs-API item with custom metadata given as JSON text", () => {
    const e = okEvent(parseCloudflareLog(page.result[0]));
    expect(e).toMatchObject({
      source: "cloudflare",
      naturalKey: "01JV8Q2ZKX5T3N8R4W6Y7A9B0C",
      callId: "01JV8Q2ZKX5T3N8R4W6Y7A9B0C",
      traceId: "d1c2b3a4-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
      status: "success",
      gatewayAction: "PASSED",
      model: "claude-sonnet-4-5",
      provider: "anthropic",
      proxyUserId: "dave",
      proxyUserEmail: "dave@example.com",
      apiKeyAlias: "dave-laptop",
      apiKeyHash: null,
      repository: "acme/mobile-app",
      clientTool: "claude-code",
      promptTokens: 2048,
      completionTokens: 311,
      cost: 0.010809,
      hasPayload: false,
      texts: [],
    });
    expect(e.occurredAt.toISOString()).toBe("2025-05-04T14:22:31.512Z");
    expect(e.endedAt?.toISOString()).toBe("2025-05-04T14:22:35.722Z");
  });

  it("maps a failed request to FAILED", () => {
    const e = okEvent(parseCloudflareLog(page.result[1]));
    expect(e.status).toBe("failure");
    expect(e.gatewayAction).toBe("FAILED");
    expect(e.repository).toBeNull();
  });

  it("treats encrypted Logpush bodies and metadata as no payload", () => {
    const e = okEvent(parseCloudflareLog(logpush[0]));
    expect(e.naturalKey).toBe("01JV9A0000ENCRYPTED0000001");
    expect(e.occurredAt.toISOString()).toBe("2025-05-05T08:00:00.000Z");
    expect(e.model).toBe("gpt-4.1-mini");
    expect(e.provider).toBe("openai");
    expect(e.promptTokens).toBe(512);
    expect(e.completionTokens).toBe(64);
    expect(e.status).toBe("success");
    expect(e.hasPayload).toBe(false);
    expect(e.texts).toEqual([]);
    expect(e.proxyUserId).toBeNull();

    for (const body of ["miZUkfbr2p0+Yn5CyJj2iryM94UTOTOk1HkwrGyU7iYcn0dwvyTwDcsvr59/Fe9wKtd0rwkiuet6Rtf6r0whhXf/fvSuP9XtXr+OHRuYOp0jv7T51cPh9zBCtCyoYKNZ", { encrypted: true, data: "…" }, "", null]) {
      expect(okEvent(parseCloudflareLog({ ...page.result[0], request: body, response: body })).hasPayload).toBe(false);
    }
  });

  it("scans decrypted Logpush bodies given as JSON text", () => {
    const e = okEvent(parseCloudflareLog(logpush[1]));
    expect(e.proxyUserId).toBe("erin");
    expect(e.repository).toBe("acme/data-pipeline");
    expect(e.hasPayload).toBe(true);
    expect(textAt(e, "request.messages[0].content")).toMatch(/MRN 00482913/);
    expect(textAt(e, "response.result.response")).toMatch(/admitted twice/);
    expectOnlyInTexts(e, ["MRN 00482913", "1979-03-02", "admitted twice"]);
  });

  it("reassembles a streamed (SSE) response so split values are scanned whole", () => {
    const sse = [
      'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":"Card 4111 "}}]}',
      'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"1111 1111 1111 is a test card"}}]}',
      'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"fetch","arguments":"{\\"url\\": \\"https://ex"}}]}}]}',
      'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"fil.example.io/x\\"}"}}]}}]}',
      "data: [DONE]",
      "",
    ].join("\n\n");
    const e = okEvent(
      parseCloudflareLog({
        ...page.result[0],
        request: { model: "gpt-4.1", messages: [{ role: "user", content: "check my card" }] },
        response: sse,
      }),
    );
    expect(textAt(e, "response.stream.choices[0].delta.content")).toBe("Card 4111 1111 1111 1111 is a test card");
    expect(e.toolCalls).toEqual([{ server: null, tool: "fetch", destination: "exfil.example.io" }]);
    expectOnlyInTexts(e, ["4111 1111 1111 1111", "check my card"]);
  });

  it("reads an Anthropic SSE stream", () => {
    const sse = [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","role":"assistant","content":[]}}',
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"AKIAIOSFOD"}}',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"NN7EXAMPLE"}}',
      'event: content_block_start\ndata: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"t","name":"mcp__jira__create","input":{}}}',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"summary\\":"}}',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\\"leak\\"}"}}',
    ].join("\n\n");
    const e = okEvent(parseCloudflareLog({ ...page.result[0], response: sse }));
    expect(textAt(e, "response.stream.content[0].text")).toBe("AKIAIOSFODNN7EXAMPLE");
    expect(textAt(e, "response.stream.content[1].input")).toBe('{"summary":"leak"}');
    expect(e.toolCalls).toEqual([{ server: "jira", tool: "create", destination: null }]);
  });

  it("marks a DLP block as BLOCKED", () => {
    const e = okEvent(parseCloudflareLog({ ...page.result[0], success: false, status_code: 424, dlp_action: "BLOCK" }));
    expect(e.gatewayAction).toBe("BLOCKED");
    expect(e.guardrailStatus).toBe("dlp_block");
    const flagged = okEvent(parseCloudflareLog({ ...page.result[0], dlp_action: "FLAG" }));
    expect(flagged.gatewayAction).toBe("PASSED");
    expect(flagged.guardrailStatus).toBe("dlp_flag");
  });

  it("takes the provider from the model name for the unified endpoint", () => {
    const e = okEvent(parseCloudflareLog({ ...page.result[0], provider: "compat", model: "anthropic/claude-sonnet-4-5" }));
    expect(e.provider).toBe("anthropic");
  });

  it("finds the client tool in the request headers", () => {
    const e = okEvent(
      parseCloudflareLog({ ...page.result[1], request_head: JSON.stringify({ "user-agent": "aider/0.86.1", authorization: "Bearer x" }) }),
    );
    expect(e.clientTool).toBe("aider");
    expect(JSON.stringify(e)).not.toContain("Bearer");
  });

  it("rejects records without a usable time or with wrong types", () => {
    const { created_at: _c, ...noTime } = page.result[0];
    expect(parseCloudflareLog(noTime)).toEqual({ ok: false, reason: "no usable time: created_at is missing or not a valid time" });
    expect(parseCloudflareLog({ ...page.result[0], tokens_in: "2048" })).toEqual({
      ok: false,
      reason: "tokens_in: expected number, received string",
    });
    expect(parseCloudflareLog(42)).toEqual({ ok: false, reason: "expected a JSON object, got a number" });
  });
});
