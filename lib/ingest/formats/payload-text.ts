/**
 * Extracts the prompt / completion text of OpenAI-, Anthropic- and Responses-API-shaped
 * payloads into ScanText items (with a precise location), and the tool calls a response
 * makes. The text goes ONLY into the returned `texts`; nothing here copies it elsewhere.
 */
import type { ScanText, ToolCallRecord } from "../types";
import { isObject, str, type JsonObject } from "./common";

/** Values that mean "the gateway did not log this": treated as no payload. */
export const REDACTION_MARKERS: ReadonlySet<string> = new Set([
  "redacted-by-litellm",
  "redacted",
  "[redacted]",
  "<redacted>",
  "***",
]);

export function isRedactedOrEmpty(s: string): boolean {
  const t = s.trim();
  return t === "" || REDACTION_MARKERS.has(t.toLowerCase());
}

export class TextSink {
  readonly texts: ScanText[] = [];
  readonly toolCalls: ToolCallRecord[] = [];

  add(location: string, text: unknown): void {
    if (typeof text !== "string" || isRedactedOrEmpty(text)) return;
    this.texts.push({ location, text });
  }

  /** Tool arguments / inputs: strings as they are, anything else JSON-serialised. */
  addJson(location: string, value: unknown): void {
    if (value === undefined || value === null) return;
    if (typeof value === "string") return this.add(location, value);
    if (isObject(value) && Object.keys(value).length === 0) return;
    if (Array.isArray(value) && value.length === 0) return;
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      json = undefined;
    }
    if (json !== undefined) this.add(location, json);
  }

  call(record: ToolCallRecord): void {
    this.toolCalls.push(record);
  }
}

// ---------------------------------------------------------------------------
// requests

/**
 * Request messages: a string prompt, a list of chat messages (OpenAI / Anthropic / Responses
 * API input items), or a single message object. Tool calls found in the history are scanned
 * as text but not reported as tool calls (they were reported by the response that made them).
 */
export function extractMessages(messages: unknown, base: string, sink: TextSink): void {
  if (messages === undefined || messages === null) return;
  if (typeof messages === "string") return sink.add(base, messages);
  if (Array.isArray(messages)) {
    messages.forEach((m, i) => extractMessage(m, `${base}[${i}]`, sink, false));
    return;
  }
  if (isObject(messages)) {
    if ("content" in messages || "role" in messages || "tool_calls" in messages) {
      return extractMessage(messages, base, sink, false);
    }
    // a request body stored where messages were expected
    if ("messages" in messages || "input" in messages || "prompt" in messages || "system" in messages) {
      return extractRequestBody(messages, base, sink);
    }
    walkStrings(messages, base, sink, 0);
  }
}

/** An LLM request body: {system?, messages?, input?, prompt?} (OpenAI, Anthropic, Workers AI, Responses). */
export function extractRequestBody(body: unknown, base: string, sink: TextSink): void {
  if (typeof body === "string") return sink.add(base, body);
  if (!isObject(body)) return;
  const known = ["system", "instructions", "messages", "input", "prompt", "contents"];
  let matched = false;
  if (body.system !== undefined) {
    matched = true;
    if (typeof body.system === "string") sink.add(`${base}.system`, body.system);
    else extractContent(body.system, `${base}.system`, sink, false);
  }
  if (typeof body.instructions === "string") {
    matched = true;
    sink.add(`${base}.instructions`, body.instructions);
  }
  if (body.messages !== undefined) {
    matched = true;
    extractMessages(body.messages, `${base}.messages`, sink);
  }
  if (body.input !== undefined) {
    matched = true;
    extractMessages(body.input, `${base}.input`, sink);
  }
  if (body.prompt !== undefined) {
    matched = true;
    if (Array.isArray(body.prompt)) body.prompt.forEach((p, i) => sink.add(`${base}.prompt[${i}]`, p));
    else sink.add(`${base}.prompt`, body.prompt);
  }
  if (Array.isArray(body.contents)) {
    // Gemini: contents[].parts[].text
    matched = true;
    body.contents.forEach((c, i) => {
      if (isObject(c) && Array.isArray(c.parts)) extractContent(c.parts, `${base}.contents[${i}].parts`, sink, false);
    });
  }
  if (!matched) {
    const rest: JsonObject = {};
    for (const [k, v] of Object.entries(body)) if (!known.includes(k)) rest[k] = v;
    walkStrings(rest, base, sink, 0);
  }
}

