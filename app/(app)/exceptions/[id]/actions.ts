"use server";
import { revalidatePath } from "next/cache";
import { ZodError } from "zod";
import { ActionError, requireAction } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { evaluatePeriod } from "@/lib/controls/evaluate";
import { commentOnException, dispositionException } from "@/lib/controls/exception-workflow";
import { EGRESS_TESTS } from "@/lib/controls/tests/dc-4";
import type { FormState } from "@/components/exceptions/action-form";

function failure(e: unknown): FormState {
  if (e instanceof ZodError) return { ok: false, message: e.issues.map((i) => i.message).join("; ") };
  if (e instanceof ActionError) return { ok: false, message: e.message };
  throw e;
}

export async function dispositionAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const actor = await requireAction("exceptions:disposition");
    const id = String(form.get("exceptionId"));
    const { exception } = await dispositionException(
      db(),
      id,
      { kind: form.get("kind"), reference: String(form.get("reference") ?? ""), comment: String(form.get("comment") ?? "") },
      actor,
    );
    // DC-4 measures the dispositions of egress exceptions: bring it up to date
    if (EGRESS_TESTS.includes(exception.testId)) await evaluatePeriod(db(), exception.periodId, { only: ["DC-4"], trigger: "disposition" });
    revalidatePath(`/exceptions/${id}`);
    revalidatePath("/exceptions");
    revalidatePath("/");
    return { ok: true, message: "Disposition recorded." };
  } catch (e) {
    return failure(e);
  }
}

export async function commentAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const actor = await requireAction("exceptions:disposition");
    const id = String(form.get("exceptionId"));
    if (!(await db().controlException.findUnique({ where: { id }, select: { id: true } }))) return { ok: false, message: "no such exception" };
    await commentOnException(db(), id, { body: String(form.get("body") ?? ""), internal: form.get("internal") === "on" }, actor);
    revalidatePath(`/exceptions/${id}`);
    return { ok: true, message: "Comment added." };
  } catch (e) {
    return failure(e);
  }
}
