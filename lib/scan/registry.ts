import type { Classification } from "./types";

/** Every finding type the library can emit. */
export const FINDING_TYPES = [
  "credit_card",
  "us_ssn",
  "iban",
  "email",
  "phone",
  "ip_address",
  "dob_with_zip",
  "medical_record_number",
  "health_plan_id",
  "medicare_mbi",
  "npi",
  "dea_number",
  "aws_access_key",
  "aws_secret_key",
  "github_token",
  "gitlab_token",
  "slack_token",
  "stripe_key",
  "openai_key",
  "anthropic_key",
  "google_api_key",
  "private_key",
  "jwt",
  "connection_string_password",
  "env_secret",
  "generic_secret",
  "internal_hostname",
] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

export type DetectorFamily = "payment" | "national-id" | "financial" | "contact" | "phi" | "secret" | "network";

export interface DetectorTypeInfo {
  type: FindingType;
  /** detector id written on every finding, e.g. "payment-card" */
  detector: string;
  /** bumped whenever the detector's matching rules change (re-scans can be compared) */
  version: string;
  /** default classification; ScanOptions.classificationOverrides may change it */
  classification: Classification;
  family: DetectorFamily;
  /** human readable, for settings pages and policy documents */
  description: string;
  /**
   * Specificity used when two findings overlap: the higher one is kept.
   * Vendor-specific formats beat generic ones (github_token > env_secret > generic_secret,
   * credit_card > phone).
   */
  priority: number;
  /**
   * Composite findings (a combination of several values, like a date of birth
   * near a ZIP code) may overlap findings of other types without removing them.
   */
  composite?: boolean;
}

const V = "1.0.0";

