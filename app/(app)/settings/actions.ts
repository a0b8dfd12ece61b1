"use server";
import { revalidatePath } from "next/cache";
import { ZodError } from "zod";
import { ActionError, requireAction } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { evaluatePeriod } from "@/lib/controls/evaluate";
import { fieldOf, parseField, SettingFormError } from "@/lib/controls/settings-form";
import { SETTINGS, type SettingKey } from "@/lib/settings/definitions";
import { setSetting } from "@/lib/settings/store";
import type { FormState } from "@/components/exceptions/action-form";

export async function saveSettingAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const actor = await requireAction("settings:write");
    const key = String(form.get("key"));
    if (!(key in SETTINGS)) return { ok: false, message: `unknown setting ${key}` };
    const { kind } = fieldOf(key as SettingKey);
    const value = parseField(kind, form.get("value") as string | null);
    await setSetting(db(), key as SettingKey, value, actor, String(form.get("comment") ?? "").trim() || undefined);
    // the rules read these settings: bring the open periods' results up to date, in the background
    void reevaluateOpenPeriods();
    revalidatePath("/settings");
    return { ok: true, message: "Saved. The open periods are being re-evaluated." };
  } catch (e) {
    if (e instanceof ZodError) return { ok: false, message: e.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ") };
    if (e instanceof SettingFormError || e instanceof ActionError) return { ok: false, message: e.message };
    throw e;
  }
}

async function reevaluateOpenPeriods() {
  try {
    const open = await db().auditPeriod.findMany({ where: { state: "OPEN" }, select: { id: true } });
    for (const p of open) await evaluatePeriod(db(), p.id, { trigger: "settings" });
  } catch (e) {
    console.error(`re-evaluation after a settings change failed: ${(e as Error).message}`);
  }
}
