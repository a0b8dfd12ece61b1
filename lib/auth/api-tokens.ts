// Bearer tokens for machines (the gateway pushing logs, the guardrail caller).
// Only the SHA-256 is stored; the token is shown once.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db/client";
import type { TokenKind } from "../generated/prisma/enums";

const PREFIX: Record<TokenKind, string> = { INGEST: "aise_ing_", GUARDRAIL: "aise_grd_" };

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createApiToken(db: Db, kind: TokenKind, name: string, createdById: string | null) {
  if (!name.trim()) throw new Error("a token needs a name");
  const token = PREFIX[kind] + randomBytes(24).toString("base64url");
  const row = await db.apiToken.create({
    data: { kind, name: name.trim(), tokenHash: hashToken(token), prefix: token.slice(0, PREFIX[kind].length + 4), createdById },
  });
  return { token, id: row.id, name: row.name, kind };
}

/** The token row for a bearer header, or null (unknown, revoked, or of another kind). */
export async function verifyBearer(db: Db, header: string | null, kind: TokenKind) {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  if (!m) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(m[1]!) } });
  if (!row || row.revokedAt || row.kind !== kind) return null;
  // last use is informative; don't write it on every call of a hot endpoint
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return row;
}

export async function revokeApiToken(db: Db, id: string) {
  return db.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
}

export async function listApiTokens(db: Db) {
  return db.apiToken.findMany({ orderBy: { createdAt: "desc" }, include: { createdBy: { select: { email: true } } } });
}
