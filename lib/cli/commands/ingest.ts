import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { createApiToken, listApiTokens, revokeApiToken } from "../../auth/api-tokens";
import { ingestGatewayStream } from "../../ingest/gateway-ingest";
import { evaluateAfterIngest } from "../../ingest/after-ingest";
import { ingestLiteLLMDatabase, redactUrl } from "../../ingest/litellm-db";
import type { IngestSource } from "../../ingest/types";
import { withDatabase } from "../database";
import { parse, UsageError, writeJson, type Command } from "../command";

async function inputFor(file: string, stdin: NodeJS.ReadableStream): Promise<NodeJS.ReadableStream> {
  if (file === "-") return stdin;
  // open first, so a missing file is a clear error rather than a stream failure midway
  const handle = await open(file, "r").catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(e.code === "ENOENT" ? `no such file: ${file}` : `cannot read ${file}: ${e.message}`);
  });
  return createReadStream("", { fd: handle.fd });
}

function fileIngest(source: Exclude<IngestSource, "litellm-db" | "guardrail">, what: string): Command {
  return {
    name: `ingest ${source}`,
    summary: `ingest ${what} (a file, or - for stdin); bad lines are quarantined`,
    usage: "FILE|-",
    async run(args, io) {
      const { positionals } = parse(args, {}, true);
      if (positionals.length !== 1) throw new UsageError("give exactly one FILE (or - for stdin)");
      const file = positionals[0]!;
      const input = await inputFor(file, io.stdin);
      const result = await withDatabase(async (db) => {
        const r = await ingestGatewayStream(db, source, file === "-" ? "stdin" : path.basename(file), input);
        await evaluateAfterIngest(db, r);
        return r;
      });
      writeJson(io, {
        runId: result.runId,
        read: result.read,
        stored: result.stored,
        duplicate: result.duplicate,
        quarantined: result.quarantined,
        findings: result.findings,
        sha256: result.sha256,
      });
      return 0;
    },
  };
}

export const ingestLiteLLMCommand = fileIngest("litellm", "LiteLLM StandardLoggingPayload JSON Lines");
export const ingestCloudflareCommand = fileIngest("cloudflare", "a Cloudflare AI Gateway log export (Logpush JSON Lines or logs-API JSON)");
export const ingestGenericCommand = fileIngest("generic", "generic proxy JSON Lines (docs/generic-jsonl.md)");

export const ingestLiteLLMDbCommand: Command = {
  name: "ingest litellm-db",
  summary: "pull new rows of LiteLLM's LiteLLM_SpendLogs table (read-only, incremental)",
  usage: "--url postgres://… [--since ISO-8601]",
  async run(args, io) {
    const { values } = parse(args, { url: { type: "string" }, since: { type: "string" } });
    const url = values.url ?? process.env.LITELLM_DATABASE_URL;
    if (!url) throw new UsageError("--url (or LITELLM_DATABASE_URL) is required");
    const since = values.since ? new Date(values.since) : undefined;
    if (since && Number.isNaN(since.getTime())) throw new UsageError(`--since: not a date: ${values.since}`);
    const result = await withDatabase(async (db) => {
      const r = await ingestLiteLLMDatabase(db, url, { since });
      await evaluateAfterIngest(db, r);
      return r;
    });
    writeJson(io, { source: redactUrl(url), runId: result.runId, read: result.read, stored: result.stored, duplicate: result.duplicate, quarantined: result.quarantined, cursor: result.cursor });
    return 0;
  },
};

export const tokenCreateCommand: Command = {
  name: "token create",
  summary: "create a bearer token for the gateway (printed once)",
  usage: "--kind ingest|guardrail --name NAME",
  async run(args, io) {
    const { values } = parse(args, { kind: { type: "string" }, name: { type: "string" } });
    const kind = values.kind?.toUpperCase();
    if (kind !== "INGEST" && kind !== "GUARDRAIL") throw new UsageError("--kind must be ingest or guardrail");
    if (!values.name) throw new UsageError("--name is required");
    const t = await withDatabase((db) => createApiToken(db, kind, values.name!, null));
    writeJson(io, t);
    return 0;
  },
};

export const tokenListCommand: Command = {
  name: "token list",
  summary: "list bearer tokens (never the tokens themselves)",
  usage: "",
  async run(_args, io) {
    const tokens = await withDatabase((db) => listApiTokens(db));
    for (const t of tokens) writeJson(io, { id: t.id, kind: t.kind, name: t.name, prefix: t.prefix, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt });
    return 0;
  },
};

export const tokenRevokeCommand: Command = {
  name: "token revoke",
  summary: "revoke a bearer token",
  usage: "--id ID",
  async run(args, io) {
    const { values } = parse(args, { id: { type: "string" } });
    if (!values.id) throw new UsageError("--id is required");
    const t = await withDatabase((db) => revokeApiToken(db, values.id!));
    writeJson(io, { id: t.id, revokedAt: t.revokedAt });
    return 0;
  },
};
