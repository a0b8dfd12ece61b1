"use server";
import { revalidatePath } from "next/cache";
import { ActionError, requireAction } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { evaluatePeriod } from "@/lib/controls/evaluate";
import { createPeriod, lockPeriod, PeriodError, updatePeriod } from "@/lib/controls/period-admin";
import type { FormState } from "@/components/exceptions/action-form";

function failure(e: unknown): FormState {
  const err = e as Error & { issues?: { message: string }[] };
  if (err.issues) return { ok: false, message: err.issues.map((i) => i.message).join("; ") };
  if (e instanceof PeriodError || e instanceof ActionError) return { ok: false, message: err.message };
  throw e;
}

const fields = (form: FormData) => ({ name: String(form.get("name") ?? ""), start: String(form.get("start") ?? ""), lastDay: String(form.get("lastDay") ?? "") });

export async function createPeriodAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    await requireAction("periods:write");
    const p = await createPeriod(db(), fields(form));
    revalidatePath("/periods");
    return { ok: true, message: `Created ${p.name}. Evaluate it to fill the matrix.` };
  } catch (e) {
    return failure(e);
  }
}

export async function updatePeriodAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    await requireAction("periods:write");
    const p = await updatePeriod(db(), String(form.get("id")), fields(form));
    // the window changed, so did the populations
    const run = await evaluatePeriod(db(), p.id, { trigger: "period-edit" });
    revalidatePath("/periods");
    revalidatePath("/");
    return { ok: true, message: `Saved ${p.name}${run.status === "evaluated" ? " and re-evaluated it" : ""}.` };
  } catch (e) {
    return failure(e);
  }
}

export async function lockPeriodAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const actor = await requireAction("periods:write");
    const id = String(form.get("id"));
    // a final evaluation first, so the frozen results include the latest evidence
    if (form.get("evaluateFirst") === "on") await evaluatePeriod(db(), id, { trigger: "before-lock" });
    const p = await lockPeriod(db(), id, String(form.get("confirmation") ?? ""), actor);
    revalidatePath("/periods");
    revalidatePath("/");
    return { ok: true, message: `${p.name} is locked.` };
  } catch (e) {
    return failure(e);
  }
}

export async function evaluateNowAction(form: FormData): Promise<void> {
  await requireAction("periods:write");
  await evaluatePeriod(db(), String(form.get("periodId")), { trigger: "manual" });
  revalidatePath("/");
  revalidatePath("/periods");
}
