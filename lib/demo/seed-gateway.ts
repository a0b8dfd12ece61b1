import { createHash } from "node:crypto";
// Demo gateway traffic as LiteLLM StandardLoggingPayload records, ingested through
// the same path as a real log file (parse, scan in memory, drop the text, store).
import type { Db } from "../db/client";
import { ingestValues, type GatewayIngestResult } from "../ingest/gateway-ingest";
import { rng, type Rng } from "./random";

export interface DemoEngineer {
  login: string;
  name: string;
  email: string;
  /** the LiteLLM virtual key (hash) this engineer uses */
  keyHash: string;
  keyAlias: string;
  tool: "claude-code" | "cursor" | "aider";
}

export const DEMO_ENGINEERS: DemoEngineer[] = [
  ["alice", "Alice Nguyen", "claude-code"],
  ["bob", "Bob Okafor", "cursor"],
  ["carol", "Carol Silva", "claude-code"],
  ["dev", "Dev Patel", "aider"],
  ["erin", "Erin Walsh", "claude-code"],
  ["farid", "Farid Haddad", "cursor"],
  ["grace", "Grace Kim", "claude-code"],
  ["hugo", "Hugo Martin", "claude-code"],
].map(([login, name, tool], i) => ({
  login: login!,
  name: name!,
  email: `${login}@demo.example`,
  // LiteLLM logs the SHA-256 of a virtual key, never the key
  keyHash: createHash("sha256").update(`demo-virtual-key-${login}-${i}`).digest("hex"),
  keyAlias: `${login}-laptop`,
  tool: tool as DemoEngineer["tool"],
}));

/** A shared CI credential used by two people: an LA-2 exception in the demo. */
const SHARED_KEY = { keyHash: createHash("sha256").update("demo-virtual-key-ci-agent").digest("hex"), keyAlias: "ci-agent" };

export const DEMO_REPOSITORIES = ["acme/payments-api", "acme/web-app", "acme/infra"];

/** Each engineer works mostly in one repository (their AI traffic is tagged with it). */
export function homeRepository(login: string): string {
  const i = DEMO_ENGINEERS.findIndex((e) => e.login === login);
  return DEMO_REPOSITORIES[Math.max(0, i) % DEMO_REPOSITORIES.length]!;
}

const MODELS: Record<DemoEngineer["tool"], { model: string; provider: string }[]> = {
  "claude-code": [{ model: "claude-sonnet-4-5", provider: "anthropic" }, { model: "claude-opus-4-1", provider: "anthropic" }],
  cursor: [{ model: "gpt-4.1", provider: "openai" }, { model: "claude-sonnet-4-5", provider: "anthropic" }],
  aider: [{ model: "gpt-4o", provider: "openai" }],
};

const PROMPTS = [
  "Refactor the retry logic in src/payments/charge.ts so it uses exponential backoff.",
  "Write unit tests for the invoice rounding function.",
  "Why does this migration fail on Postgres 15? ERROR: column \"amount\" cannot be cast automatically",
  "Explain this stack trace from the web-app build and propose a fix.",
  "Add pagination to the /api/orders endpoint, keep the response shape.",
  "Rename the Customer model field zip to postal_code across the codebase.",
];

// Sensitive content an engineer might paste by mistake (all fake; card numbers are Luhn-valid).
const SENSITIVE = [
  { text: "Customer says card 4556 7375 8689 9855 was charged twice, can you check the refund path?", blocked: 0.8 },
  { text: "Debug this: DATABASE_URL=postgres://app:S3cr3t-Pa55w0rd@db.corp.example.com:5432/prod", blocked: 0.7 },
  { text: "Use this key for the test: AKIAZ3MHALF7QDEMO7XQ and region us-east-1", blocked: 0.9 },
  { text: "Patient DOB 1984-03-12, ZIP 02139-4307, MRN: 88412093 — why is the record not found?", blocked: 0.6 },
  { text: "Employee SSN 536-22-8146 fails validation in the HR export", blocked: 0.85 },
  { text: "Please email the report to jordan.lee@customer-mail.com and call +44 20 7946 0958", blocked: 0.3 },
  { text: "The staging host build-07.corp.example.com returns 502 after deploy", blocked: 0.1 },
];

