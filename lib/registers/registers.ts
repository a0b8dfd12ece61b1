// The AI tool / vendor register (LA-1) and the agent identity register (LA-2, LA-3).
import type { Db } from "../db/client";
import { identitySchema, toolSchema } from "./schemas";

export async function registerTool(db: Db, input: Record<string, unknown>) {
  const t = toolSchema.parse(input);
  const data = { ...t, registered: true, documents: t.documents };
  return db.aiTool.upsert({ where: { key: t.key }, create: data, update: data });
}

export async function registerIdentity(db: Db, input: Record<string, unknown>) {
  const i = identitySchema.parse(input);
  let ownerPersonId: string | null = null;
  if (i.ownerEmail) {
    const email = i.ownerEmail.toLowerCase();
    const person =
      (await db.person.findUnique({ where: { email } })) ??
      (await db.person.create({ data: { email, displayName: email.split("@")[0]! } }));
    ownerPersonId = person.id;
  }
  const existing = await db.agentIdentity.findUnique({ where: { credential: i.credential } });
  const data = {
    alias: i.alias ?? existing?.alias ?? null,
    registered: true,
    ownerPersonId,
    purpose: i.purpose ?? null,
    allowedModels: i.allowedModels,
    allowedMcpServers: i.allowedMcpServers,
    allowedTools: i.allowedTools,
    expiresAt: i.expiresAt,
    revokedAt: i.revoked ? (existing?.revokedAt ?? new Date()) : null,
  };
  return db.agentIdentity.upsert({ where: { credential: i.credential }, create: { credential: i.credential, ...data }, update: data });
}
