// Incremental, read-only pull of LiteLLM's LiteLLM_SpendLogs table.
import { createHash } from "node:crypto";
import pg from "pg";
import type { Db } from "../db/client";
import { ingestValues, type GatewayIngestResult } from "./gateway-ingest";

const PAGE = 1000;

function cursorKey(url: string): string {
  const u = new URL(url);
  return `ingest.litellmDb.${createHash("sha256").update(`${u.host}${u.pathname}`).digest("hex").slice(0, 16)}`;
}

/** Where a URL's password is, print it masked. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "****";
    return u.toString();
  } catch {
    return "(invalid URL)";
  }
}

export async function ingestLiteLLMDatabase(db: Db, url: string, opts: { since?: Date } = {}): Promise<GatewayIngestResult & { cursor: string | null }> {
  const source = new pg.Client({ connectionString: url, options: "-c default_transaction_read_only=on" });
  await source.connect();
  const key = cursorKey(url);
  const saved = await db.setting.findUnique({ where: { key } });
  let cursor = (saved?.value as { startTime: string; requestId: string } | undefined) ?? null;
  if (opts.since) cursor = { startTime: opts.since.toISOString(), requestId: "" };
  const hash = createHash("sha256");
  let last = cursor;
  async function* rows() {
    let line = 0;
    for (;;) {
      const { rows } = cursor
        ? await source.query(
            `SELECT * FROM "LiteLLM_SpendLogs" WHERE ("startTime", request_id) > ($1::timestamptz, $2) ORDER BY "startTime", request_id LIMIT ${PAGE}`,
            [last!.startTime, last!.requestId],
          )
        : await source.query(`SELECT * FROM "LiteLLM_SpendLogs" ORDER BY "startTime", request_id LIMIT ${PAGE}`);
      if (rows.length === 0) return;
      for (const row of rows) {
        hash.update(JSON.stringify(row));
        yield { lineNumber: ++line, value: row as unknown };
      }
      const tail = rows[rows.length - 1] as { startTime: Date; request_id: string };
      last = { startTime: new Date(tail.startTime).toISOString(), requestId: tail.request_id };
      cursor = last;
      if (rows.length < PAGE) return;
    }
  }
  try {
    const result = await ingestValues(db, "litellm-db", `litellm-db:${redactUrl(url)}`, rows(), () => hash.digest("hex"));
    if (last) {
      await db.setting.upsert({ where: { key }, create: { key, value: last }, update: { value: last } });
    }
    return { ...result, cursor: last?.startTime ?? null };
  } finally {
    await source.end();
  }
}
