// Editing policy settings in a form: each setting's input kind from its schema, the text a form
// field holds, and the value it parses back to (the schema then validates it, in setSetting).
import { z } from "zod";
import { SETTINGS, type SettingKey } from "../settings/definitions";

export type FieldKind = "enum" | "boolean" | "number" | "text" | "list" | "json";

export const SETTING_DESCRIPTIONS: Partial<Record<SettingKey, string>> = {
  "policy.blockingLevel": "DC-1: findings at or above this level must be blocked (or masked) by the gateway.",
  "policy.classificationOverrides": 'Per finding type level overrides, e.g. {"email": "INTERNAL"}.',
  "policy.guardrailActions": "Guardrail action per classification level (block, mask or log); DC-2 expects block and mask to be acted on.",
  "policy.logOnlyTypes": "Finding types the guardrail only logs, whatever their level (one per line).",
  "policy.allowedFingerprints": "Fingerprints (HMAC) of known test values allowed through (one per line).",
  "policy.allowTestData": "Let known test data (e.g. 4111 1111 1111 1111) through.",
  "policy.failMode": "Guardrail behaviour on an internal error.",
  "scan.internalHostPatterns": 'Internal host name patterns, e.g. "*.corp.example.com" (one per line).',
  "changes.serviceAccounts": "CM-3 / CM-5: bot and service accounts, logins or emails (one per line).",
  "changes.allowStaleApprovals": "CM-3 / CM-6: approvals of an earlier head commit count.",
  "changes.prompterWindowHours": "CM-3 / CM-4 / LA-4: hours before a change in which gateway traffic makes a person its prompter.",
  "changes.teamMembers": 'CM-6: members of CODEOWNERS teams, e.g. {"@acme/payments": ["alice", "bob"]}; an unlisted team is satisfied by nobody.',
  "changes.prTemplateQuestion": 'CM-7: the PR template question answered "yes" or "no".',
  "changes.aiMarkers": "CM-4: git AI markers (trailers, agent identities, lines) as JSON; null = the defaults.",
  "access.attestationMaxAgeMonths": "LA-1: maximum age of a vendor's SOC 2 Type II report at the period's end.",
  "access.destinationAllowList": "LA-3: hosts tool calls may send data to, globs allowed (one per line).",
  "exceptions.slaBusinessDays": 'SLA in business days per test id, e.g. {"DC-1": 5}; DC-4 checks DC-1 and DC-2 against it.',
};

export function fieldOf(key: SettingKey): { kind: FieldKind; options?: string[] } {
  const schema = SETTINGS[key].schema as z.ZodType;
  if (schema instanceof z.ZodEnum) return { kind: "enum", options: schema.options.map(String) };
  if (schema instanceof z.ZodBoolean) return { kind: "boolean" };
  if (schema instanceof z.ZodNumber) return { kind: "number" };
  if (schema instanceof z.ZodString) return { kind: "text" };
  if (schema instanceof z.ZodArray && schema.element instanceof z.ZodString) return { kind: "list" };
  return { kind: "json" };
}

/** The text a form field shows for a value. */
export function fieldText(kind: FieldKind, value: unknown): string {
  if (kind === "list") return (value as string[]).join("\n");
  if (kind === "json") return JSON.stringify(value, null, 2);
  return String(value);
}

export class SettingFormError extends Error {}

/** Parses a submitted field back into a value for the setting's schema. */
export function parseField(kind: FieldKind, raw: string | null): unknown {
  const text = raw ?? "";
  switch (kind) {
    case "boolean":
      return text === "true" || text === "on";
    case "number": {
      const n = Number(text.trim());
      if (!text.trim() || Number.isNaN(n)) throw new SettingFormError("enter a number");
      return n;
    }
    case "list":
      return text.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
    case "json":
      try {
        return JSON.parse(text);
      } catch {
        throw new SettingFormError("not valid JSON");
      }
    default:
      return text.trim();
  }
}
