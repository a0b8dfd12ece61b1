import { createHmac } from "node:crypto";
import { canonicalIp } from "./detectors/network";
import { isAlnumCode, isDigitCode } from "./util";

/** Longest run of '*' an excerpt shows for a masked secret body (does not reveal long lengths). */
const MAX_STARS = 16;

function stars(n: number): string {
  return "*".repeat(Math.max(0, Math.min(n, MAX_STARS)));
}

/**
 * Mask the characters selected by `isMaskable`, keeping the first `keepFirst`
 * and last `keepLast` of them; other characters (separators) are kept as they are.
 */
function maskKeeping(value: string, keepFirst: number, keepLast: number, isMaskable: (c: number) => boolean): string {
  let total = 0;
  for (let i = 0; i < value.length; i++) if (isMaskable(value.charCodeAt(i))) total++;
  if (total === 0) return "*".repeat(Math.min(value.length, MAX_STARS)); // not the expected shape: hide it all
  if (keepFirst + keepLast >= total) {
    // too short to reveal anything safely: keep at most a quarter of it, at the end
    keepFirst = 0;
    keepLast = Math.min(keepLast, Math.floor(total / 4));
  }
  let seen = 0;
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!isMaskable(c)) {
      out += value[i];
      continue;
    }
    out += seen < keepFirst || seen >= total - keepLast ? value[i] : "*";
    seen++;
  }
  return out;
}

const SECRET_PREFIXES: readonly string[] = [
  "github_pat_",
  "ghp_",
  "gho_",
  "ghu_",
  "ghs_",
  "ghr_",
  "glpat-",
  "xoxa-",
  "xoxb-",
  "xoxp-",
  "xoxr-",
  "sk_live_",
  "rk_live_",
  "sk_test_",
  "rk_test_",
  "sk-ant-api03-",
  "sk-ant-admin01-",
  "sk-ant-",
  "sk-proj-",
  "sk-svcacct-",
  "sk-admin-",
  "sk-",
  "AIza",
];

/** Mask a token: keep its non-secret vendor prefix and (for long bodies) the last 4 characters. */
function maskToken(value: string, prefix: string, keepLastIfBodyAtLeast = 20): string {
  const body = value.slice(prefix.length);
  const keep = body.length >= keepLastIfBodyAtLeast ? 4 : 0;
  return prefix + stars(body.length - keep) + (keep ? body.slice(body.length - keep) : "");
}

function maskSecretGeneric(value: string): string {
  if (value.length >= 32) return value.slice(0, 2) + stars(value.length - 4) + value.slice(-2);
  return "********";
}

function maskEmail(value: string): string {
  const at = value.lastIndexOf("@");
  if (at < 0) return stars(value.length);
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  const dot = domain.lastIndexOf(".");
  const tld = dot >= 0 ? domain.slice(dot) : "";
  return `${local.charAt(0)}***@${domain.charAt(0)}***${tld}`;
}

function maskIp(value: string): string {
  if (value.includes(":")) {
    const groups = value.split(":");
    let kept = false;
    return groups
      .map((g) => {
        if (g === "") return "";
        if (!kept) {
          kept = true;
          return g;
        }
        return "*";
      })
      .join(":");
  }
  const parts = value.split(".");
  return parts.map((p, i) => (i < 2 ? p : "*")).join(".");
}

function maskHostname(value: string): string {
  const dot = value.indexOf(".");
  const first = dot >= 0 ? value.slice(0, dot) : value;
  const rest = dot >= 0 ? value.slice(dot) : "";
  return `${first.charAt(0)}***${rest}`;
}

function maskConnectionString(value: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^:@/]*):([^@]*)@(.*)$/.exec(value);
  if (!m) return "****";
  const user = m[2] ? `${m[2].charAt(0)}***` : "";
  return `${m[1]}${user}:****@${m[4]}`;
}

function maskPrivateKey(value: string): string {
  const begin = /-----BEGIN [A-Z0-9 ]*-----/.exec(value);
  const end = /-----END [A-Z0-9 ]*-----/.exec(value);
  return `${begin ? begin[0] : "-----BEGIN PRIVATE KEY-----"}****${end ? end[0] : ""}`;
}

