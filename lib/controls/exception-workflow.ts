// The exception workflow: open → disposition (false positive / incident with reference / risk
// accepted / remediated) by a named ADMIN, with a comment and a time; and comments, some internal.
import { z } from "zod";
import type { Db } from "../db/client";

export const DISPOSITION_KINDS = ["FALSE_POSITIVE", "INCIDENT", "RISK_ACCEPTED", "REMEDIATED"] as const;
export type DispositionKindValue = (typeof DISPOSITION_KINDS)[number];

export const DISPOSITION_LABELS: Record<DispositionKindValue, string> = {
  FALSE_POSITIVE: "False positive",
  INCIDENT: "Incident (with reference)",
  RISK_ACCEPTED: "Risk accepted",
  REMEDIATED: "Remediated",
};

export const DispositionInput = z
  .object({
    kind: z.enum(DISPOSITION_KINDS),
    reference: z.string().trim().max(200).optional().transform((v) => (v ? v : null)),
    comment: z.string().trim().min(1, "a comment is required").max(5000),
  })
  .refine((d) => d.kind !== "INCIDENT" || !!d.reference, { message: "an incident needs its reference (ticket or incident id)", path: ["reference"] });

export const CommentInput = z.object({
  body: z.string().trim().min(1, "the comment is empty").max(5000),
  internal: z.boolean(),
});

/**
 * Records a disposition. An open exception becomes DISPOSITIONED; a cleared one stays cleared
 * (the disposition is kept as history). The latest disposition is the one in force.
 */
export async function dispositionException(db: Db, exceptionId: string, input: unknown, by: { id: string }, at: Date = new Date()) {
  const d = DispositionInput.parse(input);
  return db.$transaction(async (tx) => {
    const x = await tx.controlException.findUnique({ where: { id: exceptionId } });
    if (!x) throw new Error("no such exception");
    const disposition = await tx.exceptionDisposition.create({
      data: { exceptionId, kind: d.kind, reference: d.reference, comment: d.comment, decidedById: by.id, decidedAt: at },
    });
    if (x.state === "OPEN") await tx.controlException.update({ where: { id: exceptionId }, data: { state: "DISPOSITIONED" } });
    return { disposition, exception: x };
  });
}

export async function commentOnException(db: Db, exceptionId: string, input: unknown, by: { id: string }) {
  const c = CommentInput.parse(input);
  return db.exceptionComment.create({ data: { exceptionId, authorId: by.id, body: c.body, internal: c.internal } });
}
