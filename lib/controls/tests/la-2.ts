// LA-2 Agent identities: every gateway credential used in the period (key hash, else alias)
// maps to a registered identity with a human owner and a purpose; a credential used by more
// than one gateway user, after its expiry or revocation, or with a model outside its allowed
// models (when it has any) is an exception.
import { Prisma } from "../../db/client";
import { outcomeOf } from "../outcome";
import { globToLikeSql, lateFilter } from "../sql";
import type { ControlTestModule, ExceptionDraft, PeriodScope, Reader } from "../types";
import { listOf, procedureOf } from "./common";

/** Conditions on AiEvent e: used with a credential in the period. */
const eventsWith = (period: PeriodScope) =>
  Prisma.sql`e."occurredAt" >= ${period.start} AND e."occurredAt" < ${period.end}
    AND coalesce(e."apiKeyHash", e."apiKeyAlias") IS NOT NULL${lateFilter(period, 'e."late"')}`;

const populationOf = (period: PeriodScope) => Prisma.sql`
  SELECT 'identity:' || cred AS item_key, 'IDENTITY' AS item_type, cred AS item_ref,
         coalesce(max(alias), cred) AS label, min(at) AS occurred_at, NULL::boolean AS passed
  FROM (SELECT coalesce(e."apiKeyHash", e."apiKeyAlias") AS cred, e."apiKeyAlias" AS alias, e."occurredAt" AS at FROM "AiEvent" e WHERE ${eventsWith(period)}) x
  GROUP BY cred`;

/**
 * The identity of each credential seen: the register row whose credential is the key hash or
 * alias, else one registered under that alias. As a CTE named cred_identity.
 */
export const credIdentityCte = (period: PeriodScope) => Prisma.sql`
  creds AS (
    SELECT coalesce(e."apiKeyHash", e."apiKeyAlias") AS cred, max(e."apiKeyAlias") AS alias FROM "AiEvent" e WHERE ${eventsWith(period)} GROUP BY 1
  ),
  cred_identity AS (
    SELECT creds.cred, creds.alias, i.* FROM creds
    LEFT JOIN LATERAL (
      SELECT i.id AS identity_id, i.registered, i."ownerPersonId", i.purpose, i."allowedModels", i."allowedMcpServers",
             i."allowedTools", i."expiresAt", i."revokedAt"
      FROM "AgentIdentity" i
      WHERE i.credential = creds.cred OR (creds.alias IS NOT NULL AND (i.credential = creds.alias OR i.alias = creds.alias))
      ORDER BY (i.credential = creds.cred) DESC, i.registered DESC LIMIT 1
    ) i ON true
  )`;

/** The grouped row's model (g.model) matches one of the identity's allowed globs ("claude-*"). */
const MODEL_ALLOWED_SQL = Prisma.sql`EXISTS (SELECT 1 FROM unnest(ci."allowedModels") m WHERE lower(g.model) LIKE lower(${globToLikeSql(Prisma.sql`m`)}))`;

