// The guardrail token check, cached: a verified token is trusted for a few seconds, so
// the hot path does no read at all in the steady state (one INSERT per decision).
// A revoked token therefore stops working within TOKEN_TTL_MS on each server; unknown
// tokens are never cached (a new token works at once). Keyed by the token's SHA-256.
import type { Db } from "../db/client";
import { hashToken, verifyBearer } from "../auth/api-tokens";

export const TOKEN_TTL_MS = 5_000;
const MAX_ENTRIES = 1_000;

const caches = new WeakMap<Db, Map<string, { id: string; at: number }>>();

/** The verified guardrail token's id for an Authorization header, or null. */
export async function verifyGuardrailToken(db: Db, header: string | null, ttlMs = TOKEN_TTL_MS): Promise<{ id: string } | null> {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  if (!m) return null;
  const key = hashToken(m[1]!);
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const hit = cache.get(key);
  const now = Date.now();
  if (hit && now - hit.at < ttlMs) return { id: hit.id };
  const row = await verifyBearer(db, header, "GUARDRAIL");
  if (!row) {
    cache.delete(key);
    return null;
  }
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(key, { id: row.id, at: now });
  return { id: row.id };
}

/** Forget cached tokens (after a revocation in this process, and in tests). */
export function clearGuardrailTokenCache(db: Db): void {
  caches.delete(db);
}
