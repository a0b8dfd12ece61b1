/**
 * The people register: one Person has many identities (git emails, GitHub logins, gateway
 * user ids and emails), each a PersonAlias with a status:
 *
 * - AUTO: linked by an exact match (same email, GitHub says this email is this login);
 * - CONFIRMED: certain (a GitHub noreply address names its login) or confirmed by an ADMIN;
 * - SUGGESTED: attached to the person whose name or handle matches, until an ADMIN confirms
 *   it or rejects it. Independence checks should treat a SUGGESTED alias as "possibly the
 *   same person" and say so, never as silently equal or silently different;
 * - REJECTED: an ADMIN split it off: it lives on its own person and automatic linking never
 *   re-attaches it.
 *
 * Every function is idempotent and safe under concurrent ingests (unique (kind, value)).
 */
import type { Db } from "../db/client";
import { Prisma } from "../db/client";
import {
  githubLoginFromNoreply,
  handleKey,
  isBotLogin,
  isDistinctiveName,
  isEmailKind,
  looksLikeEmail,
  normaliseAliasValue,
  strongerStatus,
  type AliasKind,
  type AliasStatus,
} from "./identity";

export interface IdentityHints {
  /** display name that came with the identity (git author name) */
  name?: string | null;
  /** known to be a bot or app (GitHub user.type == "Bot") */
  isBot?: boolean;
}

export interface IdentityInput extends IdentityHints {
  kind: AliasKind;
  value: string;
}

export interface ResolvedIdentity {
  personId: string;
  aliasId: string;
  status: AliasStatus;
  /** the alias was created by this call */
  created: boolean;
}

export interface Decider {
  id?: string | null;
  email?: string | null;
}

type Tx = Prisma.TransactionClient | Db;

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

interface Plan {
  personId: string | null;
  status: AliasStatus;
  newPerson?: { displayName: string; email: string | null; isBot: boolean };
  /** further aliases to create on the same person (skipped when they exist) */
  extra: { kind: AliasKind; value: string; status: AliasStatus }[];
}

async function personWithEmail(db: Tx, email: string): Promise<string | null> {
  const p = await db.person.findUnique({ where: { email }, select: { id: true } });
  if (p) return p.id;
  const a = await db.personAlias.findFirst({
    where: { value: email, kind: { in: ["GIT_EMAIL", "PROXY_EMAIL", "PROXY_USER"] }, status: { not: "REJECTED" } },
    select: { personId: true },
  });
  return a?.personId ?? null;
}

/** Persons (not bots) whose name or handle matches: candidates for a SUGGESTED link. */
async function suggestionCandidates(db: Tx, kind: AliasKind, value: string, name: string | null | undefined): Promise<string[]> {
  const ids = new Set<string>();
  if (isDistinctiveName(name)) {
    const collapsed = name!.trim().replace(/\s+/g, " ");
    const byName = await db.person.findMany({
      where: { isBot: false, displayName: { equals: collapsed, mode: "insensitive" } },
      select: { id: true },
      take: 5,
    });
    byName.forEach((p) => ids.add(p.id));
  }
  const key = handleKey(kind, value);
  if (key.length >= 4) {
    const rows = await db.$queryRaw<{ personId: string }[]>`
      SELECT DISTINCT a."personId" FROM "PersonAlias" a JOIN "Person" p ON p.id = a."personId"
      WHERE p."isBot" = false AND a.status <> 'REJECTED'
        AND lower(regexp_replace(regexp_replace(regexp_replace(split_part(a.value, '@', 1), '^[0-9]+\\+', ''), '\\[bot\\]$', ''), '[^a-zA-Z0-9]', '', 'g')) = ${key}
      LIMIT 5`;
    rows.forEach((r) => ids.add(r.personId));
  }
  return [...ids];
}

