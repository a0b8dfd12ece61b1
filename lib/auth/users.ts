import { z } from "zod";
import type { Db } from "../db/client";
import { checkPasswordStrength, hashPassword } from "./password";

export const newUserSchema = z
  .object({
    email: z.string().trim().toLowerCase().email(),
    name: z.string().trim().min(1).max(200),
    role: z.enum(["ADMIN", "AUDITOR", "EXECUTIVE"]),
    password: z.string().max(1024),
    firm: z.string().trim().max(200).optional().nullable(),
    accessStart: z.coerce.date().optional().nullable(),
    accessEnd: z.coerce.date().optional().nullable(),
    periodIds: z.array(z.string()).optional(),
  })
  .superRefine((u, ctx) => {
    const weak = checkPasswordStrength(u.password);
    if (weak) ctx.addIssue({ code: "custom", path: ["password"], message: weak });
    if (u.accessStart && u.accessEnd && u.accessEnd < u.accessStart) {
      ctx.addIssue({ code: "custom", path: ["accessEnd"], message: "access end is before access start" });
    }
  });

export type NewUser = z.input<typeof newUserSchema>;

export async function createUser(db: Db, input: NewUser) {
  const u = newUserSchema.parse(input);
  const existing = await db.user.findUnique({ where: { email: u.email } });
  if (existing) throw new Error(`a user with email ${u.email} already exists`);
  return db.user.create({
    data: {
      email: u.email,
      name: u.name,
      role: u.role,
      passwordHash: await hashPassword(u.password),
      firm: u.firm ?? null,
      accessStart: u.accessStart ?? null,
      accessEnd: u.accessEnd ?? null,
      grants: u.periodIds?.length ? { create: u.periodIds.map((periodId) => ({ periodId })) } : undefined,
    },
  });
}

export async function setUserStatus(db: Db, email: string, status: "ACTIVE" | "DISABLED") {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) throw new Error(`no user with email ${email}`);
  return db.user.update({ where: { id: user.id }, data: { status } });
}
