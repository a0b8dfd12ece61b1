import "server-only";
import { db } from "../db/client";

export async function toolRegister() {
  const tools = await db().aiTool.findMany({ orderBy: [{ registered: "asc" }, { key: "asc" }] });
  return { registered: tools.filter((t) => t.registered), unregistered: tools.filter((t) => !t.registered) };
}

export async function identityRegister() {
  const ids = await db().agentIdentity.findMany({ orderBy: [{ registered: "asc" }, { lastSeenAt: "desc" }], include: { owner: true } });
  return { registered: ids.filter((i) => i.registered), unregistered: ids.filter((i) => !i.registered) };
}
