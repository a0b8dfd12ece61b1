"use server";
import { revalidatePath } from "next/cache";
import { requireAction } from "@/lib/auth/guard";
import { createUser, setUserStatus } from "@/lib/auth/users";
import { db } from "@/lib/db/client";

export type FormState = { ok: boolean; message: string } | null;

export async function addUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    await requireAction("users:write");
    const role = String(form.get("role") ?? "");
    await createUser(db(), {
      email: String(form.get("email") ?? ""),
      name: String(form.get("name") ?? ""),
      role: role as "ADMIN",
      password: String(form.get("password") ?? ""),
      firm: (form.get("firm") as string) || null,
      accessStart: role === "AUDITOR" ? (form.get("accessStart") as string) || null : null,
      accessEnd: role === "AUDITOR" ? (form.get("accessEnd") as string) || null : null,
      periodIds: role === "AUDITOR" ? form.getAll("periodIds").map(String) : [],
    });
    revalidatePath("/users");
    return { ok: true, message: `Created ${form.get("email")}` };
  } catch (e) {
    const err = e as Error & { issues?: { path: PropertyKey[]; message: string }[] };
    return { ok: false, message: err.issues ? err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") : err.message };
  }
}

export async function setUserStatusAction(form: FormData): Promise<void> {
  await requireAction("users:write");
  await setUserStatus(db(), String(form.get("email")), form.get("status") === "ACTIVE" ? "ACTIVE" : "DISABLED");
  revalidatePath("/users");
}
