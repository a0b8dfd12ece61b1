// Every policy setting, its schema and its default. Settings changes are kept as history
// (SettingChange); the egress policy document is rendered from these.
import { z } from "zod";

const classification = z.enum(["PUBLIC", "INTERNAL", "CONFIDENTIAL", "RESTRICTED"]);

export const SETTINGS = {
  /** DC-1: findings at or above this level must be blocked by the gateway */
  "policy.blockingLevel": { schema: classification, default: "CONFIDENTIAL" as const },
  /** per finding type classification overrides, e.g. {"email": "INTERNAL"} */
  "policy.classificationOverrides": { schema: z.record(z.string(), classification), default: {} as Record<string, "PUBLIC" | "INTERNAL" | "CONFIDENTIAL" | "RESTRICTED"> },
  /** guardrail action per classification: block, mask or log */
  "policy.guardrailActions": {
    schema: z.record(classification, z.enum(["block", "mask", "log"])),
    default: { RESTRICTED: "block", CONFIDENTIAL: "block", INTERNAL: "log", PUBLIC: "log" } as Record<string, "block" | "mask" | "log">,
  },
  /** finding types the guardrail only logs, whatever their level */
  "policy.logOnlyTypes": { schema: z.array(z.string()), default: [] as string[] },
  /** fingerprints (HMAC) of known test values allowed through */
  "policy.allowedFingerprints": { schema: z.array(z.string()), default: [] as string[] },
  /** let known test data (e.g. 4111 1111 1111 1111) through the guardrail */
  "policy.allowTestData": { schema: z.boolean(), default: true },
  /** guardrail behaviour on an internal error */
  "policy.failMode": { schema: z.enum(["closed", "open"]), default: "closed" as "closed" | "open" },
  /** internal host name patterns, e.g. "*.corp.example.com" */
  "scan.internalHostPatterns": { schema: z.array(z.string()), default: ["*.corp.example.com", "*.internal"] as string[] },
  /** CM-3 etc: bot and service accounts (logins or emails) */
  "changes.serviceAccounts": { schema: z.array(z.string()), default: ["ci-bot", "release-bot"] as string[] },
  /** CM-3: approvals of an earlier head commit count */
  "changes.allowStaleApprovals": { schema: z.boolean(), default: false },
  /** CM-4 / CM-3: window before a change in which a user's gateway traffic for the repository makes them its prompter */
  "changes.prompterWindowHours": { schema: z.number().int().min(1).max(24 * 30), default: 48 },
  /** CM-6: members of CODEOWNERS teams ("@org/team" → GitHub logins); a team not listed is satisfied by nobody */
  "changes.teamMembers": { schema: z.record(z.string(), z.array(z.string())), default: {} as Record<string, string[]> },
  /** CM-7: the template question */
  "changes.prTemplateQuestion": { schema: z.string().min(1), default: "AI-assisted:" },
  /** git AI markers (see lib/ingest/git/markers.ts for the shape); null = defaults */
  "changes.aiMarkers": { schema: z.unknown(), default: null as unknown },
  /** LA-1: attestation maximum age */
  "access.attestationMaxAgeMonths": { schema: z.number().int().min(1).max(36), default: 12 },
  /** LA-3: destinations tool calls may send data to */
  "access.destinationAllowList": { schema: z.array(z.string()), default: ["github.com", "*.github.com", "api.github.com"] as string[] },
  /** SLA in business days per test id; default for DC-* is 5 */
  "exceptions.slaBusinessDays": { schema: z.record(z.string(), z.number().int().min(1).max(365)), default: { "DC-1": 5, "DC-2": 5, "DC-3": 5, "DC-4": 5 } as Record<string, number> },
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]["default"];

/** Keys that make up the data egress policy (its change history is audit evidence). */
export const EGRESS_POLICY_KEYS: SettingKey[] = [
  "policy.blockingLevel",
  "policy.classificationOverrides",
  "policy.guardrailActions",
  "policy.logOnlyTypes",
  "policy.allowedFingerprints",
  "policy.allowTestData",
  "policy.failMode",
  "scan.internalHostPatterns",
];
