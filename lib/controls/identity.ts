// Who is who, for the independence and correlation rules: git emails, GitHub logins and
// gateway users are compared through comparison keys —
//   "p:<personId>"  the person a PersonAlias (or Person.email) links the identity to,
//   "e:<email>"     a lower-cased email (git author, gateway user email),
//   "l:<login>"     a lower-cased GitHub login (also read from noreply addresses),
//   "u:<proxyUser>" a gateway user id as written.
// Two identities are the same human when their key sets meet. A link through a SUGGESTED alias
// only makes them "possibly the same person", and the rules say so (lib/people/people.ts).
import { Prisma } from "../db/client";
import type { Reader } from "./types";
import { githubLoginFromNoreply, isGitHubSystemEmail } from "../people/identity";

export type Strength = "strong" | "suggested";
/** comparison key → how sure the link is */
export type KeySet = Map<string, Strength>;

export interface Overlap {
  key: string;
  strength: Strength;
}

interface PersonLink {
  personId: string;
  strength: Strength;
}

export class IdentityIndex {
  constructor(
    private byEmail: Map<string, PersonLink[]>,
    private byLogin: Map<string, PersonLink[]>,
    private botPeople: Set<string>,
    private names: Map<string, string>,
  ) {}

  static empty(): IdentityIndex {
    return new IdentityIndex(new Map(), new Map(), new Set(), new Map());
  }

  /** Loads every non-rejected alias (the people register is small next to the evidence). */
  static async load(db: Reader): Promise<IdentityIndex> {
    const [aliases, people] = await Promise.all([
      db.personAlias.findMany({ where: { status: { not: "REJECTED" } }, select: { personId: true, kind: true, value: true, status: true } }),
      db.person.findMany({ select: { id: true, email: true, isBot: true, displayName: true } }),
    ]);
    const byEmail = new Map<string, PersonLink[]>();
    const byLogin = new Map<string, PersonLink[]>();
    const add = (m: Map<string, PersonLink[]>, k: string, link: PersonLink) => {
      const list = m.get(k) ?? [];
      list.push(link);
      m.set(k, list);
    };
    for (const a of aliases) {
      const link = { personId: a.personId, strength: (a.status === "SUGGESTED" ? "suggested" : "strong") as Strength };
      if (a.kind === "GITHUB_LOGIN") add(byLogin, a.value.toLowerCase(), link);
      else if (a.kind !== "PROXY_USER" || a.value.includes("@")) add(byEmail, a.value.toLowerCase(), link);
    }
    for (const p of people) if (p.email) add(byEmail, p.email.toLowerCase(), { personId: p.id, strength: "strong" });
    return new IdentityIndex(
      byEmail,
      byLogin,
      new Set(people.filter((p) => p.isBot).map((p) => p.id)),
      new Map(people.map((p) => [p.id, p.displayName])),
    );
  }

  /** Keys of a git author or committer email. GitHub's own web-flow identity is nobody. */
  forEmail(email: string | null | undefined): KeySet {
    const keys: KeySet = new Map();
    const e = email?.trim().toLowerCase();
    if (!e || isGitHubSystemEmail(e)) return keys;
    keys.set(`e:${e}`, "strong");
    for (const l of this.byEmail.get(e) ?? []) put(keys, `p:${l.personId}`, l.strength);
    const login = githubLoginFromNoreply(e);
    if (login) for (const [k, s] of this.forLogin(login)) put(keys, k, s);
    return keys;
  }

  /** Keys of a GitHub login. */
  forLogin(login: string | null | undefined): KeySet {
    const keys: KeySet = new Map();
    const l = login?.trim().toLowerCase();
    if (!l) return keys;
    keys.set(`l:${l}`, "strong");
    for (const link of this.byLogin.get(l) ?? []) put(keys, `p:${link.personId}`, link.strength);
    return keys;
  }

  /** A login whose (strongly linked) person is marked as a bot or service account. */
  isBotPerson(login: string): boolean {
    return (this.byLogin.get(login.trim().toLowerCase()) ?? []).some((l) => l.strength === "strong" && this.botPeople.has(l.personId));
  }

  /** A readable name for a key ("Alice Martin" for p:…, the email or login otherwise). */
  describe(key: string): string {
    if (key.startsWith("p:")) return this.names.get(key.slice(2)) ?? key.slice(2);
    return key.slice(2);
  }
}

function put(keys: KeySet, key: string, strength: Strength) {
  if (keys.get(key) !== "strong") keys.set(key, strength);
}

export function mergeKeys(...sets: KeySet[]): KeySet {
  const out: KeySet = new Map();
  for (const s of sets) for (const [k, v] of s) put(out, k, v);
  return out;
}

/** The surest key two identities share; null when they are (as far as we know) different people. */
export function overlap(a: KeySet, b: KeySet): Overlap | null {
  let best: Overlap | null = null;
  for (const [k, sa] of a) {
    const sb = b.get(k);
    if (!sb) continue;
    const strength: Strength = sa === "strong" && sb === "strong" ? "strong" : "suggested";
    if (!best || (strength === "strong" && best.strength !== "strong")) best = { key: k, strength };
  }
  return best;
}

/**
 * The comparison keys of a gateway event (AiEvent e), as a text[] expression. Joins it needs:
 * `LEFT JOIN "PersonAlias" pu` on the proxy user id and `LEFT JOIN email_person pe1 / pe2` on
 * the user email and an email-looking user id (see EVENT_KEY_JOINS). Same key shapes as above.
 */
export const EVENT_KEYS_SQL = Prisma.sql`ARRAY[
  'p:' || e."personId",
  'p:' || pu."personId",
  'p:' || pe1."personId",
  'p:' || pe2."personId",
  'e:' || lower(e."proxyUserEmail"),
  CASE WHEN position('@' in e."proxyUserId") > 0 THEN 'e:' || lower(e."proxyUserId") END,
  'u:' || e."proxyUserId"
]`;

/** The email → person map (aliases and Person.email) as a CTE named email_person. */
export const EMAIL_PERSON_CTE = Prisma.sql`email_person AS (
  SELECT DISTINCT lower(value) AS email, "personId" FROM "PersonAlias"
    WHERE status <> 'REJECTED' AND (kind IN ('GIT_EMAIL', 'PROXY_EMAIL') OR (kind = 'PROXY_USER' AND position('@' in value) > 0))
  UNION SELECT lower(email), id FROM "Person" WHERE email IS NOT NULL
)`;

export const EVENT_KEY_JOINS = Prisma.sql`
  LEFT JOIN "PersonAlias" pu ON pu.kind = 'PROXY_USER' AND pu.value = e."proxyUserId" AND pu.status <> 'REJECTED'
  LEFT JOIN email_person pe1 ON pe1.email = lower(e."proxyUserEmail")
  LEFT JOIN email_person pe2 ON pe2.email = lower(e."proxyUserId")`;