export const DETECTOR_TYPES: readonly DetectorTypeInfo[] = [
  { type: "credit_card", detector: "payment-card", version: V, classification: "RESTRICTED", family: "payment", priority: 95, description: "Payment card number (PAN): 12-19 digits, Luhn-valid, known issuer prefix or card context; well-known test numbers are marked as test data." },
  { type: "us_ssn", detector: "us-ssn", version: V, classification: "RESTRICTED", family: "national-id", priority: 90, description: "US Social Security number with SSA validity rules (area not 000/666/9xx, group not 00, serial not 0000); bare nine-digit runs only next to an SSN context word; published example numbers are marked as test data." },
  { type: "iban", detector: "iban", version: V, classification: "CONFIDENTIAL", family: "financial", priority: 85, description: "International Bank Account Number with country length table and mod-97 check." },
  { type: "email", detector: "email", version: V, classification: "CONFIDENTIAL", family: "contact", priority: 50, description: "Email address; RFC 2606 example domains are marked as test data." },
  { type: "phone", detector: "phone", version: V, classification: "CONFIDENTIAL", family: "contact", priority: 40, description: "Telephone number: international (+CC ...) or North American ((415) 555-2671, 415-555-2671); fictional ranges are marked as test data." },
  { type: "ip_address", detector: "ip-address", version: V, classification: "INTERNAL", family: "network", priority: 30, description: "IPv4 (validated octets) and IPv6 (including compressed forms) addresses; private, loopback and link-local ranges have low confidence, documentation ranges are test data." },
  { type: "dob_with_zip", detector: "phi-dob-zip", version: V, classification: "RESTRICTED", family: "phi", priority: 75, composite: true, description: "PHI combination: a date of birth (with a DOB/born/birth context word) within about 100 characters of a full 5-digit or ZIP+4 code (with ZIP/postal or state context)." },
  { type: "medical_record_number", detector: "phi-mrn", version: V, classification: "RESTRICTED", family: "phi", priority: 80, description: "Medical record number following an MRN / medical record context." },
  { type: "health_plan_id", detector: "phi-health-plan-id", version: V, classification: "RESTRICTED", family: "phi", priority: 78, description: "Health plan beneficiary / member / subscriber id following its context word." },
  { type: "medicare_mbi", detector: "phi-medicare-mbi", version: V, classification: "RESTRICTED", family: "phi", priority: 82, description: "Medicare Beneficiary Identifier (11 characters, CMS position rules, optional dashes); the CMS sample MBI is test data." },
  { type: "npi", detector: "phi-npi", version: V, classification: "RESTRICTED", family: "phi", priority: 81, description: "National Provider Identifier: 10 digits, Luhn check with the 80840 prefix, next to an NPI context word." },
  { type: "dea_number", detector: "phi-dea", version: V, classification: "RESTRICTED", family: "phi", priority: 81, description: "DEA registration number: registrant letter + letter + 7 digits with the DEA checksum (low confidence without a DEA context word)." },
  { type: "aws_access_key", detector: "secret-aws", version: V, classification: "RESTRICTED", family: "secret", priority: 100, description: "AWS access key id (AKIA/ASIA + 16)." },
  { type: "aws_secret_key", detector: "secret-aws", version: V, classification: "RESTRICTED", family: "secret", priority: 92, description: "AWS secret access key: 40 base64 characters next to an AWS / secret access key context." },
  { type: "github_token", detector: "secret-github", version: V, classification: "RESTRICTED", family: "secret", priority: 100, description: "GitHub token (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)." },
  { type: "gitlab_token", detector: "secret-gitlab", version: V, classification: "RESTRICTED", family: "secret", priority: 100, description: "GitLab personal access token (glpat-)." },
  { type: "slack_token", detector: "secret-slack", version: V, classification: "RESTRICTED", family: "secret", priority: 100, description: "Slack token (xoxa-, xoxb-, xoxp-, xoxr-)." },
  { type: "stripe_key", detector: "secret-stripe", version: V, classification: "RESTRICTED", family: "secret", priority: 100, description: "Stripe secret or restricted key (sk_live_, rk_live_); test-mode keys are test data." },
  { type: "openai_key", detector: "secret-openai", version: V, classification: "RESTRICTED", family: "secret", priority: 99, description: "OpenAI API key (sk-..., sk-proj-...)." },
  { type: "anthropic_key", detector: "secret-anthropic", version: V, classification: "RESTRICTED", family: "secret", priority: 100, description: "Anthropic API key (sk-ant-...)." },
  { type: "google_api_key", detector: "secret-google", version: V, classification: "RESTRICTED", family: "secret", priority: 100, description: "Google API key (AIza + 35)." },
  { type: "private_key", detector: "secret-private-key", version: V, classification: "RESTRICTED", family: "secret", priority: 100, description: "PEM / OpenSSH / PGP private key block." },
  { type: "jwt", detector: "secret-jwt", version: V, classification: "RESTRICTED", family: "secret", priority: 96, description: "JSON Web Token: three base64url parts whose header decodes to JSON with \"alg\"." },
  { type: "connection_string_password", detector: "secret-connection-string", version: V, classification: "RESTRICTED", family: "secret", priority: 94, description: "Password inside a URL / connection string (scheme://user:password@host)." },
  { type: "env_secret", detector: "secret-env", version: V, classification: "RESTRICTED", family: "secret", priority: 70, description: ".env-style NAME=value line where NAME looks secret (KEY, SECRET, TOKEN, PASSWORD...) and the value has high entropy." },
  { type: "generic_secret", detector: "secret-generic", version: V, classification: "RESTRICTED", family: "secret", priority: 60, description: "High-entropy value assigned to a password / secret / token / api_key field in code, JSON, YAML or an Authorization header." },
  { type: "internal_hostname", detector: "internal-hostname", version: V, classification: "INTERNAL", family: "network", priority: 20, description: "Host name matching a configured internal pattern (e.g. *.corp.example.com), case-insensitive." },
];

const BY_TYPE = new Map<string, DetectorTypeInfo>(DETECTOR_TYPES.map((d) => [d.type, d]));

export function detectorInfo(type: string): DetectorTypeInfo | undefined {
  return BY_TYPE.get(type);
}

/**
 * Default classification of a finding type. Unknown types are treated as
 * RESTRICTED (fail closed).
 */
export function defaultClassification(type: string): Classification {
  return BY_TYPE.get(type)?.classification ?? "RESTRICTED";
}
