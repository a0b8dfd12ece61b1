"use server";
import { revalidatePath } from "next/cache";
import { recordAccess } from "@/lib/auth/access-log";
import { requireAction } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { confirmAlias, mergePeople, rejectAlias, updatePerson } from "@/lib/people/people";

const id = (form: FormData, key: string) => {
  const v = String(form.get(key) ?? "").trim();
  if (!/^[\w-]{1,64}$/.test(v)) throw new Error(`invalid ${key}`);
  return v;
};

async function audit(actor: { id: string; email: string; role: string }, what: string, detail: Record<string, unknown>) {
  await recordAccess(db(), { actor, action: "MUTATION", target: `people:${what}`, detail });
}

export async function confirmAliasAction(form: FormData): Promise<void> {
  const actor = await requireAction("registers:write");
  const aliasId = id(form, "aliasId");
  const alias = await confirmAlias(db(), aliasId, actor);
  await audit(actor, "confirm-alias", { aliasId, kind: alias.kind, value: alias.value, personId: alias.personId });
  revalidatePath("/people");
}

export async function rejectAliasAction(form: FormData): Promise<void> {
  const actor = await requireAction("registers:write");
  const aliasId = id(form, "aliasId");
  const before = await db().personAlias.findUniqueOrThrow({ where: { id: aliasId } });
  const newPersonId = await rejectAlias(db(), aliasId, actor);
  await audit(actor, "reject-alias", { aliasId, kind: before.kind, value: before.value, from: before.personId, to: newPersonId });
  revalidatePath("/people");
}

export async function mergePeopleAction(form: FormData): Promise<void> {
  const actor = await requireAction("registers:write");
  const keep = id(form, "keepId");
  const other = id(form, "otherId");
  if (keep === other) return;
  await mergePeople(db(), keep, other, actor);
  await audit(actor, "merge-people", { keep, merged: other });
  revalidatePath("/people");
}

export async function updatePersonAction(form: FormData): Promise<void> {
  const actor = await requireAction("registers:write");
  const personId = id(form, "personId");
  const displayName = String(form.get("displayName") ?? "").trim().slice(0, 200) || undefined;
  const isBot = form.get("isBot") === "on";
  await updatePerson(db(), personId, { displayName, isBot });
  await audit(actor, "update-person", { personId, displayName, isBot });
  revalidatePath("/people");
}
