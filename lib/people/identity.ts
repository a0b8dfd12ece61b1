/**
 * Pure identity helpers: how an identity string is normalised before it becomes a
 * PersonAlias value, GitHub noreply addresses, bot detection, and the comparison keys the
 * suggested links use. No database access here.
 */
import type { AliasKind, AliasStatus } from "../generated/prisma/enums";

export type { AliasKind, AliasStatus };

export const ALIAS_KINDS: readonly AliasKind[] = ["GIT_EMAIL", "GITHUB_LOGIN", "PROXY_USER", "PROXY_EMAIL"];

/** Alias value as stored: emails and GitHub logins are case-insensitive, so lower-cased; proxy user ids are kept as written (trimmed). */
export function normaliseAliasValue(kind: AliasKind, value: string): string {
  const v = value.trim();
  if (kind === "GIT_EMAIL" || kind === "PROXY_EMAIL" || kind === "GITHUB_LOGIN") return v.toLowerCase();
  return v;
}

export function isEmailKind(kind: AliasKind): boolean {
  return kind === "GIT_EMAIL" || kind === "PROXY_EMAIL";
}

export function looksLikeEmail(value: string): boolean {
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(value.trim());
}

const NOREPLY_RE = /^(?:(\d+)\+)?([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\[bot\])?)@users\.noreply\.github\.com$/i;

/**
 * The GitHub login behind a noreply address: `12345+login@users.noreply.github.com` and the
 * older `login@users.noreply.github.com` (bots: `123+name[bot]@users.noreply.github.com`).
 */
export function githubLoginFromNoreply(email: string): string | null {
  const m = NOREPLY_RE.exec(email.trim());
  return m ? m[2].toLowerCase() : null;
}

/** GitHub's own commit identities that are no person (web-flow committer, GitHub merge committer). */
export function isGitHubSystemEmail(email: string): boolean {
  const e = email.trim().toLowerCase();
  return e === "noreply@github.com" || e === "web-flow@users.noreply.github.com" || e === "actions@github.com";
}

/** A bot per DESIGN.md: `user.type == "Bot"` or a login ending in `[bot]`; plus configured service accounts. */
export function isBotLogin(login: string | null | undefined, type?: string | null, serviceAccounts: readonly string[] = []): boolean {
  if (type && type.toLowerCase() === "bot") return true;
  if (!login) return false;
  const l = login.trim().toLowerCase();
  if (l.endsWith("[bot]")) return true;
  return serviceAccounts.some((s) => s.trim().toLowerCase() === l);
}

/** Comparison key of a name or an identifier: accents folded, lower case, letters and digits only. */
export function compactKey(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** A display name good enough for a name match: at least two words of two letters. */
export function isDistinctiveName(name: string | null | undefined): boolean {
  if (!name) return false;
  const words = name.trim().split(/\s+/).filter((w) => compactKey(w).length >= 2);
  return words.length >= 2;
}

/** The key suggested links compare: an email's local part, a login or a user id, compacted. */
export function handleKey(kind: AliasKind, value: string): string {
  const v = value.trim();
  if (isEmailKind(kind) || (kind === "PROXY_USER" && looksLikeEmail(v))) {
    const login = githubLoginFromNoreply(v);
    return compactKey(login ?? v.slice(0, v.indexOf("@")));
  }
  return compactKey(v.replace(/\[bot\]$/i, ""));
}

const STRENGTH: Record<AliasStatus, number> = { REJECTED: -1, SUGGESTED: 0, AUTO: 1, CONFIRMED: 2 };

/** The stronger of two statuses (a REJECTED decision is never overridden automatically). */
export function strongerStatus(a: AliasStatus, b: AliasStatus): AliasStatus {
  if (a === "REJECTED" || b === "REJECTED") return "REJECTED";
  return STRENGTH[a] >= STRENGTH[b] ? a : b;
}