async function plan(db: Tx, kind: AliasKind, value: string, hints: IdentityHints): Promise<Plan> {
  const emailish = isEmailKind(kind) || (kind === "PROXY_USER" && looksLikeEmail(value));
  const email = emailish ? value.toLowerCase() : null;
  const login = kind === "GITHUB_LOGIN" ? value : email ? githubLoginFromNoreply(email) : null;
  const bot = Boolean(hints.isBot) || (login ? isBotLogin(login) : false);

  if (email && login) {
    // a GitHub noreply address names its account: certain
    const owner = await db.personAlias.findUnique({ where: { kind_value: { kind: "GITHUB_LOGIN", value: login } } });
    if (owner) return { personId: owner.personId, status: "CONFIRMED", extra: [] };
  }
  if (email) {
    const personId = await personWithEmail(db, email);
    if (personId) return { personId, status: "AUTO", extra: [] };
  }
  if (kind === "GITHUB_LOGIN") {
    const noreply = await db.personAlias.findFirst({
      where: {
        kind: "GIT_EMAIL",
        status: { not: "REJECTED" },
        OR: [{ value: `${value}@users.noreply.github.com` }, { value: { endsWith: `+${value}@users.noreply.github.com` } }],
      },
    });
    if (noreply) return { personId: noreply.personId, status: "CONFIRMED", extra: [] };
  }
  if (!bot) {
    const candidates = await suggestionCandidates(db, kind, value, hints.name);
    if (candidates.length === 1) return { personId: candidates[0], status: "SUGGESTED", extra: [] };
  }
  let personEmail: string | null = null;
  if (email && !login) personEmail = (await db.person.findUnique({ where: { email } })) ? null : email;
  return {
    personId: null,
    status: email && login ? "CONFIRMED" : "AUTO",
    newPerson: { displayName: hints.name?.trim() || login || value, email: personEmail, isBot: bot },
    extra: email && login ? [{ kind: "GITHUB_LOGIN", value: login, status: "AUTO" }] : [],
  };
}

async function findAlias(db: Tx, kind: AliasKind, value: string) {
  return db.personAlias.findUnique({ where: { kind_value: { kind, value } } });
}

/**
 * The person behind an identity, creating the Person and its alias when the identity is new
 * (linked by exact email, GitHub noreply address, or suggested by name/handle; see the file comment).
 */
export async function resolvePerson(db: Db, kind: AliasKind, rawValue: string, hints: IdentityHints = {}): Promise<ResolvedIdentity> {
  const value = normaliseAliasValue(kind, rawValue);
  if (!value) throw new Error(`empty ${kind} identity`);
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await findAlias(db, kind, value);
    if (existing) {
      if (hints.isBot) await markBot(db, existing.personId);
      return { personId: existing.personId, aliasId: existing.id, status: existing.status, created: false };
    }
    const p = await plan(db, kind, value, hints);
    try {
      const created = await db.$transaction(async (tx) => {
        let personId = p.personId;
        if (!personId) {
          const person = await tx.person.create({ data: p.newPerson! });
          personId = person.id;
        }
        const alias = await tx.personAlias.create({ data: { personId, kind, value, status: p.status } });
        return alias;
      });
      for (const x of p.extra) {
        try {
          await db.personAlias.create({ data: { personId: created.personId, kind: x.kind, value: x.value, status: x.status } });
        } catch (e) {
          if (!isUniqueViolation(e)) throw e;
        }
      }
      if (hints.isBot && p.personId) await markBot(db, created.personId);
      return { personId: created.personId, aliasId: created.id, status: created.status, created: true };
    } catch (e) {
      // another ingest created the alias (or took the email) in the meantime: read again
      if (!isUniqueViolation(e)) throw e;
    }
  }
  throw new Error(`could not resolve ${kind} ${value}: concurrent updates`);
}

async function markBot(db: Db, personId: string) {
  await db.person.updateMany({ where: { id: personId, isBot: false }, data: { isBot: true } });
}

export interface LinkResult {
  personId: string;
  linked: boolean;
  /** why two identities on different people were not joined automatically */
  conflict?: string;
}

/**
 * Links identity `b` to `a`'s person (e.g. GitHub reports that commit email X belongs to login
 * Y). Two people that were both created automatically are merged; a person with any ADMIN
 * decision, or a REJECTED alias, is never changed automatically (a conflict is reported).
 */
