// The data egress policy as the guardrail applies it: the same settings the CC3.2
// tests read (lib/settings/definitions.ts, EGRESS_POLICY_KEYS), plus the scan options.
// Cached in memory for a few seconds so the hot path reads nothing but the token.
import type { Db } from "../db/client";
import { getSettings, fingerprintKey } from "../settings/store";
import { CLASSIFICATIONS, atLeast, type Classification, type ScanOptions } from "../scan/types";

export type GuardrailRule = "block" | "mask" | "log";

export interface GuardrailPolicy {
  /** DC-1: findings at or above this level must be blocked by the gateway */
  blockingLevel: Classification;
  /** what the guardrail does per classification */
  actions: Record<Classification, GuardrailRule>;
  /** finding types that are only logged, whatever their level */
  logOnlyTypes: ReadonlySet<string>;
  /** HMAC fingerprints of known values that are let through */
  allowedFingerprints: ReadonlySet<string>;
  /** well-known test values (4111 1111 1111 1111...) pass */
  allowTestData: boolean;
  /** internal error: block ("closed") or pass ("open") */
  failMode: "closed" | "open";
  /** absolute URL of the policy page, quoted in every block reason */
  policyUrl: string;
}

export const POLICY_SETTING_KEYS = [
  "policy.blockingLevel",
  "policy.guardrailActions",
  "policy.logOnlyTypes",
  "policy.allowedFingerprints",
  "policy.allowTestData",
  "policy.failMode",
  "policy.classificationOverrides",
  "scan.internalHostPatterns",
] as const;

/** `${APP_URL or NEXTAUTH_URL}/policy` (relative when neither is set). */
export function policyUrl(env: NodeJS.ProcessEnv = process.env): string {
  const base = (env.APP_URL || env.NEXTAUTH_URL || "").replace(/\/+$/, "");
  return `${base}/policy`;
}

/** The rule for a classification: the configured one, else block at/above the blocking level. */
export function ruleFor(policy: Pick<GuardrailPolicy, "actions" | "blockingLevel">, c: Classification): GuardrailRule {
  return policy.actions[c] ?? (atLeast(c, policy.blockingLevel) ? "block" : "log");
}

export function buildPolicy(s: {
  blockingLevel: Classification;
  guardrailActions: Partial<Record<string, GuardrailRule>>;
  logOnlyTypes?: readonly string[];
  allowedFingerprints?: readonly string[];
  allowTestData?: boolean;
  failMode?: "closed" | "open";
  policyUrl?: string;
}): GuardrailPolicy {
  const actions = {} as Record<Classification, GuardrailRule>;
  for (const c of CLASSIFICATIONS) actions[c] = s.guardrailActions[c] ?? (atLeast(c, s.blockingLevel) ? "block" : "log");
  return {
    blockingLevel: s.blockingLevel,
    actions,
    logOnlyTypes: new Set(s.logOnlyTypes ?? []),
    allowedFingerprints: new Set((s.allowedFingerprints ?? []).map((f) => f.trim().toLowerCase())),
    allowTestData: s.allowTestData ?? true,
    failMode: s.failMode ?? "closed",
    policyUrl: s.policyUrl ?? policyUrl(),
  };
}

export interface LoadedPolicy {
  policy: GuardrailPolicy;
  scanOptions: ScanOptions;
  loadedAt: number;
}

export async function loadPolicy(db: Db): Promise<LoadedPolicy> {
  const [s, key] = await Promise.all([getSettings(db, POLICY_SETTING_KEYS), fingerprintKey(db)]);
  return {
    policy: buildPolicy({
      blockingLevel: s["policy.blockingLevel"],
      guardrailActions: s["policy.guardrailActions"],
      logOnlyTypes: s["policy.logOnlyTypes"],
      allowedFingerprints: s["policy.allowedFingerprints"],
      allowTestData: s["policy.allowTestData"],
      failMode: s["policy.failMode"],
    }),
    scanOptions: {
      fingerprintKey: key,
      internalHostPatterns: s["scan.internalHostPatterns"],
      classificationOverrides: s["policy.classificationOverrides"],
    },
    loadedAt: Date.now(),
  };
}

/** How long a loaded policy is used before it is read again (another server's change shows within this). */
export const POLICY_TTL_MS = 5_000;

const cache = new WeakMap<Db, { value?: LoadedPolicy; generation: number; pending?: Promise<LoadedPolicy> }>();
/** bumped by invalidatePolicyCache(): every cached policy older than this is reloaded */
let generation = 0;

/**
 * The policy for `db`, from memory when younger than `ttlMs`. Concurrent callers share
 * one load. Changes made in this process (the policy page) call invalidatePolicyCache(),
 * changes made by another server show within the TTL.
 */
export async function cachedPolicy(db: Db, ttlMs = POLICY_TTL_MS): Promise<LoadedPolicy> {
  let entry = cache.get(db);
  if (!entry) cache.set(db, (entry = { generation }));
  if (entry.value && entry.generation === generation && Date.now() - entry.value.loadedAt < ttlMs) return entry.value;
  let pending = entry.pending;
  if (!pending) {
    const e = entry;
    const loadingGeneration = generation;
    pending = e.pending = loadPolicy(db).then(
      (v) => {
        e.value = v;
        e.generation = loadingGeneration;
        e.pending = undefined;
        return v;
      },
      (err: unknown) => {
        e.pending = undefined;
        throw err;
      },
    );
  }
  return pending;
}

/** The last policy loaded for `db`, however old (picks the fail mode when loading fails). */
export function lastKnownPolicy(db: Db): GuardrailPolicy | null {
  return cache.get(db)?.value?.policy ?? null;
}

/** Forget every cached policy (after a settings change in this process). */
export function invalidatePolicyCache(): void {
  generation++;
}
