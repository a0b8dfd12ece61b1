// The guardrail's decision: a pure function of the texts, the findings and the policy.
// No I/O; the handler scans, calls decide(), and stores what it returns minus the text.
import { detectorInfo } from "../scan/registry";
import { classificationRank, type Classification, type LocatedFinding } from "../scan/types";
import { ruleFor, type GuardrailPolicy } from "./policy";
import type { GuardrailResponse } from "./schema";

/** What happened to one finding. */
export type Disposition =
  | "blocked"
  | "masked"
  | "logged" // the policy only logs this classification or type
  | "allowed-fingerprint" // on the allow-list
  | "allowed-test-data"; // known test value, and the policy lets test data through

export interface DecidedFinding extends LocatedFinding {
  disposition: Disposition;
  /** why a "mask" rule became "blocked" (the value sits where LiteLLM takes no masked text back) */
  note?: string;
}

export interface DecideContext {
  inputType?: "request" | "response";
}

const LABELS: Record<string, string> = {
  credit_card: "a payment card number",
  us_ssn: "a US SSN",
  iban: "an IBAN",
  email: "an email address",
  phone: "a phone number",
  ip_address: "an IP address",
  dob_with_zip: "a date of birth with a ZIP code",
  medical_record_number: "a medical record number",
  health_plan_id: "a health plan id",
  medicare_mbi: "a Medicare beneficiary id",
  npi: "a National Provider Identifier",
  dea_number: "a DEA number",
  aws_access_key: "an AWS access key",
  aws_secret_key: "an AWS secret key",
  github_token: "a GitHub token",
  gitlab_token: "a GitLab token",
  slack_token: "a Slack token",
  stripe_key: "a Stripe key",
  openai_key: "an OpenAI API key",
  anthropic_key: "an Anthropic API key",
  google_api_key: "a Google API key",
  private_key: "a private key",
  jwt: "a JSON Web Token",
  connection_string_password: "a password in a connection string",
  env_secret: "a secret in a .env line",
  generic_secret: "a secret value",
  internal_hostname: "an internal host name",
};

/** "a US SSN", "an AWS access key"... */
export function describeType(type: string): string {
  const known = LABELS[type];
  if (known) return known;
  const words = type.replace(/[_-]+/g, " ").trim();
  return `${/^[aeiou]/i.test(words) ? "an" : "a"} ${words}`;
}

/** texts[1] -> 1; null for other locations */
export function textIndex(location: string): number | null {
  const m = /^texts\[(\d+)\]$/.exec(location);
  return m ? Number(m[1]) : null;
}

/**
 * Where a finding is, in words an engineer recognises: "message 2" (1-based, in the
 * order LiteLLM sent the texts), "response part 1", "tool call 1 arguments".
 */
export function describeLocation(location: string, inputType: "request" | "response" = "request"): string {
  const t = textIndex(location);
  if (t !== null) return inputType === "response" ? `response part ${t + 1}` : `message ${t + 1}`;
  const sm = /^structured_messages\[(\d+)\]/.exec(location);
  if (sm) return `message ${Number(sm[1]) + 1}`;
  const tc = /^tool_calls\[(\d+)\]/.exec(location);
  if (tc) return `the arguments of tool call ${Number(tc[1]) + 1}`;
  return location;
}

/** What the policy does with one finding (before the mask-to-block escalation). */
export function dispositionOf(f: Pick<LocatedFinding, "type" | "classification" | "fingerprint" | "testData">, policy: GuardrailPolicy): Disposition {
  if (policy.allowedFingerprints.has(f.fingerprint)) return "allowed-fingerprint";
  if (f.testData && policy.allowTestData) return "allowed-test-data";
  if (policy.logOnlyTypes.has(f.type)) return "logged";
  const rule = ruleFor(policy, f.classification);
  return rule === "block" ? "blocked" : rule === "mask" ? "masked" : "logged";
}

/** Every finding with its disposition. A "mask" outside texts[] cannot be masked: it blocks. */
export function classifyFindings(findings: readonly LocatedFinding[], policy: GuardrailPolicy): DecidedFinding[] {
  return findings.map((f) => {
    const d = dispositionOf(f, policy);
    if (d === "masked" && textIndex(f.location) === null) {
      return { ...f, disposition: "blocked", note: "mask rule, but LiteLLM takes masked text back only for texts[]" };
    }
    return { ...f, disposition: d };
  });
}

type Family = "secret" | "customer" | "internal";

function familyOf(type: string): Family {
  const fam = detectorInfo(type)?.family;
  if (fam === "secret") return "secret";
  if (fam === "network") return "internal";
  return "customer";
}

function remedy(families: Set<Family>, inputType: "request" | "response"): string {
  if (inputType === "response") return "The model's answer was withheld; rephrase the request so the answer does not need this data";
  const parts: string[] = [];
  if (families.has("customer")) parts.push("Remove customer data from the prompt (use synthetic or test values)");
  if (families.has("secret")) parts.push(`${parts.length ? "remove" : "Remove"} the credential and rotate it if it is real`);
  if (families.has("internal")) parts.push(`${parts.length ? "remove" : "Remove"} internal host names`);
  return parts.join("; ");
}

