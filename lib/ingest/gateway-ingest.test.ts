import { Readable } from "node:stream";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/test-database";
import { verifyRunChain } from "./chain";
import { ingestGatewayStream } from "./gateway-ingest";
import { handlePush } from "./push";

// Fake but valid-looking sensitive values: none may be found anywhere in the database afterwards.
const SECRETS = {
  card: "4556 7375 8689 9855",
  ssn: "536-22-8146",
  aws: "AKIAZ3MHALF7QDEMO7XQ",
  password: "S3cr3t-Pa55w0rd",
  email: "jordan.lee@customer-mail.com",
};

function record(id: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    startTime: 1_793_000_000 + Number(id.replace(/\D/g, "") || 0),
    endTime: 1_793_000_010,
    status: "success",
    model: "claude-sonnet-4-5",
    custom_llm_provider: "anthropic",
    metadata: { user_api_key_hash: "hash-1", user_api_key_alias: "alice-laptop", user_api_key_user_id: "alice", user_api_key_user_email: "alice@demo.example" },
    request_tags: ["repo:acme/api", "tool:claude-code"],
    messages: [{ role: "user", content: text }],
    response: { choices: [{ message: { role: "assistant", content: "ok" } }] },
    ...extra,
  };
}

const LINES = [
  JSON.stringify(record("r1", `charge card ${SECRETS.card} again`)),
  JSON.stringify(record("r2", `SSN ${SECRETS.ssn} and key ${SECRETS.aws}`)),
  "{ this is not json",
  JSON.stringify(record("r3", `postgres://app:${SECRETS.password}@db.corp.example.com/prod mail ${SECRETS.email}`)),
  JSON.stringify({ id: "r4", startTime: "yesterday-ish" }),
  JSON.stringify(record("r5", "refactor the retry loop", { messages: {}, response: {} })),
].join("\n");

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe("gateway ingest", () => {
  it("stores the good records, quarantines bad lines with line number and reason", async () => {
    const r = await ingestGatewayStream(t.db, "litellm", "fixture.jsonl", Readable.from([LINES]));
    expect(r).toMatchObject({ read: 6, stored: 4, duplicate: 0, quarantined: 2 });
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    const q = await t.db.quarantinedRecord.findMany({ orderBy: { lineNumber: "asc" } });
    expect(q.map((x) => x.lineNumber)).toEqual([3, 5]);
    expect(q[0]!.reason).toMatch(/JSON/i);
    expect(q[1]!.reason.length).toBeGreaterThan(5);
    const events = await t.db.aiEvent.findMany({ orderBy: { naturalKey: "asc" }, include: { findings: true } });
    expect(events.map((e) => e.naturalKey)).toEqual(["r1", "r2", "r3", "r5"]);
    const r1 = events[0]!;
    expect(r1.findings.some((f) => f.type === "credit_card" && f.classification === "RESTRICTED")).toBe(true);
    expect(r1.maxClassification).toBe("RESTRICTED");
    expect(events[3]!.hasPayload).toBe(false);
    const run = await t.db.ingestRun.findUniqueOrThrow({ where: { id: r.runId } });
    expect(run).toMatchObject({ status: "COMPLETED", readCount: 6, storedCount: 4, quarantinedCount: 2, sha256: r.sha256 });
  });

  it("adds nothing when the same data is ingested again", async () => {
    const before = await t.db.aiEvent.count();
    const r = await ingestGatewayStream(t.db, "litellm", "fixture.jsonl", Readable.from([LINES]));
    expect(r).toMatchObject({ stored: 0, duplicate: 4, quarantined: 2 });
    expect(await t.db.aiEvent.count()).toBe(before);
  });

  it("records seen credentials and tools for the registers", async () => {
    const identity = await t.db.agentIdentity.findUniqueOrThrow({ where: { credential: "hash-1" } });
    expect(identity).toMatchObject({ registered: false, alias: "alice-laptop" });
    const tool = await t.db.aiTool.findUniqueOrThrow({ where: { key: "claude-code" } });
    expect(tool.registered).toBe(false);
  });

  it("accepts pushed batches as JSON arrays and refuses empty bodies", async () => {
    const ok = await handlePush(t.db, "gateway-1", JSON.stringify([record("p1", "hello"), record("p2", "world")]));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ read: 2, stored: 2 });
    expect((await handlePush(t.db, "gateway-1", "   ")).status).toBe(400);
  });

  it("chains the ingest runs so that tampering is detectable", async () => {
    expect((await verifyRunChain(t.db)).ok).toBe(true);
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    await c.query(`UPDATE "IngestRun" SET "storedCount" = "storedCount" + 1 WHERE source = 'litellm' AND "storedCount" = 0`);
    await c.end();
    expect((await verifyRunChain(t.db)).ok).toBe(false);
  });

  it("keeps no sensitive value anywhere in the database", async () => {
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    const { rows: tables } = await c.query<{ table_name: string }>(
      `SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    let dump = "";
    for (const { table_name } of tables) {
      const { rows } = await c.query(`SELECT * FROM "${table_name}"`);
      dump += JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    }
    await c.end();
    const digitsOnly = dump.replace(/\D/g, "");
    for (const [name, value] of Object.entries(SECRETS)) {
      expect(dump.includes(value), `${name} found in the database`).toBe(false);
    }
    expect(digitsOnly.includes(SECRETS.card.replace(/\D/g, "")), "card digits found").toBe(false);
    expect(dump.includes("charge card")).toBe(false);
    expect(dump.includes("refactor the retry loop")).toBe(false);
  });
});