/** One message: OpenAI chat message, Anthropic message, or a Responses API input/output item. */
export function extractMessage(m: unknown, loc: string, sink: TextSink, reportCalls: boolean): void {
  if (typeof m === "string") return sink.add(loc, m);
  if (!isObject(m)) return;
  const type = typeof m.type === "string" ? m.type : null;

  // Responses API items
  if (type === "function_call" || type === "custom_tool_call") {
    sink.addJson(`${loc}.${type === "custom_tool_call" ? "input" : "arguments"}`, type === "custom_tool_call" ? m.input : m.arguments);
    if (reportCalls) callFrom(sink, m.name, type === "custom_tool_call" ? m.input : m.arguments, null);
    return;
  }
  if (type === "function_call_output" || type === "custom_tool_call_output" || type === "mcp_call_output") {
    extractContent(m.output, `${loc}.output`, sink, false);
    return;
  }
  if (type === "mcp_call") {
    sink.addJson(`${loc}.arguments`, m.arguments);
    if (typeof m.output === "string") sink.add(`${loc}.output`, m.output);
    if (reportCalls) callFrom(sink, m.name, m.arguments, str(m.server_label));
    return;
  }
  if (type === "reasoning") {
    if (Array.isArray(m.summary)) extractContent(m.summary, `${loc}.summary`, sink, false);
    if (Array.isArray(m.content)) extractContent(m.content, `${loc}.content`, sink, false);
    return;
  }
  if (type === "local_shell_call" || type === "shell_call") {
    sink.addJson(`${loc}.action`, m.action);
    if (reportCalls) callFrom(sink, type, m.action, null);
    return;
  }

  if (m.content !== undefined && m.content !== null) {
    if (typeof m.content === "string") sink.add(`${loc}.content`, m.content);
    else extractContent(m.content, `${loc}.content`, sink, reportCalls);
  }
  if (typeof m.reasoning_content === "string") sink.add(`${loc}.reasoning_content`, m.reasoning_content);
  if (typeof m.refusal === "string") sink.add(`${loc}.refusal`, m.refusal);
  if (Array.isArray(m.tool_calls)) {
    m.tool_calls.forEach((tc, k) => {
      if (!isObject(tc)) return;
      const tcLoc = `${loc}.tool_calls[${k}]`;
      if (isObject(tc.function)) {
        sink.addJson(`${tcLoc}.function.arguments`, tc.function.arguments);
        if (reportCalls) callFrom(sink, tc.function.name, tc.function.arguments, null);
      } else if (isObject(tc.custom)) {
        sink.addJson(`${tcLoc}.custom.input`, tc.custom.input);
        if (reportCalls) callFrom(sink, tc.custom.name, tc.custom.input, null);
      }
    });
  }
  if (isObject(m.function_call)) {
    sink.addJson(`${loc}.function_call.arguments`, m.function_call.arguments);
    if (reportCalls) callFrom(sink, m.function_call.name, m.function_call.arguments, null);
  }
}

/** Message content: a string, or a list of content blocks / parts. */
export function extractContent(content: unknown, loc: string, sink: TextSink, reportCalls: boolean): void {
  if (typeof content === "string") return sink.add(loc, content);
  if (isObject(content)) return extractBlock(content, loc, sink, reportCalls);
  if (!Array.isArray(content)) return;
  content.forEach((block, j) => {
    const bLoc = `${loc}[${j}]`;
    if (typeof block === "string") sink.add(bLoc, block);
    else if (isObject(block)) extractBlock(block, bLoc, sink, reportCalls);
  });
}

const BINARY_BLOCKS = new Set([
  "image",
  "image_url",
  "input_image",
  "input_audio",
  "audio",
  "input_file",
  "file",
  "redacted_thinking",
  "video",
  "video_url",
]);

