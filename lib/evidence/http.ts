import "server-only";
// Shared by the export and download route handlers: period scoping for the actor, issuing a file
// (written to disk while hashed, recorded in the export chain, logged, then streamed and deleted).
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { NextResponse } from "next/server";
import { logAccess } from "../auth/guard";
import { mayReadPeriod, type Actor } from "../auth/actor";
import { db } from "../db/client";
import { recordExport } from "./exports/chain";
import { HashingWriter } from "./exports/files";
import type { Audience } from "./exports/evidence";

export function notFound(message = "not found") {
  return NextResponse.json({ error: message }, { status: 404 });
}

export function badRequest(message: string) {
  return NextResponse.json({ error: message }, { status: 400 });
}

/**
 * The period named by ?period= (id or name) if the actor may read it; for an auditor a period
 * outside the grant is "not found", exactly like one that does not exist.
 */
export async function periodFor(actor: Actor, requested: string | null) {
  if (!requested) return null;
  const period = await db().auditPeriod.findFirst({ where: { OR: [{ id: requested }, { name: requested }] } });
  if (!period || !mayReadPeriod(actor, period.id)) return null;
  return period;
}

/** Internal notes only for an ADMIN (not previewing) who asked with ?internal=1. */
export function audienceFor(actor: Actor, wantInternal: boolean): Audience {
  const realAdmin = actor.role === "ADMIN" && !actor.previewOf;
  return {
    by: { id: actor.previewOf?.id ?? actor.id, email: actor.previewOf ? `${actor.previewOf.email} (previewing ${actor.email})` : actor.email, role: actor.role },
    includeInternal: realAdmin && wantInternal,
  };
}

export interface IssueOptions {
  actor: Actor;
  kind: string;
  periodId: string | null;
  filename: string;
  contentType: string;
  /** "EXPORT" for generated evidence, "DOWNLOAD" for stored files */
  action?: "EXPORT" | "DOWNLOAD";
  target: string;
  detail?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** writes the file; may return extra headers (e.g. the manifest hash) */
  write: (w: HashingWriter, dir: string) => Promise<void | { headers?: Record<string, string>; sha256?: string; bytes?: number; path?: string; filename?: string }>;
}

/** Produces, records (export chain + access log) and streams one file. */
export async function issueFile(o: IssueOptions): Promise<Response> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "evidence-export-"));
  const file = path.join(dir, "out");
  try {
    const w = new HashingWriter(file);
    const extra = (await o.write(w, dir)) ?? {};
    const written = await w.end();
    // a writer that produced its own file (the ZIP) reports its path, hash and size
    const sha256 = extra.sha256 ?? written.sha256;
    const bytes = extra.bytes ?? written.bytes;
    const filename = extra.filename ?? o.filename;
    const record = await recordExport(db(), { kind: o.kind, periodId: o.periodId, filename, sha256, createdById: o.actor.previewOf?.id ?? o.actor.id });
    await logAccess(o.actor, o.action ?? "EXPORT", o.target, o.periodId, { kind: o.kind, filename, sha256, bytes, exportId: record.id, ...o.detail });
    const stream = createReadStream(extra.path ?? file);
    const cleanup = () => void rm(dir, { recursive: true, force: true });
    stream.on("close", cleanup);
    stream.on("error", cleanup);
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      status: 200,
      headers: {
        "Content-Type": o.contentType,
        "Content-Length": String(bytes),
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
        "X-Content-SHA256": sha256,
        "X-Export-Id": record.id,
        "X-Export-Chain": record.chainHash,
        ...extra.headers,
        ...o.headers,
      },
    });
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** A small in-memory file (request answers, sample CSVs) through the same path. */
export function issueText(o: Omit<IssueOptions, "write"> & { body: string | Buffer }): Promise<Response> {
  return issueFile({ ...o, write: async (w) => void (await w.write(o.body)) });
}
