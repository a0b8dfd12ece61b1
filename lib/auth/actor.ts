// Who is asking, read from the user row at request time: a disabled or expired
// account is out at its next request, not when its session cookie expires.
import type { Db } from "../db/client";
import type { Role } from "../generated/prisma/enums";

export interface Actor {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** periods an AUDITOR was granted; null = all periods */
  periodIds: string[] | null;
  /** set when an ADMIN previews what an auditor sees */
  previewOf?: { id: string; email: string } | null;
}

export type AccessRefusal = "unknown" | "disabled" | "before-window" | "after-window";

export function auditorWindowRefusal(
  user: { accessStart: Date | null; accessEnd: Date | null },
  now = new Date(),
): AccessRefusal | null {
  if (user.accessStart && now < user.accessStart) return "before-window";
  // accessEnd is the last day of access, inclusive
  if (user.accessEnd && now.getTime() >= user.accessEnd.getTime() + 86_400_000) return "after-window";
  return null;
}

export async function loadActor(
  db: Db,
  userId: string,
  now = new Date(),
): Promise<{ actor: Actor } | { refused: AccessRefusal }> {
  const user = await db.user.findUnique({ where: { id: userId }, include: { grants: true } });
  if (!user) return { refused: "unknown" };
  if (user.status !== "ACTIVE") return { refused: "disabled" };
  if (user.role === "AUDITOR") {
    const refusal = auditorWindowRefusal(user, now);
    if (refusal) return { refused: refusal };
  }
  return {
    actor: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      periodIds: user.role === "AUDITOR" ? user.grants.map((g) => g.periodId) : null,
    },
  };
}

export function mayReadPeriod(actor: Actor, periodId: string): boolean {
  return actor.periodIds === null || actor.periodIds.includes(periodId);
}
