"use server";
import { revalidatePath } from "next/cache";
import { requireAction } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { registerIdentity, registerTool } from "@/lib/registers/registers";

export type RegisterState = { ok: boolean; message: string } | null;

function message(e: unknown) {
  const err = e as Error & { issues?: { path: PropertyKey[]; message: string }[] };
  return err.issues ? err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") : err.message;
}

export async function saveToolAction(_prev: RegisterState, form: FormData): Promise<RegisterState> {
  try {
    await requireAction("registers:write");
    const t = await registerTool(db(), Object.fromEntries(form));
    revalidatePath("/registers");
    return { ok: true, message: `Registered ${t.vendor} ${t.product}` };
  } catch (e) {
    return { ok: false, message: message(e) };
  }
}

export async function saveIdentityAction(_prev: RegisterState, form: FormData): Promise<RegisterState> {
  try {
    await requireAction("registers:write");
    const i = await registerIdentity(db(), Object.fromEntries(form));
    revalidatePath("/registers");
    return { ok: true, message: `Registered ${i.alias ?? i.credential}` };
  } catch (e) {
    return { ok: false, message: message(e) };
  }
}
