"use server";
import { revalidatePath } from "next/cache";
import { requireAction } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { policyEditFromForm, updateEgressPolicy } from "@/lib/guardrail/policy-document";

export type PolicyState = { ok: boolean; message: string } | null;

function message(e: unknown) {
  const err = e as Error & { issues?: { path: PropertyKey[]; message: string }[] };
  return err.issues ? err.issues.map((i) => `${i.path.join(".") || "policy"}: ${i.message}`).join("; ") : err.message;
}

export async function savePolicyAction(_prev: PolicyState, form: FormData): Promise<PolicyState> {
  try {
    const actor = await requireAction("settings:write");
    const changed = await updateEgressPolicy(db(), policyEditFromForm(form), { id: actor.id, email: actor.email });
    revalidatePath("/policy");
    return { ok: true, message: changed.length ? `Saved ${changed.join(", ")}; the guardrail applies it now on this server and within seconds on the others.` : "Nothing changed." };
  } catch (e) {
    return { ok: false, message: message(e) };
  }
}