function maskJwt(value: string): string {
  const dot = value.indexOf(".");
  const header = dot >= 0 ? value.slice(0, dot) : value;
  return `${header.slice(0, Math.min(10, Math.floor(header.length / 2)))}****.****.****`;
}

/**
 * Masked excerpt of a sensitive value, safe to store:
 *  - credit_card: first 4 and last 4 digits, separators kept ("4111 **** **** 1111")
 *  - us_ssn: last 4 digits ("***-**-6789")
 *  - secrets: vendor prefix and, for long bodies, the last 4 characters ("AKIA************MPLE")
 *  - email "j***@e***.com", phone "+** ** **** **58", ip "10.0.*.*", hostname "b***.corp.example.com"
 *  - PHI identifiers: last 2 characters
 * The full value is never returned.
 */
export function maskValue(type: string, value: string): string {
  switch (type) {
    case "credit_card":
      return maskKeeping(value, 4, 4, isDigitCode);
    case "us_ssn":
      return maskKeeping(value, 0, 4, isDigitCode);
    case "iban":
      return maskKeeping(value, 2, 4, isAlnumCode);
    case "email":
      return maskEmail(value);
    case "phone":
      return maskKeeping(value, 0, 2, isDigitCode);
    case "ip_address":
      return maskIp(value);
    case "internal_hostname":
      return maskHostname(value);
    case "medical_record_number":
    case "health_plan_id":
    case "medicare_mbi":
    case "npi":
    case "dea_number":
      return maskKeeping(value, 0, 2, isAlnumCode);
    case "dob_with_zip":
      return maskKeeping(value, 0, 0, isAlnumCode);
    case "aws_access_key":
      return value.length >= 16 ? value.slice(0, 4) + stars(value.length - 8) + value.slice(-4) : "****";
    case "github_token":
    case "gitlab_token":
    case "slack_token":
    case "stripe_key":
    case "openai_key":
    case "anthropic_key":
    case "google_api_key": {
      const prefix = SECRET_PREFIXES.find((p) => value.startsWith(p)) ?? "";
      return maskToken(value, prefix);
    }
    case "private_key":
      return maskPrivateKey(value);
    case "jwt":
      return maskJwt(value);
    case "connection_string_password":
      return maskConnectionString(value);
    default:
      return maskSecretGeneric(value);
  }
}

function upperAlnum(value: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) if (isAlnumCode(value.charCodeAt(i))) out += value[i];
  return out.toUpperCase();
}

/**
 * Canonical form of a value before fingerprinting, so that the same value written
 * differently has the same fingerprint ("4111-1111-1111-1111" and "4111 1111 1111 1111").
 * Idempotent.
 */
export function normaliseValue(type: string, value: string): string {
  switch (type) {
    case "credit_card":
    case "us_ssn":
    case "npi": {
      let out = "";
      for (let i = 0; i < value.length; i++) if (isDigitCode(value.charCodeAt(i))) out += value[i];
      return out;
    }
    case "phone": {
      let digits = "";
      for (let i = 0; i < value.length; i++) if (isDigitCode(value.charCodeAt(i))) digits += value[i];
      if (value.trimStart().startsWith("+")) return `+${digits}`;
      if (digits.length === 10) return `+1${digits}`;
      return `+${digits}`;
    }
    case "iban":
    case "medicare_mbi":
    case "dea_number":
    case "health_plan_id":
    case "medical_record_number":
      return upperAlnum(value);
    case "email":
    case "internal_hostname":
      return value.trim().toLowerCase();
    case "ip_address":
      return canonicalIp(value.trim()) ?? value.trim().toLowerCase();
    case "private_key":
      return value.replace(/\\[nr]|\s/g, "");
    default:
      return value.trim();
  }
}

/**
 * Keyed fingerprint of a sensitive value: HMAC-SHA256 (hex) with `key` over
 * `normaliseValue(type, value)` (normalisation is idempotent, so an already
 * normalised value gives the same result). Lets the store count repeats without
 * keeping the value. Deliberately not cached: no sensitive value outlives the scan.
 */
export function fingerprint(key: string, type: string, normalisedValue: string): string {
  return createHmac("sha256", key).update(normaliseValue(type, normalisedValue), "utf8").digest("hex");
}