function payload(r: Rng, at: Date, i: number, eng: DemoEngineer) {
  const m = r.pick(MODELS[eng.tool]);
  const repo = r.chance(0.97) ? homeRepository(eng.login) : r.pick(DEMO_REPOSITORIES);
  const sensitive = r.chance(0.04) ? r.pick(SENSITIVE) : null;
  const blocked = sensitive ? r.chance(sensitive.blocked) : false;
  const withPayload = !r.chance(0.06);
  const shared = eng.tool === "aider" && r.chance(0.3);
  const prompt = sensitive?.text ?? r.pick(PROMPTS);
  const promptTokens = r.int(200, 6000);
  const completionTokens = blocked ? 0 : r.int(50, 2500);
  const mcp = !blocked && r.chance(0.05);
  const start = at.getTime() / 1000;
  return {
    id: `demo-${at.getTime().toString(36)}-${i}`,
    trace_id: `trace-${i}`,
    call_type: "acompletion",
    status: blocked ? "failure" : "success",
    status_fields: { llm_api_status: blocked ? "not_called" : "success", guardrail_status: blocked ? "guardrail_intervened" : "success" },
    guardrail_information: blocked
      ? [{ guardrail_name: "presidio-pii", guardrail_mode: "pre_call", guardrail_status: "guardrail_intervened", guardrail_response: "Blocked: sensitive data" }]
      : [],
    startTime: start,
    endTime: start + r.int(1, 40),
    model: m.model,
    custom_llm_provider: m.provider,
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    response_cost: Number(((promptTokens * 3 + completionTokens * 15) / 1_000_000).toFixed(6)),
    metadata: {
      user_api_key_hash: shared ? SHARED_KEY.keyHash : eng.keyHash,
      user_api_key_alias: shared ? SHARED_KEY.keyAlias : eng.keyAlias,
      user_api_key_user_id: eng.login,
      user_api_key_user_email: eng.email,
      user_api_key_team_id: "team-engineering",
      ...(mcp ? { mcp_tool_call_metadata: mcpCall(r) } : {}),
    },
    request_tags: [`repo:${repo}`, `tool:${eng.tool}`],
    messages: withPayload ? [{ role: "system", content: "You are a coding assistant." }, { role: "user", content: prompt }] : {},
    response: withPayload && !blocked ? { choices: [{ message: { role: "assistant", content: "Here is a proposed change with tests." } }] } : {},
  };
}

/** Mostly the allowed GitHub MCP server; now and then a tool or destination outside the identity's scope (LA-3). */
function mcpCall(r: Rng) {
  const github = r.chance(0.85);
  return {
    mcp_server_name: github ? "github" : r.pick(["linear", "web-fetch"]),
    name: github ? r.pick(["create_issue", "search_code"]) : r.pick(["create_issue", "fetch"]),
    arguments: { url: r.chance(0.92) ? "https://api.github.com/repos/acme/web-app/issues" : "https://pastebin.example.net/api/paste" },
  };
}

export function* demoGatewayRecords(opts: { seed: number; start: Date; end: Date; perDay: number }) {
  const r = rng(opts.seed);
  let i = 0;
  for (let day = opts.start.getTime(); day < opts.end.getTime(); day += 86_400_000) {
    const weekday = new Date(day).getUTCDay() % 6 !== 0;
    const n = weekday ? opts.perDay : Math.round(opts.perDay / 6);
    for (let k = 0; k < n; k++) {
      const at = new Date(day + r.int(7 * 3600, 19 * 3600) * 1000);
      yield payload(r, at, i++, r.pick(DEMO_ENGINEERS));
    }
  }
}

export async function seedDemoGateway(db: Db, opts: { now: Date; days?: number; perDay?: number }): Promise<GatewayIngestResult> {
  const end = new Date(Date.UTC(opts.now.getUTCFullYear(), opts.now.getUTCMonth(), opts.now.getUTCDate()));
  const start = new Date(end.getTime() - (opts.days ?? 120) * 86_400_000);
  const records = [...demoGatewayRecords({ seed: 20261202, start, end, perDay: opts.perDay ?? 30 })].map((value, i) => ({ lineNumber: i + 1, value }));
  // one malformed record, as real logs have: it is quarantined, the rest go in
  records.splice(10, 0, { lineNumber: 11, value: { id: 42, startTime: "not a time" } as never });
  const hash = createHash("sha256");
  for (const r of records) hash.update(JSON.stringify(r.value) + "\n");
  return ingestValues(db, "litellm", "demo/litellm-callbacks.jsonl", records, hash.digest("hex"));
}