const MAX_NAMED = 3;

/**
 * An actionable reason: which data, its masked excerpt, where, what to do, and the policy.
 * "Blocked: a US SSN (***-**-6789) in message 2. Remove customer data from the prompt
 * (use synthetic or test values); see https://evidence.example.com/policy"
 */
export function blockedReason(blocked: readonly DecidedFinding[], policy: GuardrailPolicy, inputType: "request" | "response" = "request"): string {
  // most sensitive first, then in reading order
  const ordered = [...blocked].sort(
    (a, b) => classificationRank(b.classification) - classificationRank(a.classification) || a.location.localeCompare(b.location) || a.start - b.start,
  );
  const seen = new Set<string>();
  const named: string[] = [];
  for (const f of ordered) {
    const key = `${f.type}|${f.fingerprint}|${describeLocation(f.location, inputType)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (named.length < MAX_NAMED) named.push(`${describeType(f.type)} (${f.excerpt}) in ${describeLocation(f.location, inputType)}`);
  }
  const more = seen.size - named.length;
  const what = named.length === 1 ? named[0] : `${named.slice(0, -1).join(", ")} and ${named[named.length - 1]}`;
  const subject = inputType === "response" ? "the response contains " : "";
  const families = new Set(blocked.map((f) => familyOf(f.type)));
  return `Blocked: ${subject}${what}${more > 0 ? ` (+${more} more)` : ""}. ${remedy(families, inputType)}; see ${policy.policyUrl}`;
}

/** Replaces each masked finding's span by its masked excerpt, or [REDACTED:type] when the excerpt would show the value. */
export function maskTexts(texts: readonly string[], findings: readonly DecidedFinding[]): string[] {
  const byText = new Map<number, DecidedFinding[]>();
  for (const f of findings) {
    if (f.disposition !== "masked") continue;
    const i = textIndex(f.location);
    if (i === null || i >= texts.length) continue;
    const list = byText.get(i);
    if (list) list.push(f);
    else byText.set(i, [f]);
  }
  if (byText.size === 0) return [...texts];
  return texts.map((text, i) => {
    const list = byText.get(i);
    if (!list) return text;
    list.sort((a, b) => a.start - b.start || b.end - a.end);
    let out = "";
    let at = 0;
    for (const f of list) {
      if (f.start < at || f.end > text.length || f.end <= f.start) continue; // overlapping or out of range
      const original = text.slice(f.start, f.end);
      const replacement = f.excerpt && f.excerpt !== original && f.excerpt.includes("*") ? f.excerpt : `[REDACTED:${f.type}]`;
      out += text.slice(at, f.start) + replacement;
      at = f.end;
    }
    return out + text.slice(at);
  });
}

export interface Decision {
  response: GuardrailResponse;
  findings: DecidedFinding[];
  types: string[];
  maxClassification: Classification | null;
}

/** decide() with the per-finding dispositions the handler stores as evidence. */
export function decideWithFindings(
  texts: readonly string[],
  findings: readonly LocatedFinding[],
  policy: GuardrailPolicy,
  ctx: DecideContext = {},
): Decision {
  const inputType = ctx.inputType ?? "request";
  const decided = classifyFindings(findings, policy);
  const types = [...new Set(decided.map((f) => f.type))].sort();
  let max: Classification | null = null;
  for (const f of decided) if (max === null || classificationRank(f.classification) > classificationRank(max)) max = f.classification;

  const blocked = decided.filter((f) => f.disposition === "blocked");
  if (blocked.length > 0) {
    return { response: { action: "BLOCKED", blocked_reason: blockedReason(blocked, policy, inputType) }, findings: decided, types, maxClassification: max };
  }
  if (decided.some((f) => f.disposition === "masked")) {
    return { response: { action: "GUARDRAIL_INTERVENED", texts: maskTexts(texts, decided) }, findings: decided, types, maxClassification: max };
  }
  return { response: { action: "NONE" }, findings: decided, types, maxClassification: max };
}

/**
 * The guardrail answer for `texts` given their findings (locations "texts[i]", or
 * "structured_messages[..]" / "tool_calls[..]" for text LiteLLM did not put in texts):
 *  - any finding whose rule is block (or mask outside texts[]) -> BLOCKED with an actionable reason;
 *  - else any finding whose rule is mask -> GUARDRAIL_INTERVENED with the masked texts;
 *  - else NONE. Allow-listed fingerprints, test data (when allowed) and log-only types never act.
 */
export function decide(texts: readonly string[], findings: readonly LocatedFinding[], policy: GuardrailPolicy, ctx: DecideContext = {}): GuardrailResponse {
  return decideWithFindings(texts, findings, policy, ctx).response;
}

/** The decision for an internal error: fail closed (block) or open (pass), per policy.failMode. */
export function failDecision(failMode: "closed" | "open", url: string): GuardrailResponse {
  if (failMode === "open") return { action: "NONE" };
  return {
    action: "BLOCKED",
    blocked_reason: `Blocked: the data egress filter failed (internal error) and the policy fails closed. Retry in a moment; if it persists, contact your compliance team; see ${url}`,
  };
}
