import "server-only";
// The settings page: every policy setting, its value in force, whether it is the default, and its history.
import { db } from "../db/client";
import { SETTINGS, type SettingKey } from "../settings/definitions";
import { getSettings } from "../settings/store";
import { fieldOf, fieldText, SETTING_DESCRIPTIONS } from "./settings-form";

const HISTORY = 10;

export async function settingsView() {
  const keys = Object.keys(SETTINGS) as SettingKey[];
  const [values, rows, changes] = await Promise.all([
    getSettings(db(), keys),
    db().setting.findMany({ where: { key: { in: keys } }, select: { key: true, updatedAt: true } }),
    db().$queryRaw<{ key: string; oldValue: unknown; newValue: unknown; changedBy: string | null; changedAt: Date; comment: string | null }[]>`
      SELECT key, "oldValue", "newValue", "changedBy", "changedAt", comment FROM (
        SELECT *, row_number() OVER (PARTITION BY key ORDER BY "changedAt" DESC, id DESC) AS n FROM "SettingChange" WHERE key = ANY(${keys}::text[])
      ) c WHERE n <= ${HISTORY} ORDER BY key, "changedAt" DESC`,
  ]);
  return keys.map((key) => {
    const field = fieldOf(key);
    return {
      key,
      ...field,
      description: SETTING_DESCRIPTIONS[key] ?? "",
      value: values[key],
      text: fieldText(field.kind, values[key]),
      isDefault: !rows.some((r) => r.key === key),
      history: changes.filter((c) => c.key === key),
    };
  });
}
