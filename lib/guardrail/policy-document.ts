// The data egress policy as a document (auditor question 2), its change history, the
// guardrail's recent decisions, and the ADMIN's edit of it (through setSetting, so every
// change is kept in SettingChange with who, when, old and new value, and a comment).
import { z } from "zod";
import type { Db } from "../db/client";
import { EGRESS_POLICY_KEYS, SETTINGS, type SettingKey } from "../settings/definitions";
import { getSettings, setSetting } from "../settings/store";
import { DETECTOR_TYPES, FINDING_TYPES, type DetectorFamily } from "../scan/registry";
import { CLASSIFICATIONS, atLeast, type Classification } from "../scan/types";
import { buildPolicy, invalidatePolicyCache, policyUrl, ruleFor, type GuardrailRule } from "./policy";

export interface DetectorRow {
  type: string;
  family: DetectorFamily;
  description: string;
  defaultClassification: Classification;
  classification: Classification;
  overridden: boolean;
  /** what the guardrail does with a (non-test, non-allow-listed) finding of this type */
  rule: GuardrailRule;
  logOnly: boolean;
}

export interface PolicyDocument {
  blockingLevel: Classification;
  actions: Record<Classification, GuardrailRule>;
  logOnlyTypes: string[];
  allowedFingerprints: string[];
  allowTestData: boolean;
  failMode: "closed" | "open";
  internalHostPatterns: string[];
  classificationOverrides: Record<string, Classification>;
  detectors: DetectorRow[];
  /** inconsistencies an auditor would ask about */
  warnings: string[];
  policyUrl: string;
}

export async function policyDocument(db: Db): Promise<PolicyDocument> {
  const s = await getSettings(db, EGRESS_POLICY_KEYS);
  const blockingLevel = s["policy.blockingLevel"] as Classification;
  const policy = buildPolicy({
    blockingLevel,
    guardrailActions: s["policy.guardrailActions"] as Partial<Record<string, GuardrailRule>>,
    logOnlyTypes: s["policy.logOnlyTypes"] as string[],
  });
  const overrides = s["policy.classificationOverrides"] as Record<string, Classification>;
  const logOnly = new Set(s["policy.logOnlyTypes"] as string[]);
  const detectors: DetectorRow[] = DETECTOR_TYPES.map((d) => {
    const classification = overrides[d.type] ?? d.classification;
    return {
      type: d.type,
      family: d.family,
      description: d.description,
      defaultClassification: d.classification,
      classification,
      overridden: overrides[d.type] !== undefined && overrides[d.type] !== d.classification,
      rule: logOnly.has(d.type) ? "log" : ruleFor(policy, classification),
      logOnly: logOnly.has(d.type),
    };
  });
  const warnings: string[] = [];
  for (const c of CLASSIFICATIONS) {
    if (atLeast(c, blockingLevel) && policy.actions[c] === "log") {
      warnings.push(`${c} is at or above the blocking level (${blockingLevel}) but the guardrail only logs it: every such prompt will be a DC-1 exception.`);
    }
  }
  for (const d of detectors) {
    if (d.logOnly && atLeast(d.classification, blockingLevel)) {
      warnings.push(`${d.type} (${d.classification}) is log-only at the guardrail although it is at or above the blocking level: such prompts will be DC-1 exceptions.`);
    }
  }
  if (s["policy.failMode"] === "open") warnings.push("The guardrail fails open: when it has an internal error, prompts pass unscanned (each such decision is recorded with its error).");
  return {
    blockingLevel,
    actions: policy.actions,
    logOnlyTypes: [...logOnly].sort(),
    allowedFingerprints: s["policy.allowedFingerprints"] as string[],
    allowTestData: s["policy.allowTestData"] as boolean,
    failMode: s["policy.failMode"] as "closed" | "open",
    internalHostPatterns: s["scan.internalHostPatterns"] as string[],
    classificationOverrides: overrides,
    detectors,
    warnings,
    policyUrl: policyUrl(),
  };
}

export interface PolicyChange {
  id: string;
  key: string;
  oldValue: unknown;
  newValue: unknown;
  changedBy: string | null;
  changedAt: Date;
  comment: string | null;
}