function extractBlock(block: JsonObject, loc: string, sink: TextSink, reportCalls: boolean): void {
  const type = typeof block.type === "string" ? block.type : null;
  switch (type) {
    case "text":
    case "input_text":
    case "output_text":
    case "summary_text":
    case "reasoning_text":
      sink.add(`${loc}.text`, block.text);
      return;
    case "refusal":
      sink.add(`${loc}.refusal`, block.refusal);
      return;
    case "thinking":
      sink.add(`${loc}.thinking`, block.thinking);
      return;
    case "tool_use":
    case "server_tool_use":
    case "mcp_tool_use": {
      sink.addJson(`${loc}.input`, block.input);
      if (reportCalls) {
        const server = type === "mcp_tool_use" ? str(block.server_name) : null;
        callFrom(sink, block.name, block.input, server);
      }
      return;
    }
    case "tool_result":
    case "mcp_tool_result":
    case "web_search_tool_result":
    case "web_fetch_tool_result":
    case "code_execution_tool_result":
    case "bash_code_execution_tool_result":
      if (typeof block.content === "string") sink.add(`${loc}.content`, block.content);
      else if (Array.isArray(block.content)) extractContent(block.content, `${loc}.content`, sink, false);
      else if (isObject(block.content)) walkStrings(block.content, `${loc}.content`, sink, 0);
      return;
    case "document":
      if (isObject(block.source)) {
        if (block.source.type === "text") sink.add(`${loc}.source.data`, block.source.data);
        else if (block.source.type === "content") extractContent(block.source.content, `${loc}.source.content`, sink, false);
      }
      sink.add(`${loc}.context`, block.context);
      return;
    case "search_result":
      extractContent(block.content, `${loc}.content`, sink, false);
      return;
  }
  if (type !== null && BINARY_BLOCKS.has(type)) return;
  if (type === null && typeof block.text === "string") return sink.add(`${loc}.text`, block.text); // Gemini part
  walkStrings(block, loc, sink, 0);
}

// ---------------------------------------------------------------------------
// responses

/**
 * A model response: OpenAI chat / text completion, Anthropic message, Responses API object,
 * a plain string, or an SSE stream text. Tool calls it makes are reported.
 */
export function extractResponse(response: unknown, base: string, sink: TextSink): void {
  if (response === undefined || response === null) return;
  if (typeof response === "string") {
    if (looksLikeSse(response)) return extractSse(response, base, sink);
    return sink.add(base, response);
  }
  if (Array.isArray(response)) {
    response.forEach((item, i) => extractResponse(item, `${base}[${i}]`, sink));
    return;
  }
  if (!isObject(response)) return;
  let matched = false;
  if (Array.isArray(response.choices)) {
    matched = true;
    response.choices.forEach((c, i) => {
      if (!isObject(c)) return;
      const cLoc = `${base}.choices[${i}]`;
      if (isObject(c.message)) extractMessage(c.message, `${cLoc}.message`, sink, true);
      if (isObject(c.delta)) extractMessage(c.delta, `${cLoc}.delta`, sink, true);
      if (typeof c.text === "string") sink.add(`${cLoc}.text`, c.text);
    });
  }
  if (Array.isArray(response.content) && (response.type === "message" || response.role === "assistant")) {
    matched = true;
    extractContent(response.content, `${base}.content`, sink, true);
  }
  if (Array.isArray(response.output)) {
    matched = true;
    response.output.forEach((item, i) => extractMessage(item, `${base}.output[${i}]`, sink, true));
  } else if (typeof response.output_text === "string") {
    matched = true;
    sink.add(`${base}.output_text`, response.output_text);
  }
  if (Array.isArray(response.candidates)) {
    // Gemini
    matched = true;
    response.candidates.forEach((c, i) => {
      if (isObject(c) && isObject(c.content) && Array.isArray(c.content.parts)) {
        extractContent(c.content.parts, `${base}.candidates[${i}].content.parts`, sink, true);
      }
    });
  }
  if (response.object === "list" || response.object === "embedding" || Array.isArray(response.data)) {
    matched = true; // embeddings / images: no text to scan (beyond what walkStrings would find in errors)
  }
  if (isObject(response.result) && typeof response.result.response === "string") {
    // Workers AI: {result: {response}}
    matched = true;
    sink.add(`${base}.result.response`, response.result.response);
  } else if (typeof response.response === "string") {
    matched = true;
    sink.add(`${base}.response`, response.response);
  }
  if (!matched) walkStrings(response, base, sink, 0);
}

// ---------------------------------------------------------------------------
// server-sent events (streamed responses logged as raw text)