export async function linkIdentities(db: Db, a: IdentityInput, b: IdentityInput, status: AliasStatus = "AUTO"): Promise<LinkResult> {
  if (status === "REJECTED") throw new Error("linkIdentities cannot reject");
  const ra = await resolvePerson(db, a.kind, a.value, a);
  const vb = normaliseAliasValue(b.kind, b.value);
  if (!vb) return { personId: ra.personId, linked: false, conflict: "empty identity" };
  if (b.isBot) await markBot(db, ra.personId);
  const existing = await findAlias(db, b.kind, vb);
  if (!existing) {
    try {
      await db.personAlias.create({ data: { personId: ra.personId, kind: b.kind, value: vb, status } });
      return { personId: ra.personId, linked: true };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return linkIdentities(db, a, b, status);
    }
  }
  if (existing.personId === ra.personId) {
    const next = strongerStatus(existing.status, status);
    if (next !== existing.status) await db.personAlias.update({ where: { id: existing.id }, data: { status: next } });
    return { personId: ra.personId, linked: existing.status !== "REJECTED" };
  }
  if (ra.status === "REJECTED" || existing.status === "REJECTED") {
    return { personId: ra.personId, linked: false, conflict: "an ADMIN rejected one of these links" };
  }
  if (status === "SUGGESTED") return { personId: ra.personId, linked: false, conflict: `${b.kind} ${vb} belongs to another person` };
  const decided = await db.personAlias.count({ where: { personId: { in: [ra.personId, existing.personId] }, decidedById: { not: null } } });
  if (decided > 0) {
    return { personId: ra.personId, linked: false, conflict: `${b.kind} ${vb} belongs to another person curated by an ADMIN` };
  }
  await mergePeople(db, ra.personId, existing.personId, null);
  const next = strongerStatus(existing.status, status);
  if (next !== existing.status) await db.personAlias.update({ where: { id: existing.id }, data: { status: next } });
  return { personId: ra.personId, linked: true };
}

/** ADMIN: the alias belongs to its person. */
export async function confirmAlias(db: Db, aliasId: string, by: Decider) {
  return db.personAlias.update({
    where: { id: aliasId },
    data: { status: "CONFIRMED", decidedById: by.id ?? null, decidedAt: new Date() },
  });
}

/**
 * ADMIN: the alias does not belong to its person. It moves to a person of its own (the split),
 * marked REJECTED so that automatic linking never re-attaches it. Returns that person's id.
 */
export async function rejectAlias(db: Db, aliasId: string, by: Decider): Promise<string> {
  return db.$transaction(async (tx) => {
    const alias = await tx.personAlias.findUniqueOrThrow({ where: { id: aliasId }, include: { person: true } });
    const others = await tx.personAlias.count({ where: { personId: alias.personId, id: { not: alias.id } } });
    const decided = { status: "REJECTED" as const, decidedById: by.id ?? null, decidedAt: new Date() };
    if (others === 0) {
      await tx.personAlias.update({ where: { id: alias.id }, data: decided });
      return alias.personId;
    }
    const movesEmail = isEmailKind(alias.kind) && alias.person.email === alias.value;
    if (movesEmail) await tx.person.update({ where: { id: alias.personId }, data: { email: null } });
    const login = alias.kind === "GITHUB_LOGIN" ? alias.value : null;
    const person = await tx.person.create({
      data: {
        displayName: alias.value,
        email: movesEmail ? alias.value : null,
        isBot: login ? isBotLogin(login) : false,
      },
    });
    await tx.personAlias.update({ where: { id: alias.id }, data: { ...decided, personId: person.id } });
    return person.id;
  });
}

/**
 * Joins `otherId` into `keepId`: aliases, owned agent identities and attributed gateway events
 * move; `otherId` is deleted. With a decider (an ADMIN), the moved aliases become CONFIRMED.
 */