/** Changes of the egress policy's settings, newest first. */
export async function policyHistory(db: Db, limit = 200): Promise<PolicyChange[]> {
  const rows = await db.settingChange.findMany({
    where: { key: { in: [...EGRESS_POLICY_KEYS] } },
    orderBy: [{ changedAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  const ids = [...new Set(rows.map((r) => r.changedById).filter((v): v is string => Boolean(v)))];
  const users = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } }) : [];
  const emailOf = new Map(users.map((u) => [u.id, u.email]));
  return rows.map((r) => ({
    id: r.id.toString(),
    key: r.key,
    oldValue: r.oldValue,
    newValue: r.newValue,
    changedBy: r.changedBy ?? (r.changedById ? (emailOf.get(r.changedById) ?? r.changedById) : null),
    changedAt: r.changedAt,
    comment: r.comment,
  }));
}

export interface DecisionCounts {
  since: Date;
  blocked: number;
  intervened: number;
  none: number;
  errors: number;
  total: number;
  /** finding types in blocked or masked decisions, most frequent first */
  byType: { type: string; blocked: number; intervened: number }[];
}

/** The guardrail's decisions since `since` (default: the last 30 days). */
export async function decisionCounts(db: Db, since = new Date(Date.now() - 30 * 86_400_000)): Promise<DecisionCounts> {
  const [rows, types] = await Promise.all([
    db.$queryRaw<{ action: string; n: bigint; errors: bigint }[]>`
      SELECT action, count(*) AS n, count(*) FILTER (WHERE error IS NOT NULL) AS errors
      FROM "GuardrailDecision" WHERE "decidedAt" >= ${since} GROUP BY action`,
    db.$queryRaw<{ type: string; blocked: bigint; intervened: bigint }[]>`
      SELECT t.type,
        count(*) FILTER (WHERE d.action = 'BLOCKED') AS blocked,
        count(*) FILTER (WHERE d.action = 'GUARDRAIL_INTERVENED') AS intervened
      FROM "GuardrailDecision" d CROSS JOIN LATERAL unnest(d.types) AS t(type)
      WHERE d."decidedAt" >= ${since} AND d.action IN ('BLOCKED', 'GUARDRAIL_INTERVENED')
      GROUP BY t.type ORDER BY count(*) DESC, t.type LIMIT 20`,
  ]);
  const n = (a: string) => Number(rows.find((r) => r.action === a)?.n ?? 0);
  return {
    since,
    blocked: n("BLOCKED"),
    intervened: n("GUARDRAIL_INTERVENED"),
    none: n("NONE"),
    errors: rows.reduce((s, r) => s + Number(r.errors), 0),
    total: rows.reduce((s, r) => s + Number(r.n), 0),
    byType: types.map((t) => ({ type: t.type, blocked: Number(t.blocked), intervened: Number(t.intervened) })),
  };
}

// ---------------------------------------------------------------------------- editing

const classification = z.enum(CLASSIFICATIONS);
const rule = z.enum(["block", "mask", "log"]);
const knownType = z.string().refine((t) => (FINDING_TYPES as readonly string[]).includes(t), { message: "unknown finding type" });

export const PolicyEdit = z.object({
  blockingLevel: classification,
  guardrailActions: z.object({ RESTRICTED: rule, CONFIDENTIAL: rule, INTERNAL: rule, PUBLIC: rule }),
  logOnlyTypes: z.array(knownType),
  classificationOverrides: z.record(knownType, classification),
  allowedFingerprints: z.array(z.string().regex(/^[0-9a-f]{64}$/i, "a fingerprint is 64 hex characters (HMAC-SHA256)")),
  allowTestData: z.boolean(),
  failMode: z.enum(["closed", "open"]),
  internalHostPatterns: z.array(z.string().min(1).max(253).regex(/^[A-Za-z0-9*.-]+$/, "host patterns use letters, digits, '-', '.' and '*'")),
  comment: z.string().trim().min(3, "say why the policy changes (kept in its history)").max(500),
});
export type PolicyEdit = z.infer<typeof PolicyEdit>;

const lines = (v: FormDataEntryValue | null) =>
  typeof v === "string" ? v.split(/[\r\n,]+/).map((s) => s.trim()).filter(Boolean) : [];

/** The policy form's fields as a PolicyEdit candidate (validated by updateEgressPolicy). */
export function policyEditFromForm(form: FormData): unknown {
  const overrides: Record<string, string> = {};
  for (const t of FINDING_TYPES) {
    const v = form.get(`override.${t}`);
    if (typeof v === "string" && v) overrides[t] = v;
  }
  return {
    blockingLevel: form.get("blockingLevel"),
    guardrailActions: Object.fromEntries(CLASSIFICATIONS.map((c) => [c, form.get(`action.${c}`)])),
    logOnlyTypes: form.getAll("logOnlyTypes").filter((v): v is string => typeof v === "string"),
    classificationOverrides: overrides,
    allowedFingerprints: lines(form.get("allowedFingerprints")).map((f) => f.toLowerCase()),
    allowTestData: form.get("allowTestData") === "on",
    failMode: form.get("failMode"),
    internalHostPatterns: lines(form.get("internalHostPatterns")),
    comment: form.get("comment") ?? "",
  };
}

const canonical = (v: unknown): string => {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
};

/**
 * Applies an edit: only the settings whose value changes are written (one SettingChange
 * each, with the comment), overrides equal to the default are dropped, and the guardrail's
 * cached policy is invalidated. Returns the keys that changed.
 */
export async function updateEgressPolicy(db: Db, input: unknown, by: { id?: string | null; email?: string | null }): Promise<SettingKey[]> {
  const edit = PolicyEdit.parse(input);
  const defaults = new Map(DETECTOR_TYPES.map((d) => [d.type as string, d.classification]));
  const overrides = Object.fromEntries(Object.entries(edit.classificationOverrides).filter(([t, c]) => defaults.get(t) !== c));
  const next: Partial<Record<SettingKey, unknown>> = {
    "policy.blockingLevel": edit.blockingLevel,
    "policy.guardrailActions": edit.guardrailActions,
    "policy.logOnlyTypes": [...new Set(edit.logOnlyTypes)].sort(),
    "policy.classificationOverrides": overrides,
    "policy.allowedFingerprints": [...new Set(edit.allowedFingerprints.map((f) => f.toLowerCase()))],
    "policy.allowTestData": edit.allowTestData,
    "policy.failMode": edit.failMode,
    "scan.internalHostPatterns": [...new Set(edit.internalHostPatterns.map((p) => p.toLowerCase()))],
  };
  const current = await getSettings(db, EGRESS_POLICY_KEYS);
  const changed: SettingKey[] = [];
  for (const key of EGRESS_POLICY_KEYS) {
    if (!(key in next)) continue;
    if (canonical(current[key]) === canonical(next[key])) continue;
    SETTINGS[key].schema.parse(next[key]);
    await setSetting(db, key, next[key], by, edit.comment);
    changed.push(key);
  }
  if (changed.length) invalidatePolicyCache();
  return changed;
}
