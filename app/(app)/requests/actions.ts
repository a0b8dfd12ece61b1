"use server";
import { revalidatePath } from "next/cache";
import { requireAction } from "@/lib/auth/guard";
import { mayReadPeriod } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { createRequest } from "@/lib/evidence/requests";

export type RequestFormState = { ok: boolean; message: string } | null;

/** An auditor's (or ADMIN's) own request for the selected period. */
export async function createRequestAction(_prev: RequestFormState, form: FormData): Promise<RequestFormState> {
  try {
    const actor = await requireAction("requests:create");
    const periodId = String(form.get("periodId") ?? "");
    if (!mayReadPeriod(actor, periodId) || !(await db().auditPeriod.findUnique({ where: { id: periodId } }))) return { ok: false, message: "no such audit period" };
    const r = await createRequest(db(), { periodId, title: form.get("title"), body: form.get("body"), createdById: actor.id });
    revalidatePath("/requests");
    return { ok: true, message: `Request "${r.title}" added` };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}
