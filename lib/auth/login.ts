// Credential check with rate limiting; used by next-auth's credentials provider.
import type { Db } from "../db/client";
import { auditorWindowRefusal } from "./actor";
import { verifyPassword } from "./password";

export const LOGIN_LIMITS = { perEmail: 5, perIp: 30, windowMs: 15 * 60_000 };

export type LoginOutcome =
  | { ok: true; user: { id: string; email: string; name: string; role: string } }
  | { ok: false; reason: "invalid" | "rate-limited" | "disabled" | "outside-access-window" };

// A fixed argon2id hash so unknown emails cost the same time as known ones.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0aEAgXBn2nZYNj8U3LZE3bWc0M7Cq6z2Qq3c8PoJX0M";

export async function checkLogin(
  db: Db,
  input: { email: string; password: string; ip?: string | null },
  now = new Date(),
): Promise<LoginOutcome> {
  const email = input.email.trim().toLowerCase();
  const since = new Date(now.getTime() - LOGIN_LIMITS.windowMs);
  const [byEmail, byIp] = await Promise.all([
    db.loginAttempt.count({ where: { email, success: false, at: { gte: since } } }),
    input.ip ? db.loginAttempt.count({ where: { ip: input.ip, success: false, at: { gte: since } } }) : 0,
  ]);
  const record = (success: boolean) => db.loginAttempt.create({ data: { email, ip: input.ip ?? null, success, at: now } });
  if (byEmail >= LOGIN_LIMITS.perEmail || byIp >= LOGIN_LIMITS.perIp) {
    await record(false);
    return { ok: false, reason: "rate-limited" };
  }
  const user = await db.user.findUnique({ where: { email } });
  const valid = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, input.password);
  if (!user || !valid) {
    await record(false);
    return { ok: false, reason: "invalid" };
  }
  if (user.status !== "ACTIVE") {
    await record(false);
    return { ok: false, reason: "disabled" };
  }
  if (user.role === "AUDITOR" && auditorWindowRefusal(user, now)) {
    await record(false);
    return { ok: false, reason: "outside-access-window" };
  }
  await record(true);
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}
