import { randomBytes } from "node:crypto";
import type { Db } from "../db/client";
import { SETTINGS, type SettingKey, type SettingValue } from "./definitions";

export async function getSetting<K extends SettingKey>(db: Db, key: K): Promise<SettingValue<K>> {
  const row = await db.setting.findUnique({ where: { key } });
  if (!row) return SETTINGS[key].default as SettingValue<K>;
  const parsed = SETTINGS[key].schema.safeParse(row.value);
  return (parsed.success ? parsed.data : SETTINGS[key].default) as SettingValue<K>;
}

export async function getSettings<K extends SettingKey>(db: Db, keys: readonly K[]): Promise<{ [P in K]: SettingValue<P> }> {
  const rows = await db.setting.findMany({ where: { key: { in: [...keys] } } });
  const out = {} as { [P in K]: SettingValue<P> };
  for (const key of keys) {
    const row = rows.find((r) => r.key === key);
    const parsed = row ? SETTINGS[key].schema.safeParse(row.value) : null;
    out[key] = (parsed?.success ? parsed.data : SETTINGS[key].default) as SettingValue<typeof key>;
  }
  return out;
}

/** Validates and stores a setting, keeping the change in SettingChange. */
export async function setSetting<K extends SettingKey>(
  db: Db,
  key: K,
  value: unknown,
  by: { id?: string | null; email?: string | null } | null,
  comment?: string,
): Promise<SettingValue<K>> {
  const parsed = SETTINGS[key].schema.parse(value) as SettingValue<K>;
  await db.$transaction(async (tx) => {
    const old = await tx.setting.findUnique({ where: { key } });
    await tx.setting.upsert({
      where: { key },
      create: { key, value: parsed as object, updatedById: by?.id ?? null },
      update: { value: parsed as object, updatedById: by?.id ?? null },
    });
    await tx.settingChange.create({
      data: {
        key,
        oldValue: (old?.value ?? SETTINGS[key].default ?? undefined) as object | undefined,
        newValue: parsed as object,
        changedById: by?.id ?? null,
        changedBy: by?.email ?? null,
        comment: comment ?? null,
      },
    });
  });
  return parsed;
}

/**
 * The HMAC key for finding fingerprints: FINGERPRINT_KEY, or one generated once
 * and kept in the database (so repeats are countable across runs).
 */
export async function fingerprintKey(db: Db): Promise<string> {
  if (process.env.FINGERPRINT_KEY) return process.env.FINGERPRINT_KEY;
  const key = "secret.fingerprintKey";
  const row = await db.setting.findUnique({ where: { key } });
  if (row && typeof row.value === "string") return row.value;
  const value = randomBytes(32).toString("base64url");
  await db.setting.upsert({ where: { key }, create: { key, value }, update: {} });
  const again = await db.setting.findUnique({ where: { key } });
  return again!.value as string;
}