export const la2: ControlTestModule = {
  id: "LA-2",
  procedure: procedureOf("LA-2"),
  settingsKeys: [],
  population: populationOf,
  async evaluate(db: Reader, period: PeriodScope) {
    // one pass over the events, grouped by credential, model and user (few groups), then the
    // checks on the groups: the model globs are matched once per model, not once per event
    const rows = await db.$queryRaw<
      {
        cred: string; alias: string | null; identityId: string | null; registered: boolean | null; purpose: string | null;
        ownerName: string | null; ownerIsBot: boolean | null; expiresAt: Date | null; revokedAt: Date | null;
        events: number; users: number; someUsers: string[] | null; firstUse: Date;
        afterExpiry: number; firstAfterExpiry: Date | null; afterRevocation: number; firstAfterRevocation: Date | null;
        outsideModels: string[] | null; firstOutsideModel: Date | null;
      }[]
    >`
      WITH ${credIdentityCte(period)},
      grouped AS (
        SELECT ci.cred, e.model, e."proxyUserId" AS user_id, count(*)::int AS n, min(e."occurredAt") AS first,
               count(*) FILTER (WHERE e."occurredAt" >= ci."expiresAt")::int AS after_expiry,
               min(e."occurredAt") FILTER (WHERE e."occurredAt" >= ci."expiresAt") AS first_after_expiry,
               count(*) FILTER (WHERE e."occurredAt" >= ci."revokedAt")::int AS after_revocation,
               min(e."occurredAt") FILTER (WHERE e."occurredAt" >= ci."revokedAt") AS first_after_revocation
        FROM "AiEvent" e JOIN cred_identity ci ON ci.cred = coalesce(e."apiKeyHash", e."apiKeyAlias")
        WHERE ${eventsWith(period)}
        GROUP BY 1, 2, 3
      ),
      checked AS (
        SELECT g.*, (coalesce(cardinality(ci."allowedModels"), 0) > 0 AND g.model IS NOT NULL AND NOT ${MODEL_ALLOWED_SQL}) AS outside
        FROM grouped g JOIN cred_identity ci ON ci.cred = g.cred
      )
      SELECT ci.cred, ci.alias, ci.identity_id AS "identityId", ci.registered, ci.purpose,
             o."displayName" AS "ownerName", o."isBot" AS "ownerIsBot", ci."expiresAt", ci."revokedAt",
             sum(k.n)::int AS events,
             count(DISTINCT k.user_id)::int AS users,
             (array_agg(DISTINCT k.user_id) FILTER (WHERE k.user_id IS NOT NULL))[1:5] AS "someUsers",
             min(k.first) AS "firstUse",
             sum(k.after_expiry)::int AS "afterExpiry", min(k.first_after_expiry) AS "firstAfterExpiry",
             sum(k.after_revocation)::int AS "afterRevocation", min(k.first_after_revocation) AS "firstAfterRevocation",
             (array_agg(DISTINCT k.model) FILTER (WHERE k.outside))[1:10] AS "outsideModels",
             min(k.first) FILTER (WHERE k.outside) AS "firstOutsideModel"
      FROM checked k
      JOIN cred_identity ci ON ci.cred = k.cred
      LEFT JOIN "Person" o ON o.id = ci."ownerPersonId"
      GROUP BY ci.cred, ci.alias, ci.identity_id, ci.registered, ci.purpose, o."displayName", o."isBot", ci."expiresAt", ci."revokedAt"
      ORDER BY ci.cred`;

    const exceptions: ExceptionDraft[] = [];
    for (const r of rows) {
      const name = r.alias ?? `${r.cred.slice(0, 12)}…`;
      const problems: string[] = [];
      // the SLA clock starts at the first use that broke the rule
      const times: Date[] = [];
      if (!r.registered) {
        problems.push("not registered as an agent identity");
        times.push(r.firstUse);
      } else {
        if (!r.ownerName) problems.push("no owner");
        else if (r.ownerIsBot) problems.push(`its owner ${r.ownerName} is not a human`);
        if (!r.purpose?.trim()) problems.push("no purpose");
        if (problems.length) times.push(r.firstUse);
      }
      if (r.users > 1) {
        problems.push(`used by ${r.users} gateway users (${listOf(r.someUsers ?? [], 3)})`);
        times.push(r.firstUse);
      }
      if (r.afterExpiry > 0) {
        problems.push(`used ${r.afterExpiry} times after its expiry on ${r.expiresAt!.toISOString().slice(0, 10)}`);
        times.push(r.firstAfterExpiry ?? r.firstUse);
      }
      if (r.afterRevocation > 0) {
        problems.push(`used ${r.afterRevocation} times after its revocation on ${r.revokedAt!.toISOString().slice(0, 10)}`);
        times.push(r.firstAfterRevocation ?? r.firstUse);
      }
      if (r.outsideModels?.length) {
        problems.push(`used models outside its scope (${listOf(r.outsideModels, 3)})`);
        times.push(r.firstOutsideModel ?? r.firstUse);
      }
      const when = times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : r.firstUse;
      if (!problems.length) continue;
      exceptions.push({
        itemKey: `identity:${r.cred}`,
        itemType: "IDENTITY",
        itemRef: r.cred,
        summary: `Credential ${name}: ${listOf(problems, 3)}`,
        details: { credential: r.cred, alias: r.alias, identityId: r.identityId, events: r.events, users: r.users, problems },
        occurredAt: when,
      });
    }
    return outcomeOf(db, populationOf(period), exceptions);
  },
};