export function looksLikeSse(s: string): boolean {
  return /^\s*(?:event:[^\n]*\n)?data:\s*[{[]/.test(s);
}

/** Reassembles streamed deltas (OpenAI chat, Anthropic messages) so split tokens are scanned whole. */
export function extractSse(raw: string, base: string, sink: TextSink): void {
  const openai = new Map<string, { text: string; name?: string }>();
  const anthropic = new Map<number, { kind: "text" | "input" | "thinking"; text: string; name?: string; server?: string | null; type: string }>();
  let recognised = false;
  for (const line of raw.split(/\r?\n/)) {
    if (!line.startsWith("data:")) continue;
    const data = line.slice(5).trim();
    if (data === "" || data === "[DONE]") continue;
    let ev: unknown;
    try {
      ev = JSON.parse(data);
    } catch {
      continue;
    }
    if (!isObject(ev)) continue;
    if (Array.isArray(ev.choices)) {
      recognised = true;
      for (const c of ev.choices) {
        if (!isObject(c)) continue;
        const idx = typeof c.index === "number" ? c.index : 0;
        const d = isObject(c.delta) ? c.delta : null;
        if (d && typeof d.content === "string") append(openai, `choices[${idx}].delta.content`, d.content);
        if (typeof c.text === "string") append(openai, `choices[${idx}].text`, c.text);
        if (d && Array.isArray(d.tool_calls)) {
          for (const tc of d.tool_calls) {
            if (!isObject(tc) || !isObject(tc.function)) continue;
            const k = typeof tc.index === "number" ? tc.index : 0;
            const key = `choices[${idx}].delta.tool_calls[${k}].function.arguments`;
            const entry = append(openai, key, typeof tc.function.arguments === "string" ? tc.function.arguments : "");
            if (typeof tc.function.name === "string") entry.name = tc.function.name;
          }
        }
      }
    } else if (typeof ev.type === "string" && ev.type.startsWith("content_block")) {
      recognised = true;
      const idx = typeof ev.index === "number" ? ev.index : 0;
      if (ev.type === "content_block_start" && isObject(ev.content_block)) {
        const b = ev.content_block;
        const btype = typeof b.type === "string" ? b.type : "text";
        if (btype === "text") anthropic.set(idx, { kind: "text", text: typeof b.text === "string" ? b.text : "", type: btype });
        else if (btype === "thinking") anthropic.set(idx, { kind: "thinking", text: "", type: btype });
        else if (btype.endsWith("tool_use")) {
          anthropic.set(idx, {
            kind: "input",
            text: "",
            type: btype,
            name: typeof b.name === "string" ? b.name : undefined,
            server: btype === "mcp_tool_use" ? str(b.server_name) : null,
          });
        }
      } else if (ev.type === "content_block_delta" && isObject(ev.delta)) {
        const d = ev.delta;
        let entry = anthropic.get(idx);
        if (!entry) {
          entry = { kind: d.type === "input_json_delta" ? "input" : "text", text: "", type: "text" };
          anthropic.set(idx, entry);
        }
        if (typeof d.text === "string") entry.text += d.text;
        if (typeof d.partial_json === "string") entry.text += d.partial_json;
        if (typeof d.thinking === "string") entry.text += d.thinking;
      }
    }
  }
  if (!recognised) return sink.add(base, raw);
  for (const [key, v] of openai) {
    sink.add(`${base}.stream.${key}`, v.text);
    if (v.name !== undefined) callFrom(sink, v.name, v.text, null);
  }
  for (const [idx, v] of [...anthropic].sort((a, b) => a[0] - b[0])) {
    const field = v.kind === "input" ? "input" : v.kind === "thinking" ? "thinking" : "text";
    sink.add(`${base}.stream.content[${idx}].${field}`, v.text);
    if (v.kind === "input") callFrom(sink, v.name, v.text, v.server ?? null);
  }
}

function append(map: Map<string, { text: string; name?: string }>, key: string, text: string) {
  let entry = map.get(key);
  if (!entry) {
    entry = { text: "" };
    map.set(key, entry);
  }
  entry.text += text;
  return entry;
}

// ---------------------------------------------------------------------------
// generic fallback

const SKIP_KEYS = new Set([
  "type",
  "id",
  "role",
  "object",
  "model",
  "created",
  "created_at",
  "usage",
  "index",
  "finish_reason",
  "stop_reason",
  "stop_sequence",
  "system_fingerprint",
  "logprobs",
  "cache_control",
  "tool_use_id",
  "tool_call_id",
  "call_id",
  "signature",
  "media_type",
  "status",
]);

const MAX_WALK_DEPTH = 12;

/** Every string leaf of an unknown structure (except obvious metadata keys), with its path. */
export function walkStrings(value: unknown, loc: string, sink: TextSink, depth: number): void {
  if (depth > MAX_WALK_DEPTH) return;
  if (typeof value === "string") return sink.add(loc, value);
  if (Array.isArray(value)) {
    value.forEach((v, i) => walkStrings(v, `${loc}[${i}]`, sink, depth + 1));
    return;
  }
  if (!isObject(value)) return;
  if (typeof value.type === "string" && BINARY_BLOCKS.has(value.type)) return;
  if (value.type === "base64" || typeof value.media_type === "string") return; // binary source
  for (const [k, v] of Object.entries(value)) {
    if (SKIP_KEYS.has(k)) continue;
    walkStrings(v, `${loc}.${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}`, sink, depth + 1);
  }
}

// ---------------------------------------------------------------------------
// tool calls

/**
 * A tool call record. Claude Code names MCP tools "mcp__<server>__<tool>": the server is
 * taken from the name when the payload does not give one. `destination` is the host of a URL
 * argument, when there is one.
 */
export function toolCallRecord(name: unknown, args: unknown, server: string | null): ToolCallRecord | null {
  const tool = str(name);
  if (tool === null) return null;
  let srv = server;
  let toolName = tool;
  if (srv === null) {
    const m = /^mcp__(.+?)__(.+)$/.exec(tool);
    if (m) {
      srv = m[1];
      toolName = m[2];
    }
  }
  return { server: srv, tool: toolName, destination: destinationOf(args) };
}

function callFrom(sink: TextSink, name: unknown, args: unknown, server: string | null): void {
  const rec = toolCallRecord(name, args, server);
  if (rec) sink.call(rec);
}

const URL_KEYS = new Set([
  "url",
  "uri",
  "href",
  "link",
  "endpoint",
  "base_url",
  "baseurl",
  "api_url",
  "server_url",
  "webhook",
  "webhook_url",
  "target",
  "target_url",
  "website",
]);
const HOST_KEYS = new Set(["host", "hostname", "domain", "server"]);
const COMMAND_KEYS = new Set(["command", "cmd", "script", "shell", "args"]);
const URL_IN_TEXT = /\b(?:https?|wss?|ftp|sftp):\/\/[^\s"'<>`]+/i;
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Host that a tool call's arguments point at, if any. */
export function destinationOf(args: unknown): string | null {
  let value = args;
  if (typeof value === "string") {
    const t = value.trim();
    if (t.startsWith("{") || t.startsWith("[")) {
      try {
        value = JSON.parse(t);
      } catch {
        return hostOfText(t);
      }
    } else {
      return hostOfUrl(t) ?? hostOfText(t);
    }
  }
  return findHost(value, 0, null);
}

function findHost(value: unknown, depth: number, key: string | null): string | null {
  if (depth > 8) return null;
  if (typeof value === "string") {
    const k = key?.toLowerCase() ?? null;
    if (k !== null && URL_KEYS.has(k)) return hostOfUrl(value) ?? (HOSTNAME.test(value.trim()) ? value.trim().toLowerCase() : null);
    if (k !== null && HOST_KEYS.has(k)) return HOSTNAME.test(value.trim()) ? value.trim().toLowerCase() : hostOfUrl(value);
    const whole = hostOfUrl(value);
    if (whole) return whole;
    if (k !== null && COMMAND_KEYS.has(k)) return hostOfText(value);
    return null;
  }
  if (Array.isArray(value)) {
    for (const v of value) {
      const h = findHost(v, depth + 1, key);
      if (h) return h;
    }
    return null;
  }
  if (!isObject(value)) return null;
  // explicit URL / host keys first, then everything else
  const entries = Object.entries(value);
  for (const [k, v] of entries) {
    const lk = k.toLowerCase();
    if (URL_KEYS.has(lk) || HOST_KEYS.has(lk)) {
      const h = findHost(v, depth + 1, k);
      if (h) return h;
    }
  }
  for (const [k, v] of entries) {
    const lk = k.toLowerCase();
    if (URL_KEYS.has(lk) || HOST_KEYS.has(lk)) continue;
    const h = findHost(v, depth + 1, k);
    if (h) return h;
  }
  return null;
}

function hostOfUrl(s: string): string | null {
  const t = s.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(t)) return null;
  try {
    const u = new URL(t);
    return u.hostname ? u.hostname.toLowerCase().replace(/^\[|\]$/g, "") : null;
  } catch {
    return null;
  }
}

function hostOfText(s: string): string | null {
  const m = URL_IN_TEXT.exec(s);
  return m ? hostOfUrl(m[0].replace(/[),.;]+$/, "")) : null;
}