export async function mergePeople(db: Db, keepId: string, otherId: string, by: Decider | null): Promise<void> {
  if (keepId === otherId) return;
  await db.$transaction(async (tx) => {
    const keep = await tx.person.findUniqueOrThrow({ where: { id: keepId } });
    const other = await tx.person.findUniqueOrThrow({ where: { id: otherId } });
    await tx.personAlias.updateMany({
      where: { personId: otherId },
      data: by ? { personId: keepId, status: "CONFIRMED", decidedById: by.id ?? null, decidedAt: new Date() } : { personId: keepId },
    });
    await tx.agentIdentity.updateMany({ where: { ownerPersonId: otherId }, data: { ownerPersonId: keepId } });
    await tx.aiEvent.updateMany({ where: { personId: otherId }, data: { personId: keepId } });
    await tx.person.delete({ where: { id: otherId } });
    const data: Prisma.PersonUpdateInput = {};
    if (!keep.email && other.email) data.email = other.email;
    if (other.isBot && !keep.isBot) data.isBot = true;
    if (by && looksLikeEmail(keep.displayName) && !looksLikeEmail(other.displayName)) data.displayName = other.displayName;
    if (Object.keys(data).length) await tx.person.update({ where: { id: keepId }, data });
  });
}

/** ADMIN: rename a person or mark it as a bot / service account. */
export async function updatePerson(db: Db, personId: string, data: { displayName?: string; isBot?: boolean }) {
  const displayName = data.displayName?.trim();
  return db.person.update({
    where: { id: personId },
    data: { ...(displayName ? { displayName } : {}), ...(data.isBot === undefined ? {} : { isBot: data.isBot }) },
  });
}

export function identityKey(kind: AliasKind, value: string): string {
  return `${kind}:${normaliseAliasValue(kind, value)}`;
}

/** Read-only lookup of many identities at once: `identityKey` → person and alias status. Unknown identities are absent. */
export async function lookupIdentities(
  db: Tx,
  identities: readonly { kind: AliasKind; value: string }[],
): Promise<Map<string, { personId: string; status: AliasStatus; displayName: string; isBot: boolean }>> {
  const out = new Map<string, { personId: string; status: AliasStatus; displayName: string; isBot: boolean }>();
  const byKind = new Map<AliasKind, Set<string>>();
  for (const i of identities) {
    const v = normaliseAliasValue(i.kind, i.value);
    if (!v) continue;
    if (!byKind.has(i.kind)) byKind.set(i.kind, new Set());
    byKind.get(i.kind)!.add(v);
  }
  for (const [kind, values] of byKind) {
    const rows = await db.personAlias.findMany({
      where: { kind, value: { in: [...values] } },
      include: { person: { select: { displayName: true, isBot: true } } },
    });
    for (const r of rows) {
      out.set(`${kind}:${r.value}`, { personId: r.personId, status: r.status, displayName: r.person.displayName, isBot: r.person.isBot });
    }
  }
  return out;
}

/**
 * Per-run memo of resolvePerson for ingests (a repository has few distinct authors).
 * Failures are counted, never thrown: a person link is not worth failing an ingest for.
 */
export class IdentityResolver {
  private cache = new Map<string, Promise<ResolvedIdentity | null>>();
  private links = new Map<string, Promise<LinkResult | null>>();
  failures = 0;
  constructor(private db: Db) {}

  resolve(kind: AliasKind, value: string | null | undefined, hints: IdentityHints = {}): Promise<ResolvedIdentity | null> {
    if (!value || !value.trim()) return Promise.resolve(null);
    const key = identityKey(kind, value);
    let p = this.cache.get(key);
    if (!p) {
      p = resolvePerson(this.db, kind, value, hints).catch(() => {
        this.failures++;
        return null;
      });
      this.cache.set(key, p);
    }
    return p;
  }

  link(a: IdentityInput, b: IdentityInput, status: AliasStatus = "AUTO"): Promise<LinkResult | null> {
    const key = `${identityKey(a.kind, a.value)}=${identityKey(b.kind, b.value)}`;
    let p = this.links.get(key);
    if (!p) {
      p = linkIdentities(this.db, a, b, status).catch(() => {
        this.failures++;
        return null;
      });
      this.links.set(key, p);
    }
    return p;
  }
}

