"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireAction } from "@/lib/auth/guard";
import { mayReadPeriod } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { drawSample } from "@/lib/evidence/sampling";

export type DrawState = { ok: boolean; message: string } | null;

/** Draws and saves a sample, then opens it. AUDITOR and ADMIN; refused in preview. */
export async function drawSampleAction(_prev: DrawState, form: FormData): Promise<DrawState> {
  let id: string;
  try {
    const actor = await requireAction("samples:draw");
    const periodId = String(form.get("periodId") ?? "");
    if (!mayReadPeriod(actor, periodId)) return { ok: false, message: "no such audit period" };
    const sample = await drawSample(db(), {
      periodId,
      testId: String(form.get("testId") ?? ""),
      size: Number(form.get("size") ?? 0),
      seed: typeof form.get("seed") === "string" ? (form.get("seed") as string) : null,
      drawnById: actor.id,
    });
    id = sample.id;
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  revalidatePath("/samples");
  revalidatePath("/requests");
  redirect(`/samples/${id}`);
}
